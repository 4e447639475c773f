/*
** db.c — opening and closing connections.
**
** A connection is one SQLite connection configured for PostgreSQL's
** semantics: foreign keys enforced, extended result codes (to tell which
** constraint failed), every adt function registered, and the user catalog
** created in a new database.
*/
#include "engine/engine.h"
#include "adt/adt.h"
#include "catalog/usercat.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void settings_init(Settings *s) {
  memset(s, 0, sizeof *s);
  s->timezone = pgm_strdup("UTC");
  s->datestyle = pgm_strdup("ISO, MDY");
  s->intervalstyle = pgm_strdup("postgres");
  s->application_name = pgm_strdup("");
  s->client_encoding = pgm_strdup("UTF8");
  s->search_path = pgm_strdup("\"$user\", public");
  s->bytea_output = pgm_strdup("hex");
  s->extra_float_digits = 1;
}

static void settings_free(Settings *s) {
  free(s->timezone);
  free(s->datestyle);
  free(s->intervalstyle);
  free(s->application_name);
  free(s->client_encoding);
  free(s->search_path);
  free(s->bytea_output);
  for (int i = 0; i < s->nother; i++) { free(s->other_names[i]); free(s->other_values[i]); }
  free(s->other_names);
  free(s->other_values);
}

/* SQLite's progress callback: the one place a running statement can be
** stopped, by pgm_interrupt() from another thread or by the timeout. */
static int progress(void *arg) {
  pgm_db *db = arg;
  if (db->interrupt_requested) return 1;
  if (db->deadline_us && pgm_now_us() > db->deadline_us) {
    db->timed_out = 1;
    return 1;
  }
  return 0;
}

/* SQLite's own busy handler sleeps 1, 2, 5, 10, ... 100 ms between tries:
** a writer queued behind short transactions sleeps far longer than the lock
** is held, and an unlucky one starves past the timeout while the others keep
** taking the lock (pgbench, 4 clients: 43 ms per transaction, then 55P03).
** PostgreSQL wakes a waiter when the lock is free; trying again every
** 0.1-1 ms comes close.  A cancel or the statement timeout ends the wait. */
static int busy_wait(void *arg, int tries) {
  pgm_db *db = arg;
  int64_t now = pgm_now_us();
  if (tries == 0) db->busy_since_us = now;
  if (db->interrupt_requested || db->busy_nowait) return 0;
  if (db->deadline_us && now > db->deadline_us) {
    db->timed_out = 1;
    return 0;
  }
  if (now - db->busy_since_us >= (int64_t)db->busy_timeout_ms * 1000) return 0;
  usleep(tries < 20 ? 100 : tries < 200 ? 500 : 1000);
  return 1;
}

/* pgmicro_dialect('postgres'|'sqlite'): the way back from the SQLite dialect. */
static void fn_dialect(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  pgm_db *db = sqlite3_user_data(ctx);
  const char *s = (const char *)sqlite3_value_text(argv[0]);
  if (s && !strcasecmp(s, "postgres")) db->dialect = PGM_DIALECT_POSTGRES;
  else if (s && !strcasecmp(s, "sqlite")) db->dialect = PGM_DIALECT_SQLITE;
  else { sqlite3_result_error(ctx, "dialect must be 'postgres' or 'sqlite'", -1); return; }
  sqlite3_result_text(ctx, db->dialect ? "sqlite" : "postgres", -1, SQLITE_STATIC);
}

static int open_sqlite(const char *path, int flags, pgm_db *db, pgm_error **err) {
  int oflags = SQLITE_OPEN_NOMUTEX;
  if (flags & PGM_OPEN_READONLY) oflags |= SQLITE_OPEN_READONLY;
  else oflags |= SQLITE_OPEN_READWRITE | ((flags & PGM_OPEN_NOCREATE) ? 0 : SQLITE_OPEN_CREATE);
  if (flags & PGM_OPEN_URI) oflags |= SQLITE_OPEN_URI;
  int rc = sqlite3_open_v2(path, &db->sq, oflags, NULL);
  if (rc != SQLITE_OK) {
    *err = pgm_error_new(ERRCODE_IO_ERROR, "could not open database \"%s\": %s", path,
                         db->sq ? sqlite3_errmsg(db->sq) : sqlite3_errstr(rc));
    return PGM_CANTOPEN;
  }
  sqlite3_extended_result_codes(db->sq, 1);
  sqlite3_busy_handler(db->sq, busy_wait, db);
  sqlite3_progress_handler(db->sq, 1000, progress, db);
  sqlite3_create_function_v2(db->sq, "pgmicro_dialect", 1, SQLITE_UTF8, db, fn_dialect, NULL, NULL, NULL);
  char *msg = NULL;
  if (sqlite3_exec(db->sq, "PRAGMA foreign_keys = ON", NULL, NULL, &msg) != SQLITE_OK) {
    *err = pgm_error_new(ERRCODE_IO_ERROR, "%s", msg ? msg : "cannot configure the database");
    sqlite3_free(msg);
    return PGM_CANTOPEN;
  }
  /* Asked for, WAL is switched on here; a result other than "wal" (an
  ** in-memory database) leaves the journal as it was, by design. */
  if ((flags & PGM_OPEN_WAL) && !(flags & PGM_OPEN_READONLY) &&
      sqlite3_exec(db->sq, "PRAGMA journal_mode = WAL", NULL, NULL, &msg) != SQLITE_OK) {
    *err = pgm_error_new(ERRCODE_IO_ERROR, "could not open database \"%s\": %s", path, msg ? msg : "");
    sqlite3_free(msg);
    return PGM_CANTOPEN;
  }
  /* Reading the header validates the file: a non-database fails here. */
  if (sqlite3_exec(db->sq, "SELECT count(*) FROM sqlite_schema", NULL, NULL, &msg) != SQLITE_OK) {
    *err = pgm_error_new(ERRCODE_IO_ERROR, "could not open database \"%s\": %s", path, msg ? msg : "");
    sqlite3_free(msg);
    return PGM_CANTOPEN;
  }
  return PGM_OK;
}

int engine_open(const char *path, int flags, pgm_db **out, pgm_error **err) {
  static int configured;
  if (!configured) {
    /* Memory statistics cost a mutex per allocation; the core does not use them. */
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    configured = 1;
  }
  pgm_catalog_init();
  pgm_db *db = pgm_malloc(sizeof *db);
  memset(db, 0, sizeof *db);
  db->busy_timeout_ms = db->busy_timeout_default_ms = 5000;
  db->dialect = (flags & PGM_OPEN_SQLITE_DIALECT) ? PGM_DIALECT_SQLITE : PGM_DIALECT_POSTGRES;
  settings_init(&db->settings);
  int rc = open_sqlite(path, flags, db, err);
  if (rc == PGM_OK && adt_register_all(db) != 0) {
    *err = pgm_error_new(ERRCODE_INTERNAL_ERROR, "could not register functions: %s", sqlite3_errmsg(db->sq));
    rc = PGM_ERROR;
  }
  if (rc == PGM_OK && usercat_bootstrap(db, err) != 0) rc = PGM_ERROR;
  if (rc != PGM_OK) {
    engine_close(db);
    engine_release(db);
    *out = NULL;
    return rc;
  }
  *out = db;
  return PGM_OK;
}

void engine_close(pgm_db *db) {
  db->closed = 1;
}

void engine_release(pgm_db *db) {
  if (!db->closed || db->nstmts > 0) return;
  plancache_free(db);
  usercat_free_cache(db);
  if (db->schema_stmt) sqlite3_finalize(db->schema_stmt);
  /* An open transaction is rolled back by closing. */
  if (db->sq) sqlite3_close_v2(db->sq);
  settings_free(&db->settings);
  xact_free(db);
  sequence_free(db);
  upsert_keys_clear(db);
  for (int i = 0; i < db->nfresh_tables; i++) free(db->fresh_tables[i].name);
  free(db->fresh_tables);
  pgm_error_free(db->pending);
  free(db);
}
