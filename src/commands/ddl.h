/*
** ddl.h — DDL beyond CREATE/DROP TABLE and CREATE INDEX (tablecmds.h):
**
**   truncate.c       TRUNCATE
**   sequence_cmds.c  CREATE SEQUENCE, ALTER SEQUENCE; sequence options for
**                    identity columns
**   alter.c          ALTER TABLE (ADD/DROP/RENAME COLUMN, ALTER COLUMN ...,
**                    ADD/DROP CONSTRAINT), ALTER TABLE RENAME
**   view.c           CREATE TABLE AS / SELECT INTO, CREATE VIEW, DROP VIEW,
**                    COMMENT ON
**   reloptions.c     storage parameters: WITH (...), ALTER TABLE SET/RESET (...)
**   vacuum.c         VACUUM, ANALYZE
**
** Each builds a Plan whose SQL runs in the DDL savepoint (engine/exec.c
** run_ddl): all of it or none.  Every field of the parse node is either
** handled or rejected with 0A000.
*/
#ifndef PGM_DDL_H
#define PGM_DDL_H

#include "analyze/analyze.h"
#include "translate/plan.h"

void cmd_truncate(Analysis *an, PgQuery__TruncateStmt *stmt, Plan *plan);

/* Sequence parameters after PostgreSQL's init_params. */
typedef struct SeqParams {
  Oid type;                /* int2/int4/int8 */
  int64_t increment, min, max, start;
  bool has_restart;
  int64_t restart;
  const char *owned_table; /* OWNED BY table.column (NULL: none) */
  bool owned_set;          /* OWNED BY given (NONE included) */
  const char *name;        /* SEQUENCE NAME (identity columns) */
} SeqParams;

/* Parse sequence options into p; for_alter: p holds the current values. */
void seq_params(Analysis *an, Node **options, size_t n, SeqParams *p, bool for_alter, bool for_identity,
                int location);
void cmd_create_sequence(Analysis *an, PgQuery__CreateSeqStmt *stmt, Plan *plan);
void cmd_alter_sequence(Analysis *an, PgQuery__AlterSeqStmt *stmt, Plan *plan);

void cmd_alter_table(Analysis *an, PgQuery__AlterTableStmt *stmt, Plan *plan);
void cmd_rename(Analysis *an, PgQuery__RenameStmt *stmt, Plan *plan);

void cmd_create_table_as(Analysis *an, PgQuery__CreateTableAsStmt *stmt, Plan *plan);
/* SELECT ... INTO t: CREATE TABLE t AS SELECT ... */
void cmd_select_into(Analysis *an, Node *stmt, Plan *plan);
void cmd_create_view(Analysis *an, PgQuery__ViewStmt *stmt, Plan *plan);
void cmd_drop_view(Analysis *an, PgQuery__DropStmt *stmt, Plan *plan);
void cmd_comment(Analysis *an, PgQuery__CommentStmt *stmt, Plan *plan);
/* CREATE TABLE for t (STRICT, PostgreSQL constraint names) under sqlname;
** extra: further ", CONSTRAINT ..." clauses. */
/* The STRICT SQLite column type that stores a PostgreSQL type (tablecmds.c). */
const char *ddl_sqlite_type(Oid type);
void ddl_emit_create(const Table *t, const char *sqlname, const char *extra, StrBuf *b);
/* Does a relation of any kind (table, index, sequence, view) use name? */
bool ddl_relation_exists(pgm_db *db, const char *name);
/* Run a one-value query with one text parameter: 1 row found, 0 none. */
bool ddl_query_exists(pgm_db *db, const char *sql, const char *arg);
/* Storage parameters (reloptions.c).  The stored text[] value after
** applying options (a list of DefElem nodes) to old (NULL: none), as SET
** (reset false) or RESET; rel is 'r' (table) or 'i' (btree index).  NULL
** when no option is left.  Errors as PostgreSQL's (22023) or 0A000. */
char *reloptions_transform(Analysis *an, const char *old, Node **options, size_t n, bool reset, char rel);
/* SQL keeping relname's value (NULL: forgetting it); tblname is the table. */
void reloptions_sql_store(const char *relname, const char *tblname, const char *value, StrBuf *b);
/* The stored value of relname, or NULL. */
char *reloptions_stored(Analysis *an, const char *relname);
void cmd_vacuum(Analysis *an, PgQuery__VacuumStmt *stmt, Plan *plan);
/* Is name a view (pgm_view)? */
bool view_exists(pgm_db *db, const char *name);

/* FOREIGN KEY, for CREATE TABLE and ALTER TABLE (tablecmds.c). */
/* The first column a CHECK expression mentions (its raw tree), which names
** the constraint when the analysed expression cannot tell (tablecmds.c). */
const char *ddl_check_first_column(Node *raw);

/* Refuse, with 0A000, the foreign key options pgmicro cannot honour. */
void ddl_fk_refuse_unsupported(Analysis *an, PgQuery__Constraint *con);
/* The referenced columns of a foreign key with n referencing columns:
** those con names in rt, else rt's primary key as found in
** cons[0..ncons) (ALTER TABLE passes its working copy for a self
** reference).  Checked as PostgreSQL checks them: they exist, their number
** is n, and a primary key or unique constraint covers exactly them.
** Returns n column indexes of rt. */
int *ddl_fk_referenced(Analysis *an, PgQuery__Constraint *con, const Table *rt,
                       const Constraint *cons, int ncons, int n);
/* Append "FOREIGN KEY (..) REFERENCES ref (..) ON DELETE .. ON UPDATE .."
** for columns cols of t referencing columns rcols of rt. */
void ddl_fk_clause(Analysis *an, StrBuf *b, PgQuery__Constraint *con, const Table *t, const int *cols,
                   const Table *rt, const int *rcols, int n);

#endif
