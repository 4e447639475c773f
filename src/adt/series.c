/*
** series.c — generate_series as a table-valued function (a SQLite
** eponymous virtual table, pgm_series), the way PostgreSQL's set-returning
** function is used in FROM:
**
**   pgm_series(start, stop, step, kind)   kind 0: integers (int4/int8)
**                                         kind 1: timestamp, step an interval
**                                         kind 2: timestamptz (day and month
**                                                 steps in the session zone)
**
** Like PostgreSQL: an empty series when start is past stop in the step's
** direction, NULL arguments give no rows, a zero step is error 22023.
*/
#include "adt/adt.h"
#include "adt/datetime.h"

#include <stdlib.h>
#include <string.h>

typedef struct SeriesTab {
  sqlite3_vtab base;
  pgm_db *db;
} SeriesTab;

typedef struct SeriesCur {
  sqlite3_vtab_cursor base;
  int kind;
  int64_t value, stop, istep;
  DtInterval step;
  bool forward;
  bool done;
  int64_t rowid;
} SeriesCur;

enum { SER_VALUE, SER_START, SER_STOP, SER_STEP, SER_KIND };

static int ser_connect(sqlite3 *sq, void *aux, int argc, const char *const *argv, sqlite3_vtab **out, char **err) {
  (void)argc; (void)argv; (void)err;
  int rc = sqlite3_declare_vtab(sq, "CREATE TABLE x(value, start HIDDEN, stop HIDDEN, step HIDDEN, kind HIDDEN)");
  if (rc != SQLITE_OK) return rc;
  SeriesTab *t = sqlite3_malloc(sizeof *t);
  if (!t) return SQLITE_NOMEM;
  memset(t, 0, sizeof *t);
  t->db = aux;
  *out = &t->base;
  return SQLITE_OK;
}

static int ser_disconnect(sqlite3_vtab *v) { sqlite3_free(v); return SQLITE_OK; }

/* The arguments must be given (equality constraints on the hidden columns). */
static int ser_best_index(sqlite3_vtab *v, sqlite3_index_info *info) {
  (void)v;
  int idx[SER_KIND + 1] = {-1, -1, -1, -1, -1};
  for (int i = 0; i < info->nConstraint; i++) {
    const struct sqlite3_index_constraint *c = &info->aConstraint[i];
    if (c->iColumn < SER_START || c->op != SQLITE_INDEX_CONSTRAINT_EQ) continue;
    if (!c->usable) return SQLITE_CONSTRAINT;
    idx[c->iColumn] = i;
  }
  if (idx[SER_START] < 0 || idx[SER_STOP] < 0 || idx[SER_STEP] < 0 || idx[SER_KIND] < 0) return SQLITE_CONSTRAINT;
  for (int col = SER_START; col <= SER_KIND; col++) {
    info->aConstraintUsage[idx[col]].argvIndex = col;
    info->aConstraintUsage[idx[col]].omit = 1;
  }
  info->estimatedCost = 1000;
  info->estimatedRows = 1000;
  return SQLITE_OK;
}

static int ser_open(sqlite3_vtab *v, sqlite3_vtab_cursor **out) {
  (void)v;
  SeriesCur *c = sqlite3_malloc(sizeof *c);
  if (!c) return SQLITE_NOMEM;
  memset(c, 0, sizeof *c);
  *out = &c->base;
  return SQLITE_OK;
}

static int ser_close(sqlite3_vtab_cursor *c) { sqlite3_free(c); return SQLITE_OK; }

static int ser_fail(SeriesCur *c, pgm_error *e) {
  SeriesTab *t = (SeriesTab *)c->base.pVtab;
  if (t->db->pending) pgm_error_free(e); else t->db->pending = e;
  sqlite3_free(t->base.zErrMsg);
  t->base.zErrMsg = sqlite3_mprintf("%s", t->db->pending->message);
  return SQLITE_ERROR;
}

static bool ser_past_end(SeriesCur *c) {
  return c->forward ? c->value > c->stop : c->value < c->stop;
}

/* One step further; an overflow ends the series (PostgreSQL stops there too). */
static void ser_advance(SeriesCur *c) {
  SeriesTab *t = (SeriesTab *)c->base.pVtab;
  int64_t next;
  if (c->kind == 0) {
    if (__builtin_add_overflow(c->value, c->istep, &next)) { c->done = true; return; }
  } else if (c->kind == 1) {
    if (dt_ts_pl_interval(c->value, &c->step, &next) != 0) { c->done = true; return; }
  } else {
    int64_t local = dt_utc_to_local(t->db, c->value, NULL), moved;
    if (dt_ts_pl_interval(local, &c->step, &moved) != 0) { c->done = true; return; }
    next = dt_local_to_utc(t->db, moved);
  }
  c->value = next;
  if (ser_past_end(c)) c->done = true;
}

static int ser_filter(sqlite3_vtab_cursor *cur, int idxnum, const char *idxstr, int argc, sqlite3_value **argv) {
  (void)idxnum; (void)idxstr;
  SeriesCur *c = (SeriesCur *)cur;
  c->rowid = 1;
  c->done = false;
  if (argc < 4) { c->done = true; return SQLITE_OK; }
  for (int i = 0; i < 3; i++)
    if (sqlite3_value_type(argv[i]) == SQLITE_NULL) { c->done = true; return SQLITE_OK; }
  c->kind = sqlite3_value_int(argv[3]);
  c->value = sqlite3_value_int64(argv[0]);
  c->stop = sqlite3_value_int64(argv[1]);
  if (c->kind == 0) {
    c->istep = sqlite3_value_int64(argv[2]);
    if (c->istep == 0) return ser_fail(c, pgm_error_new(ERRCODE_INVALID_PARAMETER_VALUE, "step size cannot equal zero"));
    c->forward = c->istep > 0;
  } else {
    const char *s = (const char *)sqlite3_value_text(argv[2]);
    if (dt_interval_parse(s, (size_t)sqlite3_value_bytes(argv[2]), &c->step) != 0)
      return ser_fail(c, pgm_error_new(ERRCODE_INVALID_PARAMETER_VALUE, "invalid interval step"));
    __int128 len = ((__int128)c->step.month * 30 + c->step.day) * 86400000000LL + c->step.time;
    if (len == 0) return ser_fail(c, pgm_error_new(ERRCODE_INVALID_PARAMETER_VALUE, "step size cannot equal zero"));
    c->forward = len > 0;
  }
  if (ser_past_end(c)) c->done = true;
  return SQLITE_OK;
}

static int ser_next(sqlite3_vtab_cursor *cur) {
  SeriesCur *c = (SeriesCur *)cur;
  ser_advance(c);
  c->rowid++;
  return SQLITE_OK;
}

static int ser_eof(sqlite3_vtab_cursor *cur) { return ((SeriesCur *)cur)->done; }

static int ser_column(sqlite3_vtab_cursor *cur, sqlite3_context *ctx, int col) {
  SeriesCur *c = (SeriesCur *)cur;
  if (col == SER_VALUE) sqlite3_result_int64(ctx, c->value);
  else sqlite3_result_null(ctx);
  return SQLITE_OK;
}

static int ser_rowid(sqlite3_vtab_cursor *cur, sqlite3_int64 *out) {
  *out = ((SeriesCur *)cur)->rowid;
  return SQLITE_OK;
}

static const sqlite3_module series_module = {
  .iVersion = 0,
  .xConnect = ser_connect,
  .xBestIndex = ser_best_index,
  .xDisconnect = ser_disconnect,
  .xOpen = ser_open,
  .xClose = ser_close,
  .xFilter = ser_filter,
  .xNext = ser_next,
  .xEof = ser_eof,
  .xColumn = ser_column,
  .xRowid = ser_rowid,
};

int adt_register_series(pgm_db *db) {
  return sqlite3_create_module_v2(db->sq, "pgm_series", &series_module, db, NULL) == SQLITE_OK ? 0 : -1;
}
