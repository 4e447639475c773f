/*
** parse_relation.c — range tables and names: which table, subquery or CTE
** a name means, and which column a column reference means, searching the
** current query level first and then the enclosing ones (correlation).
*/
#include "analyze/analyze.h"
#include "catalog/pgcatalog.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int an_add_rte(ParseState *ps, RangeTblEntry *rte) {
  Query *q = ps->q;
  q->rtable = arena_grow(&ps->an->arena, q->rtable, (size_t)q->nrtable, (size_t)q->nrtable + 1, sizeof(RangeTblEntry *));
  q->rtable[q->nrtable] = rte;
  if (!rte->sqlalias) rte->sqlalias = arena_printf(&ps->an->arena, "t%d", ++ps->an->next_alias);
  return q->nrtable++;
}

Table *an_lookup_table(Analysis *an, PgQuery__RangeVar *rv) {
  if (rv->catalogname && *rv->catalogname) an_unsupported(an, rv->location, "cross-database references");
  /* pg_temp (and the connection's own pg_temp_3, as pg_namespace names it) means its TEMP tables only. */
  if (rv->schemaname && (!strcmp(rv->schemaname, "pg_temp") || !strcmp(rv->schemaname, PGM_TEMP_SCHEMA_NAME))) {
    Table *t = usercat_temp_table(an->db, rv->relname);
    if (t) return t;
    an_error(an, rv->location, ERRCODE_UNDEFINED_TABLE, "relation \"%s.%s\" does not exist", rv->schemaname, rv->relname);
  }
  if (rv->schemaname && *rv->schemaname && strcmp(rv->schemaname, "public")) {
    Table *sys = syscat_table(an->db, rv->schemaname, rv->relname);   /* pg_catalog, information_schema */
    if (sys) return sys;
    an_error(an, rv->location, ERRCODE_UNDEFINED_TABLE, "relation \"%s.%s\" does not exist", rv->schemaname, rv->relname);
  }
  if (!strncmp(rv->relname, "pgm_", 4) || !strncmp(rv->relname, "sqlite_", 7))
    an_error(an, rv->location, ERRCODE_UNDEFINED_TABLE, "relation \"%s\" does not exist", rv->relname);
  Table *sys = strncmp(rv->relname, "pg_", 3) ? NULL : syscat_table(an->db, NULL, rv->relname);
  if (sys) return sys;   /* pg_catalog comes first in the search path */
  return usercat_table(an->db, rv->relname);
}

/* A query level over one table (which need not be in the catalog yet): the
** level a CHECK expression or a DEFAULT of CREATE/ALTER TABLE is analysed
** in, with the table as its result relation. */
ParseState *an_table_pstate(Analysis *an, Table *t) {
  ParseState *ps = an_new_pstate(an, NULL);
  RangeTblEntry *rte = an_alloc(an, sizeof *rte);
  rte->kind = RTE_RELATION;
  rte->table = t;
  rte->alias = t->name;
  an_rte_table_columns(an, rte, t);
  rte->rel_visible = rte->cols_visible = true;
  int idx = an_add_rte(ps, rte);
  ps->q->result_rte = idx;
  ps->q->ns = an_alloc(an, sizeof(int));
  ps->q->ns[ps->q->nns++] = idx;
  ps->aggs_allowed = ps->windows_allowed = false;
  return ps;
}

void an_rte_table_columns(Analysis *an, RangeTblEntry *rte, const Table *t) {
  rte->ncols = t->ncols;
  rte->colnames = an_alloc(an, sizeof(char *) * (size_t)t->ncols);
  rte->coltypes = an_alloc(an, sizeof(Oid) * (size_t)t->ncols);
  rte->coltypmods = an_alloc(an, sizeof(int32_t) * (size_t)t->ncols);
  for (int i = 0; i < t->ncols; i++) {
    rte->colnames[i] = t->cols[i].name;
    rte->coltypes[i] = t->cols[i].type;
    rte->coltypmods[i] = t->cols[i].typmod;
  }
}

RangeTblEntry *an_rte_for_table(ParseState *ps, const char *name, const char *alias, int location) {
  Analysis *an = ps->an;
  PgQuery__RangeVar rv = PG_QUERY__RANGE_VAR__INIT;
  rv.relname = (char *)name;
  rv.location = location;
  Table *t = an_lookup_table(an, &rv);
  if (!t) an_error(an, location, ERRCODE_UNDEFINED_TABLE, "relation \"%s\" does not exist", name);
  RangeTblEntry *rte = an_alloc(an, sizeof *rte);
  rte->kind = RTE_RELATION;
  rte->table = t;
  rte->alias = an_strdup(an, alias ? alias : name);
  rte->rel_visible = rte->cols_visible = true;
  an_rte_table_columns(an, rte, t);
  return rte;
}

static CteDef *visible_cte(ParseState *p, const char *name) {
  for (int i = p->nctes - 1; i >= 0; i--)
    if (!strcmp(p->ctes[i].name, name)) return &p->ctes[i];
  return NULL;
}

CteDef *an_find_cte(ParseState *ps, const char *name) {
  CteDef *c = NULL;
  for (ParseState *p = ps; p && !c; p = p->parent) c = visible_cte(p, name);
  if (!c) return NULL;
  /* A LATERAL subquery runs as a statement of its own (adt/lateral.c), which
  ** does not see the WITH queries of the statement around it: noted for
  ** range_subselect, which has the statement repeat them. */
  for (ParseState *p = ps->parent; p; p = p->parent)
    if (p->lateral_active) {
      CteDef *outer = visible_cte(p, name);
      if (outer && outer->sqlname == c->sqlname) p->lateral_cte = true;
      break;
    }
  return c;
}

/* A copy of a join column's expression, made at its own level, for use
** 'by' levels further down (PostgreSQL's IncrementVarSublevelsUp): its
** columns are then that many levels up.  Join columns are columns, casts of
** them and COALESCE (FULL JOIN USING); anything else is refused, not guessed. */
static Expr *levels_up(ParseState *ps, Expr *e, int by) {
  if (!by || e->kind == EXPR_CONST) return e;
  Expr *c = an_alloc(ps->an, sizeof *c);
  *c = *e;
  switch (e->kind) {
  case EXPR_VAR: c->u.var.levelsup += by; return c;
  case EXPR_RELABEL: c->u.relabel.arg = levels_up(ps, e->u.relabel.arg, by); return c;
  case EXPR_IOCOERCE: c->u.iocoerce.arg = levels_up(ps, e->u.iocoerce.arg, by); return c;
  case EXPR_FUNC:
  case EXPR_COALESCE: {
    int n = e->kind == EXPR_FUNC ? e->u.func.nargs : e->u.list.nargs;
    Expr **src = e->kind == EXPR_FUNC ? e->u.func.args : e->u.list.args;
    Expr **args = an_alloc(ps->an, sizeof(Expr *) * (size_t)(n + 1));
    for (int i = 0; i < n; i++) args[i] = levels_up(ps, src[i], by);
    if (e->kind == EXPR_FUNC) c->u.func.args = args;
    else c->u.list.args = args;
    return c;
  }
  default:
    an_unsupported(ps->an, -1, "this join column referred to from a subquery");
  }
}

Expr *an_make_var(ParseState *ps, int rteidx, int attno, int levelsup) {
  ParseState *level = ps;
  for (int i = 0; i < levelsup; i++) level = level->parent;
  RangeTblEntry *rte = level->q->rtable[rteidx];
  /* A column of a join is the expression behind it: a column of one of its
  ** sides, or the merged USING column. */
  if (rte->kind == RTE_JOIN && rte->joinvars && rte->joinvars[attno])
    return levels_up(ps, rte->joinvars[attno], levelsup);
  Expr *e = an_alloc(ps->an, sizeof *e);
  e->kind = EXPR_VAR;
  e->type = rte->coltypes[attno];
  e->typmod = rte->coltypmods[attno];
  e->location = -1;
  e->u.var.rte = rteidx;
  e->u.var.attno = attno;
  e->u.var.levelsup = levelsup;
  return e;
}

static int find_column(RangeTblEntry *rte, const char *name) {
  for (int i = 0; i < rte->ncols; i++)
    if (!strcmp(rte->colnames[i], name)) return i;
  return -1;
}

/* An error with PostgreSQL's DETAIL or HINT (either may be NULL). */
__attribute__((noreturn, format(printf, 6, 7)))
static void ref_error(Analysis *an, int location, const char *sqlstate, const char *detail, const char *hint,
                      const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  pgm_error *e = pgm_error_newv(sqlstate, fmt, ap);
  va_end(ap);
  if (detail) pgm_error_set_detail(e, "%s", detail);
  if (hint) pgm_error_set_hint(e, "%s", hint);
  e->position = parser_char_position(an->text, location);
  an->err = e;
  longjmp(an->on_error, 1);
}

/* The right side of a RIGHT or FULL JOIN runs without the left side's rows:
** a reference from it to the left side has nothing to read; nor may FROM
** items of UPDATE/DELETE read the target.  rte belongs to level p; from a
** JOIN/ON condition of p it is simply out of sight (42P01). */
static void check_lateral_ok(ParseState *ps, ParseState *p, RangeTblEntry *rte, int location) {
  if (!rte->lateral_denied) return;
  const char *name = rte->alias ? rte->alias : "?";
  bool on_clause = p->exprkind && !strcmp(p->exprkind, "JOIN/ON");
  if (rte->lateral_denied == 'j' && !on_clause)
    ref_error(ps->an, location, ERRCODE_INVALID_COLUMN_REFERENCE,
              "The combining JOIN type must be INNER or LEFT for a LATERAL reference.", NULL,
              "invalid reference to FROM-clause entry for table \"%s\"", name);
  char hint[512];
  snprintf(hint, sizeof hint, "There is an entry for table \"%s\", but it cannot be referenced from this part of the query.", name);
  ref_error(ps->an, location, on_clause ? ERRCODE_UNDEFINED_TABLE : ERRCODE_INVALID_COLUMN_REFERENCE, NULL, hint,
            "invalid reference to FROM-clause entry for table \"%s\"", name);
}

/* The FROM items of level p are out of sight when a non-LATERAL subquery of
** its FROM clause is being analysed (p is then an enclosing level). */
static bool level_hidden(const ParseState *p, int levelsup) { return levelsup > 0 && p->from_hidden; }

/* A column of entry rteidx of level p found from ps, levelsup levels below
** it.  When p is analysing a LATERAL item, that item really is lateral
** (translate: pgm_lateral); a WITH query being analysed at a level crossed
** on the way is correlated. */
static void note_outer_ref(ParseState *ps, ParseState *p, int levelsup, int rteidx) {
  if (p->lateral_active && (p->lateral_first < 0 || rteidx < p->lateral_first)) p->lateral_first = rteidx;
  for (int i = 0; i < levelsup; i++, ps = ps->parent)
    if (ps->cte_active) ps->cte_correlated = true;
}

/* Bare column name: exactly one visible range-table entry of the nearest
** level that has it. */
static Expr *bare_column(ParseState *ps, const char *name, int location) {
  int levelsup = 0;
  RangeTblEntry *hidden = NULL;   /* a match out of sight, for PostgreSQL's hint */
  for (ParseState *p = ps; p; p = p->parent, levelsup++) {
    int found = -1, att = -1;
    for (int i = 0; i < p->q->nns; i++) {
      RangeTblEntry *rte = p->q->rtable[p->q->ns[i]];
      if (!rte->cols_visible) continue;
      int a = find_column(rte, name);
      if (a < 0) continue;
      if (level_hidden(p, levelsup)) { if (!hidden) hidden = rte; continue; }
      if (found >= 0)
        an_error(ps->an, location, ERRCODE_AMBIGUOUS_COLUMN, "column reference \"%s\" is ambiguous", name);
      found = p->q->ns[i];
      att = a;
    }
    if (found >= 0) {
      check_lateral_ok(ps, p, p->q->rtable[found], location);
      note_outer_ref(ps, p, levelsup, found);
      Expr *v = an_make_var(ps, found, att, levelsup);
      if (v->kind == EXPR_VAR) v->location = location;
      return v;
    }
  }
  if (hidden) {
    char hint[512];
    snprintf(hint, sizeof hint, "There is a column named \"%s\" in table \"%s\", but it cannot be referenced from this part of the query.",
             name, hidden->alias ? hidden->alias : "?");
    ref_error(ps->an, location, ERRCODE_UNDEFINED_COLUMN, NULL, hint, "column \"%s\" does not exist", name);
  }
  an_error(ps->an, location, ERRCODE_UNDEFINED_COLUMN, "column \"%s\" does not exist", name);
}

static int find_rel(ParseState *p, const char *alias) {
  for (int i = p->q->nrtable - 1; i >= 0; i--) {
    RangeTblEntry *rte = p->q->rtable[i];
    if (rte->rel_visible && rte->alias && !strcmp(rte->alias, alias)) return i;
  }
  return -1;
}

static Expr *qualified_column(ParseState *ps, const char *rel, const char *name, int location) {
  int levelsup = 0;
  bool hidden = false;
  for (ParseState *p = ps; p; p = p->parent, levelsup++) {
    int r = find_rel(p, rel);
    if (r < 0) continue;
    if (level_hidden(p, levelsup)) { hidden = true; continue; }
    int a = find_column(p->q->rtable[r], name);
    if (a < 0)
      an_error(ps->an, location, ERRCODE_UNDEFINED_COLUMN, "column %s.%s does not exist", rel, name);
    check_lateral_ok(ps, p, p->q->rtable[r], location);
    note_outer_ref(ps, p, levelsup, r);
    Expr *v = an_make_var(ps, r, a, levelsup);
    if (v->kind == EXPR_VAR) v->location = location;
    return v;
  }
  if (hidden) {
    char hint[512];
    snprintf(hint, sizeof hint, "There is an entry for table \"%s\", but it cannot be referenced from this part of the query.", rel);
    ref_error(ps->an, location, ERRCODE_UNDEFINED_TABLE, NULL, hint, "invalid reference to FROM-clause entry for table \"%s\"", rel);
  }
  an_error(ps->an, location, ERRCODE_UNDEFINED_TABLE, "missing FROM-clause entry for table \"%s\"", rel);
}

Expr *an_column_ref(ParseState *ps, PgQuery__ColumnRef *cref) {
  Analysis *an = ps->an;
  int n = (int)cref->n_fields;
  for (int i = 0; i < n; i++)
    if (cref->fields[i]->node_case != PG_QUERY__NODE__NODE_STRING)
      an_error(an, cref->location, ERRCODE_SYNTAX_ERROR, "\"*\" is not allowed here");
  if (n == 1) return bare_column(ps, cref->fields[0]->string->sval, cref->location);
  if (n == 2) return qualified_column(ps, cref->fields[0]->string->sval, cref->fields[1]->string->sval, cref->location);
  if (n == 3 && !strcmp(cref->fields[0]->string->sval, "public"))
    return qualified_column(ps, cref->fields[1]->string->sval, cref->fields[2]->string->sval, cref->location);
  an_unsupported(an, cref->location, "qualified column references with schema or database names");
}
