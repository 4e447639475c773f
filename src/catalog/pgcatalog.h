/*
** pgcatalog.h — pg_catalog and information_schema: read-only relations over
** the real schema, so that drivers' and tools' introspection queries work.
**
** Each system relation (pg_class, pg_attribute, information_schema.columns,
** ...) is a SQLite eponymous virtual table named pgm_sys_<name> whose rows
** are computed on every scan from sqlite_schema, the pgm_* user catalog and
** the built-in catalog rows.  syscat_table() hands the analyser a Table
** (usercat.h) named after that virtual table and carrying PostgreSQL's
** column names and types, so the rest of the pipeline treats it like any
** table; DML on one is refused (syscat_check_dml).
**
** OIDS.  Relations, constraints and column defaults get OIDs from 16384 up,
** kept in the catalog table pgm_oid(classid, relname, subname, oid): classid
** 1259 a relation (subname ''), 2606 a constraint (subname its name), 2604 a
** column default (subname its attnum).  OIDs are assigned lazily: the
** first catalog query that finds objects without one assigns them (in name
** order, after the highest OID ever given) and stores them, so they are
** stable across VACUUM, reopen and connections; on a read-only file the
** same OIDs are computed without storing.  RENAME carries a table's rows
** along.  A dropped relation's row is kept (OIDs are never reused), so a
** table re-created under the same name gets its old OID back.
** System relations have PostgreSQL 15's own OIDs (pg_class 1259, ...).
*/
#ifndef PGM_PGCATALOG_H
#define PGM_PGCATALOG_H

#include "adt/adt.h"
#include "analyze/analyze.h"
#include "catalog/usercat.h"

/* The system relation schema.name (schema NULL: unqualified, where
** pg_catalog is searched first; information_schema only when qualified),
** or NULL.  The Table is static (never freed). */
Table *syscat_table(pgm_db *db, const char *schema, const char *name);
/* Whether t is one of those tables. */
bool syscat_is(const Table *t);
/* INSERT/UPDATE/DELETE on a system relation: raise PostgreSQL's error. */
void syscat_check_dml(Analysis *an, PgQuery__RangeVar *rv, const char *verb);
/* The range-table entry of a system relation named name in FROM. */
RangeTblEntry *syscat_rte(ParseState *ps, Table *t, const char *name);
/* The implementation of a SQL-bodied catalog function (obj_description,
** col_description: pg_proc has no C symbol for them), or NULL. */
const char *syscat_sql_bodied(const PgProc *p);
/* format_type, pg_get_expr, pg_get_constraintdef, pg_table_is_visible,
** has_*_privilege, pg_get_userbyid, version, ... (registered by adt/registry.c). */
extern const AdtFunc adt_catalog_funcs[];

/* regclass I/O: a relation's OID by name (0 if none) and its name by OID
** (NULL if none; caller frees). */
Oid syscat_relation_oid(pgm_db *db, const char *name);
char *syscat_relation_name(pgm_db *db, Oid oid);
/* A relation's relkind ('r', 'i', 'S', 'v'; a system relation's own kind),
** or 0 when oid names none.  *name (and, for an index or an owned
** sequence, *parent: its table) are malloc'd for the caller; NULL otherwise. */
char syscat_relation_kind(pgm_db *db, Oid oid, char **name, char **parent);

/* format_type(type, typmod) text (malloc'd), and an identifier quoted as
** PostgreSQL's quote_identifier quotes it (keywords included). */
char *syscat_format_type(Oid type, int32_t typmod);
void syscat_quote_ident(StrBuf *b, const char *name);

/* Put the virtual tables on a new connection. */
int syscat_register(pgm_db *db);

#endif
