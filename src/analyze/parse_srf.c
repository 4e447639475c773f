/*
** parse_srf.c — set-returning functions: which ones pgmicro runs (as the
** table-valued functions of src/adt), where a call may stand, and the
** select-list form.
**
** In FROM a set-returning function is a range-table entry (parse_clause.c).
** In a select list it expands the rows, as PostgreSQL 10+'s ProjectSet
** does: each call becomes an EXPR_SRF registered in Query.srfs; the
** translator then computes everything else of the row first (after WHERE,
** grouping and windows) and joins the calls to those rows, several of them
** in lockstep on their ordinal, padded with NULLs to the longest.
**
** Calls PostgreSQL refuses keep its messages (0A000); the forms it allows
** that pgmicro does not run (an SRF in ORDER BY, GROUP BY, DISTINCT ON or
** in another SRF's arguments) are 0A000 naming the case.
*/
#include "analyze/analyze.h"

#include <stdio.h>
#include <string.h>

#define OID_REGCLASS 2205
#define OID_REGCLASS_ARRAY 2210

static void coerce_args(ParseState *ps, const PgProc *p, Expr **args, int nargs) {
  for (int i = 0; i < nargs; i++)
    args[i] = an_coerce_or_error(ps, args[i], pgm_proc_argtypes(p)[i], -1, COERCE_IMPLICIT, args[i]->location);
}

/* generate_series: pgm_series(start, stop, step, kind) (adt/series.c). */
static void build_series(ParseState *ps, const PgProc *p, Expr **args, int nargs, Expr *e) {
  Analysis *an = ps->an;
  int kind = p->rettype == PGM_OID_INT4 || p->rettype == PGM_OID_INT8 ? 0
           : p->rettype == PGM_OID_TIMESTAMP ? 1 : p->rettype == PGM_OID_TIMESTAMPTZ ? 2 : -1;
  if (kind < 0) an_unsupported(an, e->location, "generate_series over this type");
  if (kind > 0 && nargs != 3)
    an_error(an, e->location, ERRCODE_UNDEFINED_FUNCTION, "function generate_series with these argument types does not exist");
  coerce_args(ps, p, args, nargs);
  Expr **a = an_alloc(an, sizeof(Expr *) * 4);
  for (int i = 0; i < nargs; i++) a[i] = args[i];
  if (nargs == 2) a[2] = an_make_int4(an, 1);
  a[3] = an_make_int4(an, kind);
  e->u.srf.funcname = "pgm_series";
  e->u.srf.args = a;
  e->u.srf.nargs = 4;
  e->type = p->rettype;
}

/* unnest(anyarray): pgm_unnest(array, element type, 0) (adt/arrayfuncs.c). */
static void build_unnest(ParseState *ps, Expr *arr, Expr *e) {
  Analysis *an = ps->an;
  const PgType *t = pgm_type_by_oid(arr->type);
  if (!t || t->category != 'A' || !t->elem)
    an_error(an, e->location, ERRCODE_UNDEFINED_FUNCTION, "function unnest(%s) does not exist", an_typename(arr->type));
  Expr **a = an_alloc(an, sizeof(Expr *) * 3);
  a[0] = arr;
  a[1] = an_make_int4(an, (int32_t)t->elem);
  a[2] = an_make_int4(an, 0);
  e->u.srf.funcname = "pgm_unnest";
  e->u.srf.args = a;
  e->u.srf.nargs = 3;
  e->type = t->elem;
}

/* pg_partition_ancestors(regclass): the relation and its ancestors when it
** is a partition or partitioned table, else no rows.  pgmicro has no
** partitioned tables (CREATE TABLE ... PARTITION BY is refused), so there
** are never rows; the argument is still evaluated, as PostgreSQL does. */
static void build_partition_ancestors(ParseState *ps, const PgProc *p, Expr **args, Expr *e) {
  Analysis *an = ps->an;
  coerce_args(ps, p, args, 1);
  Expr *test = an_alloc(an, sizeof *test);
  *test = (Expr){.kind = EXPR_NULLTEST, .type = PGM_OID_BOOL, .typmod = -1, .location = -1};
  test->u.nulltest.arg = args[0];
  Datum empty = {.kind = D_TEXT, .p = pgm_strdup("{}"), .n = 2};   /* an_make_const takes it over */
  Expr *c = an_alloc(an, sizeof *c);
  *c = (Expr){.kind = EXPR_CASE, .type = OID_REGCLASS_ARRAY, .typmod = -1, .location = -1};
  c->u.caseexpr.whens = an_alloc(an, sizeof(Expr *));
  c->u.caseexpr.thens = an_alloc(an, sizeof(Expr *));
  c->u.caseexpr.whens[0] = test;
  c->u.caseexpr.thens[0] = an_make_null(an, OID_REGCLASS_ARRAY);
  c->u.caseexpr.nwhen = 1;
  c->u.caseexpr.elseexpr = an_make_const(an, OID_REGCLASS_ARRAY, -1, &empty, -1);
  build_unnest(ps, c, e);
  e->u.srf.outname = "relid";
}

Expr *an_srf_build(ParseState *ps, const PgProc *p, Expr **args, int nargs, int location) {
  Analysis *an = ps->an;
  Expr *e = an_alloc(an, sizeof *e);
  e->kind = EXPR_SRF;
  e->typmod = -1;
  e->location = location;
  if (!strcmp(p->name, "generate_series")) build_series(ps, p, args, nargs, e);
  else if (!strcmp(p->name, "unnest") && p->oid == 2331) build_unnest(ps, args[0], e);
  else if (!strcmp(p->name, "pg_partition_ancestors")) build_partition_ancestors(ps, p, args, e);
  else {
    pgm_error *err = pgm_error_new(ERRCODE_FEATURE_NOT_SUPPORTED, "set-returning function %s is not supported by pgmicro yet", p->name);
    err->position = parser_char_position(an->text, location);
    an->err = err;
    longjmp(an->on_error, 1);
  }
  if (p->volatility != 'i') an->volatile_fns = true;
  if (p->volatility == 'v') an->volatile_calls = true;
  return e;
}

__attribute__((noreturn))
static void srf_refused(Analysis *an, int location, const char *msg, bool hint) {
  pgm_error *err = pgm_error_new(ERRCODE_FEATURE_NOT_SUPPORTED, "%s", msg);
  if (hint) pgm_error_set_hint(err, "You might be able to move the set-returning function into a LATERAL FROM item.");
  err->position = parser_char_position(an->text, location);
  an->err = err;
  longjmp(an->on_error, 1);
}

/* PostgreSQL's check_srf_call_placement, for the places pgmicro knows. */
static void check_placement(ParseState *ps, int location) {
  Analysis *an = ps->an;
  if (ps->srf_block) srf_refused(an, location, ps->srf_block, true);
  if (ps->in_agg) srf_refused(an, location, "aggregate function calls cannot contain set-returning function calls", true);
  const char *kind = ps->exprkind;
  if (ps->srf_ok && !kind) return;
  if (!kind) an_unsupported(an, location, "set-returning functions in this context");
  if (!strcmp(kind, "functions in FROM"))
    srf_refused(an, location, "set-returning functions must appear at top level of FROM", false);
  /* Allowed by PostgreSQL, not run by pgmicro. */
  static const char *const later[] = {"ORDER BY", "GROUP BY", "DISTINCT ON", "window definitions"};
  for (size_t i = 0; i < sizeof later / sizeof later[0]; i++)
    if (!strcmp(kind, later[i])) {
      char what[64];
      snprintf(what, sizeof what, "set-returning functions in %s", kind);
      an_unsupported(an, location, an_strdup(an, what));
    }
  char msg[96];
  snprintf(msg, sizeof msg, "set-returning functions are not allowed in %s", kind);
  srf_refused(an, location, msg, false);
}

Expr *an_srf_call(ParseState *ps, const PgProc *p, Expr **args, int nargs, int location, int nsrfs_before) {
  Analysis *an = ps->an;
  check_placement(ps, location);
  Query *q = ps->q;
  if (q->nsrfs > nsrfs_before)
    an_unsupported(an, location, "set-returning functions in the arguments of a set-returning function");
  Expr *e = an_srf_build(ps, p, args, nargs, location);
  q->srfs = arena_grow(&an->arena, q->srfs, (size_t)q->nsrfs, (size_t)q->nsrfs + 1, sizeof(Expr *));
  e->u.srf.index = q->nsrfs;
  q->srfs[q->nsrfs++] = e;
  if (!q->srf_alias) q->srf_alias = arena_printf(&an->arena, "ps%d", ++an->next_alias);
  return e;
}

/* After the whole SELECT is analysed: the combinations the translator's
** ProjectSet form does not cover. */
void an_check_srfs(ParseState *ps) {
  Query *q = ps->q;
  if (!q->nsrfs) return;
  if (q->ngsets) an_unsupported(ps->an, q->srfs[0]->location, "set-returning functions with GROUPING SETS");
  if (q->ndistinct_on) an_unsupported(ps->an, q->srfs[0]->location, "set-returning functions with DISTINCT ON");
}

bool an_contains_srf(const Expr *e) {
  if (!e) return false;
  switch (e->kind) {
  case EXPR_SRF: return true;
  case EXPR_FUNC:
    for (int i = 0; i < e->u.func.nargs; i++) if (an_contains_srf(e->u.func.args[i])) return true;
    return false;
  case EXPR_NATIVE: return an_contains_srf(e->u.native.l) || an_contains_srf(e->u.native.r);
  case EXPR_BOOL:
    for (int i = 0; i < e->u.boolexpr.nargs; i++) if (an_contains_srf(e->u.boolexpr.args[i])) return true;
    return false;
  case EXPR_NULLTEST: return an_contains_srf(e->u.nulltest.arg);
  case EXPR_BOOLTEST: return an_contains_srf(e->u.booltest.arg);
  case EXPR_DISTINCT: return an_contains_srf(e->u.distinct.eq);
  case EXPR_NULLIF: return an_contains_srf(e->u.nullif.eq);
  case EXPR_MINMAX:
    for (int i = 0; i < e->u.minmax.nargs; i++) if (an_contains_srf(e->u.minmax.args[i])) return true;
    return false;
  case EXPR_RELABEL: return an_contains_srf(e->u.relabel.arg);
  case EXPR_IOCOERCE: return an_contains_srf(e->u.iocoerce.arg);
  case EXPR_INLIST:
    if (an_contains_srf(e->u.inlist.arg)) return true;
    for (int i = 0; i < e->u.inlist.nitems; i++) if (an_contains_srf(e->u.inlist.items[i])) return true;
    return false;
  case EXPR_SEQFUNC: return an_contains_srf(e->u.seq.arg2) || an_contains_srf(e->u.seq.arg3);
  case EXPR_NOTNULLCHK: return an_contains_srf(e->u.notnullchk.arg);
  /* CASE, COALESCE, aggregates, windows and sublink tests cannot hold one
  ** (check_placement); subqueries have their own. */
  case EXPR_CASE: case EXPR_COALESCE: case EXPR_AGG: case EXPR_WINDOW: case EXPR_SUBLINK:
  case EXPR_CONST: case EXPR_PARAM: case EXPR_VAR: case EXPR_SQLREF: case EXPR_GROUPING:
    return false;
  }
  return false;
}
