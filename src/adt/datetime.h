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
enum { DT_OK = 0, DT_ERR_SYNTAX = -1, DT_ERR_RANGE = -2, DT_ERR_TZ = -3 };
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

/* Functions of date.c, listed in timestamp.c's adt_datetime_funcs. */
extern const AdtFunc dt_date_funcs[];

#endif
