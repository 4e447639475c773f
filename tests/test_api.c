/*
** test_api.c — the C ABI of pgmicro.h, exercised as an application would:
** open/close, prepare with tails, binding, stepping, values, command tags,
** errors with SQLSTATE and position, transactions, interruption, the
** SQLite dialect, persistence across reopen, and 0A000 for features that
** are not built yet.  Each check can fail; the run prints "N passed, N failed".
*/
#include "api_harness.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void test_versions(void) {
  CHECK(pgm_abi_version() == PGM_ABI_VERSION, "abi %d", pgm_abi_version());
  CHECK(pgm_libversion_number() == PGM_VERSION_NUMBER, "version number");
  CHECK(!strcmp(pgm_libversion(), PGM_VERSION), "version text");
  CHECK(!strncmp(pgm_pg_version(), "15.", 3), "pg version %s", pgm_pg_version());
}

static void test_types_and_oids(void) {
  pgm_db *db = open_mem();
  pgm_stmt *st;
  pgm_error *err = NULL;
  CHECK(pgm_prepare(db, "SELECT count(*), 1/2, 1.5, sum(x), avg(x), 'a', true FROM (VALUES (1), (2)) v(x)", -1, &st, NULL, &err) == PGM_OK, "prepare");
  static const uint32_t oids[] = {20, 23, 1700, 20, 1700, 25, 16};
  static const char *const texts[] = {"2", "0", "1.5", "3", "1.5000000000000000", "a", "t"};
  CHECK(pgm_column_count(st) == 7, "columns");
  for (int i = 0; i < 7; i++) CHECK(pgm_column_type(st, i) == oids[i], "oid of column %d: %u", i, pgm_column_type(st, i));
  CHECK(!strcmp(pgm_column_name(st, 0), "count"), "name count");
  CHECK(!strcmp(pgm_column_name(st, 1), "?column?"), "name ?column?");
  CHECK(!strcmp(pgm_column_type_name(st, 2), "numeric"), "type name");
  CHECK(pgm_step(st) == PGM_ROW, "row");
  for (int i = 0; i < 7; i++) {
    const char *t = pgm_value_text(pgm_column_value(st, i), NULL);
    CHECK(t && !strcmp(t, texts[i]), "value %d: %s", i, t ? t : "NULL");
  }
  CHECK(pgm_value_int64(pgm_column_value(st, 0)) == 2, "int64");
  CHECK(pgm_value_double(pgm_column_value(st, 2)) == 1.5, "double");
  CHECK(pgm_step(st) == PGM_DONE, "done");
  CHECK(!strcmp(pgm_command_tag(st), "SELECT 1"), "tag %s", pgm_command_tag(st));
  pgm_finalize(st);
  pgm_close(db);
}

/* pgm_value_int64 of the date/time types is PostgreSQL's binary form,
** which the wire server sends as is. */
static void test_datetime_int64(void) {
  pgm_db *db = open_mem();
  pgm_stmt *st;
  pgm_error *err = NULL;
  exec_ok(db, "SET TimeZone = 'America/New_York'");
  CHECK(pgm_prepare(db, "SELECT date '2000-01-02', date '1999-12-31', time '00:00:01.5', "
                        "timestamp '2000-01-01 00:00:01', timestamptz '2000-01-01 00:00:00-05', "
                        "date 'infinity', timestamp '-infinity'", -1, &st, NULL, &err) == PGM_OK,
        "prepare datetime");
  static const int64_t want[] = {1, -1, 1500000, 1000000, 5 * INT64_C(3600000000), INT32_MAX, INT64_MIN};
  CHECK(pgm_step(st) == PGM_ROW, "datetime row");
  for (int i = 0; i < 7; i++)
    CHECK(pgm_value_int64(pgm_column_value(st, i)) == want[i], "datetime int64 %d: %lld", i,
          (long long)pgm_value_int64(pgm_column_value(st, i)));
  pgm_finalize(st);
  CHECK(pgm_prepare(db, "SELECT 12.00, 1.5, '12abc'::text, 2.0::float8, 2.5::float8, "
                        "'NaN'::float8, 99999999999999999999::numeric, '-7'::text", -1, &st, NULL, &err) == PGM_OK,
        "prepare lossless");
  static const int64_t exact[] = {12, 0, 0, 2, 0, 0, 0, -7};
  CHECK(pgm_step(st) == PGM_ROW, "lossless row");
  for (int i = 0; i < 8; i++)
    CHECK(pgm_value_int64(pgm_column_value(st, i)) == exact[i], "int64 only where lossless %d: %lld", i,
          (long long)pgm_value_int64(pgm_column_value(st, i)));
  pgm_finalize(st);
  pgm_close(db);
}

static void test_dml_tags_and_returning(void) {
  pgm_db *db = open_mem();
  exec_ok(db, "CREATE TABLE t (id serial PRIMARY KEY, name text NOT NULL, amount numeric(8,2) DEFAULT 0)");
  pgm_stmt *st;
  pgm_error *err = NULL;
  CHECK(pgm_prepare(db, "INSERT INTO t (name) VALUES ('a'), ('b') RETURNING id, amount", -1, &st, NULL, &err) == PGM_OK, "prepare insert");
  int rows = 0;
  while (pgm_step(st) == PGM_ROW) rows++;
  CHECK(rows == 2, "returning rows %d", rows);
  CHECK(!strcmp(pgm_command_tag(st), "INSERT 0 2"), "tag %s", pgm_command_tag(st));
  CHECK(pgm_changes(st) == 2, "changes");
  pgm_finalize(st);
  CHECK(pgm_prepare(db, "UPDATE t SET amount = amount + 1.005 WHERE id > 0", -1, &st, NULL, &err) == PGM_OK, "prepare update");
  CHECK(pgm_step(st) == PGM_DONE && !strcmp(pgm_command_tag(st), "UPDATE 2"), "update tag %s", pgm_command_tag(st));
  pgm_finalize(st);
  CHECK(!strcmp(scalar(db, "SELECT amount FROM t WHERE id = 1"), "1.01"), "numeric(8,2) rounding: %s", scalar(db, "SELECT amount FROM t WHERE id = 1"));
  CHECK(pgm_prepare(db, "CREATE TABLE u (x int)", -1, &st, NULL, &err) == PGM_OK && pgm_step(st) == PGM_DONE &&
        !strcmp(pgm_command_tag(st), "CREATE TABLE"), "ddl tag");
  pgm_finalize(st);
  CHECK(pgm_prepare(db, "DELETE FROM t", -1, &st, NULL, &err) == PGM_OK && pgm_step(st) == PGM_DONE &&
        !strcmp(pgm_command_tag(st), "DELETE 2"), "delete tag");
  pgm_finalize(st);
  pgm_close(db);
}

static void test_prepare_tail(void) {
  pgm_db *db = open_mem();
  const char *sql = "SELECT 1; SELECT 'two' ; /* only a comment */ ";
  pgm_stmt *st;
  size_t tail = 0;
  pgm_error *err = NULL;
  CHECK(pgm_prepare(db, sql, -1, &st, &tail, &err) == PGM_OK && st, "first");
  CHECK(tail == 9, "tail %zu", tail);
  pgm_finalize(st);
  CHECK(pgm_prepare(db, sql + tail, -1, &st, &tail, &err) == PGM_OK && st, "second");
  CHECK(pgm_step(st) == PGM_ROW && !strcmp(pgm_value_text(pgm_column_value(st, 0), NULL), "two"), "second value");
  pgm_finalize(st);
  CHECK(pgm_prepare(db, "  /* nothing */  ", -1, &st, &tail, &err) == PGM_OK && st == NULL, "empty statement gives NULL");
  pgm_close(db);
}

static void test_parameters(void) {
  pgm_db *db = open_mem();
  exec_ok(db, "CREATE TABLE p (i int4, n numeric(6,2), d date, b bytea, t text)");
  pgm_stmt *st;
  pgm_error *err = NULL;
  CHECK(pgm_prepare(db, "INSERT INTO p VALUES ($1, $2, $3, $4, $5)", -1, &st, NULL, &err) == PGM_OK, "prepare");
  CHECK(pgm_param_count(st) == 5, "param count");
  CHECK(pgm_param_type(st, 1) == PGM_OID_INT4 && pgm_param_type(st, 2) == PGM_OID_NUMERIC && pgm_param_type(st, 3) == PGM_OID_DATE,
        "inferred param types %u %u %u", pgm_param_type(st, 1), pgm_param_type(st, 2), pgm_param_type(st, 3));
  CHECK(pgm_bind_int64(st, 1, 5000000000LL) == PGM_ERROR && !strcmp(pgm_error_sqlstate(pgm_stmt_error(st)), "22003"), "int4 overflow on bind");
  CHECK(pgm_bind_text(st, 1, "abc", -1) == PGM_ERROR && !strcmp(pgm_error_sqlstate(pgm_stmt_error(st)), "22P02"), "bad int text");
  CHECK(pgm_bind_text(st, 1, "42", -1) == PGM_OK, "int as text");
  CHECK(pgm_bind_double(st, 2, 3.14159) == PGM_OK, "double to numeric");
  CHECK(pgm_bind_typed_text(st, 3, PGM_OID_DATE, "2024-02-29", -1) == PGM_OK, "typed date");
  CHECK(pgm_bind_bytea(st, 4, "\x01\x00\xff", 3) == PGM_OK, "bytea");
  CHECK(pgm_bind_null(st, 5) == PGM_OK, "null");
  CHECK(pgm_step(st) == PGM_DONE, "insert: %s", pgm_stmt_error(st) ? pgm_error_message(pgm_stmt_error(st)) : "");
  pgm_finalize(st);
  CHECK(pgm_prepare(db, "SELECT i, n, d, b, t IS NULL FROM p WHERE i = $1", -1, &st, NULL, &err) == PGM_OK, "select");
  CHECK(pgm_bind_int64(st, 1, 42) == PGM_OK, "bind");
  CHECK(pgm_step(st) == PGM_ROW, "row");
  CHECK(!strcmp(pgm_value_text(pgm_column_value(st, 1), NULL), "3.14"), "numeric %s", pgm_value_text(pgm_column_value(st, 1), NULL));
  CHECK(!strcmp(pgm_value_text(pgm_column_value(st, 2), NULL), "2024-02-29"), "date");
  CHECK(!strcmp(pgm_value_text(pgm_column_value(st, 3), NULL), "\\x0100ff"), "bytea text");
  size_t n = 0;
  const unsigned char *raw = pgm_value_bytes(pgm_column_value(st, 3), &n);
  CHECK(n == 3 && raw[0] == 1 && raw[1] == 0 && raw[2] == 0xff, "bytea bytes");
  CHECK(!strcmp(pgm_value_text(pgm_column_value(st, 4), NULL), "t"), "null stored");
  pgm_finalize(st);
  /* Reuse with new bindings after reset. */
  CHECK(pgm_prepare(db, "SELECT $1::int + 1", -1, &st, NULL, &err) == PGM_OK, "prepare");
  for (int i = 0; i < 3; i++) {
    pgm_bind_int64(st, 1, i);
    CHECK(pgm_step(st) == PGM_ROW && pgm_value_int64(pgm_column_value(st, 0)) == i + 1, "reuse %d", i);
    pgm_reset(st);
  }
  pgm_finalize(st);
  pgm_close(db);
}

static void expect_error(pgm_db *db, const char *sql, const char *state, int position) {
  pgm_stmt *st = NULL;
  pgm_error *err = NULL;
  const pgm_error *e = NULL;
  if (pgm_prepare(db, sql, -1, &st, NULL, &err) != PGM_OK) e = err;
  else if (pgm_step(st) != PGM_ERROR && pgm_step(st) != PGM_ERROR) e = NULL;
  else e = pgm_stmt_error(st);
  CHECK(e && !strcmp(pgm_error_sqlstate(e), state), "%s: expected %s, got %s (%s)", sql, state,
        e ? pgm_error_sqlstate(e) : "no error", e ? pgm_error_message(e) : "");
  if (e && position >= 0) CHECK(pgm_error_position(e) == position, "%s: position %d", sql, pgm_error_position(e));
  pgm_error_free(err);
  pgm_finalize(st);
}

static void test_errors(void) {
  pgm_db *db = open_mem();
  exec_ok(db, "CREATE TABLE e (id int PRIMARY KEY, v int NOT NULL CHECK (v > 0), r int REFERENCES e)");
  exec_ok(db, "INSERT INTO e VALUES (1, 1, NULL)");
  expect_error(db, "SELECT 2147483647 + 1", "22003", -1);
  expect_error(db, "SELECT 1 / 0", "22012", -1);
  expect_error(db, "SELECT 'x'::int", "22P02", 8);
  expect_error(db, "SELECT * FROM nope", "42P01", 15);
  expect_error(db, "SELECT nope FROM e", "42703", 8);
  expect_error(db, "SELEC 1", "42601", 1);
  expect_error(db, "INSERT INTO e VALUES (1, 1, NULL)", "23505", -1);
  expect_error(db, "INSERT INTO e VALUES (2, NULL, NULL)", "23502", -1);
  expect_error(db, "INSERT INTO e VALUES (NULL, 1, NULL)", "23502", -1);
  expect_error(db, "INSERT INTO e VALUES (2, 0, NULL)", "23514", -1);
  expect_error(db, "INSERT INTO e VALUES (2, 1, 99)", "23503", -1);
  expect_error(db, "SELECT 1 + 'a'::text", "42883", -1);
  expect_error(db, "SELECT (SELECT x FROM (VALUES (1), (2)) v(x))", "21000", -1);
  expect_error(db, "SELECT v FROM e GROUP BY r", "42803", -1);
  /* Messages as PostgreSQL words them. */
  pgm_error *err = NULL;
  CHECK(pgm_exec(db, "INSERT INTO e VALUES (1, 1, NULL)", &err) == PGM_ERROR &&
        !strcmp(pgm_error_message(err), "duplicate key value violates unique constraint \"e_pkey\""), "unique message: %s", pgm_error_message(err));
  pgm_error_free(err);
  pgm_close(db);
}

/* Features not built yet are refused with 0A000 — never a wrong answer. */
static void test_unsupported(void) {
  pgm_db *db = open_mem();
  exec_ok(db, "CREATE TABLE u (a int, b text)");
  static const char *const sqls[] = {
    "SELECT * FROM u TABLESAMPLE SYSTEM (10)",
    "SELECT (WITH c AS (SELECT u.a AS m) SELECT s.x FROM (VALUES (1)) v(z), LATERAL (SELECT c.m + v.z AS x FROM c) s) FROM u",
    "SELECT a FROM u ORDER BY a FETCH FIRST 1 ROWS WITH TIES",
    "SELECT ARRAY[ARRAY[1], ARRAY[2]]",
    "SELECT ARRAY(SELECT ARRAY[a] FROM u)",
    "CREATE TEMP TABLE x (a int) ON COMMIT DROP",
    "SELECT (1, 2) IS DISTINCT FROM (1, 3)",
    "SELECT avg(a::float8 ORDER BY b) FROM u",
    "SELECT '{{1},{2}}'::int[]",
    "CREATE SEQUENCE g CYCLE",
    "CREATE TYPE mood AS ENUM ('sad', 'ok')",
    "SELECT xmlparse(document '<a/>')",
    "LOCK TABLE u",
    "SELECT (1, 2)",
    "SELECT ROW(1, 2) IS NULL",
    "DROP TABLE u CASCADE",
  };
  for (size_t i = 0; i < sizeof sqls / sizeof sqls[0]; i++) expect_error(db, sqls[i], "0A000", -1);
  /* an unsupported statement is named as PostgreSQL's command tag names it */
  static const char *const commands[][2] = {
    {"REINDEX TABLE u", "REINDEX is not supported"}, {"CLUSTER u", "CLUSTER is not supported"},
    {"EXPLAIN SELECT 1", "EXPLAIN is not supported"},
    {"CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1'", "CREATE FUNCTION is not supported"},
  };
  for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
    pgm_error *err = NULL;
    int rc = pgm_exec(db, commands[i][0], &err);
    CHECK(rc != PGM_OK && err && !strcmp(pgm_error_sqlstate(err), "0A000") &&
          strstr(pgm_error_message(err), commands[i][1]) == pgm_error_message(err),
          "%s: %s", commands[i][0], err ? pgm_error_message(err) : "no error");
    pgm_error_free(err);
  }
  pgm_close(db);
}

static void test_transactions(void) {
  pgm_db *db = open_mem();
  exec_ok(db, "CREATE TABLE tx (a int)");
  CHECK(pgm_transaction_status(db) == 'I', "idle");
  exec_ok(db, "BEGIN");
  CHECK(pgm_transaction_status(db) == 'T', "in block");
  exec_ok(db, "INSERT INTO tx VALUES (1)");
  expect_error(db, "SELECT 1/0", "22012", -1);
  CHECK(pgm_transaction_status(db) == 'E', "failed block");
  expect_error(db, "SELECT 1", "25P02", -1);
  pgm_stmt *st;
  pgm_error *err = NULL;
  CHECK(pgm_prepare(db, "COMMIT", -1, &st, NULL, &err) == PGM_OK && pgm_step(st) == PGM_DONE &&
        !strcmp(pgm_command_tag(st), "ROLLBACK"), "commit of failed block is ROLLBACK: %s", pgm_command_tag(st));
  pgm_finalize(st);
  CHECK(!strcmp(scalar(db, "SELECT count(*) FROM tx"), "0"), "rolled back");
  exec_ok(db, "BEGIN; INSERT INTO tx VALUES (1); SAVEPOINT s; INSERT INTO tx VALUES (2); ROLLBACK TO s; COMMIT");
  CHECK(!strcmp(scalar(db, "SELECT count(*) FROM tx"), "1"), "savepoint");
  pgm_close(db);
}

typedef struct { pgm_db *db; } InterruptArg;

static void *interrupter(void *p) {
  usleep(100000);
  pgm_interrupt(((InterruptArg *)p)->db);
  return NULL;
}

static void test_interrupt_and_timeout(void) {
  pgm_db *db = open_mem();
  const char *forever = "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r";
  InterruptArg a = {db};
  pthread_t th;
  pthread_create(&th, NULL, interrupter, &a);
  pgm_stmt *st;
  pgm_error *err = NULL;
  CHECK(pgm_prepare(db, forever, -1, &st, NULL, &err) == PGM_OK, "prepare");
  int rc = pgm_step(st);
  CHECK(rc == PGM_INTERRUPTED && !strcmp(pgm_error_sqlstate(pgm_stmt_error(st)), "57014"), "interrupted rc=%d", rc);
  pgm_finalize(st);
  pthread_join(th, NULL);
  CHECK(!strcmp(scalar(db, "SELECT 1"), "1"), "usable after interrupt");
  pgm_set_statement_timeout(db, 50);
  CHECK(!strcmp(scalar(db, forever), "<ERROR 57014>"), "statement timeout");
  pgm_set_statement_timeout(db, 0);
  exec_ok(db, "SET statement_timeout = '50ms'");
  CHECK(!strcmp(scalar(db, forever), "<ERROR 57014>"), "SET statement_timeout");
  pgm_close(db);
}

static void test_persistence_and_dialect(void) {
  char path[] = "/tmp/pgm_test_XXXXXX";
  int fd = mkstemp(path);
  close(fd);
  unlink(path);
  pgm_db *db;
  pgm_error *err = NULL;
  CHECK(pgm_open(path, 0, &db, &err) == PGM_OK, "open file");
  exec_ok(db, "CREATE TABLE k (id bigserial PRIMARY KEY, n numeric(5,1), ts timestamptz, u uuid)");
  exec_ok(db, "INSERT INTO k (n, ts, u) VALUES (2.25, '2024-01-02 03:04:05+02', 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11')");
  pgm_close(db);
  CHECK(pgm_open(path, 0, &db, &err) == PGM_OK, "reopen");
  pgm_stmt *st;
  CHECK(pgm_prepare(db, "SELECT id, n, ts, u FROM k", -1, &st, NULL, &err) == PGM_OK, "select after reopen");
  CHECK(pgm_column_type(st, 0) == PGM_OID_INT8 && pgm_column_type(st, 1) == PGM_OID_NUMERIC &&
        pgm_column_type(st, 2) == PGM_OID_TIMESTAMPTZ && pgm_column_type(st, 3) == PGM_OID_UUID, "types survive reopen");
  CHECK(pgm_step(st) == PGM_ROW, "row");
  CHECK(!strcmp(pgm_value_text(pgm_column_value(st, 1), NULL), "2.3"), "numeric(5,1)");
  CHECK(!strcmp(pgm_value_text(pgm_column_value(st, 2), NULL), "2024-01-02 01:04:05+00"), "timestamptz in UTC");
  CHECK(!strcmp(pgm_value_text(pgm_column_value(st, 3), NULL), "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"), "uuid");
  pgm_finalize(st);
  /* The SQLite dialect on the same database, and back. */
  CHECK(pgm_set_dialect(db, PGM_DIALECT_SQLITE) == PGM_OK, "dialect");
  CHECK(!strcmp(scalar(db, "PRAGMA integrity_check"), "ok"), "integrity_check");
  CHECK(!strcmp(scalar(db, "SELECT typeof(n) FROM k"), "text"), "numeric stored as text");
  CHECK(!strcmp(scalar(db, "SELECT pgmicro_dialect('postgres')"), "postgres"), "switch back from SQL");
  CHECK(pgm_get_dialect(db) == PGM_DIALECT_POSTGRES, "postgres again");
  exec_ok(db, "SET pgmicro.dialect = 'sqlite'");
  CHECK(pgm_get_dialect(db) == PGM_DIALECT_SQLITE, "SET pgmicro.dialect");
  pgm_close(db);
  /* The stock sqlite3 shell reads the file. */
  char cmd[512];
  snprintf(cmd, sizeof cmd, "sqlite3 %s 'PRAGMA integrity_check; SELECT count(*) FROM k;' 2>&1", path);
  FILE *p = popen(cmd, "r");
  char out[256] = "";
  size_t n = p ? fread(out, 1, sizeof out - 1, p) : 0;
  out[n] = 0;
  if (p) pclose(p);
  CHECK(!strcmp(out, "ok\n1\n"), "stock sqlite3 shell: %s", out);
  unlink(path);
}

/* A value of another type is cast as an explicit cast would (numeric 1.25 -> int4 1). */
static void test_typed_text_casts(void) {
  pgm_db *db = open_mem();
  pgm_stmt *st;
  pgm_error *err = NULL;
  CHECK(pgm_prepare(db, "SELECT $1::int4 + 1", -1, &st, NULL, &err) == PGM_OK, "prepare");
  CHECK(pgm_bind_typed_text(st, 1, PGM_OID_NUMERIC, "1.25", -1) == PGM_OK, "numeric into int4: %s",
        pgm_stmt_error(st) ? pgm_error_message(pgm_stmt_error(st)) : "");
  CHECK(pgm_step(st) == PGM_ROW && pgm_value_int64(pgm_column_value(st, 0)) == 2, "cast rounds then adds");
  pgm_reset(st);
  CHECK(pgm_bind_typed_text(st, 1, PGM_OID_NUMERIC, "3000000000", -1) == PGM_ERROR &&
        !strcmp(pgm_error_sqlstate(pgm_stmt_error(st)), "22003"), "out of range cast");
  pgm_finalize(st);
  pgm_close(db);
}

/* A statement prepared before DDL is analysed again; a new result shape is an error. */
static void test_stale_statements(void) {
  pgm_db *db = open_mem();
  exec_ok(db, "CREATE TABLE s (a int)");
  exec_ok(db, "INSERT INTO s VALUES (1)");
  pgm_stmt *st, *st2;
  pgm_error *err = NULL;
  CHECK(pgm_prepare(db, "SELECT * FROM s", -1, &st, NULL, &err) == PGM_OK, "prepare *");
  CHECK(pgm_prepare(db, "SELECT a FROM s", -1, &st2, NULL, &err) == PGM_OK, "prepare a");
  exec_ok(db, "DROP TABLE s");
  exec_ok(db, "CREATE TABLE s (a int, b text)");
  exec_ok(db, "INSERT INTO s VALUES (7, 'x')");
  CHECK(pgm_step(st) == PGM_ERROR && !strcmp(pgm_error_sqlstate(pgm_stmt_error(st)), "0A000"), "result shape changed");
  CHECK(pgm_step(st2) == PGM_ROW && pgm_value_int64(pgm_column_value(st2, 0)) == 7, "same shape: re-analysed");
  pgm_finalize(st);
  pgm_finalize(st2);
  pgm_close(db);
}

/* NOTICE and WARNING reports travel with the statement. */
static void test_notices(void) {
  pgm_db *db = open_mem();
  pgm_stmt *st;
  pgm_error *err = NULL;
  CHECK(pgm_prepare(db, "DROP TABLE IF EXISTS nope, nada", -1, &st, NULL, &err) == PGM_OK && pgm_step(st) == PGM_DONE, "drop if exists");
  CHECK(pgm_stmt_notice_count(st) == 2, "two notices: %d", pgm_stmt_notice_count(st));
  const pgm_error *n = pgm_stmt_notice(st, 1);
  CHECK(n && !strcmp(pgm_error_message(n), "table \"nada\" does not exist, skipping") &&
        !strcmp(pgm_error_severity(n), "NOTICE"), "notice text");
  CHECK(pgm_stmt_notice(st, 2) == NULL, "out of range");
  pgm_finalize(st);
  CHECK(pgm_prepare(db, "COMMIT", -1, &st, NULL, &err) == PGM_OK && pgm_step(st) == PGM_DONE, "commit outside a block");
  n = pgm_stmt_notice(st, 0);
  CHECK(n && !strcmp(pgm_error_severity(n), "WARNING") && !strcmp(pgm_error_sqlstate(n), "25P01"), "warning");
  pgm_reset(st);
  CHECK(pgm_stmt_notice_count(st) == 0, "reset clears notices");
  pgm_finalize(st);
  pgm_close(db);
}

/* Declared parameter types are kept, as a client's Parse message declares them. */
static void test_declared_parameter_types(void) {
  pgm_db *db = open_mem();
  pgm_stmt *st;
  pgm_error *err = NULL;
  uint32_t types[2] = {PGM_OID_INT4, 0};
  CHECK(pgm_prepare_v2(db, "SELECT $1, $2", -1, types, 2, &st, NULL, &err) == PGM_OK, "prepare_v2");
  CHECK(pgm_column_type(st, 0) == PGM_OID_INT4 && pgm_param_type(st, 1) == PGM_OID_INT4, "declared int4 kept");
  CHECK(pgm_column_type(st, 1) == PGM_OID_TEXT, "undeclared is text");
  CHECK(pgm_bind_text(st, 1, "x", -1) == PGM_ERROR && !strcmp(pgm_error_sqlstate(pgm_stmt_error(st)), "22P02"), "int4 input");
  pgm_finalize(st);
  /* The same text without declarations is another plan. */
  CHECK(pgm_prepare(db, "SELECT $1, $2", -1, &st, NULL, &err) == PGM_OK && pgm_column_type(st, 0) == PGM_OID_TEXT, "plain prepare");
  pgm_finalize(st);
  uint32_t bad[1] = {628};   /* line: not supported */
  CHECK(pgm_prepare_v2(db, "SELECT $1", -1, bad, 1, &st, NULL, &err) == PGM_ERROR && !strcmp(pgm_error_sqlstate(err), "0A000"), "unsupported type");
  pgm_error_free(err);
  pgm_close(db);
}

/* TEMP tables shadow permanent ones for this connection only; a rollback
** undoes DDL and the statements that follow see the schema as it was. */
static void test_temp_tables_and_rollback(void) {
  char path[] = "/tmp/pgm_temp_XXXXXX";
  int fd = mkstemp(path);
  close(fd);
  unlink(path);
  pgm_db *a, *b;
  pgm_error *err = NULL;
  CHECK(pgm_open(path, 0, &a, &err) == PGM_OK && pgm_open(path, 0, &b, &err) == PGM_OK, "open twice");
  exec_ok(a, "CREATE TABLE t (v text)");
  exec_ok(a, "INSERT INTO t VALUES ('permanent')");
  exec_ok(a, "CREATE TEMP TABLE t (v int, w numeric)");
  exec_ok(a, "INSERT INTO t VALUES (1, 2.50)");
  CHECK(!strcmp(scalar(a, "SELECT w FROM t"), "2.50"), "temp shadows: %s", scalar(a, "SELECT w FROM t"));
  CHECK(!strcmp(scalar(b, "SELECT v FROM t"), "permanent"), "other connection sees the permanent table");
  exec_ok(a, "DROP TABLE t");
  CHECK(!strcmp(scalar(a, "SELECT v FROM t"), "permanent"), "dropping the temp table uncovers the permanent one");
  exec_ok(a, "BEGIN; CREATE TABLE r (x int); ROLLBACK");
  CHECK(!strcmp(scalar(a, "SELECT x FROM r"), "<ERROR 42P01>"), "rolled-back table is gone: %s", scalar(a, "SELECT x FROM r"));
  pgm_close(a);
  pgm_close(b);
  unlink(path);
}

static void test_close_with_open_statements(void) {
  pgm_db *db = open_mem();
  pgm_stmt *st;
  pgm_error *err = NULL;
  CHECK(pgm_prepare(db, "SELECT 1", -1, &st, NULL, &err) == PGM_OK, "prepare");
  CHECK(pgm_close(db) == PGM_OK, "close with a live statement");
  CHECK(pgm_close(NULL) == PGM_OK, "close NULL");
  pgm_finalize(st);   /* frees the connection now */
  pgm_finalize(NULL);
  pgm_error_free(NULL);
  passed++;
}

/* ---- COPY FROM STDIN / TO STDOUT (pgm_copy_*) ---- */

/* Run a COPY FROM with data in chunks of chunk bytes; returns the final code. */
static int copy_in(pgm_db *db, const char *sql, const char *data, size_t chunk, pgm_stmt **out) {
  pgm_error *err = NULL;
  CHECK(pgm_prepare(db, sql, -1, out, NULL, &err) == PGM_OK, "prepare %s: %s", sql, err ? pgm_error_message(err) : "");
  pgm_error_free(err);
  int rc = pgm_step(*out);
  if (rc != PGM_COPY_IN) return rc;
  size_t n = strlen(data);
  for (size_t i = 0; i < n; i += chunk) {
    rc = pgm_copy_put(*out, data + i, (int64_t)(n - i < chunk ? n - i : chunk));
    if (rc != PGM_OK) return rc;
  }
  return pgm_copy_end(*out, NULL);
}

/* The whole output of a COPY TO, or "<ERROR sqlstate>". */
static char *copy_out(pgm_db *db, const char *sql) {
  static char buf[1024];
  pgm_stmt *st = NULL;
  pgm_error *err = NULL;
  buf[0] = 0;
  CHECK(pgm_prepare(db, sql, -1, &st, NULL, &err) == PGM_OK, "prepare %s", sql);
  pgm_error_free(err);
  int rc = pgm_step(st);
  CHECK(rc == PGM_COPY_OUT, "COPY TO answers PGM_COPY_OUT: %d", rc);
  const char *p;
  size_t n, used = 0;
  while ((rc = pgm_copy_get(st, &p, &n)) == PGM_ROW && used + n < sizeof buf) {
    memcpy(buf + used, p, n);
    used += n;
    buf[used] = 0;
  }
  if (rc != PGM_DONE) snprintf(buf, sizeof buf, "<ERROR %s>", pgm_error_sqlstate(pgm_stmt_error(st)));
  pgm_finalize(st);
  return buf;
}

static void test_copy_from_stdin(void) {
  pgm_db *db = open_mem();
  pgm_stmt *st;
  exec_ok(db, "CREATE TABLE ct (a int PRIMARY KEY, b text, c numeric(5,2) DEFAULT 1.5)");
  /* One byte at a time: rows span chunks; escapes and the NULL marker. */
  int rc = copy_in(db, "COPY ct FROM STDIN", "1\tx\\ty\t2.5\n2\t\\N\t3\n3\t\\\\\t\\N\n", 1, &st);
  CHECK(rc == PGM_DONE, "copy in done: %d", rc);
  CHECK(pgm_copy_column_count(st) == 3 && pgm_copy_format(st) == PGM_COPY_FORMAT_TEXT, "copy columns/format");
  CHECK(!strcmp(pgm_command_tag(st), "COPY 3") && pgm_changes(st) == 3, "tag %s", pgm_command_tag(st));
  pgm_finalize(st);
  CHECK(!strcmp(scalar(db, "SELECT string_agg(a || ':' || coalesce(b, 'null') || ':' || coalesce(c::text, 'null'), ',' ORDER BY a) FROM ct"),
                "1:x\ty:2.50,2:null:3.00,3:\\:null"), "copied rows: %s", scalar(db, "SELECT string_agg(b, ',') FROM ct"));
  /* CSV with a header, quoted delimiters, an embedded newline, defaults for missing columns. */
  rc = copy_in(db, "COPY ct (b, a) FROM STDIN WITH (FORMAT csv, HEADER)", "b,a\n\"q,\"\"r\",4\n\"two\nlines\",5\n", 7, &st);
  CHECK(rc == PGM_DONE && !strcmp(pgm_command_tag(st), "COPY 2"), "csv copy: %d %s", rc, pgm_command_tag(st));
  CHECK(pgm_copy_format(st) == PGM_COPY_FORMAT_CSV, "csv format");
  pgm_finalize(st);
  CHECK(!strcmp(scalar(db, "SELECT b || '|' || c FROM ct WHERE a = 4"), "q,\"r|1.50"), "csv row: %s", scalar(db, "SELECT b FROM ct WHERE a = 4"));
  CHECK(!strcmp(scalar(db, "SELECT b FROM ct WHERE a = 5"), "two\nlines"), "csv newline in quotes");
  /* WHERE filters rows. */
  rc = copy_in(db, "COPY ct (a, b) FROM STDIN WHERE a > 10", "6\tno\n11\tyes\n", 100, &st);
  CHECK(rc == PGM_DONE && !strcmp(pgm_command_tag(st), "COPY 1"), "copy where: %s", pgm_command_tag(st));
  pgm_finalize(st);
  CHECK(!strcmp(scalar(db, "SELECT count(*) FROM ct"), "6"), "rows after copies: %s", scalar(db, "SELECT count(*) FROM ct"));
  pgm_close(db);
}

static void check_copy_error(pgm_db *db, const char *sql, const char *data, const char *state, const char *msg,
                             const char *context) {
  pgm_stmt *st;
  int rc = copy_in(db, sql, data, 3, &st);
  const pgm_error *e = pgm_stmt_error(st);
  CHECK(rc == PGM_ERROR && e, "copy fails: %s", sql);
  if (e) {
    CHECK(!strcmp(pgm_error_sqlstate(e), state), "sqlstate %s (want %s)", pgm_error_sqlstate(e), state);
    CHECK(!strcmp(pgm_error_message(e), msg), "message %s", pgm_error_message(e));
    const char *ctx = pgm_error_context(e);
    CHECK(context ? ctx && !strcmp(ctx, context) : !ctx, "context %s", ctx ? ctx : "(none)");
  }
  CHECK(pgm_copy_put(st, "1", 1) == PGM_ERROR, "put after the failure repeats it");
  pgm_finalize(st);
}

/* Errors as PostgreSQL 15 reports them (checked against it), and a failed
** COPY leaves nothing behind. */
static void test_copy_errors(void) {
  pgm_db *db = open_mem();
  exec_ok(db, "CREATE TABLE ct (a int PRIMARY KEY, b text NOT NULL, c numeric(5,2))");
  check_copy_error(db, "COPY ct FROM STDIN", "1\tx\t1\n2\ty\tzz\n", "22P02", "invalid input syntax for type numeric: \"zz\"",
                   "COPY ct, line 2, column c: \"zz\"");
  check_copy_error(db, "COPY ct FROM STDIN", "1\tx\t2000\n", "22003", "numeric field overflow", "COPY ct, line 1, column c: \"2000\"");
  check_copy_error(db, "COPY ct FROM STDIN", "1\tx\n", "22P04", "missing data for column \"c\"", "COPY ct, line 1: \"1\tx\"");
  check_copy_error(db, "COPY ct FROM STDIN", "1\tx\t1\t2\n", "22P04", "extra data after last expected column",
                   "COPY ct, line 1: \"1\tx\t1\t2\"");
  check_copy_error(db, "COPY ct FROM STDIN", "1\tx\t1\n1\ty\t2\n", "23505", "duplicate key value violates unique constraint \"ct_pkey\"",
                   "COPY ct, line 2");
  check_copy_error(db, "COPY ct FROM STDIN", "1\tx\t1\r\n2\ty\t2\n", "22P04", "literal newline found in data", "COPY ct, line 2");
  check_copy_error(db, "COPY ct FROM STDIN (FORMAT csv)", "1,\"x,1\n", "22P04", "unterminated CSV quoted field",
                   "COPY ct, line 1: \"1,\"x,1\n\"");
  check_copy_error(db, "COPY ct FROM STDIN (FREEZE)", "", "55000",
                   "cannot perform COPY FREEZE because the table was not created or truncated in the current subtransaction", NULL);
  CHECK(!strcmp(scalar(db, "SELECT count(*) FROM ct"), "0"), "failed copies inserted nothing");
  /* CopyFail. */
  pgm_stmt *st;
  pgm_error *err = NULL;
  CHECK(pgm_prepare(db, "COPY ct FROM STDIN", -1, &st, NULL, &err) == PGM_OK && pgm_step(st) == PGM_COPY_IN, "copy in");
  CHECK(pgm_copy_put(st, "7\tx\t1\n", -1) == PGM_OK, "put");
  CHECK(pgm_copy_end(st, "client gave up") == PGM_INTERRUPTED, "copy fail");
  CHECK(!strcmp(pgm_error_sqlstate(pgm_stmt_error(st)), "57014") &&
        !strcmp(pgm_error_message(pgm_stmt_error(st)), "COPY from stdin failed: client gave up"), "copy fail message");
  pgm_finalize(st);
  /* Abandoned by finalize: rolled back. */
  CHECK(pgm_prepare(db, "COPY ct FROM STDIN", -1, &st, NULL, &err) == PGM_OK && pgm_step(st) == PGM_COPY_IN, "copy in");
  CHECK(pgm_copy_put(st, "8\tx\t1\n", -1) == PGM_OK, "put");
  pgm_finalize(st);
  CHECK(!strcmp(scalar(db, "SELECT count(*) FROM ct"), "0"), "abandoned copy inserted nothing");
  /* A failed COPY aborts the transaction block. */
  exec_ok(db, "BEGIN");
  check_copy_error(db, "COPY ct FROM STDIN", "x\ty\t1\n", "22P02", "invalid input syntax for type integer: \"x\"",
                   "COPY ct, line 1, column a: \"x\"");
  CHECK(pgm_transaction_status(db) == 'E', "block aborted: %c", pgm_transaction_status(db));
  exec_ok(db, "ROLLBACK");
  /* FREEZE after TRUNCATE in the same transaction (what pgbench -i does). */
  exec_ok(db, "BEGIN; TRUNCATE ct");
  int rc = copy_in(db, "copy ct from stdin with (freeze on)", "9\tf\t1\n", 64, &st);
  CHECK(rc == PGM_DONE, "copy freeze after truncate: %s", pgm_stmt_error(st) ? pgm_error_message(pgm_stmt_error(st)) : "");
  pgm_finalize(st);
  exec_ok(db, "COMMIT");
  /* Options refused as PostgreSQL refuses them. */
  const char *bad[][2] = {{"COPY ct FROM STDIN (FORMAT binary, HEADER)", "0A000"}, {"COPY ct FROM STDIN (DELIMITER 'a')", "22023"},
                          {"COPY ct FROM STDIN (FORMAT xml)", "22023"}, {"COPY ct TO STDOUT (FORCE_NOT_NULL (a))", "0A000"},
                          {"COPY ct FROM STDIN (QUOTE '\"')", "0A000"}, {"COPY ct (zz) FROM STDIN", "42703"},
                          {"COPY ct FROM '/etc/passwd'", "0A000"}, {"COPY ct FROM STDIN (FORMAT csv, FORMAT csv)", "42601"},
                          {"COPY ct FROM STDIN (FORMAT binary, NULL 'x')", "42601"},
                          {"COPY ct TO STDOUT (FORMAT binary, DELIMITER ',')", "42601"}};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    CHECK(pgm_prepare(db, bad[i][0], -1, &st, NULL, &err) != PGM_OK && !strcmp(pgm_error_sqlstate(err), bad[i][1]),
          "%s: %s", bad[i][0], err ? pgm_error_sqlstate(err) : "accepted");
    pgm_error_free(err);
    err = NULL;
  }
  /* pgm_exec has no data for COPY FROM STDIN. */
  CHECK(pgm_exec(db, "COPY ct FROM STDIN", &err) != PGM_OK && err && !strcmp(pgm_error_sqlstate(err), "57014"), "exec copy from");
  pgm_error_free(err);
  pgm_close(db);
}

static void test_copy_to_stdout(void) {
  pgm_db *db = open_mem();
  exec_ok(db, "CREATE TABLE ct (a int, b text, c numeric(5,2))");
  exec_ok(db, "INSERT INTO ct VALUES (1, 'tab\there', 1.5), (2, NULL, NULL), (3, 'q\"u,o', 2), (4, '', 0)");
  CHECK(!strcmp(copy_out(db, "COPY ct TO STDOUT"), "1\ttab\\there\t1.50\n2\t\\N\t\\N\n3\tq\"u,o\t2.00\n4\t\t0.00\n"),
        "text out: %s", copy_out(db, "COPY ct TO STDOUT"));
  CHECK(!strcmp(copy_out(db, "COPY ct (a, b) TO STDOUT (FORMAT csv, HEADER, FORCE_QUOTE (a))"),
                "a,b\n\"1\",tab\there\n\"2\",\n\"3\",\"q\"\"u,o\"\n\"4\",\"\"\n"),
        "csv out: %s", copy_out(db, "COPY ct (a, b) TO STDOUT (FORMAT csv, HEADER, FORCE_QUOTE (a))"));
  CHECK(!strcmp(copy_out(db, "COPY (SELECT a, a * 2 AS d FROM ct WHERE a < 3 ORDER BY a) TO STDOUT WITH CSV HEADER DELIMITER ';'"),
                "a;d\n1;2\n2;4\n"), "query out");
  pgm_stmt *st;
  pgm_error *err = NULL;
  CHECK(pgm_prepare(db, "COPY ct TO STDOUT", -1, &st, NULL, &err) == PGM_OK && pgm_column_count(st) == 0 &&
        pgm_copy_column_count(st) == 3, "a COPY has no result columns");
  const char *p;
  size_t n;
  CHECK(pgm_step(st) == PGM_COPY_OUT, "copy out");
  while (pgm_copy_get(st, &p, &n) == PGM_ROW) {}
  CHECK(!strcmp(pgm_command_tag(st), "COPY 4"), "copy out tag %s", pgm_command_tag(st));
  pgm_finalize(st);
  CHECK(pgm_prepare(db, "SELECT 1", -1, &st, NULL, &err) == PGM_OK && pgm_copy_column_count(st) == -1, "not a copy");
  pgm_finalize(st);
  exec_ok(db, "COPY ct TO STDOUT");
  pgm_close(db);
}

/* VACUUM and ANALYZE return no rows, only their tag, and ANALYZE really
** gathers SQLite's statistics (every statement of the plan runs). */
static void test_vacuum_analyze(void) {
  pgm_db *db = open_mem();
  exec_ok(db, "CREATE TABLE va (a int PRIMARY KEY, b text); INSERT INTO va SELECT g, 'x' FROM generate_series(1, 50) g");
  static const char *const sqls[][2] = {{"VACUUM ANALYZE va", "VACUUM"}, {"ANALYZE va", "ANALYZE"}, {"VACUUM va", "VACUUM"}};
  for (size_t i = 0; i < sizeof sqls / sizeof sqls[0]; i++) {
    pgm_stmt *st = NULL;
    CHECK(pgm_prepare(db, sqls[i][0], -1, &st, NULL, NULL) == PGM_OK, "prepare %s", sqls[i][0]);
    int rc = pgm_step(st);
    CHECK(rc == PGM_DONE && pgm_column_count(st) == 0 && !strcmp(pgm_command_tag(st), sqls[i][1]),
          "%s: rc %d, %d columns, tag %s", sqls[i][0], rc, pgm_column_count(st), pgm_command_tag(st));
    pgm_finalize(st);
  }
  pgm_set_dialect(db, PGM_DIALECT_SQLITE);
  CHECK(!strcmp(scalar(db, "SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'va'"), "1"), "ANALYZE wrote sqlite_stat1");
  pgm_close(db);
}

/* Run sql; returns its notices' SQLSTATEs joined ("" if none) or "ERROR xxxxx". */
static const char *run_noting(pgm_db *db, const char *sql) {
  static char out[128];
  pgm_stmt *st = NULL;
  pgm_error *err = NULL;
  out[0] = 0;
  if (pgm_prepare(db, sql, -1, &st, NULL, &err) != PGM_OK) {
    snprintf(out, sizeof out, "ERROR %s", pgm_error_sqlstate(err));
    pgm_error_free(err);
    return out;
  }
  int rc;
  while ((rc = pgm_step(st)) == PGM_ROW) {}
  for (int i = 0; i < pgm_stmt_notice_count(st); i++)
    snprintf(out + strlen(out), sizeof out - strlen(out), "%s%s", i ? "," : "", pgm_error_sqlstate(pgm_stmt_notice(st, i)));
  if (rc != PGM_DONE) snprintf(out, sizeof out, "ERROR %s", pgm_error_sqlstate(pgm_stmt_error(st)));
  pgm_finalize(st);
  return out;
}

/* PostgreSQL's implicit block of a multi-statement Query (pgm_implicit_begin). */
static void test_implicit_block(void) {
  pgm_db *db = open_mem();
  exec_ok(db, "CREATE TABLE ib (a int)");
  /* a failure undoes the statements before it */
  CHECK(pgm_implicit_begin(db, NULL) == PGM_OK && pgm_transaction_status(db) == 'T', "implicit begin");
  CHECK(!strcmp(run_noting(db, "INSERT INTO ib VALUES (1)"), ""), "insert in implicit block");
  CHECK(!strcmp(run_noting(db, "SELECT nope"), "ERROR 42703"), "failure in implicit block");
  CHECK(pgm_implicit_end(db, NULL) == PGM_OK && pgm_transaction_status(db) == 'I', "implicit end after failure");
  CHECK(!strcmp(scalar(db, "SELECT count(*) FROM ib"), "0"), "the failed block was rolled back");
  /* success commits */
  pgm_implicit_begin(db, NULL);
  run_noting(db, "INSERT INTO ib VALUES (2)");
  CHECK(pgm_implicit_end(db, NULL) == PGM_OK, "implicit end commits");
  CHECK(!strcmp(scalar(db, "SELECT count(*) FROM ib"), "1"), "committed");
  /* BEGIN takes the block over silently; the end is then the client's */
  pgm_implicit_begin(db, NULL);
  CHECK(!strcmp(run_noting(db, "BEGIN"), ""), "BEGIN in an implicit block is silent");
  run_noting(db, "INSERT INTO ib VALUES (3)");
  CHECK(pgm_implicit_end(db, NULL) == PGM_OK && pgm_transaction_status(db) == 'T', "explicit block stays open");
  exec_ok(db, "ROLLBACK");
  CHECK(!strcmp(scalar(db, "SELECT count(*) FROM ib"), "1"), "the client's ROLLBACK undid it");
  /* COMMIT warns 25P01 and commits; the next begin opens a new block */
  pgm_implicit_begin(db, NULL);
  run_noting(db, "INSERT INTO ib VALUES (4)");
  CHECK(!strcmp(run_noting(db, "COMMIT"), "25P01"), "COMMIT in an implicit block warns 25P01");
  CHECK(pgm_transaction_status(db) == 'I', "COMMIT ended the implicit block");
  pgm_implicit_begin(db, NULL);
  CHECK(!strcmp(run_noting(db, "SAVEPOINT s"), "ERROR 25P01"), "no SAVEPOINT in an implicit block");
  pgm_implicit_end(db, NULL);
  CHECK(!strcmp(scalar(db, "SELECT count(*) FROM ib"), "2"), "the COMMIT kept row 4");
  pgm_implicit_begin(db, NULL);
  CHECK(!strcmp(run_noting(db, "VACUUM ib"), "ERROR 25001"), "VACUUM refused in an implicit block");
  pgm_implicit_end(db, NULL);
  /* inside an explicit block both calls do nothing */
  exec_ok(db, "BEGIN");
  CHECK(pgm_implicit_begin(db, NULL) == PGM_OK && pgm_implicit_end(db, NULL) == PGM_OK &&
        pgm_transaction_status(db) == 'T', "no-ops inside an explicit block");
  exec_ok(db, "COMMIT");
  CHECK(pgm_implicit_begin(NULL, NULL) == PGM_MISUSE, "NULL db");
  pgm_close(db);
}

/* ---- Binary formats: pgm_value_binary, pgm_bind_binary, COPY (FORMAT binary) ---- */

/* A table of every type with a binary form, and what PostgreSQL 15's
** COPY bty TO STDOUT (FORMAT binary) writes for it (captured from it). */
#define BTY_COLS "(b bool, i2 int2, i4 int4, i8 int8, f4 float4, f8 float8, n numeric(10,3), t text, v varchar(5), c char(3),\n" \
    "  nm name, by bytea, d date, tm time, ts timestamp, tz timestamptz, iv interval, u uuid, j json, jb jsonb, o oid,\n" \
    "  ai int4[], at text[], ad date[], an numeric[])"
static const char *const bty_sql = "CREATE TABLE bty " BTY_COLS ";\n"
    "INSERT INTO bty VALUES\n"
    " (true, -2, 123456, -9000000000, 1.5, -2.25e-300, -12345.678, 'héllo', 'ab', 'x', 'nm', '\\x00ff10', '2024-02-29', '13:14:15.5',\n"
    "  '1999-12-31 23:59:59.999999', '2024-01-02 03:04:05+05:30', '1 year 2 mons -3 days 04:05:06.7', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',\n"
    "  '{\"a\": [1, 2]}', '{\"b\": 1, \"a\": [true, null]}', 4000000000, '{1,NULL,-3}', '{\"a b\",\"\",NULL}', '{2000-01-01,infinity}', '{0.5,NaN,-100}'),\n"
    " (false, 0, 0, 0, 'NaN', '-Infinity', 0, '', '', '', '', '', '-infinity', '00:00', '0044-03-15 12:00 BC', 'infinity', '0', '00000000-0000-0000-0000-000000000000',\n"
    "  'null', '[]', 0, '{}', '{}', '{}', '{}'),\n"
    " (NULL, NULL, NULL, NULL, NULL, NULL, 'NaN', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);";
static const char *const bty_pg_hex =
    "5047434f50590aff0d0a0000000000000000000019000000010100000002fffe000000040001e24000000008fffffffd"
    "e78ee600000000043fc000000000000881b81be3bb5811c40000000e0003000140000003000109291a7c0000000668c3"
    "a96c6c6f00000002616200000003782020000000026e6d0000000300ff100000000400002279000000080000000b187d"
    "38e000000008ffffffffffffffff000000080002b0e7e8e9ed4000000010000000036c966ee0fffffffd0000000e0000"
    "0010a0eebc999c0b4ef8bb6d6bb9bd380a110000000d7b2261223a205b312c20325d7d0000001c017b2261223a205b74"
    "7275652c206e756c6c5d2c202262223a20317d00000004ee6b2800000000280000000100000001000000170000000300"
    "0000010000000400000001ffffffff00000004fffffffd00000023000000010000000100000019000000030000000100"
    "00000361206200000000ffffffff0000002400000001000000000000043a000000020000000100000004000000000000"
    "00047fffffff0000003c0000000100000000000006a400000003000000010000000a0001ffff00000001138800000008"
    "00000000c00000000000000a000100004000000000640019000000010000000002000000000004000000000000000800"
    "00000000000000000000047fc0000000000008fff0000000000000000000080000000000000003000000000000000000"
    "0000032020200000000000000000000000048000000000000008000000000000000000000008ff1af9e8fb46d0000000"
    "00087fffffffffffffff0000001000000000000000000000000000000000000000100000000000000000000000000000"
    "0000000000046e756c6c00000003015b5d00000004000000000000000c0000000000000000000000170000000c000000"
    "0000000000000000190000000c00000000000000000000043a0000000c0000000000000000000006a40019ffffffffff"
    "ffffffffffffffffffffffffffffffffffffff0000000800000000c0000000ffffffffffffffffffffffffffffffffff"
    "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
    "ffffffffffffffffff";

static size_t unhex(const char *hex, unsigned char *out, size_t cap) {
  size_t n = 0;
  for (; hex[0] && hex[1] && n < cap; hex += 2) {
    unsigned v;
    sscanf(hex, "%2x", &v);
    out[n++] = (unsigned char)v;
  }
  return n;
}

/* The whole output of a COPY TO as bytes (at most cap); -1 on error.
** pieces receives the number of pgm_copy_get pieces. */
static long copy_out_bytes(pgm_db *db, const char *sql, unsigned char *buf, size_t cap, int *pieces) {
  pgm_stmt *st = NULL;
  long used = 0;
  *pieces = 0;
  if (pgm_prepare(db, sql, -1, &st, NULL, NULL) != PGM_OK || pgm_step(st) != PGM_COPY_OUT) { pgm_finalize(st); return -1; }
  CHECK(pgm_copy_format(st) == PGM_COPY_FORMAT_BINARY, "binary copy format %d", pgm_copy_format(st));
  const char *p;
  size_t n;
  int rc;
  while ((rc = pgm_copy_get(st, &p, &n)) == PGM_ROW && (size_t)used + n <= cap) {
    memcpy(buf + used, p, n);
    used += (long)n;
    (*pieces)++;
  }
  pgm_finalize(st);
  return rc == PGM_DONE ? used : -1;
}

/* COPY FROM with binary data in chunks; the final code. */
static int copy_in_bytes(pgm_db *db, const char *sql, const unsigned char *data, size_t n, size_t chunk, pgm_stmt **st) {
  if (pgm_prepare(db, sql, -1, st, NULL, NULL) != PGM_OK) return -1;
  int rc = pgm_step(*st);
  if (rc != PGM_COPY_IN) return rc;
  for (size_t i = 0; i < n; i += chunk) {
    rc = pgm_copy_put(*st, data + i, (int64_t)(n - i < chunk ? n - i : chunk));
    if (rc != PGM_OK) return rc;
  }
  return pgm_copy_end(*st, NULL);
}

static void test_binary_copy_round_trip(void) {
  pgm_db *db = open_mem();
  unsigned char want[1024], got[2048];
  size_t nwant = unhex(bty_pg_hex, want, sizeof want);
  int pieces;
  /* Under settings that change the text output, the binary form does not change. */
  exec_ok(db, "SET DateStyle = 'SQL, DMY'; SET IntervalStyle = postgres_verbose; SET extra_float_digits = 0");
  exec_ok(db, bty_sql);
  long n = copy_out_bytes(db, "COPY bty TO STDOUT (FORMAT binary)", got, sizeof got, &pieces);
  CHECK(n == (long)nwant && !memcmp(got, want, nwant), "COPY TO binary is PostgreSQL 15's bytes (%ld of %zu)", n, nwant);
  CHECK(pieces == 4, "header with the first row, one piece a row, the trailer alone: %d", pieces);
  /* PostgreSQL's file read back into a copy of the table: the same rows, the same bytes. */
  exec_ok(db, "CREATE TABLE bty2 " BTY_COLS);
  pgm_stmt *st = NULL;
  int rc = copy_in_bytes(db, "COPY bty2 FROM STDIN (FORMAT binary)", want, nwant, 7, &st);
  CHECK(rc == PGM_DONE && !strcmp(pgm_command_tag(st), "COPY 3"), "COPY FROM binary: %d %s %s", rc, pgm_command_tag(st),
        pgm_stmt_error(st) ? pgm_error_message(pgm_stmt_error(st)) : "");
  CHECK(pgm_copy_format(st) == PGM_COPY_FORMAT_BINARY, "binary copy in format");
  pgm_finalize(st);
  n = copy_out_bytes(db, "COPY bty2 TO STDOUT (FORMAT binary)", got, sizeof got, &pieces);
  CHECK(n == (long)nwant && !memcmp(got, want, nwant), "round trip keeps every byte (%ld)", n);
  CHECK(!strcmp(scalar(db, "SELECT count(*) FROM bty b1 JOIN bty2 b2 ON b1.tz = b2.tz AND b1.n = b2.n AND b1.ad = b2.ad"), "2"),
        "round trip rows equal: %s", scalar(db, "SELECT count(*) FROM bty b1 JOIN bty2 b2 ON b1.tz = b2.tz"));
  /* An empty result: header and trailer in one piece. */
  n = copy_out_bytes(db, "COPY (SELECT 1 AS x WHERE false) TO STDOUT (FORMAT binary)", got, sizeof got, &pieces);
  CHECK(n == 21 && pieces == 1 && got[19] == 0xff && got[20] == 0xff, "empty binary copy: %ld bytes, %d pieces", n, pieces);
  /* A column type without a binary form is refused, naming it. */
  pgm_error *err = NULL;
  CHECK(pgm_prepare(db, "COPY (SELECT 'int4'::regtype) TO STDOUT (FORMAT binary)", -1, &st, NULL, &err) != PGM_OK &&
        !strcmp(pgm_error_sqlstate(err), "0A000"), "type without binary form: %s", err ? pgm_error_message(err) : "accepted");
  pgm_error_free(err);
  pgm_close(db);
}

/* Binary COPY errors, each checked against PostgreSQL 15 (SQLSTATE,
** message, CONTEXT); a table (a int4, b text). */
static void check_binary_copy_error(pgm_db *db, const char *hex, const char *state, const char *msg, const char *context) {
  unsigned char data[256];
  size_t n = unhex(hex, data, sizeof data);
  pgm_stmt *st = NULL;
  int rc = copy_in_bytes(db, "COPY bt FROM STDIN (FORMAT binary)", data, n, 5, &st);
  const pgm_error *e = pgm_stmt_error(st);
  if (!state) {
    CHECK(rc == PGM_DONE, "binary copy %s accepted: %s", hex, e ? pgm_error_message(e) : "");
  } else {
    CHECK(rc != PGM_DONE && e && !strcmp(pgm_error_sqlstate(e), state) && !strcmp(pgm_error_message(e), msg),
          "binary copy %s: %s %s", hex, e ? pgm_error_sqlstate(e) : "-", e ? pgm_error_message(e) : "accepted");
    const char *ctx = e ? pgm_error_context(e) : NULL;
    CHECK(context ? ctx && !strcmp(ctx, context) : !ctx, "context %s", ctx ? ctx : "(none)");
  }
  pgm_finalize(st);
}

#define SIG "5047434f50590aff0d0a00"
#define HDR SIG "0000000000000000"
#define ROW1 "0002" "00000004" "00000001" "00000001" "78"      /* (1, 'x') */

static void test_binary_copy_errors(void) {
  pgm_db *db = open_mem();
  exec_ok(db, "CREATE TABLE bt (a int4, b text)");
  check_binary_copy_error(db, "5047434f50590aff0d0a010000000000000000", "22P04", "COPY file signature not recognized", NULL);
  check_binary_copy_error(db, "504743", "22P04", "COPY file signature not recognized", NULL);
  check_binary_copy_error(db, "", "22P04", "COPY file signature not recognized", NULL);
  check_binary_copy_error(db, SIG "0000", "22P04", "invalid COPY file header (missing flags)", NULL);
  check_binary_copy_error(db, SIG "00010000" "00000000", "22P04", "invalid COPY file header (WITH OIDS)", NULL);
  check_binary_copy_error(db, SIG "00020000" "00000000", "22P04", "unrecognized critical flags in COPY file header", NULL);
  check_binary_copy_error(db, SIG "00000001" "00000000" "ffff", NULL, NULL, NULL);          /* a non-critical flag */
  check_binary_copy_error(db, SIG "00000000" "0000", "22P04", "invalid COPY file header (missing length)", NULL);
  check_binary_copy_error(db, SIG "00000000" "fffffffb", "22P04", "invalid COPY file header (missing length)", NULL);
  check_binary_copy_error(db, SIG "00000000" "00000005" "6162", "22P04", "invalid COPY file header (wrong length)", NULL);
  check_binary_copy_error(db, SIG "00000000" "00000003" "616263" ROW1 "ffff", NULL, NULL, NULL);  /* an extension */
  check_binary_copy_error(db, HDR ROW1, NULL, NULL, NULL);                                  /* no trailer */
  check_binary_copy_error(db, HDR ROW1 "00", NULL, NULL, NULL);                             /* a stray byte */
  check_binary_copy_error(db, HDR "0001" "00000004" "00000001", "22P04", "row field count is 1, expected 2", "COPY bt, line 1");
  check_binary_copy_error(db, HDR ROW1 "0003" "00000000" "00000000" "00000000", "22P04", "row field count is 3, expected 2",
                          "COPY bt, line 2");
  check_binary_copy_error(db, HDR "0002" "fffffffe", "22P04", "invalid field size", "COPY bt, line 1, column a");
  check_binary_copy_error(db, HDR "0002" "00000004" "00", "22P04", "unexpected EOF in COPY data", "COPY bt, line 1, column a");
  check_binary_copy_error(db, HDR "0002" "00", "22P04", "unexpected EOF in COPY data", "COPY bt, line 1, column a");
  check_binary_copy_error(db, HDR "0002" "00000008" "0000000000000000" "00000001" "78" "ffff", "22P03",
                          "incorrect binary data format", "COPY bt, line 1, column a");
  check_binary_copy_error(db, HDR "0002" "00000002" "0000" "00000001" "78" "ffff", "08P01",
                          "insufficient data left in message", "COPY bt, line 1, column a");
  check_binary_copy_error(db, HDR ROW1 "ffff" "7a7a", "22P04", "received copy data after EOF marker", "COPY bt, line 2");
  check_binary_copy_error(db, HDR "0002" "00000004" "00000001" "00000001" "ff" "ffff", "22021",
                          "invalid byte sequence for encoding \"UTF8\": 0xff", "COPY bt, line 1, column b");
  check_binary_copy_error(db, HDR "0002" "ffffffff" "ffffffff" "ffff", NULL, NULL, NULL);   /* NULLs */
  CHECK(!strcmp(scalar(db, "SELECT count(*) || ' ' || count(a) FROM bt"), "4 3"), "accepted copies: %s",
        scalar(db, "SELECT count(*) || ' ' || count(a) FROM bt"));
  pgm_close(db);
}

/* pgm_value_binary and pgm_bind_binary: PostgreSQL 15's send forms. */
static void test_value_and_bind_binary(void) {
  pgm_db *db = open_mem();
  pgm_stmt *st = NULL;
  CHECK(pgm_prepare(db, "SELECT 1.5::numeric, '2024-01-02'::date, NULL::int4, 'int4'::regtype", -1, &st, NULL, NULL) == PGM_OK &&
        pgm_step(st) == PGM_ROW, "select");
  size_t n = 99;
  const unsigned char *p = pgm_value_binary(pgm_column_value(st, 0), &n);
  static const unsigned char num[] = {0, 2, 0, 0, 0, 0, 0, 1, 0, 1, 0x13, 0x88};
  CHECK(p && n == sizeof num && !memcmp(p, num, n), "numeric_send of 1.5 (%zu bytes)", n);
  p = pgm_value_binary(pgm_column_value(st, 1), &n);
  static const unsigned char date[] = {0, 0, 0x22, 0x3f};   /* 8767 days after 2000-01-01 */
  CHECK(p && n == 4 && !memcmp(p, date, 4), "date_send");
  CHECK(!pgm_value_binary(pgm_column_value(st, 2), &n) && n == 0, "NULL has no binary form");
  CHECK(!pgm_value_binary(pgm_column_value(st, 3), &n), "regtype has no binary form here");
  CHECK(pgm_type_has_binary(PGM_OID_NUMERIC) && pgm_type_has_binary(1007) && !pgm_type_has_binary(2206), "pgm_type_has_binary");
  pgm_finalize(st);
  CHECK(pgm_prepare(db, "SELECT $1::numeric + 1, $2::date + 1, $3::int8, $4::text[]", -1, &st, NULL, NULL) == PGM_OK, "prepare");
  static const unsigned char int4[] = {0, 0, 0, 7};
  static const unsigned char arr[] = {0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 25, 0, 0, 0, 2, 0, 0, 0, 1,
                                      0, 0, 0, 2, 'a', 'b', 0xff, 0xff, 0xff, 0xff};
  CHECK(pgm_bind_binary(st, 1, PGM_OID_NUMERIC, num, sizeof num) == PGM_OK &&
        pgm_bind_binary(st, 2, PGM_OID_DATE, date, 4) == PGM_OK &&
        pgm_bind_binary(st, 3, PGM_OID_INT4, int4, 4) == PGM_OK &&
        pgm_bind_binary(st, 4, 1009, arr, sizeof arr) == PGM_OK && pgm_step(st) == PGM_ROW, "bind binary");
  CHECK(!strcmp(pgm_value_text(pgm_column_value(st, 0), NULL), "2.5") &&
        !strcmp(pgm_value_text(pgm_column_value(st, 1), NULL), "2024-01-03") &&
        pgm_value_int64(pgm_column_value(st, 2)) == 7 &&
        !strcmp(pgm_value_text(pgm_column_value(st, 3), NULL), "{ab,NULL}"), "bound binary values read back");
  CHECK(pgm_bind_binary(st, 3, PGM_OID_INT4, int4, 3) == PGM_ERROR &&
        !strcmp(pgm_error_sqlstate(pgm_stmt_error(st)), "22P03") &&
        !strcmp(pgm_error_message(pgm_stmt_error(st)), "incorrect binary data format in bind parameter 3"), "short int4");
  CHECK(pgm_bind_binary(st, 1, PGM_OID_NUMERIC, "\0\1\0\0\x12\x34\0\0\0\0", 10) == PGM_ERROR &&
        !strcmp(pgm_error_sqlstate(pgm_stmt_error(st)), "22P03"), "numeric with an invalid sign word");
  CHECK(pgm_bind_binary(st, 1, 2206, "x", 1) == PGM_ERROR && !strcmp(pgm_error_sqlstate(pgm_stmt_error(st)), "0A000"),
        "regtype parameter in binary refused");
  CHECK(pgm_bind_binary(st, 1, PGM_OID_NUMERIC, NULL, 0) == PGM_OK, "NULL data binds NULL");
  pgm_finalize(st);
  pgm_close(db);
}

int main(void) {
  test_versions();
  test_types_and_oids();
  test_datetime_int64();
  test_dml_tags_and_returning();
  test_prepare_tail();
  test_parameters();
  test_errors();
  test_unsupported();
  test_transactions();
  test_interrupt_and_timeout();
  test_persistence_and_dialect();
  test_typed_text_casts();
  test_stale_statements();
  test_notices();
  test_declared_parameter_types();
  test_temp_tables_and_rollback();
  test_close_with_open_statements();
  test_copy_from_stdin();
  test_copy_errors();
  test_copy_to_stdout();
  test_vacuum_analyze();
  test_implicit_block();
  test_binary_copy_round_trip();
  test_binary_copy_errors();
  test_value_and_bind_binary();
  printf("test_api: %d passed, %d failed\n", passed, failed);
  return failed ? 1 : 0;
}
