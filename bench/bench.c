/*
** bench.c — the same work through pgmicro and through raw SQLite, in one
** process, interleaved round by round, reported as ratios (pgmicro / SQLite).
**
**   a  point select by primary key, prepared, on a 100k-row table
**   b  10k distinct one-shot SELECTs that differ only in a literal
**   c  100k-row insert in one transaction with a prepared INSERT
**
** Usage: pgm_bench [rounds]     (default 5; the best round of each side counts)
*/
#include "pgmicro.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define ROWS 100000
#define ONESHOTS 10000

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void die(const char *what) { fprintf(stderr, "bench: %s\n", what); exit(1); }

/* ---- pgmicro ---- */

static void pg_exec(pgm_db *db, const char *sql) {
  pgm_error *err = NULL;
  if (pgm_exec(db, sql, &err) != PGM_OK) { fprintf(stderr, "%s\n", pgm_error_message(err)); exit(1); }
}

static pgm_db *pg_setup(int fill) {
  pgm_db *db;
  if (pgm_open(":memory:", 0, &db, NULL) != PGM_OK) die("pgm_open");
  pg_exec(db, "CREATE TABLE b (id int PRIMARY KEY, v text)");
  if (fill) pg_exec(db, "INSERT INTO b SELECT n, 'value ' || n FROM (WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 100000) SELECT n FROM r) s");
  return db;
}

static double pg_point(pgm_db *db, int n) {
  pgm_stmt *st;
  if (pgm_prepare(db, "SELECT v FROM b WHERE id = $1", -1, &st, NULL, NULL) != PGM_OK) die("prepare a");
  double t = now_s();
  size_t total = 0;
  for (int i = 0; i < n; i++) {
    pgm_bind_int64(st, 1, (i * 7919) % ROWS + 1);
    if (pgm_step(st) != PGM_ROW) die("step a");
    size_t len;
    pgm_value_text(pgm_column_value(st, 0), &len);
    total += len;
    pgm_reset(st);
  }
  t = now_s() - t;
  pgm_finalize(st);
  return total ? t : -1;
}

static double pg_oneshot(pgm_db *db, int n, int round) {
  char sql[128];
  double t = now_s();
  for (int i = 0; i < n; i++) {
    snprintf(sql, sizeof sql, "SELECT v FROM b WHERE id = %d", (i * 31 + round * 10007) % ROWS + 1);
    pgm_stmt *st;
    if (pgm_prepare(db, sql, -1, &st, NULL, NULL) != PGM_OK) die("prepare b");
    if (pgm_step(st) != PGM_ROW) die("step b");
    pgm_value_text(pgm_column_value(st, 0), NULL);
    pgm_finalize(st);
  }
  return now_s() - t;
}

static double pg_insert(void) {
  pgm_db *db = pg_setup(0);
  double t = now_s();
  pg_exec(db, "BEGIN");
  pgm_stmt *st;
  if (pgm_prepare(db, "INSERT INTO b VALUES ($1, $2)", -1, &st, NULL, NULL) != PGM_OK) die("prepare c");
  char v[32];
  for (int i = 1; i <= ROWS; i++) {
    pgm_bind_int64(st, 1, i);
    int len = snprintf(v, sizeof v, "value %d", i);
    pgm_bind_text(st, 2, v, len);
    if (pgm_step(st) != PGM_DONE) die("step c");
    pgm_reset(st);
  }
  pgm_finalize(st);
  pg_exec(db, "COMMIT");
  t = now_s() - t;
  pgm_close(db);
  return t;
}

/* ---- raw SQLite ---- */

static void sq_exec(sqlite3 *db, const char *sql) {
  char *msg = NULL;
  if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) { fprintf(stderr, "%s\n", msg); exit(1); }
}

static sqlite3 *sq_setup(int fill) {
  sqlite3 *db;
  if (sqlite3_open(":memory:", &db) != SQLITE_OK) die("sqlite3_open");
  sq_exec(db, "CREATE TABLE b (id INTEGER PRIMARY KEY, v TEXT)");
  if (fill) sq_exec(db, "INSERT INTO b SELECT n, 'value ' || n FROM (WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 100000) SELECT n FROM r)");
  return db;
}

static double sq_point(sqlite3 *db, int n) {
  sqlite3_stmt *st;
  sqlite3_prepare_v2(db, "SELECT v FROM b WHERE id = ?1", -1, &st, NULL);
  double t = now_s();
  size_t total = 0;
  for (int i = 0; i < n; i++) {
    sqlite3_bind_int64(st, 1, (i * 7919) % ROWS + 1);
    if (sqlite3_step(st) != SQLITE_ROW) die("sqlite step a");
    sqlite3_column_text(st, 0);
    total += (size_t)sqlite3_column_bytes(st, 0);
    sqlite3_reset(st);
  }
  t = now_s() - t;
  sqlite3_finalize(st);
  return total ? t : -1;
}

static double sq_oneshot(sqlite3 *db, int n, int round) {
  char sql[128];
  double t = now_s();
  for (int i = 0; i < n; i++) {
    snprintf(sql, sizeof sql, "SELECT v FROM b WHERE id = %d", (i * 31 + round * 10007) % ROWS + 1);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) die("sqlite prepare b");
    if (sqlite3_step(st) != SQLITE_ROW) die("sqlite step b");
    sqlite3_column_text(st, 0);
    sqlite3_finalize(st);
  }
  return now_s() - t;
}

static double sq_insert(void) {
  sqlite3 *db = sq_setup(0);
  double t = now_s();
  sq_exec(db, "BEGIN");
  sqlite3_stmt *st;
  sqlite3_prepare_v2(db, "INSERT INTO b VALUES (?1, ?2)", -1, &st, NULL);
  char v[32];
  for (int i = 1; i <= ROWS; i++) {
    sqlite3_bind_int64(st, 1, i);
    int len = snprintf(v, sizeof v, "value %d", i);
    sqlite3_bind_text(st, 2, v, len, SQLITE_TRANSIENT);
    if (sqlite3_step(st) != SQLITE_DONE) die("sqlite step c");
    sqlite3_reset(st);
  }
  sqlite3_finalize(st);
  sq_exec(db, "COMMIT");
  t = now_s() - t;
  sqlite3_close(db);
  return t;
}

static double min2(double a, double b) { return a < b ? a : b; }

int main(int argc, char **argv) {
  int rounds = argc > 1 ? atoi(argv[1]) : 5;
  pgm_db *pdb = pg_setup(1);
  sqlite3 *sdb = sq_setup(1);
  double best[3][2] = {{1e9, 1e9}, {1e9, 1e9}, {1e9, 1e9}};
  for (int r = 0; r < rounds; r++) {
    best[0][0] = min2(best[0][0], pg_point(pdb, ROWS));
    best[0][1] = min2(best[0][1], sq_point(sdb, ROWS));
    best[1][0] = min2(best[1][0], pg_oneshot(pdb, ONESHOTS, r));
    best[1][1] = min2(best[1][1], sq_oneshot(sdb, ONESHOTS, r));
    best[2][0] = min2(best[2][0], pg_insert());
    best[2][1] = min2(best[2][1], sq_insert());
  }
  static const char *const names[] = {"a point select by PK (prepared), per op",
                                      "b one-shot SELECT with a literal, per op",
                                      "c 100k-row insert in one transaction, total"};
  static const int ops[] = {ROWS, ONESHOTS, 1};
  static const double target[] = {1.3, 5.0, 1.5};
  printf("%-46s %12s %12s %8s %8s\n", "workload", "pgmicro", "sqlite", "ratio", "target");
  for (int i = 0; i < 3; i++) {
    double p = best[i][0] / ops[i], s = best[i][1] / ops[i];
    const char *unit = ops[i] > 1 ? "us" : "ms";
    double scale = ops[i] > 1 ? 1e6 : 1e3;
    printf("%-46s %9.2f %s %9.2f %s %7.2fx %7.1fx\n", names[i], p * scale, unit, s * scale, unit, p / s, target[i]);
  }
  pgm_close(pdb);
  sqlite3_close(sdb);
  return 0;
}
