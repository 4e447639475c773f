/*
** test_adt_regexp.c — unit tests of the regular expressions (src/adt/
** regexp.c): ~ ~* !~ !~*, SIMILAR TO, substring(... from pattern),
** regexp_replace/like/count/instr/substr, similar_to_escape, and the ARE
** syntax translated to PCRE2.  Each expected value is what PostgreSQL 15
** printed for the same SQL (all columns joined by '|', errors as
** "ERROR <sqlstate>: <message>").
*/
#include "pgmicro.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct RxCase { const char *sql, *expected; } RxCase;

static const RxCase rx_cases[] = {
  {"select 'abc' ~ 'b', 'abc' !~ 'b', 'ABC' ~* 'b', 'ABC' !~* 'b'", "t|f|t|f"},
  {"select regexp_replace('abcabc','b','X',1,2,'g'), regexp_replace('abcabc','b','X',1,0), "
   "regexp_replace('abcabc','b','X','g'), regexp_replace('abc','x*','-','g'), "
   "regexp_replace('abc','b*','-','g')", "abcaXc|aXcaXc|aXcaXc|-a-b-c-|-a--c-"},
  {"select 'é' ~ '[[:alpha:]]', 'É' ~* 'é', '٣' ~ '\\d', 'é' ~ '\\w'", "t|t|f|t"},
  {"select 'ab' ~ '(?i)AB', 'a b' ~ '(?x)a b', 'foo bar' ~ '\\mbar\\M', 'a.b' ~ '***=.', "
   "'A.b' ~* '***=a.'", "t|f|t|t|t"},
  {"select 'foo bar' ~ '[[:<:]]bar[[:>:]]', 'foobar' ~ '\\ybar', E'a\\nb' ~ '(?n)^b', "
   "E'a\\nb' ~ '(?n)a.b', E'a\\nb' ~ '(?n)a[^x]b', E'a\\nb' ~ 'a[^x]b'", "t|f|t|f|f|t"},
  {"select 'a' ~ 'a{,2}', 'tab\t' ~ '\\t', 'x' ~ '[[.x.]]', 'x-' ~ '[[.-.]]'", "f|t|t|t"},
  {"select substring('Thomas' from '...$'), substring('foobar' from 'o(.)b'), "
   "substring('abc' from 'x') is null", "mas|o|t"},
  {"select regexp_instr('abcabc','b',1,2), regexp_instr('abcabc','b',1,2,1), "
   "regexp_substr('abcabc','(b)(c)',1,2,'',2), regexp_count('abcabc','b*')", "5|6|c|7"},
  {"select regexp_substr('number of your street, town zip, FR', '[^,]+', 1, 2), "
   "regexp_instr('ABCDEF', 'c(.)(..)', 1, 1, 0, 'i', 2), regexp_count('ABCABCAXYaxy', 'A.', 1, 'i')",
   " town zip|5|4"},
  {"select regexp_count('abc','',5), regexp_substr('abc','b',9) is null", "0|t"},
  {"select regexp_replace('abc','(?i)B','x'), 'a' ~ 'a\\Z', E'a\\n' ~ 'a$', E'a\\nb' ~ 'a.b', "
   "E'a\\nb' ~ '^b'", "axc|t|f|t|f"},
  {"select regexp_replace('abc','(b)','[\\1\\&\\\\\\q]')", "a[bb\\\\q]c"},
  {"select regexp_replace('Hello World', '(\\w+) (\\w+)', '\\2 \\1'), regexp_replace('aaa','a','b','gi')",
   "World Hello|bbb"},
  {"select regexp_like('Hello','hello','i'), regexp_like('Hello','hello')", "t|f"},
  {"select 'x' similar to 'x', 'ab' not similar to 'a%', 'abc' similar to 'a(b|x)_', "
   "'a%' similar to 'a#%' escape '#'", "t|f|t|t"},
  {"select similar_to_escape('a%b_c(d|e)[x%\\]]\\.#\"q', '#')", "^(?:a.*b.c(?:d|e)[x%\\\\]]\\\\\\.){1,1}?(q)$"},
  {"select similar_to_escape('a[]%]'), similar_to_escape('[^]%]_'), similar_to_escape('x','')",
   "^(?:a[]%])$|^(?:[^]%].)$|^(?:x)$"},
  {"select 'a' ~ '(?<n>a)'", "ERROR 2201B: invalid regular expression: quantifier operand invalid"},
  {"select 'a' ~ 'a*+'", "ERROR 2201B: invalid regular expression: quantifier operand invalid"},
  {"select 'a' ~ 'a(?i)b'", "ERROR 2201B: invalid regular expression: quantifier operand invalid"},
  {"select 'a' ~ '\\q'", "ERROR 2201B: invalid regular expression: invalid escape \\ sequence"},
  {"select regexp_replace('abc','b','x','z')", "ERROR 22023: invalid regular expression option: \"z\""},
  {"select regexp_like('a','a','g')", "ERROR 22023: regexp_like() does not support the \"global\" option"},
  {"select regexp_count('a','a',1,'g')", "ERROR 22023: regexp_count() does not support the \"global\" option"},
  {"select similar_to_escape('x','ab')", "ERROR 22025: invalid escape string"},
  {"select regexp_replace('abc','b','x', 0)", "ERROR 22023: invalid value for parameter \"start\": 0"},
  {"select regexp_instr('abc','b',1,1,2)", "ERROR 22023: invalid value for parameter \"endoption\": 2"},
  /* float NaN, stored as the TEXT 'NaN' (adt/float.c), exercised here too */
  {"select 'NaN'::float8 = 'NaN'::float8, 'NaN'::float8 <> 'NaN'::float8, 'NaN'::float8 < 'NaN'::float8, "
   "'NaN'::float8 <= 'NaN'::float8, 'NaN'::float8 > 'NaN'::float8, 'NaN'::float8 >= 'NaN'::float8", "t|f|f|t|f|t"},
  {"select 'NaN'::float8 = 1, 'NaN'::float8 <> 1, 'NaN'::float8 < 1, 'NaN'::float8 <= 1, "
   "'NaN'::float8 > 1, 'NaN'::float8 >= 1", "f|t|f|f|t|t"},
  {"select 1 = 'NaN'::float8, 1 <> 'NaN'::float8, 1 < 'NaN'::float8, 1 <= 'NaN'::float8, "
   "1 > 'NaN'::float8, 1 >= 'NaN'::float8", "f|t|t|t|f|f"},
  {"select 'NaN'::float8 > 'Infinity'::float8, 'NaN'::float4 = 'NaN'::float8, 'NaN'::float4 > 1::float8, 'nan'::float4",
   "t|t|t|NaN"},
  {"select 'NaN'::float8 / 0, power('NaN'::float8, 0), power(1, 'NaN'::float8), power(2, 'NaN'::float8), "
   "sin('NaN'::float8), sign('NaN'::float8)", "NaN|1|1|NaN|NaN|0"},
  {"select greatest(1::float8, 'NaN'), least(1::float8, 'NaN'), 'NaN'::float8::numeric, 'NaN'::numeric::float8",
   "NaN|1|NaN|NaN"},
  {"select sum(x), avg(x), max(x), min(x) from (values (1::float8), ('NaN'), ('-Infinity')) v(x)",
   "NaN|NaN|NaN|-Infinity"},
  {"select string_agg(x::text, ',' order by x) from (values ('NaN'::float8), (1), ('Infinity'), (-1)) v(x)",
   "-1,1,Infinity,NaN"},
  {"select 'NaN'::float8::int", "ERROR 22003: integer out of range"},
};

static char *rx_run(pgm_db *db, const char *sql) {
  static char buf[4096];
  pgm_stmt *st = NULL;
  pgm_error *err = NULL;
  buf[0] = 0;
  if (pgm_prepare(db, sql, -1, &st, NULL, &err) != PGM_OK) {
    snprintf(buf, sizeof buf, "ERROR %s: %s", pgm_error_sqlstate(err), pgm_error_message(err));
    pgm_error_free(err);
    return buf;
  }
  int rc = pgm_step(st);
  if (rc == PGM_ROW) {
    for (int i = 0; i < pgm_column_count(st); i++) {
      const char *v = pgm_value_text(pgm_column_value(st, i), NULL);
      size_t l = strlen(buf);
      snprintf(buf + l, sizeof buf - l, "%s%s", i ? "|" : "", v ? v : "");
    }
  } else if (rc != PGM_DONE) {
    const pgm_error *e = pgm_stmt_error(st);
    snprintf(buf, sizeof buf, "ERROR %s: %s", pgm_error_sqlstate(e), pgm_error_message(e));
  }
  pgm_finalize(st);
  return buf;
}

int main(void) {
  pgm_db *db;
  pgm_error *err = NULL;
  if (pgm_open(":memory:", 0, &db, &err) != PGM_OK) {
    fprintf(stderr, "open: %s\n", pgm_error_message(err));
    return 1;
  }
  int fails = 0, n = (int)(sizeof rx_cases / sizeof rx_cases[0]);
  for (int i = 0; i < n; i++) {
    const char *got = rx_run(db, rx_cases[i].sql);
    if (strcmp(got, rx_cases[i].expected)) {
      fprintf(stderr, "FAIL %s\n  expected: %s\n  got:      %s\n", rx_cases[i].sql,
              rx_cases[i].expected, got);
      fails++;
    }
  }
  /* one pattern over many rows: compiled once, same answers */
  const char *got = rx_run(db, "select count(*) from generate_series(1, 2000) g "
                               "where g::text ~ '^1.*7$'");
  if (strcmp(got, "111")) { fprintf(stderr, "FAIL series count: %s\n", got); fails++; }
  /* a NaN double bound to a float8 column is stored and read back */
  pgm_stmt *st = NULL;
  int nan_ok = pgm_exec(db, "create table ft(f float8)", NULL) == PGM_OK &&
               pgm_prepare(db, "insert into ft values ($1::float8)", -1, &st, NULL, NULL) == PGM_OK &&
               pgm_bind_double(st, 1, NAN) == PGM_OK && pgm_step(st) == PGM_DONE;
  pgm_finalize(st);
  got = nan_ok ? rx_run(db, "select f, f = 'NaN', f > 1e308 from ft") : "bind failed";
  if (strcmp(got, "NaN|t|t")) { fprintf(stderr, "FAIL bind NaN: %s\n", got); fails++; }
  pgm_close(db);
  printf("%d/%d regexp and float NaN cases passed\n", n + 2 - fails, n + 2);
  return fails != 0;
}
