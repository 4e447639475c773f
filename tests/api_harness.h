/*
** api_harness.h — what the C tests of the public ABI share: the pass/fail
** counts and CHECK, an in-memory connection, a statement that must succeed,
** and the first value of a query.  Only pgmicro.h is used.
*/
#ifndef PGM_API_HARNESS_H
#define PGM_API_HARNESS_H

#include "pgmicro.h"

#include <stdio.h>

extern int passed, failed;

/* Count cond; when it is false, print where and why (printf-style). */
#define CHECK(cond, ...) do { \
    if (cond) passed++; \
    else { failed++; fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__); fprintf(stderr, __VA_ARGS__); fputc('\n', stderr); } \
  } while (0)

/* A new in-memory database; exits the test if it cannot be opened. */
pgm_db *open_mem(void);
/* Run sql (several statements allowed); a CHECK that it succeeded. */
void exec_ok(pgm_db *db, const char *sql);
/* The first value of the first row as text: "<NULL>" for NULL, "<DONE>"
** when there is no row, "<ERROR sqlstate>" on error.  A static buffer. */
char *scalar(pgm_db *db, const char *sql);

#endif
