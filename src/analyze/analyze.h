/*
** analyze.h — parse analysis: from PostgreSQL's raw parse tree to typed
** query trees (nodes.h), with the catalog in hand.
**
** Files (after src/backend/parser):
**   analyze.c        top level: statement dispatch, SELECT, set operations
**   parse_dml.c      INSERT (ON CONFLICT, RETURNING), UPDATE, DELETE
**   parse_clause.c   FROM, WHERE, GROUP BY, HAVING, ORDER BY, LIMIT
**   parse_relation.c range tables and column-name resolution
**   parse_target.c   target lists, * expansion, output column names
**   parse_expr.c     expressions
**   parse_oper.c     operator resolution through pg_operator
**   parse_func.c     function and aggregate resolution through pg_proc
**   parse_coerce.c   casts and implicit coercions through pg_cast
**   parse_srf.c      set-returning functions: in FROM and in select lists
**
** Errors: like PostgreSQL's ereport(ERROR), an_error() does not return; it
** jumps back to analyze_statement(), which hands the error to its caller.
** All analysis memory lives in one arena, so the jump leaks nothing.
*/
#ifndef PGM_ANALYZE_H
#define PGM_ANALYZE_H

#include <setjmp.h>

#include "analyze/nodes.h"
#include "parser/parser.h"
#include "utils/arena.h"

typedef struct Analysis {
  pgm_db *db;
  Arena arena;
  const char *text;          /* the statement text, for error positions */
  jmp_buf on_error;
  pgm_error *err;
  Oid *paramtypes;           /* inferred $n types (0 = not yet known) */
  int nparams, capparams;
  int next_alias;            /* for unique SQLite aliases t1, t2, ... */
  bool volatile_fns;         /* the statement calls now(), nextval(), ... */
  bool volatile_calls;       /* ... a VOLATILE function other than the sequence functions (random(), ...) */
  bool lifted;               /* the parameters are lifted literals (engine/normalize.c) */
  /* FOR UPDATE/SHARE somewhere in the statement (parse_locking.c). */
  bool row_lock, row_lock_nowait;
  const char *row_lock_table;  /* the first table it locks, for messages */
} Analysis;

/* One query level (PostgreSQL's ParseState). */
typedef struct ParseState {
  Analysis *an;
  struct ParseState *parent;
  Query *q;
  CteDef *ctes; int nctes;   /* CTEs visible at this level */
  const char *exprkind;      /* "WHERE", "JOIN/ON", ... for error messages; NULL: select list */
  bool aggs_allowed;
  bool in_agg;               /* inside an aggregate's arguments */
  bool windows_allowed;
  bool has_aggs;
  bool has_windows;
  int excluded_rte;          /* ON CONFLICT: index of EXCLUDED, or -1 */
  Node **windows;            /* the WINDOW clause: named window definitions */
  int nwindows;
  /* While a subquery in this level's FROM is analysed (PostgreSQL's
  ** p_lateral_active): without LATERAL the FROM items are out of its sight
  ** (from_hidden); with LATERAL it sees the ones before it (lateral_active,
  ** also set for the arguments of a function in FROM). */
  bool from_hidden;
  bool lateral_active;
  int lateral_first;         /* ... the first of them it did refer to (range-table index), or -1 */
  bool lateral_cte;          /* ... and it read a WITH query of this level or above */
  /* While a WITH query of this level is analysed: whether it read columns
  ** of enclosing levels (CteDef.correlated). */
  bool cte_active;
  bool cte_correlated;
  /* Set-returning functions: allowed here (a SELECT's select list), or
  ** refused with this message (inside CASE, COALESCE, an aggregate, ...). */
  bool srf_ok;
  const char *srf_block;
} ParseState;

__attribute__((noreturn, format(printf, 4, 5)))
void an_error(Analysis *an, int location, const char *sqlstate, const char *fmt, ...);
/* Reject a feature pgmicro does not implement: 0A000 naming it. */
__attribute__((noreturn))
void an_unsupported(Analysis *an, int location, const char *feature);

void *an_alloc(Analysis *an, size_t n);
char *an_strdup(Analysis *an, const char *s);
const char *an_typename(Oid type);   /* format_type spelling: "integer" */

/* analyze.c */
Query *an_select(ParseState *parent, PgQuery__SelectStmt *stmt, bool toplevel);
/* parse_locking.c: FOR UPDATE/SHARE of a SELECT whose query q is analysed. */
void an_locking_clause(ParseState *ps, PgQuery__SelectStmt *stmt, Query *q);
ParseState *an_new_pstate(Analysis *an, ParseState *parent);
void an_with_clause(ParseState *ps, PgQuery__WithClause *with);
/* parse_cte.c: 42P19 for a recursive reference to NAME on an outer join's
** nullable side or in a sublink of TERM (checkWellFormedRecursion). */
void an_check_recursive_term(Analysis *an, const char *name, PgQuery__SelectStmt *term);

/* parse_dml.c */
Query *an_insert(ParseState *ps, PgQuery__InsertStmt *stmt);
Query *an_update(ParseState *ps, PgQuery__UpdateStmt *stmt);
Query *an_delete(ParseState *ps, PgQuery__DeleteStmt *stmt);

/* parse_clause.c */
void an_from_clause(ParseState *ps, Node **items, size_t n);
Expr *an_where(ParseState *ps, Node *n, const char *kind);
void an_group_clause(ParseState *ps, Node **items, size_t n);
void an_sort_clause(ParseState *ps, Node **items, size_t n, bool targets_fixed);
void an_distinct_on(ParseState *ps, Node **items, size_t n);
Expr *an_limit(ParseState *ps, Node *n, const char *kind);
void an_check_grouping(ParseState *ps);
/* Structural equality of two analysed expressions. */
bool an_expr_equal(const Expr *a, const Expr *b);
/* 0A000 when e is an array: arrays are stored as text, which compares differently. */
void an_refuse_array_key(Analysis *an, const Expr *e, const char *what);
Expr *an_grouping_func(ParseState *ps, PgQuery__GroupingFunc *g);

/* parse_relation.c */
int an_add_rte(ParseState *ps, RangeTblEntry *rte);
RangeTblEntry *an_rte_for_table(ParseState *ps, const char *name, const char *alias, int location);
/* rte's column names, types and typmods: those of table t. */
void an_rte_table_columns(Analysis *an, RangeTblEntry *rte, const Table *t);
/* A query level whose one FROM item, and result relation, is table t
** (CHECK expressions of CREATE/ALTER TABLE); no aggregates or windows. */
ParseState *an_table_pstate(Analysis *an, Table *t);
Expr *an_column_ref(ParseState *ps, PgQuery__ColumnRef *cref);
Expr *an_make_var(ParseState *ps, int rte, int attno, int levelsup);
Table *an_lookup_table(Analysis *an, PgQuery__RangeVar *rv);
CteDef *an_find_cte(ParseState *ps, const char *name);

/* parse_target.c */
void an_target_list(ParseState *ps, Node **items, size_t n);
TargetEntry *an_returning(ParseState *ps, Node **items, size_t n, int *count);
char *an_colname_for(Analysis *an, Node *n, Expr *e);

/* parse_expr.c */
Expr *an_expr(ParseState *ps, Node *n);
Expr *an_bool_expr(ParseState *ps, Node *n, const char *context);
Expr *an_make_const_text(Analysis *an, const char *s, int location);     /* unknown literal */
Expr *an_make_const(Analysis *an, Oid type, int32_t typmod, Datum *v, int location);
Expr *an_make_null(Analysis *an, Oid type);
Expr *an_make_int4(Analysis *an, int32_t v);
Expr *an_make_bool(Analysis *an, bool v);
Expr *an_sublink(ParseState *ps, PgQuery__SubLink *sl);
/* Element-by-element comparison of two rows of n expressions. */
Expr *an_row_compare(ParseState *ps, const char *op, Expr **l, Expr **r, int n, int location);

/* parse_oper.c */
Expr *an_make_op(ParseState *ps, const char *opname, Expr *l, Expr *r, int location);
const char *an_native_op(const char *prosrc);

/* parse_func.c */
/* A candidate signature for overload resolution (a function or an operator). */
typedef struct Candidate { const Oid *args; int nargs; Oid variadic; bool poly_ok; } Candidate;
/* PostgreSQL's func_select_candidate over candidate signatures: the index of
** the chosen one, or -1 (*ambiguous tells whether several fitted). */
int an_select_candidate(const Candidate *c, int ncands, const Oid *in, int nin, bool *ambiguous);
Expr *an_func_call(ParseState *ps, PgQuery__FuncCall *fc);
/* Choose among candidate procs for the given argument types (PostgreSQL's
** func_select_candidate); NULL when none fits; *ambiguous set when several do. */
const PgProc *an_select_proc(const PgProc *const *cands, int ncands, const Oid *argtypes,
                             int nargs, bool *ambiguous);
Expr *an_make_func(ParseState *ps, const PgProc *p, Expr **args, int nargs, int location);

/* parse_srf.c */
/* A call of the set-returning function p as the table-valued function that
** runs it (EXPR_SRF, not registered anywhere); 0A000 if pgmicro has none. */
Expr *an_srf_build(ParseState *ps, const PgProc *p, Expr **args, int nargs, int location);
/* A set-returning function call in an expression: checked for its place,
** registered in the query's srfs.  nsrfs_before: the count before its
** arguments were analysed (more means an SRF in its arguments). */
Expr *an_srf_call(ParseState *ps, const PgProc *p, Expr **args, int nargs, int location, int nsrfs_before);
void an_check_srfs(ParseState *ps);
bool an_contains_srf(const Expr *e);

/* parse_coerce.c */
typedef enum CoercionContext { COERCE_IMPLICIT, COERCE_ASSIGNMENT, COERCE_EXPLICIT } CoercionContext;
/* Coerce e to type/typmod, or NULL if no such coercion exists in ctx. */
Expr *an_coerce(ParseState *ps, Expr *e, Oid type, int32_t typmod, CoercionContext ctx, int location);
/* Same, raising PostgreSQL's error when impossible. */
Expr *an_coerce_or_error(ParseState *ps, Expr *e, Oid type, int32_t typmod, CoercionContext ctx,
                         int location);
bool an_can_coerce(Oid from, Oid to, CoercionContext ctx);
/* The common type of a set of expressions (UNION, CASE, COALESCE, VALUES). */
Oid an_common_type(ParseState *ps, Expr **exprs, int n, const char *context);
char an_type_category(Oid type);
bool an_type_preferred(Oid type);
/* Resolve any still-unknown literal to text (at the top of a select list). */
Expr *an_resolve_unknown(ParseState *ps, Expr *e);
/* The type's text output of e (PostgreSQL's typoutput, not a cast: true -> "t"). */
Expr *an_output_text(ParseState *ps, Expr *e);
/* Typmod from a TypeName (varchar(10) -> 14); and the type OID. */
Oid an_resolve_typename(Analysis *an, PgQuery__TypeName *tn, int32_t *typmod);

/* The statement's parameter $n got type t (first determination wins). */
void an_set_param_type(Analysis *an, int n, Oid t);
Oid an_param_type(Analysis *an, int n);

#endif
