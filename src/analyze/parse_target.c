/*
** parse_target.c — select lists: * expansion, output column names as
** PostgreSQL's FigureColname chooses them, and RETURNING lists.
*/
#include "analyze/analyze.h"

#include <string.h>

/* PostgreSQL's FigureColnameInternal: returns the strength of the choice
** (0 none, 1 weak "?column?"-level guess, 2 a real name). */
static int figure_colname(Node *n, const char **name) {
  if (!n) return 0;
  switch (n->node_case) {
  case PG_QUERY__NODE__NODE_COLUMN_REF: {
    PgQuery__ColumnRef *c = n->column_ref;
    Node *last = c->fields[c->n_fields - 1];
    if (last->node_case == PG_QUERY__NODE__NODE_STRING) { *name = last->string->sval; return 2; }
    return 0;
  }
  case PG_QUERY__NODE__NODE_FUNC_CALL: {
    PgQuery__FuncCall *f = n->func_call;
    *name = f->funcname[f->n_funcname - 1]->string->sval;
    return 2;
  }
  case PG_QUERY__NODE__NODE_A_EXPR:
    if (n->a_expr->kind == PG_QUERY__A__EXPR__KIND__AEXPR_NULLIF) { *name = "nullif"; return 2; }
    return 0;
  case PG_QUERY__NODE__NODE_TYPE_CAST: {
    int s = figure_colname(n->type_cast->arg, name);
    if (s >= 2) return s;
    PgQuery__TypeName *tn = n->type_cast->type_name;
    if (tn->n_names) { *name = tn->names[tn->n_names - 1]->string->sval; return 1; }
    return s;
  }
  case PG_QUERY__NODE__NODE_CASE_EXPR: {
    int s = figure_colname((Node *)n->case_expr->defresult, name);
    if (s >= 2) return s;
    *name = "case";
    return 1;
  }
  case PG_QUERY__NODE__NODE_COALESCE_EXPR: *name = "coalesce"; return 2;
  case PG_QUERY__NODE__NODE_GROUPING_FUNC: *name = "grouping"; return 2;
  case PG_QUERY__NODE__NODE_MIN_MAX_EXPR:
    *name = n->min_max_expr->op == PG_QUERY__MIN_MAX_OP__IS_GREATEST ? "greatest" : "least";
    return 2;
  case PG_QUERY__NODE__NODE_A_ARRAY_EXPR: *name = "array"; return 2;
  case PG_QUERY__NODE__NODE_A_INDIRECTION: {   /* a[1]: named after a (a field name would win) */
    PgQuery__AIndirection *ind = n->a_indirection;
    Node *last = ind->n_indirection ? ind->indirection[ind->n_indirection - 1] : NULL;
    if (last && last->node_case == PG_QUERY__NODE__NODE_STRING) { *name = last->string->sval; return 2; }
    return figure_colname(ind->arg, name);
  }
  case PG_QUERY__NODE__NODE_ROW_EXPR: *name = "row"; return 2;
  case PG_QUERY__NODE__NODE_SQLVALUE_FUNCTION:
    switch (n->sqlvalue_function->op) {
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_DATE: *name = "current_date"; return 2;
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_TIMESTAMP: *name = "current_timestamp"; return 2;
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_LOCALTIMESTAMP:
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_LOCALTIMESTAMP_N: *name = "localtimestamp"; return 2;
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_TIMESTAMP_N: *name = "current_timestamp"; return 2;
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_LOCALTIME:
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_LOCALTIME_N: *name = "localtime"; return 2;
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_ROLE: *name = "current_role"; return 2;
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_USER: *name = "current_user"; return 2;
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_USER: *name = "user"; return 2;
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_SESSION_USER: *name = "session_user"; return 2;
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_CATALOG: *name = "current_catalog"; return 2;
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_SCHEMA: *name = "current_schema"; return 2;
    default: return 0;
    }
  case PG_QUERY__NODE__NODE_SUB_LINK: {
    PgQuery__SubLink *s = n->sub_link;
    if (s->sub_link_type == PG_QUERY__SUB_LINK_TYPE__EXISTS_SUBLINK) { *name = "exists"; return 2; }
    if (s->sub_link_type == PG_QUERY__SUB_LINK_TYPE__ARRAY_SUBLINK) { *name = "array"; return 2; }
    if (s->sub_link_type == PG_QUERY__SUB_LINK_TYPE__EXPR_SUBLINK &&
        s->subselect->node_case == PG_QUERY__NODE__NODE_SELECT_STMT) {
      PgQuery__SelectStmt *sel = s->subselect->select_stmt;
      while (sel->op != PG_QUERY__SET_OPERATION__SETOP_NONE && sel->larg) sel = sel->larg;
      if (sel->n_target_list == 1) {
        PgQuery__ResTarget *rt = sel->target_list[0]->res_target;
        if (rt->name && *rt->name) { *name = rt->name; return 2; }
        return figure_colname(rt->val, name);
      }
    }
    return 0;
  }
  default:
    return 0;
  }
}

char *an_colname_for(Analysis *an, Node *n, Expr *e) {
  (void)e;
  const char *name = "?column?";
  figure_colname(n, &name);
  return an_strdup(an, name);
}

static void add_target(ParseState *ps, Expr *e, char *name) {
  Query *q = ps->q;
  q->targets = arena_grow(&ps->an->arena, q->targets, (size_t)q->ntargets, (size_t)q->ntargets + 1, sizeof(TargetEntry));
  q->targets[q->ntargets].expr = e;
  q->targets[q->ntargets].name = name;
  q->ntargets++;
}

static void expand_rte(ParseState *ps, int rteidx) {
  RangeTblEntry *rte = ps->q->rtable[rteidx];
  for (int c = 0; c < rte->ncols; c++) add_target(ps, an_make_var(ps, rteidx, c, 0), rte->colnames[c]);
}

static void expand_star(ParseState *ps, PgQuery__ColumnRef *c) {
  Analysis *an = ps->an;
  Query *q = ps->q;
  if (c->n_fields == 1) {
    if (q->nns == 0) an_error(an, c->location, ERRCODE_SYNTAX_ERROR, "SELECT * with no tables specified is not valid");
    for (int i = 0; i < q->nns; i++)
      if (q->rtable[q->ns[i]]->cols_visible) expand_rte(ps, q->ns[i]);
    return;
  }
  const char *rel = c->fields[c->n_fields - 2]->string->sval;
  for (int i = q->nrtable - 1; i >= 0; i--)
    if (q->rtable[i]->rel_visible && q->rtable[i]->alias && !strcmp(q->rtable[i]->alias, rel)) {
      expand_rte(ps, i);
      return;
    }
  an_error(an, c->location, ERRCODE_UNDEFINED_TABLE, "missing FROM-clause entry for table \"%s\"", rel);
}

static bool is_star(Node *n) {
  if (n->node_case != PG_QUERY__NODE__NODE_COLUMN_REF) return false;
  PgQuery__ColumnRef *c = n->column_ref;
  return c->fields[c->n_fields - 1]->node_case == PG_QUERY__NODE__NODE_A_STAR;
}

void an_target_list(ParseState *ps, Node **items, size_t n) {
  for (size_t i = 0; i < n; i++) {
    PgQuery__ResTarget *rt = items[i]->res_target;
    if (rt->n_indirection) an_unsupported(ps->an, rt->location, "subscripts in the select list");
    if (is_star(rt->val)) { expand_star(ps, rt->val->column_ref); continue; }
    Expr *e = an_expr(ps, rt->val);
    char *name = rt->name && *rt->name ? an_strdup(ps->an, rt->name) : an_colname_for(ps->an, rt->val, e);
    add_target(ps, e, name);
  }
}

TargetEntry *an_returning(ParseState *ps, Node **items, size_t n, int *count) {
  Query *q = ps->q;
  TargetEntry *save = q->targets;
  int savecount = q->ntargets;
  q->targets = NULL;
  q->ntargets = 0;
  const char *savekind = ps->exprkind;
  ps->exprkind = "RETURNING";
  ps->aggs_allowed = ps->windows_allowed = false;
  an_target_list(ps, items, n);
  for (int i = 0; i < q->ntargets; i++) q->targets[i].expr = an_resolve_unknown(ps, q->targets[i].expr);
  TargetEntry *r = q->targets;
  *count = q->ntargets;
  q->targets = save;
  q->ntargets = savecount;
  ps->exprkind = savekind;
  return r;
}
