/*
** nodes.h — the analyser's output: typed query trees.
**
** After analysis every name is resolved against the catalog and every
** expression carries the PostgreSQL type it has in PostgreSQL.  The
** translator (src/translate) only turns these trees into SQLite SQL; it
** makes no semantic decisions of its own.  Trees are allocated in the
** Analysis arena and freed together.
*/
#ifndef PGM_NODES_H
#define PGM_NODES_H

#include "pgmint.h"
#include "catalog/usercat.h"

typedef struct Expr Expr;
typedef struct Query Query;

typedef enum ExprKind {
  EXPR_CONST,      /* a constant in stored form (value), or an unknown-typed literal (text) */
  EXPR_PARAM,      /* $n */
  EXPR_VAR,        /* a column of a range-table entry */
  EXPR_FUNC,       /* a call of a built-in function: operators and cast functions too */
  EXPR_AGG,        /* an aggregate call */
  EXPR_WINDOW,     /* a window function call */
  EXPR_BOOL,       /* AND / OR / NOT */
  EXPR_NULLTEST,   /* IS [NOT] NULL */
  EXPR_BOOLTEST,   /* IS [NOT] TRUE / FALSE / UNKNOWN */
  EXPR_DISTINCT,   /* IS [NOT] DISTINCT FROM */
  EXPR_CASE,
  EXPR_COALESCE,
  EXPR_MINMAX,     /* GREATEST / LEAST: ignore NULLs (SQLite's scalar max() does not), via an aggregate */
  EXPR_NULLIF,
  EXPR_SUBLINK,    /* (SELECT ...), EXISTS, x IN (SELECT ...), x op ANY/ALL (SELECT ...), ARRAY(SELECT ...) */
  EXPR_RELABEL,    /* binary-coercible cast: the type changes, the stored value does not */
  EXPR_IOCOERCE,   /* cast through text: output of one type, input of another */
  EXPR_INLIST,     /* x [NOT] IN (a, b, c) with one common comparison */
  EXPR_NATIVE,     /* a SQLite operator whose semantics equal PostgreSQL's for these types */
  EXPR_SEQFUNC,    /* nextval / currval / setval on a sequence */
  EXPR_SQLREF,     /* a column of a helper relation the translator names (sublink rows) */
  EXPR_NOTNULLCHK, /* the value, or error 23502 if NULL (for rowid keys SQLite would fill in) */
  EXPR_GROUPING,   /* GROUPING(a, b): which arguments the current grouping set leaves out */
  EXPR_SRF,        /* a set-returning function in a select list (Query.srfs, parse_srf.c) */
} ExprKind;

typedef enum BoolOp { BOOL_AND, BOOL_OR, BOOL_NOT } BoolOp;
typedef enum SubLinkKind { SUBLINK_EXPR, SUBLINK_EXISTS, SUBLINK_ANY, SUBLINK_ALL, SUBLINK_ARRAY } SubLinkKind;

struct Expr {
  ExprKind kind;
  Oid type;
  int32_t typmod;
  int location;            /* byte offset in the statement text, -1 if none */
  Oid collation_dummy;
  union {
    struct { Datum value; bool isnull; char *literal; } c;        /* CONST; literal set for unknown */
    struct { int number; } param;                                  /* PARAM: 1-based */
    struct { int rte; int attno; int levelsup; } var;              /* VAR: rte index, 0-based column */
    struct { const char *sqlname; Expr **args; int nargs; Oid procoid; } func;
    struct { const char *sqlname; Expr **args; int nargs; bool star; bool distinct;
             Expr *filter; struct SortItem *order; int norder; } agg;
    struct { const char *sqlname; Expr **args; int nargs; bool star;
             struct WindowSpec *spec; } window;
    struct { BoolOp op; Expr **args; int nargs; } boolexpr;
    struct { Expr *arg; bool isnot; } nulltest;
    struct { Expr *arg; int test; } booltest;                      /* 0 true,1 not true,2 false,3 not false,4 unknown,5 not unknown */
    struct { Expr *eq; bool isnot; } distinct;                     /* eq: l = r, native or function */
    struct { Expr *arg; Expr **whens; Expr **thens; int nwhen; Expr *elseexpr; } caseexpr;
    struct { Expr **args; int nargs; bool greatest; } list;        /* COALESCE, MINMAX */
    struct { Expr *eq; } nullif;                                   /* eq: l = r; the result is l or NULL */
    struct { SubLinkKind kind; Query *subquery; Expr *testexpr; Expr *cmp;
             const char *alias; bool native_in; int col; } sublink;  /* cmp: testexpr op alias.c1; col: EXPR's column (0 = first) */
    struct { Expr *arg; } relabel;
    struct { Expr *arg; } iocoerce;
    struct { Expr *arg; Expr **items; int nitems; bool isnot; } inlist;
    struct { const char *op; Expr *l, *r; } native;                /* l op r, or op r when l is NULL */
    struct { const char *fn; char *seqname; Expr *arg2; Expr *arg3; } seq;
    struct { const char *sql; } sqlref;
    struct { Expr *arg; const char *column; const char *table; } notnullchk;
    struct { Expr **args; int nargs; const char *aggname; } minmax;
    struct { int *refs; int nrefs; Expr **args; } grouping;       /* refs: indexes into groupby, once resolved */
    struct { const char *funcname; Expr **args; int nargs; int index;
             const char *outname; } srf;  /* a table-valued function of src/adt; index in Query.srfs;
                                             outname: its OUT parameter's name (proargnames), or NULL */
  } u;
};

typedef struct SortItem {
  Expr *expr;
  bool desc;
  bool nulls_first;
} SortItem;

typedef struct WindowSpec {
  Expr **partition; int npartition;
  SortItem *order; int norder;
  char *frame_sql;         /* the frame clause, already in SQLite syntax, or NULL */
} WindowSpec;

typedef struct TargetEntry {
  Expr *expr;
  char *name;              /* output column name */
  bool junk;               /* computed for ORDER BY only, not returned */
} TargetEntry;

typedef enum RteKind { RTE_RELATION, RTE_SUBQUERY, RTE_CTE, RTE_VALUES, RTE_JOIN, RTE_FUNCTION } RteKind;

typedef struct RangeTblEntry {
  RteKind kind;
  char *alias;             /* the name visible in the query (NULL for unaliased joins) */
  char *sqlalias;          /* the alias emitted in SQLite ("t1", unique in the statement) */
  Table *table;            /* RTE_RELATION (borrowed from the table cache) */
  Query *subquery;         /* RTE_SUBQUERY, RTE_VALUES */
  char *ctename;           /* RTE_CTE: the emitted CTE name */
  int ncols;
  char **colnames;
  Oid *coltypes;
  int32_t *coltypmods;
  bool rel_visible;        /* alias.column finds it */
  bool cols_visible;       /* a bare column name finds it (false for the sides of a USING join) */
  /* RTE_SUBQUERY, RTE_FUNCTION: refers to FROM items before it, the first
  ** at range-table index lateral_first (a subquery is emitted as pgm_lateral). */
  bool lateral;
  int lateral_first;
  /* Not to be referred to by the FROM item being analysed: 'j', the left
  ** side of a RIGHT/FULL JOIN whose right side it is; 't', the target table
  ** of UPDATE/DELETE. */
  char lateral_denied;
  /* A lateral RTE_SUBQUERY reading WITH queries of the statement around it:
  ** the ones visible where it stands, which its own statement repeats. */
  struct CteDef *lateral_ctes; int nlateral_ctes;
  /* RTE_JOIN: merged USING/NATURAL columns come from these expressions. */
  Expr **joinvars;
  /* RTE_FUNCTION: a table-valued function (adt/series.c) and its arguments;
  ** its columns are "value" and, WITH ORDINALITY, the rowid. */
  const char *funcname;
  Expr **funcargs;
  int nfuncargs;
} RangeTblEntry;

typedef enum JoinKind { JOIN_INNER, JOIN_LEFT, JOIN_RIGHT, JOIN_FULL, JOIN_CROSS } JoinKind;

typedef struct FromItem {
  bool is_join;
  int rte;                 /* leaf: range table index; join: its RTE_JOIN entry */
  JoinKind jointype;
  struct FromItem *larg, *rarg;
  Expr *quals;             /* ON, or the USING equalities */
} FromItem;

typedef struct CteDef {
  char *name;
  char *sqlname;
  Query *query;
  bool recursive;
  bool correlated;         /* its query reads columns of enclosing query levels */
  char **colnames; int ncols;
} CteDef;

typedef enum CmdType { CMD_SELECT, CMD_INSERT, CMD_UPDATE, CMD_DELETE } CmdType;
typedef enum SetOp { SETOP_NONE, SETOP_UNION, SETOP_INTERSECT, SETOP_EXCEPT } SetOp;

typedef struct OnConflict {
  bool do_update;
  char **cols; int ncols;  /* the conflict target */
  Expr *target_where;
  int *set_attnos; Expr **set_exprs; int nset;
  Expr *where;
  int excluded_rte;        /* range-table index of EXCLUDED */
} OnConflict;

struct Query {
  CmdType cmd;
  /* set operation: larg op rarg, then sort/limit of this query apply */
  SetOp setop;
  bool setall;
  Query *larg, *rarg;
  CteDef *ctes; int nctes; bool recursive;
  RangeTblEntry **rtable; int nrtable;
  FromItem **from; int nfrom;
  int *ns; int nns;        /* namespace: range-table indexes in FROM order, for * and bare names */
  TargetEntry *targets; int ntargets;
  Expr *where;
  Expr **groupby; int ngroupby;
  /* GROUPING SETS / ROLLUP / CUBE: each set lists indexes into groupby. */
  int **gsets; int *gsetlen; int ngsets;
  Expr *having;
  bool has_aggs;
  bool distinct;
  Expr **distinct_on; int ndistinct_on;   /* DISTINCT ON (...) */
  SortItem *sort; int nsort;
  Expr *limit, *offset;
  /* VALUES lists (RTE_VALUES subqueries and INSERT ... VALUES) */
  Expr ***values; int nvalues; int nvaluecols;
  /* INSERT / UPDATE / DELETE */
  int result_rte;          /* target table's range-table index */
  int *attnos; int nattnos;/* INSERT: target columns; UPDATE: SET columns */
  Expr **setexprs;         /* UPDATE: new values, parallel to attnos */
  Query *source;           /* INSERT ... SELECT / VALUES */
  OnConflict *onconflict;
  TargetEntry *returning; int nreturning;
  Query *parent;           /* the enclosing query (for correlated references) */
  /* Set-returning functions of the select list (EXPR_SRF), which expand
  ** each row of the rest; srf_alias names that row source in SQLite. */
  Expr **srfs; int nsrfs;
  const char *srf_alias;
};

#endif
