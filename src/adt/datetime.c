/*
** datetime.c — date/time helpers shared by date.c and timestamp.c, after
** PostgreSQL's utils/adt/datetime.c: Julian day arithmetic, a parser for
** the input forms PostgreSQL accepts, output per DateStyle, and time zone
** offsets computed by ICU (PostgreSQL uses the tz database; ICU carries
** the same rules).
*/
#include "adt/datetime.h"

#include <ctype.h>
#include <stdio.h>
#include <strings.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ucal.h>
#include <unicode/ustring.h>

/* ---------------------------------------------------------------- Julian */

/* PostgreSQL's date2j: proleptic Gregorian, year astronomical.  Computed
** in 64 bits and saturated: a year past the date range ('6000000-01-01',
** make_date(2147483647, 1, 1), a binary date near INT32_MAX) overflowed int
** (UBSan) before the caller's range check.  The saturated values are outside
** every valid range and leave room for subtracting the epoch. */
int dt_date2j(int y, int m, int d) {
  int64_t yy = y, mm = m, julian, century;
  if (mm > 2) { mm += 1; yy += 4800; }
  else { mm += 13; yy += 4799; }
  century = yy / 100;
  julian = yy * 365 - 32167;
  julian += yy / 4 - century + century / 4;
  julian += 7834 * mm / 256 + d;
  if (julian > INT32_MAX) return INT32_MAX;
  if (julian < -(INT32_MAX / 2)) return -(INT32_MAX / 2);
  return (int)julian;
}

void dt_j2date(int jd, int *year, int *month, int *day) {
  unsigned int julian = (unsigned int)jd + 32044, quad, extra;
  int y;
  quad = julian / 146097;
  extra = (julian - quad * 146097) * 4 + 3;
  julian += 60 + quad * 3 + extra / 146097;
  quad = julian / 1461;
  julian -= quad * 1461;
  y = (int)(julian * 4 / 1461);
  julian = ((y != 0) ? ((julian + 305) % 365) : ((julian + 306) % 366)) + 123;
  y += (int)quad * 4;
  *year = y - 4800;
  quad = julian * 2141 / 65536;
  *day = (int)(julian - 7834 * quad / 256);
  *month = (int)((quad + 10) % 12 + 1);
}

int dt_j2day(int jd) {
  int d = (jd + 1) % 7;
  return d < 0 ? d + 7 : d;
}

int dt_days_in_month(int y, int m) {
  static const int dim[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0) && ((y % 100 != 0) || (y % 400 == 0));
  return m == 2 && leap ? 29 : dim[m - 1];
}

int64_t dt_tm2ts(const DtTm *tm) {
  int64_t days = dt_date2j(tm->year, tm->mon, tm->mday) - DT_EPOCH_JD;
  int64_t t = ((tm->hour * INT64_C(60) + tm->min) * 60 + tm->sec) * DT_USECS_PER_SEC + tm->usec;
  return days * DT_USECS_PER_DAY + t;
}

void dt_ts2tm(int64_t ts, DtTm *tm) {
  int64_t days = ts / DT_USECS_PER_DAY, t = ts % DT_USECS_PER_DAY;
  if (t < 0) { t += DT_USECS_PER_DAY; days--; }
  dt_j2date((int)(days + DT_EPOCH_JD), &tm->year, &tm->mon, &tm->mday);
  tm->hour = (int)(t / DT_USECS_PER_HOUR);
  t %= DT_USECS_PER_HOUR;
  tm->min = (int)(t / DT_USECS_PER_MIN);
  t %= DT_USECS_PER_MIN;
  tm->sec = (int)(t / DT_USECS_PER_SEC);
  tm->usec = (int32_t)(t % DT_USECS_PER_SEC);
}

/* ------------------------------------------------------------ time zones */

/* One ICU calendar per thread, reopened when the zone changes: opening a
** calendar costs far more than a lookup, and sessions rarely switch zones. */
static _Thread_local UCalendar *dt_cal;
static _Thread_local char dt_cal_zone[128];

static bool dt_is_utc(const char *zone) {
  return !zone || !*zone || !strcasecmp(zone, "UTC") || !strcasecmp(zone, "GMT") ||
         !strcasecmp(zone, "Etc/UTC") || !strcasecmp(zone, "Z") || !strcasecmp(zone, "Zulu");
}

static UCalendar *dt_calendar(const char *zone) {
  if (dt_cal && !strcmp(dt_cal_zone, zone)) return dt_cal;
  UChar uz[128];
  UErrorCode st = U_ZERO_ERROR;
  u_uastrncpy(uz, zone, 127);
  uz[127] = 0;
  UCalendar *c = ucal_open(uz, -1, "en_US", UCAL_GREGORIAN, &st);
  if (U_FAILURE(st)) return NULL;
  if (dt_cal) ucal_close(dt_cal);
  dt_cal = c;
  snprintf(dt_cal_zone, sizeof dt_cal_zone, "%s", zone);
  return c;
}

/* ICU keeps time in double milliseconds since 1970. */
static double dt_ms(int64_t ts) {
  int64_t ms = ts / 1000 - (ts % 1000 < 0);   /* floor: an instant belongs to its millisecond */
  return (double)ms + 946684800000.0;
}

int dt_zone_offset_utc(const char *zone, int64_t utc_ts) {
  if (dt_is_utc(zone) || !DT_IS_FINITE(utc_ts)) return 0;
  UCalendar *c = dt_calendar(zone);
  if (!c) return 0;
  UErrorCode st = U_ZERO_ERROR;
  ucal_setMillis(c, dt_ms(utc_ts), &st);
  int32_t off = ucal_get(c, UCAL_ZONE_OFFSET, &st) + ucal_get(c, UCAL_DST_OFFSET, &st);
  return U_FAILURE(st) ? 0 : off / 1000;
}

/* A local time in a DST gap takes the offset before the transition and an
** ambiguous one the offset after it, as PostgreSQL documents. */
int dt_zone_offset_local(const char *zone, int64_t local_ts) {
  if (dt_is_utc(zone) || !DT_IS_FINITE(local_ts)) return 0;
  UCalendar *c = dt_calendar(zone);
  if (!c) return 0;
  UErrorCode st = U_ZERO_ERROR;
  int32_t raw = 0, dst = 0;
  ucal_setMillis(c, dt_ms(local_ts), &st);
  ucal_getTimeZoneOffsetFromLocal(c, UCAL_TZ_LOCAL_FORMER, UCAL_TZ_LOCAL_LATTER, &raw, &dst, &st);
  return U_FAILURE(st) ? 0 : (raw + dst) / 1000;
}

bool dt_zone_valid(const char *zone) {
  if (dt_is_utc(zone)) return true;
  UChar uz[128], canon[128];
  UErrorCode st = U_ZERO_ERROR;
  UBool sys = 0;
  if (strlen(zone) >= 127) return false;
  u_uastrncpy(uz, zone, 127);
  uz[127] = 0;
  ucal_getCanonicalTimeZoneID(uz, -1, canon, 128, &sys, &st);
  return U_SUCCESS(st) && sys;
}

static void dt_put_offset(StrBuf *out, int off, bool colon) {
  int a = abs(off);
  sb_printf(out, "%c%02d", off < 0 ? '-' : '+', a / 3600);
  if (a % 3600) sb_printf(out, colon ? ":%02d" : "%02d", a / 60 % 60);
  if (a % 60) sb_printf(out, colon ? ":%02d" : "%02d", a % 60);
}

/* ICU's short English names are tzdb's abbreviations for the Americas; for
** other zones it says "GMT+1", which tzdb spells as a number ("+01"). */
void dt_zone_abbrev(const char *zone, int64_t utc_ts, StrBuf *out) {
  static const struct { const char *zone, *std, *dst; } known[] = {
    {"Europe/Paris", "CET", "CEST"}, {"Europe/Berlin", "CET", "CEST"},
    {"Europe/Madrid", "CET", "CEST"}, {"Europe/Rome", "CET", "CEST"},
    {"Europe/Amsterdam", "CET", "CEST"}, {"Europe/Brussels", "CET", "CEST"},
    {"Europe/Vienna", "CET", "CEST"}, {"Europe/Zurich", "CET", "CEST"},
    {"Europe/Stockholm", "CET", "CEST"}, {"Europe/Oslo", "CET", "CEST"},
    {"Europe/Copenhagen", "CET", "CEST"}, {"Europe/Warsaw", "CET", "CEST"},
    {"Europe/Prague", "CET", "CEST"}, {"Europe/London", "GMT", "BST"},
    {"Europe/Dublin", "GMT", "IST"}, {"Europe/Lisbon", "WET", "WEST"},
    {"Europe/Athens", "EET", "EEST"}, {"Europe/Helsinki", "EET", "EEST"},
    {"Europe/Kiev", "EET", "EEST"}, {"Europe/Kyiv", "EET", "EEST"},
    {"Europe/Moscow", "MSK", "MSD"}, {"Asia/Kolkata", "IST", "IST"},
    {"Asia/Calcutta", "IST", "IST"}, {"Asia/Tokyo", "JST", "JDT"},
    {"Asia/Jerusalem", "IST", "IDT"}, {"Australia/Sydney", "AEST", "AEDT"},
    {"Australia/Melbourne", "AEST", "AEDT"}, {"Pacific/Auckland", "NZST", "NZDT"},
    {"Asia/Shanghai", "CST", "CDT"}, {"Asia/Hong_Kong", "HKT", "HKST"},
  };
  if (dt_is_utc(zone)) { sb_puts(out, "UTC"); return; }
  int off = dt_zone_offset_utc(zone, utc_ts);
  UCalendar *c = dt_calendar(zone);
  UErrorCode st = U_ZERO_ERROR;
  bool dst = false;
  if (c) {
    ucal_setMillis(c, dt_ms(utc_ts), &st);
    dst = ucal_get(c, UCAL_DST_OFFSET, &st) != 0;
  }
  for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
    if (!strcmp(known[i].zone, zone)) {
      sb_puts(out, dst ? known[i].dst : known[i].std);
      return;
    }
  if (c) {
    UChar name[64];
    char a[64];
    st = U_ZERO_ERROR;
    int32_t len = ucal_getTimeZoneDisplayName(c, dst ? UCAL_SHORT_DST : UCAL_SHORT_STANDARD,
                                              "en_US", name, 63, &st);
    if (U_SUCCESS(st) && len > 0 && len < 63) {
      name[len] = 0;
      u_austrncpy(a, name, 63);
      a[63] = 0;
      bool alpha = true;
      for (char *p = a; *p; p++) if (!isupper((unsigned char)*p)) alpha = false;
      if (alpha && strcmp(a, "GMT")) { sb_puts(out, a); return; }
    }
  }
  dt_put_offset(out, off, false);
}

const char *dt_session_zone(pgm_db *db) {
  return db && db->settings.timezone ? db->settings.timezone : "UTC";
}

int64_t dt_utc_to_local(pgm_db *db, int64_t utc_ts, int *offset) {
  int off = dt_zone_offset_utc(dt_session_zone(db), utc_ts);
  if (offset) *offset = off;
  return DT_IS_FINITE(utc_ts) ? utc_ts + off * DT_USECS_PER_SEC : utc_ts;
}

int64_t dt_local_to_utc(pgm_db *db, int64_t local_ts) {
  if (!DT_IS_FINITE(local_ts)) return local_ts;
  return local_ts - dt_zone_offset_local(dt_session_zone(db), local_ts) * DT_USECS_PER_SEC;
}

int64_t dt_xact_start(pgm_db *db) { return db->xact_start_us - DT_UNIX_OFFSET_US; }

int32_t dt_current_date(pgm_db *db) {
  int64_t local = dt_utc_to_local(db, dt_xact_start(db), NULL);
  int64_t d = local / DT_USECS_PER_DAY;
  if (local % DT_USECS_PER_DAY < 0) d--;
  return (int32_t)d;
}

/* --------------------------------------------------------------- parsing */

enum { F_NUMBER, F_DATE, F_TIME, F_TZ, F_WORD };
typedef struct DtField {
  int type;
  const char *s;        /* into the lowercased copy */
  const char *orig;     /* the same bytes in the caller's text */
  int len;
} DtField;

#define DT_MAXFIELDS 16

static const char *const dt_months[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                        "jul", "aug", "sep", "oct", "nov", "dec"};
static const char *const dt_days[] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};

/* Month number of a (possibly full) month name, 0 if none. */
static int dt_month_of(const char *s, int len) {
  static const char *const full[] = {"january", "february", "march", "april", "may", "june",
                                     "july", "august", "september", "october", "november",
                                     "december"};
  for (int i = 0; i < 12; i++) {
    if (len == 3 && !strncmp(s, dt_months[i], 3)) return i + 1;
    if ((size_t)len == strlen(full[i]) && !strncmp(s, full[i], (size_t)len)) return i + 1;
  }
  if (len == 4 && !strncmp(s, "sept", 4)) return 9;
  return 0;
}

static bool dt_is_dayname(const char *s, int len) {
  static const char *const full[] = {"sunday", "monday", "tuesday", "wednesday", "thursday",
                                     "friday", "saturday"};
  for (int i = 0; i < 7; i++) {
    if (len == 3 && !strncmp(s, dt_days[i], 3)) return true;
    if ((size_t)len == strlen(full[i]) && !strncmp(s, full[i], (size_t)len)) return true;
  }
  return false;
}

/* Split the text into fields, as PostgreSQL's ParseDateTime does. */
static int dt_tokenize(const char *lc, const char *orig, int n, DtField *f, int *nf) {
  int i = 0, k = 0;
  while (i < n) {
    char c = lc[i];
    if (isspace((unsigned char)c) || c == ',') { i++; continue; }
    if (k == DT_MAXFIELDS) return DT_ERR_SYNTAX;
    int st = i, type;
    if (isdigit((unsigned char)c)) {
      while (i < n && isdigit((unsigned char)lc[i])) i++;
      if (i < n && lc[i] == ':') {
        type = F_TIME;
        while (i < n && (isdigit((unsigned char)lc[i]) || lc[i] == ':' || lc[i] == '.')) i++;
      } else if (i < n && (lc[i] == '-' || lc[i] == '/' || (lc[i] == '.' && i + 1 < n &&
                 isdigit((unsigned char)lc[i + 1]) && memchr(lc + i + 1, '.', (size_t)(n - i - 1))))) {
        char sep = lc[i];
        type = F_DATE;
        /* letters only right after a separator (02-jan-2024), so that the
        ** 'T' of 2024-01-02T03:04 ends the date */
        while (i < n && (isdigit((unsigned char)lc[i]) || lc[i] == sep ||
                         (isalpha((unsigned char)lc[i]) &&
                          (lc[i - 1] == sep || isalpha((unsigned char)lc[i - 1])))))
          i++;
      } else if (i < n && lc[i] == '.') {
        type = F_NUMBER;
        i++;
        while (i < n && isdigit((unsigned char)lc[i])) i++;
      } else {
        type = F_NUMBER;
      }
      /* ISO 8601's 'T' between date and time */
      if (i + 1 < n && lc[i] == 't' && isdigit((unsigned char)lc[i + 1]) && type != F_TIME) {
        f[k++] = (DtField){type, lc + st, orig + st, i - st};
        i++;
        continue;
      }
    } else if ((c == '+' || c == '-') && i + 1 < n && isdigit((unsigned char)lc[i + 1])) {
      type = F_TZ;
      i++;
      while (i < n && (isdigit((unsigned char)lc[i]) || lc[i] == ':')) i++;
    } else if (isalpha((unsigned char)c) || ((c == '+' || c == '-') && i + 1 < n && isalpha((unsigned char)lc[i + 1]))) {
      type = F_WORD;
      i++;
      while (i < n && (isalpha((unsigned char)lc[i]) || lc[i] == '_')) i++;
      if (i < n && lc[i] == '/') {           /* a zone name: Europe/Paris, Etc/GMT+2 */
        while (i < n && (isalnum((unsigned char)lc[i]) || strchr("/_+-", lc[i]))) i++;
      } else if (i + 1 < n && (lc[i] == '-' || lc[i] == '/') && isdigit((unsigned char)lc[i + 1])) {
        type = F_DATE;                       /* jan-02-2024 */
        while (i < n && (isalnum((unsigned char)lc[i]) || lc[i] == '-' || lc[i] == '/')) i++;
      }
    } else {
      return DT_ERR_SYNTAX;
    }
    f[k++] = (DtField){type, lc + st, orig + st, i - st};
  }
  *nf = k;
  return DT_OK;
}

static int dt_num(const char *s, int len, int *out) {
  if (len <= 0 || len > 9) return -1;
  int v = 0;
  for (int i = 0; i < len; i++) {
    if (!isdigit((unsigned char)s[i])) return -1;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return 0;
}

/* Fraction digits ".123456789" -> microseconds, rounded like rint(). */
static int32_t dt_fraction(const char *s, int len) {
  double f = 0, scale = 0.1;
  for (int i = 0; i < len && isdigit((unsigned char)s[i]); i++, scale /= 10) f += (s[i] - '0') * scale;
  double us = f * 1e6;
  int32_t r = (int32_t)us;
  double rem = us - r;
  if (rem > 0.5 || (rem == 0.5 && (r & 1))) r++;
  return r;
}

/* Two-digit years mean 1970..2069, as PostgreSQL's AdjustYears. */
static int dt_adjust_year(int y, int ndigits) {
  if (ndigits > 2) return y;
  return y < 70 ? y + 2000 : y + 1900;
}

static void dt_datestyle_order(pgm_db *db, char *order) {
  char style;
  dt_datestyle(db, &style, order);
}

/* A date field "2024-01-02", "01/02/2024", "02-jan-2024", "2024.01.02". */
static int dt_decode_date(pgm_db *db, const DtField *f, DtParsed *p) {
  const char *part[3];
  int plen[3], np = 0, i = 0;
  while (i < f->len) {
    if (np == 3) return DT_ERR_SYNTAX;
    int st = i;
    while (i < f->len && isalnum((unsigned char)f->s[i])) i++;
    part[np] = f->s + st;
    plen[np++] = i - st;
    if (i < f->len) i++;
  }
  if (np != 3) return DT_ERR_SYNTAX;
  int val[3], mon_idx = -1;
  for (int k = 0; k < 3; k++) {
    if (isalpha((unsigned char)part[k][0])) {
      if (mon_idx >= 0 || !(val[k] = dt_month_of(part[k], plen[k]))) return DT_ERR_SYNTAX;
      mon_idx = k;
    } else if (dt_num(part[k], plen[k], &val[k])) {
      return DT_ERR_SYNTAX;
    }
  }
  char order;
  dt_datestyle_order(db, &order);
  int y, m, d, yi;
  if (plen[0] >= 3 || order == 'Y') { yi = 0; y = val[0]; m = val[1]; d = val[2]; }
  else if (mon_idx == 0 || (mon_idx < 0 && order == 'M')) { yi = 2; m = val[0]; d = val[1]; y = val[2]; }
  else { yi = 2; d = val[0]; m = val[1]; y = val[2]; }
  if (mon_idx == 0 && plen[1] >= 3) return DT_ERR_SYNTAX;
  p->tm.year = dt_adjust_year(y, plen[yi]);
  p->tm.mon = m;
  p->tm.mday = d;
  p->has_date = true;
  return DT_OK;
}

/* A time field "03:04", "03:04:05", "03:04:05.123456". */
static int dt_decode_time(const DtField *f, DtParsed *p) {
  int v[3] = {0, 0, 0}, nv = 0, i = 0;
  while (i < f->len && nv < 3) {
    int st = i;
    while (i < f->len && isdigit((unsigned char)f->s[i])) i++;
    if (dt_num(f->s + st, i - st, &v[nv++])) return DT_ERR_SYNTAX;
    if (i < f->len && f->s[i] == ':') i++;
    else break;
  }
  if (nv < 2) return DT_ERR_SYNTAX;
  p->tm.usec = 0;
  if (i < f->len && f->s[i] == '.') {
    if (nv < 3 && nv != 2) return DT_ERR_SYNTAX;
    int st = ++i;
    while (i < f->len && isdigit((unsigned char)f->s[i])) i++;
    int32_t fr = dt_fraction(f->s + st, i - st);
    if (nv == 2) {                       /* mm:ss.f is not PostgreSQL's reading */
      return DT_ERR_SYNTAX;
    }
    p->tm.usec = fr;
  }
  if (i != f->len) return DT_ERR_SYNTAX;
  p->tm.hour = v[0];
  p->tm.min = v[1];
  p->tm.sec = v[2];
  if (p->tm.usec >= 1000000) { p->tm.usec -= 1000000; p->tm.sec++; }
  p->has_time = true;
  return DT_OK;
}

/* "+02", "-0530", "+05:30", "+05:30:15": seconds east of UTC (ISO sign). */
static int dt_decode_tz(const char *s, int len, int *out) {
  int sign = s[0] == '-' ? -1 : 1, h = 0, m = 0, sec = 0;
  const char *c = memchr(s, ':', (size_t)len);
  if (c) {
    const char *c2 = memchr(c + 1, ':', (size_t)(len - (c + 1 - s)));
    if (dt_num(s + 1, (int)(c - s - 1), &h)) return DT_ERR_SYNTAX;
    if (dt_num(c + 1, (int)((c2 ? c2 : s + len) - c - 1), &m)) return DT_ERR_SYNTAX;
    if (c2 && dt_num(c2 + 1, (int)(s + len - c2 - 1), &sec)) return DT_ERR_SYNTAX;
  } else {
    int digits = len - 1, v;
    if (dt_num(s + 1, digits, &v)) return DT_ERR_SYNTAX;
    if (digits <= 2) h = v;
    else if (digits <= 4) { h = v / 100; m = v % 100; }
    else if (digits <= 6) { h = v / 10000; m = v / 100 % 100; sec = v % 100; }
    else return DT_ERR_SYNTAX;
  }
  if (h > 15 || m > 59 || sec > 59) return DT_ERR_TZDISP;
  *out = sign * (h * 3600 + m * 60 + sec);
  return DT_OK;
}

/* Zone abbreviations from PostgreSQL's Default set that people type. */
static bool dt_abbrev_offset(const char *s, int len, int *off) {
  static const struct { const char *name; int hours_x4; } ab[] = {
    {"utc", 0}, {"gmt", 0}, {"ut", 0}, {"z", 0}, {"zulu", 0}, {"pst", -32}, {"pdt", -28},
    {"mst", -28}, {"mdt", -24}, {"cst", -24}, {"cdt", -20}, {"est", -20}, {"edt", -16},
    {"akst", -36}, {"akdt", -32}, {"hst", -40}, {"ast", -16}, {"adt", -12}, {"nst", -14},
    {"ndt", -10}, {"wet", 0}, {"west", 4}, {"bst", 4}, {"cet", 4}, {"cest", 8}, {"met", 4},
    {"mest", 8}, {"eet", 8}, {"eest", 12}, {"msk", 12}, {"ist", 8}, {"jst", 36},
    {"kst", 36}, {"hkt", 32}, {"aest", 40}, {"aedt", 44}, {"acst", 38}, {"awst", 32},
    {"nzst", 48}, {"nzdt", 52}, {"sast", 8},
  };
  for (size_t i = 0; i < sizeof ab / sizeof ab[0]; i++)
    if (strlen(ab[i].name) == (size_t)len && !strncmp(ab[i].name, s, (size_t)len)) {
      *off = ab[i].hours_x4 * 900;
      return true;
    }
  return false;
}

static int dt_decode_word(const DtField *f, DtParsed *p, bool *pm, bool *am, bool *bc, int *mon) {
  static const struct { const char *w; int special; } sp[] = {
    {"epoch", DTK_EPOCH}, {"infinity", DTK_LATE}, {"+infinity", DTK_LATE},
    {"-infinity", DTK_EARLY}, {"now", DTK_NOW}, {"today", DTK_TODAY},
    {"tomorrow", DTK_TOMORROW}, {"yesterday", DTK_YESTERDAY}, {"allballs", DTK_ALLBALLS},
  };
  const char *s = f->s;
  int len = f->len, off, m;
  for (size_t i = 0; i < sizeof sp / sizeof sp[0]; i++)
    if (strlen(sp[i].w) == (size_t)len && !strncmp(sp[i].w, s, (size_t)len)) {
      if (p->special != DTK_NORMAL) return DT_ERR_SYNTAX;
      p->special = sp[i].special;
      return DT_OK;
    }
  if (len == 2 && !strncmp(s, "am", 2)) { *am = true; return DT_OK; }
  if (len == 2 && !strncmp(s, "pm", 2)) { *pm = true; return DT_OK; }
  if (len == 2 && !strncmp(s, "bc", 2)) { *bc = true; return DT_OK; }
  if (len == 2 && !strncmp(s, "ad", 2)) return DT_OK;
  if (len == 1 && s[0] == 't') return DT_OK;
  if (len == 2 && !strncmp(s, "at", 2)) return DT_OK;
  if ((m = dt_month_of(s, len))) {
    if (*mon) return DT_ERR_SYNTAX;
    *mon = m;
    return DT_OK;
  }
  if (dt_is_dayname(s, len)) return DT_OK;
  if (p->has_tz) return DT_ERR_SYNTAX;
  if (dt_abbrev_offset(s, len, &off)) {
    p->has_tz = true;
    p->tz = off;
    return DT_OK;
  }
  if (len < (int)sizeof p->tzname) {
    memcpy(p->tzname, f->orig, (size_t)len);
    p->tzname[len] = 0;
    if (dt_zone_valid(p->tzname)) { p->has_tz = true; return DT_OK; }
    p->tzname[0] = 0;
    if (memchr(s, '/', (size_t)len)) return DT_ERR_TZ;
  }
  return DT_ERR_SYNTAX;
}

/* Numbers that stand alone: yyyymmdd, or the day and year of "Jan 2 2024". */
static int dt_decode_number(const DtField *f, DtParsed *p, int mon, int *nums, int *nnums) {
  int v;
  if (f->len == 8 && !p->has_date && !mon) {
    if (dt_num(f->s, 8, &v)) return DT_ERR_SYNTAX;
    p->tm.year = v / 10000;
    p->tm.mon = v / 100 % 100;
    p->tm.mday = v % 100;
    p->has_date = true;
    return DT_OK;
  }
  if (*nnums == 2 || dt_num(f->s, f->len, &v)) return DT_ERR_SYNTAX;
  nums[(*nnums)++] = f->len > 2 ? -v - 1 : v;   /* negative: a year (3+ digits) */
  return DT_OK;
}

/* Day and year from the loose numbers next to a month name. */
static int dt_finish_textual_date(DtParsed *p, int mon, const int *nums, int nnums) {
  if (!mon) return nnums ? DT_ERR_SYNTAX : DT_OK;
  if (p->has_date || nnums != 2) return DT_ERR_SYNTAX;
  int a = nums[0], b = nums[1];
  if (a < 0) { p->tm.year = -a - 1; p->tm.mday = b; }       /* 2024 jan 02 */
  else if (b < 0) { p->tm.mday = a; p->tm.year = -b - 1; }
  else { p->tm.mday = a; p->tm.year = dt_adjust_year(b, 2); }
  if (p->tm.mday < 0) return DT_ERR_SYNTAX;
  p->tm.mon = mon;
  p->has_date = true;
  return DT_OK;
}

static int dt_check_fields(DtParsed *p, bool am, bool pm, bool bc) {
  DtTm *tm = &p->tm;
  if (p->has_time) {
    if ((am || pm) && (tm->hour < 1 || tm->hour > 12)) return DT_ERR_RANGE;
    if (pm && tm->hour != 12) tm->hour += 12;
    if (am && tm->hour == 12) tm->hour = 0;
    if (tm->hour > 24 || tm->min > 59 || tm->sec > 60 ||
        (tm->hour == 24 && (tm->min || tm->sec || tm->usec)))
      return DT_ERR_RANGE;
  }
  if (p->has_date) {
    if (tm->year <= 0 && !bc) return DT_ERR_RANGE;
    if (bc) {
      if (tm->year <= 0) return DT_ERR_RANGE;
      tm->year = 1 - tm->year;
    }
    if (tm->mon < 1 || tm->mon > 12 || tm->mday < 1 ||
        tm->mday > dt_days_in_month(tm->year, tm->mon))
      return DT_ERR_RANGE;
  }
  return DT_OK;
}

int dt_parse(pgm_db *db, const char *s, size_t n, DtParsed *p) {
  char lc[256];
  DtField f[DT_MAXFIELDS];
  int nf = 0, rc, mon = 0, nums[2], nnums = 0;
  bool am = false, pm = false, bc = false;
  memset(p, 0, sizeof *p);
  if (n >= sizeof lc) return DT_ERR_SYNTAX;
  for (size_t i = 0; i < n; i++) lc[i] = (char)tolower((unsigned char)s[i]);
  lc[n] = 0;
  if ((rc = dt_tokenize(lc, s, (int)n, f, &nf))) return rc;
  if (nf == 0) return DT_ERR_SYNTAX;
  for (int i = 0; i < nf; i++) {
    switch (f[i].type) {
    case F_DATE:
      rc = p->has_date ? DT_ERR_SYNTAX : dt_decode_date(db, &f[i], p);
      break;
    case F_TIME:
      rc = p->has_time ? DT_ERR_SYNTAX : dt_decode_time(&f[i], p);
      break;
    case F_TZ:
      rc = p->has_tz ? DT_ERR_SYNTAX : dt_decode_tz(f[i].s, f[i].len, &p->tz);
      p->has_tz = true;
      break;
    case F_NUMBER:
      rc = dt_decode_number(&f[i], p, mon, nums, &nnums);
      break;
    default:
      rc = dt_decode_word(&f[i], p, &pm, &am, &bc, &mon);
      break;
    }
    if (rc) return rc;
  }
  if ((rc = dt_finish_textual_date(p, mon, nums, nnums))) return rc;
  if (p->special == DTK_ALLBALLS && p->has_date && !p->has_time && !p->has_tz) {
    /* "2024-01-02 allballs": midnight UTC */
    p->special = DTK_NORMAL;
    p->has_time = p->has_tz = true;
    p->tz = 0;
  }
  if (p->special != DTK_NORMAL && p->has_date) return DT_ERR_SYNTAX;
  if (p->special != DTK_NORMAL && p->special < DTK_TODAY && (p->has_time || p->has_tz))
    return DT_ERR_SYNTAX;
  return dt_check_fields(p, am, pm, bc);
}

pgm_error *dt_parse_error(int rc, const char *tname, const char *s, size_t n) {
  if (rc == DT_ERR_RANGE)
    return pgm_error_new(ERRCODE_DATETIME_FIELD_OVERFLOW, "date/time field value out of range: \"%.*s\"",
                         (int)n, s);
  if (rc == DT_ERR_TZDISP)
    return pgm_error_new(ERRCODE_INVALID_TIME_ZONE_DISPLACEMENT_VALUE,
                         "time zone displacement out of range: \"%.*s\"", (int)n, s);
  if (rc == DT_ERR_TZ) {
    /* PostgreSQL names the zone it did not recognise */
    const char *p = s + n;
    while (p > s && !isspace((unsigned char)p[-1])) p--;
    char zone[64];
    size_t len = (size_t)(s + n - p) < sizeof zone ? (size_t)(s + n - p) : sizeof zone - 1;
    for (size_t i = 0; i < len; i++) zone[i] = (char)tolower((unsigned char)p[i]);
    zone[len] = 0;
    return pgm_error_new(ERRCODE_INVALID_PARAMETER_VALUE, "time zone \"%s\" not recognized", zone);
  }
  return pgm_error_new(ERRCODE_INVALID_DATETIME_FORMAT, "invalid input syntax for type %s: \"%.*s\"",
                       tname, (int)n, s);
}

/* Midnight of today/tomorrow/yesterday in the session zone, as local time. */
static int64_t dt_relative_day(pgm_db *db, int special) {
  int64_t d = dt_current_date(db);
  if (special == DTK_TOMORROW) d++;
  if (special == DTK_YESTERDAY) d--;
  return d * DT_USECS_PER_DAY;
}

static int64_t dt_time_of(const DtTm *tm) {
  return ((tm->hour * INT64_C(60) + tm->min) * 60 + tm->sec) * DT_USECS_PER_SEC + tm->usec;
}

/* The local (wall clock) value of a parsed input, before any zone. */
static int dt_parsed_local(pgm_db *db, const DtParsed *p, int64_t *local) {
  if (p->special >= DTK_TODAY && p->special <= DTK_YESTERDAY) {
    *local = dt_relative_day(db, p->special) + (p->has_time ? dt_time_of(&p->tm) : 0);
    return DT_OK;
  }
  if (!p->has_date) return DT_ERR_SYNTAX;
  /* PostgreSQL's timestamp range: 4714-11-24 BC .. 294276 AD */
  if (p->tm.year < -4713 || p->tm.year > 294276) return DT_ERR_TSRANGE;
  *local = dt_tm2ts(&p->tm);
  return DT_OK;
}

int dt_parsed_to_tstz(pgm_db *db, const DtParsed *p, int64_t *out) {
  int64_t local;
  int rc;
  switch (p->special) {
  case DTK_EPOCH: *out = -DT_UNIX_OFFSET_US; return DT_OK;
  case DTK_LATE: *out = DT_NOEND; return DT_OK;
  case DTK_EARLY: *out = DT_NOBEGIN; return DT_OK;
  case DTK_NOW: *out = dt_xact_start(db); return DT_OK;
  case DTK_ALLBALLS: return DT_ERR_SYNTAX;
  default: break;
  }
  if ((rc = dt_parsed_local(db, p, &local))) return rc;
  if (!p->has_tz) *out = dt_local_to_utc(db, local);
  else if (p->tzname[0]) *out = local - dt_zone_offset_local(p->tzname, local) * DT_USECS_PER_SEC;
  else *out = local - p->tz * DT_USECS_PER_SEC;
  return DT_OK;
}

int dt_parsed_to_ts(pgm_db *db, const DtParsed *p, int64_t *out) {
  switch (p->special) {
  case DTK_EPOCH: *out = -DT_UNIX_OFFSET_US; return DT_OK;
  case DTK_LATE: *out = DT_NOEND; return DT_OK;
  case DTK_EARLY: *out = DT_NOBEGIN; return DT_OK;
  case DTK_NOW: *out = dt_utc_to_local(db, dt_xact_start(db), NULL); return DT_OK;
  case DTK_ALLBALLS: return DT_ERR_SYNTAX;
  default: return dt_parsed_local(db, p, out);
  }
}

/* ---------------------------------------------------------------- output */

/* Case-insensitive substring test (strcasestr is a GNU extension). */
static bool dt_contains(const char *hay, const char *needle) {
  size_t n = strlen(needle);
  for (; *hay; hay++)
    if (!strncasecmp(hay, needle, n)) return true;
  return false;
}

void dt_datestyle(pgm_db *db, char *style, char *order) {
  const char *ds = db && db->settings.datestyle ? db->settings.datestyle : "ISO, MDY";
  *style = 'I';
  *order = 'M';
  if (dt_contains(ds, "postgres")) *style = 'P';
  else if (dt_contains(ds, "sql")) *style = 'S';
  else if (dt_contains(ds, "german")) { *style = 'G'; *order = 'D'; }
  if (dt_contains(ds, "dmy") || dt_contains(ds, "euro")) *order = 'D';
  else if (dt_contains(ds, "ymd")) *order = 'Y';
  else if (dt_contains(ds, "mdy") || dt_contains(ds, "us")) *order = 'M';
}

void dt_append_seconds(StrBuf *out, int sec, int32_t usec) {
  sb_printf(out, "%02d", sec);
  if (usec) {
    char frac[8];
    snprintf(frac, sizeof frac, "%06d", (int)usec);
    int len = 6;
    while (len > 0 && frac[len - 1] == '0') len--;
    sb_printf(out, ".%.*s", len, frac);
  }
}

/* Calendar year as printed: 1 BC is year 0 internally. */
static int dt_print_year(int y) { return y > 0 ? y : 1 - y; }

static void dt_put_date_part(StrBuf *out, const DtTm *tm, char style, char order) {
  int y = dt_print_year(tm->year);
  switch (style) {
  case 'S':
    if (order == 'D') sb_printf(out, "%02d/%02d/%04d", tm->mday, tm->mon, y);
    else sb_printf(out, "%02d/%02d/%04d", tm->mon, tm->mday, y);
    break;
  case 'G': sb_printf(out, "%02d.%02d.%04d", tm->mday, tm->mon, y); break;
  case 'P':
    if (order == 'D') sb_printf(out, "%02d-%02d-%04d", tm->mday, tm->mon, y);
    else sb_printf(out, "%02d-%02d-%04d", tm->mon, tm->mday, y);
    break;
  default: sb_printf(out, "%04d-%02d-%02d", y, tm->mon, tm->mday); break;
  }
}

void dt_format_date(pgm_db *db, int32_t date, StrBuf *out) {
  if (date == DATE_NOEND) { sb_puts(out, "infinity"); return; }
  if (date == DATE_NOBEGIN) { sb_puts(out, "-infinity"); return; }
  char style, order;
  DtTm tm;
  dt_datestyle(db, &style, &order);
  dt_j2date(date + DT_EPOCH_JD, &tm.year, &tm.mon, &tm.mday);
  dt_put_date_part(out, &tm, style, order);
  if (tm.year <= 0) sb_puts(out, " BC");
}

void dt_format_time(int64_t t, StrBuf *out) {
  sb_printf(out, "%02d:%02d:", (int)(t / DT_USECS_PER_HOUR), (int)(t / DT_USECS_PER_MIN % 60));
  dt_append_seconds(out, (int)(t / DT_USECS_PER_SEC % 60), (int32_t)(t % DT_USECS_PER_SEC));
}

static void dt_put_clock(StrBuf *out, const DtTm *tm) {
  sb_printf(out, "%02d:%02d:", tm->hour, tm->min);
  dt_append_seconds(out, tm->sec, tm->usec);
}

void dt_format_timestamp(pgm_db *db, int64_t ts, bool with_tz, StrBuf *out) {
  if (ts == DT_NOEND) { sb_puts(out, "infinity"); return; }
  if (ts == DT_NOBEGIN) { sb_puts(out, "-infinity"); return; }
  char style, order;
  int off = 0;
  DtTm tm;
  dt_datestyle(db, &style, &order);
  int64_t local = with_tz ? dt_utc_to_local(db, ts, &off) : ts;
  dt_ts2tm(local, &tm);
  if (style == 'P') {
    int jd = dt_date2j(tm.year, tm.mon, tm.mday);
    static const char *const dn[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char *const mn[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    if (order == 'D') sb_printf(out, "%s %02d %s ", dn[dt_j2day(jd)], tm.mday, mn[tm.mon - 1]);
    else sb_printf(out, "%s %s %02d ", dn[dt_j2day(jd)], mn[tm.mon - 1], tm.mday);
    dt_put_clock(out, &tm);
    sb_printf(out, " %04d", dt_print_year(tm.year));
  } else {
    dt_put_date_part(out, &tm, style, order);
    sb_putc(out, style == 'I' ? ' ' : ' ');
    dt_put_clock(out, &tm);
  }
  if (with_tz) {
    if (style == 'I') {
      dt_put_offset(out, off, true);
    } else {
      sb_putc(out, ' ');
      dt_zone_abbrev(dt_session_zone(db), ts, out);
    }
  }
  if (tm.year <= 0) sb_puts(out, " BC");
}
