/*
** binary.c — PostgreSQL's binary wire formats.  Results: the send form of
** each supported type.  Parameters: binary date/time types and uuid,
** decoded into PostgreSQL's text input syntax so the engine reads them with
** the type's own input function.  (int, float, bool, bytea and text are
** bound directly in extended.c.)  PostgreSQL's binary forms: date = int32
** days since 2000-01-01; time = int64 microseconds; timestamp[tz] = int64
** microseconds since 2000-01-01 00:00 (UTC for timestamptz); interval =
** int64 microseconds, int32 days, int32 months; uuid = 16 bytes.
*/
#include "server.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int64_t be_int(const unsigned char *p, int n) {
  uint64_t v = 0;
  for (int i = 0; i < n; i++) v = (v << 8) | p[i];
  if (n < 8 && (v >> (8 * n - 1)) & 1) v |= ~(uint64_t)0 << (8 * n);
  return (int64_t)v;
}

/* Days since 2000-01-01 to a proleptic Gregorian date (H. Hinnant's
** civil_from_days), written as PostgreSQL reads it ("BC" for year <= 0). */
static void format_date(char *out, size_t cap, int64_t days) {
  int64_t z = days + 10957 + 719468;   /* 2000-01-01 is day 10957 after 1970-01-01 */
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t y = yoe + era * 400, doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153, d = doy - (153 * mp + 2) / 5 + 1;
  int64_t m = mp < 10 ? mp + 3 : mp - 9;
  if (m <= 2) y++;
  if (y > 0) snprintf(out, cap, "%04" PRId64 "-%02" PRId64 "-%02" PRId64, y, m, d);
  else snprintf(out, cap, "%04" PRId64 "-%02" PRId64 "-%02" PRId64 " BC", 1 - y, m, d);
}

static void format_time(char *out, size_t cap, int64_t us) {
  snprintf(out, cap, "%02" PRId64 ":%02" PRId64 ":%02" PRId64 ".%06" PRId64,
           us / 3600000000, us / 60000000 % 60, us / 1000000 % 60, us % 1000000);
}

static void format_timestamp(char *out, size_t cap, int64_t us, int with_zone) {
  int64_t day_us = 86400000000;
  int64_t days = us / day_us, rest = us % day_us;
  if (rest < 0) { rest += day_us; days--; }
  char date[32], time[32];
  format_date(date, sizeof date, days);
  format_time(time, sizeof time, rest);
  /* a BC date keeps its suffix after the time, as PostgreSQL writes it */
  size_t n = 0;
  while (date[n] && date[n] != ' ') n++;
  snprintf(out, cap, "%.*s %s%s%s", (int)n, date, time, with_zone ? "+00" : "", date + n);
}

static void format_uuid(char *out, size_t cap, const unsigned char *p) {
  size_t k = 0;
  for (int i = 0; i < 16 && k + 3 < cap; i++) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out[k++] = '-';
    k += (size_t)snprintf(out + k, cap - k, "%02x", p[i]);
  }
  out[k] = 0;
}

int binary_param_to_text(uint32_t type, const unsigned char *p, int len, char *out, size_t cap) {
  switch (type) {
  case PGM_OID_DATE:
    if (len != 4) return -1;
    format_date(out, cap, be_int(p, 4));
    return 1;
  case PGM_OID_TIME:
    if (len != 8 || be_int(p, 8) < 0) return -1;
    format_time(out, cap, be_int(p, 8));
    return 1;
  case PGM_OID_TIMESTAMP: case PGM_OID_TIMESTAMPTZ:
    if (len != 8) return -1;
    format_timestamp(out, cap, be_int(p, 8), type == PGM_OID_TIMESTAMPTZ);
    return 1;
  case PGM_OID_INTERVAL:
    if (len != 16) return -1;
    snprintf(out, cap, "%" PRId64 " months %" PRId64 " days %" PRId64 " microseconds",
             be_int(p + 12, 4), be_int(p + 8, 4), be_int(p, 8));
    return 1;
  case PGM_OID_UUID:
    if (len != 16) return -1;
    format_uuid(out, cap, p);
    return 1;
  default:
    return 0;
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
  case PGM_OID_UUID: case PGM_OID_JSONB: case PGM_OID_NUMERIC:
    return 1;
  default:
    return 0;
  }
}

static void put_be(unsigned char *b, uint64_t v, int nbytes) {
  for (int i = 0; i < nbytes; i++) b[i] = (unsigned char)(v >> (8 * (nbytes - 1 - i)));
}

static void out_be(Conn *c, uint64_t v, int nbytes) {
  unsigned char b[8];
  put_be(b, v, nbytes);
  out_int32(c, nbytes);
  out_bytes(c, b, (size_t)nbytes);
}

static int hex_digit(char ch) {
  if (ch >= '0' && ch <= '9') return ch - '0';
  if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
  return ch >= 'A' && ch <= 'F' ? ch - 'A' + 10 : -1;
}

/* uuid_send: the 16 bytes of the canonical text form. */
static void out_uuid(Conn *c, const char *text) {
  unsigned char b[16] = {0};
  int n = 0;
  for (const char *p = text; *p && n < 32; p++) {
    int h = hex_digit(*p);
    if (h < 0) continue;                       /* the dashes */
    b[n / 2] = (unsigned char)(b[n / 2] << 4 | h);
    n++;
  }
  out_int32(c, 16);
  out_bytes(c, b, 16);
}

/* jsonb_send: a version byte (1), then the text. */
static void out_jsonb(Conn *c, const char *text, size_t len) {
  out_int32(c, (int32_t)len + 1);
  out_raw_byte(c, 1);
  out_bytes(c, text, len);
}

#define NUMERIC_POS 0x0000
#define NUMERIC_NEG 0x4000
#define NUMERIC_NAN 0xC000
#define NUMERIC_PINF 0xD000
#define NUMERIC_NINF 0xF000

/* The base-10000 digit whose last decimal digit is at index `last` of
** digits[0..n) (left of 0 and right of n count as zero). */
static int nbase_digit(const char *digits, long n, long last) {
  int d = 0;
  for (long i = last - 3; i <= last; i++) d = d * 10 + (i >= 0 && i < n ? digits[i] - '0' : 0);
  return d;
}

/* numeric_send from numeric's canonical text ("-12.50", "NaN",
** "Infinity"): ndigits, weight, sign, dscale, then base-10000 digits, the
** first of which is worth 10000^weight.  Zero digits at either end are left
** out, as PostgreSQL stores them. */
static void out_numeric(Conn *c, const char *text) {
  int sign = NUMERIC_POS;
  if (!strcmp(text, "NaN") || !strcmp(text, "Infinity") || !strcmp(text, "-Infinity")) {
    sign = text[0] == 'N' ? NUMERIC_NAN : text[0] == 'I' ? NUMERIC_PINF : NUMERIC_NINF;
    unsigned char b[8] = {0};
    put_be(b + 4, (uint64_t)sign, 2);
    /* PostgreSQL's dscale here is bits of the special header that its
     * short-format macro reads (32 for the infinities); sent alike so the
     * bytes match a real server's */
    put_be(b + 6, (uint64_t)((sign & 0x1F80) >> 7), 2);
    out_int32(c, 8);
    out_bytes(c, b, 8);
    return;
  }
  if (*text == '-') { sign = NUMERIC_NEG; text++; }
  const char *dot = strchr(text, '.');
  long nint = dot ? dot - text : (long)strlen(text);
  long dscale = dot ? (long)strlen(dot + 1) : 0;
  char *digits = malloc((size_t)(nint + dscale) + 1);
  if (!digits) { out_int32(c, -1); return; }
  memcpy(digits, text, (size_t)nint);
  if (dot) memcpy(digits + nint, dot + 1, (size_t)dscale);
  long n = nint + dscale;
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
}

/* One result value in binary format (binary_format_supported types).  The
** date/time types are stored as PostgreSQL's own send form (days or
** microseconds since 2000-01-01, see pgm_value_int64); numeric and uuid are
** converted from their canonical text, which no setting changes. */
void out_binary_value(Conn *c, const pgm_value *v) {
  uint32_t type = pgm_value_type(v);
  double d;
  float f;
  uint64_t bits = 0;
  uint32_t fbits;
  size_t len = 0;
  const void *p;
  switch (type) {
  case PGM_OID_BOOL: out_be(c, pgm_value_int64(v) != 0, 1); return;
  case PGM_OID_INT2: out_be(c, (uint64_t)pgm_value_int64(v), 2); return;
  case PGM_OID_INT4: case PGM_OID_OID: case PGM_OID_DATE:
    out_be(c, (uint64_t)pgm_value_int64(v), 4);
    return;
  case PGM_OID_INT8: case PGM_OID_TIME: case PGM_OID_TIMESTAMP: case PGM_OID_TIMESTAMPTZ:
    out_be(c, (uint64_t)pgm_value_int64(v), 8);
    return;
  case PGM_OID_FLOAT4:
    f = (float)pgm_value_double(v);
    memcpy(&fbits, &f, 4);
    out_be(c, fbits, 4);
    return;
  case PGM_OID_FLOAT8:
    d = pgm_value_double(v);
    memcpy(&bits, &d, 8);
    out_be(c, bits, 8);
    return;
  case PGM_OID_UUID: out_uuid(c, pgm_value_text(v, NULL)); return;
  case PGM_OID_NUMERIC: out_numeric(c, pgm_value_text(v, NULL)); return;
  case PGM_OID_JSONB:
    p = pgm_value_text(v, &len);
    out_jsonb(c, p, len);
    return;
  default:                      /* bytea: raw bytes; text types: UTF-8 */
    p = pgm_value_bytes(v, &len);
    out_int32(c, (int32_t)len);
    out_bytes(c, p, len);
    return;
  }
}
