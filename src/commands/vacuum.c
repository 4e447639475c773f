/*
** vacuum.c — VACUUM and ANALYZE (after PostgreSQL's commands/vacuum.c).
**
** What SQLite has is used where it means the same thing: ANALYZE (and
** VACUUM ANALYZE) runs SQLite's ANALYZE on each table, which gathers the
** statistics its planner uses.  VACUUM itself is accepted and does nothing:
** SQLite has no per-table vacuum, dead rows do not accumulate (SQLite
** reuses free pages), there is nothing to freeze, and SQLite's own
** whole-file VACUUM cannot run inside the savepoint every pgmicro
** statement runs in, so it is not attempted.  VERBOSE and PARALLEL, whose
** effects a client would see (INFO messages, workers), are refused (0A000).
** Like PostgreSQL, VACUUM refuses to run inside a transaction block (25001,
** checked when it runs: pgm_vacuum_check in engine/utility.c); ANALYZE may.
*/
#include "commands/ddl.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* defGetBoolean of an option's value (no value: true). */
static void vac_boolean(Analysis *an, PgQuery__DefElem *de) {
  Node *a = de->arg;
  if (!a) return;
  if (a->node_case == PG_QUERY__NODE__NODE_INTEGER && (a->integer->ival == 0 || a->integer->ival == 1)) return;
  if (a->node_case == PG_QUERY__NODE__NODE_STRING) {
    const char *s = a->string->sval;
    static const char *const ok[] = {"true", "false", "on", "off"};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) if (!strcasecmp(s, ok[i])) return;
  }
  if (a->node_case == PG_QUERY__NODE__NODE_BOOLEAN) return;
  an_error(an, -1, ERRCODE_SYNTAX_ERROR, "%s requires a Boolean value", de->defname);
}

/* The options: returns whether ANALYZE is asked for. */
static bool vac_options(Analysis *an, PgQuery__VacuumStmt *v) {
  bool analyze = !v->is_vacuumcmd;
  for (size_t i = 0; i < v->n_options; i++) {
    PgQuery__DefElem *de = v->options[i]->def_elem;
    const char *n = de->defname;
    if (!strcmp(n, "verbose") || !strcmp(n, "parallel")) an_unsupported(an, de->location, v->is_vacuumcmd ? "VACUUM VERBOSE and PARALLEL" : "ANALYZE VERBOSE");
    if (!strcmp(n, "skip_locked")) { vac_boolean(an, de); continue; }
    if (!v->is_vacuumcmd)
      an_error(an, de->location, ERRCODE_SYNTAX_ERROR, "unrecognized ANALYZE option \"%s\"", n);
    if (!strcmp(n, "analyze")) { vac_boolean(an, de); analyze = true; continue; }
    if (!strcmp(n, "index_cleanup")) continue;   /* auto/on/off: all mean nothing here */
    if (!strcmp(n, "full") || !strcmp(n, "freeze") || !strcmp(n, "disable_page_skipping") ||
        !strcmp(n, "process_toast") || !strcmp(n, "truncate")) {
      vac_boolean(an, de);
      continue;
    }
    an_error(an, de->location, ERRCODE_SYNTAX_ERROR, "unrecognized VACUUM option \"%s\"", n);
  }
  return analyze;
}

/* One table of the list: it must exist (42P01) and so must its columns. */
static void vac_relation(Analysis *an, PgQuery__VacuumRelation *vr, bool analyze, StrBuf *b) {
  PgQuery__RangeVar *rv = vr->relation;
  if (rv->schemaname && *rv->schemaname && strcmp(rv->schemaname, "public"))
    an_error(an, -1, ERRCODE_UNDEFINED_TABLE, "relation \"%s.%s\" does not exist", rv->schemaname, rv->relname);
  Table *t = strncmp(rv->relname, "pgm_", 4) ? usercat_table(an->db, rv->relname) : NULL;
  if (!t) an_error(an, -1, ERRCODE_UNDEFINED_TABLE, "relation \"%s\" does not exist", rv->relname);
  if (vr->n_va_cols && !analyze)
    an_error(an, -1, ERRCODE_INVALID_PARAMETER_VALUE, "ANALYZE option must be specified when a column list is provided");
  for (size_t i = 0; i < vr->n_va_cols; i++) {
    const char *c = vr->va_cols[i]->string->sval;
    if (usercat_column(t, c) < 0)
      an_error(an, -1, ERRCODE_UNDEFINED_COLUMN, "column \"%s\" of relation \"%s\" does not exist", c, t->name);
  }
  if (analyze && !t->temp) {
    sb_puts(b, "ANALYZE main.");
    sb_put_ident(b, t->name);
    sb_puts(b, ";\n");
  }
}

void cmd_vacuum(Analysis *an, PgQuery__VacuumStmt *v, Plan *plan) {
  bool analyze = vac_options(an, v);
  StrBuf b = STRBUF_INIT;
  if (v->is_vacuumcmd) sb_puts(&b, "SELECT pgm_vacuum_check();\n");
  for (size_t i = 0; i < v->n_rels; i++) vac_relation(an, v->rels[i]->vacuum_relation, analyze, &b);
  if (!v->n_rels && analyze) sb_puts(&b, "ANALYZE main;\n");
  /* Run as DDL runs (engine/exec.c run_ddl): every statement of the list is
  ** executed, none returns rows to the caller, and SQLite's ANALYZE changes
  ** its schema cookie, so cached plans are rebuilt anyway. */
  plan->kind = PLAN_SQL;
  plan->ddl = true;
  plan->tagkind = TAG_PLAIN;
  plan->tag = pgm_strdup(v->is_vacuumcmd ? "VACUUM" : "ANALYZE");
  if (b.n) plan_add_sql(plan, sb_str(&b));
  sb_free(&b);
}
