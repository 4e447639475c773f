/*
** binary.h — binary format (format code 1) of result columns, for the
** DataRow code of simple_query.c and extended.c.  The send and receive
** functions themselves are the engine's (pgm_value_binary,
** pgm_bind_binary, pgm_type_has_binary in capi/pgmicro.h).
*/
#ifndef PGM_SERVER_BINARY_H
#define PGM_SERVER_BINARY_H

#include "server.h"

/* 1 if results of this type can be sent in binary format. */
int binary_format_supported(uint32_t type_oid);
/* Write v (of a binary_format_supported type) as a DataRow field in
** binary: its length word, then PostgreSQL's send form.  0 done, -1 if the
** engine could not produce it (then the caller abandons the message). */
int binary_send_value(Conn *c, const pgm_value *v);

#endif
