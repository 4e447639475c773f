/*
** test_adt_numbers.c — unit tests of int2/int4/int8/oid, bool, float4/8,
** numeric, the string types and the aggregates (src/adt/int.c, bool.c,
** float.c, numeric.c, varlena.c, aggregates.c).  Runs the adt functions on
** a raw SQLite connection; every expected value in
** test_adt_numbers_cases.h is what PostgreSQL 15 printed for the
** equivalent SQL written next to it.  Also checks that every function these
** files register names a real pg_proc.prosrc with the same argument count.
*/
#include "adt/adt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct NumCase { const char *sql, *expected; } NumCase;

static const NumCase num_cases[] = {
#include "test_adt_numbers_cases.h"
};

static int num_failures;

/* Run "SELECT coalesce(<expr>, 'NULL')" and render the value or the error
** the way the expected strings are written. */
static char *num_eval(pgm_db *db, const char *expr) {
  char *sql = sqlite3_mprintf("SELECT coalesce(%s, 'NULL')", expr);
  sqlite3_stmt *st = NULL;
  char *res;
  if (sqlite3_prepare_v2(db->sq, sql, -1, &st, NULL) != SQLITE_OK) {
    res = sqlite3_mprintf("PREPARE %s", sqlite3_errmsg(db->sq));
  } else if (sqlite3_step(st) == SQLITE_ROW) {
    res = sqlite3_mprintf("%s", (const char *)sqlite3_column_text(st, 0));
  } else if (db->pending) {
    res = sqlite3_mprintf("ERROR %s: %s", db->pending->sqlstate, db->pending->message);
  } else {
    res = sqlite3_mprintf("SQLITE %s", sqlite3_errmsg(db->sq));
  }
  if (db->pending) {
    pgm_error_free(db->pending);
    db->pending = NULL;
  }
  sqlite3_finalize(st);
  sqlite3_free(sql);
  return res;
}

static void num_check(const char *what, const char *got, const char *want) {
  if (strcmp(got, want) == 0) return;
  num_failures++;
  fprintf(stderr, "FAIL %s\n  got:  %s\n  want: %s\n", what, got, want);
}

static void num_run_cases(pgm_db *db) {
  for (size_t i = 0; i < sizeof num_cases / sizeof num_cases[0]; i++) {
    char *got = num_eval(db, num_cases[i].sql);
    num_check(num_cases[i].sql, got, num_cases[i].expected);
    sqlite3_free(got);
  }
}

/* A function registered under a prosrc that PostgreSQL does not have (or
** with another argument count) could never be called by the analyser. */
static bool num_prosrc_exists(const char *name, int nargs) {
  for (int i = 0; i < pgm_builtin_nprocs; i++) {
    const PgProc *p = &pgm_builtin_procs[i];
    if (p->prosrc && strcmp(p->prosrc, name) == 0 && (nargs < 0 || p->nargs == nargs)) return true;
  }
  return false;
}

static void num_check_names(void) {
  const AdtFunc *const tables[] = {adt_int_funcs, adt_float_funcs, adt_numeric_funcs,
                                   adt_bool_funcs, adt_varlena_funcs};
  for (size_t t = 0; t < sizeof tables / sizeof tables[0]; t++)
    for (const AdtFunc *f = tables[t]; f->name; f++)
      if (!num_prosrc_exists(f->name, f->nargs)) {
        num_failures++;
        fprintf(stderr, "FAIL no pg_proc row with prosrc %s and %d arguments\n", f->name, f->nargs);
      }
  for (const AdtAgg *a = adt_aggregates; a->sqlname; a++) {
    const PgProc *p = pgm_proc_by_oid(a->fnoid);
    if (!p || p->kind != 'a' || p->nargs != a->nargs) {
      num_failures++;
      fprintf(stderr, "FAIL %s is not an aggregate of %d arguments\n", a->sqlname, a->nargs);
    }
  }
}

/* adt_input / adt_output called directly, as the engine does for bound
** parameters and result columns. */
static void num_check_io(pgm_db *db, Oid type, int32_t typmod, const char *in, const char *want) {
  Datum d;
  pgm_error *err = NULL;
  StrBuf b = STRBUF_INIT;
  if (adt_input(db, type, typmod, in, strlen(in), &d, &err) != 0) {
    sb_printf(&b, "ERROR %s: %s", err->sqlstate, err->message);
    pgm_error_free(err);
  } else {
    adt_output_datum(db, type, typmod, &d, &b);
    pgm_datum_free(&d);
  }
  num_check(in, sb_str(&b), want);
  sb_free(&b);
}

int main(void) {
  pgm_catalog_init();
  pgm_db *db = calloc(1, sizeof *db);
  if (!db || sqlite3_open(":memory:", &db->sq) != SQLITE_OK) return 2;
  db->settings.extra_float_digits = 1;
  db->settings.timezone = "UTC";
  if (adt_register_all(db) != 0) return 2;
  num_check_names();
  num_run_cases(db);
  /* values checked against PostgreSQL 15: select '...'::type */
  num_check_io(db, 701, -1, "1e-7", "1e-07");
  num_check_io(db, 700, -1, "0.3", "0.3");
  num_check_io(db, 1700, ((7 << 16) | 3) + 4, " -1.23456 ", "-1.235");
  num_check_io(db, 1042, 8, "é", "é   ");
  num_check_io(db, 17, -1, "\\x", "\\x");
  num_check_io(db, 20, -1, "-9223372036854775809",
               "ERROR 22003: value \"-9223372036854775809\" is out of range for type bigint");
  /* extra_float_digits = 0: PostgreSQL's %.15g output */
  db->settings.extra_float_digits = 0;
  num_check_io(db, 701, -1, "0.1", "0.1");
  num_check_io(db, 701, -1, "3.0925352787701443e18", "3.09253527877014e+18");
  sqlite3_close(db->sq);
  free(db);
  if (num_failures) {
    fprintf(stderr, "%d failures\n", num_failures);
    return 1;
  }
  printf("test_adt_numbers: %zu cases passed\n", sizeof num_cases / sizeof num_cases[0]);
  return 0;
}
