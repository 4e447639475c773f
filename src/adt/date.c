/*
** date.c — the date and time (without time zone) types, after PostgreSQL's
** utils/adt/date.c.  A date is stored as days since 2000-01-01 (±infinity
** as INT32_MAX / INT32_MIN), a time as microseconds since midnight, both
** INTEGER so that SQLite orders and compares them natively.
**
** The function table is exported as dt_date_funcs and listed by
** timestamp.c's adt_datetime_funcs (one table for the registry).
*/
#include "adt/datetime.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Dates PostgreSQL accepts: 4714-11-24 BC .. 5874897-12-31 (as Julian days). */
#define DATE_MIN_JD 0
#define DATE_END_JD 2147483494

static bool date_in_range(int64_t days) {
  return days + DT_EPOCH_JD >= DATE_MIN_JD && days + DT_EPOCH_JD < DATE_END_JD;
}

/* ---------------------------------------------------------------- I/O */

static int date_in(pgm_db *db, int32_t typmod, const char *s, size_t n, Datum *out,
                   pgm_error **err) {
  DtParsed p;
  int rc = dt_parse(db, s, n, &p);
  int64_t days = 0;
  (void)typmod;
  if (rc == DT_OK) {
    switch (p.special) {
    case DTK_LATE: days = DATE_NOEND; break;
    case DTK_EARLY: days = DATE_NOBEGIN; break;
    case DTK_EPOCH: days = DT_UNIX_EPOCH_JD - DT_EPOCH_JD; break;
    case DTK_NOW: days = dt_current_date(db); break;
    case DTK_TODAY: case DTK_TOMORROW: case DTK_YESTERDAY:
      days = dt_current_date(db) + (p.special == DTK_TOMORROW) - (p.special == DTK_YESTERDAY);
      break;
    case DTK_ALLBALLS: rc = DT_ERR_SYNTAX; break;
    default:
      if (!p.has_date) { rc = DT_ERR_SYNTAX; break; }
      days = (int64_t)dt_date2j(p.tm.year, p.tm.mon, p.tm.mday) - DT_EPOCH_JD;
      if (!date_in_range(days)) {
        *err = pgm_error_new(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE, "date out of range: \"%.*s\"",
                             (int)n, s);
        return -1;
      }
    }
  }
  if (rc != DT_OK) { *err = dt_parse_error(rc, "date", s, n); return -1; }
  out->kind = D_INT;
  out->i = days;
  return 0;
}

static void date_out(pgm_db *db, int32_t typmod, const Datum *v, StrBuf *out) {
  (void)typmod;
  dt_format_date(db, (int32_t)v->i, out);
}

/* Round a time/timestamp to typmod fractional digits (AdjustTimestampForTypmod). */
int64_t dt_round_typmod(int64_t t, int32_t typmod) {
  static const int64_t scales[] = {1000000, 100000, 10000, 1000, 100, 10, 1};
  if (typmod < 0 || typmod >= 6 || !DT_IS_FINITE(t)) return t;
  int64_t sc = scales[typmod], off = sc / 2;
  return t >= 0 ? (t + off) / sc * sc : -(((-t) + off) / sc * sc);
}

static int time_in(pgm_db *db, int32_t typmod, const char *s, size_t n, Datum *out,
                   pgm_error **err) {
  DtParsed p;
  int rc = dt_parse(db, s, n, &p);
  int64_t t = 0;
  if (rc == DT_OK) {
    if (p.special == DTK_ALLBALLS) t = 0;
    else if (p.special == DTK_NOW) {
      int64_t local = dt_utc_to_local(db, dt_xact_start(db), NULL) % DT_USECS_PER_DAY;
      t = local < 0 ? local + DT_USECS_PER_DAY : local;
    } else if (p.special != DTK_NORMAL || !p.has_time) rc = DT_ERR_SYNTAX;
    else t = ((p.tm.hour * INT64_C(60) + p.tm.min) * 60 + p.tm.sec) * DT_USECS_PER_SEC + p.tm.usec;
  }
  if (rc != DT_OK) {
    *err = dt_parse_error(rc, "time", s, n);
    return -1;
  }
  out->kind = D_INT;
  out->i = dt_round_typmod(t, typmod);
  return 0;
}

static void time_out(pgm_db *db, int32_t typmod, const Datum *v, StrBuf *out) {
  (void)db;
  (void)typmod;
  dt_format_time(v->i, out);
}

/* I/O rows for date and time; timestamp.c exports the full table. */
int dt_date_io_in(pgm_db *db, int32_t typmod, const char *s, size_t n, Datum *out, pgm_error **err) {
  return date_in(db, typmod, s, n, out, err);
}
void dt_date_io_out(pgm_db *db, int32_t typmod, const Datum *v, StrBuf *out) {
  date_out(db, typmod, v, out);
}
int dt_time_io_in(pgm_db *db, int32_t typmod, const char *s, size_t n, Datum *out, pgm_error **err) {
  return time_in(db, typmod, s, n, out, err);
}
void dt_time_io_out(pgm_db *db, int32_t typmod, const Datum *v, StrBuf *out) {
  time_out(db, typmod, v, out);
}

/* ------------------------------------------------------------ functions */

#define ARG(i) sqlite3_value_int64(argv[i])

/* Comparisons shared by date and time (both plain integers). */
void dt_date_eq(sqlite3_context *c, int n, sqlite3_value **argv) { (void)n; sqlite3_result_int(c, ARG(0) == ARG(1)); }
void dt_date_ne(sqlite3_context *c, int n, sqlite3_value **argv) { (void)n; sqlite3_result_int(c, ARG(0) != ARG(1)); }
void dt_date_lt(sqlite3_context *c, int n, sqlite3_value **argv) { (void)n; sqlite3_result_int(c, ARG(0) < ARG(1)); }
void dt_date_le(sqlite3_context *c, int n, sqlite3_value **argv) { (void)n; sqlite3_result_int(c, ARG(0) <= ARG(1)); }
void dt_date_gt(sqlite3_context *c, int n, sqlite3_value **argv) { (void)n; sqlite3_result_int(c, ARG(0) > ARG(1)); }
void dt_date_ge(sqlite3_context *c, int n, sqlite3_value **argv) { (void)n; sqlite3_result_int(c, ARG(0) >= ARG(1)); }
void dt_date_cmp(sqlite3_context *c, int n, sqlite3_value **argv) {
  (void)n;
  sqlite3_result_int(c, ARG(0) < ARG(1) ? -1 : ARG(0) > ARG(1));
}
void dt_date_larger(sqlite3_context *c, int n, sqlite3_value **argv) {
  (void)n;
  sqlite3_result_int64(c, ARG(0) >= ARG(1) ? ARG(0) : ARG(1));
}
void dt_date_smaller(sqlite3_context *c, int n, sqlite3_value **argv) {
  (void)n;
  sqlite3_result_int64(c, ARG(0) <= ARG(1) ? ARG(0) : ARG(1));
}

static void date_result_days(sqlite3_context *c, int64_t days) {
  if (!date_in_range(days)) { adt_error(c, ERRCODE_DATETIME_VALUE_OUT_OF_RANGE, "date out of range"); return; }
  sqlite3_result_int64(c, days);
}

/* date + int4 / date - int4: infinite dates stay infinite. */
void dt_date_pli(sqlite3_context *c, int n, sqlite3_value **argv) {
  (void)n;
  int64_t d = ARG(0);
  if (!DATE_IS_FINITE(d)) { sqlite3_result_int64(c, d); return; }
  date_result_days(c, d + (int32_t)ARG(1));
}
void dt_date_mii(sqlite3_context *c, int n, sqlite3_value **argv) {
  (void)n;
  int64_t d = ARG(0);
  if (!DATE_IS_FINITE(d)) { sqlite3_result_int64(c, d); return; }
  date_result_days(c, d - (int32_t)ARG(1));
}
void dt_date_mi(sqlite3_context *c, int n, sqlite3_value **argv) {
  (void)n;
  if (!DATE_IS_FINITE(ARG(0)) || !DATE_IS_FINITE(ARG(1))) {
    adt_error(c, ERRCODE_DATETIME_VALUE_OUT_OF_RANGE, "cannot subtract infinite dates");
    return;
  }
  sqlite3_result_int64(c, ARG(0) - ARG(1));
}

/* date -> timestamp (local midnight); PostgreSQL's timestamps end in 294276. */
int dt_date2ts(int64_t d, int64_t *ts) {
  if (d == DATE_NOBEGIN) { *ts = DT_NOBEGIN; return 0; }
  if (d == DATE_NOEND) { *ts = DT_NOEND; return 0; }
  if (d >= dt_date2j(294277, 1, 1) - DT_EPOCH_JD) return -1;
  *ts = d * DT_USECS_PER_DAY;
  return 0;
}

int64_t dt_ts2date(int64_t ts) {
  if (ts == DT_NOBEGIN) return DATE_NOBEGIN;
  if (ts == DT_NOEND) return DATE_NOEND;
  int64_t d = ts / DT_USECS_PER_DAY;
  if (ts % DT_USECS_PER_DAY < 0) d--;
  return d;
}

void dt_date_timestamp(sqlite3_context *c, int n, sqlite3_value **argv) {
  (void)n;
  int64_t ts;
  if (dt_date2ts(ARG(0), &ts)) {
    adt_error(c, ERRCODE_DATETIME_VALUE_OUT_OF_RANGE, "date out of range for timestamp");
    return;
  }
  sqlite3_result_int64(c, ts);
}

void dt_date_timestamptz(sqlite3_context *c, int n, sqlite3_value **argv) {
  (void)n;
  int64_t ts;
  if (dt_date2ts(ARG(0), &ts)) {
    adt_error(c, ERRCODE_DATETIME_VALUE_OUT_OF_RANGE, "date out of range for timestamp");
    return;
  }
  sqlite3_result_int64(c, dt_local_to_utc(adt_db(c), ts));
}

void dt_timestamp_date(sqlite3_context *c, int n, sqlite3_value **argv) {
  (void)n;
  sqlite3_result_int64(c, dt_ts2date(ARG(0)));
}

void dt_timestamptz_date(sqlite3_context *c, int n, sqlite3_value **argv) {
  (void)n;
  sqlite3_result_int64(c, dt_ts2date(dt_utc_to_local(adt_db(c), ARG(0), NULL)));
}

/* CURRENT_DATE: the transaction start's date in the session zone. */
void dt_pgm_current_date(sqlite3_context *c, int n, sqlite3_value **argv) {
  (void)n;
  (void)argv;
  sqlite3_result_int64(c, dt_current_date(adt_db(c)));
}

void dt_date_finite(sqlite3_context *c, int n, sqlite3_value **argv) {
  (void)n;
  sqlite3_result_int(c, DATE_IS_FINITE(ARG(0)));
}

void dt_make_date(sqlite3_context *c, int n, sqlite3_value **argv) {
  (void)n;
  int y = (int)ARG(0), m = (int)ARG(1), d = (int)ARG(2);
  bool bc = y < 0;
  int ay = bc ? y + 1 : y;
  if (y == 0 || m < 1 || m > 12 || d < 1 || d > dt_days_in_month(ay, m)) {
    adt_error(c, ERRCODE_DATETIME_FIELD_OVERFLOW, "date field value out of range: %d-%02d-%02d", y, m, d);
    return;
  }
  int64_t days = (int64_t)dt_date2j(ay, m, d) - DT_EPOCH_JD;
  if (!date_in_range(days)) {
    adt_error(c, ERRCODE_DATETIME_VALUE_OUT_OF_RANGE, "date out of range: %d-%02d-%02d", y, m, d);
    return;
  }
  sqlite3_result_int64(c, days);
}

/* ---- date vs timestamp / timestamptz comparisons (date widened) ---- */

static int date_widen(sqlite3_context *c, int64_t d, bool tz, int64_t *ts) {
  if (dt_date2ts(d, ts)) {
    /* beyond the timestamp range: larger than any finite timestamp */
    *ts = d > 0 ? DT_NOEND - 1 : DT_NOBEGIN + 1;
    return 0;
  }
  if (tz) *ts = dt_local_to_utc(adt_db(c), *ts);
  return 0;
}

static int date_cmp_ts(sqlite3_context *c, sqlite3_value **argv, bool tz, bool date_first) {
  int64_t a, b;
  if (date_first) { date_widen(c, ARG(0), tz, &a); b = ARG(1); }
  else { a = ARG(0); date_widen(c, ARG(1), tz, &b); }
  return a < b ? -1 : a > b;
}

#define DATE_CROSS(name, tz, first, expr)                                   \
  void dt_##name(sqlite3_context *c, int n, sqlite3_value **argv) {       \
    (void)n;                                                                \
    int r = date_cmp_ts(c, argv, tz, first);                                \
    sqlite3_result_int(c, expr);                                            \
  }
DATE_CROSS(date_eq_timestamp, false, true, r == 0)
DATE_CROSS(date_ne_timestamp, false, true, r != 0)
DATE_CROSS(date_lt_timestamp, false, true, r < 0)
DATE_CROSS(date_le_timestamp, false, true, r <= 0)
DATE_CROSS(date_gt_timestamp, false, true, r > 0)
DATE_CROSS(date_ge_timestamp, false, true, r >= 0)
DATE_CROSS(date_cmp_timestamp, false, true, r)
DATE_CROSS(date_eq_timestamptz, true, true, r == 0)
DATE_CROSS(date_ne_timestamptz, true, true, r != 0)
DATE_CROSS(date_lt_timestamptz, true, true, r < 0)
DATE_CROSS(date_le_timestamptz, true, true, r <= 0)
DATE_CROSS(date_gt_timestamptz, true, true, r > 0)
DATE_CROSS(date_ge_timestamptz, true, true, r >= 0)
DATE_CROSS(date_cmp_timestamptz, true, true, r)
DATE_CROSS(timestamp_eq_date, false, false, r == 0)
DATE_CROSS(timestamp_ne_date, false, false, r != 0)
DATE_CROSS(timestamp_lt_date, false, false, r < 0)
DATE_CROSS(timestamp_le_date, false, false, r <= 0)
DATE_CROSS(timestamp_gt_date, false, false, r > 0)
DATE_CROSS(timestamp_ge_date, false, false, r >= 0)
DATE_CROSS(timestamp_cmp_date, false, false, r)
DATE_CROSS(timestamptz_eq_date, true, false, r == 0)
DATE_CROSS(timestamptz_ne_date, true, false, r != 0)
DATE_CROSS(timestamptz_lt_date, true, false, r < 0)
DATE_CROSS(timestamptz_le_date, true, false, r <= 0)
DATE_CROSS(timestamptz_gt_date, true, false, r > 0)
DATE_CROSS(timestamptz_ge_date, true, false, r >= 0)
DATE_CROSS(timestamptz_cmp_date, true, false, r)

/* ---- date with interval, time arithmetic ---- */

void dt_date_pl_interval(sqlite3_context *c, int n, sqlite3_value **argv) {
  (void)n;
  DtInterval iv;
  int64_t ts, r;
  if (dt_interval_arg(c, argv[1], &iv)) return;
  if (dt_date2ts(ARG(0), &ts)) {
    adt_error(c, ERRCODE_DATETIME_VALUE_OUT_OF_RANGE, "date out of range for timestamp");
    return;
  }
  if (dt_ts_pl_interval(ts, &iv, &r)) {
    adt_error(c, ERRCODE_DATETIME_VALUE_OUT_OF_RANGE, "timestamp out of range");
    return;
  }
  sqlite3_result_int64(c, r);
}

void dt_date_mi_interval(sqlite3_context *c, int n, sqlite3_value **argv) {
  (void)n;
  DtInterval iv;
  int64_t ts, r;
  if (dt_interval_arg(c, argv[1], &iv)) return;
  if (dt_date2ts(ARG(0), &ts)) {
    adt_error(c, ERRCODE_DATETIME_VALUE_OUT_OF_RANGE, "date out of range for timestamp");
    return;
  }
  iv.month = -iv.month;
  iv.day = -iv.day;
  iv.time = -iv.time;
  if (dt_ts_pl_interval(ts, &iv, &r)) {
    adt_error(c, ERRCODE_DATETIME_VALUE_OUT_OF_RANGE, "timestamp out of range");
    return;
  }
  sqlite3_result_int64(c, r);
}

/* date + time -> timestamp */
void dt_datetime_timestamp(sqlite3_context *c, int n, sqlite3_value **argv) {
  (void)n;
  int64_t ts;
  if (dt_date2ts(ARG(0), &ts)) {
    adt_error(c, ERRCODE_DATETIME_VALUE_OUT_OF_RANGE, "date out of range for timestamp");
    return;
  }
  sqlite3_result_int64(c, DT_IS_FINITE(ts) ? ts + ARG(1) : ts);
}

static int64_t time_wrap(int64_t t) {
  t %= DT_USECS_PER_DAY;
  return t < 0 ? t + DT_USECS_PER_DAY : t;
}

void dt_time_mi_time(sqlite3_context *c, int n, sqlite3_value **argv) {
  (void)n;
  DtInterval iv = {0, 0, ARG(0) - ARG(1)};
  dt_interval_result(c, &iv);
}

void dt_time_pl_interval(sqlite3_context *c, int n, sqlite3_value **argv) {
  (void)n;
  DtInterval iv;
  if (dt_interval_arg(c, argv[1], &iv)) return;
  sqlite3_result_int64(c, time_wrap(ARG(0) + iv.time % DT_USECS_PER_DAY));
}

void dt_time_mi_interval(sqlite3_context *c, int n, sqlite3_value **argv) {
  (void)n;
  DtInterval iv;
  if (dt_interval_arg(c, argv[1], &iv)) return;
  sqlite3_result_int64(c, time_wrap(ARG(0) - iv.time % DT_USECS_PER_DAY));
}

void dt_timestamp_time(sqlite3_context *c, int n, sqlite3_value **argv) {
  (void)n;
  if (!DT_IS_FINITE(ARG(0))) { sqlite3_result_null(c); return; }
  sqlite3_result_int64(c, time_wrap(ARG(0)));
}

void dt_timestamptz_time(sqlite3_context *c, int n, sqlite3_value **argv) {
  (void)n;
  if (!DT_IS_FINITE(ARG(0))) { sqlite3_result_null(c); return; }
  sqlite3_result_int64(c, time_wrap(dt_utc_to_local(adt_db(c), ARG(0), NULL)));
}

void dt_time_interval(sqlite3_context *c, int n, sqlite3_value **argv) {
  (void)n;
  DtInterval iv = {0, 0, ARG(0)};
  dt_interval_result(c, &iv);
}

void dt_interval_time(sqlite3_context *c, int n, sqlite3_value **argv) {
  (void)n;
  DtInterval iv;
  if (dt_interval_arg(c, argv[0], &iv)) return;
  sqlite3_result_int64(c, time_wrap(iv.time));
}

void dt_time_scale(sqlite3_context *c, int n, sqlite3_value **argv) {
  (void)n;
  sqlite3_result_int64(c, dt_round_typmod(ARG(0), (int32_t)ARG(1)));
}

void dt_make_time(sqlite3_context *c, int n, sqlite3_value **argv) {
  (void)n;
  int h = (int)ARG(0), m = (int)ARG(1);
  double sec = sqlite3_value_double(argv[2]);
  if (h < 0 || h > 24 || m < 0 || m > 59 || sec < 0 || sec > 60 ||
      (h == 24 && (m || sec > 0))) {
    adt_error(c, ERRCODE_DATETIME_FIELD_OVERFLOW, "time field value out of range: %d:%02d:%02g", h, m, sec);
    return;
  }
  sqlite3_result_int64(c, (h * INT64_C(60) + m) * DT_USECS_PER_MIN + (int64_t)rint(sec * 1e6));
}

/* extract(field from date) and date_part for the time type. */
void dt_extract_date(sqlite3_context *c, int n, sqlite3_value **argv) {
  (void)n;
  dt_extract_sql(c, argv, DT_KIND_DATE, true);
}
void dt_extract_time(sqlite3_context *c, int n, sqlite3_value **argv) {
  (void)n;
  dt_extract_sql(c, argv, DT_KIND_TIME, true);
}
void dt_time_part(sqlite3_context *c, int n, sqlite3_value **argv) {
  (void)n;
  dt_extract_sql(c, argv, DT_KIND_TIME, false);
}
