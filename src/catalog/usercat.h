/*
** usercat.h — the user catalog: the tables of a database with their
** PostgreSQL column types, defaults and constraints.
**
** SQLite keeps only storage classes, so the PostgreSQL facts live in catalog
** tables inside the database file (created on first open, readable with the
** stock sqlite3 shell):
**
**   pgm_attribute   one row per column: type OID, typmod, NOT NULL, default
**   pgm_constraint  one row per constraint: name, kind, columns
**   pgm_sequence    one row per sequence (serial, bigserial, CREATE SEQUENCE)
**   pgm_view        one row per view: its defining SELECT as PostgreSQL text
**   pgm_description COMMENT ON TABLE / COLUMN
**   pgm_oid         stable OIDs of relations, constraints, defaults (pgcatalog.h)
**   pgm_reloptions  storage parameters of tables and indexes (WITH (...))
**
** Columns added after the first release (pgm_attribute.attidentity,
** pgm_sequence.start_value, seqtypid, seqcache, owned_col, pgm_constraint.consrc) are optional: usercat_bootstrap adds them to
** older files with ALTER TABLE, and every INSERT names its columns.
**
** The names beginning with "pgm_" are reserved for the engine.
*/
#ifndef PGM_USERCAT_H
#define PGM_USERCAT_H

#include "pgmint.h"

typedef struct Column {
  char *name;
  Oid type;
  int32_t typmod;
  bool notnull;
  char *default_pg;        /* DEFAULT as PostgreSQL text (deparsed), or NULL */
  char identity;           /* 'a' GENERATED ALWAYS / 'd' BY DEFAULT AS IDENTITY, or 0 */
} Column;

typedef struct Constraint {
  char *name;
  char kind;               /* p primary key, u unique, f foreign key, c check */
  int *cols; int ncols;    /* 0-based column numbers */
  char *refrel;            /* f: referenced table */
  char *consrc;            /* c: the expression as pg_get_constraintdef prints it (ruleutils.c), or NULL */
} Constraint;

typedef struct Table {
  char *name;
  int ncols;
  Column *cols;
  int ncons;
  Constraint *cons;
  bool rowid_pk;
  bool temp;               /* a TEMP table: in SQLite's temp schema, catalogued in temp.pgm_temp_* */           /* the primary key is SQLite's rowid (INTEGER PRIMARY KEY) */
} Table;

/* Create the catalog tables in a new database (idempotent). */
int usercat_bootstrap(pgm_db *db, pgm_error **err);

/* The table named name, or NULL if there is none.  Borrowed from the
** connection's table cache: valid until the next DDL on the connection. */
Table *usercat_table(pgm_db *db, const char *name);
int usercat_column(const Table *t, const char *name); /* index, or -1 */

/* Forget cached tables (after DDL, or when another connection changed the schema). */
void usercat_invalidate(pgm_db *db);
void usercat_free_cache(pgm_db *db);

/* Append the SQL that records a table (its columns and constraints), drops
** it from the catalog, or records a sequence; DDL plans run these
** statements in the same savepoint as the SQLite DDL itself. */
void usercat_sql_add_table(const Table *t, StrBuf *b);
void usercat_sql_drop_table(const char *name, StrBuf *b);
/* The same for a TEMP table (its catalog rows live in the connection's temp
** schema, created by usercat_sql_temp_catalog). */
void usercat_sql_drop_temp_table(const char *name, StrBuf *b);
void usercat_sql_temp_catalog(StrBuf *b);
/* The name the connection's temp schema has in pg_namespace (pg_temp_3, as
** for the first backend of a fresh PostgreSQL cluster; the same for every
** connection, each seeing only its own). */
#define PGM_TEMP_SCHEMA_NAME "pg_temp_3"
/* Whether this connection has TEMP tables (their catalog exists). */
bool usercat_temp_present(pgm_db *db);
/* The TEMP table named name (what pg_temp.name means), or NULL. */
Table *usercat_temp_table(pgm_db *db, const char *name);
void usercat_sql_add_sequence(const char *name, int64_t start, int64_t inc, int64_t min, int64_t max,
                              const char *owned_by, StrBuf *b);
/* Append one quoted SQL string literal, or NULL. */
void usercat_sql_text(StrBuf *b, const char *s);

/* Run one SQLite statement of DDL or catalog maintenance; errors become
** pgm_errors (XX000 with SQLite's message unless mapped). */
int usercat_exec(pgm_db *db, const char *sql, pgm_error **err);

#endif
