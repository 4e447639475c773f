/*
** api_harness.c — see api_harness.h.
*/
#include "api_harness.h"

#include <stdlib.h>

int passed, failed;

pgm_db *open_mem(void) {
  pgm_db *db = NULL;
  pgm_error *err = NULL;
  int rc = pgm_open(":memory:", 0, &db, &err);
  if (rc != PGM_OK) { fprintf(stderr, "open: %s\n", pgm_error_message(err)); exit(2); }
  return db;
}

void exec_ok(pgm_db *db, const char *sql) {
  pgm_error *err = NULL;
  int rc = pgm_exec(db, sql, &err);
  CHECK(rc == PGM_OK, "exec %s: %s", sql, err ? pgm_error_message(err) : "?");
  pgm_error_free(err);
}

char *scalar(pgm_db *db, const char *sql) {
  static char buf[512];
  pgm_stmt *st = NULL;
  pgm_error *err = NULL;
  if (pgm_prepare(db, sql, -1, &st, NULL, &err) != PGM_OK) {
    snprintf(buf, sizeof buf, "<ERROR %s>", pgm_error_sqlstate(err));
    pgm_error_free(err);
    return buf;
  }
  int rc = pgm_step(st);
  if (rc == PGM_ROW) {
    const char *t = pgm_value_text(pgm_column_value(st, 0), NULL);
    snprintf(buf, sizeof buf, "%s", t ? t : "<NULL>");
  } else if (rc == PGM_DONE) {
    snprintf(buf, sizeof buf, "<DONE>");
  } else {
    snprintf(buf, sizeof buf, "<ERROR %s>", pgm_error_sqlstate(pgm_stmt_error(st)));
  }
  pgm_finalize(st);
  return buf;
}
