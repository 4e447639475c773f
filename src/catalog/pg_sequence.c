/*
** pg_sequence.c — pg_catalog.pg_sequence, the pg_sequences view and
** pg_depend, computed from pgm_sequence (see usercat.h).
**
** A sequence's type and CACHE are stored at CREATE/ALTER SEQUENCE
** (pgm_sequence.seqtypid, seqcache).  Sequences made for serial and identity
** columns, and files written before those columns existed, have NULL there:
** the type is then the owning column's (PostgreSQL gives a serial's or an
** identity's sequence its column's type) or, without one, inferred from the
** bounds as ALTER SEQUENCE does; the cache is 1 (PostgreSQL's default).
** CYCLE is refused (sequence_cmds.c), so seqcycle is always false.
**
** pg_depend lists only what psql and drivers read it for: an owned
** sequence's dependency on its column ('a' serial or OWNED BY, 'i' an
** identity column).  The column is the one whose default calls the
** sequence's nextval, or the one named by OWNED BY (pgm_sequence.owned_col).
*/
#include "catalog/syscat_rows.h"

#include <string.h>

/* One row per sequence, with its owning column when there is one. */
static const char *const seq_rows_sql =
  "SELECT s.seqname, coalesce(s.start_value, CASE WHEN s.increment > 0 THEN s.minvalue ELSE s.maxvalue END),"
  " s.increment, s.maxvalue, s.minvalue, coalesce(s.seqcache, 1), s.seqtypid, s.last_value, s.is_called,"
  " s.owned_by, a.attnum, a.atttypid, a.attidentity"
  " FROM pgm_sequence s LEFT JOIN pgm_attribute a ON a.relname = s.owned_by"
  "  AND (a.attname = s.owned_col OR a.attdefault = 'nextval(''' || replace(s.seqname, '''', '''''') || ''')')"
  " GROUP BY s.seqname ORDER BY s.seqname";

typedef struct SeqRow {
  const char *name, *owner;
  int64_t start, inc, max, min, cache, last;
  bool called, has_col;
  Oid type;
  int attnum;
  char deptype;
} SeqRow;

static Oid seq_type_from_bounds(int64_t min, int64_t max) {
  if (max == INT64_MAX || min == INT64_MIN) return PGM_OID_INT8;
  if (max == INT32_MAX || min == INT32_MIN) return PGM_OID_INT4;
  if (max == 32767 || min == -32768) return PGM_OID_INT2;
  return PGM_OID_INT8;
}

static void seq_row_read(sqlite3_stmt *st, SeqRow *s) {
  memset(s, 0, sizeof *s);
  s->name = (const char *)sqlite3_column_text(st, 0);
  s->start = sqlite3_column_int64(st, 1);
  s->inc = sqlite3_column_int64(st, 2);
  s->max = sqlite3_column_int64(st, 3);
  s->min = sqlite3_column_int64(st, 4);
  s->cache = sqlite3_column_int64(st, 5);
  s->last = sqlite3_column_int64(st, 7);
  s->called = sqlite3_column_int(st, 8) != 0;
  s->owner = (const char *)sqlite3_column_text(st, 9);
  s->has_col = sqlite3_column_type(st, 10) != SQLITE_NULL;
  s->attnum = sqlite3_column_int(st, 10);
  const unsigned char *ident = sqlite3_column_text(st, 12);
  s->deptype = ident && *ident ? 'i' : 'a';
  if (sqlite3_column_type(st, 6) != SQLITE_NULL) s->type = (Oid)sqlite3_column_int64(st, 6);
  else if (s->has_col) s->type = (Oid)sqlite3_column_int64(st, 11);
  else s->type = seq_type_from_bounds(s->min, s->max);
}

typedef void (*SeqRowFn)(SyscatCtx *c, SyscatRows *r, const SeqRow *s);

static void seq_each(SyscatCtx *c, SyscatRows *r, SeqRowFn fn) {
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(c->db->sq, seq_rows_sql, -1, &st, NULL) != SQLITE_OK) return;
  while (sqlite3_step(st) == SQLITE_ROW) {
    SeqRow s;
    seq_row_read(st, &s);
    fn(c, r, &s);
  }
  sqlite3_finalize(st);
}

Column syscat_c_sequence[SYSCAT_SEQUENCE_NCOLS] = {
  CC("seqrelid", T_OID), CC("seqtypid", T_OID), CC("seqstart", T_INT8), CC("seqincrement", T_INT8),
  CC("seqmax", T_INT8), CC("seqmin", T_INT8), CC("seqcache", T_INT8), CC("seqcycle", T_BOOL)};

static void seq_catalog_row(SyscatCtx *c, SyscatRows *r, const SeqRow *s) {
  cat_int(r, cat_oid(c, 1259, s->name, "")); cat_int(r, s->type); cat_int(r, s->start); cat_int(r, s->inc);
  cat_int(r, s->max); cat_int(r, s->min); cat_int(r, s->cache); cat_bool(r, false);
}

void syscat_fill_sequence(SyscatCtx *c, SyscatRows *r) { seq_each(c, r, seq_catalog_row); }

Column syscat_c_sequences[SYSCAT_SEQUENCES_NCOLS] = {
  CC("schemaname", T_NAME), CC("sequencename", T_NAME), CC("sequenceowner", T_NAME), CC("data_type", T_REGTYPE),
  CC("start_value", T_INT8), CC("min_value", T_INT8), CC("max_value", T_INT8), CC("increment_by", T_INT8),
  CC("cycle", T_BOOL), CC("cache_size", T_INT8), CC("last_value", T_INT8)};

static void seq_view_row(SyscatCtx *c, SyscatRows *r, const SeqRow *s) {
  (void)c;
  cat_text(r, "public"); cat_text(r, s->name); cat_text(r, "postgres"); cat_int(r, s->type);
  cat_int(r, s->start); cat_int(r, s->min); cat_int(r, s->max); cat_int(r, s->inc);
  cat_bool(r, false); cat_int(r, s->cache); cat_int_or_null(r, !s->called, s->last);   /* NULL before the first nextval */
}

void syscat_fill_sequences(SyscatCtx *c, SyscatRows *r) { seq_each(c, r, seq_view_row); }

Column syscat_c_depend[SYSCAT_DEPEND_NCOLS] = {
  CC("classid", T_OID), CC("objid", T_OID), CC("objsubid", T_INT4), CC("refclassid", T_OID),
  CC("refobjid", T_OID), CC("refobjsubid", T_INT4), CC("deptype", T_CHAR)};

static void seq_depend_row(SyscatCtx *c, SyscatRows *r, const SeqRow *s) {
  if (!s->owner || !s->has_col) return;
  cat_int(r, 1259); cat_int(r, cat_oid(c, 1259, s->name, "")); cat_int(r, 0);
  cat_int(r, 1259); cat_int(r, cat_oid(c, 1259, s->owner, "")); cat_int(r, s->attnum); cat_char(r, s->deptype);
}

void syscat_fill_depend(SyscatCtx *c, SyscatRows *r) { seq_each(c, r, seq_depend_row); }
