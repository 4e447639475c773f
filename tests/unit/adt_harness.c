/*
** adt_harness.c — what the SQL-driven unit tests of src/adt share: a raw
** SQLite connection with the adt functions registered and fixed settings,
** and a loop comparing each statement's first value with PostgreSQL's.
*/
#include "adt_harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Run one statement; the first column as text, "NULL", or "ERROR <state>: <msg>". */
char *run(pgm_db *db, const char *sql) {
  sqlite3_stmt *st = NULL;
  StrBuf out = STRBUF_INIT;
  if (sqlite3_prepare_v2(db->sq, sql, -1, &st, NULL) != SQLITE_OK) {
    sb_printf(&out, "PREPARE: %s", sqlite3_errmsg(db->sq));
    return sb_detach(&out);
  }
  int rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) {
    const unsigned char *t = sqlite3_column_text(st, 0);
    sb_puts(&out, t ? (const char *)t : "NULL");
  } else if (db->pending) {
    sb_printf(&out, "ERROR %s: %s", db->pending->sqlstate, db->pending->message);
  } else {
    sb_printf(&out, "SQLITE: %s", sqlite3_errmsg(db->sq));
  }
  sqlite3_finalize(st);
  if (db->pending) { pgm_error_free(db->pending); db->pending = NULL; }
  return sb_detach(&out);
}

int run_cases(pgm_db *db, const TestCase *cases, size_t n) {
  int failed = 0;
  for (size_t i = 0; i < n; i++) {
    db->settings.timezone = (char *)cases[i].tz;
    db->settings.datestyle = (char *)cases[i].datestyle;
    char *got = run(db, cases[i].sql);
    if (strcmp(got, cases[i].expected)) {
      printf("FAIL [%s | %s] %s\n  expected: %s\n  got:      %s\n", cases[i].tz, cases[i].datestyle,
             cases[i].sql, cases[i].expected, got);
      failed++;
    }
    free(got);
  }
  return failed;
}

pgm_db *open_db(void) {
  pgm_db *db = calloc(1, sizeof *db);
  if (sqlite3_open(":memory:", &db->sq) != SQLITE_OK) return NULL;
  db->settings.timezone = "UTC";
  db->settings.datestyle = "ISO, MDY";
  db->settings.extra_float_digits = 1;
  /* 2024-01-02 03:04:05.5 UTC, as microseconds since the Unix epoch */
  db->xact_start_us = INT64_C(1704164645500000);
  db->stmt_start_us = db->xact_start_us;
  if (adt_register_all(db) != 0) return NULL;
  return db;
}

void close_db(pgm_db *db) {
  sqlite3_close(db->sq);
  free(db);
}
