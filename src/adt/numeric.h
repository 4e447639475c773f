/*
** numeric.h — the numeric value as numeric.c computes with it, shared with
** aggregates.c (sum and avg accumulate numerics).  A finite value is
** v / 10^scale, scale being PostgreSQL's display scale (dscale).
*/
#ifndef PGM_ADT_NUMERIC_H
#define PGM_ADT_NUMERIC_H

#include <gmp.h>

#include "adt/adt.h"

typedef enum { NUMK_FINITE, NUMK_NAN, NUMK_PINF, NUMK_NINF } NumKind;

typedef struct NumVal {
  NumKind kind;
  mpz_t v;
  int scale;
} NumVal;

void pgm_num_init(NumVal *n);
void pgm_num_clear(NumVal *n);
void pgm_num_set_int(NumVal *n, int64_t i);
/* A SQLite value in numeric storage form (text; INTEGER and REAL are
** accepted too) -> n.  Returns 0, or -1 after raising the error on ctx. */
int pgm_num_from_value(sqlite3_context *ctx, sqlite3_value *v, NumVal *n);
/* r = a + b; r may alias a or b. */
void pgm_num_add(NumVal *r, const NumVal *a, const NumVal *b);
/* r = a / b with PostgreSQL's result scale; -1 after raising 22012. */
int pgm_num_div(sqlite3_context *ctx, NumVal *r, const NumVal *a, const NumVal *b);
void pgm_num_sub(NumVal *r, const NumVal *a, const NumVal *b);
void pgm_num_mul(NumVal *r, const NumVal *a, const NumVal *b);
/* r = sqrt(a) rounded to rscale decimals; a finite and not negative. */
void pgm_num_sqrt(NumVal *r, const NumVal *a, int rscale);
int pgm_num_cmp(const NumVal *a, const NumVal *b);
/* Return n as the function's result (canonical text). */
void pgm_num_result(sqlite3_context *ctx, const NumVal *n);
void pgm_num_to_text(const NumVal *n, StrBuf *out);

#endif
