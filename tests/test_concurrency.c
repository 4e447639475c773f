/*
** test_concurrency.c — several connections on one database file, through
** the ABI, as the wire server and pooled bindings use it.
**
** Each thread runs transfers of the shape that trips SQLite's snapshot rule:
** BEGIN; SELECT (a read first); UPDATE; INSERT; COMMIT.  Under READ
** COMMITTED (engine/xact.c) every transfer must succeed: the read-only
** start of the block takes fresh snapshots and the first write waits for the
** write lock.  Afterwards every committed transfer is in the history, the
** balances add up, and nothing else is there.  Under REPEATABLE READ the same
** load may fail only with 40001, as PostgreSQL's does, and never lose a
** committed write either.
*/
#include "api_harness.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define THREADS 8
#define TRANSFERS 60
#define ACCOUNTS 5

static char path[256];

/* The database at path and its WAL side files, gone. */
static void remove_db(void) {
  static const char *const suffix[] = {"", "-wal", "-shm"};
  for (int i = 0; i < 3; i++) {
    char f[300];
    snprintf(f, sizeof f, "%s%s", path, suffix[i]);
    unlink(f);
  }
}

/* path = fmt with the pid, and no database there yet. */
static void fresh_db(const char *fmt) {
  snprintf(path, sizeof path, fmt, (int)getpid());
  remove_db();
}

typedef struct Worker {
  int id;
  const char *isolation;
  int committed;             /* transfers acknowledged by COMMIT */
  int serialization_failures;
  char other_error[600];     /* the first error that is not 40001 */
} Worker;

/* Run one statement with int parameters; returns the SQLSTATE of its error
** or NULL, and the first column of the last row in *out. */
static const char *run(pgm_db *db, const char *sql, int n, const int64_t *params, int64_t *out, char *msg) {
  pgm_stmt *st = NULL;
  pgm_error *err = NULL;
  static _Thread_local char state[6];
  if (pgm_prepare(db, sql, -1, &st, NULL, &err) != PGM_OK) {
    snprintf(state, sizeof state, "%s", pgm_error_sqlstate(err));
    snprintf(msg, 256, "%s: %s", sql, pgm_error_message(err));
    pgm_error_free(err);
    return state;
  }
  for (int i = 0; i < n; i++) pgm_bind_int64(st, i + 1, params[i]);
  int rc;
  while ((rc = pgm_step(st)) == PGM_ROW)
    if (out) *out = pgm_value_int64(pgm_column_value(st, 0));
  const char *res = NULL;
  if (rc != PGM_DONE) {
    snprintf(state, sizeof state, "%s", pgm_error_sqlstate(pgm_stmt_error(st)));
    snprintf(msg, 256, "%s: %s", sql, pgm_error_message(pgm_stmt_error(st)));
    res = state;
  }
  pgm_finalize(st);
  return res;
}

/* One transfer: read the source balance, move one unit, record it. */
static const char *transfer(pgm_db *db, Worker *w, int64_t seq, char *msg) {
  int64_t from = (w->id + seq) % ACCOUNTS + 1, to = (w->id + seq + 1) % ACCOUNTS + 1, bal = 0;
  int64_t hist[3] = {w->id * 100000 + seq, from, to};
  char begin[80];
  snprintf(begin, sizeof begin, "BEGIN ISOLATION LEVEL %s", w->isolation);
  const char *e;
  if ((e = run(db, begin, 0, NULL, NULL, msg))) return e;
  if ((e = run(db, "SELECT bal FROM acct WHERE id = $1", 1, &from, &bal, msg)) ||
      (e = run(db, "UPDATE acct SET bal = bal - 1 WHERE id = $1", 1, &from, NULL, msg)) ||
      (e = run(db, "UPDATE acct SET bal = bal + 1 WHERE id = $1", 1, &to, NULL, msg)) ||
      (e = run(db, "INSERT INTO hist VALUES ($1, $2, $3)", 3, hist, NULL, msg)) ||
      (e = run(db, "COMMIT", 0, NULL, NULL, msg))) {
    char ignored[256];
    run(db, "ROLLBACK", 0, NULL, NULL, ignored);
    return e;
  }
  return NULL;
}

static void *work(void *arg) {
  Worker *w = arg;
  pgm_db *db = NULL;
  pgm_error *err = NULL;
  if (pgm_open(path, PGM_OPEN_WAL, &db, &err) != PGM_OK) {
    snprintf(w->other_error, sizeof w->other_error, "open: %s", pgm_error_message(err));
    pgm_error_free(err);
    return NULL;
  }
  for (int64_t seq = 0; seq < TRANSFERS; seq++) {
    char msg[256] = "";
    const char *e = transfer(db, w, seq, msg);
    if (!e) w->committed++;
    else if (!strcmp(e, "40001")) w->serialization_failures++;
    else if (!w->other_error[0]) snprintf(w->other_error, sizeof w->other_error, "%s %s", e, msg);
  }
  pgm_close(db);
  return NULL;
}

static int64_t count(pgm_db *db, const char *sql) {
  char msg[256];
  int64_t v = -1;
  const char *e = run(db, sql, 0, NULL, &v, msg);
  CHECK(!e, "%s", msg);
  return v;
}

static void load(const char *isolation, int must_all_commit) {
  fresh_db("/tmp/pgm_concurrency_%d.db");
  pgm_db *db = NULL;
  CHECK(pgm_open(path, PGM_OPEN_WAL, &db, NULL) == PGM_OK, "open %s", path);
  CHECK(pgm_exec(db, "CREATE TABLE acct (id int PRIMARY KEY, bal int NOT NULL);"
                     "CREATE TABLE hist (id int PRIMARY KEY, src int, dst int);"
                     "INSERT INTO acct SELECT g, 1000 FROM generate_series(1, 5) g", NULL) == PGM_OK, "schema");
  Worker w[THREADS];
  pthread_t t[THREADS];
  memset(w, 0, sizeof w);
  for (int i = 0; i < THREADS; i++) {
    w[i].id = i;
    w[i].isolation = isolation;
    pthread_create(&t[i], NULL, work, &w[i]);
  }
  int committed = 0, retries = 0;
  for (int i = 0; i < THREADS; i++) {
    pthread_join(t[i], NULL);
    committed += w[i].committed;
    retries += w[i].serialization_failures;
    CHECK(!w[i].other_error[0], "%s: worker %d: %s", isolation, i, w[i].other_error);
  }
  if (must_all_commit)
    CHECK(committed == THREADS * TRANSFERS && retries == 0, "%s: %d of %d committed, %d serialization failures",
          isolation, committed, THREADS * TRANSFERS, retries);
  else
    CHECK(committed + retries == THREADS * TRANSFERS && committed > 0, "%s: %d committed + %d failed", isolation, committed, retries);
  /* Exactly the acknowledged transfers are there, and money is conserved. */
  CHECK(count(db, "SELECT count(*) FROM hist") == committed, "%s: history has the committed transfers", isolation);
  CHECK(count(db, "SELECT sum(bal) FROM acct") == 5000, "%s: balances add up", isolation);
  char sql[200];
  snprintf(sql, sizeof sql, "SELECT count(*) FROM acct a WHERE bal <> 1000 - (SELECT count(*) FROM hist WHERE src = a.id)"
                            " + (SELECT count(*) FROM hist WHERE dst = a.id)");
  CHECK(count(db, sql) == 0, "%s: each balance matches its history", isolation);
  pgm_close(db);
  remove_db();
}

/* The journal mode really is WAL, and stays so in the file. */
static void wal_flag(void) {
  fresh_db("/tmp/pgm_concurrency_wal_%d.db");
  pgm_db *db = NULL;
  CHECK(pgm_open(path, PGM_OPEN_WAL, &db, NULL) == PGM_OK, "open with PGM_OPEN_WAL");
  pgm_set_dialect(db, PGM_DIALECT_SQLITE);
  char msg[256];
  pgm_stmt *st = NULL;
  CHECK(pgm_prepare(db, "PRAGMA journal_mode", -1, &st, NULL, NULL) == PGM_OK && pgm_step(st) == PGM_ROW &&
        !strcmp(pgm_value_text(pgm_column_value(st, 0), NULL), "wal"), "journal_mode is wal");
  pgm_finalize(st);
  pgm_close(db);
  (void)msg;
  db = NULL;
  CHECK(pgm_open(":memory:", PGM_OPEN_WAL, &db, NULL) == PGM_OK, "PGM_OPEN_WAL is ignored in memory");
  pgm_close(db);
  remove_db();
}

/* A writer waiting for another's lock gives up after the busy timeout with
** 55P03, or with 57014 when the statement timeout comes first. */
static void lock_wait_limits(void) {
  fresh_db("/tmp/pgm_concurrency_lock_%d.db");
  pgm_db *a = NULL, *b = NULL;
  pgm_open(path, PGM_OPEN_WAL, &a, NULL);
  pgm_open(path, PGM_OPEN_WAL, &b, NULL);
  CHECK(pgm_exec(a, "CREATE TABLE l (id int PRIMARY KEY); INSERT INTO l VALUES (1); BEGIN; UPDATE l SET id = 2", NULL) == PGM_OK,
        "a holds the write lock");
  pgm_error *err = NULL;
  pgm_set_busy_timeout(b, 200);
  CHECK(pgm_exec(b, "UPDATE l SET id = 3", &err) != PGM_OK && err && !strcmp(pgm_error_sqlstate(err), "55P03"),
        "busy timeout: %s", err ? pgm_error_message(err) : "no error");
  pgm_error_free(err);
  err = NULL;
  CHECK(pgm_exec(b, "SET lock_timeout = '150ms'; UPDATE l SET id = 3", &err) != PGM_OK && err &&
        !strcmp(pgm_error_sqlstate(err), "55P03"), "SET lock_timeout: %s", err ? pgm_error_message(err) : "no error");
  pgm_error_free(err);
  err = NULL;
  pgm_exec(b, "SET lock_timeout = 0", NULL);   /* wait as long as it takes: the statement timeout ends it */
  pgm_set_statement_timeout(b, 100);
  CHECK(pgm_exec(b, "UPDATE l SET id = 3", &err) != PGM_OK && err && !strcmp(pgm_error_sqlstate(err), "57014") &&
        strstr(pgm_error_message(err), "statement timeout"), "statement timeout: %s", err ? pgm_error_message(err) : "no error");
  pgm_error_free(err);
  pgm_exec(a, "COMMIT", NULL);
  pgm_set_statement_timeout(b, 0);
  CHECK(pgm_exec(b, "UPDATE l SET id = 3", NULL) == PGM_OK, "the lock is free after COMMIT");
  pgm_close(a);
  pgm_close(b);
  remove_db();
}

/* SELECT ... FOR UPDATE in a block keeps other writers (and other lockers)
** out until the block ends; plain readers are not held up. */
static void row_locks(void) {
  fresh_db("/tmp/pgm_concurrency_rows_%d.db");
  pgm_db *a = NULL, *b = NULL;
  pgm_open(path, PGM_OPEN_WAL, &a, NULL);
  pgm_open(path, PGM_OPEN_WAL, &b, NULL);
  pgm_set_busy_timeout(b, 200);
  CHECK(pgm_exec(a, "CREATE TABLE job (id int PRIMARY KEY, done bool); INSERT INTO job VALUES (1, false), (2, false)", NULL) == PGM_OK, "jobs");
  CHECK(pgm_exec(a, "BEGIN; SELECT id FROM job WHERE NOT done ORDER BY id LIMIT 1 FOR UPDATE", NULL) == PGM_OK, "a locks");
  pgm_error *err = NULL;
  CHECK(pgm_exec(b, "UPDATE job SET done = true WHERE id = 2", &err) != PGM_OK && err && !strcmp(pgm_error_sqlstate(err), "55P03"),
        "a writer waits for the locker, then 55P03: %s", err ? pgm_error_message(err) : "no error");
  pgm_error_free(err);
  err = NULL;
  CHECK(pgm_exec(b, "BEGIN; SELECT id FROM job FOR UPDATE NOWAIT", &err) != PGM_OK && err &&
        !strcmp(pgm_error_sqlstate(err), "55P03") && !strcmp(pgm_error_message(err), "could not obtain lock on row in relation \"job\""),
        "NOWAIT: %s", err ? pgm_error_message(err) : "no error");
  pgm_error_free(err);
  pgm_exec(b, "ROLLBACK", NULL);
  CHECK(pgm_exec(b, "SELECT count(*) FROM job", NULL) == PGM_OK, "a plain reader is not held up");
  CHECK(pgm_exec(a, "UPDATE job SET done = true WHERE id = 1; COMMIT", NULL) == PGM_OK, "a finishes its job");
  /* Now b gets the lock, and sees a's commit. */
  CHECK(pgm_exec(b, "BEGIN", NULL) == PGM_OK, "b begins");
  CHECK(!strcmp(scalar(b, "SELECT id FROM job WHERE NOT done ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED"), "2"),
        "the next locker gets the next job");
  pgm_exec(b, "COMMIT", NULL);
  pgm_close(a);
  pgm_close(b);
  remove_db();
}

int main(void) {
  wal_flag();
  lock_wait_limits();
  row_locks();
  load("READ COMMITTED", 1);
  load("REPEATABLE READ", 0);
  printf("test_concurrency: %d passed, %d failed\n", passed, failed);
  return failed ? 1 : 0;
}
