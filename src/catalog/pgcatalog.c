/*
** pgcatalog.c — pg_catalog and information_schema relations (see
** pgcatalog.h): a registry of system relations with PostgreSQL's column
** names and types, each backed by a SQLite eponymous virtual table
** (pgm_sys_<name>) that computes its rows on every scan from sqlite_schema,
** the pgm_* user catalog and the built-in catalog rows; the stable OIDs of
** user objects (pgm_oid); and the catalog functions drivers call
** (format_type, pg_get_expr, pg_get_constraintdef, pg_table_is_visible,
** has_*_privilege, pg_get_userbyid, version, obj/col_description helpers).
**
** Columns PostgreSQL has but pgmicro leaves out (arrays and pg_node_tree
** expressions are not supported, and values that would only be made up):
**   pg_class      relpages, reltuples, relallvisible, relfrozenxid,
**                 relminmxid (relacl, relpartbound are always NULL: default
**                 privileges, no partitions)
**   pg_attribute  attalign, attoptions (attacl is always NULL),
**                 attfdwoptions, attmissingval
**   pg_type       typinput/typoutput/... (regproc), typalign, typstorage,
**                 typdefaultbin, typdefault (typacl is NULL, as for every built-in)
**   pg_proc       procost, prorows, proparallel and proacl (pg_proc.csv lacks
**                 them; prosecdef is false for every built-in), proargtypes, proallargtypes,
**                 proargmodes, proargnames, proargdefaults, proconfig
**   pg_constraint conkey, confkey, conpfeqop, conppeqop, conffeqop,
**                 confdelsetcols, conexclop, conbin
**   pg_index      indkey, indcollation, indclass, indoption, indexprs (indpred
**                 is a marker pg_get_expr refuses for a partial index)
**   pg_am         amhandler (regproc);  pg_collation collcollate, collctype,
**                 colliculocale, collversion (and only 4 rows: default, C, POSIX, ucs_basic)
**   pg_namespace  nspacl is PostgreSQL 15's after initdb;  pg_database datfrozenxid, datminmxid (datacl is
**                 always NULL: the default privileges)
**   pg_roles      rolconfig;  pg_user useconfig;  pg_settings enumvals
**
** Known differences: the system relations list user objects only (plus the
** system relations themselves in pg_class/pg_attribute; no toast tables, no
** row types in pg_type); information_schema lists public objects and the
** connection's TEMP ones (in pg_temp_3); defaults are printed by ruleutils
** from their stored text (a SQL value function inside an expression, such as
** CURRENT_DATE + 1, keeps the stored spelling);
** pg_get_constraintdef() of a CHECK constraint prints the text kept at
** CREATE time (ruleutils.c), and is 0A000 for expressions that printer does
** not know and after RENAME COLUMN (the kept text would name the old column); views report is_updatable NO (pgmicro refuses DML on
** them).
*/
#include "catalog/pgcatalog.h"
#include "catalog/ruleutils.h"
#include "catalog/syscat_rows.h"
#include "adt/adt.h"
#include "analyze/analyze.h"
#include "analyze/parse_view.h"
#include "engine/engine.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- rows: the values of one scan, pushed column by column (syscat_rows.h) ---- */

static SyscatVal *cat_push(SyscatRows *r) {
  if (r->n == r->cap) {
    r->cap = r->cap ? r->cap * 2 : 256;
    r->v = pgm_realloc(r->v, sizeof(SyscatVal) * (size_t)r->cap);
  }
  SyscatVal *v = &r->v[r->n++];
  memset(v, 0, sizeof *v);
  return v;
}
void cat_null(SyscatRows *r) { cat_push(r)->kind = 'n'; }
void cat_int(SyscatRows *r, int64_t i) { SyscatVal *v = cat_push(r); v->kind = 'i'; v->i = i; }
void cat_bool(SyscatRows *r, bool b) { cat_int(r, b ? 1 : 0); }
void cat_char(SyscatRows *r, char c) { cat_int(r, (unsigned char)c); }
void cat_text(SyscatRows *r, const char *s) {
  if (!s) { cat_null(r); return; }
  SyscatVal *v = cat_push(r);
  v->kind = 't';
  v->s = pgm_strdup(s);
}
void cat_int_or_null(SyscatRows *r, bool isnull, int64_t i) { if (isnull) cat_null(r); else cat_int(r, i); }
static void cat_rows_free(SyscatRows *r) {
  for (int i = 0; i < r->n; i++) free(r->v[i].s);
  free(r->v);
  memset(r, 0, sizeof *r);
}

/* ---- the user objects and their OIDs ---- */


/* Every user relation: tables, views, sequences, the indexes of PRIMARY
** KEY / UNIQUE constraints (named after the constraint) and CREATE INDEX,
** with the connection's TEMP ones (persistence 't') when it has any; a TEMP
** relation hides a permanent one of the same name, as pg_temp comes first
** in PostgreSQL's search path (max() picks the 't' row's columns). */
static void cat_rels_sql(pgm_db *db, StrBuf *b) {
  sb_puts(b, "SELECT name, kind, parent, max(persist) AS persist FROM ("
    " SELECT name, 'r' AS kind, NULL AS parent, 'p' AS persist FROM main.sqlite_schema WHERE type = 'table'"
    "  AND name IN (SELECT relname FROM pgm_attribute) AND name NOT IN (SELECT viewname FROM pgm_view)"
    " UNION ALL SELECT viewname, 'v', NULL, 'p' FROM pgm_view"
    " UNION ALL SELECT seqname, 'S', owned_by, 'p' FROM pgm_sequence"
    " UNION ALL SELECT conname, 'i', relname, 'p' FROM main.pgm_constraint WHERE contype IN ('p', 'u', 'i')"
    " UNION ALL SELECT name, 'i', tbl_name, 'p' FROM main.sqlite_schema WHERE type = 'index' AND sql IS NOT NULL"
    "  AND name NOT LIKE 'pgm\\_%' ESCAPE '\\'");
  if (usercat_temp_present(db))
    sb_puts(b, " UNION ALL SELECT name, 'r', NULL, 't' FROM temp.sqlite_schema WHERE type = 'table'"
      "  AND name IN (SELECT relname FROM temp.pgm_temp_attribute)"
      " UNION ALL SELECT conname, 'i', relname, 't' FROM temp.pgm_temp_constraint WHERE contype IN ('p', 'u', 'i')"
      " UNION ALL SELECT name, 'i', tbl_name, 't' FROM temp.sqlite_schema WHERE type = 'index' AND sql IS NOT NULL"
      "  AND name NOT LIKE 'pgm\\_%' ESCAPE '\\'");
  sb_puts(b, ") GROUP BY name ORDER BY name");
}

/* sql with each "FROM pgm_constraint" reading the TEMP tables' constraints
** too, when the connection has any (malloc'd). */
static char *cat_sql_with_temp(pgm_db *db, const char *sql) {
  static const char from[] = "FROM pgm_constraint";
  StrBuf b = STRBUF_INIT;
  const char *p = sql, *hit;
  bool temp = usercat_temp_present(db);
  while (temp && (hit = strstr(p, from)) != NULL) {
    sb_putn(&b, p, (size_t)(hit - p));
    sb_puts(&b, "FROM (SELECT relname, conname, contype, conkey, confrelname FROM main.pgm_constraint UNION ALL"
                " SELECT relname, conname, contype, conkey, confrelname FROM temp.pgm_temp_constraint) pgm_constraint");
    p = hit + sizeof from - 1;
  }
  sb_puts(&b, p);
  char *r = pgm_strdup(sb_str(&b));
  sb_free(&b);
  return r;
}

static const char *cat_col(sqlite3_stmt *st, int i) {
  const unsigned char *s = sqlite3_column_text(st, i);
  return s ? (const char *)s : "";
}

static int cat_obj_cmp(const void *pa, const void *pb) {
  const SyscatObj *a = pa, *b = pb;
  if (a->classid != b->classid) return a->classid < b->classid ? -1 : 1;
  int r = strcmp(a->relname, b->relname);
  return r ? r : strcmp(a->subname, b->subname);
}

/* Binary search among the first n objects (kept sorted by cat_obj_cmp). */
static SyscatObj *cat_find_in(SyscatCtx *c, int n, Oid classid, const char *relname, const char *subname) {
  SyscatObj key = {classid, (char *)relname, (char *)subname, 0, false, false};
  return n ? bsearch(&key, c->objs, (size_t)n, sizeof(SyscatObj), cat_obj_cmp) : NULL;
}

static SyscatObj *cat_find_obj(SyscatCtx *c, Oid classid, const char *relname, const char *subname) {
  return cat_find_in(c, c->nobjs, classid, relname, subname);
}

static SyscatObj *cat_add_obj(SyscatCtx *c, Oid classid, const char *relname, const char *subname, Oid oid) {
  if (c->nobjs == c->capobjs) {
    c->capobjs = c->capobjs ? c->capobjs * 2 : 32;
    c->objs = pgm_realloc(c->objs, sizeof(SyscatObj) * (size_t)c->capobjs);
  }
  SyscatObj *o = &c->objs[c->nobjs++];
  o->classid = classid;
  o->relname = pgm_strdup(relname);
  o->subname = pgm_strdup(subname);
  o->oid = oid;
  o->stored = o->temp = false;
  return o;
}

static bool cat_has_oid_table(pgm_db *db) {
  return sqlite3_table_column_metadata(db->sq, "main", "pgm_oid", "oid", NULL, NULL, NULL, NULL, NULL) == SQLITE_OK;
}

static void cat_ctx_free(SyscatCtx *c) {
  for (int i = 0; i < c->nobjs; i++) { free(c->objs[i].relname); free(c->objs[i].subname); }
  for (int i = 0; i < c->nrels; i++) { free(c->rels[i].name); free(c->rels[i].parent); }
  free(c->objs);
  free(c->rels);
  memset(c, 0, sizeof *c);
}

Oid cat_oid(SyscatCtx *c, Oid classid, const char *relname, const char *subname) {
  SyscatObj *o = cat_find_obj(c, classid, relname, subname);
  return o ? o->oid : 0;
}

static bool cat_has_temp_oid_table(pgm_db *db) {
  return sqlite3_table_column_metadata(db->sq, "temp", "pgm_temp_oid", "oid", NULL, NULL, NULL, NULL, NULL) == SQLITE_OK;
}

/* The stored OIDs of TEMP objects: they replace a permanent namesake's
** (the TEMP relation hides it).  Returns the highest. */
static Oid cat_load_temp_oids(SyscatCtx *c, int nstored) {
  Oid max = CAT_FIRST_TEMP_OID - 1;
  sqlite3_stmt *st;
  if (!cat_has_temp_oid_table(c->db) ||
      sqlite3_prepare_v2(c->db->sq, "SELECT classid, relname, subname, oid FROM temp.pgm_temp_oid", -1, &st, NULL) != SQLITE_OK)
    return max;
  while (sqlite3_step(st) == SQLITE_ROW) {
    Oid classid = (Oid)sqlite3_column_int64(st, 0), oid = (Oid)sqlite3_column_int64(st, 3);
    SyscatObj *o = cat_find_in(c, nstored, classid, cat_col(st, 1), cat_col(st, 2));
    if (!o) o = cat_add_obj(c, classid, cat_col(st, 1), cat_col(st, 2), oid);
    o->oid = oid;
    o->stored = o->temp = true;
    if (oid > max) max = oid;
  }
  sqlite3_finalize(st);
  return max;
}

static void cat_ctx_load(pgm_db *db, SyscatCtx *c) {
  memset(c, 0, sizeof *c);
  c->db = db;
  sqlite3_stmt *st;
  Oid max = CAT_FIRST_OID - 1;
  if (cat_has_oid_table(db) &&
      sqlite3_prepare_v2(db->sq, "SELECT classid, relname, subname, oid FROM pgm_oid ORDER BY classid, relname, subname",
                         -1, &st, NULL) == SQLITE_OK) {
    while (sqlite3_step(st) == SQLITE_ROW) {
      Oid oid = (Oid)sqlite3_column_int64(st, 3);
      cat_add_obj(c, (Oid)sqlite3_column_int64(st, 0), cat_col(st, 1), cat_col(st, 2), oid)->stored = true;
      if (oid > max && oid < CAT_FIRST_TEMP_OID) max = oid;
    }
    sqlite3_finalize(st);
  }
  if (c->nobjs) qsort(c->objs, (size_t)c->nobjs, sizeof(SyscatObj), cat_obj_cmp);   /* already in this order; cheap insurance */
  Oid tmax = cat_load_temp_oids(c, c->nobjs);
  int nstored = c->nobjs;
  if (nstored) qsort(c->objs, (size_t)nstored, sizeof(SyscatObj), cat_obj_cmp);
  /* The objects that need an OID, in the order missing ones are assigned. */
  StrBuf rels = STRBUF_INIT, q = STRBUF_INIT;
  cat_rels_sql(db, &rels);
  sb_printf(&q, "SELECT 1259, name, '', persist FROM (%s)"
                " UNION ALL SELECT 2604, relname, CAST(attnum AS TEXT), 'p' FROM main.pgm_attribute WHERE attdefault IS NOT NULL"
                " UNION ALL SELECT 2606, relname, conname, 'p' FROM main.pgm_constraint WHERE contype <> 'i'"
                " UNION ALL SELECT 2618, viewname, '_RETURN', 'p' FROM pgm_view", sb_str(&rels));
  if (usercat_temp_present(db))
    sb_puts(&q, " UNION ALL SELECT 2604, relname, CAST(attnum AS TEXT), 't' FROM temp.pgm_temp_attribute WHERE attdefault IS NOT NULL"
                " UNION ALL SELECT 2606, relname, conname, 't' FROM temp.pgm_temp_constraint WHERE contype <> 'i'");
  sb_puts(&q, " ORDER BY 1, 2, 3");
  if (sqlite3_prepare_v2(db->sq, sb_str(&q), -1, &st, NULL) == SQLITE_OK) {
    while (sqlite3_step(st) == SQLITE_ROW) {
      Oid classid = (Oid)sqlite3_column_int64(st, 0);
      bool temp = cat_col(st, 3)[0] == 't';
      SyscatObj *o = cat_find_in(c, nstored, classid, cat_col(st, 1), cat_col(st, 2));
      if (o && (o->temp || !temp)) continue;
      if (o) { o->oid = ++tmax; o->temp = true; o->stored = false; c->nmissing++; continue; }   /* hides a permanent one */
      o = cat_add_obj(c, classid, cat_col(st, 1), cat_col(st, 2), temp ? ++tmax : ++max);
      o->temp = temp;
      c->nmissing++;
    }
    sqlite3_finalize(st);
  }
  sb_free(&q);
  if (c->nobjs) qsort(c->objs, (size_t)c->nobjs, sizeof(SyscatObj), cat_obj_cmp);
  if (sqlite3_prepare_v2(db->sq, sb_str(&rels), -1, &st, NULL) == SQLITE_OK) {
    int cap = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
      if (c->nrels == cap) {
        cap = cap ? cap * 2 : 16;
        c->rels = pgm_realloc(c->rels, sizeof(SyscatRel) * (size_t)cap);
      }
      SyscatRel *r = &c->rels[c->nrels++];
      r->name = pgm_strdup(cat_col(st, 0));
      r->kind = cat_col(st, 1)[0];
      r->parent = sqlite3_column_type(st, 2) == SQLITE_NULL ? NULL : pgm_strdup(cat_col(st, 2));
      r->temp = cat_col(st, 3)[0] == 't';
      r->oid = cat_oid(c, 1259, r->name, "");
    }
    sqlite3_finalize(st);
  }
  sb_free(&rels);
}

/* Nesting of scans computing rows: a view analysed for its columns during
** a scan must not write pgm_oid in the middle of the statement. */
static _Thread_local int cat_scan_depth;

/* INSERT the OIDs just assigned to the permanent (temp false) or the TEMP
** objects into table; false when there is none. */
static bool cat_persist_sql(SyscatCtx *c, bool temp, const char *table, StrBuf *b) {
  sb_printf(b, "INSERT OR REPLACE INTO %s (classid, relname, subname, oid) VALUES ", table);
  int k = 0;
  for (int i = 0; i < c->nobjs; i++) {
    if (c->objs[i].stored || c->objs[i].temp != temp) continue;
    sb_printf(b, "%s(%u, ", k++ ? ", " : "", c->objs[i].classid);
    usercat_sql_text(b, c->objs[i].relname);
    sb_puts(b, ", ");
    usercat_sql_text(b, c->objs[i].subname);
    sb_printf(b, ", %u)", c->objs[i].oid);
  }
  return k > 0;
}

/* Store the OIDs just assigned: permanent objects' in pgm_oid (a writable
** file with pgm_oid only), TEMP objects' in the connection's temp.pgm_temp_oid. */
static void cat_persist(pgm_db *db) {
  if (cat_scan_depth) return;
  bool main_ok = sqlite3_db_readonly(db->sq, "main") == 0 && cat_has_oid_table(db);
  bool temp_ok = usercat_temp_present(db);
  if (!main_ok && !temp_ok) return;
  SyscatCtx c;
  cat_ctx_load(db, &c);
  if (c.nmissing) {
    StrBuf b = STRBUF_INIT;
    /* best effort: the same OIDs are computed otherwise */
    if (main_ok && cat_persist_sql(&c, false, "main.pgm_oid", &b)) sqlite3_exec(db->sq, sb_str(&b), NULL, NULL, NULL);
    sb_reset(&b);
    if (temp_ok) {
      sb_puts(&b, "CREATE TEMP TABLE IF NOT EXISTS pgm_temp_oid (classid INTEGER NOT NULL, relname TEXT NOT NULL,"
                  " subname TEXT NOT NULL, oid INTEGER NOT NULL, PRIMARY KEY (classid, relname, subname)) WITHOUT ROWID;\n");
      cat_persist_sql(&c, true, "temp.pgm_temp_oid", &b);
      sqlite3_exec(db->sq, sb_str(&b), NULL, NULL, NULL);
    }
    sb_free(&b);
  }
  cat_ctx_free(&c);
}

/* The schema a user relation is in: the connection's pg_temp_3 for a TEMP one. */
static const char *cat_rel_schema(const SyscatRel *rel) { return rel->temp ? CAT_NS_TEMP_NAME : "public"; }
static Oid cat_rel_nsoid(const SyscatRel *rel) { return rel->temp ? CAT_NS_TEMP : CAT_NS_PUBLIC; }

static SyscatRel *cat_rel_by_name(SyscatCtx *c, const char *name) {
  for (int i = 0; i < c->nrels; i++) if (!strcmp(c->rels[i].name, name)) return &c->rels[i];
  return NULL;
}

/* ---- the system relations ---- */


static Column cat_c_namespace[] = {CC("oid", T_OID), CC("nspname", T_NAME), CC("nspowner", T_OID), CC("nspacl", T_ACLARR)};

static void cat_fill_namespace(SyscatCtx *c, SyscatRows *r) {
  static const struct { Oid oid; const char *name; } ns[] = {
    {CAT_NS_CATALOG, "pg_catalog"}, {99, "pg_toast"}, {CAT_NS_PUBLIC, "public"}, {CAT_NS_INFO, "information_schema"}};
  for (size_t i = 0; i < sizeof ns / sizeof ns[0]; i++) {
    cat_int(r, ns[i].oid);
    cat_text(r, ns[i].name);
    cat_int(r, ns[i].oid == CAT_NS_PUBLIC ? 6171 : 10);  /* public belongs to pg_database_owner */
    /* PostgreSQL 15's ACLs after initdb (pg_toast: NULL, the default). */
    cat_text(r, ns[i].oid == CAT_NS_PUBLIC ? "{pg_database_owner=UC/pg_database_owner,=U/pg_database_owner}"
              : ns[i].oid == 99 ? NULL : "{postgres=UC/postgres,=U/postgres}");
  }
  if (!usercat_temp_present(c->db)) return;   /* PostgreSQL makes pg_temp_N at the first TEMP object */
  cat_int(r, CAT_NS_TEMP); cat_text(r, CAT_NS_TEMP_NAME); cat_int(r, 10); cat_null(r);
  cat_int(r, CAT_NS_TOAST_TEMP); cat_text(r, "pg_toast_temp_3"); cat_int(r, 10); cat_null(r);
}

static Column cat_c_class[] = {
  CC("oid", T_OID), CC("relname", T_NAME), CC("relnamespace", T_OID), CC("reltype", T_OID),
  CC("reloftype", T_OID), CC("relowner", T_OID), CC("relam", T_OID), CC("relfilenode", T_OID),
  CC("reltablespace", T_OID), CC("reltoastrelid", T_OID), CC("relhasindex", T_BOOL),
  CC("relisshared", T_BOOL), CC("relpersistence", T_CHAR), CC("relkind", T_CHAR), CC("relnatts", T_INT2),
  CC("relchecks", T_INT2), CC("relhasrules", T_BOOL), CC("relhastriggers", T_BOOL),
  CC("relhassubclass", T_BOOL), CC("relrowsecurity", T_BOOL), CC("relforcerowsecurity", T_BOOL),
  CC("relispopulated", T_BOOL), CC("relreplident", T_CHAR), CC("relispartition", T_BOOL),
  CC("relrewrite", T_OID), CC("relacl", T_ACLARR), CC("reloptions", T_TEXTARR), CC("relpartbound", T_NODE)};

static int cat_count(pgm_db *db, const char *sql, const char *arg) {
  sqlite3_stmt *st;
  int n = 0;
  char *q = cat_sql_with_temp(db, sql);
  int rc = sqlite3_prepare_v2(db->sq, q, -1, &st, NULL);
  free(q);
  if (rc != SQLITE_OK) return 0;
  sqlite3_bind_text(st, 1, arg, -1, SQLITE_STATIC);
  if (sqlite3_step(st) == SQLITE_ROW) n = sqlite3_column_int(st, 0);
  sqlite3_finalize(st);
  return n;
}

static int cat_index_natts(pgm_db *db, const char *name) {
  int n = cat_count(db, "SELECT length(conkey) - length(replace(conkey, ',', '')) + 1 FROM pgm_constraint WHERE conname = ?1", name);
  return n ? n : cat_count(db, "SELECT count(*) FROM pragma_index_info(?1)", name);
}

static const SyscatDef *cat_def_at(int i);
static int cat_def_count(void);

/* A relation's storage parameters (commands/reloptions.c), or NULL. */
static char *cat_reloptions(pgm_db *db, const char *name) {
  sqlite3_stmt *st;
  char *r = NULL;
  if (sqlite3_prepare_v2(db->sq, "SELECT reloptions FROM pgm_reloptions WHERE relname = ?1", -1, &st, NULL) != SQLITE_OK)
    return NULL;
  sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
  if (sqlite3_step(st) == SQLITE_ROW) r = pgm_strdup(cat_col(st, 0));
  sqlite3_finalize(st);
  return r;
}

static void cat_class_row(SyscatRows *r, Oid oid, const char *name, Oid ns, char kind, int natts, int checks,
                          bool hasindex, bool triggers, const char *reloptions) {
  char persistence = ns == CAT_NS_TEMP ? 't' : 'p';
  cat_int(r, oid); cat_text(r, name); cat_int(r, ns); cat_int(r, 0);
  cat_int(r, 0); cat_int(r, 10); cat_int(r, kind == 'r' ? 2 : kind == 'i' ? 403 : 0);
  cat_int(r, kind == 'v' ? 0 : oid);
  cat_int(r, 0); cat_int(r, 0); cat_bool(r, hasindex);
  cat_bool(r, false); cat_char(r, persistence); cat_char(r, kind); cat_int(r, natts);
  cat_int(r, checks); cat_bool(r, kind == 'v'); cat_bool(r, triggers);
  cat_bool(r, false); cat_bool(r, false); cat_bool(r, false);
  cat_bool(r, true); cat_char(r, kind == 'r' ? 'd' : 'n'); cat_bool(r, false);
  cat_int(r, 0); cat_null(r); cat_text(r, reloptions); cat_null(r);   /* relacl NULL: default privileges */
}

/* A view's columns: its stored definition analysed on its own, named as
** pgm_view.colnames says (an empty line: the select-list name).  Returns
** the count (0 when the view does not analyse any more); *out is malloc'd. */
/* Analyse view name's stored query and hand it to fn with the view's
** column names (one per line in pgm_view.colnames, edited in place).
** Returns false when there is no such view or the query does not analyse. */
typedef void (*CatViewFn)(pgm_db *db, Query *q, char **colnames, int ncolnames, void *arg);
static bool cat_with_view(pgm_db *db, const char *name, CatViewFn fn, void *arg) {
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(db->sq, "SELECT definition, colnames FROM pgm_view WHERE viewname = ?1", -1, &st, NULL) != SQLITE_OK)
    return false;
  sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
  char *def = NULL, *colnames = NULL;
  if (sqlite3_step(st) == SQLITE_ROW) { def = pgm_strdup(cat_col(st, 0)); colnames = pgm_strdup(cat_col(st, 1)); }
  sqlite3_finalize(st);
  if (!def) return false;
  int ncol = 0;
  char **cols = pgm_malloc(sizeof(char *) * (strlen(colnames) + 2));
  for (char *p = colnames; p && *p; ) {
    char *nl = strchr(p, '\n');
    if (nl) *nl = 0;
    cols[ncol++] = *p ? p : NULL;
    p = nl ? nl + 1 : NULL;
  }
  Analysis an;
  memset(&an, 0, sizeof an);
  an.db = db;
  an.text = def;
  arena_init(&an.arena);
  bool ok = false;
  sb_use_arena(&an.arena);
  if (setjmp(an.on_error) == 0) {
    Query *q = view_analyze(&an, def);
    sb_use_arena(NULL);
    fn(db, q, cols, ncol, arg);
    ok = true;
  }
  sb_use_arena(NULL);
  if (an.err) pgm_error_free(an.err);
  arena_free(&an.arena);
  free(cols);
  free(def);
  free(colnames);
  return ok;
}

typedef struct CatViewCols { Column *cols; int n; } CatViewCols;

static void cat_view_columns_of(pgm_db *db, Query *q, char **colnames, int ncolnames, void *arg) {
  (void)db;
  CatViewCols *vc = arg;
  vc->cols = pgm_malloc(sizeof(Column) * (size_t)(q->ntargets + 1));
  for (int i = 0, k = 0; i < q->ntargets; i++) {
    if (q->targets[i].junk) continue;
    Column *c = &vc->cols[vc->n++];
    memset(c, 0, sizeof *c);
    c->name = pgm_strdup(k < ncolnames && colnames[k] ? colnames[k] : q->targets[i].name);
    c->type = q->targets[i].expr->type;
    c->typmod = q->targets[i].expr->typmod;
    k++;
  }
}

static int cat_view_columns(pgm_db *db, const char *name, Column **out) {
  CatViewCols vc = {NULL, 0};
  cat_with_view(db, name, cat_view_columns_of, &vc);
  *out = vc.cols;
  return vc.n;
}

static void cat_columns_free(Column *cols, int n) {
  for (int i = 0; i < n; i++) free(cols[i].name);
  free(cols);
}

static int cat_view_natts(pgm_db *db, const char *name) {
  Column *cols;
  int n = cat_view_columns(db, name, &cols);
  cat_columns_free(cols, n);
  return n;
}

static void cat_fill_class(SyscatCtx *c, SyscatRows *r) {
  for (int i = 0; i < c->nrels; i++) {
    SyscatRel *rel = &c->rels[i];
    int natts = 0, checks = 0;
    bool hasindex = false, triggers = false;
    if (rel->kind == 'r') {
      Table *t = usercat_table(c->db, rel->name);
      natts = t ? t->ncols : 0;
      for (int k = 0; t && k < t->ncons; k++) checks += t->cons[k].kind == 'c';
      for (int k = 0; k < c->nrels; k++)
        hasindex |= c->rels[k].kind == 'i' && c->rels[k].parent && !strcmp(c->rels[k].parent, rel->name);
      triggers = cat_count(c->db, "SELECT count(*) FROM pgm_constraint WHERE contype = 'f' AND (relname = ?1 OR confrelname = ?1)",
                           rel->name) > 0;
    } else if (rel->kind == 'i') {
      natts = cat_index_natts(c->db, rel->name);
    } else if (rel->kind == 'S') {
      natts = 3;
    } else if (rel->kind == 'v') {
      natts = cat_view_natts(c->db, rel->name);
    }
    char *opts = rel->kind == 'r' || rel->kind == 'i' ? cat_reloptions(c->db, rel->name) : NULL;
    cat_class_row(r, rel->oid, rel->name, cat_rel_nsoid(rel), rel->kind, natts, checks, hasindex, triggers, opts);
    free(opts);
  }
  for (int i = 0; i < cat_def_count(); i++) {
    const SyscatDef *d = cat_def_at(i);
    cat_class_row(r, d->oid, d->name, strcmp(d->schema, "pg_catalog") ? CAT_NS_INFO : CAT_NS_CATALOG, d->relkind,
                  d->table.ncols, 0, false, false, NULL);
  }
}

static Column cat_c_attribute[] = {
  CC("attrelid", T_OID), CC("attname", T_NAME), CC("atttypid", T_OID), CC("attstattarget", T_INT4),
  CC("attlen", T_INT2), CC("attnum", T_INT2), CC("attndims", T_INT4), CC("attcacheoff", T_INT4),
  CC("atttypmod", T_INT4), CC("attbyval", T_BOOL), CC("attnotnull", T_BOOL), CC("atthasdef", T_BOOL),
  CC("atthasmissing", T_BOOL), CC("attidentity", T_CHAR), CC("attgenerated", T_CHAR),
  CC("attisdropped", T_BOOL), CC("attislocal", T_BOOL), CC("attinhcount", T_INT4), CC("attcollation", T_OID),
  CC("attstorage", T_CHAR), CC("attcompression", T_CHAR), CC("attacl", T_ACLARR)};

/* pg_type.typstorage: plain for fixed-length types, extended for varlena,
** except the types pg_type.csv lists otherwise (checked against it). */
static char cat_typstorage(Oid t, int len) {
  switch (t) {
  case 22: case 30: case 705: case 2275: case 3615: case 3642: return 'p';
  case 650: case 869: case 1700: return 'm';
  default: return len == -1 ? 'x' : 'p';
  }
}

static Oid cat_typcollation(Oid t) {
  switch (t) {
  case 25: case 1043: case 1042: case 1009: case 1015: case 1014: return 100;
  case 19: case 1003: return 950;
  default: return 0;
  }
}

static void cat_attr_row(SyscatRows *r, Oid rel, const char *name, Oid type, int num, int32_t typmod, bool notnull,
                         bool hasdef, char identity) {
  const PgType *t = pgm_type_by_oid(type);
  int len = t ? t->typlen : -1;
  cat_int(r, rel); cat_text(r, name); cat_int(r, type); cat_int(r, -1);
  cat_int(r, len); cat_int(r, num); cat_int(r, 0); cat_int(r, -1);
  cat_int(r, typmod); cat_bool(r, len == 1 || len == 2 || len == 4 || len == 8); cat_bool(r, notnull); cat_bool(r, hasdef);
  cat_bool(r, false); cat_char(r, identity); cat_char(r, 0);
  cat_bool(r, false); cat_bool(r, true); cat_int(r, 0); cat_int(r, cat_typcollation(type));
  cat_char(r, cat_typstorage(type, len)); cat_char(r, 0); cat_null(r);   /* attacl NULL: no column privileges */
}

/* The table columns (0-based, in key order) an index holds: a PRIMARY
** KEY / UNIQUE constraint's conkey, else SQLite's index_info (-1 for an
** expression). */
static int cat_index_cols(pgm_db *db, const char *index, int **out) {
  int n = 0, cap = 0;
  *out = NULL;
  sqlite3_stmt *st;
  const char *sql = cat_count(db, "SELECT count(*) FROM pgm_constraint WHERE conname = ?1 AND contype IN ('p', 'u')", index)
    ? "SELECT CAST(value AS INTEGER) FROM pgm_constraint, json_each('[' || conkey || ']') WHERE conname = ?1 AND contype IN ('p', 'u')"
    : "SELECT CASE WHEN cid >= 0 THEN cid ELSE -1 END FROM pragma_index_info(?1) ORDER BY seqno";
  char *q = cat_sql_with_temp(db, sql);
  int rc = sqlite3_prepare_v2(db->sq, q, -1, &st, NULL);
  free(q);
  if (rc != SQLITE_OK) return 0;
  sqlite3_bind_text(st, 1, index, -1, SQLITE_STATIC);
  while (sqlite3_step(st) == SQLITE_ROW) {
    if (n == cap) { cap = cap ? cap * 2 : 4; *out = pgm_realloc(*out, sizeof(int) * (size_t)cap); }
    (*out)[n++] = sqlite3_column_int(st, 0);
  }
  sqlite3_finalize(st);
  return n;
}

/* An index's attributes: its key columns under the table column's name
** and type (PostgreSQL copies them); none for an expression column, whose
** type pgmicro does not know (pg_get_indexdef refuses those indexes). */
static void cat_index_attrs(SyscatCtx *c, const SyscatRel *rel, SyscatRows *r) {
  Table *t = rel->parent ? usercat_table(c->db, rel->parent) : NULL;
  if (!t) return;
  int *cols;
  int n = cat_index_cols(c->db, rel->name, &cols);
  for (int k = 0; k < n; k++) {
    if (cols[k] < 0 || cols[k] >= t->ncols) continue;
    const Column *col = &t->cols[cols[k]];
    cat_attr_row(r, rel->oid, col->name, col->type, k + 1, col->typmod, false, false, 0);
  }
  free(cols);
}

static char *cat_default_text(const char *d);

/* PostgreSQL keeps no pg_attrdef row for a default that is just NULL
** (DEFAULT NULL, DEFAULT NULL::text): the column has no default. */
static bool cat_has_default(const Column *col) {
  const char *d = col->default_pg;
  if (!d || col->identity) return false;
  return !(strncasecmp(d, "NULL", 4) == 0 && (d[4] == 0 || (d[4] == ':' && d[5] == ':')));
}

/* A default's text as pg_get_expr prints it (ruleutils.c), else as stored. */
static char *cat_default_expr(pgm_db *db, const Column *col, bool pretty) {
  char *d = ruleutils_default_text(db, col, pretty);
  return d ? d : cat_default_text(col->default_pg);
}

static void cat_fill_attribute(SyscatCtx *c, SyscatRows *r) {
  static const struct { const char *name; Oid type; } sys[] = {
    {"tableoid", 26}, {"cmax", 29}, {"xmax", 28}, {"cmin", 29}, {"xmin", 28}, {"ctid", 27}};
  for (int i = 0; i < c->nrels; i++) {
    SyscatRel *rel = &c->rels[i];
    if (rel->kind == 'v') {
      Column *cols;
      int n = cat_view_columns(c->db, rel->name, &cols);
      for (int k = 0; k < n; k++) cat_attr_row(r, rel->oid, cols[k].name, cols[k].type, k + 1, cols[k].typmod, false, false, 0);
      cat_columns_free(cols, n);
      continue;
    }
    if (rel->kind == 'i') { cat_index_attrs(c, rel, r); continue; }
    if (rel->kind != 'r') continue;
    Table *t = usercat_table(c->db, rel->name);
    if (!t) continue;
    for (int k = 0; k < 6; k++) cat_attr_row(r, rel->oid, sys[k].name, sys[k].type, -6 + k, -1, true, false, 0);
    for (int k = 0; k < t->ncols; k++) {
      const Column *col = &t->cols[k];
      cat_attr_row(r, rel->oid, col->name, col->type, k + 1, col->typmod, col->notnull,
                   cat_has_default(col), col->identity);
    }
  }
  for (int i = 0; i < cat_def_count(); i++)
    for (int k = 0; k < cat_def_at(i)->table.ncols; k++) {
      const Column *col = &cat_def_at(i)->table.cols[k];
      cat_attr_row(r, cat_def_at(i)->oid, col->name, col->type, k + 1, -1, false, false, 0);
    }
}

static Column cat_c_type[] = {
  CC("oid", T_OID), CC("typname", T_NAME), CC("typnamespace", T_OID), CC("typowner", T_OID),
  CC("typlen", T_INT2), CC("typbyval", T_BOOL), CC("typtype", T_CHAR), CC("typcategory", T_CHAR),
  CC("typispreferred", T_BOOL), CC("typisdefined", T_BOOL), CC("typdelim", T_CHAR), CC("typrelid", T_OID),
  CC("typelem", T_OID), CC("typarray", T_OID), CC("typnotnull", T_BOOL), CC("typbasetype", T_OID),
  CC("typtypmod", T_INT4), CC("typndims", T_INT4), CC("typcollation", T_OID), CC("typacl", T_ACLARR)};

static void cat_fill_type(SyscatCtx *c, SyscatRows *r) {
  (void)c;
  for (int i = 0; i < pgm_builtin_ntypes; i++) {
    const PgType *t = &pgm_builtin_types[i];
    cat_int(r, t->oid); cat_text(r, t->typname); cat_int(r, CAT_NS_CATALOG); cat_int(r, 10);
    cat_int(r, t->typlen); cat_bool(r, t->typlen == 1 || t->typlen == 2 || t->typlen == 4 || t->typlen == 8);
    cat_char(r, t->typtype); cat_char(r, t->category);
    cat_bool(r, t->preferred); cat_bool(r, true); cat_char(r, t->oid == 603 ? ';' : ','); cat_int(r, t->relid);
    cat_int(r, t->elem); cat_int(r, t->array); cat_bool(r, false); cat_int(r, 0);
    cat_int(r, -1); cat_int(r, 0); cat_int(r, cat_typcollation(t->oid)); cat_null(r);   /* typacl: NULL for every built-in */
  }
}

/* The default as PostgreSQL shows it: serial's nextval('s') takes ::regclass. */
static char *cat_default_text(const char *d) {
  size_t n = strlen(d);
  if (!strncmp(d, "nextval('", 9) && n > 11 && !strcmp(d + n - 2, "')") && !strstr(d, "::"))
    return pgm_asprintf("%.*s'::regclass)", (int)(n - 2), d);
  return pgm_strdup(d);
}

static Column cat_c_attrdef[] = {CC("oid", T_OID), CC("adrelid", T_OID), CC("adnum", T_INT2), CC("adbin", T_NODE)};

static void cat_fill_attrdef(SyscatCtx *c, SyscatRows *r) {
  for (int i = 0; i < c->nrels; i++) {
    SyscatRel *rel = &c->rels[i];
    if (rel->kind != 'r') continue;
    Table *t = usercat_table(c->db, rel->name);
    for (int k = 0; t && k < t->ncols; k++) {
      if (!cat_has_default(&t->cols[k])) continue;
      char num[16];
      snprintf(num, sizeof num, "%d", k + 1);
      cat_int(r, cat_oid(c, 2604, rel->name, num));
      cat_int(r, rel->oid);
      cat_int(r, k + 1);
      char *d = cat_default_expr(c->db, &t->cols[k], true);
      cat_text(r, d);
      free(d);
    }
  }
}

/* A foreign key's actions and referenced columns, from SQLite's own
** foreign_key_list (pgmicro declares every foreign key to SQLite). */
typedef struct SyscatFk { char upd, del; char *refcols[32]; int nrefcols; } SyscatFk;

static char cat_fk_action(const char *s) {
  if (!strcmp(s, "CASCADE")) return 'c';
  if (!strcmp(s, "SET NULL")) return 'n';
  if (!strcmp(s, "SET DEFAULT")) return 'd';
  if (!strcmp(s, "RESTRICT")) return 'r';
  return 'a';
}

static void cat_fk_info(pgm_db *db, const Table *t, const Constraint *con, SyscatFk *fk) {
  memset(fk, 0, sizeof *fk);
  fk->upd = fk->del = 'a';
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(db->sq, "SELECT id, seq, \"table\", \"from\", \"to\", on_update, on_delete "
                                 "FROM pragma_foreign_key_list(?1) ORDER BY id, seq", -1, &st, NULL) != SQLITE_OK)
    return;
  sqlite3_bind_text(st, 1, t->name, -1, SQLITE_STATIC);
  int curid = -1;
  bool match = false, done = false;
  SyscatFk cur;
  memset(&cur, 0, sizeof cur);
  while (!done && sqlite3_step(st) == SQLITE_ROW) {
    int id = sqlite3_column_int(st, 0), seq = sqlite3_column_int(st, 1);
    if (id != curid) {
      if (curid >= 0 && match && cur.nrefcols == con->ncols) { done = true; break; }
      for (int i = 0; i < cur.nrefcols; i++) free(cur.refcols[i]);
      memset(&cur, 0, sizeof cur);
      curid = id;
      match = con->refrel && !strcmp(cat_col(st, 2), con->refrel);
      cur.upd = cat_fk_action(cat_col(st, 5));
      cur.del = cat_fk_action(cat_col(st, 6));
    }
    if (seq >= con->ncols || seq >= 32 || strcmp(cat_col(st, 3), t->cols[con->cols[seq]].name)) match = false;
    else cur.refcols[cur.nrefcols++] = pgm_strdup(cat_col(st, 4));
  }
  if (curid >= 0 && match && cur.nrefcols == con->ncols) *fk = cur;
  else for (int i = 0; i < cur.nrefcols; i++) free(cur.refcols[i]);
  sqlite3_finalize(st);
}

static void cat_fk_free(SyscatFk *fk) { for (int i = 0; i < fk->nrefcols; i++) free(fk->refcols[i]); }

static Column cat_c_constraint[] = {
  CC("oid", T_OID), CC("conname", T_NAME), CC("connamespace", T_OID), CC("contype", T_CHAR),
  CC("condeferrable", T_BOOL), CC("condeferred", T_BOOL), CC("convalidated", T_BOOL), CC("conrelid", T_OID),
  CC("contypid", T_OID), CC("conindid", T_OID), CC("conparentid", T_OID), CC("confrelid", T_OID),
  CC("confupdtype", T_CHAR), CC("confdeltype", T_CHAR), CC("confmatchtype", T_CHAR), CC("conislocal", T_BOOL),
  CC("coninhcount", T_INT4), CC("connoinherit", T_BOOL)};

/* The unique index a foreign key depends on: the referenced table's key on those columns. */
static Oid cat_fk_index(SyscatCtx *c, const Constraint *con, const SyscatFk *fk) {
  Table *rt = con->refrel ? usercat_table(c->db, con->refrel) : NULL;
  for (int i = 0; rt && i < rt->ncons; i++) {
    const Constraint *k = &rt->cons[i];
    if ((k->kind != 'p' && k->kind != 'u' && k->kind != 'i') || k->ncols != fk->nrefcols) continue;
    bool same = true;
    for (int j = 0; j < k->ncols && same; j++) same = !strcmp(rt->cols[k->cols[j]].name, fk->refcols[j]);
    if (same) return cat_oid(c, 1259, k->name, "");
  }
  return 0;
}

static void cat_fill_constraint(SyscatCtx *c, SyscatRows *r) {
  for (int i = 0; i < c->nrels; i++) {
    SyscatRel *rel = &c->rels[i];
    if (rel->kind != 'r') continue;
    Table *t = usercat_table(c->db, rel->name);
    for (int k = 0; t && k < t->ncons; k++) {
      const Constraint *con = &t->cons[k];
      if (con->kind == 'i') continue;
      SyscatFk fk;
      memset(&fk, 0, sizeof fk);
      if (con->kind == 'f') cat_fk_info(c->db, t, con, &fk);
      cat_int(r, cat_oid(c, 2606, rel->name, con->name)); cat_text(r, con->name); cat_int(r, cat_rel_nsoid(rel));
      cat_char(r, con->kind);
      cat_bool(r, false); cat_bool(r, false); cat_bool(r, true); cat_int(r, rel->oid);
      cat_int(r, 0);
      cat_int(r, con->kind == 'f' ? cat_fk_index(c, con, &fk) : con->kind == 'c' ? 0 : cat_oid(c, 1259, con->name, ""));
      cat_int(r, 0);
      cat_int(r, con->kind == 'f' && con->refrel ? cat_oid(c, 1259, con->refrel, "") : 0);
      cat_char(r, con->kind == 'f' ? fk.upd : ' '); cat_char(r, con->kind == 'f' ? fk.del : ' ');
      cat_char(r, con->kind == 'f' ? 's' : ' '); cat_bool(r, true);
      cat_int(r, 0); cat_bool(r, false);
      cat_fk_free(&fk);
    }
  }
}

static Column cat_c_index[] = {
  CC("indexrelid", T_OID), CC("indrelid", T_OID), CC("indnatts", T_INT2), CC("indnkeyatts", T_INT2),
  CC("indisunique", T_BOOL), CC("indisprimary", T_BOOL), CC("indisexclusion", T_BOOL), CC("indimmediate", T_BOOL),
  CC("indisclustered", T_BOOL), CC("indisvalid", T_BOOL), CC("indcheckxmin", T_BOOL), CC("indisready", T_BOOL),
  CC("indislive", T_BOOL), CC("indisreplident", T_BOOL), CC("indnullsnotdistinct", T_BOOL), CC("indpred", T_NODE)};

/* indpred of a partial index: pgmicro keeps its predicate only in SQLite's
** dialect, so pg_get_expr() refuses this marker rather than print that. */
static const char cat_partial_marker[] = "\x01partial index predicate";

static void cat_fill_index(SyscatCtx *c, SyscatRows *r) {
  for (int i = 0; i < c->nrels; i++) {
    SyscatRel *rel = &c->rels[i];
    if (rel->kind != 'i' || !rel->parent) continue;
    int natts = cat_index_natts(c->db, rel->name);
    bool primary = cat_count(c->db, "SELECT count(*) FROM pgm_constraint WHERE conname = ?1 AND contype = 'p'", rel->name) > 0;
    bool unique = primary ||
      cat_count(c->db, "SELECT count(*) FROM pgm_constraint WHERE conname = ?1 AND contype IN ('u', 'i')", rel->name) > 0 ||
      cat_count(c->db, "SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name = ?1 AND sql LIKE 'CREATE UNIQUE%'", rel->name) > 0;
    cat_int(r, rel->oid); cat_int(r, cat_oid(c, 1259, rel->parent, "")); cat_int(r, natts); cat_int(r, natts);
    cat_bool(r, unique); cat_bool(r, primary); cat_bool(r, false); cat_bool(r, true);
    cat_bool(r, false); cat_bool(r, true); cat_bool(r, false); cat_bool(r, true);
    cat_bool(r, true); cat_bool(r, false); cat_bool(r, false);
    bool partial = cat_count(c->db, "SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name = ?1 AND sql LIKE '% WHERE %'", rel->name) > 0;
    if (partial) cat_text(r, cat_partial_marker);
    else cat_null(r);
  }
}

static Column cat_c_description[] = {CC("objoid", T_OID), CC("classoid", T_OID), CC("objsubid", T_INT4), CC("description", T_TEXT)};

/* The schemas' comments, as initdb sets them (COMMENT ON SCHEMA is not supported). */
static const struct { Oid oid; const char *text; } cat_ns_descriptions[] = {
  {CAT_NS_CATALOG, "system catalog schema"}, {99, "reserved schema for TOAST tables"},
  {CAT_NS_PUBLIC, "standard public schema"}};

static void cat_fill_description(SyscatCtx *c, SyscatRows *r) {
  for (size_t i = 0; i < sizeof cat_ns_descriptions / sizeof cat_ns_descriptions[0]; i++) {
    cat_int(r, cat_ns_descriptions[i].oid); cat_int(r, 2615); cat_int(r, 0); cat_text(r, cat_ns_descriptions[i].text);
  }
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(c->db->sq, "SELECT relname, attname, description FROM pgm_description ORDER BY 1, 2", -1, &st, NULL) != SQLITE_OK)
    return;
  while (sqlite3_step(st) == SQLITE_ROW) {
    SyscatRel *rel = cat_rel_by_name(c, cat_col(st, 0));
    if (!rel) continue;
    int sub = 0;
    if (*cat_col(st, 1)) {
      Table *t = usercat_table(c->db, rel->name);
      sub = t ? usercat_column(t, cat_col(st, 1)) + 1 : 0;
      if (sub <= 0) continue;
    }
    cat_int(r, rel->oid); cat_int(r, 1259); cat_int(r, sub); cat_text(r, cat_col(st, 2));
  }
  sqlite3_finalize(st);
}

static Column cat_c_database[] = {
  CC("oid", T_OID), CC("datname", T_NAME), CC("datdba", T_OID), CC("encoding", T_INT4), CC("datlocprovider", T_CHAR),
  CC("datistemplate", T_BOOL), CC("datallowconn", T_BOOL), CC("datconnlimit", T_INT4), CC("dattablespace", T_OID),
  CC("datcollate", T_TEXT), CC("datctype", T_TEXT), CC("daticulocale", T_TEXT), CC("datcollversion", T_TEXT), CC("datacl", T_ACLARR)};

static void cat_fill_database(SyscatCtx *c, SyscatRows *r) {
  const char *canon;
  const char *coll = utility_show(c->db, "lc_collate", &canon), *ctype = utility_show(c->db, "lc_ctype", &canon);
  cat_int(r, 5); cat_text(r, "postgres"); cat_int(r, 10); cat_int(r, 6); cat_char(r, 'c');
  cat_bool(r, false); cat_bool(r, true); cat_int(r, -1); cat_int(r, 1663);
  cat_text(r, coll ? coll : "C"); cat_text(r, ctype ? ctype : "C"); cat_null(r); cat_null(r);
  cat_null(r);   /* datacl: default privileges, as PostgreSQL's own postgres database has */
}

static Column cat_c_roles[] = {
  CC("rolname", T_NAME), CC("rolsuper", T_BOOL), CC("rolinherit", T_BOOL), CC("rolcreaterole", T_BOOL),
  CC("rolcreatedb", T_BOOL), CC("rolcanlogin", T_BOOL), CC("rolreplication", T_BOOL), CC("rolconnlimit", T_INT4),
  CC("rolpassword", T_TEXT), CC("rolvaliduntil", T_TSTZ), CC("rolbypassrls", T_BOOL), CC("oid", T_OID)};

static void cat_fill_roles(SyscatCtx *c, SyscatRows *r) {
  (void)c;
  cat_text(r, "postgres");
  for (int i = 0; i < 6; i++) cat_bool(r, true);
  cat_int(r, -1); cat_text(r, "********"); cat_null(r); cat_bool(r, true); cat_int(r, 10);
}

static Column cat_c_user[] = {
  CC("usename", T_NAME), CC("usesysid", T_OID), CC("usecreatedb", T_BOOL), CC("usesuper", T_BOOL),
  CC("userepl", T_BOOL), CC("usebypassrls", T_BOOL), CC("passwd", T_TEXT), CC("valuntil", T_TSTZ)};

static void cat_fill_user(SyscatCtx *c, SyscatRows *r) {
  (void)c;
  cat_text(r, "postgres"); cat_int(r, 10);
  for (int i = 0; i < 4; i++) cat_bool(r, true);
  cat_text(r, "********"); cat_null(r);
}

static Column cat_c_settings[] = {
  CC("name", T_TEXT), CC("setting", T_TEXT), CC("unit", T_TEXT), CC("short_desc", T_TEXT), CC("context", T_TEXT),
  CC("vartype", T_TEXT), CC("boot_val", T_TEXT), CC("reset_val", T_TEXT), CC("pending_restart", T_BOOL)};

static void cat_fill_settings(SyscatCtx *c, SyscatRows *r) {
  for (int i = 0; i < pgm_builtin_nsettings; i++) {
    const PgSetting *s = &pgm_builtin_settings[i];
    const char *canon;
    const char *cur = utility_show(c->db, s->name, &canon);
    cat_text(r, s->name); cat_text(r, cur ? cur : s->setting); cat_text(r, *s->unit ? s->unit : NULL);
    cat_text(r, s->desc); cat_text(r, s->context); cat_text(r, s->vartype);
    cat_text(r, s->setting); cat_text(r, s->setting); cat_bool(r, false);
  }
}

static Column cat_c_proc[] = {
  CC("oid", T_OID), CC("proname", T_NAME), CC("pronamespace", T_OID), CC("proowner", T_OID), CC("prolang", T_OID),
  CC("provariadic", T_OID), CC("prokind", T_CHAR), CC("prosecdef", T_BOOL), CC("proisstrict", T_BOOL),
  CC("proretset", T_BOOL), CC("provolatile", T_CHAR), CC("pronargs", T_INT2),
  CC("pronargdefaults", T_INT2), CC("prorettype", T_OID), CC("prosrc", T_TEXT)};

static int cat_proc_lang_cmp(const void *key, const void *elem) {
  Oid k = *(const Oid *)key, e = ((const PgProcLang *)elem)->oid;
  return k < e ? -1 : k > e;
}

/* pg_proc.prolang: 12 (internal) unless pg_proc_lang_data.c says otherwise. */
static Oid cat_proc_lang(Oid oid) {
  const PgProcLang *l = bsearch(&oid, pgm_builtin_proc_langs, (size_t)pgm_builtin_nproc_langs, sizeof(PgProcLang),
                                cat_proc_lang_cmp);
  return l ? l->lang : 12;
}

static void cat_fill_proc(SyscatCtx *c, SyscatRows *r) {
  (void)c;
  for (int i = 0; i < pgm_builtin_nprocs; i++) {
    const PgProc *p = &pgm_builtin_procs[i];
    cat_int(r, p->oid); cat_text(r, p->name); cat_int(r, CAT_NS_CATALOG); cat_int(r, 10); cat_int(r, cat_proc_lang(p->oid));
    cat_int(r, p->variadic); cat_char(r, p->kind); cat_bool(r, false); cat_bool(r, p->strict); cat_bool(r, p->retset);
    cat_char(r, p->volatility); cat_int(r, p->nargs); cat_int(r, p->ndefaults); cat_int(r, p->rettype);
    cat_text(r, p->prosrc);
  }
}

static Column cat_c_am[] = {CC("oid", T_OID), CC("amname", T_NAME), CC("amtype", T_CHAR)};

static void cat_fill_am(SyscatCtx *c, SyscatRows *r) {
  (void)c;
  static const struct { Oid oid; const char *name; char type; } am[] = {
    {2, "heap", 't'}, {403, "btree", 'i'}, {405, "hash", 'i'}, {783, "gist", 'i'},
    {2742, "gin", 'i'}, {4000, "spgist", 'i'}, {3580, "brin", 'i'}};
  for (size_t i = 0; i < sizeof am / sizeof am[0]; i++) { cat_int(r, am[i].oid); cat_text(r, am[i].name); cat_char(r, am[i].type); }
}

static Column cat_c_collation[] = {
  CC("oid", T_OID), CC("collname", T_NAME), CC("collnamespace", T_OID), CC("collowner", T_OID),
  CC("collprovider", T_CHAR), CC("collisdeterministic", T_BOOL), CC("collencoding", T_INT4)};

/* The collations pgmicro has: the database default and the byte-order ones. */
static void cat_fill_collation(SyscatCtx *c, SyscatRows *r) {
  (void)c;
  static const struct { Oid oid; const char *name; char provider; int encoding; } co[] = {
    {100, "default", 'd', -1}, {950, "C", 'c', -1}, {951, "POSIX", 'c', -1}, {12340, "ucs_basic", 'c', 6}};
  for (size_t i = 0; i < sizeof co / sizeof co[0]; i++) {
    cat_int(r, co[i].oid); cat_text(r, co[i].name); cat_int(r, CAT_NS_CATALOG); cat_int(r, 10);
    cat_char(r, co[i].provider); cat_bool(r, true); cat_int(r, co[i].encoding);
  }
}

static Column cat_c_tables[] = {
  CC("schemaname", T_NAME), CC("tablename", T_NAME), CC("tableowner", T_NAME), CC("tablespace", T_NAME),
  CC("hasindexes", T_BOOL), CC("hasrules", T_BOOL), CC("hastriggers", T_BOOL), CC("rowsecurity", T_BOOL)};

static void cat_fill_tables(SyscatCtx *c, SyscatRows *r) {
  for (int i = 0; i < c->nrels; i++) {
    SyscatRel *rel = &c->rels[i];
    if (rel->kind != 'r') continue;
    bool hasindex = false;
    for (int k = 0; k < c->nrels; k++)
      hasindex |= c->rels[k].kind == 'i' && c->rels[k].parent && !strcmp(c->rels[k].parent, rel->name);
    cat_text(r, cat_rel_schema(rel)); cat_text(r, rel->name); cat_text(r, "postgres"); cat_null(r);
    cat_bool(r, hasindex); cat_bool(r, false);
    cat_bool(r, cat_count(c->db, "SELECT count(*) FROM pgm_constraint WHERE contype = 'f' AND (relname = ?1 OR confrelname = ?1)",
                          rel->name) > 0);
    cat_bool(r, false);
  }
}

static Column cat_c_views[] = {CC("schemaname", T_NAME), CC("viewname", T_NAME), CC("viewowner", T_NAME), CC("definition", T_TEXT)};

static void cat_fill_views(SyscatCtx *c, SyscatRows *r) {
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(c->db->sq, "SELECT viewname, definition FROM pgm_view ORDER BY 1", -1, &st, NULL) != SQLITE_OK) return;
  while (sqlite3_step(st) == SQLITE_ROW) {
    cat_text(r, "public"); cat_text(r, cat_col(st, 0)); cat_text(r, "postgres"); cat_text(r, cat_col(st, 1));
  }
  sqlite3_finalize(st);
}

static Column cat_c_is_tables[] = {
  CC("table_catalog", T_NAME), CC("table_schema", T_NAME), CC("table_name", T_NAME), CC("table_type", T_VARCHAR),
  CC("self_referencing_column_name", T_NAME), CC("reference_generation", T_VARCHAR),
  CC("user_defined_type_catalog", T_NAME), CC("user_defined_type_schema", T_NAME),
  CC("user_defined_type_name", T_NAME), CC("is_insertable_into", T_VARCHAR), CC("is_typed", T_VARCHAR),
  CC("commit_action", T_VARCHAR)};

static void cat_fill_is_tables(SyscatCtx *c, SyscatRows *r) {
  for (int i = 0; i < c->nrels; i++) {
    SyscatRel *rel = &c->rels[i];
    if (rel->kind != 'r' && rel->kind != 'v') continue;
    cat_text(r, "postgres"); cat_text(r, cat_rel_schema(rel)); cat_text(r, rel->name);
    cat_text(r, rel->kind == 'v' ? "VIEW" : rel->temp ? "LOCAL TEMPORARY" : "BASE TABLE");
    for (int k = 0; k < 5; k++) cat_null(r);
    cat_text(r, rel->kind == 'r' ? "YES" : "NO"); cat_text(r, "NO"); cat_null(r);
  }
}

static Column cat_c_is_columns[] = {
  CC("table_catalog", T_NAME), CC("table_schema", T_NAME), CC("table_name", T_NAME), CC("column_name", T_NAME),
  CC("ordinal_position", T_INT4), CC("column_default", T_VARCHAR), CC("is_nullable", T_VARCHAR),
  CC("data_type", T_VARCHAR), CC("character_maximum_length", T_INT4), CC("character_octet_length", T_INT4),
  CC("numeric_precision", T_INT4), CC("numeric_precision_radix", T_INT4), CC("numeric_scale", T_INT4),
  CC("datetime_precision", T_INT4), CC("interval_type", T_VARCHAR), CC("interval_precision", T_INT4),
  CC("udt_catalog", T_NAME), CC("udt_schema", T_NAME), CC("udt_name", T_NAME), CC("dtd_identifier", T_NAME),
  CC("is_self_referencing", T_VARCHAR), CC("is_identity", T_VARCHAR), CC("identity_generation", T_VARCHAR),
  CC("is_generated", T_VARCHAR), CC("generation_expression", T_VARCHAR), CC("is_updatable", T_VARCHAR)};

static void cat_column_row(pgm_db *db, SyscatRows *r, const SyscatRel *rel, const Column *col, int num, bool updatable) {
  Oid ty = col->type;
  int32_t tm = col->typmod;
  const PgType *t = pgm_type_by_oid(ty);
  cat_text(r, "postgres"); cat_text(r, cat_rel_schema(rel)); cat_text(r, rel->name); cat_text(r, col->name);
  cat_int(r, num);
  if (cat_has_default(col)) {
    char *d = cat_default_expr(db, col, false);
    cat_text(r, d);
    free(d);
  } else cat_null(r);
  cat_text(r, col->notnull ? "NO" : "YES");
  cat_text(r, !t ? "USER-DEFINED" : t->category == 'A' && t->typlen == -1 && t->oid != 22 && t->oid != 30 ? "ARRAY"
              : t->format_name);
  bool chr = ty == 1042 || ty == 1043, text = chr || ty == 25;
  cat_int_or_null(r, !(chr && tm >= 0), tm - 4);                          /* character_maximum_length */
  cat_int_or_null(r, !text, chr && tm >= 0 ? (tm - 4) * 4 : 1073741824);  /* character_octet_length (UTF8) */
  int prec = -1, radix = -1, scale = -1;
  switch (ty) {
  case 21: prec = 16; radix = 2; scale = 0; break;
  case 23: prec = 32; radix = 2; scale = 0; break;
  case 20: prec = 64; radix = 2; scale = 0; break;
  case 700: prec = 24; radix = 2; break;
  case 701: prec = 53; radix = 2; break;
  case 1700:
    radix = 10;
    if (tm >= 0) { prec = ((tm - 4) >> 16) & 0xffff; scale = (((tm - 4) & 0x7ff) ^ 1024) - 1024; }
    break;
  default: break;
  }
  bool noscale = ty == 1700 ? tm < 0 : scale < 0;
  cat_int_or_null(r, prec < 0, prec); cat_int_or_null(r, radix < 0, radix); cat_int_or_null(r, noscale, scale);
  int dtp = -1;
  if (ty == 1082) dtp = 0;
  else if (ty == 1083 || ty == 1266 || ty == 1114 || ty == 1184) dtp = tm >= 0 ? tm : 6;
  else if (ty == 1186) dtp = tm >= 0 && (tm & 0xffff) != 0xffff ? (tm & 0xffff) : 6;
  cat_int_or_null(r, dtp < 0, dtp);
  cat_null(r); cat_null(r);                                              /* interval_type, interval_precision */
  cat_text(r, "postgres"); cat_text(r, "pg_catalog"); cat_text(r, t ? t->typname : NULL);
  char buf[16];
  snprintf(buf, sizeof buf, "%d", num);
  cat_text(r, buf);
  cat_text(r, "NO");
  cat_text(r, col->identity ? "YES" : "NO");
  cat_text(r, col->identity == 'a' ? "ALWAYS" : col->identity == 'd' ? "BY DEFAULT" : NULL);
  cat_text(r, "NEVER"); cat_null(r); cat_text(r, updatable ? "YES" : "NO");
}

static void cat_fill_is_columns(SyscatCtx *c, SyscatRows *r) {
  for (int i = 0; i < c->nrels; i++) {
    SyscatRel *rel = &c->rels[i];
    if (rel->kind == 'v') {   /* pgmicro's views are read-only: is_updatable NO */
      Column *cols;
      int n = cat_view_columns(c->db, rel->name, &cols);
      for (int k = 0; k < n; k++) cat_column_row(c->db, r, rel, &cols[k], k + 1, false);
      cat_columns_free(cols, n);
      continue;
    }
    if (rel->kind != 'r') continue;
    Table *t = usercat_table(c->db, rel->name);
    for (int k = 0; t && k < t->ncols; k++) cat_column_row(c->db, r, rel, &t->cols[k], k + 1, true);
  }
}

static Column cat_c_is_schemata[] = {
  CC("catalog_name", T_NAME), CC("schema_name", T_NAME), CC("schema_owner", T_NAME),
  CC("default_character_set_catalog", T_NAME), CC("default_character_set_schema", T_NAME),
  CC("default_character_set_name", T_NAME), CC("sql_path", T_VARCHAR)};

static void cat_fill_is_schemata(SyscatCtx *c, SyscatRows *r) {
  (void)c;
  static const char *const names[] = {"pg_toast", "pg_catalog", "information_schema", "public"};
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
    cat_text(r, "postgres"); cat_text(r, names[i]); cat_text(r, "postgres");
    for (int k = 0; k < 4; k++) cat_null(r);
  }
}

static Column cat_c_is_table_constraints[] = {
  CC("constraint_catalog", T_NAME), CC("constraint_schema", T_NAME), CC("constraint_name", T_NAME),
  CC("table_catalog", T_NAME), CC("table_schema", T_NAME), CC("table_name", T_NAME),
  CC("constraint_type", T_VARCHAR), CC("is_deferrable", T_VARCHAR), CC("initially_deferred", T_VARCHAR),
  CC("enforced", T_VARCHAR), CC("nulls_distinct", T_VARCHAR)};

static void cat_constraint_row(SyscatRows *r, const char *name, const SyscatRel *rel, const char *type, const char *nulls) {
  cat_text(r, "postgres"); cat_text(r, cat_rel_schema(rel)); cat_text(r, name);
  cat_text(r, "postgres"); cat_text(r, cat_rel_schema(rel)); cat_text(r, rel->name);
  cat_text(r, type); cat_text(r, "NO"); cat_text(r, "NO"); cat_text(r, "YES"); cat_text(r, nulls);
}

/* Like PostgreSQL, NOT NULL columns count as CHECK constraints named
** <namespace oid>_<table oid>_<attnum>_not_null. */
static void cat_fill_is_table_constraints(SyscatCtx *c, SyscatRows *r) {
  for (int i = 0; i < c->nrels; i++) {
    SyscatRel *rel = &c->rels[i];
    if (rel->kind != 'r') continue;
    Table *t = usercat_table(c->db, rel->name);
    for (int k = 0; t && k < t->ncons; k++) {
      const Constraint *con = &t->cons[k];
      const char *type = con->kind == 'p' ? "PRIMARY KEY" : con->kind == 'u' ? "UNIQUE" : con->kind == 'f' ? "FOREIGN KEY"
                       : con->kind == 'c' ? "CHECK" : NULL;
      if (type) cat_constraint_row(r, con->name, rel, type, con->kind == 'u' ? "YES" : NULL);
    }
    for (int k = 0; t && k < t->ncols; k++) {
      if (!t->cols[k].notnull) continue;
      char name[64];
      snprintf(name, sizeof name, "%u_%u_%d_not_null", cat_rel_nsoid(rel), rel->oid, k + 1);
      cat_constraint_row(r, name, rel, "CHECK", NULL);
    }
  }
}

static Column cat_c_is_key_column_usage[] = {
  CC("constraint_catalog", T_NAME), CC("constraint_schema", T_NAME), CC("constraint_name", T_NAME),
  CC("table_catalog", T_NAME), CC("table_schema", T_NAME), CC("table_name", T_NAME), CC("column_name", T_NAME),
  CC("ordinal_position", T_INT4), CC("position_in_unique_constraint", T_INT4)};

static void cat_fill_is_key_column_usage(SyscatCtx *c, SyscatRows *r) {
  for (int i = 0; i < c->nrels; i++) {
    SyscatRel *rel = &c->rels[i];
    if (rel->kind != 'r') continue;
    Table *t = usercat_table(c->db, rel->name);
    for (int k = 0; t && k < t->ncons; k++) {
      const Constraint *con = &t->cons[k];
      if (con->kind != 'p' && con->kind != 'u' && con->kind != 'f') continue;
      SyscatFk fk;
      memset(&fk, 0, sizeof fk);
      const Constraint *uk = NULL;
      Table *rt = NULL;
      if (con->kind == 'f') {
        cat_fk_info(c->db, t, con, &fk);
        rt = con->refrel ? usercat_table(c->db, con->refrel) : NULL;
        for (int j = 0; rt && j < rt->ncons && !uk; j++) {
          const Constraint *u = &rt->cons[j];
          if ((u->kind != 'p' && u->kind != 'u' && u->kind != 'i') || u->ncols != fk.nrefcols) continue;
          bool same = true;
          for (int m = 0; m < u->ncols && same; m++) {
            bool found = false;
            for (int q = 0; q < fk.nrefcols && !found; q++) found = !strcmp(rt->cols[u->cols[m]].name, fk.refcols[q]);
            same = found;
          }
          if (same) uk = u;
        }
      }
      for (int m = 0; m < con->ncols; m++) {
        cat_text(r, "postgres"); cat_text(r, cat_rel_schema(rel)); cat_text(r, con->name);
        cat_text(r, "postgres"); cat_text(r, cat_rel_schema(rel)); cat_text(r, rel->name); cat_text(r, t->cols[con->cols[m]].name);
        cat_int(r, m + 1);
        int pos = 0;
        for (int q = 0; uk && m < fk.nrefcols && q < uk->ncols && !pos; q++)
          if (!strcmp(rt->cols[uk->cols[q]].name, fk.refcols[m])) pos = q + 1;
        cat_int_or_null(r, pos == 0, pos);
      }
      cat_fk_free(&fk);
    }
  }
}

/* Catalogs of features pgmicro does not have (inheritance, partitioning,
** row security, extended statistics, publications, triggers): PostgreSQL
** 15's columns, no rows. */
static void cat_fill_none(SyscatCtx *c, SyscatRows *r) { (void)c; (void)r; }

static Column cat_c_inherits[] = {CC("inhrelid", T_OID), CC("inhparent", T_OID), CC("inhseqno", T_INT4),
                                  CC("inhdetachpending", T_BOOL)};
static Column cat_c_partitioned_table[] = {
  CC("partrelid", T_OID), CC("partstrat", T_CHAR), CC("partnatts", T_INT2), CC("partdefid", T_OID),
  CC("partattrs", T_INT2VECTOR), CC("partclass", T_OIDVECTOR), CC("partcollation", T_OIDVECTOR), CC("partexprs", T_NODE)};
static Column cat_c_policy[] = {
  CC("oid", T_OID), CC("polname", T_NAME), CC("polrelid", T_OID), CC("polcmd", T_CHAR), CC("polpermissive", T_BOOL),
  CC("polroles", T_OIDARR), CC("polqual", T_NODE), CC("polwithcheck", T_NODE)};
static Column cat_c_statistic_ext[] = {
  CC("oid", T_OID), CC("stxrelid", T_OID), CC("stxname", T_NAME), CC("stxnamespace", T_OID), CC("stxowner", T_OID),
  CC("stxstattarget", T_INT4), CC("stxkeys", T_INT2VECTOR), CC("stxkind", T_CHARARR), CC("stxexprs", T_NODE)};
static Column cat_c_publication[] = {
  CC("oid", T_OID), CC("pubname", T_NAME), CC("pubowner", T_OID), CC("puballtables", T_BOOL), CC("pubinsert", T_BOOL),
  CC("pubupdate", T_BOOL), CC("pubdelete", T_BOOL), CC("pubtruncate", T_BOOL), CC("pubviaroot", T_BOOL)};
static Column cat_c_publication_namespace[] = {CC("oid", T_OID), CC("pnpubid", T_OID), CC("pnnspid", T_OID)};
static Column cat_c_publication_rel[] = {
  CC("oid", T_OID), CC("prpubid", T_OID), CC("prrelid", T_OID), CC("prqual", T_NODE), CC("prattrs", T_INT2VECTOR)};
static Column cat_c_trigger[] = {
  CC("oid", T_OID), CC("tgrelid", T_OID), CC("tgparentid", T_OID), CC("tgname", T_NAME), CC("tgfoid", T_OID),
  CC("tgtype", T_INT2), CC("tgenabled", T_CHAR), CC("tgisinternal", T_BOOL), CC("tgconstrrelid", T_OID),
  CC("tgconstrindid", T_OID), CC("tgconstraint", T_OID), CC("tgdeferrable", T_BOOL), CC("tginitdeferred", T_BOOL),
  CC("tgnargs", T_INT2), CC("tgattr", T_INT2VECTOR), CC("tgargs", T_BYTEA), CC("tgqual", T_NODE),
  CC("tgoldtable", T_NAME), CC("tgnewtable", T_NAME)};

/* One role and no memberships: psql's \du reads it for "Member of". */
static Column cat_c_auth_members[] = {CC("roleid", T_OID), CC("member", T_OID), CC("grantor", T_OID),
                                      CC("admin_option", T_BOOL)};


/* Each view's "_RETURN" rule (ev_qual, ev_action: pg_node_tree, left out). */
static Column cat_c_rewrite[] = {CC("oid", T_OID), CC("rulename", T_NAME), CC("ev_class", T_OID), CC("ev_type", T_CHAR),
                                 CC("ev_enabled", T_CHAR), CC("is_instead", T_BOOL)};

static void cat_fill_rewrite(SyscatCtx *c, SyscatRows *r) {
  for (int i = 0; i < c->nrels; i++) {
    if (c->rels[i].kind != 'v') continue;
    cat_int(r, cat_oid(c, 2618, c->rels[i].name, "_RETURN")); cat_text(r, "_RETURN"); cat_int(r, c->rels[i].oid);
    cat_char(r, '1'); cat_char(r, 'O'); cat_bool(r, true);
  }
}

static const SyscatDef cat_defs[] = {
  {"pg_catalog", "pg_namespace", 2615, 'r', CAT_TABLE("pgm_sys_pg_namespace", cat_c_namespace), cat_fill_namespace},
  {"pg_catalog", "pg_class", 1259, 'r', CAT_TABLE("pgm_sys_pg_class", cat_c_class), cat_fill_class},
  {"pg_catalog", "pg_attribute", 1249, 'r', CAT_TABLE("pgm_sys_pg_attribute", cat_c_attribute), cat_fill_attribute},
  {"pg_catalog", "pg_type", 1247, 'r', CAT_TABLE("pgm_sys_pg_type", cat_c_type), cat_fill_type},
  {"pg_catalog", "pg_attrdef", 2604, 'r', CAT_TABLE("pgm_sys_pg_attrdef", cat_c_attrdef), cat_fill_attrdef},
  {"pg_catalog", "pg_constraint", 2606, 'r', CAT_TABLE("pgm_sys_pg_constraint", cat_c_constraint), cat_fill_constraint},
  {"pg_catalog", "pg_index", 2610, 'r', CAT_TABLE("pgm_sys_pg_index", cat_c_index), cat_fill_index},
  {"pg_catalog", "pg_description", 2609, 'r', CAT_TABLE("pgm_sys_pg_description", cat_c_description), cat_fill_description},
  {"pg_catalog", "pg_database", 1262, 'r', CAT_TABLE("pgm_sys_pg_database", cat_c_database), cat_fill_database},
  {"pg_catalog", "pg_proc", 1255, 'r', CAT_TABLE("pgm_sys_pg_proc", cat_c_proc), cat_fill_proc},
  {"pg_catalog", "pg_collation", 3456, 'r', CAT_TABLE("pgm_sys_pg_collation", cat_c_collation), cat_fill_collation},
  {"pg_catalog", "pg_am", 2601, 'r', CAT_TABLE("pgm_sys_pg_am", cat_c_am), cat_fill_am},
  {"pg_catalog", "pg_inherits", 2611, 'r', CAT_TABLE("pgm_sys_pg_inherits", cat_c_inherits), cat_fill_none},
  {"pg_catalog", "pg_partitioned_table", 3350, 'r', CAT_TABLE("pgm_sys_pg_partitioned_table", cat_c_partitioned_table),
   cat_fill_none},
  {"pg_catalog", "pg_policy", 3256, 'r', CAT_TABLE("pgm_sys_pg_policy", cat_c_policy), cat_fill_none},
  {"pg_catalog", "pg_auth_members", 1261, 'r', CAT_TABLE("pgm_sys_pg_auth_members", cat_c_auth_members), cat_fill_none},
  {"pg_catalog", "pg_statistic_ext", 3381, 'r', CAT_TABLE("pgm_sys_pg_statistic_ext", cat_c_statistic_ext), cat_fill_none},
  {"pg_catalog", "pg_publication", 6104, 'r', CAT_TABLE("pgm_sys_pg_publication", cat_c_publication), cat_fill_none},
  {"pg_catalog", "pg_publication_namespace", 6237, 'r',
   CAT_TABLE("pgm_sys_pg_publication_namespace", cat_c_publication_namespace), cat_fill_none},
  {"pg_catalog", "pg_publication_rel", 6106, 'r', CAT_TABLE("pgm_sys_pg_publication_rel", cat_c_publication_rel),
   cat_fill_none},
  {"pg_catalog", "pg_rewrite", 2618, 'r', CAT_TABLE("pgm_sys_pg_rewrite", cat_c_rewrite), cat_fill_rewrite},
  {"pg_catalog", "pg_trigger", 2620, 'r', CAT_TABLE("pgm_sys_pg_trigger", cat_c_trigger), cat_fill_none},
  {"pg_catalog", "pg_roles", 12000, 'v', CAT_TABLE("pgm_sys_pg_roles", cat_c_roles), cat_fill_roles},
  {"pg_catalog", "pg_user", 12014, 'v', CAT_TABLE("pgm_sys_pg_user", cat_c_user), cat_fill_user},
  {"pg_catalog", "pg_views", 12028, 'v', CAT_TABLE("pgm_sys_pg_views", cat_c_views), cat_fill_views},
  {"pg_catalog", "pg_tables", 12033, 'v', CAT_TABLE("pgm_sys_pg_tables", cat_c_tables), cat_fill_tables},
  {"pg_catalog", "pg_settings", 12104, 'v', CAT_TABLE("pgm_sys_pg_settings", cat_c_settings), cat_fill_settings},
  {"information_schema", "columns", 13295, 'v', CAT_TABLE("pgm_sys_is_columns", cat_c_is_columns), cat_fill_is_columns},
  {"information_schema", "schemata", 13382, 'v', CAT_TABLE("pgm_sys_is_schemata", cat_c_is_schemata), cat_fill_is_schemata},
  {"information_schema", "table_constraints", 13411, 'v',
   CAT_TABLE("pgm_sys_is_table_constraints", cat_c_is_table_constraints), cat_fill_is_table_constraints},
  {"information_schema", "key_column_usage", 13329, 'v',
   CAT_TABLE("pgm_sys_is_key_column_usage", cat_c_is_key_column_usage), cat_fill_is_key_column_usage},
  {"information_schema", "tables", 13425, 'v', CAT_TABLE("pgm_sys_is_tables", cat_c_is_tables), cat_fill_is_tables},
};
static const int cat_ndefs = (int)(sizeof cat_defs / sizeof cat_defs[0]);
/* The relations above, then those defined in other files (syscat_rows.h). */
static const SyscatDef *cat_def_at(int i) {
  return i < cat_ndefs ? &cat_defs[i] : &syscat_more_defs[i - cat_ndefs];
}
static int cat_def_count(void) { return cat_ndefs + syscat_nmore_defs; }

static const SyscatDef *cat_def_by_name(const char *schema, const char *name) {
  for (int i = 0; i < cat_def_count(); i++) {
    const SyscatDef *d = cat_def_at(i);
    if (schema ? strcmp(schema, d->schema) : strcmp(d->schema, "pg_catalog")) continue;
    if (!strcmp(name, d->name)) return d;
  }
  return NULL;
}

Table *syscat_table(pgm_db *db, const char *schema, const char *name) {
  const SyscatDef *d = cat_def_by_name(schema, name);
  if (!d) return NULL;
  cat_persist(db);
  return (Table *)&d->table;
}

bool syscat_is(const Table *t) {
  for (int i = 0; i < cat_def_count(); i++) if (t == &cat_def_at(i)->table) return true;
  return false;
}

void syscat_check_dml(Analysis *an, PgQuery__RangeVar *rv, const char *verb) {
  const char *schema = rv->schemaname && *rv->schemaname ? rv->schemaname : NULL;
  if (schema && !strcmp(schema, "public")) return;
  const SyscatDef *d = cat_def_by_name(schema, rv->relname);
  if (!d) return;
  if (d->relkind == 'r')
    an_error(an, rv->location, ERRCODE_INSUFFICIENT_PRIVILEGE, "permission denied for table %s", d->name);
  pgm_error *e = pgm_error_new(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE, "cannot %s view \"%s\"", verb, d->name);
  pgm_error_set_detail(e, "Views that do not select from a single table or view are not automatically updatable.");
  bool ins = verb[0] == 'i', upd = verb[0] == 'u';
  pgm_error_set_hint(e, "To enable %s the view, provide an INSTEAD OF %s trigger or an unconditional ON %s DO INSTEAD rule.",
                     ins ? "inserting into" : upd ? "updating" : "deleting from", ins ? "INSERT" : upd ? "UPDATE" : "DELETE",
                     ins ? "INSERT" : upd ? "UPDATE" : "DELETE");
  e->position = parser_char_position(an->text, rv->location);
  an->err = e;
  longjmp(an->on_error, 1);
}

Oid syscat_relation_oid(pgm_db *db, const char *name) {
  const SyscatDef *d = cat_def_by_name(NULL, name);
  if (d) return d->oid;
  SyscatCtx c;
  cat_ctx_load(db, &c);
  SyscatRel *rel = cat_rel_by_name(&c, name);
  Oid oid = rel ? rel->oid : 0;
  cat_ctx_free(&c);
  return oid;
}

char *syscat_relation_name(pgm_db *db, Oid oid) {
  for (int i = 0; i < cat_def_count(); i++)
    if (cat_def_at(i)->oid == oid)
      return strcmp(cat_def_at(i)->schema, "pg_catalog") ? pgm_asprintf("%s.%s", cat_def_at(i)->schema, cat_def_at(i)->name)
                                                      : pgm_strdup(cat_def_at(i)->name);
  SyscatCtx c;
  cat_ctx_load(db, &c);
  char *name = NULL;
  for (int i = 0; i < c.nrels && !name; i++) if (c.rels[i].oid == oid) name = pgm_strdup(c.rels[i].name);
  cat_ctx_free(&c);
  return name;
}

char syscat_relation_kind(pgm_db *db, Oid oid, char **name, char **parent) {
  *name = *parent = NULL;
  for (int i = 0; i < cat_def_count(); i++)
    if (cat_def_at(i)->oid == oid) { *name = pgm_strdup(cat_def_at(i)->name); return cat_def_at(i)->relkind; }
  SyscatCtx c;
  cat_ctx_load(db, &c);
  char kind = 0;
  for (int i = 0; i < c.nrels && !kind; i++) {
    if (c.rels[i].oid != oid) continue;
    kind = c.rels[i].kind;
    *name = pgm_strdup(c.rels[i].name);
    if (c.rels[i].parent) *parent = pgm_strdup(c.rels[i].parent);
  }
  cat_ctx_free(&c);
  return kind;
}

/* ---- the virtual tables ---- */

/* The rows of one scan, shared by the cursors that read them and reused by
** the scans of the same statement while nothing changed (correlated
** subqueries rescan a catalog once per outer row). */
typedef struct SyscatSnap { int refs; SyscatRows rows; int nrows; } SyscatSnap;
typedef struct SyscatAux {
  pgm_db *db;
  const SyscatDef *def;
  SyscatSnap *snap;
  int64_t key[5];
} SyscatAux;
typedef struct SyscatTab { sqlite3_vtab base; SyscatAux *aux; } SyscatTab;
typedef struct SyscatCur {
  sqlite3_vtab_cursor base;
  SyscatSnap *snap;
  int row;
} SyscatCur;

static void cat_snap_unref(SyscatSnap *s) {
  if (s && --s->refs == 0) {
    cat_rows_free(&s->rows);
    free(s);
  }
}

static void cat_aux_free(void *p) {
  SyscatAux *a = p;
  cat_snap_unref(a->snap);
  free(a);
}

static int64_t cat_pragma(pgm_db *db, const char *sql) {
  sqlite3_stmt *st;
  int64_t v = -1;
  if (sqlite3_prepare_v2(db->sq, sql, -1, &st, NULL) != SQLITE_OK) return -1;
  if (sqlite3_step(st) == SQLITE_ROW) v = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  return v;
}

/* The current rows of a system relation: the cached ones while nothing changed. */
static SyscatSnap *cat_snapshot(SyscatAux *a) {
  int64_t key[5] = {cat_pragma(a->db, "PRAGMA main.schema_version"), cat_pragma(a->db, "PRAGMA main.data_version"),
                    sqlite3_total_changes64(a->db->sq), a->db->catalog_version, a->db->stmt_start_us};
  bool volatile_rows = a->def->fill == cat_fill_settings;   /* SET changes them */
  if (a->snap && !volatile_rows && !memcmp(key, a->key, sizeof key)) return a->snap;
  SyscatSnap *s = pgm_malloc(sizeof *s);
  memset(s, 0, sizeof *s);
  s->refs = 1;
  SyscatCtx ctx;
  cat_ctx_load(a->db, &ctx);
  cat_scan_depth++;
  a->def->fill(&ctx, &s->rows);
  cat_scan_depth--;
  cat_ctx_free(&ctx);
  s->nrows = s->rows.n / a->def->table.ncols;
  cat_snap_unref(a->snap);
  a->snap = s;
  memcpy(a->key, key, sizeof key);
  return s;
}

static int cat_vt_connect(sqlite3 *sq, void *aux, int argc, const char *const *argv, sqlite3_vtab **out, char **err) {
  (void)argc; (void)argv; (void)err;
  SyscatAux *a = aux;
  StrBuf b = STRBUF_INIT;
  sb_puts(&b, "CREATE TABLE x(");
  for (int i = 0; i < a->def->table.ncols; i++) {
    if (i) sb_puts(&b, ", ");
    sb_put_ident(&b, a->def->table.cols[i].name);
  }
  sb_puts(&b, ")");
  int rc = sqlite3_declare_vtab(sq, sb_str(&b));
  sb_free(&b);
  if (rc != SQLITE_OK) return rc;
  SyscatTab *t = sqlite3_malloc(sizeof *t);
  if (!t) return SQLITE_NOMEM;
  memset(t, 0, sizeof *t);
  t->aux = a;
  *out = &t->base;
  return SQLITE_OK;
}

static int cat_vt_disconnect(sqlite3_vtab *v) { sqlite3_free(v); return SQLITE_OK; }

static int cat_vt_best_index(sqlite3_vtab *v, sqlite3_index_info *info) {
  (void)v;
  info->estimatedCost = 10000;
  info->estimatedRows = 1000;
  return SQLITE_OK;
}

static int cat_vt_open(sqlite3_vtab *v, sqlite3_vtab_cursor **out) {
  (void)v;
  SyscatCur *c = sqlite3_malloc(sizeof *c);
  if (!c) return SQLITE_NOMEM;
  memset(c, 0, sizeof *c);
  *out = &c->base;
  return SQLITE_OK;
}

static int cat_vt_close(sqlite3_vtab_cursor *cur) {
  SyscatCur *c = (SyscatCur *)cur;
  cat_snap_unref(c->snap);
  sqlite3_free(c);
  return SQLITE_OK;
}

static int cat_vt_filter(sqlite3_vtab_cursor *cur, int idxnum, const char *idxstr, int argc, sqlite3_value **argv) {
  (void)idxnum; (void)idxstr; (void)argc; (void)argv;
  SyscatCur *c = (SyscatCur *)cur;
  SyscatAux *a = ((SyscatTab *)cur->pVtab)->aux;
  SyscatSnap *s = cat_snapshot(a);
  if (s != c->snap) {
    s->refs++;
    cat_snap_unref(c->snap);
    c->snap = s;
  }
  c->row = 0;
  return SQLITE_OK;
}

static int cat_vt_next(sqlite3_vtab_cursor *cur) { ((SyscatCur *)cur)->row++; return SQLITE_OK; }
static int cat_vt_eof(sqlite3_vtab_cursor *cur) { SyscatCur *c = (SyscatCur *)cur; return !c->snap || c->row >= c->snap->nrows; }

static int cat_vt_column(sqlite3_vtab_cursor *cur, sqlite3_context *ctx, int col) {
  SyscatCur *c = (SyscatCur *)cur;
  SyscatAux *a = ((SyscatTab *)cur->pVtab)->aux;
  const SyscatVal *v = &c->snap->rows.v[c->row * a->def->table.ncols + col];
  switch (v->kind) {
  case 'i': sqlite3_result_int64(ctx, v->i); break;
  case 'f': sqlite3_result_double(ctx, v->f); break;
  case 't': sqlite3_result_text(ctx, v->s, -1, SQLITE_TRANSIENT); break;
  default: sqlite3_result_null(ctx); break;
  }
  return SQLITE_OK;
}

static int cat_vt_rowid(sqlite3_vtab_cursor *cur, sqlite_int64 *rowid) {
  *rowid = ((SyscatCur *)cur)->row + 1;
  return SQLITE_OK;
}

static const sqlite3_module cat_module = {
  .iVersion = 0,
  .xCreate = NULL,                 /* eponymous only */
  .xConnect = cat_vt_connect,
  .xBestIndex = cat_vt_best_index,
  .xDisconnect = cat_vt_disconnect,
  .xDestroy = cat_vt_disconnect,
  .xOpen = cat_vt_open,
  .xClose = cat_vt_close,
  .xFilter = cat_vt_filter,
  .xNext = cat_vt_next,
  .xEof = cat_vt_eof,
  .xColumn = cat_vt_column,
  .xRowid = cat_vt_rowid,
};

int syscat_register(pgm_db *db) {
  for (int i = 0; i < cat_def_count(); i++) {
    SyscatAux *a = pgm_malloc(sizeof *a);
    memset(a, 0, sizeof *a);
    a->db = db;
    a->def = cat_def_at(i);
    if (sqlite3_create_module_v2(db->sq, cat_def_at(i)->table.name, &cat_module, a, cat_aux_free) != SQLITE_OK) return -1;
  }
  return 0;
}

/* ---- a system relation in FROM ---- */

RangeTblEntry *syscat_rte(ParseState *ps, Table *t, const char *name) {
  Analysis *an = ps->an;
  RangeTblEntry *rte = an_alloc(an, sizeof *rte);
  rte->kind = RTE_RELATION;
  rte->table = t;
  rte->alias = an_strdup(an, name);
  rte->rel_visible = rte->cols_visible = true;
  an_rte_table_columns(an, rte, t);
  return rte;
}

/* ---- catalog functions ---- */

/* Whether s (a lower-case word) is a keyword PostgreSQL's quote_identifier
** quotes: any but an unreserved one.  libpg_query's scanner holds
** PostgreSQL 15's keyword list. */
static bool cat_is_quoted_keyword(const char *s) {
  PgQueryScanResult res = pg_query_scan(s);
  bool kw = false;
  if (!res.error) {
    PgQuery__ScanResult *sr = pg_query__scan_result__unpack(NULL, res.pbuf.len, (const uint8_t *)res.pbuf.data);
    if (sr && sr->n_tokens == 1 && sr->tokens[0]->start == 0 && (size_t)sr->tokens[0]->end == strlen(s))
      kw = sr->tokens[0]->keyword_kind != PG_QUERY__KEYWORD_KIND__NO_KEYWORD &&
           sr->tokens[0]->keyword_kind != PG_QUERY__KEYWORD_KIND__UNRESERVED_KEYWORD;
    if (sr) pg_query__scan_result__free_unpacked(sr, NULL);
  }
  pg_query_free_scan_result(res);
  return kw;
}

/* PostgreSQL's quote_identifier. */
static void cat_quote(StrBuf *b, const char *s) {
  bool safe = (*s >= 'a' && *s <= 'z') || *s == '_';
  for (const char *p = s; *p && safe; p++) safe = (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_';
  if (safe && !cat_is_quoted_keyword(s)) { sb_puts(b, s); return; }
  sb_putc(b, '"');
  for (const char *p = s; *p; p++) {
    if (*p == '"') sb_putc(b, '"');
    sb_putc(b, *p);
  }
  sb_putc(b, '"');
}

/* format_type(type, typmod): given says whether a typmod was passed at all. */
static void cat_format_type(StrBuf *b, Oid oid, bool given, int32_t tm) {
  if (oid == 0) { sb_puts(b, "-"); return; }
  const PgType *t = pgm_type_by_oid(oid);
  if (!t) { sb_puts(b, "???"); return; }
  if (t->category == 'A' && t->typlen == -1 && t->elem && oid != 22 && oid != 30) {
    cat_format_type(b, t->elem, given, tm);
    sb_puts(b, "[]");
    return;
  }
  bool with = given && tm >= 0;
  switch (oid) {
  case 1042:
    if (with) sb_printf(b, "character(%d)", tm - 4);
    else sb_puts(b, given ? "bpchar" : t->format_name);
    return;
  case 1043: if (with) { sb_printf(b, "character varying(%d)", tm - 4); return; } break;
  case 1560: if (with) { sb_printf(b, "bit(%d)", tm); return; } break;
  case 1562: if (with) { sb_printf(b, "bit varying(%d)", tm); return; } break;
  case 1700:
    if (with) { sb_printf(b, "numeric(%d,%d)", ((tm - 4) >> 16) & 0xffff, (((tm - 4) & 0x7ff) ^ 1024) - 1024); return; }
    break;
  case 1083: if (with) { sb_printf(b, "time(%d) without time zone", tm); return; } break;
  case 1266: if (with) { sb_printf(b, "time(%d) with time zone", tm); return; } break;
  case 1114: if (with) { sb_printf(b, "timestamp(%d) without time zone", tm); return; } break;
  case 1184: if (with) { sb_printf(b, "timestamp(%d) with time zone", tm); return; } break;
  case 1186:
    if (with && (tm & 0xffff) != 0xffff && ((tm >> 16) & 0x7fff) == 0x7fff) { sb_printf(b, "interval(%d)", tm & 0xffff); return; }
    break;
  default: break;
  }
  sb_puts(b, t->format_name);
}

char *syscat_format_type(Oid type, int32_t typmod) {
  StrBuf b = STRBUF_INIT;
  cat_format_type(&b, type, true, typmod);
  char *s = pgm_strdup(sb_str(&b));
  sb_free(&b);
  return s;
}

void syscat_quote_ident(StrBuf *b, const char *name) { cat_quote(b, name); }

static void cat_result_buf(sqlite3_context *ctx, StrBuf *b) {
  sqlite3_result_text(ctx, sb_str(b), -1, SQLITE_TRANSIENT);
  sb_free(b);
}

static void cat_fn_format_type(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL) { sqlite3_result_null(ctx); return; }
  bool given = sqlite3_value_type(argv[1]) != SQLITE_NULL;
  StrBuf b = STRBUF_INIT;
  cat_format_type(&b, (Oid)sqlite3_value_int64(argv[0]), given, given ? sqlite3_value_int(argv[1]) : -1);
  cat_result_buf(ctx, &b);
}

/* pg_get_expr(adbin, relid [, pretty]): adbin holds the expression's text already. */
static void cat_fn_get_expr(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  const char *s = (const char *)sqlite3_value_text(argv[0]);
  if (s && !strcmp(s, cat_partial_marker)) {
    adt_error(ctx, ERRCODE_FEATURE_NOT_SUPPORTED, "pg_get_expr() of a partial index's predicate is not supported by pgmicro yet");
    return;
  }
  sqlite3_result_value(ctx, argv[0]);
}

/* A CHECK constraint's text, kept at CREATE time as "pretty\nplain" (ruleutils.c). */
static void cat_check_def(sqlite3_context *ctx, const Constraint *con, bool pretty) {
  const char *nl = con->consrc ? strchr(con->consrc, '\n') : NULL;
  if (!nl) {
    adt_error(ctx, ERRCODE_FEATURE_NOT_SUPPORTED,
              "pg_get_constraintdef() of CHECK constraint \"%s\" is not supported by pgmicro yet", con->name);
    return;
  }
  char *s = pretty ? pgm_asprintf("CHECK (%.*s)", (int)(nl - con->consrc), con->consrc) : pgm_asprintf("CHECK (%s)", nl + 1);
  sqlite3_result_text(ctx, s, -1, free);
}

static void cat_fn_constraintdef(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  pgm_db *db = adt_db(ctx);
  Oid oid = (Oid)sqlite3_value_int64(argv[0]);
  SyscatCtx c;
  cat_ctx_load(db, &c);
  const SyscatObj *o = NULL;
  for (int i = 0; i < c.nobjs && !o; i++) if (c.objs[i].classid == 2606 && c.objs[i].oid == oid) o = &c.objs[i];
  Table *t = o ? usercat_table(db, o->relname) : NULL;
  const Constraint *con = NULL;
  for (int i = 0; t && i < t->ncons && !con; i++) if (!strcmp(t->cons[i].name, o->subname)) con = &t->cons[i];
  cat_ctx_free(&c);
  if (!con) { sqlite3_result_null(ctx); return; }
  if (con->kind == 'c') { cat_check_def(ctx, con, argc > 1 && sqlite3_value_int(argv[1])); return; }
  StrBuf b = STRBUF_INIT;
  sb_puts(&b, con->kind == 'p' ? "PRIMARY KEY (" : con->kind == 'u' ? "UNIQUE (" : "FOREIGN KEY (");
  for (int i = 0; i < con->ncols; i++) {
    if (i) sb_puts(&b, ", ");
    cat_quote(&b, t->cols[con->cols[i]].name);
  }
  sb_puts(&b, ")");
  if (con->kind == 'f') {
    SyscatFk fk;
    cat_fk_info(db, t, con, &fk);
    sb_puts(&b, " REFERENCES ");
    cat_quote(&b, con->refrel ? con->refrel : "");
    sb_puts(&b, "(");
    for (int i = 0; i < fk.nrefcols; i++) {
      if (i) sb_puts(&b, ", ");
      cat_quote(&b, fk.refcols[i]);
    }
    sb_puts(&b, ")");
    static const char *const acts[][2] = {{"c", "CASCADE"}, {"n", "SET NULL"}, {"d", "SET DEFAULT"}, {"r", "RESTRICT"}};
    for (int k = 0; k < 2; k++) {
      char a = k ? fk.del : fk.upd;
      for (size_t i = 0; i < sizeof acts / sizeof acts[0]; i++)
        if (acts[i][0][0] == a) sb_printf(&b, " ON %s %s", k ? "DELETE" : "UPDATE", acts[i][1]);
    }
    cat_fk_free(&fk);
  }
  cat_result_buf(ctx, &b);
}

/* pg_get_indexdef(index [, column, pretty]): CREATE INDEX text, or one key column. */
static void cat_fn_indexdef(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  pgm_db *db = adt_db(ctx);
  Oid oid = (Oid)sqlite3_value_int64(argv[0]);
  int colno = argc > 1 ? sqlite3_value_int(argv[1]) : 0;
  SyscatCtx c;
  cat_ctx_load(db, &c);
  SyscatRel *ix = NULL;
  for (int i = 0; i < c.nrels && !ix; i++) if (c.rels[i].oid == oid && c.rels[i].kind == 'i' && c.rels[i].parent) ix = &c.rels[i];
  Table *t = ix ? usercat_table(db, ix->parent) : NULL;
  if (!t) { cat_ctx_free(&c); sqlite3_result_null(ctx); return; }
  StrBuf cols = STRBUF_INIT;
  int ncols = 0;
  bool unique = false, unsupported = false;
  const Constraint *con = NULL;
  for (int i = 0; i < t->ncons && !con; i++) if (!strcmp(t->cons[i].name, ix->name) && (t->cons[i].kind == 'p' || t->cons[i].kind == 'u')) con = &t->cons[i];
  if (con) {
    unique = true;
    for (int i = 0; i < con->ncols; i++) {
      if (colno && i + 1 != colno) continue;
      if (ncols++) sb_puts(&cols, ", ");
      cat_quote(&cols, t->cols[con->cols[i]].name);
    }
  } else {
    sqlite3_stmt *st;
    unique = cat_count(db, "SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name = ?1 AND sql LIKE 'CREATE UNIQUE%'", ix->name) > 0;
    unsupported = cat_count(db, "SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name = ?1 AND sql LIKE '% WHERE %'", ix->name) > 0;
    if (sqlite3_prepare_v2(db->sq, "SELECT cid, name, \"desc\" FROM pragma_index_xinfo(?1) WHERE key ORDER BY seqno", -1, &st, NULL) == SQLITE_OK) {
      sqlite3_bind_text(st, 1, ix->name, -1, SQLITE_STATIC);
      for (int i = 1; sqlite3_step(st) == SQLITE_ROW; i++) {
        if (sqlite3_column_int(st, 0) < 0) unsupported = true;
        if (colno && i != colno) continue;
        if (ncols++) sb_puts(&cols, ", ");
        cat_quote(&cols, cat_col(st, 1));
        if (sqlite3_column_int(st, 2) && !colno) sb_puts(&cols, " DESC");
      }
      sqlite3_finalize(st);
    }
  }
  if (unsupported) {
    sb_free(&cols);
    cat_ctx_free(&c);
    adt_error(ctx, ERRCODE_FEATURE_NOT_SUPPORTED, "pg_get_indexdef() of an expression or partial index is not supported by pgmicro yet");
    return;
  }
  StrBuf b = STRBUF_INIT;
  if (colno) sb_puts(&b, sb_str(&cols));
  else {
    sb_printf(&b, "CREATE %sINDEX ", unique ? "UNIQUE " : "");
    cat_quote(&b, ix->name);
    sb_puts(&b, " ON public.");
    cat_quote(&b, t->name);
    sb_printf(&b, " USING btree (%s)", sb_str(&cols));
  }
  sb_free(&cols);
  cat_ctx_free(&c);
  cat_result_buf(ctx, &b);
}

static void cat_fn_table_is_visible(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  Oid oid = (Oid)sqlite3_value_int64(argv[0]);
  for (int i = 0; i < cat_def_count(); i++)
    if (cat_def_at(i)->oid == oid) { sqlite3_result_int(ctx, !strcmp(cat_def_at(i)->schema, "pg_catalog")); return; }
  char *name = syscat_relation_name(adt_db(ctx), oid);
  if (name) sqlite3_result_int(ctx, 1);
  else sqlite3_result_null(ctx);
  free(name);
}

static void cat_fn_type_is_visible(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  if (pgm_type_by_oid((Oid)sqlite3_value_int64(argv[0]))) sqlite3_result_int(ctx, 1);
  else sqlite3_result_null(ctx);
}

/* The one role is a superuser: every privilege is held. */
static void cat_fn_true(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc; (void)argv;
  sqlite3_result_int(ctx, 1);
}

static void cat_fn_userbyid(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  Oid oid = (Oid)sqlite3_value_int64(argv[0]);
  if (oid == 10) { sqlite3_result_text(ctx, "postgres", -1, SQLITE_STATIC); return; }
  if (oid == 6171) { sqlite3_result_text(ctx, "pg_database_owner", -1, SQLITE_STATIC); return; }
  char *s = pgm_asprintf("unknown (OID=%u)", oid);
  sqlite3_result_text(ctx, s, -1, free);
}

static void cat_fn_version(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc; (void)argv;
  char *s = pgm_asprintf("PostgreSQL %s (pgmicro %s) on SQLite %s, 64-bit", PGM_PG_VERSION, PGM_VERSION, sqlite3_libversion());
  sqlite3_result_text(ctx, s, -1, free);
}

/* obj_description(oid [, catalog]) and col_description(oid, attnum): SQL
** functions in PostgreSQL, reading pg_description. */
static void cat_description(sqlite3_context *ctx, Oid oid, int sub) {
  pgm_db *db = adt_db(ctx);
  char *rel = syscat_relation_name(db, oid);
  if (!rel) { sqlite3_result_null(ctx); return; }
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(db->sq, "SELECT d.description FROM pgm_description d WHERE d.relname = ?1 AND (?2 = 0 AND d.attname = '' "
                                 "OR d.attname = (SELECT attname FROM pgm_attribute a WHERE a.relname = ?1 AND a.attnum = ?2))",
                         -1, &st, NULL) != SQLITE_OK) {
    free(rel);
    sqlite3_result_null(ctx);
    return;
  }
  sqlite3_bind_text(st, 1, rel, -1, SQLITE_STATIC);
  sqlite3_bind_int(st, 2, sub);
  if (sqlite3_step(st) == SQLITE_ROW) sqlite3_result_text(ctx, cat_col(st, 0), -1, SQLITE_TRANSIENT);
  else sqlite3_result_null(ctx);
  sqlite3_finalize(st);
  free(rel);
}

static void cat_fn_obj_description(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  if (argc == 2 && !strcmp((const char *)sqlite3_value_text(argv[1]), "pg_namespace")) {
    Oid oid = (Oid)sqlite3_value_int64(argv[0]);
    for (size_t i = 0; i < sizeof cat_ns_descriptions / sizeof cat_ns_descriptions[0]; i++)
      if (cat_ns_descriptions[i].oid == oid) { sqlite3_result_text(ctx, cat_ns_descriptions[i].text, -1, SQLITE_STATIC); return; }
    sqlite3_result_null(ctx);
    return;
  }
  if (argc == 2 && strcmp((const char *)sqlite3_value_text(argv[1]), "pg_class")) { sqlite3_result_null(ctx); return; }
  cat_description(ctx, (Oid)sqlite3_value_int64(argv[0]), 0);
}

/* shobj_description(oid, catalog): pg_shdescription has no rows (COMMENT ON
** ROLE / DATABASE is not supported), so there is never a comment. */
static void cat_fn_shobj_description(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc; (void)argv;
  sqlite3_result_null(ctx);
}

static void cat_fn_col_description(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  int sub = sqlite3_value_int(argv[1]);
  if (sub <= 0) { sqlite3_result_null(ctx); return; }
  cat_description(ctx, (Oid)sqlite3_value_int64(argv[0]), sub);
}

static void cat_fn_current_database(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc; (void)argv;
  sqlite3_result_text(ctx, "postgres", -1, SQLITE_STATIC);
}

static void cat_fn_current_schema(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc; (void)argv;
  sqlite3_result_text(ctx, "public", -1, SQLITE_STATIC);
}

/* pg_encoding_to_char(encoding): the database is UTF8 (6); other numbers as PostgreSQL names them. */
static void cat_fn_encoding_to_char(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  static const char *const names[] = {"SQL_ASCII", "EUC_JP", "EUC_CN", "EUC_KR", "EUC_TW", "EUC_JIS_2004", "UTF8"};
  int64_t e = sqlite3_value_int64(argv[0]);
  sqlite3_result_text(ctx, e >= 0 && e < 7 ? names[e] : "", -1, SQLITE_STATIC);
}

/* name ~ text and friends (psql's \\d patterns): the text implementations,
** found by name once (a name is stored as text). */
static void cat_call_text(sqlite3_context *ctx, int argc, sqlite3_value **argv, const char *impl, const AdtFunc **cache) {
  if (!*cache) *cache = adt_lookup(impl);
  if (!*cache) { adt_error(ctx, ERRCODE_FEATURE_NOT_SUPPORTED, "%s is not supported by pgmicro yet", impl); return; }
  (*cache)->fn(ctx, argc, argv);
}
#define CAT_NAME_FN(fn, impl) \
  static void fn(sqlite3_context *ctx, int argc, sqlite3_value **argv) { \
    static _Thread_local const AdtFunc *f; \
    cat_call_text(ctx, argc, argv, impl, &f); \
  }
CAT_NAME_FN(cat_fn_nameregexeq, "textregexeq")
CAT_NAME_FN(cat_fn_nameregexne, "textregexne")
CAT_NAME_FN(cat_fn_nameicregexeq, "texticregexeq")
CAT_NAME_FN(cat_fn_nameicregexne, "texticregexne")
CAT_NAME_FN(cat_fn_nameiclike, "texticlike")
CAT_NAME_FN(cat_fn_nameicnlike, "texticnlike")
#undef CAT_NAME_FN

/* No triggers, no extended statistics: PostgreSQL gives NULL for an OID that names none. */
static void cat_fn_null(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc; (void)argv;
  sqlite3_result_null(ctx);
}

/* pg_relation_is_publishable(regclass): a permanent user table (PostgreSQL's
** is_publishable_class; system relations and views are not). */
static void cat_fn_is_publishable(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  Oid oid = (Oid)sqlite3_value_int64(argv[0]);
  if (oid < CAT_FIRST_OID) {
    for (int i = 0; i < cat_def_count(); i++) if (cat_def_at(i)->oid == oid) { sqlite3_result_int(ctx, 0); return; }
    sqlite3_result_null(ctx);
    return;
  }
  SyscatCtx c;
  cat_ctx_load(adt_db(ctx), &c);
  int kind = 0;
  for (int i = 0; i < c.nrels && !kind; i++) if (c.rels[i].oid == oid) kind = c.rels[i].kind;
  cat_ctx_free(&c);
  if (!kind) sqlite3_result_null(ctx);
  else sqlite3_result_int(ctx, kind == 'r');
}

/* current_schemas(include_implicit): the search path, with the implicit
** ones first when asked for: the connection's temp schema once it has one,
** then pg_catalog. */
static void cat_fn_current_schemas(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  bool temp = usercat_temp_present(adt_db(ctx));
  sqlite3_result_text(ctx, !sqlite3_value_int(argv[0]) ? "{public}" : temp ? "{" CAT_NS_TEMP_NAME ",pg_catalog,public}"
                      : "{pg_catalog,public}", -1, SQLITE_STATIC);
}

/* pg_my_temp_schema(): the connection's temp schema, 0 before its first TEMP object. */
static void cat_fn_my_temp_schema(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc; (void)argv;
  sqlite3_result_int64(ctx, usercat_temp_present(adt_db(ctx)) ? CAT_NS_TEMP : 0);
}

/* pg_is_other_temp_schema(oid): pg_namespace lists no other connection's temp schema. */
static void cat_fn_is_other_temp_schema(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc; (void)argv;
  sqlite3_result_int(ctx, 0);
}

typedef struct CatViewDef { bool pretty; char *text; } CatViewDef;

static void cat_view_def_of(pgm_db *db, Query *q, char **colnames, int ncolnames, void *arg) {
  CatViewDef *vd = arg;
  vd->text = ruleutils_view_text(db, q, colnames, ncolnames, vd->pretty);
}

/* pg_get_viewdef of the view named name: NULL when there is none (as
** PostgreSQL for an OID that names no view), 0A000 when the printer does
** not know the query. */
static void cat_view_def(sqlite3_context *ctx, const char *name, bool pretty) {
  CatViewDef vd = {pretty, NULL};
  if (!name || !cat_with_view(adt_db(ctx), name, cat_view_def_of, &vd)) { sqlite3_result_null(ctx); return; }
  if (!vd.text) {
    adt_error(ctx, ERRCODE_FEATURE_NOT_SUPPORTED, "pg_get_viewdef() of view \"%s\" is not supported by pgmicro yet", name);
    return;
  }
  sqlite3_result_text(ctx, vd.text, -1, free);
}

/* pg_get_viewdef(oid [, pretty | wrap column]): a wrap column means pretty. */
static void cat_fn_viewdef(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  char *name = syscat_relation_name(adt_db(ctx), (Oid)sqlite3_value_int64(argv[0]));
  cat_view_def(ctx, name, argc > 1 && sqlite3_value_int(argv[1]));
  free(name);
}

static void cat_fn_viewdef_wrap(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  char *name = syscat_relation_name(adt_db(ctx), (Oid)sqlite3_value_int64(argv[0]));
  cat_view_def(ctx, name, true);
  free(name);
}

/* pg_get_viewdef(text [, pretty]): the name as regclass reads it. */
static void cat_fn_viewdef_name(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  pgm_db *db = adt_db(ctx);
  const char *text = (const char *)sqlite3_value_text(argv[0]);
  Oid oid = syscat_relation_oid(db, text);
  if (!oid) { adt_error(ctx, ERRCODE_UNDEFINED_TABLE, "relation \"%s\" does not exist", text); return; }
  char *name = syscat_relation_name(db, oid);
  cat_view_def(ctx, name, argc > 1 && sqlite3_value_int(argv[1]));
  free(name);
}

/* pg_get_ruledef: the only rules are views' _RETURN rules, printed as
** CREATE RULE ... DO INSTEAD, which is not done here. */
static void cat_fn_ruledef(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc; (void)argv;
  adt_error(ctx, ERRCODE_FEATURE_NOT_SUPPORTED, "pg_get_ruledef() is not supported by pgmicro yet");
}

/* pg_function_is_visible: every function is a built-in of pg_catalog, which is on the search path. */
static void cat_fn_function_is_visible(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  if (pgm_proc_by_oid((Oid)sqlite3_value_int64(argv[0]))) sqlite3_result_int(ctx, 1);
  else sqlite3_result_null(ctx);
}

/* pg_get_function_result: the result type, SETOF for a set.  A function
** with OUT parameters (record result) prints as TABLE(...) or from its
** parameter list, which pgmicro does not keep: 0A000 for those. */
static void cat_fn_function_result(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  const PgProc *p = pgm_proc_by_oid((Oid)sqlite3_value_int64(argv[0]));
  if (!p) { sqlite3_result_null(ctx); return; }
  if (p->rettype == 2249) {
    adt_error(ctx, ERRCODE_FEATURE_NOT_SUPPORTED, "pg_get_function_result() of %s() is not supported by pgmicro yet", p->name);
    return;
  }
  char *t = syscat_format_type(p->rettype, -1);
  char *s = pgm_asprintf("%s%s", p->retset ? "SETOF " : "", t);
  free(t);
  sqlite3_result_text(ctx, s, -1, free);
}

/* pg_get_function_arguments: argument names, modes and defaults are part of
** it and pgmicro does not keep them for the built-ins, so only a function
** without arguments is printed (as ""). */
static void cat_fn_function_arguments(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  const PgProc *p = pgm_proc_by_oid((Oid)sqlite3_value_int64(argv[0]));
  if (!p) { sqlite3_result_null(ctx); return; }
  if (p->nargs) {
    adt_error(ctx, ERRCODE_FEATURE_NOT_SUPPORTED, "pg_get_function_arguments() of %s() is not supported by pgmicro yet", p->name);
    return;
  }
  sqlite3_result_text(ctx, "", 0, SQLITE_STATIC);
}

const char *syscat_sql_bodied(const PgProc *p) {
  if (!strcmp(p->name, "obj_description")) return "pgm_obj_description";
  if (!strcmp(p->name, "col_description")) return "pgm_col_description";
  if (!strcmp(p->name, "shobj_description")) return "pgm_shobj_description";
  if (!strcmp(p->name, "pg_relation_size")) return "pgm_relation_size";   /* (regclass): the main fork */
  return NULL;
}

static void cat_fn_quote_ident(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  StrBuf b = STRBUF_INIT;
  cat_quote(&b, (const char *)sqlite3_value_text(argv[0]));
  cat_result_buf(ctx, &b);
}

const AdtFunc adt_catalog_funcs[] = {
  {"quote_ident", 1, ADT_STRICT, cat_fn_quote_ident},
  {"format_type", 2, 0, cat_fn_format_type},
  {"pg_get_expr", 2, ADT_STRICT, cat_fn_get_expr},
  {"pg_get_expr_ext", 3, ADT_STRICT, cat_fn_get_expr},
  {"pg_get_constraintdef", 1, ADT_STRICT, cat_fn_constraintdef},
  {"pg_get_constraintdef_ext", 2, ADT_STRICT, cat_fn_constraintdef},
  {"pg_get_indexdef", 1, ADT_STRICT, cat_fn_indexdef},
  {"pg_get_indexdef_ext", 3, ADT_STRICT, cat_fn_indexdef},
  {"pg_table_is_visible", 1, ADT_STRICT, cat_fn_table_is_visible},
  {"pg_type_is_visible", 1, ADT_STRICT, cat_fn_type_is_visible},
  {"has_table_privilege_name_name", 3, ADT_STRICT, cat_fn_true},
  {"has_table_privilege_name_id", 3, ADT_STRICT, cat_fn_true},
  {"has_table_privilege_id_name", 3, ADT_STRICT, cat_fn_true},
  {"has_table_privilege_id_id", 3, ADT_STRICT, cat_fn_true},
  {"has_table_privilege_name", 2, ADT_STRICT, cat_fn_true},
  {"has_table_privilege_id", 2, ADT_STRICT, cat_fn_true},
  {"has_schema_privilege_name_name", 3, ADT_STRICT, cat_fn_true},
  {"has_schema_privilege_name_id", 3, ADT_STRICT, cat_fn_true},
  {"has_schema_privilege_id_name", 3, ADT_STRICT, cat_fn_true},
  {"has_schema_privilege_id_id", 3, ADT_STRICT, cat_fn_true},
  {"has_schema_privilege_name", 2, ADT_STRICT, cat_fn_true},
  {"has_schema_privilege_id", 2, ADT_STRICT, cat_fn_true},
  {"pg_get_userbyid", 1, ADT_STRICT, cat_fn_userbyid},
  {"pgsql_version", 0, 0, cat_fn_version},
  {"current_database", 0, 0, cat_fn_current_database},
  {"current_schema", 0, 0, cat_fn_current_schema},
  {"PG_encoding_to_char", 1, ADT_STRICT, cat_fn_encoding_to_char},
  {"nameregexeq", 2, ADT_STRICT, cat_fn_nameregexeq},
  {"nameregexne", 2, ADT_STRICT, cat_fn_nameregexne},
  {"nameicregexeq", 2, ADT_STRICT, cat_fn_nameicregexeq},
  {"nameicregexne", 2, ADT_STRICT, cat_fn_nameicregexne},
  {"nameiclike", 2, ADT_STRICT, cat_fn_nameiclike},
  {"nameicnlike", 2, ADT_STRICT, cat_fn_nameicnlike},
  {"pg_get_triggerdef", 1, ADT_STRICT, cat_fn_null},
  {"pg_get_triggerdef_ext", 2, ADT_STRICT, cat_fn_null},
  {"pg_get_statisticsobjdef_columns", 1, ADT_STRICT, cat_fn_null},
  {"pg_relation_is_publishable", 1, ADT_STRICT, cat_fn_is_publishable},
  {"current_schemas", 1, ADT_STRICT, cat_fn_current_schemas},
  {"pg_my_temp_schema", 0, 0, cat_fn_my_temp_schema},
  {"pg_is_other_temp_schema", 1, ADT_STRICT, cat_fn_is_other_temp_schema},
  {"pg_function_is_visible", 1, ADT_STRICT, cat_fn_function_is_visible},
  {"pg_get_viewdef", 1, ADT_STRICT, cat_fn_viewdef},
  {"pg_get_ruledef", 1, ADT_STRICT, cat_fn_ruledef},
  {"pg_get_ruledef_ext", 2, ADT_STRICT, cat_fn_ruledef},
  {"pg_get_viewdef_ext", 2, ADT_STRICT, cat_fn_viewdef},
  {"pg_get_viewdef_wrap", 2, ADT_STRICT, cat_fn_viewdef_wrap},
  {"pg_get_viewdef_name", 1, ADT_STRICT, cat_fn_viewdef_name},
  {"pg_get_viewdef_name_ext", 2, ADT_STRICT, cat_fn_viewdef_name},
  {"pg_get_function_result", 1, ADT_STRICT, cat_fn_function_result},
  {"pg_get_function_arguments", 1, ADT_STRICT, cat_fn_function_arguments},
  {"pgm_obj_description", 1, ADT_STRICT, cat_fn_obj_description},
  {"pgm_shobj_description", 2, ADT_STRICT, cat_fn_shobj_description},
  {"pgm_obj_description", 2, ADT_STRICT, cat_fn_obj_description},
  {"pgm_col_description", 2, ADT_STRICT, cat_fn_col_description},
  {NULL, 0, 0, NULL},
};
