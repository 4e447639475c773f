/*
** tablecmds.h — DDL: CREATE TABLE, DROP TABLE, CREATE INDEX, DROP INDEX,
** CREATE SEQUENCE, DROP SEQUENCE.  Each produces a Plan whose SQL creates
** the SQLite objects and records the PostgreSQL facts in the user catalog,
** run atomically.
*/
#ifndef PGM_TABLECMDS_H
#define PGM_TABLECMDS_H

#include "analyze/analyze.h"
#include "translate/plan.h"

void cmd_create_table(Analysis *an, PgQuery__CreateStmt *stmt, Plan *plan);
void cmd_drop(Analysis *an, PgQuery__DropStmt *stmt, Plan *plan);
void cmd_create_index(Analysis *an, PgQuery__IndexStmt *stmt, Plan *plan);
void cmd_create_sequence(Analysis *an, PgQuery__CreateSeqStmt *stmt, Plan *plan);

#endif
