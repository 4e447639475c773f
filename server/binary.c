/*
** binary.c — PostgreSQL's binary wire formats of the scalar types.
** Results: the send form of each supported type.  Parameters: the receive
** form decoded into PostgreSQL's text input syntax, so the engine reads it
** with the type's own input function.  (Scalar int, float, bool, bytea and
** text parameters are bound directly in extended.c.)  Arrays of these
** types, element by element, at the end.
**
** PostgreSQL's binary forms: date = int32 days since 2000-01-01; time =
** int64 microseconds; timestamp[tz] = int64 microseconds since 2000-01-01
** 00:00 (UTC for timestamptz); interval = int64 microseconds, int32 days,
** int32 months; uuid = 16 bytes; numeric = int16 ndigits, weight, sign,
** dscale, then base-10000 digits; jsonb = version byte 1, then the text.
**
** Date/time values in a result column are read in their stored binary form
** (pgm_value_int64).  Inside an array they arrive as text, which is read
** here in the ISO DateStyle (binary_result_refusal makes sure of it).
*/
#include "binary.h"

#include <ctype.h>

#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static uint32_t binary_array_elem_type(uint32_t array_type);
static int out_binary_array(Conn *c, uint32_t elem, const char *s, size_t n);
static int binary_array_param_text(uint32_t array_type, const unsigned char *p, size_t len, Text *t);
static int out_binary_from_text(Conn *c, uint32_t type, const char *s, size_t n);

/* ---- A growable string ---- */

void text_add(Text *t, const char *s, size_t n) {
  if (t->len + n + 1 > t->cap) {
    size_t cap = t->cap ? t->cap : 64;
    while (cap < t->len + n + 1) cap *= 2;
    char *p = realloc(t->p, cap);
    if (!p) { fprintf(stderr, "pgmicro-server: out of memory\n"); abort(); }
    t->p = p;
    t->cap = cap;
  }
  memcpy(t->p + t->len, s, n);
  t->len += n;
  t->p[t->len] = 0;
}

void text_addf(Text *t, const char *fmt, ...) {
  char buf[128];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  if (n > 0) text_add(t, buf, (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1);
}

/* ---- Big-endian integers ---- */

static int64_t be_int(const unsigned char *p, int n) {
  uint64_t v = 0;
  for (int i = 0; i < n; i++) v = (v << 8) | p[i];
  if (n < 8 && (v >> (8 * n - 1)) & 1) v |= ~(uint64_t)0 << (8 * n);
  return (int64_t)v;
}

static void put_be(unsigned char *b, uint64_t v, int nbytes) {
  for (int i = 0; i < nbytes; i++) b[i] = (unsigned char)(v >> (8 * (nbytes - 1 - i)));
}

/* A DataRow field of nbytes: its length word, then the value. */
static void out_be(Conn *c, uint64_t v, int nbytes) {
  unsigned char b[8];
  put_be(b, v, nbytes);
  out_int32(c, nbytes);
  out_bytes(c, b, (size_t)nbytes);
}

/* ---- Calendar arithmetic (proleptic Gregorian, H. Hinnant's algorithms) ---- */

#define DAYS_1970_TO_2000 10957
#define USECS_PER_DAY INT64_C(86400000000)

/* Days since 2000-01-01 to a date, written as PostgreSQL reads it ("BC"
** for year <= 0). */
static void format_date(Text *t, int64_t days) {
  int64_t z = days + DAYS_1970_TO_2000 + 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t y = yoe + era * 400, doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153, d = doy - (153 * mp + 2) / 5 + 1;
  int64_t m = mp < 10 ? mp + 3 : mp - 9;
  if (m <= 2) y++;
  if (y > 0) text_addf(t, "%04" PRId64 "-%02" PRId64 "-%02" PRId64, y, m, d);
  else text_addf(t, "%04" PRId64 "-%02" PRId64 "-%02" PRId64 " BC", 1 - y, m, d);
}

/* The inverse: an astronomical year (0 = 1 BC) to days since 2000-01-01. */
static int64_t days_from_civil(int64_t y, int64_t m, int64_t d) {
  y -= m <= 2;
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  int64_t yoe = y - era * 400;
  int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468 - DAYS_1970_TO_2000;
}

static void format_time(Text *t, int64_t us) {
  text_addf(t, "%02" PRId64 ":%02" PRId64 ":%02" PRId64 ".%06" PRId64,
            us / 3600000000, us / 60000000 % 60, us / 1000000 % 60, us % 1000000);
}

static void format_timestamp(Text *t, int64_t us, int with_zone) {
  if (us == INT64_MAX || us == INT64_MIN) { text_addf(t, "%sinfinity", us < 0 ? "-" : ""); return; }
  int64_t days = us / USECS_PER_DAY, rest = us % USECS_PER_DAY;
  if (rest < 0) { rest += USECS_PER_DAY; days--; }
  Text date = {0};
  format_date(&date, days);
  /* a BC date keeps its suffix after the time, as PostgreSQL writes it */
  size_t n = strcspn(date.p, " ");
  text_add(t, date.p, n);
  text_add(t, " ", 1);
  format_time(t, rest);
  if (with_zone) text_add(t, "+00", 3);
  text_add(t, date.p + n, date.len - n);
  free(date.p);
}

/* ---- Reading PostgreSQL's text output (array elements, intervals) ---- */

typedef struct Cur {
  const char *p, *end;
} Cur;

static int cur_peek(const Cur *c) { return c->p < c->end ? (unsigned char)*c->p : -1; }

static int cur_eat(Cur *c, char ch) {
  if (cur_peek(c) != (unsigned char)ch) return 0;
  c->p++;
  return 1;
}

/* Unsigned decimal digits; 0 if none. */
static int cur_digits(Cur *c, int64_t *v) {
  const char *start = c->p;
  int64_t x = 0;
  while (c->p < c->end && *c->p >= '0' && *c->p <= '9' && c->p - start < 18) x = x * 10 + (*c->p++ - '0');
  *v = x;
  return c->p > start;
}

/* An optional ".ffffff" as microseconds. */
static int64_t cur_fraction(Cur *c) {
  int64_t us = 0, scale = 100000;
  if (!cur_eat(c, '.')) return 0;
  while (c->p < c->end && *c->p >= '0' && *c->p <= '9') {
    us += (*c->p++ - '0') * scale;
    scale /= 10;
  }
  return us;
}

/* "HH:MM:SS[.ffffff]" (hours may exceed 24 in an interval) as microseconds. */
static int cur_clock(Cur *c, int64_t *us) {
  int64_t h, m, s;
  if (!cur_digits(c, &h) || !cur_eat(c, ':') || !cur_digits(c, &m) || !cur_eat(c, ':') || !cur_digits(c, &s))
    return 0;
  *us = ((h * 60 + m) * 60 + s) * 1000000 + cur_fraction(c);
  return 1;
}

static int cur_word(Cur *c, const char *w) {
  size_t n = strlen(w);
  if ((size_t)(c->end - c->p) < n || strncmp(c->p, w, n) != 0) return 0;
  c->p += n;
  return 1;
}

/* Date (days) and time of day (microseconds) of "YYYY-MM-DD[ HH:MM:SS.f]";
** *zone_s is the "+HH[:MM[:SS]]" offset, when the text has one. */
static int cur_datetime(Cur *c, int64_t *days, int64_t *us, int64_t *zone_s, int *has_zone) {
  int64_t y, m, d;
  if (!cur_digits(c, &y) || !cur_eat(c, '-') || !cur_digits(c, &m) || !cur_eat(c, '-') || !cur_digits(c, &d))
    return 0;
  if (m < 1 || m > 12 || d < 1 || d > 31) return 0;
  *us = 0;
  *has_zone = 0;
  *zone_s = 0;
  if (c->p + 1 < c->end && c->p[0] == ' ' && c->p[1] >= '0' && c->p[1] <= '9') {
    c->p++;
    if (!cur_clock(c, us)) return 0;
    int sign = cur_peek(c) == '+' ? 1 : cur_peek(c) == '-' ? -1 : 0;
    if (sign) {
      int64_t part = 0;
      c->p++;
      *has_zone = 1;
      for (int i = 0; i < 3 && (i == 0 || cur_eat(c, ':')); i++) {
        if (!cur_digits(c, &part)) return 0;
        *zone_s += part * (i == 0 ? 3600 : i == 1 ? 60 : 1);
      }
      *zone_s *= sign;
    }
  }
  if (cur_word(c, " BC")) y = 1 - y;
  *days = days_from_civil(y, m, d);
  return c->p == c->end;
}

static int text_is(const char *s, size_t n, const char *w) { return strlen(w) == n && !strncmp(s, w, n); }

/* date, time, timestamp and timestamptz output (ISO DateStyle) to their
** binary value: days for date, microseconds for the others. */
static int datetime_from_text(uint32_t type, const char *s, size_t n, int64_t *out) {
  int date = type == PGM_OID_DATE;
  if (type != PGM_OID_TIME && (text_is(s, n, "infinity") || text_is(s, n, "-infinity"))) {
    int neg = *s == '-';
    *out = date ? (neg ? INT32_MIN : INT32_MAX) : (neg ? INT64_MIN : INT64_MAX);
    return 1;
  }
  Cur c = {s, s + n};
  if (type == PGM_OID_TIME) return cur_clock(&c, out) && c.p == c.end;
  int64_t days, us, zone_s;
  int has_zone;
  if (!cur_datetime(&c, &days, &us, &zone_s, &has_zone)) return 0;
  if (has_zone != (type == PGM_OID_TIMESTAMPTZ) && !date) return 0;
  if (date) { *out = days; return us == 0 && !has_zone; }
  *out = days * USECS_PER_DAY + us - zone_s * 1000000;
  return 1;
}

/* A signed decimal "[-+]N[.f]" as millionths. */
static int cur_micros(Cur *c, int64_t *v) {
  int neg = cur_eat(c, '-');
  if (!neg) cur_eat(c, '+');
  int64_t whole;
  if (!cur_digits(c, &whole)) return 0;
  *v = whole * 1000000 + cur_fraction(c);
  if (neg) *v = -*v;
  return 1;
}

/* Interval output in the postgres or postgres_verbose IntervalStyle (the
** two the engine has): "1 year 2 mons -3 days +04:05:06.5" or "@ 1 year 2
** mons 3 days 4 hours 5 mins 6.5 secs ago" to months, days, microseconds. */
static int interval_from_text(const char *s, size_t n, int64_t *months, int64_t *days, int64_t *us) {
  static const struct { const char *unit; int64_t scale; int field; } units[] = {
    {"years", 12, 0}, {"year", 12, 0}, {"mons", 1, 0}, {"mon", 1, 0}, {"days", 1, 1}, {"day", 1, 1},
    {"hours", INT64_C(3600000000), 2}, {"hour", INT64_C(3600000000), 2}, {"mins", 60000000, 2},
    {"min", 60000000, 2}, {"secs", 1, 2}, {"sec", 1, 2},
  };
  int64_t f[3] = {0, 0, 0};
  int ago = 0;
  Cur c = {s, s + n};
  cur_eat(&c, '@');
  while (cur_eat(&c, ' ')) {}
  while (c.p < c.end) {
    if (cur_word(&c, "ago")) { ago = 1; break; }
    const char *colon = memchr(c.p, ':', (size_t)(c.end - c.p));
    const char *space = memchr(c.p, ' ', (size_t)(c.end - c.p));
    if (colon && (!space || colon < space)) {
      int neg = cur_eat(&c, '-');
      if (!neg) cur_eat(&c, '+');
      int64_t t;
      if (!cur_clock(&c, &t)) return 0;
      f[2] += neg ? -t : t;
    } else {
      int64_t v;
      if (!cur_micros(&c, &v)) return 0;
      size_t k = 0, nunits = sizeof units / sizeof units[0];
      if (cur_eat(&c, ' ')) {
        while (k < nunits && !cur_word(&c, units[k].unit)) k++;
      } else if (c.p == c.end && v == 0) {
        break;                              /* "@ 0" */
      } else {
        return 0;
      }
      if (k == nunits || (units[k].scale != 1 || units[k].field != 2 ? v % 1000000 : 0)) return 0;
      f[units[k].field] += units[k].scale == 1 && units[k].field == 2 ? v : v / 1000000 * units[k].scale;
    }
    if (c.p < c.end && !cur_eat(&c, ' ')) return 0;
  }
  int sign = ago ? -1 : 1;
  *months = sign * f[0];
  *days = sign * f[1];
  *us = sign * f[2];
  return 1;
}

/* ---- Parameters: binary to input text ---- */

static int hex_digit(char ch) {
  if (ch >= '0' && ch <= '9') return ch - '0';
  if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
  return ch >= 'A' && ch <= 'F' ? ch - 'A' + 10 : -1;
}

static void format_uuid(Text *t, const unsigned char *p) {
  for (int i = 0; i < 16; i++) {
    if (i == 4 || i == 6 || i == 8 || i == 10) text_add(t, "-", 1);
    text_addf(t, "%02x", p[i]);
  }
}

static void format_float(Text *t, double d, int digits) {
  if (isnan(d)) text_add(t, "NaN", 3);
  else if (isinf(d)) text_addf(t, "%sInfinity", d < 0 ? "-" : "");
  else text_addf(t, "%.*g", digits, d);
}

#define NUMERIC_POS 0x0000
#define NUMERIC_NEG 0x4000
#define NUMERIC_NAN 0xC000
#define NUMERIC_PINF 0xD000
#define NUMERIC_NINF 0xF000
#define NUMERIC_DSCALE_MASK 0x3FFF

/* Round the decimal digits of t (from `from`, a '.' somewhere after it) to
** dscale fraction digits, half away from zero, as numeric_recv's round_var. */
static void round_decimal(Text *t, size_t from, long dscale) {
  char *dot = strchr(t->p + from, '.');
  long have = dot ? (long)strlen(dot + 1) : 0;
  if (have <= dscale) return;
  size_t cut = (size_t)(dot - t->p) + (size_t)dscale + (dscale > 0);
  int up = t->p[(size_t)(dot - t->p) + 1 + (size_t)dscale] >= '5';
  t->len = cut;
  t->p[cut] = 0;
  for (size_t i = cut; up && i-- > from;) {
    if (t->p[i] == '.') continue;
    if (t->p[i] == '9') { t->p[i] = '0'; continue; }
    t->p[i]++;
    up = 0;
  }
  if (up) {                                  /* 99.9 -> 100.0: one more digit in front */
    text_add(t, " ", 1);
    memmove(t->p + from + 1, t->p + from, t->len - from - 1);
    t->p[from] = '1';
  }
}

/* numeric_recv: the digits written out with dscale fraction digits. */
static int numeric_recv_text(const unsigned char *p, size_t len, Text *t) {
  if (len < 8) return -1;
  long ndigits = (long)(uint16_t)be_int(p, 2), weight = (long)be_int(p + 2, 2);
  int sign = (int)(uint16_t)be_int(p + 4, 2);
  long dscale = (long)(uint16_t)be_int(p + 6, 2);
  if (len != 8 + 2 * (size_t)ndigits || (dscale & NUMERIC_DSCALE_MASK) != dscale) return -1;
  if (sign == NUMERIC_NAN || sign == NUMERIC_PINF || sign == NUMERIC_NINF) {
    text_add(t, sign == NUMERIC_NAN ? "NaN" : sign == NUMERIC_PINF ? "Infinity" : "-Infinity",
             sign == NUMERIC_NAN ? 3 : sign == NUMERIC_PINF ? 8 : 9);
    return 1;
  }
  if (sign != NUMERIC_POS && sign != NUMERIC_NEG) return -1;
  for (long i = 0; i < ndigits; i++)
    if ((uint16_t)be_int(p + 8 + 2 * i, 2) >= 10000) return -1;
  if (sign == NUMERIC_NEG) text_add(t, "-", 1);
  size_t from = t->len;
  if (weight < 0) text_add(t, "0", 1);
  for (long w = 0; w <= weight; w++) {
    int d = w < ndigits ? (int)be_int(p + 8 + 2 * w, 2) : 0;
    text_addf(t, w == 0 ? "%d" : "%04d", d);
  }
  long frac_groups = ndigits - 1 - weight;
  if (frac_groups * 4 < dscale) frac_groups = (dscale + 3) / 4;
  if (frac_groups > 0) text_add(t, ".", 1);
  for (long g = 0; g < frac_groups; g++) {
    long i = weight + 1 + g;
    text_addf(t, "%04d", i >= 0 && i < ndigits ? (int)be_int(p + 8 + 2 * i, 2) : 0);
  }
  if (frac_groups > 0) {
    round_decimal(t, from, dscale);
    if (t->p[t->len - 1] == '.') t->p[--t->len] = 0;
  }
  return 1;
}

/* The fixed-width binary types: their width, or 0. */
static size_t fixed_width(uint32_t type) {
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

static int fixed_recv_text(uint32_t type, const unsigned char *p, Text *t) {
  int64_t v = be_int(p, (int)fixed_width(type) > 8 ? 8 : (int)fixed_width(type));
  uint32_t u32;
  float f;
  double d;
  switch (type) {
  case PGM_OID_BOOL: text_add(t, *p ? "t" : "f", 1); return 1;
  case PGM_OID_INT2: case PGM_OID_INT4: case PGM_OID_INT8: text_addf(t, "%" PRId64, v); return 1;
  case PGM_OID_OID: text_addf(t, "%" PRIu32, (uint32_t)v); return 1;
  case PGM_OID_FLOAT4: u32 = (uint32_t)v; memcpy(&f, &u32, 4); format_float(t, f, 9); return 1;
  case PGM_OID_FLOAT8: memcpy(&d, &v, 8); format_float(t, d, 17); return 1;
  case PGM_OID_DATE:
    if (v == INT32_MAX || v == INT32_MIN) text_addf(t, "%sinfinity", v < 0 ? "-" : "");
    else format_date(t, v);
    return 1;
  case PGM_OID_TIME:
    if (v < 0 || v > USECS_PER_DAY) return -1;
    format_time(t, v);
    return 1;
  case PGM_OID_TIMESTAMP: case PGM_OID_TIMESTAMPTZ:
    format_timestamp(t, v, type == PGM_OID_TIMESTAMPTZ);
    return 1;
  case PGM_OID_INTERVAL:
    text_addf(t, "%" PRId64 " months %" PRId64 " days %" PRId64 " microseconds",
              be_int(p + 12, 4), be_int(p + 8, 4), v);
    return 1;
  default:
    format_uuid(t, p);
    return 1;
  }
}

int binary_param_text(uint32_t type, const unsigned char *p, size_t len, Text *t) {
  size_t width = fixed_width(type);
  if (width) return len == width ? fixed_recv_text(type, p, t) : -1;
  switch (type) {
  case PGM_OID_NUMERIC: return numeric_recv_text(p, len, t);
  case PGM_OID_JSONB:                     /* version 1 is the only one */
    if (len < 1 || p[0] != 1) return -1;
    text_add(t, (const char *)p + 1, len - 1);
    return 1;
  case PGM_OID_TEXT: case PGM_OID_VARCHAR: case PGM_OID_BPCHAR: case PGM_OID_NAME:
  case PGM_OID_JSON: case PGM_OID_UNKNOWN:
    text_add(t, (const char *)p, len);
    return 1;
  case PGM_OID_BYTEA:
    text_add(t, "\\x", 2);
    for (size_t i = 0; i < len; i++) text_addf(t, "%02x", p[i]);
    return 1;
  default:
    return binary_array_param_text(type, p, len, t);
  }
}

/* ---- Results: PostgreSQL's send functions ---- */

int binary_format_supported(uint32_t oid) {
  switch (oid) {
  case PGM_OID_BOOL: case PGM_OID_INT2: case PGM_OID_INT4: case PGM_OID_INT8:
  case PGM_OID_FLOAT4: case PGM_OID_FLOAT8: case PGM_OID_BYTEA: case PGM_OID_TEXT:
  case PGM_OID_VARCHAR: case PGM_OID_BPCHAR: case PGM_OID_NAME: case PGM_OID_OID:
  case PGM_OID_JSON: case PGM_OID_UNKNOWN:
  case PGM_OID_DATE: case PGM_OID_TIME: case PGM_OID_TIMESTAMP: case PGM_OID_TIMESTAMPTZ:
  case PGM_OID_INTERVAL: case PGM_OID_UUID: case PGM_OID_JSONB: case PGM_OID_NUMERIC:
    return 1;
  default:
    return binary_array_elem_type(oid) != 0;
  }
}

/* The value of a setting, as SHOW prints it, into buf ("" if unknown). */
static void show_setting(pgm_db *db, const char *name, char *buf, size_t cap) {
  char sql[64];
  pgm_stmt *st = NULL;
  snprintf(sql, sizeof sql, "SHOW %s", name);
  buf[0] = 0;
  if (pgm_prepare(db, sql, -1, &st, NULL, NULL) == PGM_OK && st && pgm_step(st) == PGM_ROW) {
    const char *v = pgm_value_text(pgm_column_value(st, 0), NULL);
    snprintf(buf, cap, "%s", v ? v : "");
  }
  pgm_finalize(st);
}

const char *binary_result_refusal(pgm_db *db, uint32_t type) {
  char value[64];
  switch (binary_array_elem_type(type)) {
  case PGM_OID_DATE: case PGM_OID_TIMESTAMP: case PGM_OID_TIMESTAMPTZ:
    /* elements arrive as text, read back in the ISO style only */
    show_setting(db, "DateStyle", value, sizeof value);
    return value[0] && strncasecmp(value, "ISO", 3) ? "binary format of date/time arrays needs DateStyle ISO" : NULL;
  case PGM_OID_FLOAT4: case PGM_OID_FLOAT8:
    /* with extra_float_digits <= 0 the element text is rounded */
    show_setting(db, "extra_float_digits", value, sizeof value);
    return value[0] && atoi(value) <= 0 ? "binary format of float arrays needs extra_float_digits > 0" : NULL;
  default:
    return NULL;
  }
}

/* uuid_send: the 16 bytes of the canonical text form. */
static int out_uuid(Conn *c, const char *text, size_t len) {
  unsigned char b[16] = {0};
  size_t n = 0;
  for (size_t i = 0; i < len; i++) {
    int h = hex_digit(text[i]);
    if (h < 0) { if (text[i] != '-') return -1; continue; }
    if (n == 32) return -1;
    b[n / 2] = (unsigned char)(b[n / 2] << 4 | h);
    n++;
  }
  if (n != 32) return -1;
  out_int32(c, 16);
  out_bytes(c, b, 16);
  return 0;
}

/* The base-10000 digit whose last decimal digit is at index `last` of
** digits[0..n) (left of 0 and right of n count as zero). */
static int nbase_digit(const char *digits, long n, long last) {
  int d = 0;
  for (long i = last - 3; i <= last; i++) d = d * 10 + (i >= 0 && i < n ? digits[i] - '0' : 0);
  return d;
}

static void out_numeric_special(Conn *c, int sign) {
  unsigned char b[8] = {0};
  put_be(b + 4, (uint64_t)sign, 2);
  /* PostgreSQL's dscale here is bits of the special header that its
   * short-format macro reads (32 for the infinities); sent alike so the
   * bytes match a real server's */
  put_be(b + 6, (uint64_t)((sign & 0x1F80) >> 7), 2);
  out_int32(c, 8);
  out_bytes(c, b, 8);
}

/* numeric_send from numeric's canonical text ("-12.50", "NaN",
** "Infinity"): ndigits, weight, sign, dscale, then base-10000 digits, the
** first of which is worth 10000^weight.  Zero digits at either end are left
** out, as PostgreSQL stores them. */
static int out_numeric(Conn *c, const char *text, size_t len) {
  if (text_is(text, len, "NaN")) { out_numeric_special(c, NUMERIC_NAN); return 0; }
  if (text_is(text, len, "Infinity")) { out_numeric_special(c, NUMERIC_PINF); return 0; }
  if (text_is(text, len, "-Infinity")) { out_numeric_special(c, NUMERIC_NINF); return 0; }
  int sign = NUMERIC_POS;
  const char *end = text + len;
  if (text < end && *text == '-') { sign = NUMERIC_NEG; text++; }
  const char *dot = memchr(text, '.', (size_t)(end - text));
  long nint = (dot ? dot : end) - text;
  long dscale = dot ? end - dot - 1 : 0;
  char *digits = malloc((size_t)(nint + dscale) + 1);
  if (!digits) return -1;
  memcpy(digits, text, (size_t)nint);
  if (dot) memcpy(digits + nint, dot + 1, (size_t)dscale);
  long n = nint + dscale;
  for (long i = 0; i < n; i++)
    if (digits[i] < '0' || digits[i] > '9') { free(digits); return -1; }
  /* base-10000 groups are aligned on the decimal point */
  long int_groups = (nint + 3) / 4, frac_groups = (dscale + 3) / 4;
  long first = 0, last = int_groups + frac_groups;   /* group range [first, last) */
  long pad = int_groups * 4 - nint;                   /* zeros left of the digits */
  while (first < last && nbase_digit(digits, n, first * 4 + 3 - pad) == 0) first++;
  while (last > first && nbase_digit(digits, n, (last - 1) * 4 + 3 - pad) == 0) last--;
  long ndigits = last - first;
  int weight = ndigits ? (int)(int_groups - 1 - first) : 0;
  if (!ndigits) sign = NUMERIC_POS;
  out_int32(c, (int32_t)(8 + 2 * ndigits));
  unsigned char h[8];
  put_be(h, (uint64_t)ndigits, 2);
  put_be(h + 2, (uint64_t)(uint16_t)weight, 2);
  put_be(h + 4, (uint64_t)sign, 2);
  put_be(h + 6, (uint64_t)dscale, 2);
  out_bytes(c, h, 8);
  for (long g = first; g < last; g++) {
    unsigned char b[2];
    put_be(b, (uint64_t)nbase_digit(digits, n, g * 4 + 3 - pad), 2);
    out_bytes(c, b, 2);
  }
  free(digits);
  return 0;
}

/* interval_send: microseconds, days, months. */
static int out_interval(Conn *c, const char *text, size_t len) {
  int64_t months, days, us;
  if (!interval_from_text(text, len, &months, &days, &us)) return -1;
  unsigned char b[16];
  put_be(b, (uint64_t)us, 8);
  put_be(b + 8, (uint64_t)days, 4);
  put_be(b + 12, (uint64_t)months, 4);
  out_int32(c, 16);
  out_bytes(c, b, 16);
  return 0;
}

/* Fixed-width integers and floats from their text output. */
static int out_number_text(Conn *c, uint32_t type, const char *s, size_t n) {
  char buf[64], *end;
  if (n == 0 || n >= sizeof buf) return -1;
  memcpy(buf, s, n);
  buf[n] = 0;
  if (type == PGM_OID_FLOAT4 || type == PGM_OID_FLOAT8) {
    double d = strtod(buf, &end);
    if (*end) return -1;
    if (type == PGM_OID_FLOAT8) { uint64_t bits; memcpy(&bits, &d, 8); out_be(c, bits, 8); }
    else { float f = (float)d; uint32_t bits; memcpy(&bits, &f, 4); out_be(c, bits, 4); }
    return 0;
  }
  long long v = type == PGM_OID_OID ? (long long)strtoull(buf, &end, 10) : strtoll(buf, &end, 10);
  if (*end) return -1;
  out_be(c, (uint64_t)v, type == PGM_OID_INT2 ? 2 : type == PGM_OID_INT8 ? 8 : 4);
  return 0;
}

/* bytea's hex output ("\x0102") to its bytes. */
static int out_bytea_hex(Conn *c, const char *s, size_t n) {
  if (n < 2 || s[0] != '\\' || s[1] != 'x' || n % 2) return -1;
  out_int32(c, (int32_t)(n - 2) / 2);
  for (size_t i = 2; i < n; i += 2) {
    int hi = hex_digit(s[i]), lo = hex_digit(s[i + 1]);
    if (hi < 0 || lo < 0) return -1;
    out_raw_byte(c, (char)(hi << 4 | lo));
  }
  return 0;
}

static int out_binary_from_text(Conn *c, uint32_t type, const char *s, size_t n) {
  int64_t v;
  switch (type) {
  case PGM_OID_BOOL:
    if (n != 1 || (*s != 't' && *s != 'f')) return -1;
    out_be(c, *s == 't', 1);
    return 0;
  case PGM_OID_INT2: case PGM_OID_INT4: case PGM_OID_INT8: case PGM_OID_OID:
  case PGM_OID_FLOAT4: case PGM_OID_FLOAT8:
    return out_number_text(c, type, s, n);
  case PGM_OID_DATE: case PGM_OID_TIME: case PGM_OID_TIMESTAMP: case PGM_OID_TIMESTAMPTZ:
    if (!datetime_from_text(type, s, n, &v)) return -1;
    out_be(c, (uint64_t)v, type == PGM_OID_DATE ? 4 : 8);
    return 0;
  case PGM_OID_INTERVAL: return out_interval(c, s, n);
  case PGM_OID_UUID: return out_uuid(c, s, n);
  case PGM_OID_NUMERIC: return out_numeric(c, s, n);
  case PGM_OID_BYTEA: return out_bytea_hex(c, s, n);
  case PGM_OID_JSONB:
    out_int32(c, (int32_t)n + 1);
    out_raw_byte(c, 1);
    out_bytes(c, s, n);
    return 0;
  default:                      /* text types and json: UTF-8 */
    out_int32(c, (int32_t)n);
    out_bytes(c, s, n);
    return 0;
  }
}

/* One result value in binary format (binary_format_supported types).  The
** numbers and date/time types are read in their stored form (see
** pgm_value_int64); the others are converted from their text output. */
int binary_send_value(Conn *c, const pgm_value *v) {
  uint32_t type = pgm_value_type(v);
  double d;
  float f;
  uint64_t bits = 0;
  uint32_t fbits;
  size_t len = 0;
  const void *p;
  switch (type) {
  case PGM_OID_BOOL: out_be(c, pgm_value_int64(v) != 0, 1); return 0;
  case PGM_OID_INT2: out_be(c, (uint64_t)pgm_value_int64(v), 2); return 0;
  case PGM_OID_INT4: case PGM_OID_OID: case PGM_OID_DATE:
    out_be(c, (uint64_t)pgm_value_int64(v), 4);
    return 0;
  case PGM_OID_INT8: case PGM_OID_TIME: case PGM_OID_TIMESTAMP: case PGM_OID_TIMESTAMPTZ:
    out_be(c, (uint64_t)pgm_value_int64(v), 8);
    return 0;
  case PGM_OID_FLOAT4:
    f = (float)pgm_value_double(v);
    memcpy(&fbits, &f, 4);
    out_be(c, fbits, 4);
    return 0;
  case PGM_OID_FLOAT8:
    d = pgm_value_double(v);
    memcpy(&bits, &d, 8);
    out_be(c, bits, 8);
    return 0;
  case PGM_OID_BYTEA: case PGM_OID_TEXT: case PGM_OID_VARCHAR: case PGM_OID_BPCHAR:
  case PGM_OID_NAME: case PGM_OID_JSON: case PGM_OID_UNKNOWN:
    p = pgm_value_bytes(v, &len);     /* bytea: raw bytes; text types: UTF-8 */
    out_int32(c, (int32_t)len);
    out_bytes(c, p, len);
    return 0;
  default:
    p = pgm_value_text(v, &len);
    if (binary_array_elem_type(type)) return out_binary_array(c, binary_array_elem_type(type), p, len);
    return out_binary_from_text(c, type, p, len);
  }
}

/* ---- Arrays ----
** array_send and array_recv (src/backend/utils/adt/arrayfuncs.c):
**
**   int32 ndim, int32 flags (1 if any element is NULL), uint32 element type,
**   ndim x (int32 length, int32 lower bound), then each element as int32
**   length (-1 for NULL) and the element type's own binary form.
**
** An empty array has ndim 0 and no dimensions.  The engine keeps an array as
** its text output ("{1,NULL,\"a b\"}", "[0:1]={...}" for other lower
** bounds), so results are read from that text and each element converted
** as above; parameters are written back as an array literal.
*/

#define MAXDIM 6                /* PostgreSQL's MAXDIM */

/* PostgreSQL 15's pg_type.typarray of the element types with a binary form
** here (see /work/shared/pgdata/pg_type.csv). */
static const struct { uint32_t array, elem; } array_types[] = {
  {1000, PGM_OID_BOOL}, {1001, PGM_OID_BYTEA}, {1003, PGM_OID_NAME}, {1016, PGM_OID_INT8},
  {1005, PGM_OID_INT2}, {1007, PGM_OID_INT4}, {1009, PGM_OID_TEXT}, {1028, PGM_OID_OID},
  {199, PGM_OID_JSON}, {1021, PGM_OID_FLOAT4}, {1022, PGM_OID_FLOAT8}, {1014, PGM_OID_BPCHAR},
  {1015, PGM_OID_VARCHAR}, {1182, PGM_OID_DATE}, {1183, PGM_OID_TIME}, {1115, PGM_OID_TIMESTAMP},
  {1185, PGM_OID_TIMESTAMPTZ}, {1187, PGM_OID_INTERVAL}, {1231, PGM_OID_NUMERIC},
  {2951, PGM_OID_UUID}, {3807, PGM_OID_JSONB},
};

static uint32_t binary_array_elem_type(uint32_t array_type) {
  for (size_t i = 0; i < sizeof array_types / sizeof array_types[0]; i++)
    if (array_types[i].array == array_type) return array_types[i].elem;
  return 0;
}

/* ---- Reading the text output ---- */

/* The elements (unescaped, NUL-separated in buf) and shape of one array. */
typedef struct ArrayText {
  Text buf;
  size_t *off;                /* offset of each element in buf.p, or SIZE_MAX for NULL */
  int n, cap;
  int ndim;
  int dims[MAXDIM], lbs[MAXDIM];
  int seen[MAXDIM];           /* dims[d] is known */
} ArrayText;

static void at_free(ArrayText *a) {
  free(a->buf.p);
  free(a->off);
}

static void at_push(ArrayText *a, size_t off) {
  if (a->n == a->cap) {
    a->cap = a->cap ? 2 * a->cap : 16;
    size_t *p = realloc(a->off, (size_t)a->cap * sizeof *p);
    if (!p) abort();
    a->off = p;
  }
  a->off[a->n++] = off;
}

typedef struct Scan {
  const char *p, *end;
} Scan;

static void skip_space(Scan *s) {
  while (s->p < s->end && isspace((unsigned char)*s->p)) s->p++;
}

/* One element: quoted with backslash escapes, or bare up to ',' or '}'
** (a bare NULL is SQL NULL). */
static int scan_element(Scan *s, ArrayText *a) {
  size_t start = a->buf.len;
  int quoted = s->p < s->end && *s->p == '"';
  if (quoted) s->p++;
  while (s->p < s->end) {
    char ch = *s->p;
    if (quoted ? ch == '"' : (ch == ',' || ch == '}')) break;
    if (ch == '\\') {
      if (++s->p == s->end) return 0;
      ch = *s->p;
    }
    text_add(&a->buf, &ch, 1);
    s->p++;
  }
  if (quoted && !(s->p < s->end && *s->p++ == '"')) return 0;
  if (!quoted) {
    while (a->buf.len > start && isspace((unsigned char)a->buf.p[a->buf.len - 1])) a->buf.len--;
    if (a->buf.len == start) return 0;
    if (a->buf.len - start == 4 && !strncasecmp(a->buf.p + start, "NULL", 4)) {
      a->buf.len = start;
      at_push(a, SIZE_MAX);
      return 1;
    }
  }
  text_add(&a->buf, "", 1);            /* the NUL separator */
  at_push(a, start);
  return 1;
}

/* "{...}" at nesting depth d: elements or sub-arrays, every sub-array of a
** level as long as the first. */
static int scan_level(Scan *s, ArrayText *a, int d) {
  if (d >= MAXDIM || !(s->p < s->end && *s->p++ == '{')) return 0;
  skip_space(s);
  int count = 0;
  if (s->p < s->end && *s->p == '}') {
    s->p++;
    return d == 0;                      /* only the whole array may be empty */
  }
  for (;;) {
    skip_space(s);
    int ok = s->p < s->end && *s->p == '{' ? scan_level(s, a, d + 1) : scan_element(s, a);
    if (!ok) return 0;
    count++;
    skip_space(s);
    if (s->p < s->end && *s->p == ',') { s->p++; continue; }
    if (!(s->p < s->end && *s->p++ == '}')) return 0;
    break;
  }
  if (d + 1 > a->ndim) a->ndim = d + 1;
  if (a->seen[d] && a->dims[d] != count) return 0;
  a->seen[d] = 1;
  a->dims[d] = count;
  return 1;
}

/* "[lb:ub][lb:ub]=" before the braces, when a lower bound is not 1. */
static int scan_bounds(Scan *s, int *lbs, int *dims, int *ndim) {
  *ndim = 0;
  while (s->p < s->end && *s->p == '[') {
    if (*ndim == MAXDIM) return 0;
    char *e;
    long lb = strtol(s->p + 1, &e, 10);
    if (*e != ':') return 0;
    long ub = strtol(e + 1, &e, 10);
    if (*e != ']' || ub < lb - 1) return 0;
    lbs[*ndim] = (int)lb;
    dims[*ndim] = (int)(ub - lb + 1);
    (*ndim)++;
    s->p = e + 1;
  }
  if (*ndim && !(s->p < s->end && *s->p++ == '=')) return 0;
  return 1;
}

static int array_from_text(const char *text, size_t n, ArrayText *a) {
  Scan s = {text, text + n};
  int blbs[MAXDIM], bdims[MAXDIM], bndim;
  if (!scan_bounds(&s, blbs, bdims, &bndim) || !scan_level(&s, a, 0)) return 0;
  skip_space(&s);
  if (s.p != s.end) return 0;
  for (int d = 0; d < a->ndim; d++) a->lbs[d] = 1;
  if (bndim) {
    if (bndim != a->ndim) return 0;
    for (int d = 0; d < bndim; d++) {
      if (bdims[d] != a->dims[d]) return 0;
      a->lbs[d] = blbs[d];
    }
  }
  return 1;
}

/* ---- array_send ---- */

static int out_binary_array(Conn *c, uint32_t elem, const char *s, size_t n) {
  ArrayText a = {0};
  if (!array_from_text(s, n, &a)) { at_free(&a); return -1; }
  size_t len_at = c->out_len;
  out_int32(c, 0);                      /* the length, filled in below */
  int hasnull = 0;
  for (int i = 0; i < a.n; i++) hasnull |= a.off[i] == SIZE_MAX;
  out_int32(c, a.ndim);
  out_int32(c, hasnull);
  out_int32(c, (int32_t)elem);
  for (int d = 0; d < a.ndim; d++) {
    out_int32(c, a.dims[d]);
    out_int32(c, a.lbs[d]);
  }
  int rc = 0;
  for (int i = 0; i < a.n && rc == 0; i++) {
    if (a.off[i] == SIZE_MAX) { out_int32(c, -1); continue; }
    const char *e = a.buf.p + a.off[i];
    rc = out_binary_from_text(c, elem, e, strlen(e));
  }
  uint32_t body = (uint32_t)(c->out_len - len_at - 4);
  unsigned char be[4] = {(unsigned char)(body >> 24), (unsigned char)(body >> 16),
                         (unsigned char)(body >> 8), (unsigned char)body};
  memcpy(c->out + len_at, be, 4);
  at_free(&a);
  return rc;
}

/* ---- array_recv ---- */

typedef struct Reader {
  const unsigned char *p, *end;
} Reader;

static int read_int32(Reader *r, int32_t *v) {
  if (r->end - r->p < 4) return 0;
  *v = (int32_t)((uint32_t)r->p[0] << 24 | (uint32_t)r->p[1] << 16 | (uint32_t)r->p[2] << 8 | r->p[3]);
  r->p += 4;
  return 1;
}

/* One element, double-quoted with '"' and '\' escaped. */
static int recv_element(Reader *r, uint32_t elem, Text *t) {
  int32_t len;
  if (!read_int32(r, &len) || len < -1 || (len >= 0 && r->end - r->p < len)) return -1;
  if (len == -1) { text_add(t, "NULL", 4); return 1; }
  Text v = {0};
  int rc = binary_param_text(elem, r->p, (size_t)len, &v);
  r->p += len;
  if (rc == 1) {
    text_add(t, "\"", 1);
    for (size_t i = 0; i < v.len; i++) {
      if (v.p[i] == '"' || v.p[i] == '\\') text_add(t, "\\", 1);
      text_add(t, v.p + i, 1);
    }
    text_add(t, "\"", 1);
  }
  free(v.p);
  return rc == 1 ? 1 : -1;
}

/* The elements of dimension d onward, in braces. */
static int recv_level(Reader *r, uint32_t elem, const int32_t *dims, int ndim, int d, Text *t) {
  text_add(t, "{", 1);
  for (int32_t i = 0; i < dims[d]; i++) {
    if (i) text_add(t, ",", 1);
    int rc = d + 1 < ndim ? recv_level(r, elem, dims, ndim, d + 1, t) : recv_element(r, elem, t);
    if (rc != 1) return rc;
  }
  text_add(t, "}", 1);
  return 1;
}

static int binary_array_param_text(uint32_t array_type, const unsigned char *p, size_t len, Text *t) {
  uint32_t elem = binary_array_elem_type(array_type);
  if (!elem) return 0;
  Reader r = {p, p + len};
  int32_t ndim, flags, type, dims[MAXDIM], lbs[MAXDIM];
  if (!read_int32(&r, &ndim) || !read_int32(&r, &flags) || !read_int32(&r, &type)) return -1;
  if (ndim < 0 || ndim > MAXDIM || (flags != 0 && flags != 1) || (uint32_t)type != elem) return -1;
  int64_t total = ndim ? 1 : 0;
  int lb_not_one = 0;
  for (int d = 0; d < ndim; d++) {
    if (!read_int32(&r, &dims[d]) || !read_int32(&r, &lbs[d]) || dims[d] < 0) return -1;
    total *= dims[d];
    if (total > (int64_t)len) return -1;   /* each element takes 4 bytes at least */
    lb_not_one |= lbs[d] != 1;
  }
  if (total == 0) { text_add(t, "{}", 2); return r.p == r.end ? 1 : -1; }
  /* the engine gives its own answer to other lower bounds and to several
   * dimensions; the literal keeps them */
  for (int d = 0; d < ndim && lb_not_one; d++)
    text_addf(t, "[%d:%lld]", lbs[d], (long long)lbs[d] + dims[d] - 1);
  if (lb_not_one) text_add(t, "=", 1);
  int rc = recv_level(&r, elem, dims, ndim, 0, t);
  return rc == 1 && r.p != r.end ? -1 : rc;
}
