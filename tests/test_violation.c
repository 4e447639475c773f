/*
** test_violation.c — constraint violations through the C ABI: the SQLSTATE,
** message and DETAIL PostgreSQL 15 reports for NOT NULL, CHECK, UNIQUE and
** FOREIGN KEY violations (engine/violation.c), every expectation checked
** against PostgreSQL 15; and that finding the failing row (a re-run of the
** statement) leaves no trace: bindings, sequences, transaction blocks and a
** query being read on the same connection are as they would be without it.
*/
#include "api_harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Run sql; it must fail with state, message and detail (NULL: none), as
** PostgreSQL 15 reports them (each expectation checked against it). */
static void expect_violation(pgm_db *db, const char *sql, const char *state, const char *message, const char *detail) {
  pgm_error *err = NULL;
  int rc = pgm_exec(db, sql, &err);
  const char *d = err ? pgm_error_detail(err) : NULL;
  CHECK(rc != PGM_OK && err && !strcmp(pgm_error_sqlstate(err), state) && !strcmp(pgm_error_message(err), message),
        "%s: expected %s %s, got %s %s", sql, state, message, err ? pgm_error_sqlstate(err) : "no error",
        err ? pgm_error_message(err) : "");
  CHECK(detail ? d && !strcmp(d, detail) : !d, "%s: detail \"%s\", expected \"%s\"", sql, d ? d : "(none)", detail ? detail : "(none)");
  pgm_error_free(err);
}

static void test_violation_details(void) {
  pgm_db *db = open_mem();
  exec_ok(db, "CREATE TABLE vp (id int PRIMARY KEY, code text UNIQUE)");
  exec_ok(db, "CREATE TABLE vc (id serial PRIMARY KEY, a int REFERENCES vp, b text REFERENCES vp(code), note text, "
              "CONSTRAINT z_len CHECK (length(note) < 20), CONSTRAINT a_x CHECK (note <> 'x'))");
  exec_ok(db, "INSERT INTO vp VALUES (1, 'one'), (2, 'two')");
  /* The second foreign key of the second row fails: named, with its key. */
  expect_violation(db, "INSERT INTO vc (a, b, note) VALUES (1, 'one', 'ok'), (2, 'zzz', 'ok')", "23503",
                   "insert or update on table \"vc\" violates foreign key constraint \"vc_b_fkey\"",
                   "Key (b)=(zzz) is not present in table \"vp\".");
  /* Both checks fail; PostgreSQL checks by name.  The serial values of the
  ** failed rows stay consumed (1 and 2 above, 3 here). */
  expect_violation(db, "INSERT INTO vc (a, b, note) VALUES (1, 'one', 'x')", "23514",
                   "new row for relation \"vc\" violates check constraint \"a_x\"", "Failing row contains (3, 1, one, x).");
  CHECK(!strcmp(scalar(db, "SELECT nextval('vc_id_seq')"), "4"), "serial after failures: %s", scalar(db, "SELECT currval('vc_id_seq')"));
  /* Values cut at 64 bytes on a character boundary. */
  expect_violation(db, "INSERT INTO vc (a, b, note) VALUES (1, 'one', repeat('\xc3\xbc', 40))", "23514",
                   "new row for relation \"vc\" violates check constraint \"z_len\"",
                   "Failing row contains (5, 1, one, "
                   "\xc3\xbc\xc3\xbc\xc3\xbc\xc3\xbc\xc3\xbc\xc3\xbc\xc3\xbc\xc3\xbc\xc3\xbc\xc3\xbc\xc3\xbc\xc3\xbc\xc3\xbc\xc3\xbc\xc3\xbc\xc3\xbc"
                   "\xc3\xbc\xc3\xbc\xc3\xbc\xc3\xbc\xc3\xbc\xc3\xbc\xc3\xbc\xc3\xbc\xc3\xbc\xc3\xbc\xc3\xbc\xc3\xbc\xc3\xbc\xc3\xbc\xc3\xbc\xc3\xbc...).");
  exec_ok(db, "INSERT INTO vc (a, b, note) VALUES (1, 'one', 'ok')");
  expect_violation(db, "DELETE FROM vp", "23503",
                   "update or delete on table \"vp\" violates foreign key constraint \"vc_a_fkey\" on table \"vc\"",
                   "Key (id)=(1) is still referenced from table \"vc\".");
  expect_violation(db, "UPDATE vc SET a = 3 WHERE b = 'one'", "23503",
                   "insert or update on table \"vc\" violates foreign key constraint \"vc_a_fkey\"",
                   "Key (a)=(3) is not present in table \"vp\".");
  /* A row duplicating an earlier row of the same statement; the first of
  ** two duplicated keys in creation order; quoted column names. */
  exec_ok(db, "CREATE TABLE vq (\"A b\" int, b text, c int, UNIQUE (\"A b\", b), UNIQUE (c))");
  expect_violation(db, "INSERT INTO vq VALUES (1, 'b c', 1), (1, 'b c', 1)", "23505",
                   "duplicate key value violates unique constraint \"vq_A b_b_key\"", "Key (\"A b\", b)=(1, b c) already exists.");
  exec_ok(db, "CREATE UNIQUE INDEX vq_c_idx ON vq (c)");
  exec_ok(db, "INSERT INTO vq VALUES (1, NULL, 7)");
  expect_violation(db, "INSERT INTO vq SELECT 2, 'x', c FROM vq", "23505",
                   "duplicate key value violates unique constraint \"vq_c_key\"", "Key (c)=(7) already exists.");
  /* NOT NULL: an integer key (SQLite's rowid) too; ON CONFLICT DO UPDATE. */
  exec_ok(db, "CREATE TABLE vo (k int PRIMARY KEY, v text NOT NULL)");
  exec_ok(db, "INSERT INTO vo VALUES (1, 'a')");
  expect_violation(db, "INSERT INTO vo VALUES (1, 'b') ON CONFLICT (k) DO UPDATE SET v = NULL", "23502",
                   "null value in column \"v\" of relation \"vo\" violates not-null constraint", "Failing row contains (1, null).");
  expect_violation(db, "UPDATE vo SET k = NULL", "23502", "null value in column \"k\" of relation \"vo\" violates not-null constraint",
                   "Failing row contains (null, a).");
  expect_violation(db, "INSERT INTO vo VALUES (2, 'b'), (NULL, 'c')", "23502",
                   "null value in column \"k\" of relation \"vo\" violates not-null constraint", "Failing row contains (null, c).");
  /* A volatile function could make a re-run see other rows: no DETAIL. */
  exec_ok(db, "CREATE TABLE vu (id uuid PRIMARY KEY, n int CHECK (n > 0))");
  expect_violation(db, "INSERT INTO vu VALUES (gen_random_uuid(), -1)", "23514",
                   "new row for relation \"vu\" violates check constraint \"vu_n_check\"", NULL);
  /* Temporary tables. */
  exec_ok(db, "CREATE TEMP TABLE vs (x int UNIQUE, y int NOT NULL)");
  expect_violation(db, "INSERT INTO vs VALUES (2, NULL)", "23502",
                   "null value in column \"y\" of relation \"vs\" violates not-null constraint", "Failing row contains (2, null).");
  /* Inside a block: the block fails; a savepoint recovers; nothing of the
  ** re-run stays behind. */
  exec_ok(db, "BEGIN; INSERT INTO vo VALUES (2, 'b'); SAVEPOINT s");
  expect_violation(db, "INSERT INTO vo VALUES (2, 'c')", "23505", "duplicate key value violates unique constraint \"vo_pkey\"",
                   "Key (k)=(2) already exists.");
  expect_violation(db, "INSERT INTO vo VALUES (3, 'c')", "25P02",
                   "current transaction is aborted, commands ignored until end of transaction block", NULL);
  exec_ok(db, "ROLLBACK TO s; INSERT INTO vo VALUES (3, 'c'); COMMIT");
  CHECK(!strcmp(scalar(db, "SELECT string_agg(k || v, ',' ORDER BY k) FROM vo"), "1a,2b,3c"), "block: %s",
        scalar(db, "SELECT string_agg(k || v, ',' ORDER BY k) FROM vo"));
  pgm_close(db);
}

/* A prepared statement keeps its bindings through the re-run, and a query
** being read on the same connection is not disturbed by it. */
static void test_violation_prepared(void) {
  pgm_db *db = open_mem();
  exec_ok(db, "CREATE TABLE vt (id int PRIMARY KEY, n int CHECK (n > 0))");
  exec_ok(db, "INSERT INTO vt VALUES (1, 1), (2, 2), (3, 3)");
  pgm_stmt *q = NULL, *ins = NULL;
  pgm_error *err = NULL;
  CHECK(pgm_prepare(db, "SELECT id FROM vt ORDER BY id", -1, &q, NULL, &err) == PGM_OK, "prepare select");
  CHECK(pgm_prepare(db, "INSERT INTO vt VALUES ($1, $2)", -1, &ins, NULL, &err) == PGM_OK, "prepare insert");
  CHECK(pgm_step(q) == PGM_ROW, "first row");
  pgm_bind_int64(ins, 1, 10);
  pgm_bind_int64(ins, 2, -4);
  CHECK(pgm_step(ins) == PGM_ERROR, "insert fails");
  const pgm_error *e = pgm_stmt_error(ins);
  const char *d = e ? pgm_error_detail(e) : NULL;
  CHECK(d && !strcmp(d, "Failing row contains (10, -4)."), "prepared detail: %s", d ? d : "(none)");
  pgm_reset(ins);
  CHECK(pgm_step(ins) == PGM_ERROR, "same bindings fail again");
  d = pgm_stmt_error(ins) ? pgm_error_detail(pgm_stmt_error(ins)) : NULL;
  CHECK(d && !strcmp(d, "Failing row contains (10, -4)."), "prepared detail again: %s", d ? d : "(none)");
  pgm_reset(ins);
  pgm_bind_int64(ins, 2, 4);
  CHECK(pgm_step(ins) == PGM_DONE, "insert with a good value: %s", pgm_stmt_error(ins) ? pgm_error_message(pgm_stmt_error(ins)) : "");
  int rows = 1;
  while (pgm_step(q) == PGM_ROW) rows++;
  CHECK(rows == 3 || rows == 4, "select read on: %d rows", rows);
  CHECK(pgm_stmt_error(q) == NULL, "select error: %s", pgm_error_message(pgm_stmt_error(q)));
  pgm_finalize(q);
  pgm_finalize(ins);
  pgm_close(db);
}

int main(void) {
  test_violation_details();
  test_violation_prepared();
  printf("test_violation: %d passed, %d failed\n", passed, failed);
  return failed ? 1 : 0;
}
