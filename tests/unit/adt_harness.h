/*
** adt_harness.h — the shared harness of the SQL-driven adt unit tests
** (test_adt_datetime.c, test_adt_uuid_json.c).
*/
#ifndef PGM_TEST_ADT_HARNESS_H
#define PGM_TEST_ADT_HARNESS_H

#include "adt/adt.h"

#include <stddef.h>

/* One statement, the settings it runs under, and PostgreSQL 15's answer. */
typedef struct TestCase {
  const char *tz, *datestyle, *sql, *expected;
} TestCase;

/* Run one statement; its first column as malloc'd text: the value, "NULL",
** or "ERROR <sqlstate>: <message>" for a PostgreSQL error. */
char *run(pgm_db *db, const char *sql);
/* Run each case under its TimeZone and DateStyle; print each mismatch and
** return how many there were. */
int run_cases(pgm_db *db, const TestCase *cases, size_t n);
/* A connection with the adt functions registered, TimeZone UTC, DateStyle
** ISO, MDY and a fixed transaction start (2024-01-02 03:04:05.5 UTC). */
pgm_db *open_db(void);
void close_db(pgm_db *db);

#endif
