/*
** plan.h — what the translator hands to the engine: SQLite SQL to run and
** everything PostgreSQL reports about the statement (result columns with
** type OIDs, parameter types, the command tag).
**
** A Plan belongs to the connection's plan cache and is shared, read-only,
** by every pgm_stmt prepared from the same text (reference counted).
*/
#ifndef PGM_PLAN_H
#define PGM_PLAN_H

#include "pgmint.h"

typedef struct PlanColumn {
  char *name;
  Oid type;
  int32_t typmod;
} PlanColumn;

typedef enum PlanKind {
  PLAN_SQL,         /* run sql[0..nsql-1]; the last one yields the rows */
  PLAN_UTILITY,     /* executed by engine/utility.c: transactions, SET, SHOW */
} PlanKind;

typedef enum TagKind {
  TAG_PLAIN,        /* the tag text as is: "CREATE TABLE" */
  TAG_SELECT,       /* "SELECT n" (rows returned) */
  TAG_INSERT,       /* "INSERT 0 n" */
  TAG_UPDATE,       /* "UPDATE n" */
  TAG_DELETE,       /* "DELETE n" */
  TAG_COPY,         /* "COPY n" */
} TagKind;

typedef enum UtilityKind {
  UTIL_BEGIN, UTIL_COMMIT, UTIL_ROLLBACK, UTIL_SAVEPOINT, UTIL_RELEASE, UTIL_ROLLBACK_TO,
  UTIL_SET, UTIL_RESET, UTIL_SHOW, UTIL_NOOP, UTIL_SET_TRANSACTION,
} UtilityKind;

/* Transaction isolation levels; 0 is "not given" (BEGIN without a level). */
typedef enum XactIsolation {
  XACT_ISOLATION_UNSET, XACT_READ_UNCOMMITTED, XACT_READ_COMMITTED, XACT_REPEATABLE_READ, XACT_SERIALIZABLE,
} XactIsolation;

typedef struct Plan {
  int refcount;
  char *key;               /* the statement text it was made from */
  PlanKind kind;
  char **sql;
  int nsql;
  bool atomic;             /* run the sql list in one savepoint (DDL) */
  bool ddl;                /* changes the catalog: caches are invalidated after it */
  bool returns_rows;       /* the last statement yields rows (SELECT, RETURNING) */
  int ncols;
  PlanColumn *cols;
  int nparams;
  Oid *paramtypes;
  bool lifted;             /* the parameters are lifted literals, not the user's (normalize.c) */
  bool sqlite_dialect;     /* prepared in the SQLite dialect: run as written, never re-analysed */
  TagKind tagkind;
  char *tag;               /* TAG_PLAIN text, or the verb */
  UtilityKind utility;
  char *util_name;         /* SET/SHOW: setting name; SAVEPOINT: its name */
  char *util_value;        /* SET: the value (NULL for DEFAULT) */
  XactIsolation util_isolation;  /* BEGIN / SET TRANSACTION ISOLATION LEVEL */
  bool set_local;
  char *target_table;      /* INSERT/UPDATE/DELETE: the table written (for constraint errors) */
  bool volatile_calls;     /* calls random(), clock_timestamp(), ...: a re-run would differ (engine/violation.c) */
  bool row_lock;           /* FOR UPDATE/SHARE: takes the write lock first (engine/xact.c) */
  bool row_lock_nowait;    /* ... NOWAIT: fail at once if another block holds it */
  char *row_lock_table;    /* the first table locked, for the NOWAIT message (or NULL) */
  int cmd;                 /* CmdType of a DML plan */
  char *notice;            /* a NOTICE to report on execution ("... already exists, skipping") */
  int64_t catalog_version;
  struct CopyPlan *copy;   /* COPY FROM STDIN / TO STDOUT (commands/copy.c), else NULL */
} Plan;

Plan *plan_new(void);
void plan_release(Plan *p);          /* drop a reference; frees at zero */
void plan_add_sql(Plan *p, const char *sql);
void plan_add_column(Plan *p, const char *name, Oid type, int32_t typmod);

#endif
