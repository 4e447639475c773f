/*
** lookup.c — finding built-in catalog rows: by OID (the generated arrays are
** sorted by OID: binary search) and by name (indexes built once per process).
*/
#include "catalog/catalog.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const PgProc **procs_by_name;
static const PgOperator **opers_by_name;
static const PgType **types_by_name;
static pthread_once_t catalog_once = PTHREAD_ONCE_INIT;

static int cmp_proc_name(const void *a, const void *b) {
  const PgProc *x = *(const PgProc *const *)a, *y = *(const PgProc *const *)b;
  int c = strcmp(x->name, y->name);
  return c ? c : (x->oid < y->oid ? -1 : x->oid > y->oid);
}

static int cmp_oper_name(const void *a, const void *b) {
  const PgOperator *x = *(const PgOperator *const *)a, *y = *(const PgOperator *const *)b;
  int c = strcmp(x->name, y->name);
  return c ? c : (x->oid < y->oid ? -1 : x->oid > y->oid);
}

static int cmp_type_name(const void *a, const void *b) {
  return strcmp((*(const PgType *const *)a)->typname, (*(const PgType *const *)b)->typname);
}

static void build_indexes(void) {
  procs_by_name = malloc(sizeof(*procs_by_name) * (size_t)pgm_builtin_nprocs);
  for (int i = 0; i < pgm_builtin_nprocs; i++) procs_by_name[i] = &pgm_builtin_procs[i];
  qsort(procs_by_name, (size_t)pgm_builtin_nprocs, sizeof(*procs_by_name), cmp_proc_name);
  opers_by_name = malloc(sizeof(*opers_by_name) * (size_t)pgm_builtin_noperators);
  for (int i = 0; i < pgm_builtin_noperators; i++) opers_by_name[i] = &pgm_builtin_operators[i];
  qsort(opers_by_name, (size_t)pgm_builtin_noperators, sizeof(*opers_by_name), cmp_oper_name);
  types_by_name = malloc(sizeof(*types_by_name) * (size_t)pgm_builtin_ntypes);
  for (int i = 0; i < pgm_builtin_ntypes; i++) types_by_name[i] = &pgm_builtin_types[i];
  qsort(types_by_name, (size_t)pgm_builtin_ntypes, sizeof(*types_by_name), cmp_type_name);
}

void pgm_catalog_init(void) { pthread_once(&catalog_once, build_indexes); }

const PgType *pgm_type_by_oid(Oid oid) {
  int lo = 0, hi = pgm_builtin_ntypes - 1;
  while (lo <= hi) {
    int mid = (lo + hi) / 2;
    if (pgm_builtin_types[mid].oid == oid) return &pgm_builtin_types[mid];
    if (pgm_builtin_types[mid].oid < oid) lo = mid + 1; else hi = mid - 1;
  }
  return NULL;
}

const PgType *pgm_type_by_name(const char *name) {
  pgm_catalog_init();
  int lo = 0, hi = pgm_builtin_ntypes - 1;
  while (lo <= hi) {
    int mid = (lo + hi) / 2, c = strcmp(types_by_name[mid]->typname, name);
    if (!c) return types_by_name[mid];
    if (c < 0) lo = mid + 1; else hi = mid - 1;
  }
  return NULL;
}

const PgProc *pgm_proc_by_oid(Oid oid) {
  int lo = 0, hi = pgm_builtin_nprocs - 1;
  while (lo <= hi) {
    int mid = (lo + hi) / 2;
    if (pgm_builtin_procs[mid].oid == oid) return &pgm_builtin_procs[mid];
    if (pgm_builtin_procs[mid].oid < oid) lo = mid + 1; else hi = mid - 1;
  }
  return NULL;
}

const Oid *pgm_proc_argtypes(const PgProc *p) { return pgm_builtin_proc_args + p->argoff; }

/* First index in a name-sorted array whose name is >= name. */
#define LOWER_BOUND(arr, count, name, out) do { \
    int lo_ = 0, hi_ = (count); \
    while (lo_ < hi_) { int mid_ = (lo_ + hi_) / 2; \
      if (strcmp((arr)[mid_]->name, (name)) < 0) lo_ = mid_ + 1; else hi_ = mid_; } \
    (out) = lo_; } while (0)

const PgProc *const *pgm_procs_by_name(const char *name, int *n) {
  pgm_catalog_init();
  int first, last;
  LOWER_BOUND(procs_by_name, pgm_builtin_nprocs, name, first);
  for (last = first; last < pgm_builtin_nprocs && !strcmp(procs_by_name[last]->name, name); last++) {}
  *n = last - first;
  return procs_by_name + first;
}

const PgOperator *const *pgm_operators_by_name(const char *name, int *n) {
  pgm_catalog_init();
  int first, last;
  LOWER_BOUND(opers_by_name, pgm_builtin_noperators, name, first);
  for (last = first; last < pgm_builtin_noperators && !strcmp(opers_by_name[last]->name, name); last++) {}
  *n = last - first;
  return opers_by_name + first;
}

const PgCast *pgm_cast_find(Oid source, Oid target) {
  int lo = 0, hi = pgm_builtin_ncasts - 1;
  while (lo <= hi) {
    int mid = (lo + hi) / 2;
    const PgCast *c = &pgm_builtin_casts[mid];
    if (c->source == source && c->target == target) return c;
    if (c->source < source || (c->source == source && c->target < target)) lo = mid + 1;
    else hi = mid - 1;
  }
  return NULL;
}

const PgAggregate *pgm_aggregate_by_oid(Oid fnoid) {
  int lo = 0, hi = pgm_builtin_naggregates - 1;
  while (lo <= hi) {
    int mid = (lo + hi) / 2;
    if (pgm_builtin_aggregates[mid].fnoid == fnoid) return &pgm_builtin_aggregates[mid];
    if (pgm_builtin_aggregates[mid].fnoid < fnoid) lo = mid + 1; else hi = mid - 1;
  }
  return NULL;
}

const PgSetting *pgm_setting_by_name(const char *name) {
  for (int i = 0; i < pgm_builtin_nsettings; i++)
    if (!strcasecmp(pgm_builtin_settings[i].name, name)) return &pgm_builtin_settings[i];
  return NULL;
}
