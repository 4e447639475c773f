/*
** lateral.c — LATERAL subqueries in FROM: the table-valued function
** pgm_lateral, which runs a statement once per outer row.
**
**   pgm_lateral(sql)                           the statement, no parameters
**   pgm_lateral(sql, pgm_lateral_args(v1, ...)) bound to ?1, ?2, ...
**
** SQLite has no LATERAL: a subquery in FROM cannot see the FROM items
** before it.  A table-valued function can — its arguments are join
** constraints, so SQLite runs it inside the loops over the tables they name,
** and a LEFT JOIN NULL-extends the outer rows it returns nothing for.  The
** translator (translate/emit_lateral.c) therefore emits such a subquery as
** its own statement whose outer references are parameters; this is what
** PostgreSQL's nested loop over a LATERAL item does.  Output columns are
** c1..c256, the statement's columns in order (NULL past its last).
**
** The parameter values travel packed in one blob: SQLite re-checks the
** equality constraint of a table-function argument itself when it comes
** 17th or later, and "arg = NULL" would then drop the row, so there is one
** argument column, never NULL.  Values keep their SQLite storage class.
*/
#include "adt/adt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LAT_NCOLS 256
enum { LAT_SQL = LAT_NCOLS, LAT_ARGS };

typedef struct LatTab {
  sqlite3_vtab base;
  pgm_db *db;
} LatTab;

typedef struct LatCur {
  sqlite3_vtab_cursor base;
  sqlite3_stmt *stmt;      /* prepared once per cursor, reset for each outer row */
  char *sql;
  sqlite3_value *args;     /* the packed arguments of the current run (for xColumn) */
  bool eof;
  int64_t rowid;
} LatCur;

/* ---- packing: pgm_lateral_args(v1, ...) ----
** Per value: its SQLite type byte, then 8 bytes (integer, real) or a 4-byte
** length and the bytes (text, blob); nothing for NULL. */

static void pack_args(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  size_t n = 1;
  for (int i = 0; i < argc; i++) n += 1 + 8 + (size_t)sqlite3_value_bytes(argv[i]);
  unsigned char *buf = sqlite3_malloc64(n), *p = buf;
  if (!buf) { sqlite3_result_error_nomem(ctx); return; }
  *p++ = (unsigned char)argc;   /* never an empty blob (SQLite would read it as NULL-ish '') */
  for (int i = 0; i < argc; i++) {
    int t = sqlite3_value_type(argv[i]);
    *p++ = (unsigned char)t;
    if (t == SQLITE_INTEGER) { int64_t v = sqlite3_value_int64(argv[i]); memcpy(p, &v, 8); p += 8; }
    else if (t == SQLITE_FLOAT) { double v = sqlite3_value_double(argv[i]); memcpy(p, &v, 8); p += 8; }
    else if (t == SQLITE_TEXT || t == SQLITE_BLOB) {
      const void *d = t == SQLITE_TEXT ? (const void *)sqlite3_value_text(argv[i]) : sqlite3_value_blob(argv[i]);
      uint32_t len = (uint32_t)sqlite3_value_bytes(argv[i]);
      memcpy(p, &len, 4);
      p += 4;
      if (len) memcpy(p, d, len);
      p += len;
    }
  }
  sqlite3_result_blob64(ctx, buf, (sqlite3_uint64)(p - buf), sqlite3_free);
}

/* Bind the packed values to ?1, ?2, ... of stmt. */
static int bind_args(sqlite3_stmt *stmt, const unsigned char *p, const unsigned char *end) {
  if (p >= end) return SQLITE_OK;
  int argc = *p++;
  for (int i = 1; i <= argc && p < end; i++) {
    int t = *p++, rc = SQLITE_OK;
    if (t == SQLITE_INTEGER) { int64_t v; memcpy(&v, p, 8); p += 8; rc = sqlite3_bind_int64(stmt, i, v); }
    else if (t == SQLITE_FLOAT) { double v; memcpy(&v, p, 8); p += 8; rc = sqlite3_bind_double(stmt, i, v); }
    else if (t == SQLITE_TEXT || t == SQLITE_BLOB) {
      uint32_t len;
      memcpy(&len, p, 4);
      p += 4;
      rc = t == SQLITE_TEXT ? sqlite3_bind_text(stmt, i, (const char *)p, (int)len, SQLITE_TRANSIENT)
                            : sqlite3_bind_blob(stmt, i, p, (int)len, SQLITE_TRANSIENT);
      p += len;
    } else rc = sqlite3_bind_null(stmt, i);
    if (rc != SQLITE_OK) return rc;
  }
  return SQLITE_OK;
}

/* ---- the virtual table ---- */

static int lat_connect(sqlite3 *sq, void *aux, int argc, const char *const *argv, sqlite3_vtab **out, char **err) {
  (void)argc; (void)argv; (void)err;
  StrBuf b = STRBUF_INIT;
  sb_puts(&b, "CREATE TABLE x(");
  for (int i = 0; i < LAT_NCOLS; i++) sb_printf(&b, "c%d, ", i + 1);
  sb_puts(&b, "sql HIDDEN, args HIDDEN)");
  int rc = sqlite3_declare_vtab(sq, sb_str(&b));
  sb_free(&b);
  if (rc != SQLITE_OK) return rc;
  LatTab *t = sqlite3_malloc(sizeof *t);
  if (!t) return SQLITE_NOMEM;
  memset(t, 0, sizeof *t);
  t->db = aux;
  *out = &t->base;
  return SQLITE_OK;
}

static int lat_disconnect(sqlite3_vtab *v) { sqlite3_free(v); return SQLITE_OK; }

/* The statement must be given, and the arguments when there are any: their
** constraints must be usable, which places the function after the tables
** the arguments read. */
static int lat_best_index(sqlite3_vtab *v, sqlite3_index_info *info) {
  (void)v;
  int sql = -1, args = -1;
  for (int i = 0; i < info->nConstraint; i++) {
    const struct sqlite3_index_constraint *c = &info->aConstraint[i];
    if (c->iColumn < LAT_SQL) continue;
    if (c->op != SQLITE_INDEX_CONSTRAINT_EQ || !c->usable) return SQLITE_CONSTRAINT;
    if (c->iColumn == LAT_SQL) sql = i; else args = i;
  }
  if (sql < 0) return SQLITE_CONSTRAINT;
  info->aConstraintUsage[sql].argvIndex = 1;
  info->aConstraintUsage[sql].omit = 1;
  if (args >= 0) {
    info->aConstraintUsage[args].argvIndex = 2;
    info->aConstraintUsage[args].omit = 1;
  }
  info->estimatedCost = 100;
  info->estimatedRows = 10;
  return SQLITE_OK;
}

static int lat_open(sqlite3_vtab *v, sqlite3_vtab_cursor **out) {
  (void)v;
  LatCur *c = sqlite3_malloc(sizeof *c);
  if (!c) return SQLITE_NOMEM;
  memset(c, 0, sizeof *c);
  *out = &c->base;
  return SQLITE_OK;
}

static int lat_close(sqlite3_vtab_cursor *cur) {
  LatCur *c = (LatCur *)cur;
  sqlite3_finalize(c->stmt);
  sqlite3_free(c->sql);
  sqlite3_value_free(c->args);
  sqlite3_free(c);
  return SQLITE_OK;
}

/* The statement failed: its error (ours if a SQL function raised one, which
** db->pending still holds for the outer statement) becomes the vtab's. */
static int lat_fail(LatCur *c, int rc) {
  LatTab *t = (LatTab *)c->base.pVtab;
  sqlite3_free(t->base.zErrMsg);
  t->base.zErrMsg = sqlite3_mprintf("%s", t->db->pending ? t->db->pending->message : sqlite3_errmsg(t->db->sq));
  return rc;
}

static int lat_step(LatCur *c) {
  int rc = sqlite3_step(c->stmt);
  if (rc == SQLITE_ROW) return SQLITE_OK;
  c->eof = true;
  return rc == SQLITE_DONE ? SQLITE_OK : lat_fail(c, rc);
}

static int lat_filter(sqlite3_vtab_cursor *cur, int idxnum, const char *idxstr, int argc, sqlite3_value **argv) {
  (void)idxnum; (void)idxstr;
  LatCur *c = (LatCur *)cur;
  LatTab *t = (LatTab *)cur->pVtab;
  c->eof = true;
  c->rowid = 0;
  const char *sql = argc > 0 ? (const char *)sqlite3_value_text(argv[0]) : NULL;
  if (!sql) return SQLITE_OK;
  if (c->stmt && strcmp(c->sql, sql)) {
    sqlite3_finalize(c->stmt);
    c->stmt = NULL;
  }
  if (!c->stmt) {
    sqlite3_free(c->sql);
    c->sql = sqlite3_mprintf("%s", sql);
    if (!c->sql) return SQLITE_NOMEM;
    int rc = sqlite3_prepare_v3(t->db->sq, sql, -1, SQLITE_PREPARE_PERSISTENT, &c->stmt, NULL);
    if (rc != SQLITE_OK) return lat_fail(c, rc);
  } else {
    sqlite3_reset(c->stmt);
    sqlite3_clear_bindings(c->stmt);
  }
  sqlite3_value_free(c->args);
  c->args = NULL;
  if (argc > 1) {
    c->args = sqlite3_value_dup(argv[1]);
    if (!c->args) return SQLITE_NOMEM;
    const unsigned char *p = sqlite3_value_blob(c->args);
    int rc = bind_args(c->stmt, p, p + sqlite3_value_bytes(c->args));
    if (rc != SQLITE_OK) return lat_fail(c, rc);
  }
  c->eof = false;
  c->rowid = 1;
  return lat_step(c);
}

static int lat_next(sqlite3_vtab_cursor *cur) {
  LatCur *c = (LatCur *)cur;
  c->rowid++;
  return lat_step(c);
}

static int lat_eof(sqlite3_vtab_cursor *cur) { return ((LatCur *)cur)->eof; }

static int lat_column(sqlite3_vtab_cursor *cur, sqlite3_context *ctx, int col) {
  LatCur *c = (LatCur *)cur;
  if (col == LAT_SQL) sqlite3_result_text(ctx, c->sql, -1, SQLITE_TRANSIENT);
  else if (col == LAT_ARGS) { if (c->args) sqlite3_result_value(ctx, c->args); }
  else if (col < sqlite3_column_count(c->stmt)) sqlite3_result_value(ctx, sqlite3_column_value(c->stmt, col));
  return SQLITE_OK;
}

static int lat_rowid(sqlite3_vtab_cursor *cur, sqlite3_int64 *out) {
  *out = ((LatCur *)cur)->rowid;
  return SQLITE_OK;
}

static const sqlite3_module lateral_module = {
  .iVersion = 0,
  .xConnect = lat_connect,
  .xBestIndex = lat_best_index,
  .xDisconnect = lat_disconnect,
  .xOpen = lat_open,
  .xClose = lat_close,
  .xFilter = lat_filter,
  .xNext = lat_next,
  .xEof = lat_eof,
  .xColumn = lat_column,
  .xRowid = lat_rowid,
};

int adt_register_lateral(pgm_db *db) {
  if (sqlite3_create_module_v2(db->sq, "pgm_lateral", &lateral_module, db, NULL) != SQLITE_OK) return -1;
  return sqlite3_create_function_v2(db->sq, "pgm_lateral_args", -1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
                                    pack_args, NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
}
