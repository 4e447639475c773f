/*
** syscat_rows.h — private to src/catalog: what a file defining system
** relations (pgcatalog.c, pg_sequence.c, syscat_more.c) shares: the row
** buffer a scan fills column by column, the user objects with their OIDs,
** and the SyscatDef record describing one relation.
*/
#ifndef PGM_SYSCAT_ROWS_H
#define PGM_SYSCAT_ROWS_H

#include "catalog/pgcatalog.h"

typedef struct SyscatVal { char kind; int64_t i; double f; char *s; } SyscatVal;
typedef struct SyscatRows { int n, cap; SyscatVal *v; } SyscatRows;

/* Push the next column's value ('n' NULL, 'i' integer, 't' text copied). */
void cat_null(SyscatRows *r);
void cat_int(SyscatRows *r, int64_t i);
void cat_bool(SyscatRows *r, bool b);
void cat_char(SyscatRows *r, char c);
void cat_text(SyscatRows *r, const char *s);
void cat_int_or_null(SyscatRows *r, bool isnull, int64_t i);

#define CAT_FIRST_OID 16384
#define CAT_NS_PUBLIC 2200
#define CAT_NS_CATALOG 11
#define CAT_NS_INFO 13207
/* TEMP objects: the connection's pg_temp_3 (3, as the first backend of a
** fresh PostgreSQL cluster gets) and pg_toast_temp_3, and their relations'
** OIDs, counted from far above the permanent ones so that the two never
** meet (temp OIDs are kept in temp.pgm_temp_oid, for the connection only). */
#define CAT_NS_TEMP 16382
#define CAT_NS_TOAST_TEMP 16383
#define CAT_NS_TEMP_NAME PGM_TEMP_SCHEMA_NAME
#define CAT_FIRST_TEMP_OID 1073741824u

typedef struct SyscatObj { Oid classid; char *relname, *subname; Oid oid; bool stored, temp; } SyscatObj;
typedef struct SyscatRel { char *name; char kind; char *parent; Oid oid; bool temp; } SyscatRel;
/* One scan's view of the user objects: every relation (rels, by name) and
** the OIDs of relations, constraints, defaults and rules. */
typedef struct SyscatCtx {
  pgm_db *db;
  SyscatObj *objs; int nobjs, capobjs;
  int nmissing;
  SyscatRel *rels; int nrels;
} SyscatCtx;

/* The OID of an object (classid 1259 relation, 2606 constraint, ...), or 0. */
Oid cat_oid(SyscatCtx *c, Oid classid, const char *relname, const char *subname);

#define CC(n, t) {(char *)(n), (t), -1, false, NULL, 0}
#define T_BOOL 16
#define T_CHAR 18
#define T_NAME 19
#define T_INT8 20
#define T_INT2 21
#define T_INT4 23
#define T_TEXT 25
#define T_OID 26
#define T_NODE 194
#define T_INT2VECTOR 22
#define T_OIDVECTOR 30
#define T_BYTEA 17
#define T_CHARARR 1002
#define T_TEXTARR 1009
#define T_OIDARR 1028
#define T_ACLARR 1034
#define T_VARCHAR 1043
#define T_TSTZ 1184
#define T_REGTYPE 2206
#define T_FLOAT4 700

/* Compute every row of one relation. */
typedef void (*SyscatFill)(SyscatCtx *c, SyscatRows *r);
typedef struct SyscatDef {
  const char *schema, *name;
  Oid oid;
  char relkind;
  Table table;
  SyscatFill fill;
} SyscatDef;

#define CAT_TABLE(vt, cols) {(char *)(vt), (int)(sizeof cols / sizeof cols[0]), cols, 0, NULL, false, false}

/* The relations defined outside pgcatalog.c (syscat_more.c). */
extern const SyscatDef syscat_more_defs[];
extern const int syscat_nmore_defs;

/* pg_sequence.c: pg_sequence, pg_sequences and pg_depend. */
#define SYSCAT_SEQUENCE_NCOLS 8
#define SYSCAT_SEQUENCES_NCOLS 11
#define SYSCAT_DEPEND_NCOLS 7
extern Column syscat_c_sequence[SYSCAT_SEQUENCE_NCOLS];
extern Column syscat_c_sequences[SYSCAT_SEQUENCES_NCOLS];
extern Column syscat_c_depend[SYSCAT_DEPEND_NCOLS];
void syscat_fill_sequence(SyscatCtx *c, SyscatRows *r);
void syscat_fill_sequences(SyscatCtx *c, SyscatRows *r);
void syscat_fill_depend(SyscatCtx *c, SyscatRows *r);

#endif
