/*
** timestamp.c — timestamp, timestamptz and interval, after PostgreSQL's
** utils/adt/timestamp.c.  Timestamps are INTEGER microseconds since
** 2000-01-01 00:00 (timestamptz in UTC, so SQLite orders instants across
** zones correctly); an interval is stored as its postgres-style text
** ("1 year 2 mons -3 days +04:05:06.5"), which this file parses back into
** PostgreSQL's (months, days, microseconds) triple for arithmetic.
**
** adt_datetime_types and adt_datetime_funcs cover date.c's types and
** functions too, so the registry sees one table for all date/time types.
*/
#include "adt/datetime.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define ARG(i) sqlite3_value_int64(argv[i])
/* Largest valid timestamp: 294277-01-01 00:00 (exclusive), as PostgreSQL. */
#define TS_END (INT64_C(9223371331200000000))
#define TS_MIN (-INT64_C(211813488000000000))
#define TS_VALID(t) ((t) >= TS_MIN && (t) < TS_END)

/* ------------------------------------------------------------ timestamp I/O */

static int ts_in_common(pgm_db *db, int32_t typmod, const char *s, size_t n, Datum *out,
                        pgm_error **err, bool tz) {
  DtParsed p;
  int64_t v = 0;
  const char *tname = tz ? "timestamp with time zone" : "timestamp without time zone";
  int rc = dt_parse(db, s, n, &p);
  if (rc == DT_OK) rc = tz ? dt_parsed_to_tstz(db, &p, &v) : dt_parsed_to_ts(db, &p, &v);
  if (rc == DT_OK && !TS_VALID(v) && DT_IS_FINITE(v)) {
    *err = pgm_error_new(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE, "timestamp out of range: \"%.*s\"",
                         (int)n, s);
    return -1;
  }
  if (rc == DT_ERR_TSRANGE) {
    *err = pgm_error_new(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE, "timestamp out of range: \"%.*s\"",
                         (int)n, s);
    return -1;
  }
  if (rc != DT_OK) { *err = dt_parse_error(rc, tname, s, n); return -1; }
  out->kind = D_INT;
  out->i = dt_round_typmod(v, typmod);
  return 0;
}

static int ts_in(pgm_db *db, int32_t typmod, const char *s, size_t n, Datum *out, pgm_error **err) {
  return ts_in_common(db, typmod, s, n, out, err, false);
}
static int ts_tz_in(pgm_db *db, int32_t typmod, const char *s, size_t n, Datum *out, pgm_error **err) {
  return ts_in_common(db, typmod, s, n, out, err, true);
}
static void ts_out(pgm_db *db, int32_t typmod, const Datum *v, StrBuf *out) {
  (void)typmod;
  dt_format_timestamp(db, v->i, false, out);
}
static void ts_tz_out(pgm_db *db, int32_t typmod, const Datum *v, StrBuf *out) {
  (void)typmod;
  dt_format_timestamp(db, v->i, true, out);
}

/* ---------------------------------------------------------------- interval */

/* Accumulates an interval while parsing, wide enough to detect overflow. */
typedef struct TsAcc { double month, day, time; unsigned seen; } TsAcc;

/* A unit name -> its kind; PostgreSQL's deltatktbl, abridged. */
enum { U_NONE, U_USEC, U_MSEC, U_SEC, U_MIN, U_HOUR, U_DAY, U_WEEK, U_MONTH, U_QUARTER,
       U_YEAR, U_DECADE, U_CENTURY, U_MILLENNIUM, U_EPOCH, U_JULIAN, U_DOW, U_ISODOW, U_DOY,
       U_ISOYEAR, U_TZ, U_TZ_HOUR, U_TZ_MIN };

static int ts_unit(const char *s, size_t n) {
  static const struct { const char *name; int unit; } units[] = {
    {"microsecond", U_USEC}, {"microseconds", U_USEC}, {"us", U_USEC}, {"usec", U_USEC},
    {"usecs", U_USEC}, {"useconds", U_USEC}, {"usecond", U_USEC},
    {"millisecond", U_MSEC}, {"milliseconds", U_MSEC}, {"ms", U_MSEC}, {"msec", U_MSEC},
    {"msecs", U_MSEC}, {"mseconds", U_MSEC}, {"msecond", U_MSEC},
    {"second", U_SEC}, {"seconds", U_SEC}, {"s", U_SEC}, {"sec", U_SEC}, {"secs", U_SEC},
    {"minute", U_MIN}, {"minutes", U_MIN}, {"m", U_MIN}, {"min", U_MIN}, {"mins", U_MIN},
    {"hour", U_HOUR}, {"hours", U_HOUR}, {"h", U_HOUR}, {"hr", U_HOUR}, {"hrs", U_HOUR},
    {"day", U_DAY}, {"days", U_DAY}, {"d", U_DAY},
    {"week", U_WEEK}, {"weeks", U_WEEK}, {"w", U_WEEK},
    {"month", U_MONTH}, {"months", U_MONTH}, {"mon", U_MONTH}, {"mons", U_MONTH},
    {"quarter", U_QUARTER}, {"qtr", U_QUARTER},
    {"year", U_YEAR}, {"years", U_YEAR}, {"y", U_YEAR}, {"yr", U_YEAR}, {"yrs", U_YEAR},
    {"decade", U_DECADE}, {"decades", U_DECADE}, {"dec", U_DECADE}, {"decs", U_DECADE},
    {"century", U_CENTURY}, {"centuries", U_CENTURY}, {"c", U_CENTURY}, {"cent", U_CENTURY},
    {"millennium", U_MILLENNIUM}, {"millennia", U_MILLENNIUM}, {"mil", U_MILLENNIUM},
    {"mils", U_MILLENNIUM}, {"millenniums", U_MILLENNIUM},
    {"epoch", U_EPOCH}, {"julian", U_JULIAN}, {"j", U_JULIAN}, {"dow", U_DOW},
    {"isodow", U_ISODOW}, {"doy", U_DOY}, {"isoyear", U_ISOYEAR}, {"timezone", U_TZ},
    {"timezone_h", U_TZ_HOUR}, {"timezone_hour", U_TZ_HOUR}, {"timezone_m", U_TZ_MIN},
    {"timezone_minute", U_TZ_MIN},
  };
  for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
    if (strlen(units[i].name) == n && !strncasecmp(units[i].name, s, n)) return units[i].unit;
  return U_NONE;
}

/* Add val units, spilling fractions downwards as PostgreSQL's DecodeInterval
** does (1.5 months = 1 mon 15 days). */
static int ts_acc_add(TsAcc *a, double val, int unit) {
  double ip, fr;
  /* a unit given twice ("1 day 1 day") is an error, as in PostgreSQL */
  if (a->seen & (1u << unit)) return -1;
  a->seen |= 1u << unit;
  switch (unit) {
  case U_USEC: a->time += val; break;
  case U_MSEC: a->time += val * 1000; break;
  case U_SEC: a->time += val * 1e6; break;
  case U_MIN: a->time += val * 6e7; break;
  case U_HOUR: a->time += val * 3.6e9; break;
  case U_WEEK: val *= 7; /* fall through */
  case U_DAY:
    fr = modf(val, &ip);
    a->day += ip;
    a->time += rint(fr * 86400e6);
    break;
  case U_MONTH:
    fr = modf(val, &ip);
    a->month += ip;
    fr *= 30;
    a->day += trunc(fr);
    a->time += rint((fr - trunc(fr)) * 86400e6);
    break;
  case U_YEAR: case U_DECADE: case U_CENTURY: case U_MILLENNIUM: {
    double mult = unit == U_YEAR ? 1 : unit == U_DECADE ? 10 : unit == U_CENTURY ? 100 : 1000;
    fr = modf(val, &ip);
    a->month += ip * 12 * mult + rint(fr * 12 * mult);
    break;
  }
  default: return -1;
  }
  return 0;
}

/* "[+-]hh:mm[:ss[.f]]" into microseconds. */
static int ts_parse_clock(const char *s, size_t n, double *us) {
  int sign = 1;
  size_t i = 0;
  double parts[3] = {0, 0, 0};
  int np = 0;
  if (i < n && (s[i] == '+' || s[i] == '-')) sign = s[i++] == '-' ? -1 : 1;
  while (i < n && np < 3) {
    char *end;
    char tmp[40];
    size_t st = i;
    while (i < n && (isdigit((unsigned char)s[i]) || (np == 2 && s[i] == '.'))) i++;
    if (i == st || i - st >= sizeof tmp) return -1;
    memcpy(tmp, s + st, i - st);
    tmp[i - st] = 0;
    parts[np++] = strtod(tmp, &end);
    if (i < n && s[i] == ':') i++;
    else break;
  }
  if (i != n || np < 2) return -1;
  if (parts[1] > 59 || parts[2] >= 60) return -2;
  *us = sign * ((parts[0] * 3600 + parts[1] * 60) * 1e6 + rint(parts[2] * 1e6));
  return 0;
}

/* ISO 8601 "P1Y2M3DT4H5M6S". */
static int ts_parse_iso(const char *s, size_t n, TsAcc *a) {
  size_t i = 1;
  bool in_time = false;
  while (i < n) {
    if (s[i] == 'T' || s[i] == 't') { in_time = true; i++; continue; }
    char tmp[40], *end;
    size_t st = i;
    while (i < n && (isdigit((unsigned char)s[i]) || s[i] == '.' || s[i] == '-')) i++;
    if (i == st || i >= n || i - st >= sizeof tmp) return -1;
    memcpy(tmp, s + st, i - st);
    tmp[i - st] = 0;
    double v = strtod(tmp, &end);
    int u;
    switch (toupper((unsigned char)s[i++])) {
    case 'Y': u = U_YEAR; break;
    case 'M': u = in_time ? U_MIN : U_MONTH; break;
    case 'W': u = U_WEEK; break;
    case 'D': u = U_DAY; break;
    case 'H': u = U_HOUR; break;
    case 'S': u = U_SEC; break;
    default: return -1;
    }
    if (ts_acc_add(a, v, u)) return -1;
  }
  return 0;
}

/* One whitespace-separated token of interval input. */
static int ts_interval_token(const char *t, size_t len, TsAcc *a, bool *ago, bool *pending,
                             double *pend_val) {
  if (len == 3 && !strncasecmp(t, "ago", 3)) { *ago = true; return 0; }
  if (len == 1 && t[0] == '@') return 0;
  if (memchr(t, ':', len)) {
    double us;
    int rc;
    if (*pending) {                    /* "1 02:00": a day count before a clock */
      if (ts_acc_add(a, *pend_val, U_DAY)) return -1;
      *pending = false;
    }
    if ((rc = ts_parse_clock(t, len, &us))) return rc;
    if (a->seen & ((1u << U_HOUR) | (1u << U_MIN) | (1u << U_SEC))) return -1;
    a->seen |= (1u << U_HOUR) | (1u << U_MIN) | (1u << U_SEC);
    a->time += us;
    return 0;
  }
  size_t i = 0;
  if (i < len && (t[i] == '+' || t[i] == '-')) i++;
  while (i < len && (isdigit((unsigned char)t[i]) || t[i] == '.')) i++;
  if (i > 0 && !(i == 1 && (t[0] == '+' || t[0] == '-'))) {
    char tmp[64], *end;
    if (i >= sizeof tmp || *pending) return -1;
    memcpy(tmp, t, i);
    tmp[i] = 0;
    *pend_val = strtod(tmp, &end);
    if (*end) return -1;
    *pending = true;
    t += i;
    len -= i;
    if (!len) return 0;
  }
  int u = ts_unit(t, len);
  if (!*pending || u == U_NONE || u >= U_EPOCH || u == U_QUARTER) return -1;
  *pending = false;
  return ts_acc_add(a, *pend_val, u);
}

int dt_interval_parse(const char *s, size_t n, DtInterval *iv) {
  TsAcc a = {0, 0, 0, 0};
  bool ago = false, pending = false, any = false;
  double pend = 0;
  size_t i = 0;
  while (n > 0 && isspace((unsigned char)s[n - 1])) n--;
  while (i < n && isspace((unsigned char)s[i])) i++;
  if (i < n && (s[i] == 'P' || s[i] == 'p')) {
    if (ts_parse_iso(s + i, n - i, &a)) return -1;
    any = true;
    i = n;
  }
  while (i < n) {
    size_t st = i;
    while (i < n && !isspace((unsigned char)s[i])) i++;
    int rc = ts_interval_token(s + st, i - st, &a, &ago, &pending, &pend);
    if (rc) return rc;
    any = true;
    while (i < n && isspace((unsigned char)s[i])) i++;
  }
  if (pending && ts_acc_add(&a, pend, U_SEC)) return -1;   /* a bare number is seconds */
  if (!any) return -1;
  if (fabs(a.month) > INT32_MAX || fabs(a.day) > INT32_MAX || fabs(a.time) > 9.2e18) return -2;
  iv->month = (int32_t)a.month;
  iv->day = (int32_t)a.day;
  iv->time = (int64_t)a.time;
  if (ago) { iv->month = -iv->month; iv->day = -iv->day; iv->time = -iv->time; }
  return 0;
}

static void ts_int_part(StrBuf *out, int64_t v, const char *unit, bool *is_zero, bool *is_before) {
  if (v == 0) return;
  sb_printf(out, "%s%s%lld %s%s", *is_zero ? "" : " ", (*is_before && v > 0) ? "+" : "",
            (long long)v, unit, v != 1 ? "s" : "");
  *is_before = v < 0;
  *is_zero = false;
}

/* IntervalStyle postgres (EncodeInterval). */
void dt_interval_format(const DtInterval *iv, StrBuf *out) {
  bool is_zero = true, is_before = false;
  int64_t t = iv->time;
  ts_int_part(out, iv->month / 12, "year", &is_zero, &is_before);
  ts_int_part(out, iv->month % 12, "mon", &is_zero, &is_before);
  ts_int_part(out, iv->day, "day", &is_zero, &is_before);
  if (is_zero || t != 0) {
    bool minus = t < 0;
    uint64_t a = minus ? (uint64_t)0 - (uint64_t)t : (uint64_t)t;
    sb_printf(out, "%s%s%02llu:%02d:", is_zero ? "" : " ", minus ? "-" : (is_before ? "+" : ""),
              (unsigned long long)(a / 3600000000u), (int)(a / 60000000u % 60));
    dt_append_seconds(out, (int)(a / 1000000u % 60), (int32_t)(a % 1000000u));
  }
}

int dt_interval_arg(sqlite3_context *ctx, sqlite3_value *v, DtInterval *iv) {
  const char *s = (const char *)sqlite3_value_text(v);
  size_t n = (size_t)sqlite3_value_bytes(v);
  if (!s || dt_interval_parse(s, n, iv)) {
    adt_error(ctx, ERRCODE_INVALID_DATETIME_FORMAT, "invalid input syntax for type interval: \"%s\"",
              s ? s : "");
    return -1;
  }
  return 0;
}

void dt_interval_result(sqlite3_context *ctx, const DtInterval *iv) {
  StrBuf b = STRBUF_INIT;
  dt_interval_format(iv, &b);
  sqlite3_result_text(ctx, b.p, (int)b.n, free);
}

static int iv_in(pgm_db *db, int32_t typmod, const char *s, size_t n, Datum *out, pgm_error **err) {
  DtInterval iv;
  StrBuf b = STRBUF_INIT;
  (void)db;
  int rc = dt_interval_parse(s, n, &iv);
  if (rc == -2) {
    *err = pgm_error_new(ERRCODE_DATETIME_FIELD_OVERFLOW, "interval field value out of range: \"%.*s\"",
                         (int)n, s);
    return -1;
  }
  if (rc) {
    *err = pgm_error_new(ERRCODE_INVALID_DATETIME_FORMAT, "invalid input syntax for type interval: \"%.*s\"",
                         (int)n, s);
    return -1;
  }
  /* interval(p): precision is the low 16 bits of the typmod, 0xFFFF = none */
  if (typmod >= 0 && (typmod & 0xFFFF) != 0xFFFF) iv.time = dt_round_typmod(iv.time, typmod & 0xFFFF);
  dt_interval_format(&iv, &b);
  out->kind = D_TEXT;
  out->n = b.n;
  out->p = sb_detach(&b);
  return 0;
}

/* AddVerboseIntPart: the first non-zero field decides "ago", the others
** are printed relative to it. */
static void iv_verbose_part(StrBuf *out, int64_t v, const char *unit, bool *is_zero, bool *is_before) {
  if (v == 0) return;
  if (*is_zero) { *is_before = v < 0; if (v < 0) v = -v; }
  else if (*is_before) v = -v;
  sb_printf(out, " %lld %s%s", (long long)v, unit, v == 1 ? "" : "s");
  *is_zero = false;
}

/* IntervalStyle postgres_verbose: "@ 1 day 2 hours 3 mins 4.5 secs ago". */
static void iv_format_verbose(const DtInterval *iv, StrBuf *out) {
  bool is_zero = true, is_before = false;
  int64_t t = iv->time;
  int64_t hour = t / 3600000000LL;
  t -= hour * 3600000000LL;
  int64_t min = t / 60000000LL;
  t -= min * 60000000LL;
  int64_t sec = t / 1000000LL, fsec = t - sec * 1000000LL;
  sb_putc(out, '@');
  iv_verbose_part(out, iv->month / 12, "year", &is_zero, &is_before);
  iv_verbose_part(out, iv->month % 12, "mon", &is_zero, &is_before);
  iv_verbose_part(out, iv->day, "day", &is_zero, &is_before);
  iv_verbose_part(out, hour, "hour", &is_zero, &is_before);
  iv_verbose_part(out, min, "min", &is_zero, &is_before);
  if (sec != 0 || fsec != 0) {
    sb_putc(out, ' ');
    if (sec < 0 || (sec == 0 && fsec < 0)) {
      if (is_zero) is_before = true;
      else if (!is_before) sb_putc(out, '-');
    } else if (is_before) {
      sb_putc(out, '-');
    }
    sb_printf(out, "%lld", (long long)(sec < 0 ? -sec : sec));
    if (fsec) {
      char frac[24];
      snprintf(frac, sizeof frac, "%06lld", (long long)(fsec < 0 ? -fsec : fsec));
      int len = 6;
      while (len > 0 && frac[len - 1] == '0') len--;
      sb_printf(out, ".%.*s", len, frac);
    }
    sb_printf(out, " sec%s", (sec != 1 && sec != -1) || fsec != 0 ? "s" : "");
    is_zero = false;
  }
  if (is_zero) sb_puts(out, " 0");
  if (is_before) sb_puts(out, " ago");
}

static void iv_out(pgm_db *db, int32_t typmod, const Datum *v, StrBuf *out) {
  DtInterval iv;
  (void)typmod;
  if (v->kind == D_TEXT && !dt_interval_parse(v->p, v->n, &iv)) {
    if (db && db->settings.intervalstyle && !strcmp(db->settings.intervalstyle, "postgres_verbose"))
      iv_format_verbose(&iv, out);
    else
      dt_interval_format(&iv, out);
  } else if (v->kind == D_TEXT) {
    sb_putn(out, v->p, v->n);
  }
}

const AdtTypeIO adt_datetime_types[] = {
  {1082, 'i', dt_date_io_in, dt_date_io_out},
  {1083, 'i', dt_time_io_in, dt_time_io_out},
  {1114, 'i', ts_in, ts_out},
  {1184, 'i', ts_tz_in, ts_tz_out},
  {1186, 't', iv_in, iv_out},
  {0, 0, NULL, NULL},
};

/* ---------------------------------------------------- timestamp arithmetic */

static void ts_normalize_month(DtTm *tm) {
  if (tm->mon > 12) { tm->year += (tm->mon - 1) / 12; tm->mon = (tm->mon - 1) % 12 + 1; }
  else if (tm->mon < 1) { tm->year += tm->mon / 12 - 1; tm->mon = tm->mon % 12 + 12; }
}

/* Months, then days, then time, each on the wall clock (timestamp_pl_interval). */
int dt_ts_pl_interval(int64_t ts, const DtInterval *iv, int64_t *out) {
  DtTm tm;
  if (!DT_IS_FINITE(ts)) { *out = ts; return 0; }
  if (iv->month) {
    dt_ts2tm(ts, &tm);
    tm.mon += iv->month;
    ts_normalize_month(&tm);
    if (tm.year < -4713 || tm.year > 294276) return -1;
    int dim = dt_days_in_month(tm.year, tm.mon);
    if (tm.mday > dim) tm.mday = dim;
    ts = dt_tm2ts(&tm);
  }
  if (iv->day) ts += iv->day * DT_USECS_PER_DAY;
  if (__builtin_add_overflow(ts, iv->time, &ts) || !TS_VALID(ts)) return -1;
  *out = ts;
  return 0;
}

/* The same for timestamptz: months and days move the local clock in the
** session zone (so a day across a DST change is 23 or 25 hours). */
static int ts_tz_pl_interval(pgm_db *db, int64_t ts, const DtInterval *iv, int64_t *out) {
  if (!DT_IS_FINITE(ts)) { *out = ts; return 0; }
  if (iv->month || iv->day) {
    DtInterval md = {iv->month, iv->day, 0};
    int64_t local = dt_utc_to_local(db, ts, NULL);
    if (dt_ts_pl_interval(local, &md, &local)) return -1;
    ts = dt_local_to_utc(db, local);
  }
  if (__builtin_add_overflow(ts, iv->time, &ts) || !TS_VALID(ts)) return -1;
  *out = ts;
  return 0;
}

static void iv_negate(DtInterval *iv) {
  iv->month = -iv->month;
  iv->day = -iv->day;
  iv->time = -iv->time;
}

static void ts_result(sqlite3_context *c, int rc, const int64_t *v) {
  if (rc) adt_error(c, ERRCODE_DATETIME_VALUE_OUT_OF_RANGE, "timestamp out of range");
  else sqlite3_result_int64(c, *v);
}

static void timestamp_pl_interval(sqlite3_context *c, int n, sqlite3_value **argv) {
  (void)n;
  DtInterval iv;
  int64_t r = 0;
  if (dt_interval_arg(c, argv[1], &iv)) return;
  ts_result(c, dt_ts_pl_interval(ARG(0), &iv, &r), &r);
}
static void timestamp_mi_interval(sqlite3_context *c, int n, sqlite3_value **argv) {
  (void)n;
  DtInterval iv;
  int64_t r = 0;
  if (dt_interval_arg(c, argv[1], &iv)) return;
  iv_negate(&iv);
  ts_result(c, dt_ts_pl_interval(ARG(0), &iv, &r), &r);
}
static void timestamptz_pl_interval(sqlite3_context *c, int n, sqlite3_value **argv) {
  (void)n;
  DtInterval iv;
  int64_t r = 0;
  if (dt_interval_arg(c, argv[1], &iv)) return;
  ts_result(c, ts_tz_pl_interval(adt_db(c), ARG(0), &iv, &r), &r);
}
static void timestamptz_mi_interval(sqlite3_context *c, int n, sqlite3_value **argv) {
  (void)n;
  DtInterval iv;
  int64_t r = 0;
  if (dt_interval_arg(c, argv[1], &iv)) return;
  iv_negate(&iv);
  ts_result(c, ts_tz_pl_interval(adt_db(c), ARG(0), &iv, &r), &r);
}

/* interval_justify_hours: whole days out of the time part, signs agreeing.
** Returns -1 when the days overflow (PostgreSQL: "interval out of range"). */
static int iv_justify_hours(DtInterval *iv) {
  int64_t whole = iv->time / DT_USECS_PER_DAY;
  int64_t day = (int64_t)iv->day + whole;
  if (day > INT32_MAX || day < INT32_MIN) return -1;
  iv->time -= whole * DT_USECS_PER_DAY;
  iv->day = (int32_t)day;
  if (iv->day > 0 && iv->time < 0) { iv->time += DT_USECS_PER_DAY; iv->day--; }
  else if (iv->day < 0 && iv->time > 0) { iv->time -= DT_USECS_PER_DAY; iv->day++; }
  return 0;
}

static void timestamp_mi(sqlite3_context *c, int n, sqlite3_value **argv) {
  (void)n;
  if (!DT_IS_FINITE(ARG(0)) || !DT_IS_FINITE(ARG(1))) {
    adt_error(c, ERRCODE_DATETIME_VALUE_OUT_OF_RANGE, "cannot subtract infinite timestamps");
    return;
  }
  DtInterval iv = {0, 0, 0};
  if (__builtin_sub_overflow(ARG(0), ARG(1), &iv.time) || iv_justify_hours(&iv) != 0) {
    adt_error(c, ERRCODE_DATETIME_VALUE_OUT_OF_RANGE, "interval out of range");
    return;
  }
  dt_interval_result(c, &iv);
}

/* age(): field-wise difference with borrowing (timestamp_age). */
static void ts_age(sqlite3_context *c, int64_t a, int64_t b) {
  DtTm t1, t2;
  if (!DT_IS_FINITE(a) || !DT_IS_FINITE(b)) {
    adt_error(c, ERRCODE_DATETIME_VALUE_OUT_OF_RANGE, "cannot subtract infinite timestamps");
    return;
  }
  dt_ts2tm(a, &t1);
  dt_ts2tm(b, &t2);
  int64_t usec = t1.usec - t2.usec;
  int sec = t1.sec - t2.sec, min = t1.min - t2.min, hour = t1.hour - t2.hour;
  int mday = t1.mday - t2.mday, mon = t1.mon - t2.mon, year = t1.year - t2.year;
  bool neg = a < b;
  if (neg) { usec = -usec; sec = -sec; min = -min; hour = -hour; mday = -mday; mon = -mon; year = -year; }
  while (usec < 0) { usec += 1000000; sec--; }
  while (sec < 0) { sec += 60; min--; }
  while (min < 0) { min += 60; hour--; }
  while (hour < 0) { hour += 24; mday--; }
  while (mday < 0) {
    /* borrow the length of the earlier date's month, as PostgreSQL does */
    const DtTm *earlier = neg ? &t1 : &t2;
    mday += dt_days_in_month(earlier->year, earlier->mon);
    mon--;
  }
  while (mon < 0) { mon += 12; year--; }
  if (neg) { usec = -usec; sec = -sec; min = -min; hour = -hour; mday = -mday; mon = -mon; year = -year; }
  DtInterval iv = {year * 12 + mon, mday,
                   ((hour * INT64_C(60) + min) * 60 + sec) * DT_USECS_PER_SEC + usec};
  dt_interval_result(c, &iv);
}

static void timestamp_age(sqlite3_context *c, int n, sqlite3_value **argv) {
  (void)n;
  ts_age(c, ARG(0), ARG(1));
}
static void timestamptz_age(sqlite3_context *c, int n, sqlite3_value **argv) {
  (void)n;
  pgm_db *db = adt_db(c);
  ts_age(c, dt_utc_to_local(db, ARG(0), NULL), dt_utc_to_local(db, ARG(1), NULL));
}

/* ----------------------------------------------------- comparisons, casts */

static void timestamp_eq(sqlite3_context *c, int n, sqlite3_value **argv) { (void)n; sqlite3_result_int(c, ARG(0) == ARG(1)); }
static void timestamp_ne(sqlite3_context *c, int n, sqlite3_value **argv) { (void)n; sqlite3_result_int(c, ARG(0) != ARG(1)); }
static void timestamp_lt(sqlite3_context *c, int n, sqlite3_value **argv) { (void)n; sqlite3_result_int(c, ARG(0) < ARG(1)); }
static void timestamp_le(sqlite3_context *c, int n, sqlite3_value **argv) { (void)n; sqlite3_result_int(c, ARG(0) <= ARG(1)); }
static void timestamp_gt(sqlite3_context *c, int n, sqlite3_value **argv) { (void)n; sqlite3_result_int(c, ARG(0) > ARG(1)); }
static void timestamp_ge(sqlite3_context *c, int n, sqlite3_value **argv) { (void)n; sqlite3_result_int(c, ARG(0) >= ARG(1)); }
static void timestamp_cmp(sqlite3_context *c, int n, sqlite3_value **argv) {
  (void)n;
  sqlite3_result_int(c, ARG(0) < ARG(1) ? -1 : ARG(0) > ARG(1));
}
static void timestamp_larger(sqlite3_context *c, int n, sqlite3_value **argv) {
  (void)n;
  sqlite3_result_int64(c, ARG(0) >= ARG(1) ? ARG(0) : ARG(1));
}
static void timestamp_smaller(sqlite3_context *c, int n, sqlite3_value **argv) {
  (void)n;
  sqlite3_result_int64(c, ARG(0) <= ARG(1) ? ARG(0) : ARG(1));
}
static void timestamp_finite(sqlite3_context *c, int n, sqlite3_value **argv) {
  (void)n;
  sqlite3_result_int(c, DT_IS_FINITE(ARG(0)));
}

/* timestamp vs timestamptz: the timestamp is read in the session zone. */
static int ts_cross_cmp(sqlite3_context *c, sqlite3_value **argv, bool ts_first) {
  int64_t a = ARG(0), b = ARG(1);
  if (ts_first) a = dt_local_to_utc(adt_db(c), a);
  else b = dt_local_to_utc(adt_db(c), b);
  return a < b ? -1 : a > b;
}
#define TS_CROSS(name, first, expr)                                        \
  static void name(sqlite3_context *c, int n, sqlite3_value **argv) {     \
    (void)n;                                                               \
    int r = ts_cross_cmp(c, argv, first);                                  \
    sqlite3_result_int(c, expr);                                           \
  }
TS_CROSS(timestamp_eq_timestamptz, true, r == 0)
TS_CROSS(timestamp_ne_timestamptz, true, r != 0)
TS_CROSS(timestamp_lt_timestamptz, true, r < 0)
TS_CROSS(timestamp_le_timestamptz, true, r <= 0)
TS_CROSS(timestamp_gt_timestamptz, true, r > 0)
TS_CROSS(timestamp_ge_timestamptz, true, r >= 0)
TS_CROSS(timestamp_cmp_timestamptz, true, r)
TS_CROSS(timestamptz_eq_timestamp, false, r == 0)
TS_CROSS(timestamptz_ne_timestamp, false, r != 0)
TS_CROSS(timestamptz_lt_timestamp, false, r < 0)
TS_CROSS(timestamptz_le_timestamp, false, r <= 0)
TS_CROSS(timestamptz_gt_timestamp, false, r > 0)
TS_CROSS(timestamptz_ge_timestamp, false, r >= 0)
TS_CROSS(timestamptz_cmp_timestamp, false, r)

static void timestamp_timestamptz(sqlite3_context *c, int n, sqlite3_value **argv) {
  (void)n;
  sqlite3_result_int64(c, dt_local_to_utc(adt_db(c), ARG(0)));
}
static void timestamptz_timestamp(sqlite3_context *c, int n, sqlite3_value **argv) {
  (void)n;
  sqlite3_result_int64(c, dt_utc_to_local(adt_db(c), ARG(0), NULL));
}
static void timestamp_scale(sqlite3_context *c, int n, sqlite3_value **argv) {
  (void)n;
  sqlite3_result_int64(c, dt_round_typmod(ARG(0), (int32_t)ARG(1)));
}

/* AT TIME ZONE: timezone(zone, timestamptz) -> timestamp and back. */
static int ts_zone_arg(sqlite3_context *c, sqlite3_value *v, char *zone, size_t cap) {
  const char *z = (const char *)sqlite3_value_text(v);
  snprintf(zone, cap, "%s", z ? z : "");
  int off;
  if (dt_zone_valid(zone)) return 0;
  /* abbreviations and numeric offsets: fixed offsets through Etc/GMT-like zones are
  ** not exact for minutes, so refuse what ICU does not know */
  (void)off;
  adt_error(c, ERRCODE_INVALID_PARAMETER_VALUE, "time zone \"%s\" not recognized", zone);
  return -1;
}
static void timestamptz_zone(sqlite3_context *c, int n, sqlite3_value **argv) {
  (void)n;
  char zone[128];
  if (ts_zone_arg(c, argv[0], zone, sizeof zone)) return;
  int64_t t = ARG(1);
  sqlite3_result_int64(c, DT_IS_FINITE(t) ? t + dt_zone_offset_utc(zone, t) * DT_USECS_PER_SEC : t);
}
static void timestamp_zone(sqlite3_context *c, int n, sqlite3_value **argv) {
  (void)n;
  char zone[128];
  if (ts_zone_arg(c, argv[0], zone, sizeof zone)) return;
  int64_t t = ARG(1);
  sqlite3_result_int64(c, DT_IS_FINITE(t) ? t - dt_zone_offset_local(zone, t) * DT_USECS_PER_SEC : t);
}

/* ---------------------------------------------------------- current time */

static void ts_now(sqlite3_context *c, int n, sqlite3_value **argv) {
  (void)n;
  (void)argv;
  sqlite3_result_int64(c, dt_xact_start(adt_db(c)));
}
static void statement_timestamp(sqlite3_context *c, int n, sqlite3_value **argv) {
  (void)n;
  (void)argv;
  sqlite3_result_int64(c, adt_db(c)->stmt_start_us - DT_UNIX_OFFSET_US);
}
static void clock_timestamp(sqlite3_context *c, int n, sqlite3_value **argv) {
  (void)n;
  (void)argv;
  sqlite3_result_int64(c, pgm_now_us() - DT_UNIX_OFFSET_US);
}

/* ------------------------------------------------------ interval functions */

typedef __int128 ts_i128;

static ts_i128 iv_span(const DtInterval *iv) {
  return ((ts_i128)iv->month * 30 + iv->day) * DT_USECS_PER_DAY + iv->time;
}

static int iv_cmp2(sqlite3_context *c, sqlite3_value **argv, int *r) {
  DtInterval a, b;
  if (dt_interval_arg(c, argv[0], &a) || dt_interval_arg(c, argv[1], &b)) return -1;
  ts_i128 x = iv_span(&a), y = iv_span(&b);
  *r = x < y ? -1 : x > y;
  return 0;
}
#define IV_CMP(name, expr)                                                 \
  static void name(sqlite3_context *c, int n, sqlite3_value **argv) {     \
    (void)n;                                                               \
    int r;                                                                 \
    if (iv_cmp2(c, argv, &r)) return;                                      \
    sqlite3_result_int(c, expr);                                           \
  }
IV_CMP(interval_eq, r == 0)
IV_CMP(interval_ne, r != 0)
IV_CMP(interval_lt, r < 0)
IV_CMP(interval_le, r <= 0)
IV_CMP(interval_gt, r > 0)
IV_CMP(interval_ge, r >= 0)
IV_CMP(interval_cmp, r)

static void interval_larger(sqlite3_context *c, int n, sqlite3_value **argv) {
  (void)n;
  int r;
  if (iv_cmp2(c, argv, &r)) return;
  sqlite3_result_value(c, argv[r >= 0 ? 0 : 1]);
}
static void interval_smaller(sqlite3_context *c, int n, sqlite3_value **argv) {
  (void)n;
  int r;
  if (iv_cmp2(c, argv, &r)) return;
  sqlite3_result_value(c, argv[r <= 0 ? 0 : 1]);
}

static void iv_result_checked(sqlite3_context *c, int64_t month, int64_t day, int64_t time, bool ovf) {
  if (ovf || month > INT32_MAX || month < INT32_MIN || day > INT32_MAX || day < INT32_MIN) {
    adt_error(c, ERRCODE_DATETIME_VALUE_OUT_OF_RANGE, "interval out of range");
    return;
  }
  DtInterval iv = {(int32_t)month, (int32_t)day, time};
  dt_interval_result(c, &iv);
}

static void interval_pl(sqlite3_context *c, int n, sqlite3_value **argv) {
  (void)n;
  DtInterval a, b;
  int64_t t;
  if (dt_interval_arg(c, argv[0], &a) || dt_interval_arg(c, argv[1], &b)) return;
  bool ovf = __builtin_add_overflow(a.time, b.time, &t);
  iv_result_checked(c, (int64_t)a.month + b.month, (int64_t)a.day + b.day, t, ovf);
}
static void interval_mi(sqlite3_context *c, int n, sqlite3_value **argv) {
  (void)n;
  DtInterval a, b;
  int64_t t;
  if (dt_interval_arg(c, argv[0], &a) || dt_interval_arg(c, argv[1], &b)) return;
  bool ovf = __builtin_sub_overflow(a.time, b.time, &t);
  iv_result_checked(c, (int64_t)a.month - b.month, (int64_t)a.day - b.day, t, ovf);
}
static void interval_um(sqlite3_context *c, int n, sqlite3_value **argv) {
  (void)n;
  DtInterval a;
  if (dt_interval_arg(c, argv[0], &a)) return;
  iv_result_checked(c, -(int64_t)a.month, -(int64_t)a.day, -a.time, a.time == INT64_MIN);
}

#define TS_ROUND(x) (rint((x) * 1e6) / 1e6)

/* interval * float8, fractions cascading down as PostgreSQL 15's interval_mul. */
static void iv_mul(sqlite3_context *c, const DtInterval *s, double f) {
  double rm = s->month * f, rd = s->day * f;
  if (isnan(f) || fabs(rm) > INT32_MAX || fabs(rd) > INT32_MAX) {
    adt_error(c, ERRCODE_DATETIME_VALUE_OUT_OF_RANGE, "interval out of range");
    return;
  }
  int64_t month = (int32_t)rm, day = (int32_t)rd;
  double month_rem_days = TS_ROUND((s->month * f - month) * 30);
  double sec_rem = TS_ROUND((s->day * f - day + month_rem_days - (int)month_rem_days) * 86400);
  if (fabs(sec_rem) >= 86400) {
    day += (int)(sec_rem / 86400);
    sec_rem -= (int)(sec_rem / 86400) * 86400.0;
  }
  day += (int32_t)month_rem_days;
  double t = rint(s->time * f + sec_rem * 1e6);
  if (fabs(t) > 9.2e18) { adt_error(c, ERRCODE_DATETIME_VALUE_OUT_OF_RANGE, "interval out of range"); return; }
  iv_result_checked(c, month, day, (int64_t)t, false);
}

static void interval_mul(sqlite3_context *c, int n, sqlite3_value **argv) {
  (void)n;
  DtInterval a;
  if (dt_interval_arg(c, argv[0], &a)) return;
  iv_mul(c, &a, sqlite3_value_double(argv[1]));
}
static void mul_d_interval(sqlite3_context *c, int n, sqlite3_value **argv) {
  (void)n;
  DtInterval a;
  if (dt_interval_arg(c, argv[1], &a)) return;
  iv_mul(c, &a, sqlite3_value_double(argv[0]));
}

/* interval / float8 (interval_div): same cascade, dividing. */
static void interval_div(sqlite3_context *c, int n, sqlite3_value **argv) {
  (void)n;
  DtInterval s;
  double f = sqlite3_value_double(argv[1]);
  if (dt_interval_arg(c, argv[0], &s)) return;
  if (f == 0.0) { adt_error(c, ERRCODE_DIVISION_BY_ZERO, "division by zero"); return; }
  int64_t month = (int32_t)(s.month / f), day = (int32_t)(s.day / f);
  double month_rem_days = TS_ROUND((s.month / f - month) * 30);
  double sec_rem = TS_ROUND((s.day / f - day + month_rem_days - (int)month_rem_days) * 86400);
  if (fabs(sec_rem) >= 86400) {
    day += (int)(sec_rem / 86400);
    sec_rem -= (int)(sec_rem / 86400) * 86400.0;
  }
  day += (int32_t)month_rem_days;
  iv_result_checked(c, month, day, (int64_t)rint(s.time / f + sec_rem * 1e6), false);
}

static void interval_justify_hours(sqlite3_context *c, int n, sqlite3_value **argv) {
  (void)n;
  DtInterval a;
  if (dt_interval_arg(c, argv[0], &a)) return;
  if (iv_justify_hours(&a) != 0) {
    adt_error(c, ERRCODE_DATETIME_VALUE_OUT_OF_RANGE, "interval out of range");
    return;
  }
  dt_interval_result(c, &a);
}
static void interval_justify_days(sqlite3_context *c, int n, sqlite3_value **argv) {
  (void)n;
  DtInterval a;
  if (dt_interval_arg(c, argv[0], &a)) return;
  int32_t whole = a.day / 30;
  if (__builtin_add_overflow(a.month, whole, &a.month)) {
    adt_error(c, ERRCODE_DATETIME_VALUE_OUT_OF_RANGE, "interval out of range");
    return;
  }
  a.day -= whole * 30;
  if (a.month > 0 && a.day < 0) { a.day += 30; a.month--; }
  else if (a.month < 0 && a.day > 0) { a.day -= 30; a.month++; }
  dt_interval_result(c, &a);
}
static void interval_finite(sqlite3_context *c, int n, sqlite3_value **argv) {
  (void)n;
  (void)argv;
  sqlite3_result_int(c, 1);
}
static void interval_scale(sqlite3_context *c, int n, sqlite3_value **argv) {
  (void)n;
  DtInterval a;
  if (dt_interval_arg(c, argv[0], &a)) return;
  int32_t typmod = (int32_t)ARG(1);
  if (typmod >= 0 && (typmod & 0xFFFF) != 0xFFFF) a.time = dt_round_typmod(a.time, typmod & 0xFFFF);
  dt_interval_result(c, &a);
}

static void make_interval(sqlite3_context *c, int n, sqlite3_value **argv) {
  (void)n;
  int64_t years = ARG(0), months = ARG(1), weeks = ARG(2), days = ARG(3), hours = ARG(4),
          mins = ARG(5);
  double secs = sqlite3_value_double(argv[6]);
  double t = rint((hours * 3600.0 + mins * 60.0 + secs) * 1e6);
  if (isnan(secs) || isinf(secs) || fabs(t) > 9.2e18) {
    adt_error(c, ERRCODE_DATETIME_VALUE_OUT_OF_RANGE, "interval out of range");
    return;
  }
  iv_result_checked(c, years * 12 + months, weeks * 7 + days, (int64_t)t, false);
}

/* ------------------------------------------------------- extract/date_part */

static const char *ts_type_name(int kind) {
  switch (kind) {
  case DT_KIND_DATE: return "date";
  case DT_KIND_TIME: return "time without time zone";
  case DT_KIND_TIMESTAMP: return "timestamp without time zone";
  case DT_KIND_TIMESTAMPTZ: return "timestamp with time zone";
  default: return "interval";
  }
}

/* v / 10^scale as numeric text ("-5.500000"). */
static void ts_scaled(StrBuf *out, int64_t v, int scale) {
  static const int64_t p10[] = {1, 10, 100, 1000, 10000, 100000, 1000000};
  uint64_t a = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
  if (v < 0) sb_putc(out, '-');
  if (!scale) { sb_printf(out, "%llu", (unsigned long long)a); return; }
  sb_printf(out, "%llu.%0*llu", (unsigned long long)(a / (uint64_t)p10[scale]), scale,
            (unsigned long long)(a % (uint64_t)p10[scale]));
}

/* Epoch seconds of a timestamp whose microseconds since 1970 overflow int64
** (the last years of the range): PostgreSQL then divides in numeric, with
** numeric_div's 16 significant digits, and rounds to 6 decimals. */
static void ts_epoch_beyond(StrBuf *out, int64_t ts) {
  __int128 us = (__int128)ts + DT_UNIX_OFFSET_US;
  int64_t secs = (int64_t)(us / DT_USECS_PER_SEC), frac = (int64_t)(us % DT_USECS_PER_SEC);
  int digits = 0;
  for (int64_t v = secs; v; v /= 10) digits++;
  int rscale = 16 - digits < 0 ? 0 : 16 - digits;
  if (rscale < 6) {
    int64_t unit = 1;
    for (int i = rscale; i < 6; i++) unit *= 10;
    int64_t rem = frac % unit;
    frac -= rem;
    if (rem * 2 >= unit) frac += unit;
    if (frac >= DT_USECS_PER_SEC) { frac -= DT_USECS_PER_SEC; secs++; }
  }
  sb_printf(out, "%lld.%06lld", (long long)secs, (long long)frac);
}

/* date2j + usec/86400e6 with numeric_div's result scale (select_div_scale):
** 16 significant digits past the quotient's leading base-10000 digit. */
static void ts_julian(StrBuf *out, int jd, int64_t usec) {
  const int64_t den = DT_USECS_PER_DAY;
  int w1 = 0, first = 0;
  if (usec > 0) {
    int64_t t = usec;
    while (t >= 10000) { t /= 10000; w1++; }
    first = (int)t;
  }
  int qweight = w1 - 2 - (first <= 864 ? 1 : 0);  /* 86400000000 = 864|0000|0000 */
  int rscale = 16 - qweight * 4;
  if (rscale < 0) rscale = 0;
  char digits[64];
  int64_t r = usec;
  for (int i = 0; i <= rscale && i < 60; i++) {
    r *= 10;
    digits[i] = (char)('0' + r / den);
    r %= den;
  }
  /* round half up on the digit past rscale */
  bool carry = digits[rscale] >= '5';
  for (int i = rscale - 1; i >= 0 && carry; i--) {
    if (digits[i] == '9') digits[i] = '0';
    else { digits[i]++; carry = false; }
  }
  sb_printf(out, "%d", jd + (carry ? 1 : 0));
  if (rscale) sb_printf(out, ".%.*s", rscale, digits);
}

/* ISO 8601 week number and year (date2isoweek / date2isoyear). */
static int ts_isoweek(int y, int m, int d, int *isoyear) {
  int dayn = dt_date2j(y, m, d);
  int day4 = dt_date2j(y, 1, 4);
  int day0 = dt_j2day(day4 - 1);
  *isoyear = y;
  if (dayn < day4 - day0) {
    day4 = dt_date2j(y - 1, 1, 4);
    day0 = dt_j2day(day4 - 1);
    (*isoyear)--;
  }
  int result = (dayn - (day4 - day0)) / 7 + 1;
  if (result >= 52) {
    day4 = dt_date2j(y + 1, 1, 4);
    day0 = dt_j2day(day4 - 1);
    if (dayn >= day4 - day0) { result = (dayn - (day4 - day0)) / 7 + 1; (*isoyear)++; }
  }
  return result;
}

/* PostgreSQL's century/decade/millennium conventions (no year 0). */
static int64_t ts_year_field(int unit, int year) {
  switch (unit) {
  case U_YEAR: return year > 0 ? year : year - 1;
  case U_DECADE: return year >= 0 ? year / 10 : -((8 - (year - 1)) / 10);
  case U_CENTURY: return year > 0 ? (year + 99) / 100 : -((99 - (year - 1)) / 100);
  default: return year > 0 ? (year + 999) / 1000 : -((999 - (year - 1)) / 1000);
  }
}

static bool ts_unit_ok(int kind, int unit) {
  switch (kind) {
  case DT_KIND_DATE:
    return unit >= U_DAY && unit <= U_ISOYEAR;
  case DT_KIND_TIME:
    return unit <= U_HOUR || unit == U_EPOCH;
  case DT_KIND_TIMESTAMP:
    return unit < U_TZ;
  case DT_KIND_TIMESTAMPTZ:
    return true;
  default:
    return (unit <= U_MILLENNIUM && unit != U_WEEK) || unit == U_EPOCH;
  }
}

/* Fields of a date/time value: a finite timestamp (local) plus the zone offset. */
static void ts_extract_tm(StrBuf *out, int unit, int64_t ts, int off, bool is_date) {
  DtTm tm;
  int iy;
  dt_ts2tm(ts, &tm);
  int jd = dt_date2j(tm.year, tm.mon, tm.mday);
  int64_t secus = tm.sec * DT_USECS_PER_SEC + tm.usec;
  switch (unit) {
  case U_USEC: ts_scaled(out, secus, 0); break;
  case U_MSEC: ts_scaled(out, secus, 3); break;
  case U_SEC: ts_scaled(out, secus, 6); break;
  case U_MIN: ts_scaled(out, tm.min, 0); break;
  case U_HOUR: ts_scaled(out, tm.hour, 0); break;
  case U_DAY: ts_scaled(out, tm.mday, 0); break;
  case U_MONTH: ts_scaled(out, tm.mon, 0); break;
  case U_QUARTER: ts_scaled(out, (tm.mon - 1) / 3 + 1, 0); break;
  case U_WEEK: ts_scaled(out, ts_isoweek(tm.year, tm.mon, tm.mday, &iy), 0); break;
  case U_YEAR: case U_DECADE: case U_CENTURY: case U_MILLENNIUM:
    ts_scaled(out, ts_year_field(unit, tm.year), 0);
    break;
  case U_DOW: ts_scaled(out, dt_j2day(jd), 0); break;
  case U_ISODOW: ts_scaled(out, dt_j2day(jd) == 0 ? 7 : dt_j2day(jd), 0); break;
  case U_DOY: ts_scaled(out, jd - dt_date2j(tm.year, 1, 1) + 1, 0); break;
  case U_ISOYEAR:
    ts_isoweek(tm.year, tm.mon, tm.mday, &iy);
    ts_scaled(out, iy > 0 ? iy : iy - 1, 0);
    break;
  case U_EPOCH:
    if (is_date) ts_scaled(out, (ts + DT_UNIX_OFFSET_US - off * DT_USECS_PER_SEC) / DT_USECS_PER_SEC, 0);
    else if (ts < INT64_MAX - DT_UNIX_OFFSET_US + off * DT_USECS_PER_SEC) ts_scaled(out, ts + DT_UNIX_OFFSET_US - off * DT_USECS_PER_SEC, 6);
    else ts_epoch_beyond(out, ts - off * DT_USECS_PER_SEC);
    break;
  case U_JULIAN:
    if (is_date) ts_scaled(out, jd, 0);
    else ts_julian(out, jd, ts - (int64_t)(jd - DT_EPOCH_JD) * DT_USECS_PER_DAY);
    break;
  case U_TZ: ts_scaled(out, off, 0); break;
  case U_TZ_HOUR: ts_scaled(out, off / 3600, 0); break;
  default: ts_scaled(out, off / 60 % 60, 0); break;
  }
}

static void ts_extract_interval(StrBuf *out, int unit, const DtInterval *iv) {
  int64_t t = iv->time;
  int year = iv->month / 12, mon = iv->month % 12;
  switch (unit) {
  case U_USEC: ts_scaled(out, t % DT_USECS_PER_MIN, 0); break;
  case U_MSEC: ts_scaled(out, t % DT_USECS_PER_MIN, 3); break;
  case U_SEC: ts_scaled(out, t % DT_USECS_PER_MIN, 6); break;
  case U_MIN: ts_scaled(out, t / DT_USECS_PER_MIN % 60, 0); break;
  case U_HOUR: ts_scaled(out, t / DT_USECS_PER_HOUR, 0); break;
  case U_DAY: ts_scaled(out, iv->day, 0); break;
  case U_MONTH: ts_scaled(out, mon, 0); break;
  case U_QUARTER: ts_scaled(out, mon / 3 + 1, 0); break;
  case U_YEAR: ts_scaled(out, year, 0); break;
  case U_DECADE: ts_scaled(out, year / 10, 0); break;
  case U_CENTURY: ts_scaled(out, year / 100, 0); break;
  case U_MILLENNIUM: ts_scaled(out, year / 1000, 0); break;
  default: {
    int64_t secs = ((int64_t)(4 * 365.25) * year + (int64_t)(4 * 30) * mon + 4 * (int64_t)iv->day) *
                   (86400 / 4);
    /* In 128 bits: a long interval's microseconds overflow int64 (PostgreSQL
    ** computes this in numeric). */
    __int128 us = (__int128)secs * DT_USECS_PER_SEC + t;
    __int128 mag = us < 0 ? -us : us;
    sb_printf(out, "%s%lld.%06lld", us < 0 ? "-" : "", (long long)(mag / DT_USECS_PER_SEC),
              (long long)(mag % DT_USECS_PER_SEC));
  }
  }
}

/* Lowercased unit text, as PostgreSQL shows it in its messages. */
static void ts_unit_text(sqlite3_value *v, char *buf, size_t cap) {
  const char *s = (const char *)sqlite3_value_text(v);
  size_t i = 0;
  for (; s && s[i] && i + 1 < cap; i++) buf[i] = (char)tolower((unsigned char)s[i]);
  buf[i] = 0;
}

void dt_extract_sql(sqlite3_context *c, sqlite3_value **argv, int kind, bool want_numeric) {
  char unitname[64];
  ts_unit_text(argv[0], unitname, sizeof unitname);
  int unit = ts_unit(unitname, strlen(unitname));
  if (unit == U_NONE) {
    adt_error(c, ERRCODE_INVALID_PARAMETER_VALUE, "unit \"%s\" not recognized for type %s", unitname,
              ts_type_name(kind));
    return;
  }
  if (!ts_unit_ok(kind, unit)) {
    adt_error(c, ERRCODE_FEATURE_NOT_SUPPORTED, "unit \"%s\" not supported for type %s", unitname,
              ts_type_name(kind));
    return;
  }
  StrBuf b = STRBUF_INIT;
  if (kind == DT_KIND_INTERVAL) {
    DtInterval iv;
    if (dt_interval_arg(c, argv[1], &iv)) return;
    ts_extract_interval(&b, unit, &iv);
  } else {
    int64_t v = sqlite3_value_int64(argv[1]), ts = v;
    int off = 0;
    bool finite = kind == DT_KIND_DATE ? DATE_IS_FINITE(v) : DT_IS_FINITE(v);
    if (!finite) {
      /* monotonic fields are ±Infinity, the others NULL (NonFiniteTimestampPart) */
      bool inf = unit == U_YEAR || unit == U_DECADE || unit == U_CENTURY || unit == U_MILLENNIUM ||
                 unit == U_JULIAN || unit == U_ISOYEAR || unit == U_EPOCH;
      if (!inf) { sqlite3_result_null(c); return; }
      bool neg = kind == DT_KIND_DATE ? v == DATE_NOBEGIN : v == DT_NOBEGIN;
      if (want_numeric) sqlite3_result_text(c, neg ? "-Infinity" : "Infinity", -1, SQLITE_STATIC);
      else sqlite3_result_double(c, neg ? -INFINITY : INFINITY);
      return;
    }
    if (kind == DT_KIND_DATE) ts = v * DT_USECS_PER_DAY;
    else if (kind == DT_KIND_TIMESTAMPTZ) ts = dt_utc_to_local(adt_db(c), v, &off);
    if (kind == DT_KIND_TIME && unit == U_HOUR) ts_scaled(&b, v / DT_USECS_PER_HOUR, 0);
    else if (kind == DT_KIND_TIME && unit == U_EPOCH) ts_scaled(&b, v, 6);
    else ts_extract_tm(&b, unit, ts, off, kind == DT_KIND_DATE);
  }
  if (want_numeric) sqlite3_result_text(c, b.p, (int)b.n, free);
  else { sqlite3_result_double(c, strtod(b.p, NULL)); sb_free(&b); }
}

#define EXTRACT_FN(name, kind, num)                                        \
  static void name(sqlite3_context *c, int n, sqlite3_value **argv) {     \
    (void)n;                                                               \
    dt_extract_sql(c, argv, kind, num);                                    \
  }
EXTRACT_FN(extract_timestamp, DT_KIND_TIMESTAMP, true)
EXTRACT_FN(extract_timestamptz, DT_KIND_TIMESTAMPTZ, true)
EXTRACT_FN(extract_interval, DT_KIND_INTERVAL, true)
EXTRACT_FN(timestamp_part, DT_KIND_TIMESTAMP, false)
EXTRACT_FN(timestamptz_part, DT_KIND_TIMESTAMPTZ, false)
EXTRACT_FN(interval_part, DT_KIND_INTERVAL, false)

/* ------------------------------------------------------------- date_trunc */

/* Truncate local fields to unit; returns false when the unit does not truncate. */
static bool ts_trunc_tm(DtTm *tm, int unit) {
  int iy;
  switch (unit) {
  case U_MILLENNIUM:
    tm->year = tm->year > 0 ? ((tm->year + 999) / 1000) * 1000 - 999 : -((999 - (tm->year - 1)) / 1000) * 1000 + 1;
    tm->mon = 1; tm->mday = 1; tm->hour = tm->min = tm->sec = 0; tm->usec = 0;
    break;
  case U_CENTURY:
    tm->year = tm->year > 0 ? ((tm->year + 99) / 100) * 100 - 99 : -((99 - (tm->year - 1)) / 100) * 100 + 1;
    tm->mon = 1; tm->mday = 1; tm->hour = tm->min = tm->sec = 0; tm->usec = 0;
    break;
  case U_DECADE:
    tm->year = tm->year > 0 ? (tm->year / 10) * 10 : -((8 - (tm->year - 1)) / 10) * 10;
    tm->mon = 1; tm->mday = 1; tm->hour = tm->min = tm->sec = 0; tm->usec = 0;
    break;
  case U_YEAR: tm->mon = 1; /* fall through */
  case U_QUARTER: if (unit == U_QUARTER) tm->mon = 3 * ((tm->mon - 1) / 3) + 1; /* fall through */
  case U_MONTH: tm->mday = 1; /* fall through */
  case U_DAY: tm->hour = 0; /* fall through */
  case U_HOUR: tm->min = 0; /* fall through */
  case U_MIN: tm->sec = 0; /* fall through */
  case U_SEC: tm->usec = 0; break;
  case U_MSEC: tm->usec = tm->usec / 1000 * 1000; break;
  case U_USEC: break;
  case U_WEEK: {
    int w = ts_isoweek(tm->year, tm->mon, tm->mday, &iy);
    /* Monday of ISO week w of isoyear iy (isoweek2date) */
    int day4 = dt_date2j(iy, 1, 4);
    int jd = day4 - ((dt_j2day(day4) + 6) % 7) + (w - 1) * 7;
    dt_j2date(jd, &tm->year, &tm->mon, &tm->mday);
    tm->hour = tm->min = tm->sec = 0;
    tm->usec = 0;
    break;
  }
  default: return false;
  }
  return true;
}

static void ts_trunc(sqlite3_context *c, sqlite3_value **argv, bool tz) {
  char unitname[64];
  int kind = tz ? DT_KIND_TIMESTAMPTZ : DT_KIND_TIMESTAMP;
  ts_unit_text(argv[0], unitname, sizeof unitname);
  int unit = ts_unit(unitname, strlen(unitname));
  int64_t v = ARG(1);
  DtTm tm;
  if (unit == U_NONE) {
    adt_error(c, ERRCODE_INVALID_PARAMETER_VALUE, "unit \"%s\" not recognized for type %s", unitname,
              ts_type_name(kind));
    return;
  }
  if (!DT_IS_FINITE(v)) { sqlite3_result_int64(c, v); return; }
  int off = 0;
  int64_t local = tz ? dt_utc_to_local(adt_db(c), v, &off) : v;
  dt_ts2tm(local, &tm);
  if (!ts_trunc_tm(&tm, unit)) {
    adt_error(c, ERRCODE_FEATURE_NOT_SUPPORTED, "unit \"%s\" not supported for type %s", unitname,
              ts_type_name(kind));
    return;
  }
  local = dt_tm2ts(&tm);
  if (!tz) { sqlite3_result_int64(c, local); return; }
  /* units of a day or more find the zone offset again; smaller ones keep it */
  bool redo = unit >= U_DAY;
  sqlite3_result_int64(c, redo ? dt_local_to_utc(adt_db(c), local) : local - off * DT_USECS_PER_SEC);
}

static void timestamp_trunc(sqlite3_context *c, int n, sqlite3_value **argv) { (void)n; ts_trunc(c, argv, false); }
static void timestamptz_trunc(sqlite3_context *c, int n, sqlite3_value **argv) { (void)n; ts_trunc(c, argv, true); }

static void make_timestamp_common(sqlite3_context *c, sqlite3_value **argv, bool tz) {
  DtTm tm = {(int)ARG(0), (int)ARG(1), (int)ARG(2), (int)ARG(3), (int)ARG(4), 0, 0};
  double sec = sqlite3_value_double(argv[5]);
  if (tm.year < 0) tm.year++;                  /* negative years are BC */
  if (ARG(0) == 0 || tm.mon < 1 || tm.mon > 12 || tm.mday < 1 ||
      tm.mday > dt_days_in_month(tm.year, tm.mon)) {
    adt_error(c, ERRCODE_DATETIME_FIELD_OVERFLOW, "date field value out of range: %d-%02d-%02d",
              (int)ARG(0), (int)ARG(1), (int)ARG(2));
    return;
  }
  if (tm.hour < 0 || tm.hour > 24 || tm.min < 0 || tm.min > 59 || sec < 0 || sec > 60) {
    adt_error(c, ERRCODE_DATETIME_FIELD_OVERFLOW, "time field value out of range: %d:%02d:%02g",
              tm.hour, tm.min, sec);
    return;
  }
  /* PostgreSQL's IS_VALID_JULIAN, then the timestamp range; a year past it
  ** overflowed dt_tm2ts's microseconds (UBSan: make_timestamp(2147483647, ...)). */
  if (!(tm.year > -4713 || (tm.year == -4713 && tm.mon >= 11)) || !(tm.year < 5874898 || (tm.year == 5874898 && tm.mon < 6))) {
    adt_error(c, ERRCODE_DATETIME_VALUE_OUT_OF_RANGE, "date out of range: %d-%02d-%02d", (int)ARG(0), (int)ARG(1), (int)ARG(2));
    return;
  }
  int64_t ts = tm.year > 294276 ? INT64_MAX : dt_tm2ts(&tm) + (int64_t)rint(sec * 1e6);
  if (!TS_VALID(ts)) {
    adt_error(c, ERRCODE_DATETIME_VALUE_OUT_OF_RANGE, "timestamp out of range: %d-%02d-%02d %d:%02d:%02g",
              (int)ARG(0), (int)ARG(1), (int)ARG(2), tm.hour, tm.min, sec);
    return;
  }
  sqlite3_result_int64(c, tz ? dt_local_to_utc(adt_db(c), ts) : ts);
}
static void make_timestamp(sqlite3_context *c, int n, sqlite3_value **argv) { (void)n; make_timestamp_common(c, argv, false); }
static void make_timestamptz(sqlite3_context *c, int n, sqlite3_value **argv) { (void)n; make_timestamp_common(c, argv, true); }

/* to_timestamp(float8): Unix epoch seconds. */
static void float8_timestamptz(sqlite3_context *c, int n, sqlite3_value **argv) {
  (void)n;
  double s = sqlite3_value_double(argv[0]);
  if (isinf(s)) { sqlite3_result_int64(c, s < 0 ? DT_NOBEGIN : DT_NOEND); return; }
  double us = rint((s - 946684800.0) * 1e6);
  if (isnan(s) || us < (double)TS_MIN || us >= (double)TS_END) {
    adt_error(c, ERRCODE_DATETIME_VALUE_OUT_OF_RANGE, "timestamp out of range: \"%g\"", s);
    return;
  }
  sqlite3_result_int64(c, (int64_t)us);
}

#define F(name, nargs) {#name, nargs, ADT_STRICT, name}
#define DT_ROW(sql, fn, nargs, flags) {sql, nargs, flags, dt_##fn},
/* One table for the registry: date.c's functions and this file's. */
const AdtFunc adt_datetime_funcs[] = {
  DT_DATE_FUNCS(DT_ROW)
  F(timestamp_eq, 2), F(timestamp_ne, 2), F(timestamp_lt, 2), F(timestamp_le, 2),
  F(timestamp_gt, 2), F(timestamp_ge, 2), F(timestamp_cmp, 2), F(timestamp_larger, 2),
  F(timestamp_smaller, 2), F(timestamp_finite, 1),
  F(timestamp_eq_timestamptz, 2), F(timestamp_ne_timestamptz, 2), F(timestamp_lt_timestamptz, 2),
  F(timestamp_le_timestamptz, 2), F(timestamp_gt_timestamptz, 2), F(timestamp_ge_timestamptz, 2),
  F(timestamp_cmp_timestamptz, 2),
  F(timestamptz_eq_timestamp, 2), F(timestamptz_ne_timestamp, 2), F(timestamptz_lt_timestamp, 2),
  F(timestamptz_le_timestamp, 2), F(timestamptz_gt_timestamp, 2), F(timestamptz_ge_timestamp, 2),
  F(timestamptz_cmp_timestamp, 2),
  F(timestamp_timestamptz, 1), F(timestamptz_timestamp, 1),
  F(timestamp_scale, 2), {"timestamptz_scale", 2, ADT_STRICT, timestamp_scale},
  F(timestamptz_zone, 2), F(timestamp_zone, 2),
  F(timestamp_mi, 2), F(timestamp_pl_interval, 2), F(timestamp_mi_interval, 2),
  F(timestamptz_pl_interval, 2), F(timestamptz_mi_interval, 2),
  F(timestamp_age, 2), F(timestamptz_age, 2),
  {"now", 0, ADT_STRICT | ADT_VOLATILE, ts_now},
  {"statement_timestamp", 0, ADT_STRICT | ADT_VOLATILE, statement_timestamp},
  {"clock_timestamp", 0, ADT_STRICT | ADT_VOLATILE, clock_timestamp},
  F(interval_eq, 2), F(interval_ne, 2), F(interval_lt, 2), F(interval_le, 2), F(interval_gt, 2),
  F(interval_ge, 2), F(interval_cmp, 2), F(interval_larger, 2), F(interval_smaller, 2),
  F(interval_pl, 2), F(interval_mi, 2), F(interval_um, 1), F(interval_mul, 2),
  F(mul_d_interval, 2), F(interval_div, 2), F(interval_justify_hours, 1),
  F(interval_justify_days, 1), F(interval_finite, 1), F(interval_scale, 2), F(make_interval, 7),
  F(extract_timestamp, 2), F(extract_timestamptz, 2), F(extract_interval, 2),
  F(timestamp_part, 2), F(timestamptz_part, 2), F(interval_part, 2),
  F(timestamp_trunc, 2), F(timestamptz_trunc, 2),
  F(make_timestamp, 6), F(make_timestamptz, 6), F(float8_timestamptz, 1),
  {NULL, 0, 0, NULL},
};
