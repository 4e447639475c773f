/*
** datetime.h — shared date/time machinery for date.c and timestamp.c (after
** PostgreSQL's utils/adt/datetime.c): Julian day arithmetic, broken-down
** times, parsing of PostgreSQL's accepted input forms, output per DateStyle
** and IntervalStyle, and time zone offsets through ICU.
**
** Stored forms (see adt.h): date = days since 2000-01-01 (int32 range),
** timestamp/timestamptz = microseconds since 2000-01-01 00:00 (timestamptz
** in UTC), time = microseconds since midnight, interval = its postgres-style
** text output, parsed back into DtInterval for arithmetic.
*/
#ifndef PGM_ADT_DATETIME_H
#define PGM_ADT_DATETIME_H

#include "adt/adt.h"

#define DT_USECS_PER_SEC INT64_C(1000000)
#define DT_USECS_PER_MIN INT64_C(60000000)
#define DT_USECS_PER_HOUR INT64_C(3600000000)
#define DT_USECS_PER_DAY INT64_C(86400000000)
#define DT_EPOCH_JD 2451545          /* Julian day of 2000-01-01 */
#define DT_UNIX_EPOCH_JD 2440588     /* Julian day of 1970-01-01 */
#define DT_UNIX_OFFSET_US (INT64_C(946684800) * DT_USECS_PER_SEC)
#define DT_NOBEGIN INT64_MIN         /* -infinity timestamp */
#define DT_NOEND INT64_MAX           /* infinity timestamp */
#define DATE_NOBEGIN INT32_MIN
#define DATE_NOEND INT32_MAX
#define DT_IS_FINITE(t) ((t) != DT_NOBEGIN && (t) != DT_NOEND)
#define DATE_IS_FINITE(d) ((d) != DATE_NOBEGIN && (d) != DATE_NOEND)

/* A broken-down time.  year is astronomical (0 = 1 BC, -1 = 2 BC). */
typedef struct DtTm {
  int year, mon, mday, hour, min, sec;
  int32_t usec;
} DtTm;

/* PostgreSQL's interval: months, days and microseconds kept apart. */
typedef struct DtInterval {
  int32_t month, day;
  int64_t time;
} DtInterval;

/* Julian days (PostgreSQL's date2j / j2date, valid far beyond our range). */
int dt_date2j(int y, int m, int d);
void dt_j2date(int jd, int *y, int *m, int *d);
int dt_j2day(int jd);                 /* 0 = Sunday */
int dt_days_in_month(int y, int m);

/* Local microseconds since 2000-01-01 <-> broken-down time. */
int64_t dt_tm2ts(const DtTm *tm);
void dt_ts2tm(int64_t ts, DtTm *tm);

/* Time zones (names as ICU knows them, "UTC" when NULL).  Offsets are
** seconds east of UTC.  dt_zone_valid says whether a name is known. */
int dt_zone_offset_utc(const char *zone, int64_t utc_ts);
int dt_zone_offset_local(const char *zone, int64_t local_ts);
bool dt_zone_valid(const char *zone);
/* The abbreviation shown by DateStyle Postgres/SQL ("PST", "CEST", "+0530"). */
void dt_zone_abbrev(const char *zone, int64_t utc_ts, StrBuf *out);
/* The session time zone. */
const char *dt_session_zone(pgm_db *db);
/* UTC timestamp <-> local timestamp in the session zone. */
int64_t dt_utc_to_local(pgm_db *db, int64_t utc_ts, int *offset);
int64_t dt_local_to_utc(pgm_db *db, int64_t local_ts);

/* ---- parsing ---- */
enum { DT_OK = 0, DT_ERR_SYNTAX = -1, DT_ERR_RANGE = -2, DT_ERR_TZ = -3, DT_ERR_TSRANGE = -4,
       DT_ERR_TZDISP = -5 };
enum { DTK_NORMAL, DTK_EPOCH, DTK_LATE, DTK_EARLY, DTK_NOW, DTK_TODAY, DTK_TOMORROW,
       DTK_YESTERDAY, DTK_ALLBALLS };

typedef struct DtParsed {
  int special;              /* DTK_* */
  DtTm tm;
  bool has_date, has_time, has_tz;
  int tz;                   /* seconds east of UTC when has_tz and !tzname[0] */
  char tzname[64];          /* named zone to resolve against the local time */
} DtParsed;

/* Parse PostgreSQL's date/time input.  Returns DT_OK or a DT_ERR_*. */
int dt_parse(pgm_db *db, const char *s, size_t n, DtParsed *p);
/* The error for a failed parse: 22007 / 22008 / 22023 with PostgreSQL's text. */
pgm_error *dt_parse_error(int rc, const char *tname, const char *s, size_t n);

/* Resolve a parsed value into a UTC timestamp (timestamptz semantics) or
** a local one (timestamp).  Handles now/today/epoch/infinity. */
int dt_parsed_to_tstz(pgm_db *db, const DtParsed *p, int64_t *out);
int dt_parsed_to_ts(pgm_db *db, const DtParsed *p, int64_t *out);

/* ---- output ---- */
/* DateStyle: 'I' ISO, 'P' Postgres, 'S' SQL, 'G' German; order 'M','D','Y'. */
void dt_datestyle(pgm_db *db, char *style, char *order);
void dt_format_date(pgm_db *db, int32_t date, StrBuf *out);
/* zone_off < 0x7fffffff when the value carries a zone (timestamptz). */
void dt_format_timestamp(pgm_db *db, int64_t ts, bool with_tz, StrBuf *out);
void dt_format_time(int64_t t, StrBuf *out);
/* Append ":SS[.ffffff]" trimmed of trailing zeros (AppendSeconds). */
void dt_append_seconds(StrBuf *out, int sec, int32_t usec);

/* ---- interval (timestamp.c) ---- */
int dt_interval_parse(const char *s, size_t n, DtInterval *iv);
void dt_interval_format(const DtInterval *iv, StrBuf *out);
/* Read an interval argument (stored text). Returns -1 after raising. */
int dt_interval_arg(sqlite3_context *ctx, sqlite3_value *v, DtInterval *iv);
void dt_interval_result(sqlite3_context *ctx, const DtInterval *iv);
/* timestamp + interval in local (zone-free) time; -1 on overflow. */
int dt_ts_pl_interval(int64_t ts, const DtInterval *iv, int64_t *out);

/* Today's date (days since 2000-01-01) in the session zone, from the
** transaction start time. */
int32_t dt_current_date(pgm_db *db);
/* Current transaction start as a timestamptz (2000 epoch). */
int64_t dt_xact_start(pgm_db *db);

/* Round to typmod fractional digits (AdjustTimestampForTypmod); -1 = none. */
int64_t dt_round_typmod(int64_t t, int32_t typmod);
/* date <-> timestamp (local midnight); dt_date2ts fails beyond 294276 AD. */
int dt_date2ts(int64_t d, int64_t *ts);
int64_t dt_ts2date(int64_t ts);

/* extract(unit from v) (numeric text, want_numeric) or date_part (float8)
** for argv = (unit text, value); raises PostgreSQL's unit errors. */
enum { DT_KIND_DATE, DT_KIND_TIME, DT_KIND_TIMESTAMP, DT_KIND_TIMESTAMPTZ, DT_KIND_INTERVAL };
void dt_extract_sql(sqlite3_context *ctx, sqlite3_value **argv, int kind, bool want_numeric);

/* date.c's type I/O, listed in timestamp.c's adt_datetime_types. */
int dt_date_io_in(pgm_db *db, int32_t typmod, const char *s, size_t n, Datum *out, pgm_error **err);
void dt_date_io_out(pgm_db *db, int32_t typmod, const Datum *v, StrBuf *out);
int dt_time_io_in(pgm_db *db, int32_t typmod, const char *s, size_t n, Datum *out, pgm_error **err);
void dt_time_io_out(pgm_db *db, int32_t typmod, const Datum *v, StrBuf *out);

/* date.c's SQL functions (implemented there as dt_<fn>), listed in
** timestamp.c's adt_datetime_funcs: X(prosrc, fn, nargs, flags). */
#define DT_DATE_FUNCS(X) \
  X("date_eq", date_eq, 2, ADT_STRICT) \
  X("date_ne", date_ne, 2, ADT_STRICT) \
  X("date_lt", date_lt, 2, ADT_STRICT) \
  X("date_le", date_le, 2, ADT_STRICT) \
  X("date_gt", date_gt, 2, ADT_STRICT) \
  X("date_ge", date_ge, 2, ADT_STRICT) \
  X("date_cmp", date_cmp, 2, ADT_STRICT) \
  X("date_larger", date_larger, 2, ADT_STRICT) \
  X("date_smaller", date_smaller, 2, ADT_STRICT) \
  X("time_eq", date_eq, 2, ADT_STRICT) \
  X("time_ne", date_ne, 2, ADT_STRICT) \
  X("time_lt", date_lt, 2, ADT_STRICT) \
  X("time_le", date_le, 2, ADT_STRICT) \
  X("time_gt", date_gt, 2, ADT_STRICT) \
  X("time_ge", date_ge, 2, ADT_STRICT) \
  X("time_cmp", date_cmp, 2, ADT_STRICT) \
  X("time_larger", date_larger, 2, ADT_STRICT) \
  X("time_smaller", date_smaller, 2, ADT_STRICT) \
  X("date_pli", date_pli, 2, ADT_STRICT) \
  X("date_mii", date_mii, 2, ADT_STRICT) \
  X("date_mi", date_mi, 2, ADT_STRICT) \
  X("date_timestamp", date_timestamp, 1, ADT_STRICT) \
  X("date_timestamptz", date_timestamptz, 1, ADT_STRICT) \
  X("timestamp_date", timestamp_date, 1, ADT_STRICT) \
  X("timestamptz_date", timestamptz_date, 1, ADT_STRICT) \
  X("pgm_current_date", pgm_current_date, 0, ADT_VOLATILE) \
  X("date_finite", date_finite, 1, ADT_STRICT) \
  X("make_date", make_date, 3, ADT_STRICT) \
  X("date_eq_timestamp", date_eq_timestamp, 2, ADT_STRICT) \
  X("date_ne_timestamp", date_ne_timestamp, 2, ADT_STRICT) \
  X("date_lt_timestamp", date_lt_timestamp, 2, ADT_STRICT) \
  X("date_le_timestamp", date_le_timestamp, 2, ADT_STRICT) \
  X("date_gt_timestamp", date_gt_timestamp, 2, ADT_STRICT) \
  X("date_ge_timestamp", date_ge_timestamp, 2, ADT_STRICT) \
  X("date_cmp_timestamp", date_cmp_timestamp, 2, ADT_STRICT) \
  X("date_eq_timestamptz", date_eq_timestamptz, 2, ADT_STRICT) \
  X("date_ne_timestamptz", date_ne_timestamptz, 2, ADT_STRICT) \
  X("date_lt_timestamptz", date_lt_timestamptz, 2, ADT_STRICT) \
  X("date_le_timestamptz", date_le_timestamptz, 2, ADT_STRICT) \
  X("date_gt_timestamptz", date_gt_timestamptz, 2, ADT_STRICT) \
  X("date_ge_timestamptz", date_ge_timestamptz, 2, ADT_STRICT) \
  X("date_cmp_timestamptz", date_cmp_timestamptz, 2, ADT_STRICT) \
  X("timestamp_eq_date", timestamp_eq_date, 2, ADT_STRICT) \
  X("timestamp_ne_date", timestamp_ne_date, 2, ADT_STRICT) \
  X("timestamp_lt_date", timestamp_lt_date, 2, ADT_STRICT) \
  X("timestamp_le_date", timestamp_le_date, 2, ADT_STRICT) \
  X("timestamp_gt_date", timestamp_gt_date, 2, ADT_STRICT) \
  X("timestamp_ge_date", timestamp_ge_date, 2, ADT_STRICT) \
  X("timestamp_cmp_date", timestamp_cmp_date, 2, ADT_STRICT) \
  X("timestamptz_eq_date", timestamptz_eq_date, 2, ADT_STRICT) \
  X("timestamptz_ne_date", timestamptz_ne_date, 2, ADT_STRICT) \
  X("timestamptz_lt_date", timestamptz_lt_date, 2, ADT_STRICT) \
  X("timestamptz_le_date", timestamptz_le_date, 2, ADT_STRICT) \
  X("timestamptz_gt_date", timestamptz_gt_date, 2, ADT_STRICT) \
  X("timestamptz_ge_date", timestamptz_ge_date, 2, ADT_STRICT) \
  X("timestamptz_cmp_date", timestamptz_cmp_date, 2, ADT_STRICT) \
  X("date_pl_interval", date_pl_interval, 2, ADT_STRICT) \
  X("date_mi_interval", date_mi_interval, 2, ADT_STRICT) \
  X("datetime_timestamp", datetime_timestamp, 2, ADT_STRICT) \
  X("time_mi_time", time_mi_time, 2, ADT_STRICT) \
  X("time_pl_interval", time_pl_interval, 2, ADT_STRICT) \
  X("time_mi_interval", time_mi_interval, 2, ADT_STRICT) \
  X("timestamp_time", timestamp_time, 1, ADT_STRICT) \
  X("timestamptz_time", timestamptz_time, 1, ADT_STRICT) \
  X("time_interval", time_interval, 1, ADT_STRICT) \
  X("interval_time", interval_time, 1, ADT_STRICT) \
  X("time_scale", time_scale, 2, ADT_STRICT) \
  X("make_time", make_time, 3, ADT_STRICT) \
  X("extract_date", extract_date, 2, ADT_STRICT) \
  X("extract_time", extract_time, 2, ADT_STRICT) \
  X("time_part", time_part, 2, ADT_STRICT)
#define DT_DECLARE_FN(sql, fn, nargs, flags) void dt_##fn(sqlite3_context *, int, sqlite3_value **);
DT_DATE_FUNCS(DT_DECLARE_FN)

#endif
