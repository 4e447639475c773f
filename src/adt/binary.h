/*
** binary.h — PostgreSQL's binary forms of the engine's types: each type's
** send function (typsend: stored value -> the bytes PostgreSQL 15 sends in
** a binary DataRow field or writes in binary COPY) and receive function
** (typreceive: those bytes -> a stored value).
**
** Files: binary.c holds the scalar types, binary_array.c array_send and
** array_recv for arrays of them.  Users: capi (pgm_value_binary,
** pgm_bind_binary) and commands/copy.c (COPY ... (FORMAT binary)).
**
** A receive function here decodes the bytes into the type's input text and
** the type's own input function (adt_input) reads that, so typmods, range
** checks and error messages are the input function's.
*/
#ifndef PGM_ADT_BINARY_H
#define PGM_ADT_BINARY_H

#include "adt/adt.h"

/* Whether values of the type have a binary form here (send and receive):
** the scalar types below and one-dimensional or multi-dimensional arrays
** of them. */
bool adt_binary_supported(Oid type);

/* typsend: append the binary form of v (stored form of type, not NULL) to
** out.  Returns 0, or -1 when the type has no binary form or the value's
** text could not be read (nothing useful is then in out). */
int adt_send(pgm_db *db, Oid type, int32_t typmod, sqlite3_value *v, StrBuf *out);
/* The same for a stored value held as a Datum. */
int adt_send_datum(pgm_db *db, Oid type, int32_t typmod, const Datum *d, StrBuf *out);

/* typreceive, first half: the binary form p[0..n) of type as the type's
** input text, appended to out.  Returns 1 done, 0 the type has no binary
** form, -1 the bytes are malformed (PostgreSQL's 22P03), -2 they are too
** short for a fixed-width type (PostgreSQL's 08P01 "insufficient data left
** in message"). */
int adt_recv_text(Oid type, const unsigned char *p, size_t n, StrBuf *out);

/* typreceive: the binary form p[0..n) of type as a stored value in *out
** (typmod applied as by the input function).  Returns 0, or -1 with *err:
** 22P03 "incorrect binary data format", 08P01 "insufficient data left in
** message", 0A000 for a type without binary form, or the input function's
** error (22021, 22001, ...). */
int adt_recv(pgm_db *db, Oid type, int32_t typmod, const unsigned char *p, size_t n, Datum *out,
             pgm_error **err);

/* binary_array.c: array_send of an array's stored text (each element read
** back with its type's input function, as array output does), array_recv
** to an array literal; the element type of an array type with a binary
** form, else 0. */
Oid adt_binary_array_elem(Oid array_type);
int adt_array_send_stored(pgm_db *db, Oid elem, int32_t typmod, const char *s, size_t n, StrBuf *out);
int adt_array_recv_text(Oid array_type, const unsigned char *p, size_t n, StrBuf *out);

#endif
