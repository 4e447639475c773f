/*
** sequence_cmds.c — CREATE SEQUENCE and ALTER SEQUENCE, and the sequence
** options shared with identity columns (PostgreSQL's init_params in
** commands/sequence.c: same defaults, same checks, same messages).
**
** A sequence is a row of pgm_sequence; nextval/currval/setval live in
** engine/sequence.c.  CACHE is accepted and stored for pg_sequence (there
** is one session per file handle, so caching changes nothing visible);
** CYCLE is refused.  The type (AS), CACHE and OWNED BY's column are stored
** by seq_store_extras: pg_sequence.c reads them.
*/
#include "commands/ddl.h"
#include "commands/tablecmds.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

bool ddl_query_exists(pgm_db *db, const char *sql, const char *arg) {
  sqlite3_stmt *st;
  bool found = false;
  if (sqlite3_prepare_v2(db->sq, sql, -1, &st, NULL) != SQLITE_OK) return false;
  sqlite3_bind_text(st, 1, arg, -1, SQLITE_STATIC);
  found = sqlite3_step(st) == SQLITE_ROW;
  sqlite3_finalize(st);
  return found;
}

bool ddl_relation_exists(pgm_db *db, const char *name) {
  return usercat_table(db, name) ||
         ddl_query_exists(db, "SELECT 1 FROM sqlite_schema WHERE name = ?1", name) ||
         ddl_query_exists(db, "SELECT 1 FROM pgm_sequence WHERE seqname = ?1", name) ||
         view_exists(db, name);
}

static int64_t seq_number(Analysis *an, PgQuery__DefElem *d) {
  Node *a = d->arg;
  if (!a) an_error(an, d->location, ERRCODE_SYNTAX_ERROR, "%s requires a numeric value", d->defname);
  if (a->node_case == PG_QUERY__NODE__NODE_INTEGER) return a->integer->ival;
  if (a->node_case == PG_QUERY__NODE__NODE_FLOAT) {
    errno = 0;
    char *end;
    long long v = strtoll(a->float_->fval, &end, 10);
    if (errno || *end)
      an_error(an, d->location, ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE, "value \"%s\" is out of range for type bigint", a->float_->fval);
    return v;
  }
  an_error(an, d->location, ERRCODE_SYNTAX_ERROR, "%s requires a numeric value", d->defname);
}

static void seq_type_range(Oid t, int64_t *lo, int64_t *hi) {
  if (t == PGM_OID_INT2) { *lo = -32768; *hi = 32767; }
  else if (t == PGM_OID_INT4) { *lo = INT32_MIN; *hi = INT32_MAX; }
  else { *lo = INT64_MIN; *hi = INT64_MAX; }
}

void seq_params(Analysis *an, Node **options, size_t n, SeqParams *p, bool for_alter, bool for_identity,
                int location) {
  PgQuery__DefElem *as = NULL, *inc = NULL, *min = NULL, *max = NULL, *start = NULL, *restart = NULL, *cache = NULL,
                   *cycle = NULL, *owned = NULL, *name = NULL;
  for (size_t i = 0; i < n; i++) {
    PgQuery__DefElem *d = options[i]->def_elem;
    PgQuery__DefElem **slot = !strcmp(d->defname, "as") ? &as : !strcmp(d->defname, "increment") ? &inc
                            : !strcmp(d->defname, "minvalue") ? &min : !strcmp(d->defname, "maxvalue") ? &max
                            : !strcmp(d->defname, "start") ? &start : !strcmp(d->defname, "restart") ? &restart
                            : !strcmp(d->defname, "cache") ? &cache : !strcmp(d->defname, "cycle") ? &cycle
                            : !strcmp(d->defname, "owned_by") ? &owned : !strcmp(d->defname, "sequence_name") ? &name
                            : NULL;
    if (!slot) an_unsupported(an, d->location, d->defname);
    if (*slot) an_error(an, d->location, ERRCODE_SYNTAX_ERROR, "conflicting or redundant options");
    *slot = d;
  }
  Oid oldtype = p->type;
  if (as) {
    int32_t typmod;
    Oid t = an_resolve_typename(an, as->arg->type_name, &typmod);
    if (t != PGM_OID_INT2 && t != PGM_OID_INT4 && t != PGM_OID_INT8)
      an_error(an, as->location, ERRCODE_INVALID_PARAMETER_VALUE, for_identity ? "identity column type must be smallint, integer, or bigint"
                                                                      : "sequence type must be smallint, integer, or bigint");
    p->type = t;
  } else if (!for_alter) {
    if (!p->type) p->type = PGM_OID_INT8;
  }
  if (p->type != PGM_OID_INT2 && p->type != PGM_OID_INT4 && p->type != PGM_OID_INT8)
    an_error(an, location, ERRCODE_INVALID_PARAMETER_VALUE, "identity column type must be smallint, integer, or bigint");
  int64_t lo, hi, oldlo, oldhi;
  seq_type_range(p->type, &lo, &hi);
  seq_type_range(oldtype ? oldtype : p->type, &oldlo, &oldhi);
  if (inc) {
    p->increment = seq_number(an, inc);
    if (p->increment == 0) an_error(an, inc->location, ERRCODE_INVALID_PARAMETER_VALUE, "INCREMENT must not be zero");
  } else if (!for_alter) {
    p->increment = 1;
  }
  bool asc = p->increment > 0;
  /* MAXVALUE / MINVALUE: given, NO ..., or the default (also when AS changes
  ** the type and the old bound was the old type's default). */
  if (max && max->arg) p->max = seq_number(an, max);
  else if ((max && !max->arg) || !for_alter || (as && p->max == oldhi)) p->max = asc ? hi : -1;
  if (p->max > hi || p->max < lo)
    an_error(an, max ? max->location : location, ERRCODE_INVALID_PARAMETER_VALUE,
             "MAXVALUE (%lld) is out of range for sequence data type %s", (long long)p->max, an_typename(p->type));
  if (min && min->arg) p->min = seq_number(an, min);
  else if ((min && !min->arg) || !for_alter || (as && p->min == oldlo)) p->min = asc ? 1 : lo;
  if (p->min > hi || p->min < lo)
    an_error(an, min ? min->location : location, ERRCODE_INVALID_PARAMETER_VALUE,
             "MINVALUE (%lld) is out of range for sequence data type %s", (long long)p->min, an_typename(p->type));
  if (p->min >= p->max)
    an_error(an, location, ERRCODE_INVALID_PARAMETER_VALUE, "MINVALUE (%lld) must be less than MAXVALUE (%lld)",
             (long long)p->min, (long long)p->max);
  if (start) p->start = seq_number(an, start);
  else if (!for_alter) p->start = asc ? p->min : p->max;
  if (p->start < p->min)
    an_error(an, start ? start->location : location, ERRCODE_INVALID_PARAMETER_VALUE,
             "START value (%lld) cannot be less than MINVALUE (%lld)", (long long)p->start, (long long)p->min);
  if (p->start > p->max)
    an_error(an, start ? start->location : location, ERRCODE_INVALID_PARAMETER_VALUE,
             "START value (%lld) cannot be greater than MAXVALUE (%lld)", (long long)p->start, (long long)p->max);
  if (restart) {
    if (!for_alter) an_error(an, restart->location, ERRCODE_SYNTAX_ERROR, "RESTART cannot be used in CREATE SEQUENCE");
    p->has_restart = true;
    p->restart = restart->arg ? seq_number(an, restart) : p->start;
    if (p->restart < p->min)
      an_error(an, restart->location, ERRCODE_INVALID_PARAMETER_VALUE,
               "RESTART value (%lld) cannot be less than MINVALUE (%lld)", (long long)p->restart, (long long)p->min);
    if (p->restart > p->max)
      an_error(an, restart->location, ERRCODE_INVALID_PARAMETER_VALUE,
               "RESTART value (%lld) cannot be greater than MAXVALUE (%lld)", (long long)p->restart, (long long)p->max);
  }
  if (cache) {
    int64_t c = seq_number(an, cache);
    if (c <= 0) an_error(an, cache->location, ERRCODE_INVALID_PARAMETER_VALUE, "CACHE (%lld) must be greater than zero", (long long)c);
  }
  if (cycle) {
    bool on = cycle->arg && ((cycle->arg->node_case == PG_QUERY__NODE__NODE_BOOLEAN && cycle->arg->boolean->boolval) ||
                             (cycle->arg->node_case == PG_QUERY__NODE__NODE_INTEGER && cycle->arg->integer->ival));
    if (on) an_unsupported(an, cycle->location, "CYCLE sequences");
  }
  if (name) {
    if (!for_identity) an_unsupported(an, name->location, "SEQUENCE NAME");
    PgQuery__List *l = name->arg->list;
    p->name = l->items[l->n_items - 1]->string->sval;
  }
  if (owned) {
    if (for_identity) an_error(an, owned->location, ERRCODE_SYNTAX_ERROR, "conflicting or redundant options");
    PgQuery__List *l = owned->arg->list;
    p->owned_set = true;
    if (l->n_items == 1 && !strcmp(l->items[0]->string->sval, "none")) {
      p->owned_table = NULL;
    } else {
      if (l->n_items < 2)
        an_error(an, owned->location, ERRCODE_INVALID_PARAMETER_VALUE, "invalid OWNED BY option");
      const char *tab = l->items[l->n_items - 2]->string->sval, *col = l->items[l->n_items - 1]->string->sval;
      if (l->n_items > 2 && strcmp(l->items[l->n_items - 3]->string->sval, "public"))
        an_error(an, owned->location, ERRCODE_UNDEFINED_SCHEMA, "schema \"%s\" does not exist", l->items[l->n_items - 3]->string->sval);
      Table *t = usercat_table(an->db, tab);
      if (!t || !strncmp(tab, "pgm_", 4)) an_error(an, owned->location, ERRCODE_UNDEFINED_TABLE, "relation \"%s\" does not exist", tab);
      if (usercat_column(t, col) < 0)
        an_error(an, owned->location, ERRCODE_UNDEFINED_COLUMN, "column \"%s\" of relation \"%s\" does not exist", col, tab);
      p->owned_table = an_strdup(an, tab);
    }
  }
}

/* The DefElem named name among options, or NULL. */
static PgQuery__DefElem *seq_option(Node **options, size_t n, const char *name) {
  for (size_t i = 0; i < n; i++)
    if (!strcmp(options[i]->def_elem->defname, name)) return options[i]->def_elem;
  return NULL;
}

/* Add the UPDATE storing what pgm_sequence's first columns do not hold:
** the type (CREATE, or ALTER ... AS: a serial's sequence without one takes
** its column's), the CACHE given, and the column OWNED BY names (NONE:
** NULL).  seq_params has checked the options. */
static void seq_store_extras(Analysis *an, const char *name, Node **options, size_t n, const SeqParams *p,
                             bool for_alter, Plan *plan) {
  PgQuery__DefElem *cache = seq_option(options, n, "cache"), *owned = seq_option(options, n, "owned_by");
  bool type = !for_alter || seq_option(options, n, "as");
  if (!type && !cache && !owned) return;
  StrBuf b = STRBUF_INIT;
  sb_puts(&b, "UPDATE pgm_sequence SET seqname = seqname");
  if (type) sb_printf(&b, ", seqtypid = %u", p->type);
  if (cache) sb_printf(&b, ", seqcache = %lld", (long long)seq_number(an, cache));
  if (owned) {
    PgQuery__List *l = owned->arg->list;
    sb_puts(&b, ", owned_col = ");
    usercat_sql_text(&b, p->owned_table ? l->items[l->n_items - 1]->string->sval : NULL);
  }
  sb_puts(&b, " WHERE seqname = ");
  usercat_sql_text(&b, name);
  plan_add_sql(plan, sb_str(&b));
  sb_free(&b);
}

static const char *seq_relname(Analysis *an, PgQuery__RangeVar *rv) {
  if (rv->relpersistence && !strcmp(rv->relpersistence, "t")) an_unsupported(an, rv->location, "temporary sequences");
  if (rv->relpersistence && !strcmp(rv->relpersistence, "u")) an_unsupported(an, rv->location, "unlogged sequences");
  if (rv->catalogname && *rv->catalogname) an_unsupported(an, rv->location, "cross-database references");
  if (rv->schemaname && *rv->schemaname && strcmp(rv->schemaname, "public"))
    an_error(an, rv->location, ERRCODE_UNDEFINED_SCHEMA, "schema \"%s\" does not exist", rv->schemaname);
  return rv->relname;
}

void cmd_create_sequence(Analysis *an, PgQuery__CreateSeqStmt *stmt, Plan *plan) {
  const char *name = seq_relname(an, stmt->sequence);
  if (stmt->for_identity) an_unsupported(an, stmt->sequence->location, "sequences for identity columns");
  plan->kind = PLAN_SQL;
  plan->ddl = true;
  plan->tagkind = TAG_PLAIN;
  plan->tag = pgm_strdup("CREATE SEQUENCE");
  if (!strncmp(name, "pgm_", 4) || !strncmp(name, "sqlite_", 7))
    an_error(an, stmt->sequence->location, ERRCODE_RESERVED_NAME, "relation names beginning with \"%.4s\" are reserved by pgmicro", name);
  SeqParams p;
  memset(&p, 0, sizeof p);
  seq_params(an, stmt->options, stmt->n_options, &p, false, false, stmt->sequence->location);
  if (ddl_relation_exists(an->db, name)) {
    if (stmt->if_not_exists) {
      plan->notice = pgm_asprintf("relation \"%s\" already exists, skipping", name);
      return;
    }
    an_error(an, stmt->sequence->location, ERRCODE_DUPLICATE_TABLE, "relation \"%s\" already exists", name);
  }
  StrBuf b = STRBUF_INIT;
  usercat_sql_add_sequence(name, p.start, p.increment, p.min, p.max, p.owned_table, &b);
  plan_add_sql(plan, sb_str(&b));
  seq_store_extras(an, name, stmt->options, stmt->n_options, &p, false, plan);
  sb_free(&b);
}

void cmd_alter_sequence(Analysis *an, PgQuery__AlterSeqStmt *stmt, Plan *plan) {
  const char *name = seq_relname(an, stmt->sequence);
  if (stmt->for_identity) an_unsupported(an, stmt->sequence->location, "ALTER SEQUENCE of an identity column");
  plan->kind = PLAN_SQL;
  plan->ddl = true;
  plan->tagkind = TAG_PLAIN;
  plan->tag = pgm_strdup("ALTER SEQUENCE");
  sqlite3_stmt *st;
  SeqParams p;
  memset(&p, 0, sizeof p);
  bool found = false;
  int64_t last = 0;
  Oid stored_type = 0;
  if (sqlite3_prepare_v2(an->db->sq, "SELECT increment, minvalue, maxvalue, coalesce(start_value, "
                         "CASE WHEN increment > 0 THEN minvalue ELSE maxvalue END), last_value, owned_by, seqtypid "
                         "FROM pgm_sequence WHERE seqname = ?1", -1, &st, NULL) == SQLITE_OK) {
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW) {
      found = true;
      p.increment = sqlite3_column_int64(st, 0);
      p.min = sqlite3_column_int64(st, 1);
      p.max = sqlite3_column_int64(st, 2);
      p.start = sqlite3_column_int64(st, 3);
      last = sqlite3_column_int64(st, 4);
      const unsigned char *o = sqlite3_column_text(st, 5);
      p.owned_table = o ? an_strdup(an, (const char *)o) : NULL;
      stored_type = (Oid)sqlite3_column_int64(st, 6);
    }
    sqlite3_finalize(st);
  }
  if (!found) {
    if (stmt->missing_ok) {
      plan->notice = pgm_asprintf("relation \"%s\" does not exist, skipping", name);
      return;
    }
    an_error(an, stmt->sequence->location, ERRCODE_UNDEFINED_TABLE, "relation \"%s\" does not exist", name);
  }
  /* The type, when not stored (serial and identity sequences, older files):
  ** inferred from the bounds (serial columns use the type's maximum). */
  if (stored_type) p.type = stored_type;
  else if (p.max == INT64_MAX || p.min == INT64_MIN) p.type = PGM_OID_INT8;
  else if (p.max == INT32_MAX || p.min == INT32_MIN) p.type = PGM_OID_INT4;
  else if (p.max == 32767 || p.min == -32768) p.type = PGM_OID_INT2;
  else p.type = PGM_OID_INT8;
  seq_params(an, stmt->options, stmt->n_options, &p, true, false, stmt->sequence->location);
  if (!p.has_restart && (last < p.min || last > p.max))
    an_error(an, stmt->sequence->location, ERRCODE_INVALID_PARAMETER_VALUE, last < p.min ?
             "RESTART value (%lld) cannot be less than MINVALUE (%lld)" : "RESTART value (%lld) cannot be greater than MAXVALUE (%lld)",
             (long long)last, (long long)(last < p.min ? p.min : p.max));
  StrBuf b = STRBUF_INIT;
  sb_printf(&b, "UPDATE pgm_sequence SET increment = %lld, minvalue = %lld, maxvalue = %lld, start_value = %lld, owned_by = ",
            (long long)p.increment, (long long)p.min, (long long)p.max, (long long)p.start);
  usercat_sql_text(&b, p.owned_table);
  if (p.has_restart) sb_printf(&b, ", last_value = %lld, is_called = 0", (long long)p.restart);
  sb_puts(&b, " WHERE seqname = ");
  usercat_sql_text(&b, name);
  plan_add_sql(plan, sb_str(&b));
  seq_store_extras(an, name, stmt->options, stmt->n_options, &p, true, plan);
  sb_free(&b);
}
