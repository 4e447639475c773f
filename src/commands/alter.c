/*
** alter.c — ALTER TABLE and ALTER TABLE ... RENAME.
**
** The subcommands of one ALTER TABLE are applied in order to a working copy
** of the table (columns, constraints, indexes) and turned into SQL at the
** end, so they run all or none (the DDL savepoint).  Three shapes:
**
**   - catalog only: SET/DROP DEFAULT (defaults live in pgm_attribute);
**   - native SQLite: ADD COLUMN without constraints (then an UPDATE for its
**     default), DROP COLUMN of a column in no constraint or index, RENAME
**     COLUMN, RENAME TO;
**   - rebuild (everything else): the rows go through a staging table where
**     the new constraints are validated with PostgreSQL's errors (23502
**     "contains null values", 23514 "is violated by some row", 23505
**     "could not create unique index", 23503), then the table is dropped and
**     created again with its constraints, refilled, and its indexes
**     recreated.  A table other tables reference is not rebuilt (dropping
**     it would fire their ON DELETE actions): 0A000.
**
** Column numbers: pgm_attribute.attnum is renumbered 1..n after DROP COLUMN
** (PostgreSQL keeps a hidden dropped attnum; the visible order, which is
** what SELECT * shows, is the same).
*/
#include "commands/ddl.h"
#include "adt/adt.h"
#include "catalog/ruleutils.h"
#include "translate/translate.h"

#include <stdlib.h>
#include <string.h>

typedef struct AltCon {
  Constraint k;
  char *sql;               /* c, f: the clause after "CONSTRAINT name " in SQLite; p, u: NULL (regenerated) */
  bool added;
} AltCon;

typedef struct AltState {
  Analysis *an;
  Table *old;
  Table nt;                /* the working copy */
  char **src;              /* per new column: SQL over the old table giving its value */
  int capcols;
  AltCon *cons; int ncons, capcons;
  char **idxsql; char **idxname; int nidx;
  bool rebuild;
  StrBuf native;           /* SQL for the native path */
  StrBuf validate;         /* checks run on the staging table */
  StrBuf catalog;          /* extra catalog maintenance */
  StrBuf seqs;             /* sequences of new serial columns (before the rows are copied) */
  StrBuf notices;
  bool reloptions_set;     /* SET (...) / RESET (...) given: reloptions is the new value */
  char *reloptions;
  bool catalog_changed;
} AltState;

/* pgm_ddl_raise(sqlstate, message, detail): raise a PostgreSQL error from
** validation SQL; registered on a connection the first time it is needed. */
static void alt_fn_raise(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  pgm_db *db = sqlite3_user_data(ctx);
  pgm_error *e = pgm_error_new((const char *)sqlite3_value_text(argv[0]), "%s", (const char *)sqlite3_value_text(argv[1]));
  if (argc > 2 && sqlite3_value_type(argv[2]) != SQLITE_NULL) pgm_error_set_detail(e, "%s", (const char *)sqlite3_value_text(argv[2]));
  if (db->pending) pgm_error_free(e);
  else db->pending = e;
  sqlite3_result_error(ctx, db->pending->message, -1);
}

static void alt_register(pgm_db *db) {
  sqlite3_create_function_v2(db->sq, "pgm_ddl_raise", -1, SQLITE_UTF8, db, alt_fn_raise, NULL, NULL, NULL);
}

__attribute__((noreturn)) static void alt_throw(Analysis *an, pgm_error *e) {
  an->err = e;
  longjmp(an->on_error, 1);
}


void ddl_emit_create(const Table *t, const char *sqlname, const char *extra, StrBuf *b) {
  sb_puts(b, "CREATE TABLE ");
  sb_put_ident(b, sqlname);
  sb_puts(b, " (");
  for (int i = 0; i < t->ncols; i++) {
    if (i) sb_puts(b, ", ");
    sb_put_ident(b, t->cols[i].name);
    sb_printf(b, " %s", ddl_sqlite_type(t->cols[i].type));
    if (t->cols[i].type == PGM_OID_NUMERIC && t->cols[i].typmod < 0) sb_puts(b, " COLLATE pgm_numeric");
    if (t->cols[i].notnull) sb_puts(b, " NOT NULL");
  }
  for (int i = 0; i < t->ncons; i++) {
    const Constraint *c = &t->cons[i];
    if (c->kind != 'p' && c->kind != 'u') continue;
    sb_puts(b, ", CONSTRAINT ");
    sb_put_ident(b, c->name);
    sb_puts(b, c->kind == 'p' ? " PRIMARY KEY (" : " UNIQUE (");
    for (int k = 0; k < c->ncols; k++) { if (k) sb_puts(b, ", "); sb_put_ident(b, t->cols[c->cols[k]].name); }
    sb_putc(b, ')');
  }
  if (extra) sb_puts(b, extra);
  sb_puts(b, ") STRICT;\n");
}

/* ---- reading the table's SQLite definition ---- */

static char *alt_schema_sql(pgm_db *db, const char *type, const char *name) {
  sqlite3_stmt *st;
  char *sql = NULL;
  if (sqlite3_prepare_v2(db->sq, "SELECT sql FROM sqlite_schema WHERE type = ?1 AND name = ?2", -1, &st, NULL) != SQLITE_OK) return NULL;
  sqlite3_bind_text(st, 1, type, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
  if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0)) sql = pgm_strdup((const char *)sqlite3_column_text(st, 0));
  sqlite3_finalize(st);
  return sql;
}

/* The CHECK / FOREIGN KEY clauses of CREATE TABLE sql: "CONSTRAINT "n" rest". */
static char *alt_clause_for(Analysis *an, const char *sql, const char *conname) {
  if (!sql) return NULL;
  const char *p = strchr(sql, '(');
  if (!p) return NULL;
  p++;
  int depth = 0;
  const char *item = p;
  for (const char *s = p;; s++) {
    char ch = *s;
    if (!ch) break;
    if (ch == '\'' || ch == '"') {
      char q = ch;
      for (s++; *s; s++) { if (*s == q) { if (s[1] == q) s++; else break; } }
      if (!*s) break;
      continue;
    }
    if (ch == '(') depth++;
    else if ((ch == ')' && depth == 0) || (ch == ',' && depth == 0)) {
      /* item .. s */
      while (*item == ' ') item++;
      if (!strncmp(item, "CONSTRAINT \"", 12)) {
        StrBuf name = STRBUF_INIT;
        const char *q = item + 12;
        for (; *q; q++) { if (*q == '"') { if (q[1] == '"') { sb_putc(&name, '"'); q++; continue; } break; } sb_putc(&name, *q); }
        bool match = !strcmp(sb_str(&name), conname);
        sb_free(&name);
        if (match && *q) {
          q++;
          while (*q == ' ') q++;
          char *r = an_alloc(an, (size_t)(s - q) + 1);
          memcpy(r, q, (size_t)(s - q));
          return r;
        }
      }
      if (ch == ')') break;
      item = s + 1;
    } else if (ch == ')') depth--;
  }
  return NULL;
}

static bool alt_mentions(const char *sql, const char *col) {
  StrBuf q = STRBUF_INIT;
  sb_put_ident(&q, col);
  bool r = sql && strstr(sql, sb_str(&q)) != NULL;
  sb_free(&q);
  return r;
}

static void alt_load(AltState *s, Table *t) {
  Analysis *an = s->an;
  s->old = t;
  s->nt.name = t->name;
  s->nt.ncols = t->ncols;
  s->capcols = t->ncols + 4;
  s->nt.cols = an_alloc(an, sizeof(Column) * (size_t)s->capcols);
  s->src = an_alloc(an, sizeof(char *) * (size_t)s->capcols);
  for (int i = 0; i < t->ncols; i++) {
    s->nt.cols[i] = t->cols[i];
    s->nt.cols[i].name = an_strdup(an, t->cols[i].name);
    StrBuf b = STRBUF_INIT;
    sb_put_ident(&b, t->cols[i].name);
    s->src[i] = an_strdup(an, sb_str(&b));
    sb_free(&b);
  }
  char *sql = alt_schema_sql(an->db, "table", t->name);
  char *asql = sql ? an_strdup(an, sql) : NULL;
  free(sql);
  s->capcons = t->ncons + 4;
  s->cons = an_alloc(an, sizeof(AltCon) * (size_t)s->capcons);
  for (int i = 0; i < t->ncons; i++) {
    AltCon *c = &s->cons[s->ncons++];
    c->k = t->cons[i];
    c->k.cols = an_alloc(an, sizeof(int) * (size_t)(t->cons[i].ncols + 1));
    memcpy(c->k.cols, t->cons[i].cols, sizeof(int) * (size_t)t->cons[i].ncols);
    if (c->k.kind == 'c' || c->k.kind == 'f') {
      c->sql = alt_clause_for(an, asql, c->k.name);
      if (!c->sql) an_unsupported(an, -1, "ALTER TABLE on a table whose definition pgmicro cannot read back");
    }
  }
  /* Indexes made by CREATE INDEX (not the automatic ones of constraints). */
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(an->db->sq, "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = ?1 AND sql IS NOT NULL",
                         -1, &st, NULL) == SQLITE_OK) {
    sqlite3_bind_text(st, 1, t->name, -1, SQLITE_STATIC);
    int cap = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
      if (s->nidx == cap) {
        cap = cap ? cap * 2 : 4;
        s->idxsql = arena_grow(&an->arena, s->idxsql, (size_t)s->nidx, (size_t)cap, sizeof(char *));
        s->idxname = arena_grow(&an->arena, s->idxname, (size_t)s->nidx, (size_t)cap, sizeof(char *));
      }
      s->idxname[s->nidx] = an_strdup(an, (const char *)sqlite3_column_text(st, 0));
      s->idxsql[s->nidx++] = an_strdup(an, (const char *)sqlite3_column_text(st, 1));
    }
    sqlite3_finalize(st);
  }
}

/* ---- helpers over the working copy ---- */

static int alt_column(AltState *s, const char *name) { return usercat_column(&s->nt, name); }

static int alt_column_or_error(AltState *s, const char *name) {
  int c = alt_column(s, name);
  if (c < 0) an_error(s->an, -1, ERRCODE_UNDEFINED_COLUMN, "column \"%s\" of relation \"%s\" does not exist", name, s->nt.name);
  return c;
}

static bool alt_con_name_taken(AltState *s, const char *name) {
  for (int i = 0; i < s->ncons; i++) if (!strcmp(s->cons[i].k.name, name)) return true;
  /* Index names share the relation namespace. */
  return ddl_relation_exists(s->an->db, name);
}

static char *alt_choose_name(AltState *s, const char *col, const char *suffix) {
  Analysis *an = s->an;
  char *name = col ? arena_printf(&an->arena, "%s_%s_%s", s->nt.name, col, suffix) : arena_printf(&an->arena, "%s_%s", s->nt.name, suffix);
  for (int i = 1; alt_con_name_taken(s, name); i++)
    name = col ? arena_printf(&an->arena, "%s_%s_%s%d", s->nt.name, col, suffix, i) : arena_printf(&an->arena, "%s_%s%d", s->nt.name, suffix, i);
  return name;
}

static AltCon *alt_add_con(AltState *s, char kind, const char *name) {
  Analysis *an = s->an;
  for (int i = 0; i < s->ncons; i++)
    if (!strcmp(s->cons[i].k.name, name))
      an_error(an, -1, ERRCODE_DUPLICATE_OBJECT, "constraint \"%s\" for relation \"%s\" already exists", name, s->nt.name);
  if (s->ncons == s->capcons) {
    s->capcons *= 2;
    s->cons = arena_grow(&an->arena, s->cons, (size_t)s->ncons, (size_t)s->capcons, sizeof(AltCon));
  }
  AltCon *c = &s->cons[s->ncons++];
  memset(c, 0, sizeof *c);
  c->k.kind = kind;
  c->k.name = an_strdup(an, name);
  c->added = true;
  s->rebuild = true;
  return c;
}

static void alt_vsql_text(StrBuf *b, const char *s) { sb_put_sqlstr(b, s, strlen(s)); }

/* The validation of a not-null column on the staging table. */
static void alt_validate_notnull(AltState *s, int c) {
  StrBuf *b = &s->validate;
  char *msg = arena_printf(&s->an->arena, "column \"%s\" of relation \"%s\" contains null values", s->nt.cols[c].name, s->nt.name);
  sb_puts(b, "SELECT pgm_ddl_raise('23502', ");
  alt_vsql_text(b, msg);
  sb_puts(b, ") FROM pgm_alt_stage WHERE ");
  sb_put_ident(b, s->nt.cols[c].name);
  sb_puts(b, " IS NULL LIMIT 1;\n");
}

/* ---- CHECK, keys, foreign keys (as tablecmds.c makes them) ---- */

static void alt_check(AltState *s, PgQuery__Constraint *con, const char *colname) {
  Analysis *an = s->an;
  if (con->is_no_inherit) an_unsupported(an, con->location, "NO INHERIT");
  if (con->skip_validation) an_unsupported(an, con->location, "NOT VALID");
  (void)colname;
  ParseState *ps = an_table_pstate(s->an, &s->nt);
  Expr *e = an_where(ps, con->raw_expr, "CHECK constraint");
  if (an->nparams) an_error(an, con->location, ERRCODE_FEATURE_NOT_SUPPORTED, "cannot use parameters in a check constraint");
  /* PostgreSQL names it after the one column it reads, else <table>_check. */
  int one = ruleutils_single_column(e);
  const char *name = con->conname && *con->conname ? con->conname
                   : alt_choose_name(s, one >= 0 ? s->nt.cols[one].name : one == -2 ? ddl_check_first_column(con->raw_expr) : NULL,
                                     "check");
  StrBuf expr = STRBUF_INIT;
  Emit em = {.an = an, .out = &expr, .returning = true};
  em.levels[0] = ps->q;
  em.nlevels = 1;
  emit_expr(&em, e);
  AltCon *c = alt_add_con(s, 'c', name);
  c->sql = arena_printf(&an->arena, "CHECK (%s)", sb_str(&expr));
  char *raw = parser_deparse_expr(con->raw_expr);
  char *src = raw && ruleutils_in_lists_kept(raw, e) ? ruleutils_check_src(an->db, ps->q->rtable[ps->q->result_rte], e) : NULL;
  free(raw);
  c->k.consrc = src ? an_strdup(an, src) : NULL;
  free(src);
  char *msg = arena_printf(&an->arena, "check constraint \"%s\" of relation \"%s\" is violated by some row", name, s->nt.name);
  sb_puts(&s->validate, "SELECT pgm_ddl_raise('23514', ");
  alt_vsql_text(&s->validate, msg);
  sb_printf(&s->validate, ") FROM pgm_alt_stage WHERE NOT coalesce((%s), 1) LIMIT 1;\n", sb_str(&expr));
  sb_free(&expr);
}

static void alt_key(AltState *s, PgQuery__Constraint *con, int colidx) {
  Analysis *an = s->an;
  bool pk = con->contype == PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY;
  if (con->n_including) an_unsupported(an, con->location, "INCLUDE");
  if (con->indexname && *con->indexname) an_unsupported(an, con->location, "USING INDEX");
  if (con->n_options) an_unsupported(an, con->location, "index storage parameters");
  if (con->nulls_not_distinct) an_unsupported(an, con->location, "NULLS NOT DISTINCT");
  if (con->deferrable || con->initdeferred) an_unsupported(an, con->location, "deferrable constraints");
  int n = colidx >= 0 ? 1 : (int)con->n_keys;
  int *cols = an_alloc(an, sizeof(int) * (size_t)(n + 1));
  for (int i = 0; i < n; i++) {
    if (colidx >= 0) { cols[i] = colidx; continue; }
    const char *nm = con->keys[i]->string->sval;
    cols[i] = alt_column(s, nm);
    if (cols[i] < 0) an_error(an, con->location, ERRCODE_UNDEFINED_COLUMN, "column \"%s\" named in key does not exist", nm);
  }
  if (pk)
    for (int i = 0; i < s->ncons; i++)
      if (s->cons[i].k.kind == 'p')
        an_error(an, con->location, ERRCODE_INVALID_TABLE_DEFINITION, "multiple primary keys for table \"%s\" are not allowed", s->nt.name);
  const char *name = con->conname && *con->conname ? con->conname
                   : pk ? alt_choose_name(s, NULL, "pkey") : alt_choose_name(s, s->nt.cols[cols[0]].name, "key");
  AltCon *c = alt_add_con(s, pk ? 'p' : 'u', name);
  c->k.cols = cols;
  c->k.ncols = n;
  if (pk)
    for (int i = 0; i < n; i++)
      if (!s->nt.cols[cols[i]].notnull) { s->nt.cols[cols[i]].notnull = true; alt_validate_notnull(s, cols[i]); }
  /* Duplicates: PostgreSQL fails building the index. */
  StrBuf *b = &s->validate, list = STRBUF_INIT, vals = STRBUF_INIT, nn = STRBUF_INIT;
  StrBuf plain = STRBUF_INIT;
  for (int i = 0; i < n; i++) {
    if (i) { sb_puts(&list, ", "); sb_puts(&plain, ", "); sb_puts(&vals, " || ', ' || "); sb_puts(&nn, " AND "); }
    sb_put_ident(&list, s->nt.cols[cols[i]].name);
    for (const char *p = s->nt.cols[cols[i]].name; *p; p++) { if (*p == '\'') sb_putc(&plain, '\''); sb_putc(&plain, *p); }
    sb_puts(&vals, "CAST(");
    sb_put_ident(&vals, s->nt.cols[cols[i]].name);
    sb_puts(&vals, " AS TEXT)");
    sb_put_ident(&nn, s->nt.cols[cols[i]].name);
    sb_puts(&nn, " IS NOT NULL");
  }
  char *msg = arena_printf(&an->arena, "could not create unique index \"%s\"", name);
  sb_puts(b, "SELECT pgm_ddl_raise('23505', ");
  alt_vsql_text(b, msg);
  sb_printf(b, ", 'Key (%s)=(' || %s || ') is duplicated.') FROM pgm_alt_stage WHERE %s GROUP BY %s HAVING count(*) > 1 LIMIT 1;\n",
            sb_str(&plain), sb_str(&vals), sb_str(&nn), sb_str(&list));
  sb_free(&plain);
  sb_free(&list);
  sb_free(&vals);
  sb_free(&nn);
}

static void alt_fk(AltState *s, PgQuery__Constraint *con, int colidx) {
  Analysis *an = s->an;
  ddl_fk_refuse_unsupported(an, con);
  if (con->skip_validation) an_unsupported(an, con->location, "NOT VALID");
  const char *ref = con->pktable->relname;
  bool self = !strcmp(ref, s->nt.name);
  Table *rt = self ? &s->nt : usercat_table(an->db, ref);
  if (!rt || !strncmp(ref, "pgm_", 4)) an_error(an, con->location, ERRCODE_UNDEFINED_TABLE, "relation \"%s\" does not exist", ref);
  int n = colidx >= 0 ? 1 : (int)con->n_fk_attrs;
  int *cols = an_alloc(an, sizeof(int) * (size_t)(n + 1));
  for (int i = 0; i < n; i++) {
    if (colidx >= 0) { cols[i] = colidx; continue; }
    const char *nm = con->fk_attrs[i]->string->sval;
    cols[i] = alt_column(s, nm);
    if (cols[i] < 0) an_error(an, con->location, ERRCODE_UNDEFINED_COLUMN, "column \"%s\" referenced in foreign key constraint does not exist", nm);
  }
  /* The referenced table's keys: for a self reference, the working copy's. */
  Constraint *rcons = rt->cons;
  int nrcons = rt->ncons;
  if (self) {
    rcons = an_alloc(an, sizeof(Constraint) * (size_t)(s->ncons + 1));
    for (int i = 0; i < s->ncons; i++) rcons[i] = s->cons[i].k;
    nrcons = s->ncons;
  }
  int *rcols = ddl_fk_referenced(an, con, rt, rcons, nrcons, n);
  const char *name = con->conname && *con->conname ? con->conname : alt_choose_name(s, s->nt.cols[cols[0]].name, "fkey");
  AltCon *c = alt_add_con(s, 'f', name);
  c->k.cols = cols;
  c->k.ncols = n;
  c->k.refrel = an_strdup(an, ref);
  StrBuf b = STRBUF_INIT;
  ddl_fk_clause(an, &b, con, &s->nt, cols, rt, rcols, n);
  c->sql = an_strdup(an, sb_str(&b));
  sb_free(&b);
  /* Existing rows must have their keys in the referenced table. */
  StrBuf v = STRBUF_INIT, list = STRBUF_INIT, vals = STRBUF_INIT;
  for (int i = 0; i < n; i++) {
    if (i) { sb_puts(&list, ", "); sb_puts(&vals, " || ', ' || "); }
    for (const char *p = s->nt.cols[cols[i]].name; *p; p++) { if (*p == '\'') sb_putc(&list, '\''); sb_putc(&list, *p); }
    sb_puts(&vals, "CAST(s.");
    sb_put_ident(&vals, s->nt.cols[cols[i]].name);
    sb_puts(&vals, " AS TEXT)");
  }
  char *msg = arena_printf(&an->arena, "insert or update on table \"%s\" violates foreign key constraint \"%s\"", s->nt.name, name);
  sb_puts(&v, "SELECT pgm_ddl_raise('23503', ");
  alt_vsql_text(&v, msg);
  sb_printf(&v, ", 'Key (%s)=(' || %s || ') is not present in table ", sb_str(&list), sb_str(&vals));
  char *q = arena_printf(&an->arena, "\"%s\".", ref);
  for (const char *p = q; *p; p++) { if (*p == '\'') sb_putc(&v, '\''); sb_putc(&v, *p); }
  sb_puts(&v, "') FROM pgm_alt_stage s WHERE ");
  for (int i = 0; i < n; i++) { if (i) sb_puts(&v, " AND "); sb_puts(&v, "s."); sb_put_ident(&v, s->nt.cols[cols[i]].name); sb_puts(&v, " IS NOT NULL"); }
  sb_puts(&v, " AND NOT EXISTS (SELECT 1 FROM ");
  if (self) sb_puts(&v, "pgm_alt_stage"); else sb_put_ident(&v, ref);
  sb_puts(&v, " r WHERE ");
  for (int i = 0; i < n; i++) {
    if (i) sb_puts(&v, " AND ");
    sb_puts(&v, "r.");
    sb_put_ident(&v, rt->cols[rcols[i]].name);
    sb_puts(&v, " = s.");
    sb_put_ident(&v, s->nt.cols[cols[i]].name);
  }
  sb_puts(&v, ") LIMIT 1;\n");
  sb_puts(&s->validate, sb_str(&v));
  sb_free(&v);
  sb_free(&list);
  sb_free(&vals);
}

static void alt_constraint(AltState *s, PgQuery__Constraint *con, int colidx) {
  switch (con->contype) {
  case PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY:
  case PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE: alt_key(s, con, colidx); break;
  case PG_QUERY__CONSTR_TYPE__CONSTR_CHECK: alt_check(s, con, colidx >= 0 ? s->nt.cols[colidx].name : NULL); break;
  case PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN: alt_fk(s, con, colidx); break;
  default: an_unsupported(s->an, con->location, "this constraint in ALTER TABLE");
  }
}

/* ---- defaults ---- */

static char *alt_default_text(AltState *s, Column *col, Node *raw, int location, bool *isvolatile) {
  Analysis *an = s->an;
  ParseState *ps = an_new_pstate(an, NULL);
  ps->aggs_allowed = ps->windows_allowed = false;
  ps->exprkind = "DEFAULT expressions";
  bool save = an->volatile_fns;
  an->volatile_fns = false;
  Expr *e = an_expr(ps, raw);
  if (!an_coerce(ps, e, col->type, col->typmod, COERCE_ASSIGNMENT, location))
    an_error(an, location, ERRCODE_DATATYPE_MISMATCH, "column \"%s\" is of type %s but default expression is of type %s",
             col->name, an_typename(col->type), an_typename(e->type));
  if (isvolatile) *isvolatile = an->volatile_fns;
  an->volatile_fns = save;
  char *text = parser_deparse_expr(raw);
  if (!text) an_unsupported(an, location, "this DEFAULT expression");
  char *r = an_strdup(an, text);
  free(text);
  return r;
}

/* The SQL of a column default evaluated once per row ("SELECT d" analysed
** as an INSERT would, coerced to the column). */
static char *alt_default_sql(AltState *s, Column *col) {
  Analysis *an = s->an;
  if (!col->default_pg) return "NULL";
  char *sql = arena_printf(&an->arena, "SELECT CAST(%s AS %s)", col->default_pg, "text");
  (void)sql;
  RawParse rp;
  pgm_error *err = NULL;
  char *text = arena_printf(&an->arena, "SELECT %s", col->default_pg);
  if (parser_parse(text, strlen(text), &rp, &err) != 0) alt_throw(an, err);
  ParseState *ps = an_new_pstate(an, NULL);
  Expr *e = an_expr(ps, rp.tree->stmts[0]->stmt->select_stmt->target_list[0]->res_target->val);
  parser_free(&rp);
  e = an_coerce_or_error(ps, e, col->type, col->typmod, COERCE_ASSIGNMENT, -1);
  StrBuf b = STRBUF_INIT;
  Emit em = {.an = an, .out = &b, .returning = true};
  em.levels[0] = ps->q;
  em.nlevels = 1;
  emit_expr(&em, e);
  char *r = an_strdup(an, sb_str(&b));
  sb_free(&b);
  return r;
}

/* ---- subcommands ---- */

static bool alt_is_serial(PgQuery__TypeName *tn, Oid *type) {
  if (tn->n_names != 1 || tn->n_typmods || tn->n_array_bounds) return false;
  const char *n = tn->names[0]->string->sval;
  if (!strcmp(n, "serial") || !strcmp(n, "serial4")) { *type = PGM_OID_INT4; return true; }
  if (!strcmp(n, "bigserial") || !strcmp(n, "serial8")) { *type = PGM_OID_INT8; return true; }
  if (!strcmp(n, "smallserial") || !strcmp(n, "serial2")) { *type = PGM_OID_INT2; return true; }
  return false;
}

static void alt_add_column(AltState *s, PgQuery__AlterTableCmd *cmd) {
  Analysis *an = s->an;
  PgQuery__ColumnDef *cd = cmd->def->column_def;
  if (cd->coll_clause) an_unsupported(an, cd->location, "COLLATE");
  if (cd->compression && *cd->compression) an_unsupported(an, cd->location, "COMPRESSION");
  if (alt_column(s, cd->colname) >= 0) {
    if (cmd->missing_ok) {
      if (s->notices.n) sb_putc(&s->notices, '\n');
      sb_printf(&s->notices, "column \"%s\" of relation \"%s\" already exists, skipping", cd->colname, s->nt.name);
      return;
    }
    an_error(an, cd->location, ERRCODE_DUPLICATE_COLUMN, "column \"%s\" of relation \"%s\" already exists", cd->colname, s->nt.name);
  }
  if (s->nt.ncols == s->capcols) {
    s->capcols *= 2;
    s->nt.cols = arena_grow(&an->arena, s->nt.cols, (size_t)s->nt.ncols, (size_t)s->capcols, sizeof(Column));
    s->src = arena_grow(&an->arena, s->src, (size_t)s->nt.ncols, (size_t)s->capcols, sizeof(char *));
  }
  int ci = s->nt.ncols++;
  Column *col = &s->nt.cols[ci];
  memset(col, 0, sizeof *col);
  col->name = an_strdup(an, cd->colname);
  Oid stype;
  bool needs_rebuild = false, isvolatile = false;
  if (alt_is_serial(cd->type_name, &stype)) {
    col->type = stype;
    col->typmod = -1;
    col->notnull = true;
    char *seq = arena_printf(&an->arena, "%s_%s_seq", s->nt.name, cd->colname);
    if (ddl_relation_exists(an->db, seq)) an_error(an, cd->location, ERRCODE_DUPLICATE_TABLE, "relation \"%s\" already exists", seq);
    int64_t max = stype == PGM_OID_INT2 ? 32767 : stype == PGM_OID_INT4 ? 2147483647 : INT64_MAX;
    usercat_sql_add_sequence(seq, 1, 1, 1, max, s->nt.name, &s->seqs);
    col->default_pg = arena_printf(&an->arena, "nextval('%s')", seq);
    needs_rebuild = true;
  } else {
    col->type = an_resolve_typename(an, cd->type_name, &col->typmod);
  }
  for (size_t i = 0; i < cd->n_constraints; i++) {
    PgQuery__Constraint *con = cd->constraints[i]->constraint;
    switch (con->contype) {
    case PG_QUERY__CONSTR_TYPE__CONSTR_NOTNULL: col->notnull = true; needs_rebuild = true; break;
    case PG_QUERY__CONSTR_TYPE__CONSTR_NULL: break;
    case PG_QUERY__CONSTR_TYPE__CONSTR_DEFAULT:
      if (col->default_pg) an_error(an, con->location, ERRCODE_SYNTAX_ERROR, "multiple default values specified for column \"%s\" of table \"%s\"", col->name, s->nt.name);
      col->default_pg = alt_default_text(s, col, con->raw_expr, con->location, &isvolatile);
      break;
    case PG_QUERY__CONSTR_TYPE__CONSTR_IDENTITY: an_unsupported(an, con->location, "ADD COLUMN ... GENERATED AS IDENTITY");
    case PG_QUERY__CONSTR_TYPE__CONSTR_GENERATED: an_unsupported(an, con->location, "generated columns");
    default: needs_rebuild = true; break;
    }
  }
  if (cd->identity && *cd->identity) an_unsupported(an, cd->location, "identity columns");
  if (cd->generated && *cd->generated) an_unsupported(an, cd->location, "generated columns");
  s->src[ci] = alt_default_sql(s, col);
  for (size_t i = 0; i < cd->n_constraints; i++) {
    PgQuery__Constraint *con = cd->constraints[i]->constraint;
    if (con->contype == PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY || con->contype == PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE ||
        con->contype == PG_QUERY__CONSTR_TYPE__CONSTR_CHECK || con->contype == PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN)
      alt_constraint(s, con, ci);
  }
  if (col->notnull) alt_validate_notnull(s, ci);
  if (needs_rebuild) s->rebuild = true;
  /* Native path (used only when nothing else needs a rebuild). */
  sb_puts(&s->native, "ALTER TABLE ");
  sb_put_ident(&s->native, s->nt.name);
  sb_puts(&s->native, " ADD COLUMN ");
  sb_put_ident(&s->native, col->name);
  sb_printf(&s->native, " %s", ddl_sqlite_type(col->type));
  if (col->type == PGM_OID_NUMERIC && col->typmod < 0) sb_puts(&s->native, " COLLATE pgm_numeric");
  sb_puts(&s->native, ";\n");
  if (col->default_pg) {
    sb_puts(&s->native, "UPDATE ");
    sb_put_ident(&s->native, s->nt.name);
    sb_puts(&s->native, " SET ");
    sb_put_ident(&s->native, col->name);
    sb_printf(&s->native, " = %s;\n", s->src[ci]);
  }
  (void)isvolatile;
}

/* Remove column c from the working copy, with the constraints and indexes
** that use it (PostgreSQL drops them too). */
static void alt_drop_column(AltState *s, PgQuery__AlterTableCmd *cmd) {
  Analysis *an = s->an;
  if (cmd->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE) an_unsupported(an, -1, "DROP COLUMN ... CASCADE");
  int c = alt_column(s, cmd->name);
  if (c < 0) {
    if (cmd->missing_ok) {
      if (s->notices.n) sb_putc(&s->notices, '\n');
      sb_printf(&s->notices, "column \"%s\" of relation \"%s\" does not exist, skipping", cmd->name, s->nt.name);
      return;
    }
    alt_column_or_error(s, cmd->name);
  }
  if (s->nt.ncols == 1) {
    /* PostgreSQL allows zero-column tables; SQLite does not. */
    an_unsupported(an, -1, "dropping the last column of a table");
  }
  /* Referenced by another table's foreign key? */
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(an->db->sq, "SELECT conname, relname FROM pgm_constraint WHERE contype = 'f' AND confrelname = ?1 AND relname <> ?1",
                         -1, &st, NULL) == SQLITE_OK) {
    sqlite3_bind_text(st, 1, s->nt.name, -1, SQLITE_STATIC);
    while (sqlite3_step(st) == SQLITE_ROW) {
      /* The referenced columns are a key of this table containing c? */
      for (int i = 0; i < s->ncons; i++) {
        if (s->cons[i].k.kind != 'p' && s->cons[i].k.kind != 'u') continue;
        bool has = false;
        for (int k = 0; k < s->cons[i].k.ncols; k++) if (s->cons[i].k.cols[k] == c) has = true;
        if (!has) continue;
        pgm_error *e = pgm_error_new(ERRCODE_DEPENDENT_OBJECTS_STILL_EXIST, "cannot drop column %s of table %s because other objects depend on it",
                                     cmd->name, s->nt.name);
        pgm_error_set_detail(e, "constraint %s on table %s depends on index %s", sqlite3_column_text(st, 0), sqlite3_column_text(st, 1), s->cons[i].k.name);
        pgm_error_set_hint(e, "Use DROP ... CASCADE to drop the dependent objects too.");
        sqlite3_finalize(st);
        alt_throw(an, e);
      }
    }
    sqlite3_finalize(st);
  }
  bool simple = true;
  char *qcol = NULL;
  {
    StrBuf q = STRBUF_INIT;
    sb_put_ident(&q, cmd->name);
    qcol = an_strdup(an, sb_str(&q));
    sb_free(&q);
  }
  for (int i = 0; i < s->ncons; i++) {
    AltCon *k = &s->cons[i];
    bool uses = false;
    for (int j = 0; j < k->k.ncols; j++) if (k->k.cols[j] == c) uses = true;
    if (k->k.kind == 'c' && alt_mentions(k->sql, cmd->name)) uses = true;
    if (uses) {
      simple = false;
      memmove(&s->cons[i], &s->cons[i + 1], sizeof(AltCon) * (size_t)(s->ncons - i - 1));
      s->ncons--;
      i--;
    }
  }
  for (int i = 0; i < s->nidx; i++)
    if (strstr(s->idxsql[i], qcol)) {
      simple = false;
      sb_puts(&s->native, "DROP INDEX ");
      sb_put_ident(&s->native, s->idxname[i]);
      sb_puts(&s->native, ";\n");
      s->idxsql[i] = s->idxsql[s->nidx - 1];
      s->idxname[i] = s->idxname[s->nidx - 1];
      s->nidx--;
      i--;
    }
  for (int i = 0; i < s->ncons; i++)
    for (int j = 0; j < s->cons[i].k.ncols; j++) if (s->cons[i].k.cols[j] > c) s->cons[i].k.cols[j]--;
  memmove(&s->nt.cols[c], &s->nt.cols[c + 1], sizeof(Column) * (size_t)(s->nt.ncols - c - 1));
  memmove(&s->src[c], &s->src[c + 1], sizeof(char *) * (size_t)(s->nt.ncols - c - 1));
  s->nt.ncols--;
  if (!simple) s->rebuild = true;
  sb_puts(&s->native, "ALTER TABLE ");
  sb_put_ident(&s->native, s->nt.name);
  sb_puts(&s->native, " DROP COLUMN ");
  sb_puts(&s->native, qcol);
  sb_puts(&s->native, ";\n");
  sb_puts(&s->catalog, "DELETE FROM pgm_description WHERE relname = ");
  usercat_sql_text(&s->catalog, s->nt.name);
  sb_puts(&s->catalog, " AND attname = ");
  usercat_sql_text(&s->catalog, cmd->name);
  sb_puts(&s->catalog, ";\n");
  /* Sequences owned by a dropped serial column go with it. */
  Column dummy;
  (void)dummy;
}

static void alt_column_type(AltState *s, PgQuery__AlterTableCmd *cmd) {
  Analysis *an = s->an;
  PgQuery__ColumnDef *cd = cmd->def->column_def;
  int c = alt_column_or_error(s, cmd->name);
  if (cd->coll_clause) an_unsupported(an, -1, "COLLATE");
  int32_t typmod;
  Oid type = an_resolve_typename(an, cd->type_name, &typmod);
  /* The kept CHECK texts show casts of the old type: forget them. */
  for (int i = 0; i < s->ncons; i++) if (s->cons[i].k.kind == 'c') s->cons[i].k.consrc = NULL;
  for (int i = 0; i < s->ncons; i++)
    for (int k = 0; k < s->cons[i].k.ncols; k++)
      if (s->cons[i].k.cols[k] == c && (s->cons[i].k.kind == 'f' || s->cons[i].k.kind == 'p' || s->cons[i].k.kind == 'u') &&
          ddl_query_exists(an->db, "SELECT 1 FROM pgm_constraint WHERE contype = 'f' AND confrelname = ?1", s->nt.name))
        an_unsupported(an, -1, "ALTER COLUMN TYPE of a column in a foreign key");
  /* The new value: USING expression, or the column itself, assignment-coerced. */
  Table old = *s->old;
  ParseState *ps = an_new_pstate(an, NULL);
  RangeTblEntry *rte = an_rte_for_table(ps, old.name, NULL, -1);
  int idx = an_add_rte(ps, rte);
  ps->q->result_rte = idx;
  ps->q->ns = an_alloc(an, sizeof(int));
  ps->q->ns[ps->q->nns++] = idx;
  ps->aggs_allowed = ps->windows_allowed = false;
  ps->exprkind = "transform expressions";
  Expr *e;
  /* The value comes from the old table's column (or its USING expression). */
  int oldc = usercat_column(s->old, cmd->name);
  if (oldc < 0) an_unsupported(an, -1, "ALTER COLUMN TYPE of a column added in the same statement");
  if (cd->raw_default) {
    e = an_expr(ps, cd->raw_default);
    if (an->nparams) an_error(an, -1, ERRCODE_FEATURE_NOT_SUPPORTED, "cannot use parameters in a transform expression");
    Expr *r = an_coerce(ps, e, type, typmod, COERCE_ASSIGNMENT, e->location);
    if (!r) an_error(an, -1, ERRCODE_DATATYPE_MISMATCH, "result of USING clause for column \"%s\" cannot be cast automatically to type %s",
                     cmd->name, an_typename(type));
    e = r;
  } else {
    e = an_make_var(ps, idx, oldc, 0);
    Expr *r = an_coerce(ps, e, type, typmod, COERCE_ASSIGNMENT, -1);
    if (!r) {
      pgm_error *err = pgm_error_new(ERRCODE_DATATYPE_MISMATCH, "column \"%s\" cannot be cast automatically to type %s", cmd->name, an_typename(type));
      pgm_error_set_hint(err, "You might need to specify \"USING %s::%s\".", cmd->name, an_typename(type));
      alt_throw(an, err);
    }
    e = r;
  }
  StrBuf b = STRBUF_INIT;
  Emit em = {.an = an, .out = &b, .returning = true};
  em.levels[0] = ps->q;
  em.nlevels = 1;
  emit_expr(&em, e);
  s->src[c] = an_strdup(an, sb_str(&b));
  sb_free(&b);
  s->nt.cols[c].type = type;
  s->nt.cols[c].typmod = typmod;
  if (s->nt.cols[c].default_pg) {
    /* The default must convert too. */
    Column tmp = s->nt.cols[c];
    (void)alt_default_sql(s, &tmp);
  }
  s->rebuild = true;
}

static void alt_set_default(AltState *s, PgQuery__AlterTableCmd *cmd) {
  Analysis *an = s->an;
  int c = alt_column_or_error(s, cmd->name);
  Column *col = &s->nt.cols[c];
  if (cmd->def) {
    if (col->identity)
      an_error(an, -1, ERRCODE_SYNTAX_ERROR, "column \"%s\" of relation \"%s\" is an identity column", col->name, s->nt.name);
    col->default_pg = alt_default_text(s, col, cmd->def, -1, NULL);
  } else {
    if (col->identity) {
      pgm_error *e = pgm_error_new(ERRCODE_SYNTAX_ERROR, "column \"%s\" of relation \"%s\" is an identity column", col->name, s->nt.name);
      pgm_error_set_hint(e, "Use ALTER TABLE ... ALTER COLUMN ... DROP IDENTITY instead.");
      alt_throw(an, e);
    }
    col->default_pg = NULL;
  }
  s->catalog_changed = true;
}

static void alt_not_null(AltState *s, PgQuery__AlterTableCmd *cmd, bool set) {
  Analysis *an = s->an;
  int c = alt_column_or_error(s, cmd->name);
  Column *col = &s->nt.cols[c];
  if (!set) {
    for (int i = 0; i < s->ncons; i++)
      if (s->cons[i].k.kind == 'p')
        for (int k = 0; k < s->cons[i].k.ncols; k++)
          if (s->cons[i].k.cols[k] == c) an_error(an, -1, ERRCODE_INVALID_TABLE_DEFINITION, "column \"%s\" is in a primary key", col->name);
    if (col->identity) an_error(an, -1, ERRCODE_SYNTAX_ERROR, "column \"%s\" of relation \"%s\" is an identity column", col->name, s->nt.name);
    if (col->notnull) { col->notnull = false; s->rebuild = true; }
    return;
  }
  if (!col->notnull) {
    col->notnull = true;
    alt_validate_notnull(s, c);
    s->rebuild = true;
  }
}

static void alt_drop_constraint(AltState *s, PgQuery__AlterTableCmd *cmd) {
  Analysis *an = s->an;
  if (cmd->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE) an_unsupported(an, -1, "DROP CONSTRAINT ... CASCADE");
  for (int i = 0; i < s->ncons; i++) {
    if (strcmp(s->cons[i].k.name, cmd->name)) continue;
    AltCon *k = &s->cons[i];
    if (k->k.kind == 'p' || k->k.kind == 'u') {
      sqlite3_stmt *st;
      if (sqlite3_prepare_v2(an->db->sq, "SELECT conname, relname, conkey FROM pgm_constraint WHERE contype = 'f' AND confrelname = ?1 AND relname <> ?1",
                             -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_text(st, 1, s->nt.name, -1, SQLITE_STATIC);
        if (sqlite3_step(st) == SQLITE_ROW) {
          pgm_error *e = pgm_error_new(ERRCODE_DEPENDENT_OBJECTS_STILL_EXIST, "cannot drop constraint %s on table %s because other objects depend on it",
                                       cmd->name, s->nt.name);
          pgm_error_set_detail(e, "constraint %s on table %s depends on index %s", sqlite3_column_text(st, 0), sqlite3_column_text(st, 1), cmd->name);
          pgm_error_set_hint(e, "Use DROP ... CASCADE to drop the dependent objects too.");
          sqlite3_finalize(st);
          alt_throw(an, e);
        }
        sqlite3_finalize(st);
      }
    }
    memmove(&s->cons[i], &s->cons[i + 1], sizeof(AltCon) * (size_t)(s->ncons - i - 1));
    s->ncons--;
    s->rebuild = true;
    return;
  }
  if (cmd->missing_ok) {
    if (s->notices.n) sb_putc(&s->notices, '\n');
    sb_printf(&s->notices, "constraint \"%s\" of relation \"%s\" does not exist, skipping", cmd->name, s->nt.name);
    return;
  }
  an_error(an, -1, ERRCODE_UNDEFINED_OBJECT, "constraint \"%s\" of relation \"%s\" does not exist", cmd->name, s->nt.name);
}

/* ---- the SQL ---- */

static void alt_emit_rebuild(AltState *s, StrBuf *b) {
  Analysis *an = s->an;
  const char *name = s->nt.name;
  if (ddl_query_exists(an->db, "SELECT 1 FROM pgm_constraint WHERE contype = 'f' AND confrelname = ?1 AND relname <> ?1", name))
    an_unsupported(an, -1, "this ALTER TABLE on a table referenced by a foreign key of another table (it needs a table rebuild)");
  /* 1. the new rows, in a staging table without constraints */
  Table stage = s->nt;
  stage.ncons = 0;
  Column *plain = an_alloc(an, sizeof(Column) * (size_t)(s->nt.ncols + 1));
  for (int i = 0; i < s->nt.ncols; i++) { plain[i] = s->nt.cols[i]; plain[i].notnull = false; }
  stage.cols = plain;
  sb_puts(b, "DROP TABLE IF EXISTS pgm_alt_stage;\n");
  ddl_emit_create(&stage, "pgm_alt_stage", NULL, b);
  sb_puts(b, "INSERT INTO pgm_alt_stage SELECT ");
  for (int i = 0; i < s->nt.ncols; i++) { if (i) sb_puts(b, ", "); sb_puts(b, s->src[i]); }
  sb_puts(b, " FROM ");
  sb_put_ident(b, name);
  sb_puts(b, ";\n");
  /* 2. validation with PostgreSQL's errors */
  sb_puts(b, sb_str(&s->validate));
  /* 3. the table again, with its constraints, refilled; its indexes */
  sb_puts(b, "DROP TABLE ");
  sb_put_ident(b, name);
  sb_puts(b, ";\n");
  s->nt.ncons = s->ncons;
  s->nt.cons = an_alloc(an, sizeof(Constraint) * (size_t)(s->ncons + 1));
  StrBuf extra = STRBUF_INIT;
  for (int i = 0; i < s->ncons; i++) {
    s->nt.cons[i] = s->cons[i].k;
    if (s->cons[i].sql) {
      sb_puts(&extra, ", CONSTRAINT ");
      sb_put_ident(&extra, s->cons[i].k.name);
      sb_putc(&extra, ' ');
      sb_puts(&extra, s->cons[i].sql);
    }
  }
  ddl_emit_create(&s->nt, name, sb_str(&extra), b);
  sb_free(&extra);
  sb_puts(b, "INSERT INTO ");
  sb_put_ident(b, name);
  sb_puts(b, " SELECT * FROM pgm_alt_stage;\nDROP TABLE pgm_alt_stage;\n");
  for (int i = 0; i < s->nidx; i++) { sb_puts(b, s->idxsql[i]); sb_puts(b, ";\n"); }
}

static void alt_emit_catalog(AltState *s, StrBuf *b) {
  sb_puts(b, "DELETE FROM pgm_attribute WHERE relname = ");
  usercat_sql_text(b, s->nt.name);
  sb_puts(b, ";\nDELETE FROM pgm_constraint WHERE relname = ");
  usercat_sql_text(b, s->nt.name);
  sb_puts(b, ";\n");
  s->nt.ncons = s->ncons;
  s->nt.cons = an_alloc(s->an, sizeof(Constraint) * (size_t)(s->ncons + 1));
  for (int i = 0; i < s->ncons; i++) s->nt.cons[i] = s->cons[i].k;
  usercat_sql_add_table(&s->nt, b);
  sb_puts(b, sb_str(&s->catalog));
}

/* SET (...) / RESET (...): storage parameters, kept only (reloptions.c). */
static void alt_reloptions(AltState *s, PgQuery__AlterTableCmd *cmd, bool reset) {
  PgQuery__List *l = cmd->def->list;
  const char *old = s->reloptions_set ? s->reloptions : reloptions_stored(s->an, s->nt.name);
  s->reloptions = reloptions_transform(s->an, old, l->items, l->n_items, reset, 'r');
  s->reloptions_set = true;
}

static Table *alt_target(Analysis *an, PgQuery__RangeVar *rv, bool missing_ok, Plan *plan) {
  if (rv->schemaname && *rv->schemaname && strcmp(rv->schemaname, "public"))
    an_error(an, rv->location, ERRCODE_UNDEFINED_SCHEMA, "schema \"%s\" does not exist", rv->schemaname);
  Table *t = strncmp(rv->relname, "pgm_", 4) ? usercat_table(an->db, rv->relname) : NULL;
  if (!t) {
    if (view_exists(an->db, rv->relname)) an_unsupported(an, rv->location, "ALTER TABLE on a view");
    if (missing_ok) {
      plan->notice = pgm_asprintf("relation \"%s\" does not exist, skipping", rv->relname);
      return NULL;
    }
    an_error(an, rv->location, ERRCODE_UNDEFINED_TABLE, "relation \"%s\" does not exist", rv->relname);
  }
  return t;
}

static void alt_plan(Plan *plan, const char *tag) {
  plan->kind = PLAN_SQL;
  plan->ddl = true;
  plan->tagkind = TAG_PLAIN;
  plan->tag = pgm_strdup(tag);
}

void cmd_alter_table(Analysis *an, PgQuery__AlterTableStmt *stmt, Plan *plan) {
  if (stmt->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE) an_unsupported(an, -1, "ALTER SEQUENCE in this form");
  if (stmt->objtype != PG_QUERY__OBJECT_TYPE__OBJECT_TABLE) an_unsupported(an, -1, "ALTER of this kind of object");
  alt_plan(plan, "ALTER TABLE");
  Table *t = alt_target(an, stmt->relation, stmt->missing_ok, plan);
  if (!t) return;
  if (t->temp) an_unsupported(an, stmt->relation->location, "ALTER TABLE on temporary tables");
  alt_register(an->db);
  AltState s;
  memset(&s, 0, sizeof s);
  s.an = an;
  alt_load(&s, t);
  int nnative = 0;        /* subcommands the native path can run */
  for (size_t i = 0; i < stmt->n_cmds; i++) {
    PgQuery__AlterTableCmd *cmd = stmt->cmds[i]->alter_table_cmd;
    if (!cmd->recurse && cmd->subtype != PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumn) { /* ONLY: no inheritance here */ }
    switch (cmd->subtype) {
    case PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumn: alt_add_column(&s, cmd); nnative++; break;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DropColumn: alt_drop_column(&s, cmd); nnative++; break;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_AlterColumnType: alt_column_type(&s, cmd); break;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_ColumnDefault: alt_set_default(&s, cmd); break;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_SetNotNull: alt_not_null(&s, cmd, true); break;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DropNotNull: alt_not_null(&s, cmd, false); break;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_AddConstraint: alt_constraint(&s, cmd->def->constraint, -1); break;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DropConstraint: alt_drop_constraint(&s, cmd); break;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_SetRelOptions: alt_reloptions(&s, cmd, false); break;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_ResetRelOptions: alt_reloptions(&s, cmd, true); break;
    default: an_unsupported(an, -1, "this ALTER TABLE subcommand");
    }
  }
  StrBuf b = STRBUF_INIT;
  sb_puts(&b, sb_str(&s.seqs));
  sb_free(&s.seqs);
  if (s.rebuild) {
    alt_emit_rebuild(&s, &b);
    alt_emit_catalog(&s, &b);
  } else if (nnative || s.catalog_changed) {
    sb_puts(&b, sb_str(&s.native));
    sb_puts(&b, sb_str(&s.validate));
    alt_emit_catalog(&s, &b);
  }
  if (s.reloptions_set) reloptions_sql_store(s.nt.name, s.nt.name, s.reloptions, &b);
  if (b.n) plan_add_sql(plan, sb_str(&b));
  if (s.notices.n) plan->notice = sb_detach(&s.notices);
  sb_free(&b);
  sb_free(&s.native);
  sb_free(&s.validate);
  sb_free(&s.catalog);
  sb_free(&s.notices);
}

void cmd_rename(Analysis *an, PgQuery__RenameStmt *stmt, Plan *plan) {
  bool column = stmt->rename_type == PG_QUERY__OBJECT_TYPE__OBJECT_COLUMN;
  bool table = stmt->rename_type == PG_QUERY__OBJECT_TYPE__OBJECT_TABLE;
  bool constraint = stmt->rename_type == PG_QUERY__OBJECT_TYPE__OBJECT_TABCONSTRAINT;
  if (!(column || table || constraint) || (column && stmt->relation_type != PG_QUERY__OBJECT_TYPE__OBJECT_TABLE))
    an_unsupported(an, -1, "ALTER ... RENAME of this kind of object");
  if (constraint) an_unsupported(an, -1, "RENAME CONSTRAINT");
  alt_plan(plan, "ALTER TABLE");
  Table *t = alt_target(an, stmt->relation, stmt->missing_ok, plan);
  if (!t) return;
  StrBuf b = STRBUF_INIT;
  const char *nn = stmt->newname;
  if (table) {
    if (!strncmp(nn, "pgm_", 4) || !strncmp(nn, "sqlite_", 7))
      an_error(an, -1, ERRCODE_RESERVED_NAME, "relation names beginning with \"%.4s\" are reserved by pgmicro", nn);
    if (ddl_relation_exists(an->db, nn)) an_error(an, -1, ERRCODE_DUPLICATE_TABLE, "relation \"%s\" already exists", nn);
    sb_puts(&b, "ALTER TABLE ");
    sb_put_ident(&b, t->name);
    sb_puts(&b, " RENAME TO ");
    sb_put_ident(&b, nn);
    sb_puts(&b, ";\n");
    static const char *const tabs[][2] = {{"pgm_attribute", "relname"}, {"pgm_constraint", "relname"},
                                          {"pgm_constraint", "confrelname"}, {"pgm_sequence", "owned_by"},
                                          {"pgm_description", "relname"}, {"pgm_oid", "relname"},
                                          {"pgm_reloptions", "relname"}, {"pgm_reloptions", "tblname"}};
    for (size_t i = 0; i < sizeof tabs / sizeof tabs[0]; i++) {
      sb_printf(&b, "UPDATE %s SET %s = ", tabs[i][0], tabs[i][1]);
      usercat_sql_text(&b, nn);
      sb_printf(&b, " WHERE %s = ", tabs[i][1]);
      usercat_sql_text(&b, t->name);
      sb_puts(&b, ";\n");
    }
  } else {
    int c = usercat_column(t, stmt->subname);
    if (c < 0) an_error(an, -1, ERRCODE_UNDEFINED_COLUMN, "column \"%s\" does not exist", stmt->subname);
    if (usercat_column(t, nn) >= 0)
      an_error(an, -1, ERRCODE_DUPLICATE_COLUMN, "column \"%s\" of relation \"%s\" already exists", nn, t->name);
    sb_puts(&b, "ALTER TABLE ");
    sb_put_ident(&b, t->name);
    sb_puts(&b, " RENAME COLUMN ");
    sb_put_ident(&b, stmt->subname);
    sb_puts(&b, " TO ");
    sb_put_ident(&b, nn);
    sb_puts(&b, ";\nUPDATE pgm_attribute SET attname = ");
    usercat_sql_text(&b, nn);
    sb_puts(&b, " WHERE relname = ");
    usercat_sql_text(&b, t->name);
    sb_puts(&b, " AND attname = ");
    usercat_sql_text(&b, stmt->subname);
    /* The kept CHECK text names the old column: forget it (pg_get_constraintdef then says so). */
    sb_puts(&b, ";\nUPDATE pgm_constraint SET consrc = NULL WHERE contype = 'c' AND relname = ");
    usercat_sql_text(&b, t->name);
    /* Comments and a sequence's OWNED BY follow the column. */
    static const char *const named[][2] = {{"pgm_description", "relname"}, {"pgm_sequence", "owned_by"}};
    for (size_t i = 0; i < sizeof named / sizeof named[0]; i++) {
      const char *col = i == 0 ? "attname" : "owned_col";
      sb_printf(&b, ";\nUPDATE %s SET %s = ", named[i][0], col);
      usercat_sql_text(&b, nn);
      sb_printf(&b, " WHERE %s = ", named[i][1]);
      usercat_sql_text(&b, t->name);
      sb_printf(&b, " AND %s = ", col);
      usercat_sql_text(&b, stmt->subname);
    }
    sb_puts(&b, ";\n");
  }
  plan_add_sql(plan, sb_str(&b));
  sb_free(&b);
}
