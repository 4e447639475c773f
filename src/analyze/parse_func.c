/*
** parse_func.c — function calls: resolution through pg_proc with
** PostgreSQL's rules (manual 10.3, func_select_candidate), aggregates and
** window functions, and the runnable check: a resolved function runs only if
** src/adt implements its prosrc; otherwise 0A000, never a guess.
*/
#include "analyze/analyze.h"
#include "adt/adt.h"
#include "catalog/pgcatalog.h"

#include <stdlib.h>
#include <string.h>

/* Pseudo-types PostgreSQL resolves polymorphically; we match only "any". */
static bool is_polymorphic(Oid t) {
  switch (t) {
  case 2277: case 2283: case 2776: case 3500: case 3831: case 4537: case 5077: case 5078:
  case 5079: case 5080: case 4538: case 2275 /* cstring */: case 2281 /* internal */:
    return true;
  default:
    return false;
  }
}

/* The array family of polymorphic types: anyelement, anyarray, anynonarray,
** anycompatible, anycompatiblearray, anycompatiblenonarray. */
static bool is_array_poly(Oid t) {
  return t == 2283 || t == 2277 || t == 2776 || t == 5077 || t == 5078 || t == 5079;
}
static bool poly_wants_array(Oid t) { return t == 2277 || t == 5078; }

/* The element type of an array type the engine supports, else 0. */
static Oid array_elem(Oid t) {
  const PgType *ty = pgm_type_by_oid(t);
  return ty && ty->category == 'A' && ty->elem && adt_type_supported(t) ? ty->elem : 0;
}

/* PostgreSQL's check_generic_type_consistency, for the array family: binds
** the element type from the actual arguments (unknowns bind nothing).
** Returns false when they are inconsistent; *elem is 0 when nothing bound. */
static bool poly_bind(const Oid *want, int n, const Oid *in, Oid *elem) {
  Oid e = 0, c = 0;
  for (int i = 0; i < n; i++) {
    Oid w = want[i], t = in[i];
    if (!is_array_poly(w) || t == PGM_OID_UNKNOWN) continue;
    Oid bound = t;
    if (poly_wants_array(w)) { bound = array_elem(t); if (!bound) return false; }
    else if ((w == 2776 || w == 5079) && an_type_category(t) == 'A') return false;
    if (w == 2283 || w == 2277 || w == 2776) {
      if (e && e != bound) return false;
      e = bound;
    } else if (!c || (c != bound && !an_type_preferred(c) && an_can_coerce(c, bound, COERCE_IMPLICIT) &&
                      !an_can_coerce(bound, c, COERCE_IMPLICIT))) {
      c = bound;   /* anycompatible: select_common_type's rule */
    }
  }
  if (c) {   /* every anycompatible argument must coerce to the common type */
    for (int i = 0; i < n; i++) {
      Oid w = want[i], t = in[i];
      if ((w != 5077 && w != 5078 && w != 5079) || t == PGM_OID_UNKNOWN) continue;
      Oid b = poly_wants_array(w) ? array_elem(t) : t;
      if (an_type_category(b) != an_type_category(c) || !an_can_coerce(b, c, COERCE_IMPLICIT)) return false;
    }
  }
  *elem = e ? e : c;
  return true;
}

/* Argument type of candidate c at position i, expanding a VARIADIC "any". */
static Oid cand_arg_of(const Candidate *c, int i) {
  if (c->variadic && i >= c->nargs - 1) return c->variadic;
  return c->args[i];
}

static Oid cand_arg(const PgProc *p, int i) {
  const Oid *a = pgm_proc_argtypes(p);
  if (p->variadic && i >= p->nargs - 1) return p->variadic;
  return a[i];
}

static bool cand_fits(const Candidate *c, const Oid *in, int nin) {
  if (c->variadic == 2276) { if (nin < c->nargs - 1) return false; }
  else if (c->variadic || c->nargs != nin) return false;
  bool array_poly = false;
  for (int i = 0; i < nin; i++) {
    Oid want = cand_arg_of(c, i);
    if (is_array_poly(want) && want != 2776 && !c->poly_ok && !c->variadic) array_poly = true;
  }
  Oid elem;
  if (array_poly && !poly_bind(c->args, nin, in, &elem)) return false;
  for (int i = 0; i < nin; i++) {
    if (array_poly && is_array_poly(cand_arg_of(c, i))) continue;
    Oid want = cand_arg_of(c, i);
    if (want == 2276) continue;
    /* anynonarray: only text || anything and anything || text use it here. */
    if (want == 2776) { if (an_type_category(in[i]) == 'A') return false; continue; }
    /* anyelement/anycompatible of window functions (lag, first_value, ...):
    ** the result takes the argument's type. */
    if ((want == 2283 || want == 5077) && c->poly_ok) { if (an_type_category(in[i]) == 'A') return false; continue; }
    if (is_polymorphic(want)) return false;
    if (!an_can_coerce(in[i], want, COERCE_IMPLICIT)) return false;
  }
  return true;
}

typedef int (*ScoreFn)(const Candidate *, const Oid *, int);

/* Keep the candidates (indexes in idx) that maximise score; returns the new count. */
static int keep_best(const Candidate *c, int *idx, int n, const Oid *in, int nin, ScoreFn score) {
  int best = -1, m = 0;
  for (int i = 0; i < n; i++) { int s = score(&c[idx[i]], in, nin); if (s > best) best = s; }
  for (int i = 0; i < n; i++) if (score(&c[idx[i]], in, nin) == best) idx[m++] = idx[i];
  return m;
}

static int score_exact(const Candidate *c, const Oid *in, int nin) {
  int s = 0;
  for (int i = 0; i < nin; i++) if (in[i] != PGM_OID_UNKNOWN && cand_arg_of(c, i) == in[i]) s++;
  return s;
}

static int score_preferred(const Candidate *c, const Oid *in, int nin) {
  int s = 0;
  for (int i = 0; i < nin; i++)
    if (in[i] != PGM_OID_UNKNOWN && cand_arg_of(c, i) != in[i] && an_type_preferred(cand_arg_of(c, i))) s++;
  return s;
}

/* Unknown inputs: choose the category (string if any candidate accepts it,
** else the single category on offer) and prefer its preferred type. */
static int resolve_unknowns(const Candidate *c, int *idx, int n, const Oid *in, int nin) {
  for (int i = 0; i < nin && n > 1; i++) {
    if (in[i] != PGM_OID_UNKNOWN) continue;
    char cat = 0;
    bool conflict = false, string = false;
    for (int k = 0; k < n; k++) {
      char kc = an_type_category(cand_arg_of(&c[idx[k]], i));
      if (kc == 'S') string = true;
      if (!cat) cat = kc; else if (cat != kc) conflict = true;
    }
    if (string) cat = 'S';
    else if (conflict) return n;
    bool havepref = false;
    for (int k = 0; k < n; k++) {
      Oid t = cand_arg_of(&c[idx[k]], i);
      if (an_type_category(t) == cat && an_type_preferred(t)) havepref = true;
    }
    int m = 0;
    for (int k = 0; k < n; k++) {
      Oid t = cand_arg_of(&c[idx[k]], i);
      if (an_type_category(t) != cat) continue;
      if (havepref && !an_type_preferred(t)) continue;
      idx[m++] = idx[k];
    }
    if (m) n = m;
  }
  return n;
}

/* All known inputs of one type: assume the unknowns have it too. */
static int assume_known_type(const Candidate *c, int *idx, int n, const Oid *in, int nin) {
  Oid known = 0;
  for (int i = 0; i < nin; i++) {
    if (in[i] == PGM_OID_UNKNOWN) continue;
    if (known && known != in[i]) return n;
    known = in[i];
  }
  if (!known) return n;
  int m = 0, keep[1] = {0};
  for (int k = 0; k < n; k++) {
    bool ok = true;
    for (int i = 0; i < nin; i++) {
      Oid t = cand_arg_of(&c[idx[k]], i);
      if (t != known && t != 2276) ok = false;
    }
    if (ok) { keep[0] = idx[k]; m++; }
  }
  if (m == 1) { idx[0] = keep[0]; return 1; }
  return n;
}

int an_select_candidate(const Candidate *c, int ncands, const Oid *in, int nin, bool *ambiguous) {
  *ambiguous = false;
  int *idx = malloc(sizeof(int) * (size_t)(ncands + 1));
  int n = 0, result = -1;
  for (int i = 0; i < ncands; i++) {
    bool exact = c[i].nargs == nin && !c[i].variadic;
    for (int k = 0; exact && k < nin; k++) exact = c[i].args[k] == in[k];
    if (exact) { result = i; goto done; }
    if (cand_fits(&c[i], in, nin)) idx[n++] = i;
  }
  if (n > 1) n = keep_best(c, idx, n, in, nin, score_exact);
  if (n > 1) n = keep_best(c, idx, n, in, nin, score_preferred);
  if (n > 1) n = resolve_unknowns(c, idx, n, in, nin);
  if (n > 1) n = assume_known_type(c, idx, n, in, nin);
  if (n == 1) result = idx[0];
  else if (n > 1) *ambiguous = true;
done:
  free(idx);
  return result;
}

const PgProc *an_select_proc(const PgProc *const *cands, int ncands, const Oid *args, int nargs,
                             bool *ambiguous) {
  Candidate *c = malloc(sizeof(Candidate) * (size_t)(ncands + 1));
  for (int i = 0; i < ncands; i++) {
    c[i].args = pgm_proc_argtypes(cands[i]);
    c[i].nargs = cands[i]->nargs;
    c[i].variadic = cands[i]->variadic;
    c[i].poly_ok = cands[i]->kind == 'w';
  }
  int k = an_select_candidate(c, ncands, args, nargs, ambiguous);
  free(c);
  return k >= 0 ? cands[k] : NULL;
}

/* Built-in functions whose body is SQL (PostgreSQL inlines them): each is
** the call of another built-in with its arguments rearranged or completed.
** map: per target argument, a source argument index, or a constant ("i0"
** int4, "n10" numeric, "s " text). */
static const struct { Oid oid; Oid target; const char *map; } sql_bodied[] = {
  {1708, 1707, "0 i0"},     /* round(numeric) = round(x, 0) */
  {1710, 1709, "0 i0"},     /* trunc(numeric) = trunc(x, 0) */
  {1741, 1736, "n10 0"},    /* log(numeric) = log(10, x) */
  {1481, 1736, "n10 0"},    /* log10(numeric) = log(10, x) */
  {879, 873, "0 1 s "},     /* lpad(text, int) = lpad(x, n, ' ') */
  {880, 874, "0 1 s "},     /* rpad(text, int) = rpad(x, n, ' ') */
  {2550, 1141, "1 0"},      /* integer + date = date + integer */
  {2548, 2032, "1 0"},      /* interval + timestamp */
  {2549, 1189, "1 0"},      /* interval + timestamptz */
  {1296, 1272, "1 0"},      /* time + date = date + time */
};

static Expr *inline_sql_bodied(ParseState *ps, const PgProc *p, Expr **args, int location) {
  for (size_t i = 0; i < sizeof sql_bodied / sizeof sql_bodied[0]; i++) {
    if (sql_bodied[i].oid != p->oid) continue;
    const PgProc *t = pgm_proc_by_oid(sql_bodied[i].target);
    Expr *targs[4];
    int n = 0;
    for (const char *m = sql_bodied[i].map; *m && n < 4; ) {
      if (*m >= '0' && *m <= '9') targs[n++] = args[*m - '0'];
      else if (*m == 'i') targs[n++] = an_make_int4(ps->an, atoi(m + 1));
      else {
        const char *v = m + 1;
        const char *end = strchr(v, ' ');
        char *lit = an_strdup(ps->an, v);
        if (*m == 'n' && end) lit[end - v] = 0;
        targs[n] = an_make_const_text(ps->an, lit, location);
        if (*m == 'n') targs[n] = an_coerce_or_error(ps, targs[n], PGM_OID_NUMERIC, -1, COERCE_EXPLICIT, location);
        n++;
        if (*m == 's') break;      /* a text constant runs to the end of the map */
      }
      while (*m && *m != ' ') m++;
      while (*m == ' ') m++;
    }
    Expr *e = an_make_func(ps, t, targs, n, location);
    return e;
  }
  return NULL;
}

/* A polymorphic type made concrete with the bound element type. */
static Oid poly_concrete(Analysis *an, Oid t, Oid elem, int location) {
  if (!is_array_poly(t)) return t;
  if (!poly_wants_array(t)) return elem;
  const PgType *e = pgm_type_by_oid(elem);
  if (!e || !e->array || !adt_type_supported(e->array))
    an_error(an, location, ERRCODE_FEATURE_NOT_SUPPORTED, "arrays of type %s are not supported by pgmicro",
             an_typename(elem));
  return e->array;
}

/* The element type a call of a polymorphic array function binds (0 for a
** function without such arguments); 42804 when only unknowns are given. */
static Oid poly_call_elem(ParseState *ps, const PgProc *p, Expr **args, int nargs, int location) {
  const Oid *want = pgm_proc_argtypes(p);
  bool poly = is_array_poly(p->rettype) && p->rettype != 2776;
  for (int i = 0; i < p->nargs && i < nargs; i++) if (is_array_poly(want[i])) poly = true;
  if (!poly) return 0;
  Oid *in = an_alloc(ps->an, sizeof(Oid) * (size_t)(nargs + 1));
  for (int i = 0; i < nargs; i++) in[i] = args[i]->type;
  Oid elem = 0;
  if (!poly_bind(want, nargs < p->nargs ? nargs : p->nargs, in, &elem) || !elem)
    an_error(ps->an, location, ERRCODE_DATATYPE_MISMATCH,
             "could not determine polymorphic type because input has type unknown");
  if (an_type_category(elem) == 'A') an_unsupported(ps->an, location, "arrays of arrays");
  return elem;
}

/* Coerce the arguments to the function's declared types and check that
** pgmicro can run it. */
Expr *an_make_func(ParseState *ps, const PgProc *p, Expr **args, int nargs, int location) {
  Analysis *an = ps->an;
  if (p->retset) an_unsupported(an, location, "set-returning functions");
  Expr *inlined = inline_sql_bodied(ps, p, args, location);
  if (inlined) return inlined;
  if (!*p->prosrc && syscat_sql_bodied(p)) {   /* obj_description, col_description */
    PgProc *cp = an_alloc(an, sizeof *cp);
    *cp = *p;
    cp->prosrc = syscat_sql_bodied(p);
    p = cp;
  }
  if (!adt_lookup(p->prosrc) && strcmp(p->name, "anytextcat") && strcmp(p->name, "textanycat")) {
    StrBuf b = STRBUF_INIT;
    for (int i = 0; i < p->nargs; i++)
      sb_printf(&b, "%s%s", i ? ", " : "", an_typename(pgm_proc_argtypes(p)[i]));
    char *sig = an_strdup(an, sb_str(&b));
    sb_free(&b);
    an_error(an, location, ERRCODE_FEATURE_NOT_SUPPORTED, "function %s(%s) is not supported by pgmicro yet",
             p->name, sig);
  }
  /* text || anything, anything || text: the other side goes through its
  ** output function, then it is plain text concatenation. */
  if (!strcmp(p->name, "anytextcat") || !strcmp(p->name, "textanycat")) {
    Expr *l = an_coerce_or_error(ps, args[0], PGM_OID_TEXT, -1, COERCE_EXPLICIT, location);
    Expr *r = an_coerce_or_error(ps, args[1], PGM_OID_TEXT, -1, COERCE_EXPLICIT, location);
    Expr *e = an_alloc(an, sizeof *e);
    e->kind = EXPR_NATIVE;
    e->type = PGM_OID_TEXT;
    e->typmod = -1;
    e->location = location;
    e->u.native.op = "||";
    e->u.native.l = l;
    e->u.native.r = r;
    return e;
  }
  /* Polymorphic array functions: concrete types, and the element type as a
  ** hidden last argument (the C function cannot know it otherwise). */
  Oid elem = poly_call_elem(ps, p, args, nargs, location);
  Expr *e = an_alloc(an, sizeof *e);
  e->kind = EXPR_FUNC;
  e->type = elem ? poly_concrete(an, p->rettype, elem, location) : p->rettype;
  e->typmod = -1;
  e->location = location;
  e->u.func.sqlname = p->prosrc;
  e->u.func.procoid = p->oid;
  e->u.func.nargs = nargs + (elem ? 1 : 0);
  e->u.func.args = an_alloc(an, sizeof(Expr *) * (size_t)(nargs + 2));
  if (elem) e->u.func.args[nargs] = an_make_int4(an, (int32_t)elem);
  for (int i = 0; i < nargs; i++) {
    Oid want = elem ? poly_concrete(an, cand_arg(p, i), elem, location) : cand_arg(p, i);
    Expr *a = args[i];
    /* An "any" argument reaches the C function without its type: give it
    ** the argument's text output, which is what concat(), format() and
    ** friends print. */
    if (want == 2276) a = an_output_text(ps, a);
    else a = an_coerce_or_error(ps, a, want, -1, COERCE_IMPLICIT, a->location);
    e->u.func.args[i] = a;
  }
  if (p->volatility != 'i') an->volatile_fns = true;
  if (p->volatility == 'v') an->volatile_calls = true;
  return e;
}

/* Aggregates SQLite computes exactly as PostgreSQL does, by pg_proc OID. */
static const struct { Oid fnoid; const char *sqlname; } native_aggs[] = {
  {2803, "count"}, {2147, "count"}, {2108, "sum"}, {2109, "sum"},
  {2115, "max"}, {2116, "max"}, {2117, "max"}, {2118, "max"}, {2119, "max"}, {2120, "max"},
  {2122, "max"}, {2126, "max"}, {2127, "max"}, {2129, "max"},
  {2131, "min"}, {2132, "min"}, {2133, "min"}, {2134, "min"}, {2135, "min"}, {2136, "min"},
  {2138, "min"}, {2142, "min"}, {2143, "min"}, {2145, "min"},
  {2517, "min"}, {2519, "min"}, {2518, "max"},
};

static const char *agg_sqlname(Oid fnoid) {
  for (size_t i = 0; i < sizeof native_aggs / sizeof native_aggs[0]; i++)
    if (native_aggs[i].fnoid == fnoid) return native_aggs[i].sqlname;
  const AdtAgg *a = adt_lookup_agg(fnoid);
  return a ? a->sqlname : NULL;
}

/* Window functions SQLite implements with PostgreSQL's semantics. */
static const char *window_sqlname(const char *name) {
  static const char *const ok[] = {"row_number", "rank", "dense_rank", "percent_rank", "cume_dist",
                                   "ntile", "lag", "lead", "first_value", "last_value", "nth_value"};
  for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
    if (!strcmp(ok[i], name)) return ok[i];
  return NULL;
}

static const char *func_name(Analysis *an, PgQuery__FuncCall *fc) {
  const char *name = NULL;
  for (size_t i = 0; i < fc->n_funcname; i++) {
    name = fc->funcname[i]->string->sval;
    if (i + 1 < fc->n_funcname && strcmp(name, "pg_catalog") && strcmp(name, "public"))
      an_error(an, fc->location, ERRCODE_UNDEFINED_SCHEMA, "schema \"%s\" does not exist", name);
  }
  return name;
}

static Expr *seq_func(ParseState *ps, const char *name, Expr **args, int nargs, int location) {
  Analysis *an = ps->an;
  if (nargs < 1 || args[0]->kind != EXPR_CONST || !args[0]->u.c.literal)
    an_unsupported(an, location, "sequence functions with a non-constant sequence name");
  Expr *e = an_alloc(an, sizeof *e);
  e->kind = EXPR_SEQFUNC;
  e->type = PGM_OID_INT8;
  e->typmod = -1;
  e->location = location;
  e->u.seq.fn = an_strdup(an, name);
  e->u.seq.seqname = args[0]->u.c.literal;
  if (!strcmp(name, "setval")) {
    if (nargs < 2) an_error(an, location, ERRCODE_UNDEFINED_FUNCTION, "function setval(unknown) does not exist");
    e->u.seq.arg2 = an_coerce_or_error(ps, args[1], PGM_OID_INT8, -1, COERCE_IMPLICIT, location);
    if (nargs > 2) e->u.seq.arg3 = an_coerce_or_error(ps, args[2], PGM_OID_BOOL, -1, COERCE_IMPLICIT, location);
  } else if (nargs != 1) {
    an_error(an, location, ERRCODE_UNDEFINED_FUNCTION, "function %s does not exist", name);
  }
  an->volatile_fns = true;
  return e;
}

static void no_such_function(Analysis *an, const char *name, Expr **args, int nargs, int location,
                             bool ambiguous) {
  StrBuf b = STRBUF_INIT;
  for (int i = 0; i < nargs; i++) sb_printf(&b, "%s%s", i ? ", " : "", an_typename(args[i]->type));
  char *sig = an_strdup(an, sb_str(&b));
  sb_free(&b);
  pgm_error *e;
  if (ambiguous) {
    e = pgm_error_new(ERRCODE_AMBIGUOUS_FUNCTION, "function %s(%s) is not unique", name, sig);
    pgm_error_set_hint(e, "Could not choose a best candidate function. You might need to add explicit type casts.");
  } else {
    e = pgm_error_new(ERRCODE_UNDEFINED_FUNCTION, "function %s(%s) does not exist", name, sig);
    pgm_error_set_hint(e, "No function matches the given name and argument types. You might need to add explicit type casts.");
  }
  e->position = parser_char_position(an->text, location);
  an->err = e;
  longjmp(an->on_error, 1);
}

/* PostgreSQL's frame option bits (parsenodes.h). */
enum {
  FO_NONDEFAULT = 0x1, FO_RANGE = 0x2, FO_ROWS = 0x4, FO_GROUPS = 0x8, FO_BETWEEN = 0x10,
  FO_START_UNB_PREC = 0x20, FO_END_UNB_PREC = 0x40, FO_START_UNB_FOLL = 0x80, FO_END_UNB_FOLL = 0x100,
  FO_START_CUR = 0x200, FO_END_CUR = 0x400, FO_START_OFF_PREC = 0x800, FO_END_OFF_PREC = 0x1000,
  FO_START_OFF_FOLL = 0x2000, FO_END_OFF_FOLL = 0x4000, FO_EXCL_CUR = 0x8000, FO_EXCL_GROUP = 0x10000,
  FO_EXCL_TIES = 0x20000,
};

/* One frame bound as SQLite spells it; offsets must be constants here. */
static void frame_bound(ParseState *ps, StrBuf *b, int opts, bool start, Node *offset, Oid ordertype) {
  int unb_prec = start ? FO_START_UNB_PREC : FO_END_UNB_PREC, unb_foll = start ? FO_START_UNB_FOLL : FO_END_UNB_FOLL;
  int cur = start ? FO_START_CUR : FO_END_CUR, prec = start ? FO_START_OFF_PREC : FO_END_OFF_PREC;
  if (opts & unb_prec) { sb_puts(b, "UNBOUNDED PRECEDING"); return; }
  if (opts & unb_foll) { sb_puts(b, "UNBOUNDED FOLLOWING"); return; }
  if (opts & cur) { sb_puts(b, "CURRENT ROW"); return; }
  Expr *e = an_expr(ps, offset);
  Oid want = (opts & FO_RANGE) ? ordertype : PGM_OID_INT8;
  if ((opts & FO_RANGE) && want != PGM_OID_INT4 && want != PGM_OID_INT8 && want != PGM_OID_INT2 &&
      want != PGM_OID_FLOAT8 && want != PGM_OID_FLOAT4)
    an_unsupported(ps->an, -1, "RANGE frames with offsets over this type");
  if (e->kind == EXPR_CONST && !e->u.c.isnull && e->u.c.value.kind == D_INT &&
      (want == PGM_OID_FLOAT8 || want == PGM_OID_FLOAT4)) {
    e->u.c.value.kind = D_FLOAT;
    e->u.c.value.f = (double)e->u.c.value.i;
  } else if (!(e->kind == EXPR_CONST && e->u.c.value.kind == D_INT && an_type_category(want) == 'N' && want != PGM_OID_NUMERIC)) {
    e = an_coerce_or_error(ps, e, want, -1, COERCE_IMPLICIT, e->location);
  }
  if (e->kind != EXPR_CONST || e->u.c.isnull)
    an_unsupported(ps->an, e->location, "non-constant window frame offsets");
  if ((e->u.c.value.kind == D_INT && e->u.c.value.i < 0) || (e->u.c.value.kind == D_FLOAT && e->u.c.value.f < 0))
    an_error(ps->an, e->location, "22013", "frame %s offset must not be negative", (opts & FO_ROWS) ? "starting" : "ending");
  if (e->u.c.value.kind == D_INT) sb_printf(b, "%lld", (long long)e->u.c.value.i);
  else sb_printf(b, "%.17g", e->u.c.value.f);
  sb_puts(b, (opts & prec) ? " PRECEDING" : " FOLLOWING");
}

/* The frame clause in SQLite syntax (same grammar and meaning), or NULL for
** PostgreSQL's default frame. */
static char *window_frame(ParseState *ps, PgQuery__WindowDef *w, WindowSpec *s) {
  int o = w->frame_options;
  if (!(o & FO_NONDEFAULT)) return NULL;
  Oid ordertype = s->norder == 1 ? s->order[0].expr->type : 0;
  if ((o & FO_RANGE) && (o & (FO_START_OFF_PREC | FO_START_OFF_FOLL | FO_END_OFF_PREC | FO_END_OFF_FOLL)) && s->norder != 1)
    an_error(ps->an, w->location, ERRCODE_WINDOWING_ERROR, "RANGE with offset PRECEDING/FOLLOWING requires exactly one ORDER BY column");
  StrBuf b = STRBUF_INIT;
  sb_puts(&b, (o & FO_ROWS) ? "ROWS " : (o & FO_GROUPS) ? "GROUPS " : "RANGE ");
  if (o & FO_BETWEEN) sb_puts(&b, "BETWEEN ");
  frame_bound(ps, &b, o, true, w->start_offset, ordertype);
  if (o & FO_BETWEEN) {
    sb_puts(&b, " AND ");
    frame_bound(ps, &b, o, false, w->end_offset, ordertype);
  }
  if (o & FO_EXCL_CUR) sb_puts(&b, " EXCLUDE CURRENT ROW");
  else if (o & FO_EXCL_GROUP) sb_puts(&b, " EXCLUDE GROUP");
  else if (o & FO_EXCL_TIES) sb_puts(&b, " EXCLUDE TIES");
  char *r = an_strdup(ps->an, sb_str(&b));
  sb_free(&b);
  return r;
}

static PgQuery__WindowDef *named_window(ParseState *ps, const char *name, int location) {
  for (int i = 0; i < ps->nwindows; i++) {
    PgQuery__WindowDef *d = ps->windows[i]->window_def;
    if (d->name && !strcmp(d->name, name)) return d;
  }
  an_error(ps->an, location, ERRCODE_UNDEFINED_OBJECT, "window \"%s\" does not exist", name);
}

static WindowSpec *window_spec(ParseState *ps, PgQuery__WindowDef *w) {
  Analysis *an = ps->an;
  /* OVER w names a window of the WINDOW clause; OVER (w ...) extends one. */
  if (w->name && *w->name) w = named_window(ps, w->name, w->location);
  if (w->refname && *w->refname) {
    PgQuery__WindowDef *ref = named_window(ps, w->refname, w->location);
    if (w->n_partition_clause) an_error(an, w->location, ERRCODE_WINDOWING_ERROR, "cannot override PARTITION BY clause of window \"%s\"", w->refname);
    if (w->n_order_clause && ref->n_order_clause) an_error(an, w->location, ERRCODE_WINDOWING_ERROR, "cannot override ORDER BY clause of window \"%s\"", w->refname);
    if (ref->frame_options & 1) an_error(an, w->location, ERRCODE_WINDOWING_ERROR, "cannot copy window \"%s\" because it has a frame clause", w->refname);
    PgQuery__WindowDef *m = an_alloc(an, sizeof *m);
    *m = *w;
    m->refname = NULL;
    m->n_partition_clause = ref->n_partition_clause;
    m->partition_clause = ref->partition_clause;
    if (!w->n_order_clause) { m->n_order_clause = ref->n_order_clause; m->order_clause = ref->order_clause; }
    w = m;
  }
  WindowSpec *s = an_alloc(an, sizeof *s);
  const char *save = ps->exprkind;
  ps->exprkind = "window definitions";
  s->npartition = (int)w->n_partition_clause;
  s->partition = an_alloc(an, sizeof(Expr *) * (w->n_partition_clause + 1));
  for (size_t i = 0; i < w->n_partition_clause; i++) {
    s->partition[i] = an_expr(ps, w->partition_clause[i]);
    if (an_type_category(s->partition[i]->type) == 'A') an_unsupported(an, w->location, "PARTITION BY on arrays");
  }
  s->norder = (int)w->n_order_clause;
  s->order = an_alloc(an, sizeof(SortItem) * (w->n_order_clause + 1));
  for (size_t i = 0; i < w->n_order_clause; i++) {
    PgQuery__SortBy *sb = w->order_clause[i]->sort_by;
    if (sb->n_use_op) an_unsupported(an, sb->location, "ORDER BY USING");
    s->order[i].expr = an_expr(ps, sb->node);
    if (an_type_category(s->order[i].expr->type) == 'A') an_unsupported(an, sb->location, "ORDER BY on arrays");
    s->order[i].desc = sb->sortby_dir == PG_QUERY__SORT_BY_DIR__SORTBY_DESC;
    s->order[i].nulls_first = sb->sortby_nulls == PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_FIRST ||
                              (sb->sortby_nulls != PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_LAST && s->order[i].desc);
  }
  s->frame_sql = window_frame(ps, w, s);
  ps->exprkind = save;
  return s;
}

static Expr *make_window(ParseState *ps, PgQuery__FuncCall *fc, const PgProc *p, Expr **args, int nargs) {
  Analysis *an = ps->an;
  if (!ps->windows_allowed)
    an_error(an, fc->location, ERRCODE_WINDOWING_ERROR, "window functions are not allowed in %s",
             ps->exprkind ? ps->exprkind : "this context");
  const char *sqlname = p->kind == 'w' ? window_sqlname(p->name) : agg_sqlname(p->oid);
  /* Only SQLite's own aggregates run as window functions (ours have no inverse step). */
  if (p->kind != 'w' && sqlname && strncmp(sqlname, "count", 5) && strcmp(sqlname, "sum") && strcmp(sqlname, "min") && strcmp(sqlname, "max"))
    sqlname = NULL;
  if (!sqlname) {
    pgm_error *e = pgm_error_new(ERRCODE_FEATURE_NOT_SUPPORTED, "%s as a window function is not supported by pgmicro yet", p->name);
    e->position = parser_char_position(an->text, fc->location);
    an->err = e;
    longjmp(an->on_error, 1);
  }
  Expr *e = an_alloc(an, sizeof *e);
  e->kind = EXPR_WINDOW;
  e->type = p->rettype;
  e->typmod = -1;
  e->location = fc->location;
  e->u.window.sqlname = sqlname;
  e->u.window.star = fc->agg_star;
  e->u.window.nargs = nargs;
  e->u.window.args = args;
  /* lag/lead/first_value...: the result has the argument's type */
  if (is_polymorphic(p->rettype) && nargs) e->type = args[0]->type;
  for (int i = 0; i < nargs; i++) {
    Oid want = cand_arg(p, i);
    if (!is_polymorphic(want) && want != 2276)
      args[i] = an_coerce_or_error(ps, args[i], want, -1, COERCE_IMPLICIT, args[i]->location);
    else args[i] = an_resolve_unknown(ps, args[i]);
  }
  e->u.window.spec = window_spec(ps, fc->over);
  ps->has_windows = true;
  return e;
}

/* Aggregates whose result cannot depend on the order of their rows: an
** ORDER BY inside the call changes nothing for them. */
static bool order_insensitive(Oid fnoid) {
  static const Oid oids[] = {2803, 2147, 2107, 2108, 2109, 2114, 2100, 2101, 2102, 2103, 2517, 2518, 2519,
                             2115, 2116, 2117, 2118, 2119, 2120, 2122, 2126, 2127, 2129, 2130,
                             2131, 2132, 2133, 2134, 2135, 2136, 2138, 2142, 2143, 2145, 2146};
  for (size_t i = 0; i < sizeof oids / sizeof oids[0]; i++) if (oids[i] == fnoid) return true;
  return false;
}

/* The ORDER BY inside an aggregate call, analysed like any sort clause. */
static SortItem *agg_order(ParseState *ps, PgQuery__FuncCall *fc, int *n) {
  SortItem *items = an_alloc(ps->an, sizeof(SortItem) * (fc->n_agg_order + 1));
  bool save = ps->in_agg;
  ps->in_agg = true;
  for (size_t i = 0; i < fc->n_agg_order; i++) {
    PgQuery__SortBy *sb = fc->agg_order[i]->sort_by;
    if (sb->n_use_op) an_unsupported(ps->an, sb->location, "ORDER BY ... USING");
    items[i].expr = an_resolve_unknown(ps, an_expr(ps, sb->node));
    /* arrays are stored as text, whose order is not theirs (parse_clause.c) */
    if (an_type_category(items[i].expr->type) == 'A') an_unsupported(ps->an, sb->location, "ORDER BY on arrays");
    items[i].desc = sb->sortby_dir == PG_QUERY__SORT_BY_DIR__SORTBY_DESC;
    items[i].nulls_first = sb->sortby_nulls == PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_FIRST ||
                           (sb->sortby_nulls != PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_LAST && items[i].desc);
  }
  ps->in_agg = save;
  *n = (int)fc->n_agg_order;
  return items;
}

/* The smallest levelsup of the columns an expression mentions (INT32_MAX for
** none), looking through operators and function calls. */
static int min_levelsup(const Expr *e) {
  if (!e) return INT32_MAX;
  int m = INT32_MAX;
  switch (e->kind) {
  case EXPR_VAR: return e->u.var.levelsup;
  case EXPR_FUNC:
    for (int i = 0; i < e->u.func.nargs; i++) { int k = min_levelsup(e->u.func.args[i]); if (k < m) m = k; }
    return m;
  case EXPR_NATIVE: {
    int a = min_levelsup(e->u.native.l), b = min_levelsup(e->u.native.r);
    return a < b ? a : b;
  }
  case EXPR_RELABEL: return min_levelsup(e->u.relabel.arg);
  case EXPR_IOCOERCE: return min_levelsup(e->u.iocoerce.arg);
  default: return INT32_MAX;
  }
}

static Expr *make_agg(ParseState *ps, PgQuery__FuncCall *fc, const PgProc *p, Expr **args, int nargs) {
  Analysis *an = ps->an;
  if (ps->in_agg) an_error(an, fc->location, ERRCODE_GROUPING_ERROR, "aggregate function calls cannot be nested");
  if (!ps->aggs_allowed)
    an_error(an, fc->location, ERRCODE_GROUPING_ERROR, "aggregate functions are not allowed in %s",
             ps->exprkind ? ps->exprkind : "this context");
  if (fc->agg_within_group) an_unsupported(an, fc->location, "WITHIN GROUP");
  const char *sqlname = agg_sqlname(p->oid);
  SortItem *order = NULL;
  int norder = 0;
  if (fc->n_agg_order) {
    order = agg_order(ps, fc, &norder);
    if (order_insensitive(p->oid)) { order = NULL; norder = 0; }
    else {
      const AdtAgg *oa = adt_lookup_ordered_agg(p->oid);
      if (!oa) an_unsupported(an, fc->location, "ORDER BY inside this aggregate");
      sqlname = oa->sqlname;
    }
  }
  if (!sqlname) {
    StrBuf b = STRBUF_INIT;
    for (int i = 0; i < p->nargs; i++) sb_printf(&b, "%s%s", i ? ", " : "", an_typename(pgm_proc_argtypes(p)[i]));
    char *sig = an_strdup(an, sb_str(&b));
    sb_free(&b);
    an_error(an, fc->location, ERRCODE_FEATURE_NOT_SUPPORTED, "aggregate %s(%s) is not supported by pgmicro yet", p->name, sig);
  }
  if (fc->agg_distinct && nargs != 1) an_unsupported(an, fc->location, "DISTINCT aggregates with several arguments");
  Expr *e = an_alloc(an, sizeof *e);
  e->kind = EXPR_AGG;
  e->type = p->rettype;
  e->typmod = -1;
  e->location = fc->location;
  e->u.agg.sqlname = sqlname;
  e->u.agg.star = fc->agg_star;
  e->u.agg.distinct = fc->agg_distinct;
  e->u.agg.nargs = nargs;
  e->u.agg.args = args;
  e->u.agg.order = order;
  e->u.agg.norder = norder;
  Oid elem = 0;
  if (p->oid == 2335 && nargs == 1) {   /* array_agg(anynonarray): the element type rides along */
    args[0] = an_resolve_unknown(ps, args[0]);
    elem = args[0]->type;
    e->type = poly_concrete(an, p->rettype, elem, fc->location);
    args[1] = an_make_int4(an, (int32_t)elem);
    e->u.agg.nargs = 2;
  } else if (p->oid == 4053) {
    an_unsupported(an, fc->location, "array_agg over arrays (multidimensional arrays)");
  }
  for (int i = 0; i < nargs && !elem; i++) {
    Oid want = cand_arg(p, i);
    if (want != 2276) args[i] = an_coerce_or_error(ps, args[i], want, -1, COERCE_IMPLICIT, args[i]->location);
    else args[i] = an_resolve_unknown(ps, args[i]);
  }
  /* PostgreSQL evaluates an aggregate of only outer-query columns in the
  ** outer query; SQLite would evaluate it in this one: refuse. */
  int level = INT32_MAX;
  for (int i = 0; i < nargs; i++) { int k = min_levelsup(args[i]); if (k < level) level = k; }
  if (nargs && level != INT32_MAX && level > 0) {
    ParseState *owner = ps;
    for (int i = 0; i < level && owner->parent; i++) owner = owner->parent;
    if (owner->lateral_active)   /* it would belong to that level, whose FROM clause this is */
      an_error(an, fc->location, ERRCODE_GROUPING_ERROR, "aggregate functions are not allowed in FROM clause of their own query level");
    an_unsupported(an, fc->location, "aggregates of outer-query columns inside a subquery");
  }
  if (fc->agg_filter) {
    bool save = ps->in_agg;
    ps->in_agg = true;
    e->u.agg.filter = an_bool_expr(ps, fc->agg_filter, "FILTER");
    ps->in_agg = save;
  }
  ps->has_aggs = true;
  return e;
}

Expr *an_func_call(ParseState *ps, PgQuery__FuncCall *fc) {
  Analysis *an = ps->an;
  const char *name = func_name(an, fc);
  if (fc->func_variadic) an_unsupported(an, fc->location, "VARIADIC arguments");
  int nargs = (int)fc->n_args;
  Expr **args = an_alloc(an, sizeof(Expr *) * (size_t)(nargs + 1));
  Oid *types = an_alloc(an, sizeof(Oid) * (size_t)(nargs + 1));
  /* Arguments of an aggregate are analysed "inside" it: nested aggregates
  ** are an error there, and ungrouped columns are fine. */
  int nprocs;
  const PgProc *const *procs = pgm_procs_by_name(name, &nprocs);
  bool is_agg = nprocs && procs[0]->kind == 'a' && !fc->over;
  bool save = ps->in_agg;
  if (is_agg) ps->in_agg = true;
  const char *save_block = ps->srf_block;
  if (is_agg) ps->srf_block = "aggregate function calls cannot contain set-returning function calls";
  else if (fc->over) ps->srf_block = "window function calls cannot contain set-returning function calls";
  int nsrfs_before = ps->q->nsrfs;
  bool is_seq = !strcmp(name, "nextval") || !strcmp(name, "currval") || !strcmp(name, "setval");
  for (int i = 0; i < nargs; i++) {
    Node *arg = fc->args[i];
    if (arg->node_case == PG_QUERY__NODE__NODE_NAMED_ARG_EXPR)
      an_unsupported(an, fc->location, "named function arguments");
    /* nextval('seq'::regclass): the sequence name is all that matters. */
    if (i == 0 && is_seq && arg->node_case == PG_QUERY__NODE__NODE_TYPE_CAST &&
        arg->type_cast->type_name->n_names &&
        !strcmp(arg->type_cast->type_name->names[arg->type_cast->type_name->n_names - 1]->string->sval, "regclass"))
      arg = arg->type_cast->arg;
    args[i] = an_expr(ps, arg);
    types[i] = args[i]->type;
  }
  ps->in_agg = save;
  ps->srf_block = save_block;
  if (is_seq) return seq_func(ps, name, args, nargs, fc->location);
  /* pg_typeof is answered by analysis itself: the argument's type. */
  if (!strcmp(name, "pg_typeof") && nargs == 1 && !fc->over && !fc->agg_star) {
    Datum d = {.kind = D_INT, .i = args[0]->type};
    return an_make_const(an, 2206, -1, &d, fc->location);
  }
  if (!nprocs) no_such_function(an, name, args, nargs, fc->location, false);
  bool ambiguous;
  const PgProc *p;
  if (fc->agg_star) {
    p = NULL;
    for (int i = 0; i < nprocs; i++) if (procs[i]->nargs == 0 && procs[i]->kind != 'f') p = procs[i];
    if (!p) an_error(an, fc->location, ERRCODE_WRONG_OBJECT_TYPE, "%s(*) specified, but %s is not an aggregate function", name, name);
  } else {
    p = an_select_proc(procs, nprocs, types, nargs, &ambiguous);
    if (!p) no_such_function(an, name, args, nargs, fc->location, ambiguous);
  }
  if (fc->over) return make_window(ps, fc, p, args, nargs);
  if (p->kind == 'w') an_error(an, fc->location, ERRCODE_WRONG_OBJECT_TYPE, "window function %s requires an OVER clause", name);
  if (p->kind == 'a') return make_agg(ps, fc, p, args, nargs);
  if (fc->agg_distinct || fc->agg_filter || fc->n_agg_order)
    an_error(an, fc->location, ERRCODE_WRONG_OBJECT_TYPE, "DISTINCT specified, but %s is not an aggregate function", name);
  if (p->retset) return an_srf_call(ps, p, args, nargs, fc->location, nsrfs_before);
  return an_make_func(ps, p, args, nargs, fc->location);
}
