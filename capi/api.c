/*
** api.c — the C ABI of pgmicro.h: argument checks and ownership rules,
** then a call into the engine.  Nothing here knows SQL.
*/
#include "engine/engine.h"
#include "adt/adt.h"
#include "adt/binary.h"
#include "commands/copy.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

PGM_API const char *pgm_libversion(void) { return PGM_VERSION; }
PGM_API int pgm_libversion_number(void) { return PGM_VERSION_NUMBER; }
PGM_API int pgm_abi_version(void) { return PGM_ABI_VERSION; }
PGM_API const char *pgm_pg_version(void) { return PGM_PG_VERSION; }

/* ---- errors ---- */

static const char *nonnull(const char *s) { return s ? s : ""; }

PGM_API const char *pgm_error_sqlstate(const pgm_error *e) { return e ? e->sqlstate : ""; }
PGM_API const char *pgm_error_message(const pgm_error *e) { return e ? nonnull(e->message) : ""; }
PGM_API const char *pgm_error_detail(const pgm_error *e) { return e ? e->detail : NULL; }
PGM_API const char *pgm_error_hint(const pgm_error *e) { return e ? e->hint : NULL; }
PGM_API int pgm_error_position(const pgm_error *e) { return e ? e->position : 0; }
PGM_API const char *pgm_error_severity(const pgm_error *e) { return e ? e->severity : ""; }

static int give_error(pgm_error **errp, pgm_error *e) {
  int code = pgm_error_code(e);
  if (errp) *errp = e;
  else pgm_error_free(e);
  return code;
}

/* ---- connections ---- */

PGM_API int pgm_open(const char *path, int flags, pgm_db **out, pgm_error **errp) {
  if (errp) *errp = NULL;
  if (!out) return PGM_MISUSE;
  *out = NULL;
  if (!path) return give_error(errp, pgm_error_new(ERRCODE_INVALID_PARAMETER_VALUE, "database path is NULL"));
  pgm_error *e = NULL;
  int rc = engine_open(path, flags, out, &e);
  if (rc != PGM_OK) {
    if (errp) *errp = e; else pgm_error_free(e);
  }
  return rc;
}

PGM_API int pgm_close(pgm_db *db) {
  if (!db || db->closed) return PGM_OK;
  if (db->in_block && db->sq) sqlite3_exec(db->sq, "ROLLBACK", NULL, NULL, NULL);
  engine_close(db);
  engine_release(db);
  return PGM_OK;
}

PGM_API void pgm_interrupt(pgm_db *db) {
  if (!db) return;
  db->interrupt_requested = 1;
  if (db->sq) sqlite3_interrupt(db->sq);
}

PGM_API int pgm_set_statement_timeout(pgm_db *db, int64_t ms) {
  if (!db || db->closed || ms < 0) return PGM_MISUSE;
  db->settings.statement_timeout_ms = ms;
  return PGM_OK;
}

PGM_API int pgm_set_busy_timeout(pgm_db *db, int ms) {
  if (!db || db->closed || ms < 0) return PGM_MISUSE;
  db->busy_timeout_ms = db->busy_timeout_default_ms = ms;   /* read by the busy handler (engine/db.c) */
  return PGM_OK;
}

PGM_API int pgm_set_dialect(pgm_db *db, int dialect) {
  if (!db || db->closed || (dialect != PGM_DIALECT_POSTGRES && dialect != PGM_DIALECT_SQLITE)) return PGM_MISUSE;
  db->dialect = dialect;
  return PGM_OK;
}

PGM_API int pgm_get_dialect(pgm_db *db) { return db ? db->dialect : PGM_DIALECT_POSTGRES; }

/* An engine error handed to the caller (or freed), as its code. */
static int api_result(pgm_error *e, pgm_error **errp) {
  if (!e) return PGM_OK;
  int rc = pgm_error_code(e);
  if (errp) *errp = e;
  else pgm_error_free(e);
  return rc;
}

PGM_API char pgm_transaction_status(pgm_db *db) {
  if (!db || db->closed) return 'I';
  return db->in_block ? (db->failed ? 'E' : 'T') : 'I';
}

PGM_API int pgm_implicit_begin(pgm_db *db, pgm_error **errp) {
  if (errp) *errp = NULL;
  if (!db || db->closed) return PGM_MISUSE;
  pgm_error *e = xact_implicit_begin(db);
  return api_result(e, errp);
}

PGM_API int pgm_implicit_end(pgm_db *db, pgm_error **errp) {
  if (errp) *errp = NULL;
  if (!db || db->closed) return PGM_MISUSE;
  pgm_error *e = xact_implicit_end(db);
  return api_result(e, errp);
}

/* pgm_exec and COPY: rows a COPY TO writes are discarded like result rows;
** a COPY FROM STDIN has no data source and fails. */
static int exec_copy(pgm_stmt *st, int rc) {
  const char *buf;
  size_t n;
  if (rc == PGM_COPY_OUT) while ((rc = copy_get(st, &buf, &n)) == PGM_ROW) {}
  if (rc == PGM_COPY_IN) rc = copy_end(st, "pgm_exec cannot supply COPY data (use pgm_copy_put)");
  return rc;
}

PGM_API int pgm_exec(pgm_db *db, const char *sql, pgm_error **errp) {
  if (errp) *errp = NULL;
  if (!db || db->closed || !sql) return PGM_MISUSE;
  size_t len = strlen(sql), off = 0;
  while (off < len) {
    pgm_stmt *st = NULL;
    size_t tail = 0;
    pgm_error *e = NULL;
    int rc = engine_prepare(db, sql + off, len - off, &st, &tail, &e);
    if (rc != PGM_OK) return give_error(errp, e);
    if (!st) break;
    while ((rc = engine_step(st)) == PGM_ROW) {}
    rc = exec_copy(st, rc);
    if (rc != PGM_DONE) {
      pgm_error *copy = pgm_error_copy(st->err);
      engine_finalize(st);
      return give_error(errp, copy);
    }
    engine_finalize(st);
    if (tail == 0) break;
    off += tail;
  }
  return PGM_OK;
}

/* ---- statements ---- */

PGM_API int pgm_prepare(pgm_db *db, const char *sql, int64_t len, pgm_stmt **out, size_t *tail, pgm_error **errp) {
  if (errp) *errp = NULL;
  if (out) *out = NULL;
  if (tail) *tail = 0;
  if (!db || db->closed || !sql || !out) return PGM_MISUSE;
  size_t n = len < 0 ? strlen(sql) : (size_t)len;
  pgm_error *e = NULL;
  int rc = engine_prepare(db, sql, n, out, tail, &e);
  if (rc != PGM_OK) return give_error(errp, e);
  return PGM_OK;
}

PGM_API int pgm_prepare_v2(pgm_db *db, const char *sql, int64_t len, const uint32_t *param_types,
                           int nparam_types, pgm_stmt **out, size_t *tail, pgm_error **errp) {
  if (errp) *errp = NULL;
  if (out) *out = NULL;
  if (tail) *tail = 0;
  if (!db || db->closed || !sql || !out || nparam_types < 0 || (nparam_types && !param_types)) return PGM_MISUSE;
  size_t n = len < 0 ? strlen(sql) : (size_t)len;
  pgm_error *e = NULL;
  int rc = engine_prepare_typed(db, sql, n, param_types, nparam_types, out, tail, &e);
  if (rc != PGM_OK) return give_error(errp, e);
  return PGM_OK;
}

PGM_API int pgm_finalize(pgm_stmt *st) {
  if (st) engine_finalize(st);
  return PGM_OK;
}

PGM_API int pgm_reset(pgm_stmt *st) { return st ? engine_reset(st) : PGM_MISUSE; }
PGM_API const pgm_error *pgm_stmt_error(pgm_stmt *st) { return st ? st->err : NULL; }
PGM_API const char *pgm_stmt_sql(pgm_stmt *st) { return st ? st->text : NULL; }
PGM_API int pgm_stmt_notice_count(pgm_stmt *st) { return st ? st->nnotices : 0; }
PGM_API const pgm_error *pgm_stmt_notice(pgm_stmt *st, int i) {
  return st && i >= 0 && i < st->nnotices ? st->notices[i] : NULL;
}

/* A statement whose literals were lifted (engine/normalize.c) has no
** parameters of the user's: its own are filled in already. */
PGM_API int pgm_param_count(pgm_stmt *st) { return st && !st->plan->lifted ? st->plan->nparams : 0; }

PGM_API uint32_t pgm_param_type(pgm_stmt *st, int i) {
  if (!st || st->plan->lifted || i < 1 || i > st->plan->nparams) return 0;
  Oid t = st->plan->paramtypes[i - 1];
  return t ? t : PGM_OID_TEXT;
}

/* A statement that is part-way through its rows is reset before new
** bindings take effect, as SQLite requires. */
static int bind(pgm_stmt *st, int i, int kind, int64_t iv, double dv, const char *s, int64_t len, uint32_t oid) {
  if (!st) return PGM_MISUSE;
  if (st->plan->lifted) {
    engine_set_error(st, pgm_error_new(ERRCODE_UNDEFINED_PARAMETER, "there is no parameter $%d", i));
    return PGM_ERROR;
  }
  if (st->state != 0) engine_reset(st);
  return engine_bind(st, i, kind, iv, dv, s, len, oid);
}

PGM_API int pgm_bind_null(pgm_stmt *st, int i) { return bind(st, i, BIND_NULL, 0, 0, NULL, 0, 0); }
PGM_API int pgm_bind_int64(pgm_stmt *st, int i, int64_t v) { return bind(st, i, BIND_INT, v, 0, NULL, 0, 0); }
PGM_API int pgm_bind_double(pgm_stmt *st, int i, double v) { return bind(st, i, BIND_DOUBLE, 0, v, NULL, 0, 0); }
PGM_API int pgm_bind_bool(pgm_stmt *st, int i, int v) { return bind(st, i, BIND_BOOL, v != 0, 0, NULL, 0, 0); }
PGM_API int pgm_bind_text(pgm_stmt *st, int i, const char *s, int64_t len) {
  if (!s) return pgm_bind_null(st, i);
  return bind(st, i, BIND_TEXT, 0, 0, s, len, 0);
}
PGM_API int pgm_bind_bytea(pgm_stmt *st, int i, const void *p, int64_t len) {
  if (!p) return pgm_bind_null(st, i);
  if (len < 0) return PGM_MISUSE;
  return bind(st, i, BIND_BYTEA, 0, 0, p, len, 0);
}
PGM_API int pgm_bind_typed_text(pgm_stmt *st, int i, uint32_t oid, const char *s, int64_t len) {
  if (!s) return pgm_bind_null(st, i);
  return bind(st, i, BIND_TYPED, 0, 0, s, len, oid);
}
PGM_API int pgm_clear_bindings(pgm_stmt *st) {
  if (!st) return PGM_MISUSE;
  if (st->state != 0) engine_reset(st);
  if (st->sq && !st->plan->lifted) sqlite3_clear_bindings(st->sq);
  return PGM_OK;
}

PGM_API int pgm_step(pgm_stmt *st) {
  if (!st) return PGM_MISUSE;
  return engine_step(st);
}

PGM_API int64_t pgm_changes(pgm_stmt *st) { return st && st->state == 2 ? st->changes : 0; }
PGM_API const char *pgm_command_tag(pgm_stmt *st) { return st && st->state == 2 ? engine_command_tag(st) : ""; }

PGM_API int pgm_column_count(pgm_stmt *st) { return st ? st->plan->ncols : 0; }

static bool col_ok(pgm_stmt *st, int i) { return st && i >= 0 && i < st->plan->ncols; }

PGM_API const char *pgm_column_name(pgm_stmt *st, int i) { return col_ok(st, i) ? st->plan->cols[i].name : NULL; }
PGM_API uint32_t pgm_column_type(pgm_stmt *st, int i) { return col_ok(st, i) ? st->plan->cols[i].type : 0; }
PGM_API int32_t pgm_column_typmod(pgm_stmt *st, int i) { return col_ok(st, i) ? st->plan->cols[i].typmod : -1; }
PGM_API const char *pgm_column_type_name(pgm_stmt *st, int i) {
  if (!col_ok(st, i)) return NULL;
  const PgType *t = pgm_type_by_oid(st->plan->cols[i].type);
  return t ? t->typname : "unknown";
}

PGM_API pgm_value *pgm_column_value(pgm_stmt *st, int i) {
  if (!col_ok(st, i) || st->state != 1) return NULL;
  return &st->values[i];
}

PGM_API int pgm_row_values(pgm_stmt *st, pgm_value **out, int n) {
  if (!st || !out || st->state != 1) return 0;
  int k = n < st->plan->ncols ? n : st->plan->ncols;
  for (int i = 0; i < k; i++) out[i] = &st->values[i];
  return k;
}

/* ---- values ---- */

PGM_API uint32_t pgm_value_type(const pgm_value *v) { return v ? v->type : 0; }

PGM_API int pgm_value_is_null(const pgm_value *v) {
  return !v || !v->v || sqlite3_value_type(v->v) == SQLITE_NULL;
}

PGM_API const char *pgm_value_text(const pgm_value *cv, size_t *len) {
  pgm_value *v = (pgm_value *)cv;
  if (pgm_value_is_null(v)) { if (len) *len = 0; return NULL; }
  if (!v->have_text) {
    sb_reset(&v->text);
    if (v->type == PGM_OID_TEXT && sqlite3_value_type(v->v) == SQLITE_TEXT) {
      sb_putn(&v->text, (const char *)sqlite3_value_text(v->v), (size_t)sqlite3_value_bytes(v->v));
    } else {
      adt_output(v->stmt->db, v->type, v->typmod, v->v, &v->text);
      if (!v->text.p) sb_puts(&v->text, "");
    }
    v->have_text = true;
  }
  if (len) *len = v->text.n;
  return v->text.p;
}

/* A double as int64 when that loses nothing, else 0 (the documented
** answer for a value int8 cannot hold exactly). */
static int64_t double_to_int64_exact(double d) {
  if (!(d >= -9223372036854775808.0 && d < 9223372036854775808.0)) return 0;   /* NaN too */
  int64_t i = (int64_t)d;
  return (double)i == d ? i : 0;
}

/* Integer text, optionally with a fraction of zeros ("12", "-7", "12.00"
** as numeric writes it), as int64; anything else (a real fraction, "12abc",
** out of range) gives 0 rather than a truncated guess. */
static int64_t text_to_int64_exact(const char *s) {
  if (!s) return 0;
  char *end;
  errno = 0;
  long long i = strtoll(s, &end, 10);
  if (end == s || errno == ERANGE) return 0;
  if (*end == '.') {
    end++;
    while (*end == '0') end++;
  }
  return *end ? 0 : i;
}

PGM_API int64_t pgm_value_int64(const pgm_value *v) {
  if (pgm_value_is_null(v)) return 0;
  switch (sqlite3_value_type(v->v)) {
  case SQLITE_INTEGER: return sqlite3_value_int64(v->v);
  case SQLITE_FLOAT: return double_to_int64_exact(sqlite3_value_double(v->v));
  default: return text_to_int64_exact(pgm_value_text(v, NULL));
  }
}

PGM_API double pgm_value_double(const pgm_value *v) {
  if (pgm_value_is_null(v)) return 0.0;
  switch (sqlite3_value_type(v->v)) {
  case SQLITE_INTEGER: return (double)sqlite3_value_int64(v->v);
  case SQLITE_FLOAT: return sqlite3_value_double(v->v);
  default: {
    const char *s = pgm_value_text(v, NULL);
    return s ? strtod(s, NULL) : 0.0;
  }
  }
}

PGM_API const void *pgm_value_bytes(const pgm_value *v, size_t *len) {
  if (pgm_value_is_null(v)) { if (len) *len = 0; return NULL; }
  int t = sqlite3_value_type(v->v);
  if (t == SQLITE_BLOB && v->type == PGM_OID_BYTEA) {
    if (len) *len = (size_t)sqlite3_value_bytes(v->v);
    const void *p = sqlite3_value_blob(v->v);
    return p ? p : "";
  }
  return pgm_value_text(v, len);
}

/* ---- COPY ---- */

PGM_API int pgm_copy_put(pgm_stmt *st, const void *data, int64_t len) {
  if (!st || (!data && len != 0)) return PGM_MISUSE;
  size_t n = len < 0 ? strlen(data) : (size_t)len;
  return copy_put(st, data, n);
}

PGM_API int pgm_copy_end(pgm_stmt *st, const char *errmsg) { return st ? copy_end(st, errmsg) : PGM_MISUSE; }

PGM_API int pgm_copy_get(pgm_stmt *st, const char **buf, size_t *len) {
  if (!st || !buf || !len) return PGM_MISUSE;
  return copy_get(st, buf, len);
}

PGM_API int pgm_copy_column_count(pgm_stmt *st) { return st ? copy_column_count(st) : -1; }
PGM_API int pgm_copy_format(pgm_stmt *st) { return st ? copy_format(st) : -1; }
PGM_API const char *pgm_error_context(const pgm_error *e) { return e ? e->context : NULL; }

/* ---- binary formats (adt/binary.c) ---- */

PGM_API int pgm_type_has_binary(uint32_t type_oid) { return adt_binary_supported(type_oid); }

PGM_API const void *pgm_value_binary(const pgm_value *cv, size_t *len) {
  pgm_value *v = (pgm_value *)cv;
  if (len) *len = 0;
  if (pgm_value_is_null(v)) return NULL;
  sb_reset(&v->bin);
  if (adt_send(v->stmt->db, v->type, v->typmod, v->v, &v->bin) != 0) return NULL;
  if (len) *len = v->bin.n;
  return v->bin.p ? v->bin.p : "";
}

static uint64_t be_unsigned(const unsigned char *p, int n) {
  uint64_t v = 0;
  for (int i = 0; i < n; i++) v = (v << 8) | p[i];
  return v;
}

static int bind_binary_fail(pgm_stmt *st, pgm_error *e) {
  if (st->state != 0) engine_reset(st);
  engine_set_error(st, e);
  return PGM_ERROR;
}

/* PostgreSQL's message for a parameter its receive function rejects. */
static int bind_binary_malformed(pgm_stmt *st, int i) {
  return bind_binary_fail(st, pgm_error_new(ERRCODE_INVALID_BINARY_REPRESENTATION,
                                            "incorrect binary data format in bind parameter %d", i));
}

/* Types PostgreSQL's receive function turns into input text. */
static int bind_binary_as_text(pgm_stmt *st, int i, uint32_t oid, const unsigned char *p, size_t len) {
  StrBuf t = STRBUF_INIT;
  int r = adt_recv_text(oid, p, len, &t);
  int rc = r > 0 ? pgm_bind_typed_text(st, i, oid, t.p ? t.p : "", (int64_t)t.n)
         : r == 0 ? bind_binary_fail(st, pgm_error_new(ERRCODE_FEATURE_NOT_SUPPORTED,
                                                   "binary format is not supported for parameter $%d (type OID %u); use text format",
                                                   i, oid))
         : bind_binary_malformed(st, i);
  sb_free(&t);
  return rc;
}

PGM_API int pgm_bind_binary(pgm_stmt *st, int i, uint32_t oid, const void *data, int64_t len) {
  if (!st) return PGM_MISUSE;
  if (!data) return pgm_bind_null(st, i);
  if (len < 0) return PGM_MISUSE;
  const unsigned char *p = data;
  int want = 0;
  switch (oid) {
  case PGM_OID_BOOL: want = 1; break;
  case PGM_OID_INT2: want = 2; break;
  case PGM_OID_INT4: case PGM_OID_FLOAT4: want = 4; break;
  case PGM_OID_INT8: case PGM_OID_FLOAT8: want = 8; break;
  case PGM_OID_BYTEA: return pgm_bind_bytea(st, i, p, len);
  case PGM_OID_TEXT: case PGM_OID_VARCHAR: case PGM_OID_BPCHAR: case PGM_OID_NAME: case PGM_OID_UNKNOWN:
    return pgm_bind_text(st, i, (const char *)p, len);
  default:
    return bind_binary_as_text(st, i, oid, p, (size_t)len);
  }
  if (len != want) return bind_binary_malformed(st, i);
  uint64_t v = be_unsigned(p, want);
  switch (oid) {
  case PGM_OID_BOOL: return pgm_bind_bool(st, i, v != 0);
  case PGM_OID_INT2: return pgm_bind_int64(st, i, (int16_t)v);
  case PGM_OID_INT4: return pgm_bind_int64(st, i, (int32_t)v);
  case PGM_OID_INT8: return pgm_bind_int64(st, i, (int64_t)v);
  case PGM_OID_FLOAT4: { uint32_t b = (uint32_t)v; float f; memcpy(&f, &b, 4); return pgm_bind_double(st, i, f); }
  default: { double d; memcpy(&d, &v, 8); return pgm_bind_double(st, i, d); }
  }
}
