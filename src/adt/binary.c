/*
** binary.c — PostgreSQL's binary send/receive forms of the scalar types
** (see binary.h; arrays in binary_array.c).
**
** PostgreSQL's binary forms: bool = 1 byte; int2/int4/int8/oid =
** big-endian integers; float4/float8 = IEEE bits; date = int32 days since
** 2000-01-01; time = int64 microseconds; timestamp[tz] = int64
** microseconds since 2000-01-01 00:00 (UTC for timestamptz); interval =
** int64 microseconds, int32 days, int32 months; uuid = 16 bytes; numeric =
** int16 ndigits, weight, sign, dscale, then base-10000 digits; jsonb =
** version byte 1, then the text; text types and json = UTF-8; bytea = the
** bytes.
**
** Send reads numbers and date/time values in their stored form (the same
** as PostgreSQL's binary value, adt.h) and the others from their text
** output.  Receive writes the input text the type's input function reads.
*/
#include "adt/binary.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- Big-endian integers ---- */

static int64_t bin_be_int(const unsigned char *p, int n) {
  uint64_t v = 0;
  for (int i = 0; i < n; i++) v = (v << 8) | p[i];
  if (n < 8 && (v >> (8 * n - 1)) & 1) v |= ~(uint64_t)0 << (8 * n);
  return (int64_t)v;
}

static void bin_put_be(StrBuf *out, uint64_t v, int nbytes) {
  char b[8];
  for (int i = 0; i < nbytes; i++) b[i] = (char)(unsigned char)(v >> (8 * (nbytes - 1 - i)));
  sb_putn(out, b, (size_t)nbytes);
}

/* ---- Calendar arithmetic (proleptic Gregorian, H. Hinnant's algorithms) ---- */

#define BIN_DAYS_1970_TO_2000 10957
#define BIN_USECS_PER_DAY INT64_C(86400000000)

/* Days since 2000-01-01 to a date, written as PostgreSQL reads it ("BC"
** for year <= 0). */
static void bin_format_date(StrBuf *t, int64_t days) {
  int64_t z = days + BIN_DAYS_1970_TO_2000 + 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t y = yoe + era * 400, doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153, d = doy - (153 * mp + 2) / 5 + 1;
  int64_t m = mp < 10 ? mp + 3 : mp - 9;
  if (m <= 2) y++;
  if (y > 0) sb_printf(t, "%04" PRId64 "-%02" PRId64 "-%02" PRId64, y, m, d);
  else sb_printf(t, "%04" PRId64 "-%02" PRId64 "-%02" PRId64 " BC", 1 - y, m, d);
}

/* The inverse: an astronomical year (0 = 1 BC) to days since 2000-01-01. */
static int64_t bin_days_from_civil(int64_t y, int64_t m, int64_t d) {
  y -= m <= 2;
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  int64_t yoe = y - era * 400;
  int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468 - BIN_DAYS_1970_TO_2000;
}

static void bin_format_time(StrBuf *t, int64_t us) {
  sb_printf(t, "%02" PRId64 ":%02" PRId64 ":%02" PRId64 ".%06" PRId64,
            us / 3600000000, us / 60000000 % 60, us / 1000000 % 60, us % 1000000);
}

static void bin_format_timestamp(StrBuf *t, int64_t us, int with_zone) {
  if (us == INT64_MAX || us == INT64_MIN) { sb_printf(t, "%sinfinity", us < 0 ? "-" : ""); return; }
  int64_t days = us / BIN_USECS_PER_DAY, rest = us % BIN_USECS_PER_DAY;
  if (rest < 0) { rest += BIN_USECS_PER_DAY; days--; }
  StrBuf date = STRBUF_INIT;
  bin_format_date(&date, days);
  /* a BC date keeps its suffix after the time, as PostgreSQL writes it */
  size_t n = strcspn(date.p, " ");
  sb_putn(t, date.p, n);
  sb_putc(t, ' ');
  bin_format_time(t, rest);
  if (with_zone) sb_puts(t, "+00");
  sb_putn(t, date.p + n, date.n - n);
  sb_free(&date);
}

/* ---- Reading PostgreSQL's text output (date/time, intervals) ---- */

typedef struct BinCur {
  const char *p, *end;
} BinCur;

static int bcur_peek(const BinCur *c) { return c->p < c->end ? (unsigned char)*c->p : -1; }

static int bcur_eat(BinCur *c, char ch) {
  if (bcur_peek(c) != (unsigned char)ch) return 0;
  c->p++;
  return 1;
}

/* Unsigned decimal digits; 0 if none. */
static int bcur_digits(BinCur *c, int64_t *v) {
  const char *start = c->p;
  int64_t x = 0;
  while (c->p < c->end && *c->p >= '0' && *c->p <= '9' && c->p - start < 18) x = x * 10 + (*c->p++ - '0');
  *v = x;
  return c->p > start;
}

/* An optional ".ffffff" as microseconds. */
static int64_t bcur_fraction(BinCur *c) {
  int64_t us = 0, scale = 100000;
  if (!bcur_eat(c, '.')) return 0;
  while (c->p < c->end && *c->p >= '0' && *c->p <= '9') {
    us += (*c->p++ - '0') * scale;
    scale /= 10;
  }
  return us;
}

/* "HH:MM:SS[.ffffff]" (hours may exceed 24 in an interval) as microseconds. */
static int bcur_clock(BinCur *c, int64_t *us) {
  int64_t h, m, s;
  if (!bcur_digits(c, &h) || !bcur_eat(c, ':') || !bcur_digits(c, &m) || !bcur_eat(c, ':') || !bcur_digits(c, &s))
    return 0;
  *us = ((h * 60 + m) * 60 + s) * 1000000 + bcur_fraction(c);
  return 1;
}

static int bcur_word(BinCur *c, const char *w) {
  size_t n = strlen(w);
  if ((size_t)(c->end - c->p) < n || strncmp(c->p, w, n) != 0) return 0;
  c->p += n;
  return 1;
}

/* Date (days) and time of day (microseconds) of "YYYY-MM-DD[ HH:MM:SS.f]";
** *zone_s is the "+HH[:MM[:SS]]" offset, when the text has one. */
static int bcur_datetime(BinCur *c, int64_t *days, int64_t *us, int64_t *zone_s, int *has_zone) {
  int64_t y, m, d;
  if (!bcur_digits(c, &y) || !bcur_eat(c, '-') || !bcur_digits(c, &m) || !bcur_eat(c, '-') || !bcur_digits(c, &d))
    return 0;
  if (m < 1 || m > 12 || d < 1 || d > 31) return 0;
  *us = 0;
  *has_zone = 0;
  *zone_s = 0;
  if (c->p + 1 < c->end && c->p[0] == ' ' && c->p[1] >= '0' && c->p[1] <= '9') {
    c->p++;
    if (!bcur_clock(c, us)) return 0;
    int sign = bcur_peek(c) == '+' ? 1 : bcur_peek(c) == '-' ? -1 : 0;
    if (sign) {
      int64_t part = 0;
      c->p++;
      *has_zone = 1;
      for (int i = 0; i < 3 && (i == 0 || bcur_eat(c, ':')); i++) {
        if (!bcur_digits(c, &part)) return 0;
        *zone_s += part * (i == 0 ? 3600 : i == 1 ? 60 : 1);
      }
      *zone_s *= sign;
    }
  }
  if (bcur_word(c, " BC")) y = 1 - y;
  *days = bin_days_from_civil(y, m, d);
  return c->p == c->end;
}

static int bin_text_is(const char *s, size_t n, const char *w) { return strlen(w) == n && !strncmp(s, w, n); }

/* date, time, timestamp and timestamptz output (ISO DateStyle) to their
** binary value: days for date, microseconds for the others. */
static int bin_datetime_from_text(Oid type, const char *s, size_t n, int64_t *out) {
  int date = type == PGM_OID_DATE;
  if (type != PGM_OID_TIME && (bin_text_is(s, n, "infinity") || bin_text_is(s, n, "-infinity"))) {
    int neg = *s == '-';
    *out = date ? (neg ? INT32_MIN : INT32_MAX) : (neg ? INT64_MIN : INT64_MAX);
    return 1;
  }
  BinCur c = {s, s + n};
  if (type == PGM_OID_TIME) return bcur_clock(&c, out) && c.p == c.end;
  int64_t days, us, zone_s;
  int has_zone;
  if (!bcur_datetime(&c, &days, &us, &zone_s, &has_zone)) return 0;
  if (has_zone != (type == PGM_OID_TIMESTAMPTZ) && !date) return 0;
  if (date) { *out = days; return us == 0 && !has_zone; }
  *out = days * BIN_USECS_PER_DAY + us - zone_s * 1000000;
  return 1;
}

/* A signed decimal "[-+]N[.f]" as millionths. */
static int bcur_micros(BinCur *c, int64_t *v) {
  int neg = bcur_eat(c, '-');
  if (!neg) bcur_eat(c, '+');
  int64_t whole;
  if (!bcur_digits(c, &whole)) return 0;
  *v = whole * 1000000 + bcur_fraction(c);
  if (neg) *v = -*v;
  return 1;
}

/* Interval output in the postgres or postgres_verbose IntervalStyle (the
** two the engine has): "1 year 2 mons -3 days +04:05:06.5" or "@ 1 year 2
** mons 3 days 4 hours 5 mins 6.5 secs ago" to months, days, microseconds. */
static int bin_interval_from_text(const char *s, size_t n, int64_t *months, int64_t *days, int64_t *us) {
  static const struct { const char *unit; int64_t scale; int field; } units[] = {
    {"years", 12, 0}, {"year", 12, 0}, {"mons", 1, 0}, {"mon", 1, 0}, {"days", 1, 1}, {"day", 1, 1},
    {"hours", INT64_C(3600000000), 2}, {"hour", INT64_C(3600000000), 2}, {"mins", 60000000, 2},
    {"min", 60000000, 2}, {"secs", 1, 2}, {"sec", 1, 2},
  };
  int64_t f[3] = {0, 0, 0};
  int ago = 0;
  BinCur c = {s, s + n};
  bcur_eat(&c, '@');
  while (bcur_eat(&c, ' ')) {}
  while (c.p < c.end) {
    if (bcur_word(&c, "ago")) { ago = 1; break; }
    const char *colon = memchr(c.p, ':', (size_t)(c.end - c.p));
    const char *space = memchr(c.p, ' ', (size_t)(c.end - c.p));
    if (colon && (!space || colon < space)) {
      int neg = bcur_eat(&c, '-');
      if (!neg) bcur_eat(&c, '+');
      int64_t t;
      if (!bcur_clock(&c, &t)) return 0;
      f[2] += neg ? -t : t;
    } else {
      int64_t v;
      if (!bcur_micros(&c, &v)) return 0;
      size_t k = 0, nunits = sizeof units / sizeof units[0];
      if (bcur_eat(&c, ' ')) {
        while (k < nunits && !bcur_word(&c, units[k].unit)) k++;
      } else if (c.p == c.end && v == 0) {
        break;                              /* "@ 0" */
      } else {
        return 0;
      }
      if (k == nunits || (units[k].scale != 1 || units[k].field != 2 ? v % 1000000 : 0)) return 0;
      f[units[k].field] += units[k].scale == 1 && units[k].field == 2 ? v : v / 1000000 * units[k].scale;
    }
    if (c.p < c.end && !bcur_eat(&c, ' ')) return 0;
  }
  int sign = ago ? -1 : 1;
  *months = sign * f[0];
  *days = sign * f[1];
  *us = sign * f[2];
  return 1;
}

/* ---- Receive: binary to input text ---- */

static int bin_hex_digit(char ch) {
  if (ch >= '0' && ch <= '9') return ch - '0';
  if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
  return ch >= 'A' && ch <= 'F' ? ch - 'A' + 10 : -1;
}

static void bin_format_uuid(StrBuf *t, const unsigned char *p) {
  for (int i = 0; i < 16; i++) {
    if (i == 4 || i == 6 || i == 8 || i == 10) sb_putc(t, '-');
    sb_printf(t, "%02x", p[i]);
  }
}

static void bin_format_float(StrBuf *t, double d, int digits) {
  if (isnan(d)) sb_puts(t, "NaN");
  else if (isinf(d)) sb_printf(t, "%sInfinity", d < 0 ? "-" : "");
  else sb_printf(t, "%.*g", digits, d);
}

#define BIN_NUMERIC_POS 0x0000
#define BIN_NUMERIC_NEG 0x4000
#define BIN_NUMERIC_NAN 0xC000
#define BIN_NUMERIC_PINF 0xD000
#define BIN_NUMERIC_NINF 0xF000
#define BIN_NUMERIC_DSCALE_MASK 0x3FFF

/* Round the decimal digits of t (from `from`, a '.' somewhere after it) to
** dscale fraction digits, half away from zero, as numeric_recv's round_var. */
static void bin_round_decimal(StrBuf *t, size_t from, long dscale) {
  char *dot = strchr(t->p + from, '.');
  long have = dot ? (long)strlen(dot + 1) : 0;
  if (have <= dscale) return;
  size_t cut = (size_t)(dot - t->p) + (size_t)dscale + (dscale > 0);
  int up = t->p[(size_t)(dot - t->p) + 1 + (size_t)dscale] >= '5';
  t->n = cut;
  t->p[cut] = 0;
  for (size_t i = cut; up && i-- > from;) {
    if (t->p[i] == '.') continue;
    if (t->p[i] == '9') { t->p[i] = '0'; continue; }
    t->p[i]++;
    up = 0;
  }
  if (up) {                                  /* 99.9 -> 100.0: one more digit in front */
    sb_putc(t, ' ');
    memmove(t->p + from + 1, t->p + from, t->n - from - 1);
    t->p[from] = '1';
  }
}

/* numeric_recv: the digits written out with dscale fraction digits. */
static int bin_numeric_recv(const unsigned char *p, size_t len, StrBuf *t) {
  if (len < 8) return len < 2 ? -2 : -1;
  long ndigits = (long)(uint16_t)bin_be_int(p, 2), weight = (long)bin_be_int(p + 2, 2);
  int sign = (int)(uint16_t)bin_be_int(p + 4, 2);
  long dscale = (long)(uint16_t)bin_be_int(p + 6, 2);
  if (len < 8 + 2 * (size_t)ndigits) return -2;
  if (len != 8 + 2 * (size_t)ndigits || (dscale & BIN_NUMERIC_DSCALE_MASK) != dscale) return -1;
  if (sign == BIN_NUMERIC_NAN || sign == BIN_NUMERIC_PINF || sign == BIN_NUMERIC_NINF) {
    sb_puts(t, sign == BIN_NUMERIC_NAN ? "NaN" : sign == BIN_NUMERIC_PINF ? "Infinity" : "-Infinity");
    return 1;
  }
  if (sign != BIN_NUMERIC_POS && sign != BIN_NUMERIC_NEG) return -1;
  for (long i = 0; i < ndigits; i++)
    if ((uint16_t)bin_be_int(p + 8 + 2 * i, 2) >= 10000) return -1;
  if (sign == BIN_NUMERIC_NEG) sb_putc(t, '-');
  size_t from = t->n;
  if (weight < 0) sb_putc(t, '0');
  for (long w = 0; w <= weight; w++) {
    int d = w < ndigits ? (int)bin_be_int(p + 8 + 2 * w, 2) : 0;
    sb_printf(t, w == 0 ? "%d" : "%04d", d);
  }
  long frac_groups = ndigits - 1 - weight;
  if (frac_groups * 4 < dscale) frac_groups = (dscale + 3) / 4;
  if (frac_groups > 0) sb_putc(t, '.');
  for (long g = 0; g < frac_groups; g++) {
    long i = weight + 1 + g;
    sb_printf(t, "%04d", i >= 0 && i < ndigits ? (int)bin_be_int(p + 8 + 2 * i, 2) : 0);
  }
  if (frac_groups > 0) {
    bin_round_decimal(t, from, dscale);
    if (t->p[t->n - 1] == '.') t->p[--t->n] = 0;
  }
  return 1;
}

/* The fixed-width binary types: their width, or 0. */
static size_t bin_fixed_width(Oid type) {
  switch (type) {
  case PGM_OID_BOOL: return 1;
  case PGM_OID_INT2: return 2;
  case PGM_OID_INT4: case PGM_OID_OID: case PGM_OID_FLOAT4: case PGM_OID_DATE: return 4;
  case PGM_OID_INT8: case PGM_OID_FLOAT8: case PGM_OID_TIME: case PGM_OID_TIMESTAMP:
  case PGM_OID_TIMESTAMPTZ: return 8;
  case PGM_OID_INTERVAL: case PGM_OID_UUID: return 16;
  default: return 0;
  }
}

static int bin_fixed_recv(Oid type, const unsigned char *p, StrBuf *t) {
  int64_t v = bin_be_int(p, (int)bin_fixed_width(type) > 8 ? 8 : (int)bin_fixed_width(type));
  uint32_t u32;
  float f;
  double d;
  switch (type) {
  case PGM_OID_BOOL: sb_putc(t, *p ? 't' : 'f'); return 1;
  case PGM_OID_INT2: case PGM_OID_INT4: case PGM_OID_INT8: sb_printf(t, "%" PRId64, v); return 1;
  case PGM_OID_OID: sb_printf(t, "%" PRIu32, (uint32_t)v); return 1;
  case PGM_OID_FLOAT4: u32 = (uint32_t)v; memcpy(&f, &u32, 4); bin_format_float(t, f, 9); return 1;
  case PGM_OID_FLOAT8: memcpy(&d, &v, 8); bin_format_float(t, d, 17); return 1;
  case PGM_OID_DATE:
    if (v == INT32_MAX || v == INT32_MIN) sb_printf(t, "%sinfinity", v < 0 ? "-" : "");
    else bin_format_date(t, v);
    return 1;
  case PGM_OID_TIME:
    if (v < 0 || v > BIN_USECS_PER_DAY) return -1;
    bin_format_time(t, v);
    return 1;
  case PGM_OID_TIMESTAMP: case PGM_OID_TIMESTAMPTZ:
    bin_format_timestamp(t, v, type == PGM_OID_TIMESTAMPTZ);
    return 1;
  case PGM_OID_INTERVAL:
    sb_printf(t, "%" PRId64 " months %" PRId64 " days %" PRId64 " microseconds",
              bin_be_int(p + 12, 4), bin_be_int(p + 8, 4), v);
    return 1;
  default:
    bin_format_uuid(t, p);
    return 1;
  }
}

int adt_recv_text(Oid type, const unsigned char *p, size_t len, StrBuf *t) {
  size_t width = bin_fixed_width(type);
  if (width) return len == width ? bin_fixed_recv(type, p, t) : len < width ? -2 : -1;
  switch (type) {
  case PGM_OID_NUMERIC: return bin_numeric_recv(p, len, t);
  case PGM_OID_JSONB:                     /* version 1 is the only one */
    if (len < 1) return -2;
    if (p[0] != 1) return -1;
    sb_putn(t, (const char *)p + 1, len - 1);
    return 1;
  case PGM_OID_TEXT: case PGM_OID_VARCHAR: case PGM_OID_BPCHAR: case PGM_OID_NAME:
  case PGM_OID_JSON: case PGM_OID_UNKNOWN:
    sb_putn(t, (const char *)p, len);
    return 1;
  case PGM_OID_BYTEA:
    sb_puts(t, "\\x");
    for (size_t i = 0; i < len; i++) sb_printf(t, "%02x", p[i]);
    return 1;
  default:
    return adt_array_recv_text(type, p, len, t);
  }
}

int adt_recv(pgm_db *db, Oid type, int32_t typmod, const unsigned char *p, size_t n, Datum *out,
             pgm_error **err) {
  StrBuf t = STRBUF_INIT;
  int rc = adt_recv_text(type, p, n, &t);
  if (rc == 1) {
    AdtCanon c;   /* the text made from the bytes is in the fixed settings' form */
    adt_canon_enter(db, &c);
    rc = adt_input(db, type, typmod, t.p ? t.p : "", t.n, out, err);
    adt_canon_leave(db, &c);
  } else {
    *err = rc == 0 ? pgm_error_new(ERRCODE_FEATURE_NOT_SUPPORTED, "binary format of type %s is not supported",
                                   pgm_type_by_oid(type) ? pgm_type_by_oid(type)->typname : "unknown")
         : rc == -2 ? pgm_error_new(ERRCODE_PROTOCOL_VIOLATION, "insufficient data left in message")
         : pgm_error_new(ERRCODE_INVALID_BINARY_REPRESENTATION, "incorrect binary data format");
    rc = -1;
  }
  sb_free(&t);
  return rc;
}

/* ---- Send ---- */

bool adt_binary_supported(Oid type) {
  switch (type) {
  case PGM_OID_BOOL: case PGM_OID_INT2: case PGM_OID_INT4: case PGM_OID_INT8:
  case PGM_OID_FLOAT4: case PGM_OID_FLOAT8: case PGM_OID_BYTEA: case PGM_OID_TEXT:
  case PGM_OID_VARCHAR: case PGM_OID_BPCHAR: case PGM_OID_NAME: case PGM_OID_OID:
  case PGM_OID_JSON: case PGM_OID_UNKNOWN:
  case PGM_OID_DATE: case PGM_OID_TIME: case PGM_OID_TIMESTAMP: case PGM_OID_TIMESTAMPTZ:
  case PGM_OID_INTERVAL: case PGM_OID_UUID: case PGM_OID_JSONB: case PGM_OID_NUMERIC:
    return true;
  default:
    return adt_binary_array_elem(type) != 0;
  }
}

/* uuid_send: the 16 bytes of the canonical text form. */
static int bin_uuid_send(const char *text, size_t len, StrBuf *out) {
  unsigned char b[16] = {0};
  size_t n = 0;
  for (size_t i = 0; i < len; i++) {
    int h = bin_hex_digit(text[i]);
    if (h < 0) { if (text[i] != '-') return -1; continue; }
    if (n == 32) return -1;
    b[n / 2] = (unsigned char)(b[n / 2] << 4 | h);
    n++;
  }
  if (n != 32) return -1;
  sb_putn(out, (const char *)b, 16);
  return 0;
}

/* The base-10000 digit whose last decimal digit is at index `last` of
** digits[0..n) (left of 0 and right of n count as zero). */
static int bin_nbase_digit(const char *digits, long n, long last) {
  int d = 0;
  for (long i = last - 3; i <= last; i++) d = d * 10 + (i >= 0 && i < n ? digits[i] - '0' : 0);
  return d;
}

static void bin_numeric_special(StrBuf *out, int sign) {
  bin_put_be(out, 0, 4);
  bin_put_be(out, (uint64_t)sign, 2);
  /* PostgreSQL's dscale here is bits of the special header that its
   * short-format macro reads (32 for the infinities); sent alike so the
   * bytes match a real server's */
  bin_put_be(out, (uint64_t)((sign & 0x1F80) >> 7), 2);
}

/* numeric_send from numeric's canonical text ("-12.50", "NaN",
** "Infinity"): ndigits, weight, sign, dscale, then base-10000 digits, the
** first of which is worth 10000^weight.  Zero digits at either end are left
** out, as PostgreSQL stores them. */
static int bin_numeric_send(const char *text, size_t len, StrBuf *out) {
  if (bin_text_is(text, len, "NaN")) { bin_numeric_special(out, BIN_NUMERIC_NAN); return 0; }
  if (bin_text_is(text, len, "Infinity")) { bin_numeric_special(out, BIN_NUMERIC_PINF); return 0; }
  if (bin_text_is(text, len, "-Infinity")) { bin_numeric_special(out, BIN_NUMERIC_NINF); return 0; }
  int sign = BIN_NUMERIC_POS;
  const char *end = text + len;
  if (text < end && *text == '-') { sign = BIN_NUMERIC_NEG; text++; }
  const char *dot = memchr(text, '.', (size_t)(end - text));
  long nint = (dot ? dot : end) - text;
  long dscale = dot ? end - dot - 1 : 0;
  char *digits = pgm_malloc((size_t)(nint + dscale) + 1);
  memcpy(digits, text, (size_t)nint);
  if (dot) memcpy(digits + nint, dot + 1, (size_t)dscale);
  long n = nint + dscale;
  for (long i = 0; i < n; i++)
    if (digits[i] < '0' || digits[i] > '9') { free(digits); return -1; }
  /* base-10000 groups are aligned on the decimal point */
  long int_groups = (nint + 3) / 4, frac_groups = (dscale + 3) / 4;
  long first = 0, last = int_groups + frac_groups;   /* group range [first, last) */
  long pad = int_groups * 4 - nint;                   /* zeros left of the digits */
  while (first < last && bin_nbase_digit(digits, n, first * 4 + 3 - pad) == 0) first++;
  while (last > first && bin_nbase_digit(digits, n, (last - 1) * 4 + 3 - pad) == 0) last--;
  long ndigits = last - first;
  int weight = ndigits ? (int)(int_groups - 1 - first) : 0;
  if (!ndigits) sign = BIN_NUMERIC_POS;
  bin_put_be(out, (uint64_t)ndigits, 2);
  bin_put_be(out, (uint64_t)(uint16_t)weight, 2);
  bin_put_be(out, (uint64_t)sign, 2);
  bin_put_be(out, (uint64_t)dscale, 2);
  for (long g = first; g < last; g++) bin_put_be(out, (uint64_t)bin_nbase_digit(digits, n, g * 4 + 3 - pad), 2);
  free(digits);
  return 0;
}

/* interval_send: microseconds, days, months. */
static int bin_interval_send(const char *text, size_t len, StrBuf *out) {
  int64_t months, days, us;
  if (!bin_interval_from_text(text, len, &months, &days, &us)) return -1;
  bin_put_be(out, (uint64_t)us, 8);
  bin_put_be(out, (uint64_t)days, 4);
  bin_put_be(out, (uint64_t)months, 4);
  return 0;
}

static void bin_float_send(Oid type, double d, StrBuf *out) {
  if (type == PGM_OID_FLOAT8) {
    uint64_t bits;
    memcpy(&bits, &d, 8);
    bin_put_be(out, bits, 8);
  } else {
    float f = (float)d;
    uint32_t bits;
    memcpy(&bits, &f, 4);
    bin_put_be(out, bits, 4);
  }
}

/* Fixed-width integers and floats from their text output. */
static int bin_number_send_text(Oid type, const char *s, size_t n, StrBuf *out) {
  char buf[64], *end;
  if (n == 0 || n >= sizeof buf) return -1;
  memcpy(buf, s, n);
  buf[n] = 0;
  if (type == PGM_OID_FLOAT4 || type == PGM_OID_FLOAT8) {
    double d = strtod(buf, &end);
    if (*end) return -1;
    bin_float_send(type, d, out);
    return 0;
  }
  long long v = type == PGM_OID_OID ? (long long)strtoull(buf, &end, 10) : strtoll(buf, &end, 10);
  if (*end) return -1;
  bin_put_be(out, (uint64_t)v, type == PGM_OID_INT2 ? 2 : type == PGM_OID_INT8 ? 8 : 4);
  return 0;
}

/* bytea's hex output ("\x0102") to its bytes. */
static int bin_bytea_send_hex(const char *s, size_t n, StrBuf *out) {
  if (n < 2 || s[0] != '\\' || s[1] != 'x' || n % 2) return -1;
  for (size_t i = 2; i < n; i += 2) {
    int hi = bin_hex_digit(s[i]), lo = bin_hex_digit(s[i + 1]);
    if (hi < 0 || lo < 0) return -1;
    sb_putc(out, (char)(hi << 4 | lo));
  }
  return 0;
}

static int bin_send_from_text(Oid type, const char *s, size_t n, StrBuf *out) {
  int64_t v;
  switch (type) {
  case PGM_OID_BOOL:
    if (n != 1 || (*s != 't' && *s != 'f')) return -1;
    bin_put_be(out, *s == 't', 1);
    return 0;
  case PGM_OID_INT2: case PGM_OID_INT4: case PGM_OID_INT8: case PGM_OID_OID:
  case PGM_OID_FLOAT4: case PGM_OID_FLOAT8:
    return bin_number_send_text(type, s, n, out);
  case PGM_OID_DATE: case PGM_OID_TIME: case PGM_OID_TIMESTAMP: case PGM_OID_TIMESTAMPTZ:
    if (!bin_datetime_from_text(type, s, n, &v)) return -1;
    bin_put_be(out, (uint64_t)v, type == PGM_OID_DATE ? 4 : 8);
    return 0;
  case PGM_OID_INTERVAL: return bin_interval_send(s, n, out);
  case PGM_OID_UUID: return bin_uuid_send(s, n, out);
  case PGM_OID_NUMERIC: return bin_numeric_send(s, n, out);
  case PGM_OID_BYTEA: return bin_bytea_send_hex(s, n, out);
  case PGM_OID_JSONB:
    sb_putc(out, 1);
    sb_putn(out, s, n);
    return 0;
  default:                      /* text types and json: UTF-8 */
    sb_putn(out, s, n);
    return 0;
  }
}

/* A stored float (NaN is kept as the text 'NaN') as a double. */
static double bin_datum_double(const Datum *d) {
  switch (d->kind) {
  case D_FLOAT: return d->f;
  case D_INT: return (double)d->i;
  case D_TEXT: return strtod(d->p, NULL);
  default: return 0.0;
  }
}

int adt_send_datum(pgm_db *db, Oid type, int32_t typmod, const Datum *d, StrBuf *out) {
  switch (type) {
  case PGM_OID_BOOL: case PGM_OID_INT2: case PGM_OID_INT4: case PGM_OID_OID: case PGM_OID_DATE:
  case PGM_OID_INT8: case PGM_OID_TIME: case PGM_OID_TIMESTAMP: case PGM_OID_TIMESTAMPTZ:
    if (d->kind != D_INT) break;
    if (type == PGM_OID_BOOL) bin_put_be(out, d->i != 0, 1);
    else bin_put_be(out, (uint64_t)d->i, (int)bin_fixed_width(type));
    return 0;
  case PGM_OID_FLOAT4: case PGM_OID_FLOAT8:
    if (d->kind == D_BLOB || d->kind == D_NULL) break;
    bin_float_send(type, bin_datum_double(d), out);
    return 0;
  case PGM_OID_BYTEA:
    if (d->kind != D_BLOB) break;
    sb_putn(out, d->p, d->n);
    return 0;
  default:
    break;
  }
  if (!adt_binary_supported(type)) return -1;
  Oid elem = adt_binary_array_elem(type);
  if (elem) return d->kind == D_TEXT ? adt_array_send_stored(db, elem, typmod, d->p, d->n, out) : -1;
  /* The text parsed here is written under the fixed settings, whatever the
  ** session's DateStyle, IntervalStyle and extra_float_digits are. */
  StrBuf text = STRBUF_INIT;
  AdtCanon c;
  adt_canon_enter(db, &c);
  adt_output_datum(db, type, typmod, d, &text);
  adt_canon_leave(db, &c);
  int rc = bin_send_from_text(type, text.p ? text.p : "", text.n, out);
  sb_free(&text);
  return rc;
}

int adt_send(pgm_db *db, Oid type, int32_t typmod, sqlite3_value *v, StrBuf *out) {
  Datum d;
  adt_datum_from_value(v, &d);             /* borrowed from v: not freed */
  return adt_send_datum(db, type, typmod, &d, out);
}
