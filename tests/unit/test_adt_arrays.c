/*
** test_adt_arrays.c — unit tests of one-dimensional arrays (src/adt/arrayfuncs.c):
** array_in / array_out through adt_input / adt_output_datum, and the array
** functions through the public ABI.  Expected values are what PostgreSQL 15
** prints for the same input (checked with psql against the reference server).
*/
#include "adt/adt.h"

#include <stdio.h>
#include <string.h>

static int arr_failures, arr_checks;

/* Input then output of text as type; "ERROR <sqlstate>" for a failed input. */
static void arr_check_io(Oid type, int32_t typmod, const char *in, const char *expected) {
  Datum d;
  pgm_error *err = NULL;
  StrBuf out = STRBUF_INIT;
  if (adt_input(NULL, type, typmod, in, strlen(in), &d, &err) != 0) {
    sb_printf(&out, "ERROR %s", err->sqlstate);
    pgm_error_free(err);
  } else {
    adt_output_datum(NULL, type, typmod, &d, &out);
    pgm_datum_free(&d);
  }
  arr_checks++;
  if (strcmp(sb_str(&out), expected)) {
    arr_failures++;
    fprintf(stderr, "FAIL %u %s: got %s, expected %s\n", type, in, sb_str(&out), expected);
  }
  sb_free(&out);
}

static void arr_check_sql(pgm_db *db, const char *sql, const char *expected) {
  pgm_stmt *st = NULL;
  pgm_error *err = NULL;
  char got[256] = "";
  if (pgm_prepare(db, sql, -1, &st, NULL, &err) != PGM_OK) {
    snprintf(got, sizeof got, "ERROR %s", pgm_error_sqlstate(err));
  } else if (pgm_step(st) == PGM_ROW) {
    const char *v = pgm_value_text(pgm_column_value(st, 0), NULL);
    snprintf(got, sizeof got, "%s", v ? v : "NULL");
  } else {
    snprintf(got, sizeof got, "ERROR %s", pgm_stmt_error(st) ? pgm_error_sqlstate(pgm_stmt_error(st)) : "?");
  }
  pgm_error_free(err);
  pgm_finalize(st);
  arr_checks++;
  if (strcmp(got, expected)) {
    arr_failures++;
    fprintf(stderr, "FAIL %s: got %s, expected %s\n", sql, got, expected);
  }
}

int main(void) {
  arr_check_io(1007, -1, "{1,2,3}", "{1,2,3}");
  arr_check_io(1007, -1, " { 1 , NULL ,3 } ", "{1,NULL,3}");
  arr_check_io(1007, -1, "{}", "{}");
  arr_check_io(1007, -1, "[1:2]={7,8}", "{7,8}");
  arr_check_io(1007, -1, "[1:3]={7,8}", "ERROR 22P02");
  arr_check_io(1007, -1, "[0:1]={7,8}", "ERROR 0A000");
  arr_check_io(1007, -1, "{{1},{2}}", "ERROR 0A000");
  arr_check_io(1007, -1, "{1,2", "ERROR 22P02");
  arr_check_io(1007, -1, "1,2", "ERROR 22P02");
  arr_check_io(1007, -1, "{1,}", "ERROR 22P02");
  arr_check_io(1007, -1, "{1} x", "ERROR 22P02");
  arr_check_io(1007, -1, "{a}", "ERROR 22P02");
  arr_check_io(1009, -1, "{\"a b\",\"\",\"NULL\",null,\"q\\\"x\",b\\,c}", "{\"a b\",\"\",\"NULL\",NULL,\"q\\\"x\",\"b,c\"}");
  arr_check_io(1009, -1, "{ a b }", "{\"a b\"}");
  arr_check_io(1231, -1, "{1.50,007,-0}", "{1.50,7,0}");
  arr_check_io(1231, (5 << 16 | 2) + 4, "{1.5}", "{1.50}");
  arr_check_io(1015, 3 + 4, "{abcd}", "ERROR 22001");
  arr_check_io(1000, -1, "{t,false,yes}", "{t,f,t}");
  arr_check_io(1182, -1, "{2024-01-02}", "{2024-01-02}");
  arr_check_io(1001, -1, "{\"\\\\x0102\"}", "{\"\\\\x0102\"}");

  pgm_db *db = NULL;
  if (pgm_open(":memory:", 0, &db, NULL) != PGM_OK) { fprintf(stderr, "open failed\n"); return 1; }
  arr_check_sql(db, "SELECT array_to_string(ARRAY[1, NULL, 3], '-', '?')", "1-?-3");
  arr_check_sql(db, "SELECT string_to_array('x,,y', ',', '')", "{x,NULL,y}");
  arr_check_sql(db, "SELECT array_cat(ARRAY['a'], '{b}')", "{a,b}");
  arr_check_sql(db, "SELECT array_replace(ARRAY[1, NULL], NULL, 5)", "{1,5}");
  arr_check_sql(db, "SELECT ARRAY[1.0, 2] = ARRAY[1, 2.00]", "t");
  arr_check_sql(db, "SELECT ARRAY['10'] < ARRAY['9']", "t");
  arr_check_sql(db, "SELECT ARRAY[10] < ARRAY[9]", "f");
  arr_check_sql(db, "SELECT 3 = ANY(ARRAY[1, NULL])", "NULL");
  arr_check_sql(db, "SELECT (SELECT count(*) FROM unnest(ARRAY[1, 2, 3]))", "3");
  arr_check_sql(db, "SELECT array_length('{a}'::text, 1)", "ERROR 42883");
  arr_check_sql(db, "SELECT array_length('{a}', 1)", "ERROR 42804");
  arr_check_sql(db, "SELECT ARRAY[ARRAY[1]]", "ERROR 0A000");
  arr_check_sql(db, "SELECT ARRAY[1] ORDER BY 1", "ERROR 0A000");
  pgm_close(db);
  printf("test_adt_arrays: %d passed, %d failed\n", arr_checks - arr_failures, arr_failures);
  return arr_failures ? 1 : 0;
}
