/*
** catalog.h — PostgreSQL's built-in catalog as data, and the user catalog.
**
** The built-in rows (types, functions, operators, casts, aggregates,
** settings) are PostgreSQL 15.18's own, generated into pg_*_data.c by
** tools/gen_catalog.py.  Name and type resolution (src/analyze) looks
** operators, functions and casts up here exactly as PostgreSQL does in
** pg_operator, pg_proc and pg_cast; whether the engine can *run* a function
** is a separate question answered by the function registry (src/adt).
**
** The user catalog (tables, columns and their PostgreSQL types, constraints,
** sequences) lives in the database file itself, in the tables created by
** catalog.c, so that column types survive closing and reopening.
*/
#ifndef PGM_CATALOG_H
#define PGM_CATALOG_H

#include <stdint.h>
#include <stddef.h>

typedef uint32_t Oid;
#define InvalidOid 0

typedef struct PgType {
  Oid oid;
  const char *typname;      /* "int4" */
  const char *format_name;  /* format_type(): "integer" */
  char typtype;             /* b base, p pseudo, c composite, d domain, e enum, r range, m multirange */
  char category;            /* N numeric, S string, D datetime, B boolean, U user, A array, ... */
  int preferred;            /* typispreferred within its category */
  int typlen;
  Oid elem;                 /* element type of an array type, else 0 */
  Oid array;                /* array type of this type, else 0 */
  Oid relid;
} PgType;

typedef struct PgProc {
  Oid oid;
  const char *name;         /* proname */
  char kind;                /* f function, a aggregate, w window, p procedure */
  char volatility;          /* i immutable, s stable, v volatile */
  int strict;
  int retset;
  int nargs;
  int argoff;               /* index of the first argument type in pgm_builtin_proc_args */
  Oid variadic;             /* element type of a VARIADIC last argument, else 0 */
  Oid rettype;
  const char *prosrc;       /* PostgreSQL's C symbol: the name of our implementation */
  int ndefaults;
} PgProc;

typedef struct PgOperator {
  Oid oid;
  const char *name;
  char kind;                /* b binary, l prefix */
  Oid left, right, result;
  Oid proc;
  const char *procname;
  Oid commutator, negator;
} PgOperator;

typedef struct PgCast {
  Oid source, target;
  Oid func;                 /* 0 for binary-coercible or I/O casts */
  char context;             /* i implicit, a assignment, e explicit */
  char method;              /* f function, b binary coercible, i I/O */
} PgCast;

typedef struct PgAggregate {
  Oid fnoid;
  char kind;
  const char *transfn, *finalfn;
  Oid transtype;
  const char *initval;
} PgAggregate;

typedef struct PgSetting {
  const char *name, *setting, *unit, *vartype, *context, *desc;
} PgSetting;

extern const PgType pgm_builtin_types[];
extern const int pgm_builtin_ntypes;
extern const PgProc pgm_builtin_procs[];
extern const int pgm_builtin_nprocs;
/* pg_proc.prolang where it is not 12 (internal): 13 c, 14 sql; by OID. */
typedef struct PgProcLang { Oid oid; Oid lang; } PgProcLang;
extern const PgProcLang pgm_builtin_proc_langs[];
extern const int pgm_builtin_nproc_langs;
extern const uint32_t *const pgm_builtin_proc_args;
extern const PgOperator pgm_builtin_operators[];
extern const int pgm_builtin_noperators;
extern const PgCast pgm_builtin_casts[];
extern const int pgm_builtin_ncasts;
extern const PgAggregate pgm_builtin_aggregates[];
extern const int pgm_builtin_naggregates;
extern const PgSetting pgm_builtin_settings[];
extern const int pgm_builtin_nsettings;

/* Lookups over the built-in rows (binary search / indexes built once). */
const PgType *pgm_type_by_oid(Oid oid);
const PgType *pgm_type_by_name(const char *typname);
const PgProc *pgm_proc_by_oid(Oid oid);
const Oid *pgm_proc_argtypes(const PgProc *p);
/* All procs named name: *n receives the count; they are contiguous in the index. */
const PgProc *const *pgm_procs_by_name(const char *name, int *n);
const PgOperator *const *pgm_operators_by_name(const char *name, int *n);
const PgCast *pgm_cast_find(Oid source, Oid target);
const PgAggregate *pgm_aggregate_by_oid(Oid fnoid);
const PgSetting *pgm_setting_by_name(const char *name);
/* Initialise the lookup indexes (idempotent, thread-safe). */
void pgm_catalog_init(void);

#endif
