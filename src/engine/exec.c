/*
** exec.c — pgm_step and friends: running a plan on SQLite with
** PostgreSQL's transaction rules, converting bound values to the types the
** analyser inferred, and reporting results and errors in PostgreSQL's terms.
*/
#include "engine/engine.h"
#include "engine/violation.h"
#include "adt/adt.h"
#include "analyze/nodes.h"
#include "catalog/usercat.h"
#include "commands/copy.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void engine_set_error(pgm_stmt *st, pgm_error *e) {
  pgm_error_free(st->err);
  st->err = e;
}

void engine_notice(pgm_stmt *st, const char *severity, const char *sqlstate, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  pgm_error *e = pgm_error_newv(sqlstate, fmt, ap);
  va_end(ap);
  snprintf(e->severity, sizeof e->severity, "%s", severity);
  st->notices = pgm_realloc(st->notices, sizeof(pgm_error *) * (size_t)(st->nnotices + 1));
  st->notices[st->nnotices++] = e;
}

void engine_clear_notices(pgm_stmt *st) {
  for (int i = 0; i < st->nnotices; i++) pgm_error_free(st->notices[i]);
  free(st->notices);
  st->notices = NULL;
  st->nnotices = 0;
}

/* The plan's notices ("... does not exist, skipping"), one per line. */
static void plan_notices(pgm_stmt *st) {
  const char *n = st->plan->notice;
  while (n && *n) {
    const char *end = strchr(n, '\n');
    size_t len = end ? (size_t)(end - n) : strlen(n);
    bool exists = len > 15 && strstr(n, "already exists") && strstr(n, "already exists") < n + len;
    engine_notice(st, "NOTICE", exists ? ERRCODE_DUPLICATE_TABLE : "00000", "%.*s", (int)len, n);
    n = end ? end + 1 : NULL;
  }
}

/* ---- errors from SQLite ---- */

pgm_error *engine_sqlite_error(pgm_db *db, int rc, const Plan *plan) {
  if (db->pending) {            /* raised by one of our SQL functions */
    pgm_error *e = db->pending;
    db->pending = NULL;
    return e;
  }
  const char *msg = sqlite3_errmsg(db->sq);
  switch (rc & 0xff) {
  case SQLITE_CONSTRAINT: return violation_error(db, rc, msg, plan);
  case SQLITE_INTERRUPT:
    if (db->timed_out) return pgm_error_new(ERRCODE_QUERY_CANCELED, "canceling statement due to statement timeout");
    return pgm_error_new(ERRCODE_QUERY_CANCELED, "canceling statement due to user request");
  case SQLITE_BUSY: case SQLITE_LOCKED:
    /* The wait for the lock was ended by a cancel or the statement timeout. */
    if (db->timed_out) return pgm_error_new(ERRCODE_QUERY_CANCELED, "canceling statement due to statement timeout");
    if (db->interrupt_requested) return pgm_error_new(ERRCODE_QUERY_CANCELED, "canceling statement due to user request");
    /* The transaction read a snapshot another connection has since written
    ** past, or holds one while another connection writes (SQLite then
    ** cannot wait: the write would follow a stale read): retrying the
    ** statement cannot help, retrying the transaction can. */
    if (rc == SQLITE_BUSY_SNAPSHOT || (rc == SQLITE_BUSY && sqlite3_txn_state(db->sq, NULL) == SQLITE_TXN_READ))
      return pgm_error_new(ERRCODE_T_R_SERIALIZATION_FAILURE, "could not serialize access due to concurrent update");
    return pgm_error_new(ERRCODE_LOCK_NOT_AVAILABLE, "could not obtain lock: database is locked by another connection");
  case SQLITE_NOMEM: return pgm_error_new(ERRCODE_OUT_OF_MEMORY, "out of memory");
  case SQLITE_READONLY: return pgm_error_new(ERRCODE_READ_ONLY_SQL_TRANSACTION, "cannot execute statement: the database is read-only");
  case SQLITE_FULL: return pgm_error_new(ERRCODE_DISK_FULL, "could not write: disk full");
  case SQLITE_TOOBIG: return pgm_error_new(ERRCODE_PROGRAM_LIMIT_EXCEEDED, "%s", msg);
  case SQLITE_MISMATCH: return pgm_error_new(ERRCODE_DATATYPE_MISMATCH, "%s", msg);
  default: return pgm_error_new(ERRCODE_INTERNAL_ERROR, "%s", msg);
  }
}

/* ---- tables new in a transaction (COPY FREEZE) ---- */

/* The tables a DDL plan's SQL creates or empties: "CREATE TABLE \"t\"" and
** TRUNCATE's "DELETE FROM \"t\"" statements.  Missing one only makes COPY
** FREEZE refuse (55000), never accept wrongly. */
static void note_fresh(pgm_db *db, const char *sql, const char *verb) {
  size_t vn = strlen(verb);
  for (const char *p = strstr(sql, verb); p; p = strstr(p + vn, verb)) {
    if (p != sql && p[-1] != '\n' && p[-1] != ' ' && p[-1] != ';') continue;
    const char *q = p + vn;
    if (*q != '"') continue;
    StrBuf b = STRBUF_INIT;
    for (q++; *q && !(q[0] == '"' && q[1] != '"'); q++) {
      if (*q == '"') q++;
      sb_putc(&b, *q);
    }
    db->fresh_tables = pgm_realloc(db->fresh_tables, sizeof *db->fresh_tables * (size_t)(db->nfresh_tables + 1));
    db->fresh_tables[db->nfresh_tables].name = pgm_strdup(sb_str(&b));
    db->fresh_tables[db->nfresh_tables].xact_us = db->xact_start_us;
    db->nfresh_tables++;
    sb_free(&b);
  }
}

void engine_note_fresh_tables(pgm_db *db, const Plan *p) {
  if (!p->tag || (strcmp(p->tag, "TRUNCATE TABLE") && strcmp(p->tag, "CREATE TABLE"))) return;
  /* Entries of earlier transactions are dropped. */
  int k = 0;
  for (int i = 0; i < db->nfresh_tables; i++) {
    if (db->fresh_tables[i].xact_us == db->xact_start_us) db->fresh_tables[k++] = db->fresh_tables[i];
    else free(db->fresh_tables[i].name);
  }
  db->nfresh_tables = k;
  for (int i = 0; i < p->nsql; i++) {
    note_fresh(db, p->sql[i], "DELETE FROM ");
    note_fresh(db, p->sql[i], "CREATE TABLE ");
  }
}

/* ---- interruption and the statement timeout ---- */

void engine_check_interrupt_start(pgm_db *db) {
  db->interrupt_requested = 0;
  db->timed_out = 0;
  int64_t ms = db->settings.statement_timeout_ms;
  db->deadline_us = ms > 0 ? pgm_now_us() + ms * 1000 : 0;
}

/* ---- binding ---- */

static int bind_datum_sqlite(pgm_stmt *st, int i, Datum *d) {
  if (!st->sq) return SQLITE_OK;
  switch (d->kind) {
  case D_NULL: return sqlite3_bind_null(st->sq, i);
  case D_INT: return sqlite3_bind_int64(st->sq, i, d->i);
  case D_FLOAT: return sqlite3_bind_double(st->sq, i, d->f);
  case D_TEXT: { int rc = sqlite3_bind_text(st->sq, i, d->p, (int)d->n, free); d->p = NULL; return rc; }
  case D_BLOB: { int rc = sqlite3_bind_blob(st->sq, i, d->p, (int)d->n, free); d->p = NULL; return rc; }
  }
  return SQLITE_OK;
}

static int bind_fail(pgm_stmt *st, pgm_error *e) {
  engine_set_error(st, e);
  return pgm_error_code(e);
}

static bool int_fits(Oid t, int64_t v) {
  if (t == PGM_OID_INT2) return v >= -32768 && v <= 32767;
  if (t == PGM_OID_INT4) return v >= INT32_MIN && v <= INT32_MAX;
  return true;
}

/* Run a cast function (its pg_proc.prosrc) on one stored value. */
static int cast_with_function(pgm_stmt *st, const char *prosrc, Datum *d, Oid target, Datum *out, pgm_error **err) {
  pgm_db *db = st->db;
  StrBuf sql = STRBUF_INIT;
  sb_printf(&sql, "SELECT %s(?1)", prosrc);
  sqlite3_stmt *q;
  int rc = sqlite3_prepare_v2(db->sq, sb_str(&sql), -1, &q, NULL);
  sb_free(&sql);
  if (rc != SQLITE_OK) { *err = engine_sqlite_error(db, rc, NULL); return -1; }
  switch (d->kind) {
  case D_INT: sqlite3_bind_int64(q, 1, d->i); break;
  case D_FLOAT: sqlite3_bind_double(q, 1, d->f); break;
  case D_TEXT: sqlite3_bind_text(q, 1, d->p, (int)d->n, SQLITE_STATIC); break;
  case D_BLOB: sqlite3_bind_blob(q, 1, d->p, (int)d->n, SQLITE_STATIC); break;
  case D_NULL: break;
  }
  rc = sqlite3_step(q);
  if (rc != SQLITE_ROW) {
    *err = engine_sqlite_error(db, sqlite3_extended_errcode(db->sq), NULL);
    sqlite3_finalize(q);
    return -1;
  }
  Datum v;
  adt_datum_from_value(sqlite3_column_value(q, 0), &v);
  *out = v;
  if (v.p) out->p = pgm_strndup(v.p, v.n);   /* copy out of the statement */
  sqlite3_finalize(q);
  (void)target;
  return 0;
}

/* A value given as text of type src becomes the parameter's type target the
** way an explicit cast would: through the pg_cast function when there is
** one (numeric 1.25 -> int4 rounds), as is when binary-coercible, else
** through text (I/O conversion). */
static int bind_text_as(pgm_stmt *st, int i, Oid src, Oid target, const char *s, size_t n) {
  pgm_error *err = NULL;
  Datum d;
  /* text into a text parameter: checked, then copied by SQLite once. */
  if ((!src || src == PGM_OID_TEXT) && target == PGM_OID_TEXT) {
    if (adt_utf8_check(s, n, &err) != 0) return bind_fail(st, err);
    if (st->sq) sqlite3_bind_text(st->sq, i, n ? s : "", (int)n, SQLITE_TRANSIENT);
    return PGM_OK;
  }
  if (!src || src == target || !adt_type_supported(src)) {
    if (adt_input(st->db, target, -1, s, n, &d, &err) != 0) return bind_fail(st, err);
    bind_datum_sqlite(st, i, &d);
    pgm_datum_free(&d);
    return PGM_OK;
  }
  if (adt_input(st->db, src, -1, s, n, &d, &err) != 0) return bind_fail(st, err);
  const PgCast *c = pgm_cast_find(src, target);
  const PgProc *p = c && c->method == 'f' ? pgm_proc_by_oid(c->func) : NULL;
  if (p && adt_lookup(p->prosrc)) {
    Datum out;
    int rc = cast_with_function(st, p->prosrc, &d, target, &out, &err);
    pgm_datum_free(&d);
    if (rc != 0) return bind_fail(st, err);
    d = out;
  } else if (!(c && c->method == 'b')) {
    StrBuf text = STRBUF_INIT;
    adt_output_datum(st->db, src, -1, &d, &text);
    pgm_datum_free(&d);
    int rc = adt_input(st->db, target, -1, sb_str(&text), text.n, &d, &err);
    sb_free(&text);
    if (rc != 0) return bind_fail(st, err);
  }
  bind_datum_sqlite(st, i, &d);
  pgm_datum_free(&d);
  return PGM_OK;
}

int engine_bind(pgm_stmt *st, int i, int kind, int64_t iv, double dv, const char *s, int64_t len, Oid type_oid) {
  engine_set_error(st, NULL);
  Plan *p = st->plan;
  if (i < 1 || i > p->nparams)
    return bind_fail(st, pgm_error_new(ERRCODE_UNDEFINED_PARAMETER, "there is no parameter $%d", i));
  Oid t = p->paramtypes[i - 1];
  size_t n = s ? (len < 0 ? strlen(s) : (size_t)len) : 0;
  char num[64];
  Datum d = {.kind = D_NULL};
  if (t == 0) {  /* SQLite dialect: values as given */
    switch (kind) {
    case BIND_NULL: d.kind = D_NULL; break;
    case BIND_INT: case BIND_BOOL: d.kind = D_INT; d.i = kind == BIND_BOOL ? iv != 0 : iv; break;
    case BIND_DOUBLE: d.kind = D_FLOAT; d.f = dv; break;
    case BIND_BYTEA: return sqlite3_bind_blob(st->sq, i, s, (int)n, SQLITE_TRANSIENT) == SQLITE_OK ? PGM_OK : PGM_ERROR;
    default: return sqlite3_bind_text(st->sq, i, s, (int)n, SQLITE_TRANSIENT) == SQLITE_OK ? PGM_OK : PGM_ERROR;
    }
    bind_datum_sqlite(st, i, &d);
    return PGM_OK;
  }
  switch (kind) {
  case BIND_NULL:
    bind_datum_sqlite(st, i, &d);
    return PGM_OK;
  case BIND_TEXT: return bind_text_as(st, i, 0, t, s, n);
  case BIND_TYPED: return bind_text_as(st, i, type_oid, t, s, n);
  case BIND_BYTEA:
    if (t == PGM_OID_BYTEA) {
      d.kind = D_BLOB;
      d.p = pgm_malloc(n + 1);
      memcpy(d.p, s, n);
      d.n = n;
      bind_datum_sqlite(st, i, &d);
      return PGM_OK;
    }
    return bind_text_as(st, i, 0, t, s, n);
  case BIND_BOOL:
    if (t == PGM_OID_BOOL) { d.kind = D_INT; d.i = iv != 0; bind_datum_sqlite(st, i, &d); return PGM_OK; }
    return bind_text_as(st, i, PGM_OID_BOOL, t, iv ? "true" : "false", iv ? 4 : 5);
  case BIND_INT:
    if (t == PGM_OID_INT2 || t == PGM_OID_INT4 || t == PGM_OID_INT8) {
      if (!int_fits(t, iv)) {
        const char *name = t == PGM_OID_INT2 ? "smallint" : "integer";
        return bind_fail(st, pgm_error_new(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE, "%s out of range", name));
      }
      d.kind = D_INT;
      d.i = iv;
      bind_datum_sqlite(st, i, &d);
      return PGM_OK;
    }
    snprintf(num, sizeof num, "%lld", (long long)iv);
    return bind_text_as(st, i, PGM_OID_INT8, t, num, strlen(num));
  case BIND_DOUBLE:
    if (t == PGM_OID_FLOAT8 || t == PGM_OID_FLOAT4) {
      if (isnan(dv)) return bind_text_as(st, i, 0, t, "NaN", 3);
      d.kind = D_FLOAT;
      d.f = t == PGM_OID_FLOAT4 ? (double)(float)dv : dv;
      bind_datum_sqlite(st, i, &d);
      return PGM_OK;
    }
    snprintf(num, sizeof num, "%.17g", dv);
    return bind_text_as(st, i, PGM_OID_FLOAT8, t, num, strlen(num));
  }
  return PGM_MISUSE;
}

/* ---- command tags ---- */

/* The tag is written when asked for (pgm_command_tag): formatting it on
** every execution cost a tenth of a small INSERT. */
static void set_tag(pgm_stmt *st) {
  st->tag[0] = 0;
  st->tag_pending = true;
}

const char *engine_command_tag(pgm_stmt *st) {
  if (!st->tag_pending) return st->tag;
  Plan *p = st->plan;
  st->tag_pending = false;
  switch (p->tagkind) {
  case TAG_PLAIN: snprintf(st->tag, sizeof st->tag, "%s", p->tag ? p->tag : ""); break;
  case TAG_SELECT: snprintf(st->tag, sizeof st->tag, "SELECT %lld", (long long)st->changes); break;
  case TAG_INSERT: snprintf(st->tag, sizeof st->tag, "INSERT 0 %lld", (long long)st->changes); break;
  case TAG_UPDATE: snprintf(st->tag, sizeof st->tag, "UPDATE %lld", (long long)st->changes); break;
  case TAG_DELETE: snprintf(st->tag, sizeof st->tag, "DELETE %lld", (long long)st->changes); break;
  case TAG_COPY: snprintf(st->tag, sizeof st->tag, "COPY %lld", (long long)st->changes); break;
  }
  return st->tag;
}

/* ---- running ---- */

static void forget_row(pgm_stmt *st) {
  for (int i = 0; i < st->plan->ncols; i++) {
    st->values[i].v = NULL;
    st->values[i].have_text = false;
    sb_reset(&st->values[i].text);
  }
}

/* An error inside a transaction block aborts the block, as in PostgreSQL:
** everything until ROLLBACK fails with 25P02. */
static int fail(pgm_stmt *st, pgm_error *e) {
  pgm_db *db = st->db;
  if (db->in_block) db->failed = true;
  sequence_restore(db);   /* the failed statement's changes are gone, its nextval()s are not */
  engine_set_error(st, e);
  st->state = 2;
  st->tag[0] = 0;
  st->tag_pending = false;
  return pgm_error_code(e);
}

/* Autocommit statements get now() of their own; in a block it is fixed. */
static void start_statement(pgm_db *db, bool is_query) {
  if (db->nupsert_keys) upsert_keys_clear(db);
  xact_statement_start(db, is_query);
  db->stmt_start_us = pgm_now_us();
  if (!db->in_block) db->xact_start_us = db->stmt_start_us;
  engine_check_interrupt_start(db);
}

static int run_ddl(pgm_stmt *st) {
  pgm_db *db = st->db;
  Plan *p = st->plan;
  char *msg = NULL;
  if (sqlite3_exec(db->sq, "SAVEPOINT pgm_ddl", NULL, NULL, &msg) != SQLITE_OK) {
    sqlite3_free(msg);
    return fail(st, engine_sqlite_error(db, sqlite3_extended_errcode(db->sq), p));
  }
  for (int i = 0; i < p->nsql; i++) {
    int rc = sqlite3_exec(db->sq, p->sql[i], NULL, NULL, &msg);
    if (rc != SQLITE_OK) {
      pgm_error *e = engine_sqlite_error(db, sqlite3_extended_errcode(db->sq), p);
      sqlite3_free(msg);
      sqlite3_exec(db->sq, "ROLLBACK TO pgm_ddl; RELEASE pgm_ddl", NULL, NULL, NULL);
      usercat_invalidate(db);
      plancache_clear(db);
      return fail(st, e);
    }
  }
  if (p->tagkind == TAG_SELECT) st->changes = sqlite3_changes64(db->sq);  /* CREATE TABLE AS: SELECT n */
  sqlite3_exec(db->sq, "RELEASE pgm_ddl", NULL, NULL, NULL);
  engine_note_fresh_tables(db, p);
  usercat_invalidate(db);
  plancache_clear(db);
  db->catalog_version++;
  st->state = 2;
  set_tag(st);
  return PGM_DONE;
}

static int step_sql(pgm_stmt *st) {
  pgm_db *db = st->db;
  if (st->state == 0 && st->plan->catalog_version != db->catalog_version && !st->plan->sqlite_dialect) {
    int rc = engine_replan(st);
    if (rc != PGM_OK) return fail(st, pgm_error_copy(st->err));
  }
  if (st->state == 0) {
    forget_row(st);
    st->changes = 0;
    start_statement(db, st->plan->utility != UTIL_SHOW);
    pgm_error *e = st->plan->row_lock ? xact_lock_rows(db, st->plan) : NULL;
    if (e) return fail(st, e);
  }
  int rc = sqlite3_step(st->sq);
  if (rc == SQLITE_ROW) {
    st->state = 1;
    st->changes++;
    forget_row(st);
    for (int i = 0; i < st->plan->ncols; i++) st->values[i].v = sqlite3_column_value(st->sq, i);
    return PGM_ROW;
  }
  if (rc == SQLITE_DONE) {
    if (!st->plan->returns_rows || st->plan->tagkind != TAG_SELECT) {
      if (st->plan->tagkind == TAG_INSERT || st->plan->tagkind == TAG_UPDATE || st->plan->tagkind == TAG_DELETE)
        st->changes = sqlite3_changes64(db->sq);
    }
    forget_row(st);
    st->state = 2;
    set_tag(st);
    /* Release SQLite's read lock now rather than at the next reset. */
    sqlite3_reset(st->sq);
    return PGM_DONE;
  }
  pgm_error *e = engine_sqlite_error(db, sqlite3_extended_errcode(db->sq), st->plan);
  sqlite3_reset(st->sq);
  forget_row(st);
  violation_detail(db, st->plan, st->sq, e);
  return fail(st, e);
}

int engine_step(pgm_stmt *st) {
  pgm_db *db = st->db;
  engine_set_error(st, NULL);
  if (st->state == 2) return PGM_DONE;
  Plan *p = st->plan;
  if (st->state == 0) {
    engine_clear_notices(st);
    if (p->notice) plan_notices(st);
  }
  if (st->state == 0 && db->failed && !p->sqlite_dialect &&
      !(p->kind == PLAN_UTILITY && (p->utility == UTIL_ROLLBACK || p->utility == UTIL_COMMIT || p->utility == UTIL_ROLLBACK_TO))) {
    engine_set_error(st, pgm_error_new(ERRCODE_IN_FAILED_SQL_TRANSACTION,
                                       "current transaction is aborted, commands ignored until end of transaction block"));
    st->state = 2;
    return PGM_ERROR;
  }
  if (p->copy) {
    if (!st->copy) start_statement(db, true);
    return copy_step(st);
  }
  if (p->kind == PLAN_UTILITY) { start_statement(db, false); return utility_execute(st); }
  if (p->ddl) { start_statement(db, true); return p->nsql ? run_ddl(st) : (st->state = 2, set_tag(st), PGM_DONE); }
  return step_sql(st);
}

int engine_reset(pgm_stmt *st) {
  copy_state_free(st);
  if (st->sq) sqlite3_reset(st->sq);
  engine_clear_notices(st);
  forget_row(st);
  st->state = 0;
  st->tag[0] = 0;
  st->tag_pending = false;
  engine_set_error(st, NULL);
  return PGM_OK;
}
