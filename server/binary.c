/*
** binary.c — binary-format parameters of the date/time types and uuid,
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
