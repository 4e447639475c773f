/*
** parse_cte.c — where a recursive query may refer to itself.
**
** PostgreSQL's checkWellFormedRecursion refuses a recursive reference on
** the nullable side of an outer join or inside a sublink (42P19).  SQLite
** accepts some of them and answers otherwise (y LEFT JOIN x) or recurses
** forever (x RIGHT JOIN y, regress with.sql held the server for good), so
** the recursive term is checked here, on the raw parse tree, before it is
** analysed.  A reference inside a FROM subquery keeps its context, as in
** PostgreSQL, but is refused (0A000) where PostgreSQL would run it: SQLite
** has no recursive table inside a subquery.  A WITH inside the term that
** reuses the name hides it.
*/
#include "analyze/analyze.h"

#include <string.h>

typedef enum { REC_OK, REC_OUTERJOIN, REC_SUBLINK } RecContext;

typedef struct {
  Analysis *an;
  const char *name;
  int in_from_subquery;    /* depth of FROM subqueries around the walk */
} RecCheck;

static void rec_walk(RecCheck *rc, Node *n, RecContext ctx);

static void rec_range_var(RecCheck *rc, PgQuery__RangeVar *rv, RecContext ctx) {
  if ((rv->schemaname && *rv->schemaname) || strcmp(rv->relname, rc->name) != 0) return;
  /* PostgreSQL allows it; SQLite refuses a recursive table inside a
  ** subquery ("circular reference"), so it is refused by name here. */
  if (ctx == REC_OK && rc->in_from_subquery)
    an_error(rc->an, rv->location, ERRCODE_FEATURE_NOT_SUPPORTED,
             "a recursive reference to query \"%s\" inside a subquery in FROM is not supported by pgmicro yet", rc->name);
  if (ctx == REC_OK) return;
  an_error(rc->an, rv->location, "42P19", "recursive reference to query \"%s\" must not appear within %s",
           rc->name, ctx == REC_OUTERJOIN ? "an outer join" : "a subquery");
}

/* An outer join's nullable side is REC_OUTERJOIN unless already in a sublink. */
static void rec_join(RecCheck *rc, PgQuery__JoinExpr *j, RecContext ctx) {
  RecContext outer = ctx == REC_OK ? REC_OUTERJOIN : ctx;
  bool left_nullable = j->jointype == PG_QUERY__JOIN_TYPE__JOIN_RIGHT || j->jointype == PG_QUERY__JOIN_TYPE__JOIN_FULL;
  bool right_nullable = j->jointype == PG_QUERY__JOIN_TYPE__JOIN_LEFT || j->jointype == PG_QUERY__JOIN_TYPE__JOIN_FULL;
  rec_walk(rc, j->larg, left_nullable ? outer : ctx);
  rec_walk(rc, j->rarg, right_nullable ? outer : ctx);
  rec_walk(rc, j->quals, ctx);
}

static bool with_hides(const RecCheck *rc, const PgQuery__WithClause *w) {
  if (!w) return false;
  for (size_t i = 0; i < w->n_ctes; i++)
    if (w->ctes[i]->node_case == PG_QUERY__NODE__NODE_COMMON_TABLE_EXPR &&
        strcmp(w->ctes[i]->common_table_expr->ctename, rc->name) == 0)
      return true;
  return false;
}

/* rec_walk as a parser_each_child callback: the walk and its context. */
typedef struct RecStep { RecCheck *rc; RecContext ctx; } RecStep;

static void *rec_child(Node *n, void *step) {
  RecStep *st = step;
  rec_walk(st->rc, n, st->ctx);
  return NULL;
}

static void rec_walk(RecCheck *rc, Node *n, RecContext ctx) {
  if (!n) return;
  switch (n->node_case) {
  case PG_QUERY__NODE__NODE_RANGE_VAR: rec_range_var(rc, n->range_var, ctx); return;
  case PG_QUERY__NODE__NODE_JOIN_EXPR: rec_join(rc, n->join_expr, ctx); return;
  case PG_QUERY__NODE__NODE_SUB_LINK:
    rec_walk(rc, n->sub_link->subselect, REC_SUBLINK);
    rec_walk(rc, n->sub_link->testexpr, ctx);
    return;
  case PG_QUERY__NODE__NODE_SELECT_STMT:
    if (with_hides(rc, n->select_stmt->with_clause)) return;
    break;
  case PG_QUERY__NODE__NODE_RANGE_SUBSELECT:
    rc->in_from_subquery++;
    rec_walk(rc, n->range_subselect->subquery, ctx);
    rc->in_from_subquery--;
    return;
  default: break;
  }
  RecStep st = {rc, ctx};
  parser_each_child(n, rec_child, &st);
}

void an_check_recursive_term(Analysis *an, const char *name, PgQuery__SelectStmt *term) {
  RecCheck rc = {.an = an, .name = name};
  if (with_hides(&rc, term->with_clause)) return;
  RecStep st = {&rc, REC_OK};
  parser_each_field_child(&term->base, rec_child, &st);
}
