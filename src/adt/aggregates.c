/*
** aggregates.c — the aggregates whose SQLite counterpart would give a
** different answer than PostgreSQL (after PostgreSQL's numeric.c, float.c,
** int8.c, varlena.c aggregate support), registered as pgm_agg_<aggfnoid>:
**
**   sum(int2/int4) -> int8 with overflow check; sum(int8), sum(numeric) ->
**   exact numeric; avg(int2/int4/int8/numeric) -> numeric with PostgreSQL's
**   division scale; sum/avg(float4/float8) with overflow errors;
**   min/max(numeric) by value (not as text), min/max(char(n)) ignoring
**   padding; bool_and/bool_or/every; string_agg(text|bytea, delimiter);
**   variance/var_samp/var_pop/stddev/stddev_samp/stddev_pop of every
**   numeric type, with PostgreSQL's formulas and scales.
**
** Aggregates skip NULL inputs (their transition functions are strict) and
** return NULL when they saw no input, like PostgreSQL's.
*/
#include "adt/numeric.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- exact sums, averages and variances (numeric and integers) ---- */

typedef struct AggNum {
  int init;
  int64_t n;
  NumVal sum, sum2;  /* sum of x, sum of x*x (variance only) */
} AggNum;

static AggNum *agg_num_state(sqlite3_context *ctx, bool create) {
  AggNum *st = sqlite3_aggregate_context(ctx, create ? (int)sizeof(AggNum) : 0);
  if (st && !st->init && create) {
    pgm_num_init(&st->sum);
    pgm_num_init(&st->sum2);
    st->init = 1;
  }
  return st && st->init ? st : NULL;
}

static void agg_num_free(AggNum *st) {
  if (!st) return;
  pgm_num_clear(&st->sum);
  pgm_num_clear(&st->sum2);
  st->init = 0;
}

static void agg_num_accum(sqlite3_context *ctx, sqlite3_value *v, bool squares) {
  if (sqlite3_value_type(v) == SQLITE_NULL) return;
  AggNum *st = agg_num_state(ctx, true);
  if (!st) { sqlite3_result_error_nomem(ctx); return; }
  NumVal x;
  pgm_num_init(&x);
  if (pgm_num_from_value(ctx, v, &x) == 0) {
    pgm_num_add(&st->sum, &st->sum, &x);
    if (squares) {
      pgm_num_mul(&x, &x, &x);
      pgm_num_add(&st->sum2, &st->sum2, &x);
    }
    st->n++;
  }
  pgm_num_clear(&x);
}

static void agg_num_step(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  agg_num_accum(ctx, argv[0], false);
}
static void agg_num_step_sq(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  agg_num_accum(ctx, argv[0], true);
}

static void agg_num_sum_final(sqlite3_context *ctx) {
  AggNum *st = agg_num_state(ctx, false);
  if (!st) { sqlite3_result_null(ctx); return; }
  pgm_num_result(ctx, &st->sum);
  agg_num_free(st);
}

static void agg_num_avg_final(sqlite3_context *ctx) {
  AggNum *st = agg_num_state(ctx, false);
  if (!st) { sqlite3_result_null(ctx); return; }
  NumVal cnt, r;
  pgm_num_init(&cnt);
  pgm_num_init(&r);
  pgm_num_set_int(&cnt, st->n);
  if (pgm_num_div(ctx, &r, &st->sum, &cnt) == 0) pgm_num_result(ctx, &r);
  pgm_num_clear(&cnt);
  pgm_num_clear(&r);
  agg_num_free(st);
}

/* numeric_stddev_internal: (N*sumX2 - sumX^2) / (N*(N-1)) [or N*N for the
** population forms], at select_div_scale's scale; 0 when roundoff makes the
** numerator <= 0; the square root taken at that same scale. */
static void agg_num_var(sqlite3_context *ctx, bool sample, bool stddev) {
  AggNum *st = agg_num_state(ctx, false);
  if (!st || st->n == 0 || (sample && st->n <= 1)) { sqlite3_result_null(ctx); agg_num_free(st); return; }
  if (st->sum.kind != NUMK_FINITE) {
    NumVal nan;
    pgm_num_init(&nan);
    nan.kind = NUMK_NAN;
    pgm_num_result(ctx, &nan);
    pgm_num_clear(&nan);
    agg_num_free(st);
    return;
  }
  NumVal n, num, den, r;
  pgm_num_init(&n); pgm_num_init(&num); pgm_num_init(&den); pgm_num_init(&r);
  pgm_num_set_int(&n, st->n);
  pgm_num_mul(&num, &st->sum, &st->sum);
  pgm_num_mul(&den, &n, &st->sum2);
  pgm_num_sub(&num, &den, &num);
  if (mpz_sgn(num.v) <= 0) {
    pgm_num_set_int(&r, 0);
    pgm_num_result(ctx, &r);
  } else {
    pgm_num_set_int(&den, sample ? st->n - 1 : st->n);
    pgm_num_mul(&den, &den, &n);
    pgm_num_div(ctx, &r, &num, &den);
    if (stddev) pgm_num_sqrt(&r, &r, r.scale);
    pgm_num_result(ctx, &r);
  }
  pgm_num_clear(&n); pgm_num_clear(&num); pgm_num_clear(&den); pgm_num_clear(&r);
  agg_num_free(st);
}
static void agg_num_var_samp(sqlite3_context *ctx) { agg_num_var(ctx, true, false); }
static void agg_num_var_pop(sqlite3_context *ctx) { agg_num_var(ctx, false, false); }
static void agg_num_stddev_samp(sqlite3_context *ctx) { agg_num_var(ctx, true, true); }
static void agg_num_stddev_pop(sqlite3_context *ctx) { agg_num_var(ctx, false, true); }

/* min / max of numeric by value. */
typedef struct AggNumBest { int init; NumVal best; } AggNumBest;

static void agg_num_best_step(sqlite3_context *ctx, sqlite3_value *v, int want) {
  if (sqlite3_value_type(v) == SQLITE_NULL) return;
  AggNumBest *st = sqlite3_aggregate_context(ctx, (int)sizeof *st);
  if (!st) { sqlite3_result_error_nomem(ctx); return; }
  NumVal x;
  pgm_num_init(&x);
  if (pgm_num_from_value(ctx, v, &x) == 0) {
    if (!st->init) pgm_num_init(&st->best);
    /* ties take the newer value, as numeric_larger/smaller do */
    if (!st->init || pgm_num_cmp(&x, &st->best) * want >= 0) {
      mpz_set(st->best.v, x.v);
      st->best.scale = x.scale;
      st->best.kind = x.kind;
      st->init = 1;
    }
  }
  pgm_num_clear(&x);
}
static void agg_num_max_step(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  agg_num_best_step(ctx, argv[0], 1);
}
static void agg_num_min_step(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  agg_num_best_step(ctx, argv[0], -1);
}
static void agg_num_best_final(sqlite3_context *ctx) {
  AggNumBest *st = sqlite3_aggregate_context(ctx, 0);
  if (!st || !st->init) { sqlite3_result_null(ctx); return; }
  pgm_num_result(ctx, &st->best);
  pgm_num_clear(&st->best);
  st->init = 0;
}

/* ---- sum(int2/int4) -> int8 ---- */

typedef struct AggInt { int64_t sum; int seen; int overflow; } AggInt;

static void agg_int_step(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL) return;
  AggInt *st = sqlite3_aggregate_context(ctx, (int)sizeof *st);
  if (!st) { sqlite3_result_error_nomem(ctx); return; }
  if (__builtin_add_overflow(st->sum, sqlite3_value_int64(argv[0]), &st->sum)) st->overflow = 1;
  st->seen = 1;
}
static void agg_int_final(sqlite3_context *ctx) {
  AggInt *st = sqlite3_aggregate_context(ctx, 0);
  if (!st || !st->seen) sqlite3_result_null(ctx);
  else if (st->overflow) adt_error(ctx, ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE, "bigint out of range");
  else sqlite3_result_int64(ctx, st->sum);
}

/* ---- float aggregates (float8_accum: N, Sx, Sxx by Youngs-Cramer) ---- */

/* ovf_sum: the sum overflowed (float8pl's error); ovf_sq: the sum of
** squares did (float8_accum's, which avg and the variances use). */
typedef struct AggFlt { double n, sx, sxx; int ovf_sum, ovf_sq; } AggFlt;

static void agg_flt_accum(sqlite3_context *ctx, sqlite3_value *v, bool single_sum) {
  if (sqlite3_value_type(v) == SQLITE_NULL) return;
  AggFlt *st = sqlite3_aggregate_context(ctx, (int)sizeof *st);
  if (!st) { sqlite3_result_error_nomem(ctx); return; }
  double x = adt_float_value(v);
  double n = st->n + 1, sx = single_sum ? (double)((float)st->sx + (float)x) : st->sx + x;
  if (st->n > 0) {
    double tmp = x * n - sx;
    st->sxx += tmp * tmp / (n * st->n);
    if (isinf(sx) || isinf(st->sxx)) {
      if (!isinf(st->sx) && !isinf(x)) st->ovf_sq = 1;
      st->sxx = NAN;
    }
  } else if (isinf(x) || isnan(x)) {
    st->sxx = NAN;  /* as PostgreSQL: the variance of infinities is NaN */
  }
  if (isinf(sx) && !isinf(st->sx) && !isinf(x)) st->ovf_sum = 1;
  st->n = n;
  st->sx = sx;
}
static void agg_flt_step(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  agg_flt_accum(ctx, argv[0], false);
}
static void agg_flt4_step(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  agg_flt_accum(ctx, argv[0], true);
}

static AggFlt *agg_flt_final_state(sqlite3_context *ctx, bool sum_only) {
  AggFlt *st = sqlite3_aggregate_context(ctx, 0);
  if (!st || st->n == 0) { sqlite3_result_null(ctx); return NULL; }
  if (st->ovf_sum || (!sum_only && st->ovf_sq)) {
    adt_error(ctx, ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE, "value out of range: overflow");
    return NULL;
  }
  return st;
}
static void agg_flt_result(sqlite3_context *ctx, double r) { adt_result_float(ctx, r); }
static void agg_flt_sum_final(sqlite3_context *ctx) {
  AggFlt *st = agg_flt_final_state(ctx, true);
  if (st) agg_flt_result(ctx, st->sx);
}
static void agg_flt_avg_final(sqlite3_context *ctx) {
  AggFlt *st = agg_flt_final_state(ctx, false);
  if (st) agg_flt_result(ctx, st->sx / st->n);
}
static void agg_flt_var(sqlite3_context *ctx, bool sample, bool stddev) {
  AggFlt *st = agg_flt_final_state(ctx, false);
  if (!st) return;
  if (sample && st->n <= 1) { sqlite3_result_null(ctx); return; }
  double r = st->sxx / (sample ? st->n - 1 : st->n);
  agg_flt_result(ctx, stddev ? sqrt(r) : r);
}
static void agg_flt_var_samp(sqlite3_context *ctx) { agg_flt_var(ctx, true, false); }
static void agg_flt_var_pop(sqlite3_context *ctx) { agg_flt_var(ctx, false, false); }
static void agg_flt_stddev_samp(sqlite3_context *ctx) { agg_flt_var(ctx, true, true); }
static void agg_flt_stddev_pop(sqlite3_context *ctx) { agg_flt_var(ctx, false, true); }

/* ---- bool_and / bool_or / every ---- */

typedef struct AggBool { int seen, value; } AggBool;

static void agg_bool_step(sqlite3_context *ctx, sqlite3_value *v, bool and) {
  if (sqlite3_value_type(v) == SQLITE_NULL) return;
  AggBool *st = sqlite3_aggregate_context(ctx, (int)sizeof *st);
  if (!st) { sqlite3_result_error_nomem(ctx); return; }
  int x = sqlite3_value_int64(v) != 0;
  st->value = !st->seen ? x : and ? (st->value && x) : (st->value || x);
  st->seen = 1;
}
static void agg_and_step(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  agg_bool_step(ctx, argv[0], true);
}
static void agg_or_step(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  agg_bool_step(ctx, argv[0], false);
}
static void agg_bool_final(sqlite3_context *ctx) {
  AggBool *st = sqlite3_aggregate_context(ctx, 0);
  if (!st || !st->seen) sqlite3_result_null(ctx);
  else sqlite3_result_int(ctx, st->value);
}

/* ---- string_agg: v1 || d2 || v2 || d3 || v3 ... (each value after the
** first is preceded by the delimiter given with it; NULL values are
** skipped, a NULL delimiter counts as empty) ---- */

typedef struct AggStr { int seen; StrBuf buf; } AggStr;

static void agg_str_accum(sqlite3_context *ctx, sqlite3_value **argv, bool blob) {
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL) return;
  AggStr *st = sqlite3_aggregate_context(ctx, (int)sizeof *st);
  if (!st) { sqlite3_result_error_nomem(ctx); return; }
  if (st->seen && sqlite3_value_type(argv[1]) != SQLITE_NULL) {
    const void *d = blob ? sqlite3_value_blob(argv[1]) : (const void *)sqlite3_value_text(argv[1]);
    if (d) sb_putn(&st->buf, d, (size_t)sqlite3_value_bytes(argv[1]));
  }
  const void *x = blob ? sqlite3_value_blob(argv[0]) : (const void *)sqlite3_value_text(argv[0]);
  if (x) sb_putn(&st->buf, x, (size_t)sqlite3_value_bytes(argv[0]));
  st->seen = 1;
}
static void agg_str_step(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  agg_str_accum(ctx, argv, false);
}
static void agg_bytes_step(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  agg_str_accum(ctx, argv, true);
}
static void agg_str_finish(sqlite3_context *ctx, bool blob) {
  AggStr *st = sqlite3_aggregate_context(ctx, 0);
  if (!st || !st->seen) { sqlite3_result_null(ctx); return; }
  if (blob) sqlite3_result_blob(ctx, sb_str(&st->buf), (int)st->buf.n, SQLITE_TRANSIENT);
  else sqlite3_result_text(ctx, sb_str(&st->buf), (int)st->buf.n, SQLITE_TRANSIENT);
  sb_free(&st->buf);
}
static void agg_str_final(sqlite3_context *ctx) { agg_str_finish(ctx, false); }
static void agg_bytes_final(sqlite3_context *ctx) { agg_str_finish(ctx, true); }

/* ---- min / max of char(n): trailing spaces do not count ---- */

typedef struct AggBp { sqlite3_value *best; } AggBp;

static int agg_bpchar_cmp(sqlite3_value *a, sqlite3_value *b) {
  const char *x = (const char *)sqlite3_value_text(a), *y = (const char *)sqlite3_value_text(b);
  size_t xn = (size_t)sqlite3_value_bytes(a), yn = (size_t)sqlite3_value_bytes(b);
  while (xn && x[xn - 1] == ' ') xn--;
  while (yn && y[yn - 1] == ' ') yn--;
  int c = memcmp(x ? x : "", y ? y : "", xn < yn ? xn : yn);
  return c ? c : (xn > yn) - (xn < yn);
}
static void agg_bp_step(sqlite3_context *ctx, sqlite3_value *v, int want) {
  if (sqlite3_value_type(v) == SQLITE_NULL) return;
  AggBp *st = sqlite3_aggregate_context(ctx, (int)sizeof *st);
  if (!st) { sqlite3_result_error_nomem(ctx); return; }
  if (st->best && agg_bpchar_cmp(v, st->best) * want <= 0) return;
  sqlite3_value_free(st->best);
  st->best = sqlite3_value_dup(v);
}
static void agg_bp_max_step(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  agg_bp_step(ctx, argv[0], 1);
}
static void agg_bp_min_step(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  agg_bp_step(ctx, argv[0], -1);
}
static void agg_bp_final(sqlite3_context *ctx) {
  AggBp *st = sqlite3_aggregate_context(ctx, 0);
  if (!st || !st->best) { sqlite3_result_null(ctx); return; }
  sqlite3_result_value(ctx, st->best);
  sqlite3_value_free(st->best);
  st->best = NULL;
}

/* ---- the table: aggfnoid, SQLite name, argument count ---- */

#define AGG_A(oid, n, step, final) {oid, "pgm_agg_" #oid, n, step, final}
const AdtAgg adt_aggregates[] = {
  AGG_A(2100, 1, agg_num_step, agg_num_avg_final),   /* avg(int8) */
  AGG_A(2101, 1, agg_num_step, agg_num_avg_final),   /* avg(int4) */
  AGG_A(2102, 1, agg_num_step, agg_num_avg_final),   /* avg(int2) */
  AGG_A(2103, 1, agg_num_step, agg_num_avg_final),   /* avg(numeric) */
  AGG_A(2104, 1, agg_flt_step, agg_flt_avg_final),   /* avg(float4) */
  AGG_A(2105, 1, agg_flt_step, agg_flt_avg_final),   /* avg(float8) */
  AGG_A(2107, 1, agg_num_step, agg_num_sum_final),   /* sum(int8) */
  AGG_A(2108, 1, agg_int_step, agg_int_final),       /* sum(int4) */
  AGG_A(2109, 1, agg_int_step, agg_int_final),       /* sum(int2) */
  AGG_A(2110, 1, agg_flt4_step, agg_flt_sum_final),  /* sum(float4) */
  AGG_A(2111, 1, agg_flt_step, agg_flt_sum_final),   /* sum(float8) */
  AGG_A(2114, 1, agg_num_step, agg_num_sum_final),   /* sum(numeric) */
  AGG_A(2130, 1, agg_num_max_step, agg_num_best_final), /* max(numeric) */
  AGG_A(2146, 1, agg_num_min_step, agg_num_best_final), /* min(numeric) */
  AGG_A(2244, 1, agg_bp_max_step, agg_bp_final),     /* max(bpchar) */
  AGG_A(2245, 1, agg_bp_min_step, agg_bp_final),     /* min(bpchar) */
  AGG_A(2517, 1, agg_and_step, agg_bool_final),      /* bool_and */
  AGG_A(2518, 1, agg_or_step, agg_bool_final),       /* bool_or */
  AGG_A(2519, 1, agg_and_step, agg_bool_final),      /* every */
  AGG_A(3538, 2, agg_str_step, agg_str_final),       /* string_agg(text, text) */
  AGG_A(3545, 2, agg_bytes_step, agg_bytes_final),   /* string_agg(bytea, bytea) */
  /* variance = var_samp, stddev = stddev_samp; int8/int4/int2/numeric exact */
  AGG_A(2148, 1, agg_num_step_sq, agg_num_var_samp), AGG_A(2149, 1, agg_num_step_sq, agg_num_var_samp),
  AGG_A(2150, 1, agg_num_step_sq, agg_num_var_samp), AGG_A(2153, 1, agg_num_step_sq, agg_num_var_samp),
  AGG_A(2641, 1, agg_num_step_sq, agg_num_var_samp), AGG_A(2642, 1, agg_num_step_sq, agg_num_var_samp),
  AGG_A(2643, 1, agg_num_step_sq, agg_num_var_samp), AGG_A(2646, 1, agg_num_step_sq, agg_num_var_samp),
  AGG_A(2718, 1, agg_num_step_sq, agg_num_var_pop), AGG_A(2719, 1, agg_num_step_sq, agg_num_var_pop),
  AGG_A(2720, 1, agg_num_step_sq, agg_num_var_pop), AGG_A(2723, 1, agg_num_step_sq, agg_num_var_pop),
  AGG_A(2154, 1, agg_num_step_sq, agg_num_stddev_samp), AGG_A(2155, 1, agg_num_step_sq, agg_num_stddev_samp),
  AGG_A(2156, 1, agg_num_step_sq, agg_num_stddev_samp), AGG_A(2159, 1, agg_num_step_sq, agg_num_stddev_samp),
  AGG_A(2712, 1, agg_num_step_sq, agg_num_stddev_samp), AGG_A(2713, 1, agg_num_step_sq, agg_num_stddev_samp),
  AGG_A(2714, 1, agg_num_step_sq, agg_num_stddev_samp), AGG_A(2717, 1, agg_num_step_sq, agg_num_stddev_samp),
  AGG_A(2724, 1, agg_num_step_sq, agg_num_stddev_pop), AGG_A(2725, 1, agg_num_step_sq, agg_num_stddev_pop),
  AGG_A(2726, 1, agg_num_step_sq, agg_num_stddev_pop), AGG_A(2729, 1, agg_num_step_sq, agg_num_stddev_pop),
  /* the same for float4 / float8, in double precision */
  AGG_A(2151, 1, agg_flt_step, agg_flt_var_samp), AGG_A(2152, 1, agg_flt_step, agg_flt_var_samp),
  AGG_A(2644, 1, agg_flt_step, agg_flt_var_samp), AGG_A(2645, 1, agg_flt_step, agg_flt_var_samp),
  AGG_A(2721, 1, agg_flt_step, agg_flt_var_pop), AGG_A(2722, 1, agg_flt_step, agg_flt_var_pop),
  AGG_A(2157, 1, agg_flt_step, agg_flt_stddev_samp), AGG_A(2158, 1, agg_flt_step, agg_flt_stddev_samp),
  AGG_A(2715, 1, agg_flt_step, agg_flt_stddev_samp), AGG_A(2716, 1, agg_flt_step, agg_flt_stddev_samp),
  AGG_A(2727, 1, agg_flt_step, agg_flt_stddev_pop), AGG_A(2728, 1, agg_flt_step, agg_flt_stddev_pop),
  {0, NULL, 0, NULL, NULL},
};
#undef AGG_A
