/*
** describe_table.c — \d NAME and \d+ NAME: one relation's columns and
** footers, as psql 15's describeTableDetails/describeOneTableDetails print
** them for a version 15 server.
**
** Every fact comes from psql's own catalog queries (pg_class, pg_attribute,
** pg_index, pg_constraint, pg_policy, pg_statistic_ext, pg_publication,
** pg_trigger, pg_inherits) sent through sh_hidden_query, so -E shows what
** psql sends and the output is psql's: the title ("Table \"public.t\""),
** the column table, then the footers (Indexes:, Check constraints:,
** Foreign-key constraints:, Referenced by:, View definition:, Access
** method: ...).  A query the engine cannot answer (a sequence needs
** pg_sequence) fails with the engine's error, as through psql.
*/
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "shell.h"

/* What the pg_class query says about the relation. */
typedef struct RelInfo {
  const char *oid, *schema, *name;
  int checks;
  char relkind;
  int hasindex, hasrules, hastriggers, rowsecurity, forcerowsecurity, ispartition;
  char *reloptions;
  char *tablespace;
  char *reloftype;
  char persistence, replident;
  char *am;       /* NULL for relations without an access method */
} RelInfo;

/* The table being printed and the pieces the footers add to. */
typedef struct Desc {
  Shell *sh;
  RelInfo ri;
  int verbose;
  Buf footers;
} Desc;

static int is_t(const Result *r, int row, int col) {
  return strcmp(sh_result_value(r, row, col), "t") == 0;
}

static int kind_in(char kind, const char *kinds) { return kind && strchr(kinds, kind) != NULL; }

static void footer(Desc *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void footer(Desc *d, const char *fmt, ...) {
  va_list ap;
  char *s = NULL;
  va_start(ap, fmt);
  if (vasprintf(&s, fmt, ap) < 0) s = NULL;
  va_end(ap);
  if (s) sh_buf_printf(&d->footers, "%s\n", s);
  free(s);
}

/* Run a footer query; NULL on failure (reported). */
static Result *query(Desc *d, Buf *q) {
  Result *r = sh_hidden_query(d->sh, q->data);
  sh_buf_free(q);
  return r;
}

/* ---- The relation ---- */

static int read_relinfo(Desc *d) {
  Buf q = {0};
  sh_buf_printf(&q,
                "SELECT c.relchecks, c.relkind, c.relhasindex, c.relhasrules, "
                "c.relhastriggers, c.relrowsecurity, c.relforcerowsecurity, false AS "
                "relhasoids, c.relispartition, %s, c.reltablespace, CASE WHEN c.reloftype = 0 "
                "THEN '' ELSE c.reloftype::pg_catalog.regtype::pg_catalog.text END, "
                "c.relpersistence, c.relreplident, am.amname\n"
                "FROM pg_catalog.pg_class c\n "
                "LEFT JOIN pg_catalog.pg_class tc ON (c.reltoastrelid = tc.oid)\n"
                "LEFT JOIN pg_catalog.pg_am am ON (c.relam = am.oid)\n"
                "WHERE c.oid = '%s';",
                d->verbose ? "pg_catalog.array_to_string(c.reloptions || array(select "
                             "'toast.' || x from pg_catalog.unnest(tc.reloptions) x), ', ')\n"
                           : "''",
                d->ri.oid);
  Result *r = query(d, &q);
  if (!r) return 0;
  if (r->nrows == 0) {
    if (!d->sh->quiet)
      sh_log_error(d->sh, "Did not find any relation with OID %s.", d->ri.oid);
    sh_result_free(r);
    return 0;
  }
  RelInfo *ri = &d->ri;
  ri->checks = atoi(sh_result_value(r, 0, 0));
  ri->relkind = *sh_result_value(r, 0, 1);
  ri->hasindex = is_t(r, 0, 2);
  ri->hasrules = is_t(r, 0, 3);
  ri->hastriggers = is_t(r, 0, 4);
  ri->rowsecurity = is_t(r, 0, 5);
  ri->forcerowsecurity = is_t(r, 0, 6);
  ri->ispartition = is_t(r, 0, 8);
  ri->reloptions = strdup(sh_result_value(r, 0, 9));
  ri->tablespace = strdup(sh_result_value(r, 0, 10));
  ri->reloftype = strdup(sh_result_value(r, 0, 11));
  ri->persistence = *sh_result_value(r, 0, 12);
  ri->replident = *sh_result_value(r, 0, 13);
  ri->am = sh_result_isnull(r, 0, 14) ? NULL : strdup(sh_result_value(r, 0, 14));
  sh_result_free(r);
  return 1;
}

static void relinfo_free(RelInfo *ri) {
  free(ri->reloptions);
  free(ri->tablespace);
  free(ri->reloftype);
  free(ri->am);
}

static const char *title_format(char kind, char persistence) {
  int unlogged = persistence == 'u';
  switch (kind) {
  case 'r': return unlogged ? "Unlogged table \"%s.%s\"" : "Table \"%s.%s\"";
  case 'v': return "View \"%s.%s\"";
  case 'm': return unlogged ? "Unlogged materialized view \"%s.%s\""
                            : "Materialized view \"%s.%s\"";
  case 'i': return unlogged ? "Unlogged index \"%s.%s\"" : "Index \"%s.%s\"";
  case 'I': return unlogged ? "Unlogged partitioned index \"%s.%s\""
                            : "Partitioned index \"%s.%s\"";
  case 't': return "TOAST table \"%s.%s\"";
  case 'c': return "Composite type \"%s.%s\"";
  case 'f': return "Foreign table \"%s.%s\"";
  case 'p': return unlogged ? "Unlogged partitioned table \"%s.%s\""
                            : "Partitioned table \"%s.%s\"";
  default: return "?%c? \"%s.%s\"";
  }
}

/* ---- Columns ---- */

/* Which optional columns the column query and the table have, and where
** each one is in the query's result (-1: absent). */
typedef struct Cols {
  int details;       /* Collation, Nullable, Default */
  int index;         /* Key?, Definition */
  int fdw;           /* FDW options */
  int storage, compression, stattarget, description;
  int n;             /* columns of the query */
} Cols;

static void plan_columns(const Desc *d, Cols *c) {
  char k = d->ri.relkind;
  memset(c, -1, sizeof *c);
  c->n = 2;
  if (kind_in(k, "rpvmfc")) { c->details = c->n; c->n += 5; }
  if (kind_in(k, "iI")) { c->index = c->n; c->n += 2; }
  if (k == 'f') c->fdw = c->n++;
  if (!d->verbose) return;
  c->storage = c->n++;
  if (kind_in(k, "rpm") && !sh_var_is_on(d->sh, "HIDE_TOAST_COMPRESSION"))
    c->compression = c->n++;
  if (kind_in(k, "riImfp")) c->stattarget = c->n++;
  if (kind_in(k, "rvmfpc")) c->description = c->n++;
}

static void column_query(const Desc *d, const Cols *c, Buf *q) {
  sh_buf_puts(q, "SELECT a.attname,\n  pg_catalog.format_type(a.atttypid, a.atttypmod)");
  if (c->details >= 0)
    sh_buf_puts(q, ",\n  (SELECT pg_catalog.pg_get_expr(d.adbin, d.adrelid, true)\n"
                   "   FROM pg_catalog.pg_attrdef d\n"
                   "   WHERE d.adrelid = a.attrelid AND d.adnum = a.attnum AND a.atthasdef),\n"
                   "  a.attnotnull,\n"
                   "  (SELECT c.collname FROM pg_catalog.pg_collation c, pg_catalog.pg_type t\n"
                   "   WHERE c.oid = a.attcollation AND t.oid = a.atttypid AND a.attcollation "
                   "<> t.typcollation) AS attcollation,\n"
                   "  a.attidentity,\n  a.attgenerated");
  if (c->index >= 0)
    sh_buf_printf(q, ",\n  CASE WHEN a.attnum <= (SELECT i.indnkeyatts FROM "
                     "pg_catalog.pg_index i WHERE i.indexrelid = '%s') THEN 'yes' ELSE 'no' END "
                     "AS is_key,\n  pg_catalog.pg_get_indexdef(a.attrelid, a.attnum, TRUE) AS "
                     "indexdef",
                  d->ri.oid);
  if (c->fdw >= 0)
    sh_buf_puts(q, ",\n  CASE WHEN attfdwoptions IS NULL THEN '' ELSE   '(' || "
                   "pg_catalog.array_to_string(ARRAY(SELECT "
                   "pg_catalog.quote_ident(option_name) || ' ' || "
                   "pg_catalog.quote_literal(option_value)  FROM "
                   "pg_catalog.pg_options_to_table(attfdwoptions)), ', ') || ')' END AS "
                   "attfdwoptions");
  if (c->storage >= 0) sh_buf_puts(q, ",\n  a.attstorage");
  if (c->compression >= 0) sh_buf_puts(q, ",\n  a.attcompression AS attcompression");
  if (c->stattarget >= 0)
    sh_buf_puts(q, ",\n  CASE WHEN a.attstattarget=-1 THEN NULL ELSE a.attstattarget END AS "
                   "attstattarget");
  if (c->description >= 0)
    sh_buf_puts(q, ",\n  pg_catalog.col_description(a.attrelid, a.attnum)");
  sh_buf_printf(q, "\nFROM pg_catalog.pg_attribute a\nWHERE a.attrelid = '%s' AND a.attnum > 0 "
                   "AND NOT a.attisdropped\nORDER BY a.attnum;",
                d->ri.oid);
}

static void set_headers(Table *t, const Cols *c) {
  int j = 0;
  sh_table_set_header(t, j++, "Column", 'l');
  sh_table_set_header(t, j++, "Type", 'l');
  if (c->details >= 0) {
    sh_table_set_header(t, j++, "Collation", 'l');
    sh_table_set_header(t, j++, "Nullable", 'l');
    sh_table_set_header(t, j++, "Default", 'l');
  }
  if (c->index >= 0) {
    sh_table_set_header(t, j++, "Key?", 'l');
    sh_table_set_header(t, j++, "Definition", 'l');
  }
  if (c->fdw >= 0) sh_table_set_header(t, j++, "FDW options", 'l');
  if (c->storage >= 0) sh_table_set_header(t, j++, "Storage", 'l');
  if (c->compression >= 0) sh_table_set_header(t, j++, "Compression", 'l');
  if (c->stattarget >= 0) sh_table_set_header(t, j++, "Stats target", 'l');
  if (c->description >= 0) sh_table_set_header(t, j++, "Description", 'l');
}

static int table_width(const Cols *c) {
  return 2 + (c->details >= 0 ? 3 : 0) + (c->index >= 0 ? 2 : 0) + (c->fdw >= 0) +
         (c->storage >= 0) + (c->compression >= 0) + (c->stattarget >= 0) +
         (c->description >= 0);
}

/* The Default cell: identity and generated columns say so. */
static void add_default(Table *t, const Result *r, int i, int base) {
  const char *identity = sh_result_value(r, i, base + 3);
  const char *generated = sh_result_value(r, i, base + 4);
  if (*identity == 'a') {
    sh_table_add_cell(t, "generated always as identity");
  } else if (*identity == 'd') {
    sh_table_add_cell(t, "generated by default as identity");
  } else if (*generated == 's') {
    Buf b = {0};
    sh_buf_printf(&b, "generated always as (%s) stored", sh_result_value(r, i, base));
    sh_table_add_cell(t, b.data);
    sh_buf_free(&b);
  } else {
    sh_table_add_cell(t, sh_result_value(r, i, base));
  }
}

static const char *storage_name(const char *s) {
  switch (*s) {
  case 'p': return "plain";
  case 'm': return "main";
  case 'x': return "extended";
  case 'e': return "external";
  default: return "???";
  }
}

static void add_column_row(Table *t, const Cols *c, const Result *r, int i) {
  sh_table_add_cell(t, sh_result_value(r, i, 0));
  sh_table_add_cell(t, sh_result_value(r, i, 1));
  if (c->details >= 0) {
    sh_table_add_cell(t, sh_result_value(r, i, c->details + 2));
    sh_table_add_cell(t, is_t(r, i, c->details + 1) ? "not null" : "");
    add_default(t, r, i, c->details);
  }
  if (c->index >= 0) {
    sh_table_add_cell(t, sh_result_value(r, i, c->index));
    sh_table_add_cell(t, sh_result_value(r, i, c->index + 1));
  }
  if (c->fdw >= 0) sh_table_add_cell(t, sh_result_value(r, i, c->fdw));
  if (c->storage >= 0) sh_table_add_cell(t, storage_name(sh_result_value(r, i, c->storage)));
  if (c->compression >= 0) {
    const char *m = sh_result_value(r, i, c->compression);
    sh_table_add_cell(t, *m == 'p' ? "pglz" : *m == 'l' ? "lz4" : "");
  }
  if (c->stattarget >= 0) sh_table_add_cell(t, sh_result_value(r, i, c->stattarget));
  if (c->description >= 0) sh_table_add_cell(t, sh_result_value(r, i, c->description));
}

/* ---- Footers ---- */

/* add_tablespace_footer: only relations outside the default tablespace. */
static int tablespace_footer(Desc *d, const char *tablespace, int newline) {
  if (!kind_in(d->ri.relkind, "rmiIpt") || strcmp(tablespace, "0") == 0 || !*tablespace)
    return 1;
  Buf q = {0};
  sh_buf_printf(&q, "SELECT spcname FROM pg_catalog.pg_tablespace\nWHERE oid = '%s';",
                tablespace);
  Result *r = query(d, &q);
  if (!r) return 0;
  if (r->nrows > 0) {
    if (newline) {
      footer(d, "Tablespace: \"%s\"", sh_result_value(r, 0, 0));
    } else if (d->footers.len > 0) {
      /* on the same line as the index entry just added */
      d->footers.data[--d->footers.len] = '\0';
      footer(d, ", tablespace \"%s\"", sh_result_value(r, 0, 0));
    }
  }
  sh_result_free(r);
  return 1;
}

static int index_footer(Desc *d) {
  Buf q = {0};
  sh_buf_printf(&q,
                "SELECT i.indisunique, i.indisprimary, i.indisclustered, i.indisvalid,\n"
                "  (NOT i.indimmediate) AND EXISTS (SELECT 1 FROM pg_catalog.pg_constraint "
                "WHERE conrelid = i.indrelid AND conindid = i.indexrelid AND contype IN "
                "('p','u','x') AND condeferrable) AS condeferrable,\n"
                "  (NOT i.indimmediate) AND EXISTS (SELECT 1 FROM pg_catalog.pg_constraint "
                "WHERE conrelid = i.indrelid AND conindid = i.indexrelid AND contype IN "
                "('p','u','x') AND condeferred) AS condeferred,\n"
                "i.indisreplident,\ni.indnullsnotdistinct,\n"
                "  a.amname, c2.relname, pg_catalog.pg_get_expr(i.indpred, i.indrelid, true)\n"
                "FROM pg_catalog.pg_index i, pg_catalog.pg_class c, pg_catalog.pg_class c2, "
                "pg_catalog.pg_am a\n"
                "WHERE i.indexrelid = c.oid AND c.oid = '%s' AND c.relam = a.oid\n"
                "AND i.indrelid = c2.oid;",
                d->ri.oid);
  Result *r = query(d, &q);
  if (!r) return 0;
  if (r->nrows == 1) {
    Buf b = {0};
    if (is_t(r, 0, 1)) {
      sh_buf_puts(&b, "primary key, ");
    } else if (is_t(r, 0, 0)) {
      sh_buf_puts(&b, "unique");
      if (is_t(r, 0, 7)) sh_buf_puts(&b, " nulls not distinct");
      sh_buf_puts(&b, ", ");
    }
    sh_buf_printf(&b, "%s, for table \"%s.%s\"", sh_result_value(r, 0, 8), d->ri.schema,
                  sh_result_value(r, 0, 9));
    if (*sh_result_value(r, 0, 10)) sh_buf_printf(&b, ", predicate (%s)", sh_result_value(r, 0, 10));
    if (is_t(r, 0, 2)) sh_buf_puts(&b, ", clustered");
    if (!is_t(r, 0, 3)) sh_buf_puts(&b, ", invalid");
    if (is_t(r, 0, 4)) sh_buf_puts(&b, ", deferrable");
    if (is_t(r, 0, 5)) sh_buf_puts(&b, ", initially deferred");
    if (is_t(r, 0, 6)) sh_buf_puts(&b, ", replica identity");
    footer(d, "%s", b.data);
    sh_buf_free(&b);
  }
  sh_result_free(r);
  return d->ri.relkind != 'i' || tablespace_footer(d, d->ri.tablespace, 1);
}

/* One "Indexes:" entry: name, PRIMARY KEY/UNIQUE, what follows USING. */
static void index_entry(Desc *d, const Result *r, int i) {
  Buf b = {0};
  sh_buf_printf(&b, "    \"%s\"", sh_result_value(r, i, 0));
  if (strcmp(sh_result_value(r, i, 7), "x") == 0) {
    sh_buf_printf(&b, " %s", sh_result_value(r, i, 6));
  } else {
    if (is_t(r, i, 1))
      sh_buf_puts(&b, " PRIMARY KEY,");
    else if (is_t(r, i, 2))
      sh_buf_puts(&b, strcmp(sh_result_value(r, i, 7), "u") == 0 ? " UNIQUE CONSTRAINT,"
                                                                  : " UNIQUE,");
    const char *def = sh_result_value(r, i, 5), *using = strstr(def, " USING ");
    sh_buf_printf(&b, " %s", using ? using + 7 : def);
    if (is_t(r, i, 8)) sh_buf_puts(&b, " DEFERRABLE");
    if (is_t(r, i, 9)) sh_buf_puts(&b, " INITIALLY DEFERRED");
  }
  if (is_t(r, i, 3)) sh_buf_puts(&b, " CLUSTER");
  if (!is_t(r, i, 4)) sh_buf_puts(&b, " INVALID");
  if (is_t(r, i, 10)) sh_buf_puts(&b, " REPLICA IDENTITY");
  footer(d, "%s", b.data);
  sh_buf_free(&b);
}

static int indexes_footer(Desc *d) {
  if (!d->ri.hasindex) return 1;
  Buf q = {0};
  sh_buf_printf(&q,
                "SELECT c2.relname, i.indisprimary, i.indisunique, i.indisclustered, "
                "i.indisvalid, pg_catalog.pg_get_indexdef(i.indexrelid, 0, true),\n"
                "  pg_catalog.pg_get_constraintdef(con.oid, true), contype, condeferrable, "
                "condeferred, i.indisreplident, c2.reltablespace\n"
                "FROM pg_catalog.pg_class c, pg_catalog.pg_class c2, pg_catalog.pg_index i\n"
                "  LEFT JOIN pg_catalog.pg_constraint con ON (conrelid = i.indrelid AND "
                "conindid = i.indexrelid AND contype IN ('p','u','x'))\n"
                "WHERE c.oid = '%s' AND c.oid = i.indrelid AND i.indexrelid = c2.oid\n"
                "ORDER BY i.indisprimary DESC, c2.relname;",
                d->ri.oid);
  Result *r = query(d, &q);
  if (!r) return 0;
  int ok = 1;
  if (r->nrows > 0) footer(d, "Indexes:");
  for (int i = 0; i < r->nrows && ok; i++) {
    index_entry(d, r, i);
    ok = tablespace_footer(d, sh_result_value(r, i, 11), 0);
  }
  sh_result_free(r);
  return ok;
}

/* A footer section of "    "-indented lines, each built by fmt from the
** row's columns a and b: "Check constraints:" and the like. */
static int simple_section(Desc *d, Buf *q, const char *heading, const char *fmt, int a,
                          int b) {
  Result *r = query(d, q);
  if (!r) return 0;
  if (r->nrows > 0) footer(d, "%s", heading);
  for (int i = 0; i < r->nrows; i++)
    footer(d, fmt, sh_result_value(r, i, a), sh_result_value(r, i, b));
  sh_result_free(r);
  return 1;
}

static int checks_footer(Desc *d) {
  if (!d->ri.checks) return 1;
  Buf q = {0};
  sh_buf_printf(&q, "SELECT r.conname, pg_catalog.pg_get_constraintdef(r.oid, true)\n"
                    "FROM pg_catalog.pg_constraint r\n"
                    "WHERE r.conrelid = '%s' AND r.contype = 'c'\nORDER BY 1;",
                d->ri.oid);
  return simple_section(d, &q, "Check constraints:", "    \"%s\" %s", 0, 1);
}

static int foreign_keys_footer(Desc *d) {
  if (!d->ri.hastriggers && d->ri.relkind != 'p') return 1;
  Buf q = {0};
  sh_buf_printf(&q, "SELECT true as sametable, conname,\n"
                    "  pg_catalog.pg_get_constraintdef(r.oid, true) as condef,\n"
                    "  conrelid::pg_catalog.regclass AS ontable\n"
                    "FROM pg_catalog.pg_constraint r\n"
                    "WHERE r.conrelid = '%s' AND r.contype = 'f'\n"
                    "     AND conparentid = 0\nORDER BY conname",
                d->ri.oid);
  return simple_section(d, &q, "Foreign-key constraints:", "    \"%s\" %s", 1, 2);
}

static int referenced_by_footer(Desc *d) {
  if (!d->ri.hastriggers && d->ri.relkind != 'p') return 1;
  Buf q = {0};
  sh_buf_printf(&q, "SELECT conname, conrelid::pg_catalog.regclass AS ontable,\n"
                    "       pg_catalog.pg_get_constraintdef(oid, true) AS condef\n"
                    "  FROM pg_catalog.pg_constraint c\n"
                    " WHERE confrelid IN (SELECT pg_catalog.pg_partition_ancestors('%s')\n"
                    "                     UNION ALL VALUES ('%s'::pg_catalog.regclass))\n"
                    "       AND contype = 'f' AND conparentid = 0\nORDER BY conname;",
                d->ri.oid, d->ri.oid);
  Result *r = query(d, &q);
  if (!r) return 0;
  if (r->nrows > 0) footer(d, "Referenced by:");
  for (int i = 0; i < r->nrows; i++)
    footer(d, "    TABLE \"%s\" CONSTRAINT \"%s\" %s", sh_result_value(r, i, 1),
           sh_result_value(r, i, 0), sh_result_value(r, i, 2));
  sh_result_free(r);
  return 1;
}

static void policy_entry(Desc *d, const Result *r, int i) {
  Buf b = {0};
  sh_buf_printf(&b, "    POLICY \"%s\"", sh_result_value(r, i, 0));
  if (*sh_result_value(r, i, 1) == 'f') sh_buf_puts(&b, " AS RESTRICTIVE");
  if (!sh_result_isnull(r, i, 5)) sh_buf_printf(&b, " FOR %s", sh_result_value(r, i, 5));
  if (!sh_result_isnull(r, i, 2)) sh_buf_printf(&b, "\n      TO %s", sh_result_value(r, i, 2));
  if (!sh_result_isnull(r, i, 3)) sh_buf_printf(&b, "\n      USING (%s)", sh_result_value(r, i, 3));
  if (!sh_result_isnull(r, i, 4))
    sh_buf_printf(&b, "\n      WITH CHECK (%s)", sh_result_value(r, i, 4));
  footer(d, "%s", b.data);
  sh_buf_free(&b);
}

static int policies_footer(Desc *d) {
  Buf q = {0};
  sh_buf_printf(&q,
                "SELECT pol.polname, pol.polpermissive,\n"
                "  CASE WHEN pol.polroles = '{0}' THEN NULL ELSE "
                "pg_catalog.array_to_string(array(select rolname from pg_catalog.pg_roles where "
                "oid = any (pol.polroles) order by 1),',') END,\n"
                "  pg_catalog.pg_get_expr(pol.polqual, pol.polrelid),\n"
                "  pg_catalog.pg_get_expr(pol.polwithcheck, pol.polrelid),\n"
                "  CASE pol.polcmd\n    WHEN 'r' THEN 'SELECT'\n    WHEN 'a' THEN 'INSERT'\n"
                "    WHEN 'w' THEN 'UPDATE'\n    WHEN 'd' THEN 'DELETE'\n    END AS cmd\n"
                "FROM pg_catalog.pg_policy pol\nWHERE pol.polrelid = '%s' ORDER BY 1;",
                d->ri.oid);
  Result *r = query(d, &q);
  if (!r) return 0;
  const RelInfo *ri = &d->ri;
  if (ri->rowsecurity && !ri->forcerowsecurity && r->nrows > 0) footer(d, "Policies:");
  if (ri->rowsecurity && ri->forcerowsecurity && r->nrows > 0)
    footer(d, "Policies (forced row security enabled):");
  if (ri->rowsecurity && !ri->forcerowsecurity && r->nrows == 0)
    footer(d, "Policies (row security enabled): (none)");
  if (ri->rowsecurity && ri->forcerowsecurity && r->nrows == 0)
    footer(d, "Policies (forced row security enabled): (none)");
  if (!ri->rowsecurity && r->nrows > 0) footer(d, "Policies (row security disabled):");
  for (int i = 0; i < r->nrows; i++) policy_entry(d, r, i);
  sh_result_free(r);
  return 1;
}

static void statistics_entry(Desc *d, const Result *r, int i) {
  int nd = is_t(r, i, 5), dep = is_t(r, i, 6), mcv = is_t(r, i, 7);
  Buf b = {0};
  sh_buf_printf(&b, "    \"%s.%s\"", sh_result_value(r, i, 2), sh_result_value(r, i, 3));
  if ((nd || dep || mcv) && !(nd && dep && mcv)) {
    const char *sep = "";
    sh_buf_puts(&b, " (");
    if (nd) { sh_buf_puts(&b, "ndistinct"); sep = ", "; }
    if (dep) { sh_buf_printf(&b, "%sdependencies", sep); sep = ", "; }
    if (mcv) sh_buf_printf(&b, "%smcv", sep);
    sh_buf_putc(&b, ')');
  }
  sh_buf_printf(&b, " ON %s FROM %s", sh_result_value(r, i, 4), sh_result_value(r, i, 1));
  if (strcmp(sh_result_value(r, i, 8), "-1") != 0)
    sh_buf_printf(&b, "; STATISTICS %s", sh_result_value(r, i, 8));
  footer(d, "%s", b.data);
  sh_buf_free(&b);
}

static int statistics_footer(Desc *d) {
  Buf q = {0};
  sh_buf_printf(&q,
                "SELECT oid, stxrelid::pg_catalog.regclass, "
                "stxnamespace::pg_catalog.regnamespace::pg_catalog.text AS nsp, stxname,\n"
                "pg_catalog.pg_get_statisticsobjdef_columns(oid) AS columns,\n"
                "  'd' = any(stxkind) AS ndist_enabled,\n"
                "  'f' = any(stxkind) AS deps_enabled,\n"
                "  'm' = any(stxkind) AS mcv_enabled,\nstxstattarget\n"
                "FROM pg_catalog.pg_statistic_ext\nWHERE stxrelid = '%s'\n"
                "ORDER BY nsp, stxname;",
                d->ri.oid);
  Result *r = query(d, &q);
  if (!r) return 0;
  if (r->nrows > 0) footer(d, "Statistics objects:");
  for (int i = 0; i < r->nrows; i++) statistics_entry(d, r, i);
  sh_result_free(r);
  return 1;
}

static int publications_footer(Desc *d) {
  if (!kind_in(d->ri.relkind, "rp")) return 1;
  const char *o = d->ri.oid;
  Buf q = {0};
  sh_buf_printf(&q,
                "SELECT pubname\n     , NULL\n     , NULL\n"
                "FROM pg_catalog.pg_publication p\n"
                "     JOIN pg_catalog.pg_publication_namespace pn ON p.oid = pn.pnpubid\n"
                "     JOIN pg_catalog.pg_class pc ON pc.relnamespace = pn.pnnspid\n"
                "WHERE pc.oid ='%s' and pg_catalog.pg_relation_is_publishable('%s')\n"
                "UNION\n"
                "SELECT pubname\n     , pg_get_expr(pr.prqual, c.oid)\n"
                "     , (CASE WHEN pr.prattrs IS NOT NULL THEN\n"
                "         (SELECT string_agg(attname, ', ')\n"
                "           FROM pg_catalog.generate_series(0, "
                "pg_catalog.array_upper(pr.prattrs::pg_catalog.int2[], 1)) s,\n"
                "                pg_catalog.pg_attribute\n"
                "          WHERE attrelid = pr.prrelid AND attnum = prattrs[s])\n"
                "        ELSE NULL END) FROM pg_catalog.pg_publication p\n"
                "     JOIN pg_catalog.pg_publication_rel pr ON p.oid = pr.prpubid\n"
                "     JOIN pg_catalog.pg_class c ON c.oid = pr.prrelid\n"
                "WHERE pr.prrelid = '%s'\n"
                "UNION\n"
                "SELECT pubname\n     , NULL\n     , NULL\n"
                "FROM pg_catalog.pg_publication p\n"
                "WHERE p.puballtables AND pg_catalog.pg_relation_is_publishable('%s')\n"
                "ORDER BY 1;",
                o, o, o, o);
  Result *r = query(d, &q);
  if (!r) return 0;
  if (r->nrows > 0) footer(d, "Publications:");
  for (int i = 0; i < r->nrows; i++) {
    Buf b = {0};
    sh_buf_printf(&b, "    \"%s\"", sh_result_value(r, i, 0));
    if (!sh_result_isnull(r, i, 2)) sh_buf_printf(&b, " (%s)", sh_result_value(r, i, 2));
    if (!sh_result_isnull(r, i, 1)) sh_buf_printf(&b, " WHERE %s", sh_result_value(r, i, 1));
    footer(d, "%s", b.data);
    sh_buf_free(&b);
  }
  sh_result_free(r);
  return 1;
}

/* Rules of a table, grouped by ev_enabled as psql groups them. */
static int table_rules_footer(Desc *d) {
  if (!d->ri.hasrules || d->ri.relkind == 'm') return 1;
  static const struct { const char *enabled, *heading; } groups[] = {
      {"O", "Rules:"}, {"D", "Disabled rules:"}, {"A", "Rules firing always:"},
      {"R", "Rules firing on replica only:"}};
  Buf q = {0};
  sh_buf_printf(&q, "SELECT r.rulename, trim(trailing ';' from pg_catalog.pg_get_ruledef(r.oid, "
                    "true)), ev_enabled\nFROM pg_catalog.pg_rewrite r\n"
                    "WHERE r.ev_class = '%s' ORDER BY 1;",
                d->ri.oid);
  Result *r = query(d, &q);
  if (!r) return 0;
  for (size_t g = 0; g < sizeof groups / sizeof groups[0]; g++) {
    int heading = 0;
    for (int i = 0; i < r->nrows; i++) {
      if (strcmp(sh_result_value(r, i, 2), groups[g].enabled) != 0) continue;
      if (!heading++) footer(d, "%s", groups[g].heading);
      footer(d, "    %s", sh_result_value(r, i, 1));
    }
  }
  sh_result_free(r);
  return 1;
}

/* The footers of tables, materialized views, foreign and TOAST tables. */
static int table_footers(Desc *d) {
  return indexes_footer(d) && checks_footer(d) && foreign_keys_footer(d) &&
         referenced_by_footer(d) && policies_footer(d) && statistics_footer(d) &&
         table_rules_footer(d) && publications_footer(d);
}

static int view_footers(Desc *d) {
  Buf q = {0};
  sh_buf_printf(&q, "SELECT pg_catalog.pg_get_viewdef('%s'::pg_catalog.oid, true);", d->ri.oid);
  Result *r = query(d, &q);
  if (!r) return 0;
  if (r->nrows > 0) {
    footer(d, "View definition:");
    footer(d, "%s", sh_result_value(r, 0, 0));
  }
  sh_result_free(r);
  if (!d->ri.hasrules || d->ri.relkind != 'v') return 1;
  sh_buf_printf(&q, "SELECT r.rulename, trim(trailing ';' from pg_catalog.pg_get_ruledef(r.oid, "
                    "true))\nFROM pg_catalog.pg_rewrite r\n"
                    "WHERE r.ev_class = '%s' AND r.rulename != '_RETURN' ORDER BY 1;",
                d->ri.oid);
  r = query(d, &q);
  if (!r) return 0;
  if (r->nrows > 0) footer(d, "Rules:");
  for (int i = 0; i < r->nrows; i++)
    footer(d, " %s", sh_result_value(r, i, 1));
  sh_result_free(r);
  return 1;
}

/* Which trigger group (0-4) a row belongs to, as psql groups them. */
static int trigger_in_group(const Result *r, int i, int group) {
  char en = *sh_result_value(r, i, 2), internal = *sh_result_value(r, i, 3);
  switch (group) {
  case 0: return en == 'O' || en == 't';
  case 1: return (en == 'D' || en == 'f') && internal == 'f';
  case 2: return (en == 'D' || en == 'f') && internal == 't';
  case 3: return en == 'A';
  default: return en == 'R';
  }
}

static int triggers_footer(Desc *d) {
  if (!d->ri.hastriggers) return 1;
  static const char *const headings[] = {"Triggers:", "Disabled user triggers:",
                                         "Disabled internal triggers:",
                                         "Triggers firing always:",
                                         "Triggers firing on replica only:"};
  Buf q = {0};
  sh_buf_printf(&q,
                "SELECT t.tgname, pg_catalog.pg_get_triggerdef(t.oid, true), t.tgenabled, "
                "t.tgisinternal,\n"
                "  CASE WHEN t.tgparentid != 0 THEN\n"
                "    (SELECT u.tgrelid::pg_catalog.regclass\n"
                "     FROM pg_catalog.pg_trigger AS u,\n"
                "          pg_catalog.pg_partition_ancestors(t.tgrelid) WITH ORDINALITY AS "
                "a(relid, depth)\n"
                "     WHERE u.tgname = t.tgname AND u.tgrelid = a.relid\n"
                "           AND u.tgparentid = 0\n"
                "     ORDER BY a.depth LIMIT 1)\n"
                "  END AS parent\n"
                "FROM pg_catalog.pg_trigger t\n"
                "WHERE t.tgrelid = '%s' AND (NOT t.tgisinternal OR (t.tgisinternal AND "
                "t.tgenabled = 'D'))\nORDER BY 1;",
                d->ri.oid);
  Result *r = query(d, &q);
  if (!r) return 0;
  for (int g = 0; g < 5; g++) {
    int heading = 0;
    for (int i = 0; i < r->nrows; i++) {
      if (!trigger_in_group(r, i, g)) continue;
      if (!heading++) footer(d, "%s", headings[g]);
      const char *def = sh_result_value(r, i, 1), *after = strstr(def, " TRIGGER ");
      Buf b = {0};
      sh_buf_printf(&b, "    %s", after ? after + 9 : def);
      if (!sh_result_isnull(r, i, 4)) sh_buf_printf(&b, ", ON TABLE %s", sh_result_value(r, i, 4));
      footer(d, "%s", b.data);
      sh_buf_free(&b);
    }
  }
  sh_result_free(r);
  return 1;
}

/* "Inherits: a," / "          b": later lines indented under the first. */
static void listed_footer(Desc *d, const char *label, int i, int n, const char *item,
                          const char *extra) {
  Buf b = {0};
  if (i == 0) sh_buf_printf(&b, "%s: %s", label, item);
  else sh_buf_printf(&b, "%*s  %s", (int)strlen(label), "", item);
  sh_buf_puts(&b, extra);
  if (i < n - 1) sh_buf_putc(&b, ',');
  footer(d, "%s", b.data);
  sh_buf_free(&b);
}

static int inherits_footer(Desc *d) {
  Buf q = {0};
  sh_buf_printf(&q, "SELECT c.oid::pg_catalog.regclass\n"
                    "FROM pg_catalog.pg_class c, pg_catalog.pg_inherits i\n"
                    "WHERE c.oid = i.inhparent AND i.inhrelid = '%s'\n"
                    "  AND c.relkind != 'p' AND c.relkind != 'I'\nORDER BY inhseqno;",
                d->ri.oid);
  Result *r = query(d, &q);
  if (!r) return 0;
  for (int i = 0; i < r->nrows; i++)
    listed_footer(d, "Inherits", i, r->nrows, sh_result_value(r, i, 0), "");
  sh_result_free(r);
  return 1;
}

static void child_entry(Desc *d, const Result *r, int i, const char *label) {
  Buf extra = {0};
  char kind = *sh_result_value(r, i, 1);
  sh_buf_puts(&extra, "");
  if (!sh_result_isnull(r, i, 3)) sh_buf_printf(&extra, " %s", sh_result_value(r, i, 3));
  if (kind == 'p' || kind == 'I') sh_buf_puts(&extra, ", PARTITIONED");
  else if (kind == 'f') sh_buf_puts(&extra, ", FOREIGN");
  if (is_t(r, i, 2)) sh_buf_puts(&extra, " (DETACH PENDING)");
  listed_footer(d, label, i, r->nrows, sh_result_value(r, i, 0), extra.data);
  sh_buf_free(&extra);
}

static int children_footer(Desc *d) {
  Buf q = {0};
  sh_buf_printf(&q, "SELECT c.oid::pg_catalog.regclass, c.relkind, inhdetachpending, "
                    "pg_catalog.pg_get_expr(c.relpartbound, c.oid)\n"
                    "FROM pg_catalog.pg_class c, pg_catalog.pg_inherits i\n"
                    "WHERE c.oid = i.inhrelid AND i.inhparent = '%s'\n"
                    "ORDER BY pg_catalog.pg_get_expr(c.relpartbound, c.oid) = 'DEFAULT', "
                    "c.oid::pg_catalog.regclass::pg_catalog.text;",
                d->ri.oid);
  Result *r = query(d, &q);
  if (!r) return 0;
  int parted = kind_in(d->ri.relkind, "pI");
  if (!d->verbose && r->nrows > 0)
    footer(d, parted ? "Number of partitions: %d (Use \\d+ to list them.)"
                     : "Number of child tables: %d (Use \\d+ to list them.)",
           r->nrows);
  else if (!d->verbose && parted)
    footer(d, "Number of partitions: %d", r->nrows);
  for (int i = 0; d->verbose && i < r->nrows; i++)
    child_entry(d, r, i, parted ? "Partitions" : "Child tables");
  sh_result_free(r);
  return 1;
}

static void closing_footers(Desc *d) {
  const RelInfo *ri = &d->ri;
  if (*ri->reloftype) footer(d, "Typed table of type: %s", ri->reloftype);
  if (d->verbose && kind_in(ri->relkind, "rm") && ri->replident != 'i' &&
      ((strcmp(ri->schema, "pg_catalog") != 0 && ri->replident != 'd') ||
       (strcmp(ri->schema, "pg_catalog") == 0 && ri->replident != 'n')))
    footer(d, "Replica Identity: %s",
           ri->replident == 'f' ? "FULL" : ri->replident == 'n' ? "NOTHING" : "???");
  if (d->verbose && ri->am && !sh_var_is_on(d->sh, "HIDE_TABLEAM"))
    footer(d, "Access method: %s", ri->am);
}

static int all_footers(Desc *d) {
  char k = d->ri.relkind;
  int tableish = kind_in(k, "rmfpIt");
  if (kind_in(k, "iI") && !index_footer(d)) return 0;
  if (tableish && k != 'I' && !table_footers(d)) return 0;
  if (kind_in(k, "vm") && d->verbose && !view_footers(d)) return 0;
  if (!triggers_footer(d)) return 0;
  if (tableish) {
    if (!inherits_footer(d) || !children_footer(d)) return 0;
    closing_footers(d);
    if (!tablespace_footer(d, d->ri.tablespace, 1)) return 0;
  }
  if (d->verbose && *d->ri.reloptions) footer(d, "Options: %s", d->ri.reloptions);
  return 1;
}

/* ---- One relation ---- */

static void print_description(Desc *d, const Cols *c, const Result *cols) {
  Table t;
  Buf title = {0};
  sh_buf_printf(&title, title_format(d->ri.relkind, d->ri.persistence), d->ri.schema,
                d->ri.name);
  sh_table_init(&t, table_width(c));
  t.title = title.data;
  t.default_footer = 0;
  set_headers(&t, c);
  for (int i = 0; i < cols->nrows; i++) add_column_row(&t, c, cols, i);
  if (d->footers.len) sh_buf_append(&t.footers, d->footers.data, d->footers.len);
  PrintOpt opt = d->sh->popt;
  opt.expanded = 0; /* psql never shows a relation's description expanded */
  sh_print_table(&t, &opt, stdout);
  sh_table_free(&t);
  sh_buf_free(&title);
}

/* Parts psql prints that the engine cannot have: refused by name rather
** than printed without them. */
static int unsupported(Desc *d) {
  const char *what = d->ri.relkind == 'S'   ? NULL
                     : d->ri.ispartition    ? "partitions"
                     : d->ri.relkind == 'p' ? "partitioned tables"
                     : d->ri.relkind == 'I' ? "partitioned indexes"
                     : d->ri.relkind == 'f' ? "foreign tables"
                                            : NULL;
  if (what) sh_log_error(d->sh, "\\d of %s is not supported by pgmicro", what);
  return what != NULL;
}

/* A sequence: psql's two queries (pg_sequence, then the column that owns
** it through pg_depend) and psql's layout: one row, "Owned by:" or
** "Sequence for identity column:" below. */
static int sequence_owner(Desc *d, Buf *footers) {
  Buf q = {0};
  sh_buf_printf(&q,
                "SELECT pg_catalog.quote_ident(nspname) || '.' ||\n"
                "   pg_catalog.quote_ident(relname) || '.' ||\n"
                "   pg_catalog.quote_ident(attname),\n"
                "   d.deptype\n"
                "FROM pg_catalog.pg_class c\n"
                "INNER JOIN pg_catalog.pg_depend d ON c.oid=d.refobjid\n"
                "INNER JOIN pg_catalog.pg_namespace n ON n.oid=c.relnamespace\n"
                "INNER JOIN pg_catalog.pg_attribute a ON (\n"
                " a.attrelid=c.oid AND\n"
                " a.attnum=d.refobjsubid)\n"
                "WHERE d.classid='pg_catalog.pg_class'::pg_catalog.regclass\n"
                " AND d.refclassid='pg_catalog.pg_class'::pg_catalog.regclass\n"
                " AND d.objid='%s'\n"
                " AND d.deptype IN ('a', 'i')",
                d->ri.oid);
  Result *r = query(d, &q);
  if (!r) return 0;
  if (r->nrows == 1)
    sh_buf_printf(footers, "%s: %s\n",
                  strcmp(sh_result_value(r, 0, 1), "i") == 0 ? "Sequence for identity column" : "Owned by",
                  sh_result_value(r, 0, 0));
  sh_result_free(r);
  return 1;
}

static int describe_sequence(Desc *d) {
  Buf q = {0};
  sh_buf_printf(&q,
                "SELECT pg_catalog.format_type(seqtypid, NULL) AS \"Type\",\n"
                "       seqstart AS \"Start\",\n"
                "       seqmin AS \"Minimum\",\n"
                "       seqmax AS \"Maximum\",\n"
                "       seqincrement AS \"Increment\",\n"
                "       CASE WHEN seqcycle THEN 'yes' ELSE 'no' END AS \"Cycles?\",\n"
                "       seqcache AS \"Cache\"\n"
                "FROM pg_catalog.pg_sequence\n"
                "WHERE seqrelid = '%s';",
                d->ri.oid);
  Result *r = query(d, &q);
  if (!r) return 0;
  Table t;
  Buf title = {0};
  sh_table_init(&t, r->ncols);
  sh_buf_printf(&title, "%s \"%s.%s\"", d->ri.persistence == 'u' ? "Unlogged sequence" : "Sequence",
                d->ri.schema, d->ri.name);
  t.title = title.data;
  t.default_footer = 0;
  for (int c = 0; c < r->ncols; c++) sh_table_set_header(&t, c, r->names[c], sh_align_for_type(r->types[c]));
  for (int i = 0; i < r->nrows; i++)
    for (int c = 0; c < r->ncols; c++) sh_table_add_cell(&t, sh_result_value(r, i, c));
  int ok = sequence_owner(d, &t.footers);
  if (ok) {
    PrintOpt opt = d->sh->popt;
    opt.expanded = 0;
    sh_print_table(&t, &opt, stdout);
  }
  sh_table_free(&t);
  sh_buf_free(&title);
  sh_result_free(r);
  return ok;
}

static int describe_one(Shell *sh, const char *schema, const char *name, const char *oid,
                        int verbose) {
  Desc d;
  memset(&d, 0, sizeof d);
  d.sh = sh;
  d.verbose = verbose;
  d.ri.oid = oid;
  d.ri.schema = schema;
  d.ri.name = name;
  if (!read_relinfo(&d)) return 0;
  int ok = 0;
  if (d.ri.relkind == 'S') {
    ok = describe_sequence(&d);
  } else if (!unsupported(&d)) {
    Cols c;
    Buf q = {0};
    plan_columns(&d, &c);
    column_query(&d, &c, &q);
    Result *cols = query(&d, &q);
    if (cols && all_footers(&d)) {
      print_description(&d, &c, cols);
      ok = 1;
    }
    sh_result_free(cols);
  }
  sh_buf_free(&d.footers);
  relinfo_free(&d.ri);
  return ok;
}

int sh_describe_table(Shell *sh, const char *pattern, int verbose, int system) {
  Buf q = {0};
  sh_buf_puts(&q, "SELECT c.oid,\n  n.nspname,\n  c.relname\nFROM pg_catalog.pg_class c\n"
                  "     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace\n");
  if (!system && !pattern)
    sh_buf_puts(&q, "WHERE n.nspname <> 'pg_catalog'\n"
                    "      AND n.nspname <> 'information_schema'\n");
  if (!sh_name_pattern(sh, &q, pattern, !system && !pattern, "n.nspname", "c.relname", NULL,
                       "pg_catalog.pg_table_is_visible(c.oid)", 3)) {
    sh_buf_free(&q);
    return 0;
  }
  sh_buf_puts(&q, "ORDER BY 2, 3;");
  Result *r = sh_hidden_query(sh, q.data);
  sh_buf_free(&q);
  if (!r) return 0;
  int ok = r->nrows > 0;
  if (!ok && !sh->quiet) {
    if (pattern) sh_log_error(sh, "Did not find any relation named \"%s\".", pattern);
    else sh_log_error(sh, "Did not find any relations.");
  }
  for (int i = 0; ok && i < r->nrows && !sh_cancel_pressed; i++)
    ok = describe_one(sh, sh_result_value(r, i, 1), sh_result_value(r, i, 2),
                      sh_result_value(r, i, 0), verbose);
  sh_result_free(r);
  return ok;
}
