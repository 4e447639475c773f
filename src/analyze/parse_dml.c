/*
** parse_dml.c — INSERT (VALUES, SELECT, DEFAULT, ON CONFLICT, RETURNING),
** UPDATE (SET, FROM, RETURNING) and DELETE (USING, RETURNING).
**
** Every value stored into a column is coerced to the column's type and
** typmod with assignment rules, so int4 overflow, varchar(n) length and
** numeric(p,s) rounding behave as in PostgreSQL.  Omitted columns get their
** DEFAULT expressions here, written out in the statement, rather than
** through SQLite's DEFAULT clauses (which cannot call nextval() or now()
** with PostgreSQL's semantics).
*/
#include "analyze/analyze.h"
#include "catalog/pgcatalog.h"
#include "analyze/parse_view.h"

#include <string.h>

/* The DEFAULT of column c as an expression (NULL constant if none). */
static Expr *column_default(ParseState *ps, Table *t, int c) {
  Analysis *an = ps->an;
  Column *col = &t->cols[c];
  if (!col->default_pg) return an_make_null(an, col->type);
  char *sql = arena_printf(&an->arena, "SELECT %s", col->default_pg);
  RawParse rp;
  pgm_error *err = NULL;
  if (parser_parse(sql, strlen(sql), &rp, &err) != 0) {
    an->err = err;
    longjmp(an->on_error, 1);
  }
  PgQuery__ResTarget *rt = rp.tree->stmts[0]->stmt->select_stmt->target_list[0]->res_target;
  /* The default is analysed on its own: it cannot see the statement. */
  ParseState *dps = an_new_pstate(an, NULL);
  const char *savetext = an->text;
  an->text = sql;
  Expr *e = NULL;
  jmp_buf save;
  memcpy(save, an->on_error, sizeof save);
  if (setjmp(an->on_error) == 0) {
    e = an_expr(dps, rt->val);
    e = an_coerce_or_error(dps, e, col->type, col->typmod, COERCE_ASSIGNMENT, -1);
  }
  memcpy(an->on_error, save, sizeof save);
  an->text = savetext;
  parser_free(&rp);
  if (!e) longjmp(an->on_error, 1);
  return e;
}

static Expr *assign_value(ParseState *ps, Table *t, int c, Expr *e) {
  Column *col = &t->cols[c];
  Expr *r = an_coerce(ps, e, col->type, col->typmod, COERCE_ASSIGNMENT, e->location);
  if (!r) {
    pgm_error *err = pgm_error_new(ERRCODE_DATATYPE_MISMATCH, "column \"%s\" is of type %s but expression is of type %s",
                                   col->name, an_typename(col->type), an_typename(e->type));
    pgm_error_set_hint(err, "You will need to rewrite or cast the expression.");
    err->position = parser_char_position(ps->an->text, e->location);
    ps->an->err = err;
    longjmp(ps->an->on_error, 1);
  }
  return r;
}

/* SQLite fills a NULL INTEGER PRIMARY KEY with a new rowid; PostgreSQL
** rejects it.  Wrap values of such a key in a NOT NULL check. */
static Expr *guard_rowid_key(ParseState *ps, Table *t, int c, Expr *e) {
  bool key = false;
  for (int i = 0; i < t->ncons; i++)
    if (t->cons[i].kind == 'p' && t->cons[i].ncols == 1 && t->cons[i].cols[0] == c) key = t->rowid_pk;
  if (!key) return e;
  Expr *g = an_alloc(ps->an, sizeof *g);
  g->kind = EXPR_NOTNULLCHK;
  g->type = e->type;
  g->typmod = e->typmod;
  g->location = e->location;
  g->u.notnullchk.arg = e;
  g->u.notnullchk.column = t->cols[c].name;
  g->u.notnullchk.table = t->name;
  return g;
}

static int target_column(ParseState *ps, Table *t, const char *name, int location) {
  int c = usercat_column(t, name);
  if (c < 0)
    an_error(ps->an, location, ERRCODE_UNDEFINED_COLUMN, "column \"%s\" of relation \"%s\" does not exist", name, t->name);
  return c;
}

static int add_target_rte(ParseState *ps, PgQuery__RangeVar *rv) {
  Analysis *an = ps->an;
  if (!rv->inh) an_unsupported(an, rv->location, "ONLY");
  an_view_check_dml(an, rv, ps->q->cmd == CMD_INSERT ? "insert into" : ps->q->cmd == CMD_UPDATE ? "update" : "delete from");
  syscat_check_dml(an, rv, ps->q->cmd == CMD_INSERT ? "insert into" : ps->q->cmd == CMD_UPDATE ? "update" : "delete from");
  Table *t = an_lookup_table(an, rv);
  if (!t) an_error(an, rv->location, ERRCODE_UNDEFINED_TABLE, "relation \"%s\" does not exist", rv->relname);
  RangeTblEntry *rte = an_rte_for_table(ps, rv->relname, rv->alias ? rv->alias->aliasname : NULL, rv->location);
  int idx = an_add_rte(ps, rte);
  ps->q->result_rte = idx;
  ps->q->ns = an_alloc(an, sizeof(int) * 4);
  ps->q->ns[ps->q->nns++] = idx;
  return idx;
}

static void insert_columns(ParseState *ps, PgQuery__InsertStmt *stmt, Table *t) {
  Query *q = ps->q;
  if (stmt->n_cols == 0) {
    q->nattnos = t->ncols;
    q->attnos = an_alloc(ps->an, sizeof(int) * (size_t)t->ncols);
    for (int i = 0; i < t->ncols; i++) q->attnos[i] = i;
    return;
  }
  q->attnos = an_alloc(ps->an, sizeof(int) * stmt->n_cols);
  for (size_t i = 0; i < stmt->n_cols; i++) {
    PgQuery__ResTarget *rt = stmt->cols[i]->res_target;
    if (rt->n_indirection) an_unsupported(ps->an, rt->location, "assignment to subscripts or fields");
    int c = target_column(ps, t, rt->name, rt->location);
    for (int k = 0; k < q->nattnos; k++)
      if (q->attnos[k] == c) an_error(ps->an, rt->location, ERRCODE_DUPLICATE_COLUMN, "column \"%s\" specified more than once", rt->name);
    q->attnos[q->nattnos++] = c;
  }
}

/* INSERT ... VALUES: each row gets one value per table column, in table
** order: the given ones coerced, DEFAULT and omitted ones from the default. */
static void insert_values(ParseState *ps, PgQuery__SelectStmt *sel, Table *t) {
  Analysis *an = ps->an;
  Query *q = ps->q;
  int nrows = (int)sel->n_values_lists;
  q->values = an_alloc(an, sizeof(Expr **) * (size_t)nrows);
  q->nvalues = nrows;
  q->nvaluecols = t->ncols;
  ps->aggs_allowed = ps->windows_allowed = false;
  ps->exprkind = "VALUES";
  for (int r = 0; r < nrows; r++) {
    PgQuery__List *l = sel->values_lists[r]->list;
    if ((int)l->n_items > q->nattnos)
      an_error(an, -1, ERRCODE_SYNTAX_ERROR, "INSERT has more expressions than target columns");
    if ((int)l->n_items < q->nattnos && ps->q->nattnos != t->ncols)
      an_error(an, -1, ERRCODE_SYNTAX_ERROR, "INSERT has more target columns than expressions");
    Expr **row = an_alloc(an, sizeof(Expr *) * (size_t)t->ncols);
    for (int k = 0; k < (int)l->n_items; k++) {
      int c = q->attnos[k];
      Node *n = l->items[k];
      Expr *e = n->node_case == PG_QUERY__NODE__NODE_SET_TO_DEFAULT ? column_default(ps, t, c)
                                                                    : assign_value(ps, t, c, an_expr(ps, n));
      row[c] = guard_rowid_key(ps, t, c, e);
    }
    for (int c = 0; c < t->ncols; c++)
      if (!row[c]) row[c] = guard_rowid_key(ps, t, c, column_default(ps, t, c));
    q->values[r] = row;
  }
}

/* INSERT ... SELECT: the source query's outputs are coerced to the columns. */
static void insert_select(ParseState *ps, PgQuery__SelectStmt *sel, Table *t) {
  Analysis *an = ps->an;
  Query *q = ps->q;
  ParseState *sps = an_new_pstate(an, NULL);
  sps->ctes = ps->ctes;
  sps->nctes = ps->nctes;
  Query *src = an_select(sps, sel, false);
  if (src->ntargets > q->nattnos) an_error(an, -1, ERRCODE_SYNTAX_ERROR, "INSERT has more expressions than target columns");
  if (src->ntargets < q->nattnos) an_error(an, -1, ERRCODE_SYNTAX_ERROR, "INSERT has more target columns than expressions");
  /* Wrap the source as a subquery: the outer row has every table column. */
  RangeTblEntry *rte = an_alloc(an, sizeof *rte);
  rte->kind = RTE_SUBQUERY;
  rte->subquery = src;
  rte->ncols = src->ntargets;
  rte->colnames = an_alloc(an, sizeof(char *) * (size_t)(rte->ncols + 1));
  rte->coltypes = an_alloc(an, sizeof(Oid) * (size_t)(rte->ncols + 1));
  rte->coltypmods = an_alloc(an, sizeof(int32_t) * (size_t)(rte->ncols + 1));
  for (int i = 0; i < rte->ncols; i++) {
    rte->colnames[i] = src->targets[i].name;
    rte->coltypes[i] = src->targets[i].expr->type;
    rte->coltypmods[i] = src->targets[i].expr->typmod;
  }
  Query *outer = an_alloc(an, sizeof *outer);
  ParseState *ops = an_new_pstate(an, NULL);
  ops->q = outer;
  outer->result_rte = -1;
  int idx = an_add_rte(ops, rte);
  outer->from = an_alloc(an, sizeof(FromItem *));
  outer->from[0] = an_alloc(an, sizeof(FromItem));
  outer->from[0]->rte = idx;
  outer->nfrom = 1;
  outer->targets = an_alloc(an, sizeof(TargetEntry) * (size_t)t->ncols);
  outer->ntargets = t->ncols;
  for (int c = 0; c < t->ncols; c++) outer->targets[c].name = t->cols[c].name;
  for (int k = 0; k < q->nattnos; k++) {
    int c = q->attnos[k];
    Expr *v = an_make_var(ops, idx, k, 0);
    outer->targets[c].expr = guard_rowid_key(ps, t, c, assign_value(ops, t, c, v));
  }
  for (int c = 0; c < t->ncols; c++)
    if (!outer->targets[c].expr) outer->targets[c].expr = guard_rowid_key(ps, t, c, column_default(ps, t, c));
  q->source = outer;
}

static bool same_colset(const Constraint *con, const int *cols, int n) {
  if (con->ncols != n) return false;
  for (int i = 0; i < n; i++) {
    bool found = false;
    for (int k = 0; k < n; k++) if (con->cols[k] == cols[i]) found = true;
    if (!found) return false;
  }
  return true;
}

static void on_conflict(ParseState *ps, PgQuery__OnConflictClause *oc, Table *t) {
  Analysis *an = ps->an;
  Query *q = ps->q;
  OnConflict *o = an_alloc(an, sizeof *o);
  q->onconflict = o;
  o->do_update = oc->action == PG_QUERY__ON_CONFLICT_ACTION__ONCONFLICT_UPDATE;
  PgQuery__InferClause *inf = oc->infer;
  if (inf && inf->conname && *inf->conname) {
    const Constraint *con = NULL;
    for (int i = 0; i < t->ncons; i++) if (!strcmp(t->cons[i].name, inf->conname)) con = &t->cons[i];
    if (!con) an_error(an, oc->location, ERRCODE_UNDEFINED_OBJECT, "constraint \"%s\" for table \"%s\" does not exist", inf->conname, t->name);
    o->ncols = con->ncols;
    o->cols = an_alloc(an, sizeof(char *) * (size_t)con->ncols);
    for (int i = 0; i < con->ncols; i++) o->cols[i] = t->cols[con->cols[i]].name;
  } else if (inf) {
    if (inf->where_clause) an_unsupported(an, oc->location, "ON CONFLICT with a partial-index predicate");
    int *cols = an_alloc(an, sizeof(int) * (inf->n_index_elems + 1));
    o->cols = an_alloc(an, sizeof(char *) * (inf->n_index_elems + 1));
    for (size_t i = 0; i < inf->n_index_elems; i++) {
      PgQuery__IndexElem *ie = inf->index_elems[i]->index_elem;
      if (!ie->name) an_unsupported(an, oc->location, "ON CONFLICT on expressions");
      cols[i] = target_column(ps, t, ie->name, oc->location);
      o->cols[o->ncols++] = t->cols[cols[i]].name;
    }
    bool match = false;
    for (int i = 0; i < t->ncons; i++)
      if ((t->cons[i].kind == 'p' || t->cons[i].kind == 'u' || t->cons[i].kind == 'i') && same_colset(&t->cons[i], cols, o->ncols)) match = true;
    if (!match)
      an_error(an, oc->location, ERRCODE_INVALID_COLUMN_REFERENCE,
               "there is no unique or exclusion constraint matching the ON CONFLICT specification");
  } else if (o->do_update) {
    an_error(an, oc->location, ERRCODE_SYNTAX_ERROR, "ON CONFLICT DO UPDATE requires inference specification or constraint name");
  }
  if (!o->do_update) return;
  /* EXCLUDED: the row proposed for insertion. */
  RangeTblEntry *ex = an_rte_for_table(ps, t->name, "excluded", oc->location);
  ex->sqlalias = "excluded";
  ex->cols_visible = false;
  o->excluded_rte = an_add_rte(ps, ex);
  ps->q->ns[ps->q->nns++] = o->excluded_rte;
  ps->excluded_rte = o->excluded_rte;
  o->set_attnos = an_alloc(an, sizeof(int) * (oc->n_target_list + 1));
  o->set_exprs = an_alloc(an, sizeof(Expr *) * (oc->n_target_list + 1));
  ps->exprkind = "ON CONFLICT DO UPDATE";
  for (size_t i = 0; i < oc->n_target_list; i++) {
    PgQuery__ResTarget *rt = oc->target_list[i]->res_target;
    if (rt->val->node_case == PG_QUERY__NODE__NODE_MULTI_ASSIGN_REF) an_unsupported(an, rt->location, "multiple-column assignment");
    int c = target_column(ps, t, rt->name, rt->location);
    Expr *e = rt->val->node_case == PG_QUERY__NODE__NODE_SET_TO_DEFAULT ? column_default(ps, t, c)
                                                                       : assign_value(ps, t, c, an_expr(ps, rt->val));
    o->set_attnos[o->nset] = c;
    o->set_exprs[o->nset++] = guard_rowid_key(ps, t, c, e);
  }
  o->where = an_where(ps, oc->where_clause, "WHERE");
}

/* ---- identity columns (GENERATED ... AS IDENTITY; commands/tablecmds.c) ----
** ALWAYS: an explicit value is 428C9 unless OVERRIDING SYSTEM VALUE (or
** every row says DEFAULT); OVERRIDING USER VALUE replaces the given values
** of identity columns by their defaults. */
static void identity_insert(ParseState *ps, PgQuery__InsertStmt *stmt, Table *t, PgQuery__SelectStmt *sel) {
  Analysis *an = ps->an;
  Query *q = ps->q;
  bool system = stmt->override == PG_QUERY__OVERRIDING_KIND__OVERRIDING_SYSTEM_VALUE;
  bool user = stmt->override == PG_QUERY__OVERRIDING_KIND__OVERRIDING_USER_VALUE;
  for (int k = 0; k < q->nattnos; k++) {
    int c = q->attnos[k];
    char kind = t->cols[c].identity;
    if (!kind || !sel) continue;
    if (user) {
      Expr *d = guard_rowid_key(ps, t, c, column_default(ps, t, c));
      if (q->values) for (int r = 0; r < q->nvalues; r++) q->values[r][c] = d;
      else if (q->source) q->source->targets[c].expr = d;
      continue;
    }
    if (kind != 'a' || system) continue;
    bool given = false;   /* a value other than DEFAULT is given for the column */
    if (q->values)
      for (size_t r = 0; r < sel->n_values_lists; r++) {
        PgQuery__List *l = sel->values_lists[r]->list;
        if (k < (int)l->n_items && l->items[k]->node_case != PG_QUERY__NODE__NODE_SET_TO_DEFAULT) given = true;
      }
    else if (q->source)
      given = k < q->source->rtable[0]->ncols;
    if (!given) continue;
    pgm_error *e = pgm_error_new(ERRCODE_GENERATED_ALWAYS, "cannot insert a non-DEFAULT value into column \"%s\"", t->cols[c].name);
    pgm_error_set_detail(e, "Column \"%s\" is an identity column defined as GENERATED ALWAYS.", t->cols[c].name);
    pgm_error_set_hint(e, "Use OVERRIDING SYSTEM VALUE to override.");
    an->err = e;
    longjmp(an->on_error, 1);
  }
}

static void identity_update(Analysis *an, Table *t, int c, Node *val) {
  if (t->cols[c].identity != 'a' || val->node_case == PG_QUERY__NODE__NODE_SET_TO_DEFAULT) return;
  pgm_error *e = pgm_error_new(ERRCODE_GENERATED_ALWAYS, "column \"%s\" can only be updated to DEFAULT", t->cols[c].name);
  pgm_error_set_detail(e, "Column \"%s\" is an identity column defined as GENERATED ALWAYS.", t->cols[c].name);
  an->err = e;
  longjmp(an->on_error, 1);
}

Query *an_insert(ParseState *ps, PgQuery__InsertStmt *stmt) {
  Analysis *an = ps->an;
  Query *q = ps->q;
  q->cmd = CMD_INSERT;
  an_with_clause(ps, stmt->with_clause);
  int idx = add_target_rte(ps, stmt->relation);
  Table *t = q->rtable[idx]->table;
  insert_columns(ps, stmt, t);
  PgQuery__SelectStmt *sel = stmt->select_stmt ? stmt->select_stmt->select_stmt : NULL;
  if (!sel) {
    /* DEFAULT VALUES: one row of defaults. */
    q->values = an_alloc(an, sizeof(Expr **));
    q->values[0] = an_alloc(an, sizeof(Expr *) * (size_t)t->ncols);
    for (int c = 0; c < t->ncols; c++) q->values[0][c] = guard_rowid_key(ps, t, c, column_default(ps, t, c));
    q->nvalues = 1;
    q->nvaluecols = t->ncols;
  } else if (sel->n_values_lists && sel->op == PG_QUERY__SET_OPERATION__SETOP_NONE && !sel->n_sort_clause &&
             !sel->limit_count && !sel->limit_offset && !sel->with_clause) {
    insert_values(ps, sel, t);
  } else {
    insert_select(ps, sel, t);
  }
  identity_insert(ps, stmt, t, sel);
  ps->exprkind = NULL;
  if (stmt->on_conflict_clause) on_conflict(ps, stmt->on_conflict_clause, t);
  if (stmt->n_returning_list) q->returning = an_returning(ps, stmt->returning_list, stmt->n_returning_list, &q->nreturning);
  return q;
}

Query *an_update(ParseState *ps, PgQuery__UpdateStmt *stmt) {
  Analysis *an = ps->an;
  Query *q = ps->q;
  q->cmd = CMD_UPDATE;
  an_with_clause(ps, stmt->with_clause);
  int idx = add_target_rte(ps, stmt->relation);
  Table *t = q->rtable[idx]->table;
  if (stmt->n_from_clause) {
    q->rtable[idx]->lateral_denied = 't';   /* FROM items may not refer to the target (PostgreSQL) */
    an_from_clause(ps, stmt->from_clause, stmt->n_from_clause);
    q->rtable[idx]->lateral_denied = 0;
  }
  q->attnos = an_alloc(an, sizeof(int) * (stmt->n_target_list + 1));
  q->setexprs = an_alloc(an, sizeof(Expr *) * (stmt->n_target_list + 1));
  ps->exprkind = "UPDATE";
  ps->aggs_allowed = ps->windows_allowed = false;
  for (size_t i = 0; i < stmt->n_target_list; i++) {
    PgQuery__ResTarget *rt = stmt->target_list[i]->res_target;
    if (rt->n_indirection) an_unsupported(an, rt->location, "assignment to subscripts or fields");
    if (rt->val->node_case == PG_QUERY__NODE__NODE_MULTI_ASSIGN_REF) an_unsupported(an, rt->location, "multiple-column assignment");
    int c = target_column(ps, t, rt->name, rt->location);
    identity_update(an, t, c, rt->val);
    for (int k = 0; k < q->nattnos; k++)
      if (q->attnos[k] == c) an_error(an, rt->location, ERRCODE_DUPLICATE_COLUMN, "multiple assignments to same column \"%s\"", rt->name);
    Expr *e = rt->val->node_case == PG_QUERY__NODE__NODE_SET_TO_DEFAULT ? column_default(ps, t, c)
                                                                       : assign_value(ps, t, c, an_expr(ps, rt->val));
    q->attnos[q->nattnos] = c;
    q->setexprs[q->nattnos++] = guard_rowid_key(ps, t, c, e);
  }
  q->where = an_where(ps, stmt->where_clause, "WHERE");
  if (stmt->n_returning_list) q->returning = an_returning(ps, stmt->returning_list, stmt->n_returning_list, &q->nreturning);
  return q;
}

Query *an_delete(ParseState *ps, PgQuery__DeleteStmt *stmt) {
  Query *q = ps->q;
  q->cmd = CMD_DELETE;
  an_with_clause(ps, stmt->with_clause);
  int idx = add_target_rte(ps, stmt->relation);
  if (stmt->n_using_clause) {
    q->rtable[idx]->lateral_denied = 't';   /* USING items may not refer to the target (PostgreSQL) */
    an_from_clause(ps, stmt->using_clause, stmt->n_using_clause);
    q->rtable[idx]->lateral_denied = 0;
  }
  ps->aggs_allowed = ps->windows_allowed = false;
  q->where = an_where(ps, stmt->where_clause, "WHERE");
  if (stmt->n_returning_list) q->returning = an_returning(ps, stmt->returning_list, stmt->n_returning_list, &q->nreturning);
  return q;
}
