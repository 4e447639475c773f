/*
** float.c — float4 (real) and float8 (double precision), after
** PostgreSQL's float.c: input per float8in/float4in, output exactly like
** PostgreSQL 15 (the shortest text that reads back to the same value, as
** Ryu produces it, laid out by PostgreSQL's rules), arithmetic with
** PostgreSQL's overflow / underflow / division errors, comparisons, casts
** to and from the integer types, and the math functions (sqrt, power,
** exp, ln, log10, rounding, trigonometry).
**
** Both types are stored as SQLite REAL.  A float4 is a double holding a
** value exactly representable in single precision: its operators compute
** in float so results round like PostgreSQL's.  SQLite cannot store a NaN
** double (it turns it into NULL), so NaN is stored as the TEXT 'NaN' (float
** columns are declared ANY, which keeps it as given): SQLite orders every
** number before any text and 'NaN' = 'NaN', which is PostgreSQL's float
** order (NaN equal to itself, above every number, Infinity included).
** Every function here reads a TEXT argument as NaN (adt_float_value) and
** returns NaN as 'NaN' (flt_ret).
*/
#include "adt/adt.h"

#include <errno.h>
#include <gmp.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FLT_PI 3.14159265358979323846

/* ---- output ---- */

/* ---- Ryu, as PostgreSQL 15 uses it (src/common/d2s.c, f2s.c) ----
** PostgreSQL prints the shortest decimal that reads back as the same
** value, choosing among equally short candidates exactly as Ryu does —
** including Ryu's deliberate, partial handling of candidates lying exactly
** on the boundary of the rounding interval, which a "%.Ng until it round
** trips" loop gets wrong for about 1 value in 1000.  This is Ryu's decision
** logic transcribed step by step; the only change is that the scaled
** bounds vr/vp/vm are computed exactly with GMP instead of with Ryu's
** tables of 128-bit powers of five (same values, since Ryu's products are
** exact floors). */

/* floor(x * 2^e2 / 10^e10) */
static uint64_t flt_scaled(uint64_t x, int e2, int e10) {
  mpz_t num, den;
  mpz_init_set_ui(num, (unsigned long)x);
  mpz_init_set_ui(den, 1);
  if (e2 >= 0) mpz_mul_2exp(num, num, (mp_bitcnt_t)e2);
  else mpz_mul_2exp(den, den, (mp_bitcnt_t)-e2);
  mpz_t p10;
  mpz_init(p10);
  mpz_ui_pow_ui(p10, 10, (unsigned long)(e10 >= 0 ? e10 : -e10));
  if (e10 >= 0) mpz_mul(den, den, p10);
  else mpz_mul(num, num, p10);
  mpz_fdiv_q(num, num, den);
  uint64_t r = (uint64_t)mpz_get_ui(num);
  mpz_clears(num, den, p10, NULL);
  return r;
}

static bool flt_mult5(uint64_t v, uint32_t p) {
  uint32_t c = 0;
  while (v && v % 5 == 0) { v /= 5; c++; }
  return c >= p;
}
static bool flt_mult2(uint64_t v, uint32_t p) { return p >= 64 ? v == 0 : (v & ((1ull << p) - 1)) == 0; }
static uint32_t flt_log10pow2(int32_t e) { return (uint32_t)(((uint32_t)e * 78913) >> 18); }
static uint32_t flt_log10pow5(int32_t e) { return (uint32_t)(((uint32_t)e * 732923) >> 20); }

/* PostgreSQL builds Ryu without STRICTLY_SHORTEST: a decimal lying exactly
** on the boundary of the rounding interval is never chosen. */
#define FLT_ACCEPT_BOUNDS false

typedef struct FltDec { uint64_t mantissa; int32_t exponent; } FltDec;

/* Step 3 of d2d/f2d: the bounds in a decimal power base.  For doubles Ryu
** keeps one extra digit (q reduced by one); for floats it computes the
** first removed digit separately. */
static void flt_ryu_bounds(uint64_t m2, int32_t e2, uint32_t mmShift, bool dbl, uint64_t *vr,
                           uint64_t *vp, uint64_t *vm, int32_t *e10, bool *vmTZ, bool *vrTZ,
                           uint8_t *lastRemoved) {
  const bool acceptBounds = FLT_ACCEPT_BOUNDS;
  uint64_t mv = 4 * m2, mp = mv + 2, mm = mv - 1 - mmShift;
  uint32_t q;
  if (e2 >= 0) {
    q = flt_log10pow2(e2) - (dbl && e2 > 3);
    *e10 = (int32_t)q;
  } else {
    q = flt_log10pow5(-e2) - (dbl && -e2 > 1);
    *e10 = (int32_t)q + e2;
  }
  *vr = flt_scaled(mv, e2, *e10);
  *vp = flt_scaled(mp, e2, *e10);
  *vm = flt_scaled(mm, e2, *e10);
  if (!dbl && q != 0 && (*vp - 1) / 10 <= *vm / 10)
    *lastRemoved = (uint8_t)(flt_scaled(mv, e2, *e10 - 1) % 10);
  if (e2 >= 0) {
    if (q <= (dbl ? 21u : 9u)) {
      if (mv % 5 == 0) *vrTZ = flt_mult5(mv, q);
      else if (acceptBounds) *vmTZ = flt_mult5(mm, q);
      else *vp -= flt_mult5(mp, q);
    }
  } else if (q <= 1) {
    *vrTZ = true;
    if (acceptBounds) *vmTZ = mmShift == 1;
    else --*vp;
  } else if (q < (dbl ? 63u : 31u)) {
    *vrTZ = flt_mult2(mv, q - 1);
  }
}

/* Step 4: the shortest representation inside the interval. */
static FltDec flt_ryu(uint64_t m2, int32_t e2, uint32_t mmShift, bool dbl) {
  const bool acceptBounds = FLT_ACCEPT_BOUNDS;
  bool vmTZ = false, vrTZ = false;
  uint64_t vr, vp, vm, output;
  int32_t e10, removed = 0;
  uint8_t last = 0;
  flt_ryu_bounds(m2, e2, mmShift, dbl, &vr, &vp, &vm, &e10, &vmTZ, &vrTZ, &last);
  if (vmTZ || vrTZ) {
    for (; vp / 10 > vm / 10; removed++) {
      vmTZ &= vm % 10 == 0;
      vrTZ &= last == 0;
      last = (uint8_t)(vr % 10);
      vr /= 10; vp /= 10; vm /= 10;
    }
    if (vmTZ)
      for (; vm % 10 == 0; removed++) {
        vrTZ &= last == 0;
        last = (uint8_t)(vr % 10);
        vr /= 10; vp /= 10; vm /= 10;
      }
    if (vrTZ && last == 5 && vr % 2 == 0) last = 4;  /* round half to even */
    output = vr + ((vr == vm && (!acceptBounds || !vmTZ)) || last >= 5);
  } else {
    for (; vp / 10 > vm / 10; removed++) {
      last = (uint8_t)(vr % 10);
      vr /= 10; vp /= 10; vm /= 10;
    }
    output = vr + (vr == vm || last >= 5);
  }
  return (FltDec){output, e10 + removed};
}

/* Decompose a finite nonzero value and run Ryu; integers below 2^mantissa
** bits take PostgreSQL's exact small-integer path (d2d_small_int). */
static FltDec flt_decimal(double v, bool single) {
  int mbits = single ? 23 : 52, bias = single ? 127 : 1023;
  uint64_t mant, ex;
  if (single) {
    float f = (float)v;
    uint32_t bits;
    memcpy(&bits, &f, sizeof bits);
    mant = bits & ((1u << 23) - 1);
    ex = (bits >> 23) & 0xff;
  } else {
    uint64_t bits;
    memcpy(&bits, &v, sizeof bits);
    mant = bits & ((1ull << 52) - 1);
    ex = (bits >> 52) & 0x7ff;
  }
  uint64_t m2 = ex ? (1ull << mbits) | mant : mant;
  int32_t e2 = (ex ? (int32_t)ex : 1) - bias - mbits;
  if (ex && e2 <= 0 && e2 >= -mbits && (m2 & ((1ull << -e2) - 1)) == 0) {
    FltDec d = {m2 >> -e2, 0};
    while (d.mantissa % 10 == 0) { d.mantissa /= 10; d.exponent++; }
    return d;
  }
  return flt_ryu(m2, e2 - 2, mant != 0 || ex <= 1, !single);
}

/* The shortest digits of v (no trailing zeros) and the decimal exponent of
** the first digit. */
static int flt_shortest(double v, bool single, char *digits, int *exp10) {
  FltDec d = flt_decimal(v, single);
  int nd = snprintf(digits, 24, "%llu", (unsigned long long)d.mantissa);
  *exp10 = d.exponent + nd - 1;
  return nd;
}

/* PostgreSQL's layout of Ryu's digits: fixed point when the exponent is in
** [-4, 15) (float4: [-4, 6)), otherwise d.ddde+XX with two exponent digits
** at least. */
static void flt_out_shortest(double v, bool single, StrBuf *out) {
  char digits[24];
  int exp10;
  int nd = flt_shortest(v, single, digits, &exp10);
  if (signbit(v)) sb_putc(out, '-');
  if (exp10 >= -4 && exp10 < (single ? 6 : 15)) {
    if (exp10 < 0) {
      sb_puts(out, "0.");
      for (int i = -1; i > exp10; i--) sb_putc(out, '0');
      sb_putn(out, digits, (size_t)nd);
    } else if (nd <= exp10 + 1) {
      sb_putn(out, digits, (size_t)nd);
      for (int i = nd; i <= exp10; i++) sb_putc(out, '0');
    } else {
      sb_putn(out, digits, (size_t)exp10 + 1);
      sb_putc(out, '.');
      sb_putn(out, digits + exp10 + 1, (size_t)(nd - exp10 - 1));
    }
    return;
  }
  sb_putc(out, digits[0]);
  if (nd > 1) {
    sb_putc(out, '.');
    sb_putn(out, digits + 1, (size_t)nd - 1);
  }
  sb_printf(out, "e%c%02d", exp10 < 0 ? '-' : '+', exp10 < 0 ? -exp10 : exp10);
}

static void flt_out_value(pgm_db *db, double v, bool single, StrBuf *out) {
  int efd = db ? db->settings.extra_float_digits : 1;
  if (isnan(v)) { sb_puts(out, "NaN"); return; }
  if (isinf(v)) { sb_puts(out, v < 0 ? "-Infinity" : "Infinity"); return; }
  if (v == 0 && efd > 0) { sb_puts(out, signbit(v) ? "-0" : "0"); return; }
  if (efd > 0) { flt_out_shortest(v, single, out); return; }
  /* extra_float_digits <= 0: the old %g with fewer digits */
  int ndig = (single ? 6 : 15) + efd;
  sb_printf(out, "%.*g", ndig < 1 ? 1 : ndig, single ? (double)(float)v : v);
}

static double flt_datum(const Datum *v) {
  switch (v->kind) {
  case D_INT: return (double)v->i;
  case D_FLOAT: return v->f;
  case D_TEXT: return v->p ? strtod(v->p, NULL) : 0;
  default: return 0;
  }
}

static void flt_out8(pgm_db *db, int32_t typmod, const Datum *v, StrBuf *out) {
  (void)typmod;
  flt_out_value(db, flt_datum(v), false, out);
}
static void flt_out4(pgm_db *db, int32_t typmod, const Datum *v, StrBuf *out) {
  (void)typmod;
  flt_out_value(db, flt_datum(v), true, out);
}

/* ---- input ---- */

static int flt_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

/* float8in_internal / float4in: strtod (or strtof), which also knows
** NaN, inf and Infinity in any case; surrounding spaces allowed; a value
** that overflows, or underflows to zero, is out of range. */
static int flt_in(const char *s, size_t n, bool single, Datum *out, pgm_error **err) {
  const char *tname = single ? "real" : "double precision";
  char *z = pgm_strndup(s, n), *p = z, *end;
  while (flt_space(*p)) p++;
  errno = 0;
  double v = single ? (double)strtof(p, &end) : strtod(p, &end);
  bool bad = end == p;
  bool range = errno == ERANGE && (v == 0 || isinf(v));
  while (flt_space(*end)) end++;
  bad = bad || *end != 0;
  free(z);
  if (bad) {
    *err = pgm_error_new(ERRCODE_INVALID_TEXT_REPRESENTATION,
                         "invalid input syntax for type %s: \"%.*s\"", tname, (int)n, s);
    return -1;
  }
  if (range) {
    *err = pgm_error_new(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE,
                         "\"%.*s\" is out of range for type %s", (int)n, s, tname);
    return -1;
  }
  if (isnan(v)) {
    out->kind = D_TEXT;
    out->p = pgm_strdup("NaN");
    out->n = 3;
    return 0;
  }
  out->kind = D_FLOAT;
  out->f = v;
  return 0;
}

static int flt_in8(pgm_db *db, int32_t typmod, const char *s, size_t n, Datum *out,
                   pgm_error **err) {
  (void)db; (void)typmod;
  return flt_in(s, n, false, out, err);
}
static int flt_in4(pgm_db *db, int32_t typmod, const char *s, size_t n, Datum *out,
                   pgm_error **err) {
  (void)db; (void)typmod;
  return flt_in(s, n, true, out, err);
}

const AdtTypeIO adt_float_types[] = {
  {700, 'f', flt_in4, flt_out4},
  {701, 'f', flt_in8, flt_out8},
  {0, 0, NULL, NULL},
};

/* ---- results with PostgreSQL's checks ---- */

double adt_float_value(sqlite3_value *v) {
  if (sqlite3_value_type(v) == SQLITE_TEXT) {
    const char *s = (const char *)sqlite3_value_text(v);
    return s ? strtod(s, NULL) : NAN;
  }
  return sqlite3_value_double(v);
}

void adt_result_float(sqlite3_context *ctx, double r) {
  if (isnan(r)) sqlite3_result_text(ctx, "NaN", 3, SQLITE_STATIC);
  else sqlite3_result_double(ctx, r);
}

#define FLT_ARG(i) adt_float_value(argv[i])
#define flt_ret adt_result_float

static void flt_overflow(sqlite3_context *ctx) {
  adt_error(ctx, ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE, "value out of range: overflow");
}
static void flt_underflow(sqlite3_context *ctx) {
  adt_error(ctx, ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE, "value out of range: underflow");
}

/* Return r; inf_ok / zero_ok say whether an infinite / zero result is
** legitimate (came from infinite / zero inputs) or an overflow / underflow. */
static void flt_result(sqlite3_context *ctx, double r, bool inf_ok, bool zero_ok) {
  if (isnan(r)) flt_ret(ctx, r);
  else if (isinf(r) && !inf_ok) flt_overflow(ctx);
  else if (r == 0 && !zero_ok) flt_underflow(ctx);
  else sqlite3_result_double(ctx, r);
}

/* Binary operators, computed in double (float8) or float (float4). */
typedef enum { FLT_PL, FLT_MI, FLT_MUL, FLT_DIV } FltOp;

static void flt_binop(sqlite3_context *ctx, double a, double b, FltOp op, bool single) {
  bool inf_in = isinf(a) || isinf(b);
  double r;
  switch (op) {
  case FLT_PL: r = single ? (double)((float)a + (float)b) : a + b; break;
  case FLT_MI: r = single ? (double)((float)a - (float)b) : a - b; break;
  case FLT_MUL:
    r = single ? (double)((float)a * (float)b) : a * b;
    flt_result(ctx, r, inf_in, a == 0 || b == 0);
    return;
  case FLT_DIV:
    if (b == 0 && !isnan(a)) { adt_error(ctx, ERRCODE_DIVISION_BY_ZERO, "division by zero"); return; }
    r = single ? (double)((float)a / (float)b) : a / b;
    flt_result(ctx, r, isinf(a), a == 0 || isinf(b));
    return;
  }
  flt_result(ctx, r, inf_in, true);
}

#define FLT_BIN(name, op, single)                                                         \
  static void flt_##name(sqlite3_context *ctx, int argc, sqlite3_value **argv) {          \
    (void)argc;                                                                           \
    flt_binop(ctx, FLT_ARG(0), FLT_ARG(1), op, single);                                   \
  }
FLT_BIN(pl8, FLT_PL, false)
FLT_BIN(mi8, FLT_MI, false)
FLT_BIN(mul8, FLT_MUL, false)
FLT_BIN(div8, FLT_DIV, false)
FLT_BIN(pl4, FLT_PL, true)
FLT_BIN(mi4, FLT_MI, true)
FLT_BIN(mul4, FLT_MUL, true)
FLT_BIN(div4, FLT_DIV, true)

#define FLT_CMP(name, expr)                                                               \
  static void flt_##name(sqlite3_context *ctx, int argc, sqlite3_value **argv) {          \
    (void)argc;                                                                           \
    double a = FLT_ARG(0), b = FLT_ARG(1);                                                \
    sqlite3_result_int(ctx, (expr));                                                      \
  }
/* float8_cmp_internal: NaN equals NaN and sorts above every number. */
static int flt_cmp3(double a, double b) {
  if (isnan(a)) return isnan(b) ? 0 : 1;
  if (isnan(b)) return -1;
  return (a > b) - (a < b);
}
FLT_CMP(eq, flt_cmp3(a, b) == 0)
FLT_CMP(ne, flt_cmp3(a, b) != 0)
FLT_CMP(lt, flt_cmp3(a, b) < 0)
FLT_CMP(le, flt_cmp3(a, b) <= 0)
FLT_CMP(gt, flt_cmp3(a, b) > 0)
FLT_CMP(ge, flt_cmp3(a, b) >= 0)
FLT_CMP(cmp, flt_cmp3(a, b))

static void flt_larger(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  double a = FLT_ARG(0), b = FLT_ARG(1);
  flt_ret(ctx, flt_cmp3(a, b) > 0 ? a : b);
}
static void flt_smaller(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  double a = FLT_ARG(0), b = FLT_ARG(1);
  flt_ret(ctx, flt_cmp3(a, b) < 0 ? a : b);
}

/* ---- one-argument functions ---- */

#define FLT_UN(name, expr)                                                                \
  static void flt_##name(sqlite3_context *ctx, int argc, sqlite3_value **argv) {          \
    (void)argc;                                                                           \
    double a = FLT_ARG(0);                                                                \
    flt_ret(ctx, (expr));                                                                 \
  }
FLT_UN(um, -a)
FLT_UN(up, a)
FLT_UN(abs, fabs(a))
FLT_UN(round, rint(a))   /* PostgreSQL's round(float8) is rint: half to even */
FLT_UN(trunc, trunc(a))
FLT_UN(ceil, ceil(a))
FLT_UN(floor, floor(a))
FLT_UN(sign, a > 0 ? 1.0 : a < 0 ? -1.0 : 0.0)
FLT_UN(ftod, a)
FLT_UN(degrees, a / (FLT_PI / 180.0))
FLT_UN(radians, a * (FLT_PI / 180.0))

static void flt_pi(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc; (void)argv;
  sqlite3_result_double(ctx, FLT_PI);
}

static void flt_sqrt(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  double a = FLT_ARG(0);
  if (a < 0) {
    adt_error(ctx, ERRCODE_INVALID_ARGUMENT_FOR_POWER_FUNCTION,
              "cannot take square root of a negative number");
    return;
  }
  flt_result(ctx, sqrt(a), true, true);
}

static void flt_cbrt(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  flt_result(ctx, cbrt(FLT_ARG(0)), true, true);
}

/* dpow: PostgreSQL's argument checks, then pow() with overflow checks. */
static void flt_pow(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  double a = FLT_ARG(0), b = FLT_ARG(1);
  if (isnan(a) || isnan(b)) {  /* dpow: NaN ^ 0 = 1 ^ NaN = 1, otherwise NaN */
    flt_ret(ctx, (isnan(a) && b == 0) || (isnan(b) && a == 1) ? 1.0 : NAN);
    return;
  }
  if (a == 0 && b < 0) {
    adt_error(ctx, ERRCODE_INVALID_ARGUMENT_FOR_POWER_FUNCTION,
              "zero raised to a negative power is undefined");
    return;
  }
  if (a < 0 && floor(b) != b && !isinf(b)) {
    adt_error(ctx, ERRCODE_INVALID_ARGUMENT_FOR_POWER_FUNCTION,
              "a negative number raised to a non-integer power yields a complex result");
    return;
  }
  double r = pow(a, b);
  bool inf_in = isinf(a) || isinf(b);
  flt_result(ctx, r, inf_in, inf_in || a == 0);
}

static void flt_exp(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  double a = FLT_ARG(0);
  flt_result(ctx, exp(a), isinf(a), isinf(a));
}

static void flt_log_common(sqlite3_context *ctx, double a, bool ten) {
  if (a == 0) {
    adt_error(ctx, ERRCODE_INVALID_ARGUMENT_FOR_LOG, "cannot take logarithm of zero");
    return;
  }
  if (a < 0) {
    adt_error(ctx, ERRCODE_INVALID_ARGUMENT_FOR_LOG, "cannot take logarithm of a negative number");
    return;
  }
  flt_ret(ctx, ten ? log10(a) : log(a));
}
static void flt_ln(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  flt_log_common(ctx, FLT_ARG(0), false);
}
static void flt_log10(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  flt_log_common(ctx, FLT_ARG(0), true);
}

/* Trigonometry: PostgreSQL refuses arguments outside the function's domain
** with "input is out of range" instead of returning NaN. */
static void flt_trig(sqlite3_context *ctx, double a, double (*fn)(double), bool unit_domain) {
  if (isinf(a) || (unit_domain && (a < -1 || a > 1))) {
    adt_error(ctx, ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE, "input is out of range");
    return;
  }
  flt_result(ctx, fn(a), true, true);
}
#define FLT_TRIG(name, fn, unit)                                                          \
  static void flt_##name(sqlite3_context *ctx, int argc, sqlite3_value **argv) {          \
    (void)argc;                                                                           \
    flt_trig(ctx, FLT_ARG(0), fn, unit);                                                  \
  }
FLT_TRIG(sin, sin, false)
FLT_TRIG(cos, cos, false)
FLT_TRIG(tan, tan, false)
FLT_TRIG(asin, asin, true)
FLT_TRIG(acos, acos, true)

static void flt_atan(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  flt_ret(ctx, atan(FLT_ARG(0)));
}
static void flt_atan2(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  flt_ret(ctx, atan2(FLT_ARG(0), FLT_ARG(1)));
}

/* ---- casts ---- */

/* float8 -> float4: overflow to infinity or underflow to zero is an error. */
static void flt_dtof(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  double a = FLT_ARG(0);
  float r = (float)a;
  if (isinf(r) && !isinf(a)) flt_overflow(ctx);
  else if (r == 0 && a != 0) flt_underflow(ctx);
  else flt_ret(ctx, (double)r);
}

/* float -> integer: rint (half to even), then the range of the target. */
static void flt_to_int(sqlite3_context *ctx, double a, double lo, double hi, const char *msg) {
  double r = rint(a);
  if (isnan(r) || r < lo || r >= hi) {
    adt_error(ctx, ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE, "%s", msg);
    return;
  }
  sqlite3_result_int64(ctx, (int64_t)r);
}
static void flt_dtoi2(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  flt_to_int(ctx, FLT_ARG(0), -32768.0, 32768.0, "smallint out of range");
}
static void flt_dtoi4(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  flt_to_int(ctx, FLT_ARG(0), -2147483648.0, 2147483648.0, "integer out of range");
}
static void flt_dtoi8(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  flt_to_int(ctx, FLT_ARG(0), -9223372036854775808.0, 9223372036854775808.0,
             "bigint out of range");
}

static void flt_itod(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  sqlite3_result_double(ctx, (double)sqlite3_value_int64(argv[0]));
}
static void flt_itof(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  sqlite3_result_double(ctx, (double)(float)sqlite3_value_int64(argv[0]));
}

/* ---- the table ---- */

#define FLT_F(name, n, fn) {name, n, ADT_STRICT, fn}
#define FLT_CMPS(p)                                                                        \
  FLT_F(p "eq", 2, flt_eq), FLT_F(p "ne", 2, flt_ne), FLT_F(p "lt", 2, flt_lt), FLT_F(p "le", 2, flt_le),  \
  FLT_F(p "gt", 2, flt_gt), FLT_F(p "ge", 2, flt_ge), FLT_F("bt" p "cmp", 2, flt_cmp)
#define FLT_ARITH(p, w)                                                                    \
  FLT_F(p "pl", 2, flt_pl##w), FLT_F(p "mi", 2, flt_mi##w), FLT_F(p "mul", 2, flt_mul##w),             \
  FLT_F(p "div", 2, flt_div##w)

const AdtFunc adt_float_funcs[] = {
  FLT_CMPS("float4"), FLT_CMPS("float8"), FLT_CMPS("float48"), FLT_CMPS("float84"),
  FLT_ARITH("float4", 4), FLT_ARITH("float8", 8), FLT_ARITH("float48", 8),
  FLT_ARITH("float84", 8),
  FLT_F("float4um", 1, flt_um), FLT_F("float8um", 1, flt_um), FLT_F("float4up", 1, flt_up),
  FLT_F("float8up", 1, flt_up), FLT_F("float4abs", 1, flt_abs), FLT_F("float8abs", 1, flt_abs),
  FLT_F("float4larger", 2, flt_larger), FLT_F("float8larger", 2, flt_larger),
  FLT_F("float4smaller", 2, flt_smaller), FLT_F("float8smaller", 2, flt_smaller),
  FLT_F("dround", 1, flt_round), FLT_F("dtrunc", 1, flt_trunc), FLT_F("dceil", 1, flt_ceil),
  FLT_F("dfloor", 1, flt_floor), FLT_F("dsign", 1, flt_sign), FLT_F("dsqrt", 1, flt_sqrt),
  FLT_F("dcbrt", 1, flt_cbrt), FLT_F("dpow", 2, flt_pow), FLT_F("dexp", 1, flt_exp),
  FLT_F("dlog1", 1, flt_ln), FLT_F("dlog10", 1, flt_log10), FLT_F("dsin", 1, flt_sin),
  FLT_F("dcos", 1, flt_cos), FLT_F("dtan", 1, flt_tan), FLT_F("dasin", 1, flt_asin),
  FLT_F("dacos", 1, flt_acos), FLT_F("datan", 1, flt_atan), FLT_F("datan2", 2, flt_atan2),
  FLT_F("degrees", 1, flt_degrees), FLT_F("radians", 1, flt_radians), FLT_F("dpi", 0, flt_pi),
  FLT_F("ftod", 1, flt_ftod), FLT_F("dtof", 1, flt_dtof),
  FLT_F("dtoi2", 1, flt_dtoi2), FLT_F("dtoi4", 1, flt_dtoi4), FLT_F("dtoi8", 1, flt_dtoi8),
  FLT_F("ftoi2", 1, flt_dtoi2), FLT_F("ftoi4", 1, flt_dtoi4), FLT_F("ftoi8", 1, flt_dtoi8),
  FLT_F("i2tod", 1, flt_itod), FLT_F("i4tod", 1, flt_itod), FLT_F("i8tod", 1, flt_itod),
  FLT_F("i2tof", 1, flt_itof), FLT_F("i4tof", 1, flt_itof), FLT_F("i8tof", 1, flt_itof),
  {NULL, 0, 0, NULL},
};
#undef FLT_F
#undef FLT_CMPS
#undef FLT_ARITH
#undef FLT_ARG
#undef FLT_BIN
#undef FLT_CMP
#undef FLT_UN
#undef FLT_TRIG
#undef flt_ret
#undef FLT_PI
#undef FLT_ACCEPT_BOUNDS
