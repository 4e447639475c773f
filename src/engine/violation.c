/*
** violation.c — constraint-violation reports: the SQLSTATE, message and
** DETAIL PostgreSQL 15 gives when a write breaks a NOT NULL, CHECK, UNIQUE
** or FOREIGN KEY constraint.
**
** SQLite names the constraint (or the column) it found broken, but not the
** row.  On the error path only, the failed statement is run again with the
** same bindings inside a savepoint that is then rolled back, with TEMP
** triggers on its target table handing each row to pgm_violation_note():
**
**   - NOT NULL, CHECK, UNIQUE: SQLite checks them row by row after the
**     BEFORE triggers, so the last row noted is the failing one.  Where
**     PostgreSQL checks in another order than SQLite, the failing row is
**     checked again here in PostgreSQL's: CHECK constraints by name;
**     unique keys in creation order (as the schema records it: the CREATE
**     TABLE text, then CREATE UNIQUE INDEX order), probed as each row comes.
**   - FOREIGN KEY: SQLite checks immediate keys at the end of the statement
**     without naming a row, so the re-run defers them (PRAGMA
**     defer_foreign_keys), runs to the end, and the noted rows are checked
**     in the end state in PostgreSQL's order: row by row, for each row the
**     keys that reference the table (its RI "a" triggers), then the keys of
**     the table itself (its "c" triggers).
**
** A re-run that fails differently from the first run (a statement calling a
** volatile function is not re-run at all) leaves the report without DETAIL
** rather than guess.
**
** Sequences: nextval() in the re-run starts from the state the failed run
** started from (its changes were rolled back with it), so it hands out the
** same values; the re-run's marks (engine/sequence.c) are dropped, so the
** sequences end as if there had been no re-run: the failed statement's
** values stay consumed, as in PostgreSQL.
*/
#include "engine/violation.h"
#include "engine/engine.h"
#include "adt/adt.h"
#include "analyze/nodes.h"
#include "catalog/pgcatalog.h"
#include "catalog/usercat.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the message, from SQLite's ---- */

/* The unique constraint over SQLite's column list "t.a, t.b". */
static const Constraint *viol_unique_by_columns(const Table *t, const char *cols) {
  for (int i = 0; t && i < t->ncons; i++) {
    const Constraint *c = &t->cons[i];
    if (c->kind != 'p' && c->kind != 'u' && c->kind != 'i') continue;
    StrBuf b = STRBUF_INIT;
    for (int k = 0; k < c->ncols; k++) sb_printf(&b, "%s%s.%s", k ? ", " : "", t->name, t->cols[c->cols[k]].name);
    bool same = !strcmp(sb_str(&b), cols);
    sb_free(&b);
    if (same) return c;
  }
  return NULL;
}

/* A foreign key failed on a table written by plan: name one (a guess the
** re-run corrects; without one the first constraint that can apply). */
static pgm_error *viol_fkey_guess(pgm_db *db, const Plan *plan) {
  Table *t = plan && plan->target_table ? usercat_table(db, plan->target_table) : NULL;
  const Constraint *fk = NULL;
  for (int i = 0; t && i < t->ncons; i++)
    if (t->cons[i].kind == 'f') { fk = &t->cons[i]; break; }
  if (t && fk && plan->cmd != CMD_DELETE)
    return pgm_error_new(ERRCODE_FOREIGN_KEY_VIOLATION, "insert or update on table \"%s\" violates foreign key constraint \"%s\"",
                         t->name, fk->name);
  if (!t) return pgm_error_new(ERRCODE_FOREIGN_KEY_VIOLATION, "foreign key violation");
  /* A delete or key update on a referenced table: name a constraint that references it. */
  sqlite3_stmt *q;
  char *con = NULL, *child = NULL;
  if (sqlite3_prepare_v2(db->sq, "SELECT conname, relname FROM pgm_constraint WHERE contype='f' AND confrelname=?1 LIMIT 1", -1,
                         &q, NULL) == SQLITE_OK) {
    sqlite3_bind_text(q, 1, t->name, -1, SQLITE_STATIC);
    if (sqlite3_step(q) == SQLITE_ROW) {
      con = pgm_strdup((const char *)sqlite3_column_text(q, 0));
      child = pgm_strdup((const char *)sqlite3_column_text(q, 1));
    }
    sqlite3_finalize(q);
  }
  pgm_error *e = pgm_error_new(ERRCODE_FOREIGN_KEY_VIOLATION,
                               "update or delete on table \"%s\" violates foreign key constraint \"%s\" on table \"%s\"", t->name,
                               con ? con : "?", child ? child : "?");
  free(con);
  free(child);
  return e;
}

pgm_error *violation_error(pgm_db *db, int rc, const char *msg, const Plan *plan) {
  const char *colon = strstr(msg, "failed: ");
  const char *what = colon ? colon + 8 : "";
  switch (rc) {
  case SQLITE_CONSTRAINT_NOTNULL: {
    char table[256] = "", col[256] = "";
    sscanf(what, "%255[^.].%255s", table, col);
    return pgm_error_new(ERRCODE_NOT_NULL_VIOLATION, "null value in column \"%s\" of relation \"%s\" violates not-null constraint", col,
                         table);
  }
  case SQLITE_CONSTRAINT_UNIQUE:
  case SQLITE_CONSTRAINT_PRIMARYKEY: {
    char table[256] = "";
    sscanf(what, "%255[^.]", table);
    const Constraint *c = viol_unique_by_columns(usercat_table(db, table), what);
    return pgm_error_new(ERRCODE_UNIQUE_VIOLATION, "duplicate key value violates unique constraint \"%s\"", c ? c->name : what);
  }
  case SQLITE_CONSTRAINT_CHECK:
    return pgm_error_new(ERRCODE_CHECK_VIOLATION, "new row for relation \"%s\" violates check constraint \"%s\"",
                         plan && plan->target_table ? plan->target_table : "?", what);
  case SQLITE_CONSTRAINT_FOREIGNKEY: return viol_fkey_guess(db, plan);
  default: return pgm_error_new(ERRCODE_INTEGRITY_CONSTRAINT_VIOLATION, "%s", msg);
  }
}

/* ---- the rows of the re-run ---- */

typedef struct NotedRow {
  sqlite3_int64 rowid;     /* UPDATE: the row's rowid before it; else 0 */
  sqlite3_value **oldv;    /* UPDATE, DELETE: the old row (ncols values), else NULL */
  sqlite3_value **newv;    /* INSERT, UPDATE: the new row, else NULL */
} NotedRow;

/* A unique key probed as each new row comes (PostgreSQL's order). */
typedef struct UniqueProbe {
  const Constraint *con;
  sqlite3_stmt *q;         /* SELECT 1 FROM t WHERE key = ?... AND rowid IS NOT ?n */
} UniqueProbe;

struct Violation {
  pgm_db *db;
  const Table *t;
  bool keep_all;           /* foreign keys: every row; else only the last */
  NotedRow *rows;
  int nrows, cap;
  int64_t nvalues;
  bool overflow;           /* too many rows to keep: no DETAIL */
  UniqueProbe *probes;
  int nprobes;
  const Constraint *conflict;   /* the first unique key the last new row conflicts with */
  bool upsert;             /* INSERT ... ON CONFLICT: rows may come twice */
  /* A NULL rowid key stopped by pgm_notnull before the row reached the
  ** triggers: counted instead (see violation_null_key). */
  int64_t nguards, nnew, null_at;
  int null_col;
};

/* Beyond this many values kept, the report goes without DETAIL. */
#define VIOL_MAX_VALUES 4000000

static sqlite3_value **viol_dup_values(sqlite3_value **argv, int n) {
  sqlite3_value **v = pgm_malloc(sizeof *v * (size_t)n);
  for (int i = 0; i < n; i++) v[i] = sqlite3_value_dup(argv[i]);
  return v;
}

static void viol_free_values(sqlite3_value **v, int n) {
  if (!v) return;
  for (int i = 0; i < n; i++) sqlite3_value_free(v[i]);
  free(v);
}

static void viol_free_rows(struct Violation *v) {
  for (int i = 0; i < v->nrows; i++) {
    viol_free_values(v->rows[i].oldv, v->t->ncols);
    viol_free_values(v->rows[i].newv, v->t->ncols);
  }
  free(v->rows);
  v->rows = NULL;
  v->nrows = v->cap = 0;
}

/* The first unique key (in PostgreSQL's order) a new row would duplicate. */
static const Constraint *viol_probe_row(struct Violation *v, sqlite3_value **newv, sqlite3_int64 rowid) {
  for (int i = 0; i < v->nprobes; i++) {
    const Constraint *c = v->probes[i].con;
    sqlite3_stmt *q = v->probes[i].q;
    bool has_null = false;
    for (int k = 0; k < c->ncols; k++) {
      if (sqlite3_value_type(newv[c->cols[k]]) == SQLITE_NULL) has_null = true;
      sqlite3_bind_value(q, k + 1, newv[c->cols[k]]);
    }
    if (rowid) sqlite3_bind_int64(q, c->ncols + 1, rowid);
    else sqlite3_bind_null(q, c->ncols + 1);
    bool found = !has_null && sqlite3_step(q) == SQLITE_ROW;
    sqlite3_reset(q);
    if (found) return c;
  }
  return NULL;
}

/* pgm_violation_note(kind, rowid, values...): one row written by the
** statement being re-run, from the TEMP triggers.  kind 'i' passes the new
** row, 'd' the old one, 'u' the old one and then the new one. */
static void fn_violation_note(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  sqlite3_result_null(ctx);
  struct Violation *v = adt_db(ctx)->violation;
  const char *kind = (const char *)sqlite3_value_text(argv[0]);
  if (!v || !kind) return;
  int n = v->t->ncols;
  int want = 2 + (kind[0] == 'u' ? 2 * n : n);
  if (argc != want || v->overflow) return;
  if (!v->keep_all) viol_free_rows(v);
  if (v->nvalues + want > VIOL_MAX_VALUES) {
    v->overflow = true;
    viol_free_rows(v);
    return;
  }
  if (v->nrows == v->cap) {
    v->cap = v->cap ? v->cap * 2 : 16;
    v->rows = pgm_realloc(v->rows, sizeof *v->rows * (size_t)v->cap);
  }
  NotedRow *r = &v->rows[v->nrows++];
  r->rowid = sqlite3_value_int64(argv[1]);
  r->oldv = kind[0] != 'i' ? viol_dup_values(argv + 2, n) : NULL;
  r->newv = kind[0] != 'd' ? viol_dup_values(argv + 2 + (kind[0] == 'u' ? n : 0), n) : NULL;
  v->nvalues += want;
  if (r->newv && v->nprobes) v->conflict = viol_probe_row(v, r->newv, r->rowid);
  if (r->newv && v->null_at && ++v->nnew == v->null_at) {
    /* The row whose key pgm_notnull let through: the key is NULL, and the
    ** statement fails here as it did the first time. */
    sqlite3_value_free(r->newv[v->null_col]);
    r->newv[v->null_col] = NULL;
    adt_raise(ctx, pgm_error_new(ERRCODE_NOT_NULL_VIOLATION, "null value in column \"%s\" of relation \"%s\" violates not-null constraint",
                                 v->t->cols[v->null_col].name, v->t->name));
  }
}

bool violation_null_key(sqlite3_context *ctx, sqlite3_value **argv) {
  struct Violation *v = adt_db(ctx)->violation;
  if (!v || v->upsert || v->null_at) return false;
  int col = usercat_column(v->t, (const char *)sqlite3_value_text(argv[1]));
  const char *table = (const char *)sqlite3_value_text(argv[2]);
  if (col < 0 || !table || strcmp(table, v->t->name)) return false;
  v->nguards++;
  if (sqlite3_value_type(argv[0]) != SQLITE_NULL) {
    sqlite3_result_value(ctx, argv[0]);
    return true;
  }
  v->null_at = v->nguards;
  v->null_col = col;
  sqlite3_result_int(ctx, 0);   /* a stand-in until the row reaches the triggers */
  return true;
}

const AdtFunc adt_violation_funcs[] = {
  {"pgm_violation_note", -1, ADT_VOLATILE, fn_violation_note},
  {NULL, 0, 0, NULL},
};

/* ---- values as PostgreSQL prints them ---- */

/* One value by its type's output function; NULL is "null". */
static void viol_put_value(pgm_db *db, const Column *col, sqlite3_value *val, StrBuf *b) {
  if (!val || sqlite3_value_type(val) == SQLITE_NULL) { sb_puts(b, "null"); return; }
  adt_output(db, col->type, col->typmod, val, b);
}

/* "(v1, v2, ...)" of the row, each value cut at 64 bytes (on a character
** boundary) and marked "...", as ExecBuildSlotValueDescription does. */
static void viol_row_description(pgm_db *db, const Table *t, sqlite3_value **row, StrBuf *b) {
  StrBuf val = STRBUF_INIT;
  sb_putc(b, '(');
  for (int i = 0; i < t->ncols; i++) {
    sb_reset(&val);
    viol_put_value(db, &t->cols[i], row[i], &val);
    if (i) sb_puts(b, ", ");
    size_t n = val.n;
    if (n <= 64) { sb_putn(b, sb_str(&val), n); continue; }
    n = 64;
    while (n > 0 && ((unsigned char)val.p[n] & 0xC0) == 0x80) n--;   /* not inside a UTF-8 character */
    sb_putn(b, val.p, n);
    sb_puts(b, "...");
  }
  sb_putc(b, ')');
  sb_free(&val);
}

/* "Key (a, b)=(1, 2)" over the columns cols (numbers into t) of row. */
static void viol_key_description(pgm_db *db, const Table *t, const int *cols, int n, sqlite3_value **row, bool quote,
                                 StrBuf *b) {
  sb_puts(b, "Key (");
  for (int k = 0; k < n; k++) {
    if (k) sb_puts(b, ", ");
    if (quote) syscat_quote_ident(b, t->cols[cols[k]].name);
    else sb_puts(b, t->cols[cols[k]].name);
  }
  sb_puts(b, ")=(");
  for (int k = 0; k < n; k++) {
    if (k) sb_puts(b, ", ");
    viol_put_value(db, &t->cols[cols[k]], row[cols[k]], b);
  }
  sb_putc(b, ')');
}

/* ---- the schema, for PostgreSQL's order of checks ---- */

/* The CREATE TABLE text of a table (malloc'd), or NULL. */
static char *viol_table_sql(pgm_db *db, const Table *t) {
  sqlite3_stmt *q;
  const char *sql = t->temp ? "SELECT sql FROM temp.sqlite_schema WHERE type = 'table' AND name = ?1"
                            : "SELECT sql FROM main.sqlite_schema WHERE type = 'table' AND name = ?1";
  if (sqlite3_prepare_v2(db->sq, sql, -1, &q, NULL) != SQLITE_OK) return NULL;
  sqlite3_bind_text(q, 1, t->name, -1, SQLITE_STATIC);
  char *s = sqlite3_step(q) == SQLITE_ROW && sqlite3_column_text(q, 0) ? pgm_strdup((const char *)sqlite3_column_text(q, 0)) : NULL;
  sqlite3_finalize(q);
  return s;
}

/* Skip a quoted span ('...' or "...") starting at s; returns its end. */
static const char *viol_skip_quoted(const char *s) {
  char q = *s++;
  while (*s) {
    if (*s == q && s[1] == q) s += 2;
    else if (*s == q) return s + 1;
    else s++;
  }
  return s;
}

/* Where `CONSTRAINT "name" ` starts in the CREATE TABLE text, outside
** quotes; NULL if absent. */
static const char *viol_find_constraint(const char *ddl, const char *name) {
  StrBuf needle = STRBUF_INIT;
  sb_puts(&needle, "CONSTRAINT ");
  sb_put_ident(&needle, name);
  sb_putc(&needle, ' ');
  const char *hit = NULL;
  for (const char *s = ddl; *s && !hit;) {
    if (*s == '\'' || *s == '"') { s = viol_skip_quoted(s); continue; }
    if (!strncmp(s, sb_str(&needle), needle.n)) hit = s;
    s++;
  }
  sb_free(&needle);
  return hit;
}

/* The SQLite expression of CHECK constraint name (malloc'd), or NULL. */
static char *viol_check_expr(const char *ddl, const char *name) {
  const char *s = ddl ? viol_find_constraint(ddl, name) : NULL;
  if (!s) return NULL;
  s = strstr(s, " CHECK (");
  if (!s) return NULL;
  const char *start = s + 8;
  int depth = 1;
  for (s = start; *s; ) {
    if (*s == '\'' || *s == '"') { s = viol_skip_quoted(s); continue; }
    if (*s == '(') depth++;
    if (*s == ')' && --depth == 0) return pgm_strndup(start, (size_t)(s - start));
    s++;
  }
  return NULL;
}

/* The position of a unique key in PostgreSQL's creation order: its place
** in the CREATE TABLE text, then CREATE UNIQUE INDEX order. */
static long viol_unique_rank(pgm_db *db, const Table *t, const char *ddl, const Constraint *c) {
  const char *at = ddl ? viol_find_constraint(ddl, c->name) : NULL;
  if (at) return (long)(at - ddl);
  sqlite3_stmt *q;
  long rank = LONG_MAX;
  const char *sql = t->temp ? "SELECT rowid FROM temp.sqlite_schema WHERE type = 'index' AND name = ?1"
                            : "SELECT rowid FROM main.sqlite_schema WHERE type = 'index' AND name = ?1";
  if (sqlite3_prepare_v2(db->sq, sql, -1, &q, NULL) != SQLITE_OK) return rank;
  sqlite3_bind_text(q, 1, c->name, -1, SQLITE_STATIC);
  if (sqlite3_step(q) == SQLITE_ROW) rank = (long)(1L << 24) + (long)sqlite3_column_int64(q, 0);
  sqlite3_finalize(q);
  return rank;
}

/* ---- the re-run ---- */

/* SQL naming the table for SQLite: schema-qualified. */
static void viol_put_table(StrBuf *b, const Table *t) {
  sb_puts(b, t->temp ? "temp." : "main.");
  sb_put_ident(b, t->name);
}

static void viol_trigger_sql(StrBuf *b, const Table *t, char kind) {
  static const char *const events[] = {"INSERT", "UPDATE", "DELETE"};
  const char *event = events[kind == 'i' ? 0 : kind == 'u' ? 1 : 2];
  sb_printf(b, "CREATE TEMP TRIGGER \"pgm_violation_%c\" BEFORE %s ON ", kind, event);
  viol_put_table(b, t);
  sb_printf(b, " BEGIN SELECT pgm_violation_note('%c', %s", kind, kind == 'u' ? "OLD.rowid" : "NULL");
  for (int pass = 0; pass < 2; pass++) {
    const char *rec = pass == 0 ? "OLD" : "NEW";
    if ((pass == 0 && kind == 'i') || (pass == 1 && kind == 'd')) continue;
    for (int i = 0; i < t->ncols; i++) {
      sb_printf(b, ", %s.", rec);
      sb_put_ident(b, t->cols[i].name);
    }
  }
  sb_puts(b, "); END;\n");
}

static void viol_drop_triggers(pgm_db *db) {
  sqlite3_exec(db->sq,
               "DROP TRIGGER IF EXISTS temp.\"pgm_violation_i\"; DROP TRIGGER IF EXISTS temp.\"pgm_violation_u\";"
               " DROP TRIGGER IF EXISTS temp.\"pgm_violation_d\";",
               NULL, NULL, NULL);
}

/* Prepare the unique-key probes, in PostgreSQL's order (for 23505 with two
** or more keys that could both be duplicated). */
static void viol_prepare_probes(struct Violation *v, const char *ddl) {
  const Table *t = v->t;
  int n = 0;
  for (int i = 0; i < t->ncons; i++)
    if (strchr("pui", t->cons[i].kind)) n++;
  if (n < 2) return;
  v->probes = pgm_malloc(sizeof *v->probes * (size_t)n);
  long *rank = pgm_malloc(sizeof *rank * (size_t)n);
  for (int i = 0; i < t->ncons; i++) {
    const Constraint *c = &t->cons[i];
    if (!strchr("pui", c->kind) || c->ncols == 0) continue;
    StrBuf sql = STRBUF_INIT;
    sb_puts(&sql, "SELECT 1 FROM ");
    viol_put_table(&sql, t);
    for (int k = 0; k < c->ncols; k++) {
      sb_puts(&sql, k ? " AND " : " WHERE ");
      sb_put_ident(&sql, t->cols[c->cols[k]].name);
      sb_printf(&sql, " = ?%d", k + 1);
    }
    sb_printf(&sql, " AND rowid IS NOT ?%d LIMIT 1", c->ncols + 1);
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(v->db->sq, sb_str(&sql), -1, &q, NULL) == SQLITE_OK) {
      long r = viol_unique_rank(v->db, t, ddl, c);
      int at = v->nprobes++;
      while (at > 0 && rank[at - 1] > r) {   /* insertion sort by rank */
        v->probes[at] = v->probes[at - 1];
        rank[at] = rank[at - 1];
        at--;
      }
      v->probes[at].con = c;
      v->probes[at].q = q;
      rank[at] = r;
    }
    sb_free(&sql);
  }
  free(rank);
}

static void viol_free_probes(struct Violation *v) {
  for (int i = 0; i < v->nprobes; i++) sqlite3_finalize(v->probes[i].q);
  free(v->probes);
  v->probes = NULL;
  v->nprobes = 0;
}

/* The sequence marks (engine/sequence.c) as they were before the re-run. */
typedef struct SeqMarks { struct SeqMark *marks; int n; } SeqMarks;

static SeqMarks viol_save_seqmarks(pgm_db *db) {
  SeqMarks s = {NULL, db->nseqmarks};
  if (s.n) s.marks = pgm_malloc(sizeof *s.marks * (size_t)s.n);
  for (int i = 0; i < s.n; i++) {
    s.marks[i].name = pgm_strdup(db->seqmarks[i].name);
    s.marks[i].value = db->seqmarks[i].value;
  }
  return s;
}

static void viol_restore_seqmarks(pgm_db *db, SeqMarks s) {
  sequence_free(db);
  db->seqmarks = s.marks;
  db->nseqmarks = s.n;
}

/* What a foreign-key analysis (below) found. */
typedef struct FkReport { char *message, *detail; } FkReport;
static void viol_check_fkeys(struct Violation *v, FkReport *out);

/* How the re-run ended. */
typedef struct Rerun {
  int rc;                  /* SQLite's extended result code */
  char *msg;               /* SQLite's message */
  pgm_error *raised;       /* an error raised by a function (pgm_violation_note's replay of pgm_notnull's) */
  FkReport fk;
} Rerun;

static void viol_rerun_free(Rerun *r) {
  free(r->msg);
  pgm_error_free(r->raised);
  free(r->fk.message);
  free(r->fk.detail);
}

/* Step sq from its start to its end or failure, ignoring rows. */
static void viol_step_all(pgm_db *db, sqlite3_stmt *sq, Rerun *out) {
  sqlite3_reset(sq);
  int rc;
  while ((rc = sqlite3_step(sq)) == SQLITE_ROW) {}
  out->rc = rc == SQLITE_DONE ? SQLITE_DONE : sqlite3_extended_errcode(db->sq);
  out->msg = pgm_strdup(sqlite3_errmsg(db->sq));
  out->raised = db->pending;
  db->pending = NULL;
  sqlite3_reset(sq);
}

/* Run the failed statement sq again with the triggers, up to its failure
** (or, deferring foreign keys, to its end, then check them). */
static void viol_rerun(struct Violation *v, sqlite3_stmt *sq, bool fkeys, Rerun *out) {
  pgm_db *db = v->db;
  if (sqlite3_exec(db->sq, "SAVEPOINT pgm_violation", NULL, NULL, NULL) != SQLITE_OK) return;
  if (!fkeys || sqlite3_exec(db->sq, "PRAGMA defer_foreign_keys = ON", NULL, NULL, NULL) == SQLITE_OK) {
    db->violation = v;
    viol_step_all(db, sq, out);
    db->violation = NULL;
    /* Checked in the state the re-run left (for RESTRICT, which SQLite
    ** enforces at once even when deferring: the state before it). */
    if (fkeys && !v->overflow && (out->rc == SQLITE_DONE || out->rc == SQLITE_CONSTRAINT_FOREIGNKEY)) viol_check_fkeys(v, &out->fk);
  }
  sqlite3_exec(db->sq, "ROLLBACK TO pgm_violation", NULL, NULL, NULL);
  if (fkeys) sqlite3_exec(db->sq, "PRAGMA defer_foreign_keys = OFF", NULL, NULL, NULL);
  sqlite3_exec(db->sq, "RELEASE pgm_violation", NULL, NULL, NULL);
}

/* ---- CHECK constraints in PostgreSQL's order (by name) ---- */

static int viol_cmp_names(const void *a, const void *b) {
  return strcmp((*(const Constraint *const *)a)->name, (*(const Constraint *const *)b)->name);
}

/* Whether the SQLite expression expr is false for row (NULL passes). */
static bool viol_check_fails(pgm_db *db, const Table *t, const char *expr, sqlite3_value **row) {
  StrBuf sql = STRBUF_INIT;
  sb_printf(&sql, "SELECT (%s) FROM (SELECT ", expr);
  for (int i = 0; i < t->ncols; i++) {
    const char *coll = adt_collation(t->cols[i].type);
    sb_printf(&sql, "%s?%d", i ? ", " : "", i + 1);
    if (coll) sb_printf(&sql, " COLLATE %s", coll);
    sb_puts(&sql, " AS ");
    sb_put_ident(&sql, t->cols[i].name);
  }
  sb_putc(&sql, ')');
  sqlite3_stmt *q;
  bool fails = false;
  if (sqlite3_prepare_v2(db->sq, sb_str(&sql), -1, &q, NULL) == SQLITE_OK) {
    for (int i = 0; i < t->ncols; i++) sqlite3_bind_value(q, i + 1, row[i]);
    fails = sqlite3_step(q) == SQLITE_ROW && sqlite3_column_type(q, 0) != SQLITE_NULL && sqlite3_column_int(q, 0) == 0;
    sqlite3_finalize(q);
  }
  sb_free(&sql);
  if (db->pending) { pgm_error_free(db->pending); db->pending = NULL; }
  return fails;
}

/* The first CHECK constraint by name that row breaks, or NULL. */
static const Constraint *viol_first_check(pgm_db *db, const Table *t, const char *ddl, sqlite3_value **row) {
  const Constraint **checks = pgm_malloc(sizeof *checks * (size_t)(t->ncons + 1));
  int n = 0;
  for (int i = 0; i < t->ncons; i++)
    if (t->cons[i].kind == 'c') checks[n++] = &t->cons[i];
  if (n > 1) qsort(checks, (size_t)n, sizeof *checks, viol_cmp_names);
  const Constraint *found = NULL;
  for (int i = 0; i < n && !found; i++) {
    char *expr = viol_check_expr(ddl, checks[i]->name);
    if (expr && viol_check_fails(db, t, expr, row)) found = checks[i];
    free(expr);
  }
  free(checks);
  return found;
}

/* ---- foreign keys ---- */

typedef struct FKey {
  char *name;              /* the constraint's PostgreSQL name */
  const Table *child, *parent;
  int n;
  int *ccols, *pcols;      /* column numbers in child and parent */
  bool del_checked, upd_checked;   /* ON DELETE / ON UPDATE NO ACTION or RESTRICT */
  bool del_restrict, upd_restrict;
  long rank;               /* creation order, as far as it is known */
} FKey;

typedef struct FKeys { FKey *k; int n; } FKeys;

static void viol_free_fkeys(FKeys *fks) {
  for (int i = 0; i < fks->n; i++) {
    free(fks->k[i].name);
    free(fks->k[i].ccols);
    free(fks->k[i].pcols);
  }
  free(fks->k);
  fks->k = NULL;
  fks->n = 0;
}

/* The PostgreSQL constraint of child over columns cols referencing parent. */
static const Constraint *viol_fkey_constraint(const Table *child, const char *parent, const int *cols, int n) {
  for (int i = 0; i < child->ncons; i++) {
    const Constraint *c = &child->cons[i];
    if (c->kind != 'f' || c->ncols != n || !c->refrel || strcmp(c->refrel, parent)) continue;
    bool same = true;
    for (int k = 0; k < n; k++) same = same && c->cols[k] == cols[k];
    if (same) return c;
  }
  return NULL;
}

static bool viol_action_checks(const char *action) {
  return action && (!strcmp(action, "NO ACTION") || !strcmp(action, "RESTRICT"));
}

/* Append to fks the foreign keys of child that reference parent (NULL:
** every table), from SQLite's own list; rank_base orders tables. */
static void viol_load_fkeys(pgm_db *db, const Table *child, const char *parent, long rank_base, FKeys *fks) {
  sqlite3_stmt *q;
  if (sqlite3_prepare_v2(db->sq, "SELECT id, \"table\", \"from\", \"to\", on_update, on_delete FROM pragma_foreign_key_list(?1) ORDER BY id, seq",
                         -1, &q, NULL) != SQLITE_OK)
    return;
  sqlite3_bind_text(q, 1, child->name, -1, SQLITE_STATIC);
  char *ddl = viol_table_sql(db, child);
  int rc = sqlite3_step(q);
  while (rc == SQLITE_ROW) {
    int id = sqlite3_column_int(q, 0);
    const char *ptab = (const char *)sqlite3_column_text(q, 1);
    const Table *pt = ptab ? usercat_table(db, ptab) : NULL;
    FKey k = {.child = child, .parent = pt};
    k.del_checked = viol_action_checks((const char *)sqlite3_column_text(q, 5));
    k.upd_checked = viol_action_checks((const char *)sqlite3_column_text(q, 4));
    k.del_restrict = !strcmp((const char *)sqlite3_column_text(q, 5), "RESTRICT");
    k.upd_restrict = !strcmp((const char *)sqlite3_column_text(q, 4), "RESTRICT");
    bool ok = pt && (!parent || !strcmp(pt->name, parent));
    for (; rc == SQLITE_ROW && sqlite3_column_int(q, 0) == id; rc = sqlite3_step(q)) {
      const char *from = (const char *)sqlite3_column_text(q, 2), *to = (const char *)sqlite3_column_text(q, 3);
      int c = from ? usercat_column(child, from) : -1, p = to && pt ? usercat_column(pt, to) : -1;
      if (c < 0 || p < 0) ok = false;   /* an implicit "to" (the parent's key) is never written by pgmicro */
      k.ccols = pgm_realloc(k.ccols, sizeof(int) * (size_t)(k.n + 1));
      k.pcols = pgm_realloc(k.pcols, sizeof(int) * (size_t)(k.n + 1));
      k.ccols[k.n] = c;
      k.pcols[k.n++] = p;
    }
    const Constraint *con = ok ? viol_fkey_constraint(child, pt->name, k.ccols, k.n) : NULL;
    if (!con) {
      free(k.ccols);
      free(k.pcols);
      continue;
    }
    k.name = pgm_strdup(con->name);
    const char *at = ddl ? viol_find_constraint(ddl, con->name) : NULL;
    k.rank = rank_base + (at ? (long)(at - ddl) : 0);
    fks->k = pgm_realloc(fks->k, sizeof *fks->k * (size_t)(fks->n + 1));
    fks->k[fks->n++] = k;
  }
  sqlite3_finalize(q);
  free(ddl);
}

static int viol_cmp_fkeys(const void *a, const void *b) {
  long x = ((const FKey *)a)->rank, y = ((const FKey *)b)->rank;
  return x < y ? -1 : x > y;
}

/* The foreign keys that reference table t, in creation order (the
** referencing tables in the order they were created). */
static void viol_load_referencing(pgm_db *db, const Table *t, FKeys *fks) {
  sqlite3_stmt *q;
  if (sqlite3_prepare_v2(db->sq,
                         "SELECT DISTINCT c.relname, s.rowid FROM pgm_constraint c LEFT JOIN main.sqlite_schema s"
                         " ON s.type = 'table' AND s.name = c.relname WHERE c.contype = 'f' AND c.confrelname = ?1",
                         -1, &q, NULL) != SQLITE_OK)
    return;
  sqlite3_bind_text(q, 1, t->name, -1, SQLITE_STATIC);
  while (sqlite3_step(q) == SQLITE_ROW) {
    const Table *child = usercat_table(db, (const char *)sqlite3_column_text(q, 0));
    if (child) viol_load_fkeys(db, child, t->name, (long)sqlite3_column_int64(q, 1) << 24, fks);
  }
  sqlite3_finalize(q);
  if (fks->n > 1) qsort(fks->k, (size_t)fks->n, sizeof *fks->k, viol_cmp_fkeys);
}

/* Whether table has a row whose columns cols equal the values vals[src[k]]. */
static bool viol_key_exists(pgm_db *db, const Table *table, const int *cols, int n, sqlite3_value **vals, const int *src) {
  StrBuf sql = STRBUF_INIT;
  sb_puts(&sql, "SELECT 1 FROM ");
  viol_put_table(&sql, table);
  for (int k = 0; k < n; k++) {
    sb_puts(&sql, k ? " AND " : " WHERE ");
    sb_put_ident(&sql, table->cols[cols[k]].name);
    sb_printf(&sql, " = ?%d", k + 1);
  }
  sb_puts(&sql, " LIMIT 1");
  sqlite3_stmt *q;
  bool found = false;
  if (sqlite3_prepare_v2(db->sq, sb_str(&sql), -1, &q, NULL) == SQLITE_OK) {
    for (int k = 0; k < n; k++) sqlite3_bind_value(q, k + 1, vals[src[k]]);
    found = sqlite3_step(q) == SQLITE_ROW;
    sqlite3_finalize(q);
  }
  sb_free(&sql);
  return found;
}

static bool viol_key_has_null(sqlite3_value **row, const int *cols, int n) {
  for (int k = 0; k < n; k++)
    if (sqlite3_value_type(row[cols[k]]) == SQLITE_NULL) return true;
  return false;
}

static bool viol_key_unchanged(sqlite3_value **oldv, sqlite3_value **newv, const int *cols, int n) {
  for (int k = 0; k < n; k++) {
    sqlite3_value *a = oldv[cols[k]], *b = newv[cols[k]];
    int ta = sqlite3_value_type(a);
    if (ta != sqlite3_value_type(b) || sqlite3_value_bytes(a) != sqlite3_value_bytes(b)) return false;
    if (ta == SQLITE_INTEGER && sqlite3_value_int64(a) != sqlite3_value_int64(b)) return false;
    if (ta == SQLITE_FLOAT && sqlite3_value_double(a) != sqlite3_value_double(b)) return false;
    if ((ta == SQLITE_TEXT || ta == SQLITE_BLOB) &&
        memcmp(sqlite3_value_blob(a), sqlite3_value_blob(b), (size_t)sqlite3_value_bytes(a)) != 0)
      return false;
  }
  return true;
}

/* A noted old row whose key is still referenced by fk's table (RI_FKey_noaction_del/upd). */
static bool viol_still_referenced(pgm_db *db, const FKey *fk, const NotedRow *r) {
  if (!r->oldv || viol_key_has_null(r->oldv, fk->pcols, fk->n)) return false;
  bool is_restrict = r->newv ? fk->upd_restrict : fk->del_restrict;
  if (!(r->newv ? fk->upd_checked : fk->del_checked)) return false;
  if (r->newv && viol_key_unchanged(r->oldv, r->newv, fk->pcols, fk->n)) return false;
  /* NO ACTION lets another row with the same key take over. */
  if (!is_restrict && viol_key_exists(db, fk->parent, fk->pcols, fk->n, r->oldv, fk->pcols)) return false;
  return viol_key_exists(db, fk->child, fk->ccols, fk->n, r->oldv, fk->pcols);
}

/* A noted new row whose key is missing from fk's referenced table (RI_FKey_check). */
static bool viol_not_present(pgm_db *db, const FKey *fk, const NotedRow *r) {
  if (!r->newv || viol_key_has_null(r->newv, fk->ccols, fk->n)) return false;
  if (r->oldv && viol_key_unchanged(r->oldv, r->newv, fk->ccols, fk->n)) return false;
  return !viol_key_exists(db, fk->parent, fk->pcols, fk->n, r->newv, fk->ccols);
}

/* Check the noted rows in the state the statement left, in PostgreSQL's
** order; on the first violation fill out. */
static void viol_check_fkeys(struct Violation *v, FkReport *out) {
  pgm_db *db = v->db;
  FKeys referencing = {0}, own = {0};
  viol_load_referencing(db, v->t, &referencing);
  viol_load_fkeys(db, v->t, NULL, 0, &own);
  if (own.n > 1) qsort(own.k, (size_t)own.n, sizeof *own.k, viol_cmp_fkeys);
  StrBuf b = STRBUF_INIT;
  for (int i = 0; i < v->nrows && !out->message; i++) {
    const NotedRow *r = &v->rows[i];
    for (int k = 0; k < referencing.n && !out->message; k++) {
      const FKey *fk = &referencing.k[k];
      if (!viol_still_referenced(db, fk, r)) continue;
      out->message = pgm_asprintf("update or delete on table \"%s\" violates foreign key constraint \"%s\" on table \"%s\"",
                                  v->t->name, fk->name, fk->child->name);
      viol_key_description(db, v->t, fk->pcols, fk->n, r->oldv, false, &b);
      sb_printf(&b, " is still referenced from table \"%s\".", fk->child->name);
    }
    for (int k = 0; k < own.n && !out->message; k++) {
      const FKey *fk = &own.k[k];
      if (!viol_not_present(db, fk, r)) continue;
      out->message = pgm_asprintf("insert or update on table \"%s\" violates foreign key constraint \"%s\"", v->t->name, fk->name);
      viol_key_description(db, v->t, fk->ccols, fk->n, r->newv, false, &b);
      sb_printf(&b, " is not present in table \"%s\".", fk->parent->name);
    }
  }
  if (out->message) out->detail = sb_detach(&b);
  sb_free(&b);
  viol_free_fkeys(&referencing);
  viol_free_fkeys(&own);
}

/* ---- the report ---- */

/* Whether a statement can be run again to find its failing row. */
static const Table *viol_rerunnable(pgm_db *db, const Plan *plan, const pgm_error *e) {
  if (!plan || plan->sqlite_dialect || !plan->target_table || plan->volatile_calls) return NULL;
  if (plan->cmd != CMD_INSERT && plan->cmd != CMD_UPDATE && plan->cmd != CMD_DELETE) return NULL;
  if (strcmp(e->sqlstate, ERRCODE_NOT_NULL_VIOLATION) && strcmp(e->sqlstate, ERRCODE_UNIQUE_VIOLATION) &&
      strcmp(e->sqlstate, ERRCODE_CHECK_VIOLATION) && strcmp(e->sqlstate, ERRCODE_FOREIGN_KEY_VIOLATION))
    return NULL;
  const Table *t = usercat_table(db, plan->target_table);
  /* SQLite passes at most 127 arguments to a function. */
  if (!t || 2 + 2 * t->ncols > 127) return NULL;
  return t;
}

static bool viol_has_upsert(const Plan *plan) {
  for (int i = 0; i < plan->nsql; i++)
    if (strstr(plan->sql[i], " ON CONFLICT")) return true;
  return false;
}

/* Whether the re-run failed as the first run did, on the table the
** triggers watched (not, say, in a cascaded write: SQLite's "t.col" says). */
static bool viol_same_failure(struct Violation *v, const Plan *plan, const Rerun *r, const pgm_error *e) {
  if (r->raised) return !strcmp(r->raised->sqlstate, e->sqlstate) && !strcmp(r->raised->message, e->message);
  if ((r->rc & 0xff) != SQLITE_CONSTRAINT || !r->msg) return false;
  pgm_error *again = violation_error(v->db, r->rc, r->msg, plan);
  bool same = !strcmp(again->sqlstate, e->sqlstate) && !strcmp(again->message, e->message);
  pgm_error_free(again);
  if (!same || !strcmp(e->sqlstate, ERRCODE_CHECK_VIOLATION)) return same;
  const char *what = strstr(r->msg, "failed: ");
  char table[256] = "";
  return what && sscanf(what + 8, "%255[^.]", table) == 1 && !strcmp(table, v->t->name);
}

/* 23505: "Key (a)=(1) already exists.", naming the first key PostgreSQL
** would have found duplicated. */
static void viol_describe_unique(struct Violation *v, const Plan *plan, const Rerun *r, sqlite3_value **row, pgm_error *e) {
  const char *what = strstr(r->msg, "failed: ");
  const Constraint *c = what ? viol_unique_by_columns(v->t, what + 8) : NULL;
  if (v->conflict && v->conflict != c && !v->upsert) c = v->conflict;
  if (!c) return;
  StrBuf b = STRBUF_INIT;
  free(e->message);
  e->message = pgm_asprintf("duplicate key value violates unique constraint \"%s\"", c->name);
  viol_key_description(v->db, v->t, c->cols, c->ncols, row, true, &b);
  pgm_error_set_detail(e, "%s already exists.", sb_str(&b));
  sb_free(&b);
}

/* 23502 and 23514: "Failing row contains (...).", and for CHECK the first
** constraint by name the row breaks. */
static void viol_describe_row(struct Violation *v, const char *ddl, sqlite3_value **row, pgm_error *e) {
  const Table *t = v->t;
  if (!strcmp(e->sqlstate, ERRCODE_CHECK_VIOLATION)) {
    int nchecks = 0;
    for (int i = 0; i < t->ncons; i++) nchecks += t->cons[i].kind == 'c';
    const Constraint *c = nchecks > 1 ? viol_first_check(v->db, t, ddl, row) : NULL;
    if (c) {
      free(e->message);
      e->message = pgm_asprintf("new row for relation \"%s\" violates check constraint \"%s\"", t->name, c->name);
    }
  }
  StrBuf b = STRBUF_INIT;
  viol_row_description(v->db, t, row, &b);
  pgm_error_set_detail(e, "Failing row contains %s.", sb_str(&b));
  sb_free(&b);
}

/* Fill e from the re-run r. */
static void viol_describe(struct Violation *v, const Plan *plan, const Rerun *r, const char *ddl, pgm_error *e) {
  if (!strcmp(e->sqlstate, ERRCODE_FOREIGN_KEY_VIOLATION)) {
    if (!r->fk.message) return;
    free(e->message);
    e->message = pgm_strdup(r->fk.message);
    pgm_error_set_detail(e, "%s", r->fk.detail);
    return;
  }
  if (v->nrows == 0 || !v->rows[v->nrows - 1].newv || !viol_same_failure(v, plan, r, e)) return;
  sqlite3_value **row = v->rows[v->nrows - 1].newv;
  if (!strcmp(e->sqlstate, ERRCODE_UNIQUE_VIOLATION)) viol_describe_unique(v, plan, r, row, e);
  else viol_describe_row(v, ddl, row, e);
}

/* Create the TEMP triggers that note the rows plan writes into t. */
static bool viol_create_triggers(pgm_db *db, const Plan *plan, const Table *t) {
  StrBuf sql = STRBUF_INIT;
  viol_drop_triggers(db);
  if (plan->cmd == CMD_INSERT) {
    viol_trigger_sql(&sql, t, 'i');
    viol_trigger_sql(&sql, t, 'u');
  }
  if (plan->cmd == CMD_UPDATE) viol_trigger_sql(&sql, t, 'u');
  if (plan->cmd == CMD_DELETE) viol_trigger_sql(&sql, t, 'd');
  bool ok = sqlite3_exec(db->sq, sb_str(&sql), NULL, NULL, NULL) == SQLITE_OK;
  sb_free(&sql);
  return ok;
}

void violation_detail(pgm_db *db, const Plan *plan, sqlite3_stmt *sq, pgm_error *e) {
  const Table *t = e && sq && !e->detail && !db->violation ? viol_rerunnable(db, plan, e) : NULL;
  if (!t) return;
  bool fkeys = !strcmp(e->sqlstate, ERRCODE_FOREIGN_KEY_VIOLATION);
  char *ddl = viol_table_sql(db, t);
  struct Violation v = {.db = db, .t = t, .keep_all = fkeys, .upsert = viol_has_upsert(plan)};
  if (!strcmp(e->sqlstate, ERRCODE_UNIQUE_VIOLATION)) viol_prepare_probes(&v, ddl);
  SeqMarks marks = viol_save_seqmarks(db);
  bool nowait = db->busy_nowait;
  db->busy_nowait = true;   /* the error is reported either way: never wait for a lock here */
  if (db->nupsert_keys) upsert_keys_clear(db);
  if (viol_create_triggers(db, plan, t)) {
    Rerun r = {0};
    viol_rerun(&v, sq, fkeys, &r);
    if (!v.overflow) viol_describe(&v, plan, &r, ddl, e);
    viol_rerun_free(&r);
  }
  viol_drop_triggers(db);
  if (db->pending) { pgm_error_free(db->pending); db->pending = NULL; }
  if (db->nupsert_keys) upsert_keys_clear(db);
  db->busy_nowait = nowait;
  viol_restore_seqmarks(db, marks);
  viol_free_probes(&v);
  viol_free_rows(&v);
  free(ddl);
}
