/*
** binary.h — PostgreSQL's binary wire formats (binary.c), used by the
** Bind and DataRow code of extended.c and simple_query.c.
*/
#ifndef PGM_SERVER_BINARY_H
#define PGM_SERVER_BINARY_H

#include "server.h"

/* A growable NUL-terminated string (zero-initialise; free(t.p)). */
typedef struct Text {
  char *p;
  size_t len, cap;
} Text;
void text_add(Text *t, const char *s, size_t n);
__attribute__((format(printf, 2, 3)))
void text_addf(Text *t, const char *fmt, ...);

/* Append a binary parameter of `type` (a scalar or an array of scalars) to
** t as PostgreSQL input text.  1 done, 0 type not handled, -1 malformed
** value (SQLSTATE 22P03). */
int binary_param_text(uint32_t type, const unsigned char *p, size_t len, Text *t);

/* 1 if results of this type can be sent in binary format. */
int binary_format_supported(uint32_t type_oid);
/* NULL if results of this (binary_format_supported) type can be sent in
** binary under db's current settings, else the reason they cannot. */
const char *binary_result_refusal(pgm_db *db, uint32_t type_oid);
/* Write v (of a binary_format_supported type) as a DataRow field in
** binary, as PostgreSQL's send function for its type does.  0 done, -1 if
** its text could not be read (then the caller abandons the message). */
int binary_send_value(Conn *c, const pgm_value *v);

#endif
