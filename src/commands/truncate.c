/*
** truncate.c — TRUNCATE [TABLE] t [, ...] [RESTART IDENTITY | CONTINUE IDENTITY].
**
** Runs as DELETEs in the DDL savepoint, so it is transactional like
** PostgreSQL's.  A table referenced by a foreign key from a table not being
** truncated is refused (0A000, as PostgreSQL words it); CASCADE is not
** supported.  Tables referencing others in the list are emptied first, so
** no foreign-key action fires.
*/
#include "commands/ddl.h"

#include <stdlib.h>
#include <string.h>

/* A table outside the list that references name, or NULL. */
static char *trunc_referencer(pgm_db *db, const char *name, const char **names, int n) {
  sqlite3_stmt *st;
  char *found = NULL;
  if (sqlite3_prepare_v2(db->sq, "SELECT relname FROM pgm_constraint WHERE contype = 'f' AND confrelname = ?1 "
                         "ORDER BY relname", -1, &st, NULL) != SQLITE_OK)
    return NULL;
  sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
  while (!found && sqlite3_step(st) == SQLITE_ROW) {
    const char *r = (const char *)sqlite3_column_text(st, 0);
    bool listed = false;
    for (int i = 0; i < n; i++) if (!strcmp(names[i], r)) listed = true;
    if (!listed) found = pgm_strdup(r);
  }
  sqlite3_finalize(st);
  return found;
}

/* Does table a reference table b (a foreign key of a pointing at b)? */
static bool trunc_references(pgm_db *db, const char *a, const char *b) {
  Table *t = usercat_table(db, a);
  for (int i = 0; t && i < t->ncons; i++)
    if (t->cons[i].kind == 'f' && !strcmp(t->cons[i].refrel, b)) return true;
  return false;
}

void cmd_truncate(Analysis *an, PgQuery__TruncateStmt *stmt, Plan *plan) {
  if (stmt->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE) an_unsupported(an, -1, "TRUNCATE ... CASCADE");
  int n = (int)stmt->n_relations;
  const char **names = an_alloc(an, sizeof(char *) * (size_t)(n + 1));
  for (int i = 0; i < n; i++) {
    PgQuery__RangeVar *rv = stmt->relations[i]->range_var;
    if (rv->catalogname && *rv->catalogname) an_unsupported(an, rv->location, "cross-database references");
    if (rv->schemaname && *rv->schemaname && strcmp(rv->schemaname, "public"))
      an_error(an, rv->location, ERRCODE_UNDEFINED_SCHEMA, "schema \"%s\" does not exist", rv->schemaname);
    /* ONLY changes nothing: there is no inheritance. */
    if (view_exists(an->db, rv->relname))
      an_error(an, rv->location, ERRCODE_WRONG_OBJECT_TYPE, "\"%s\" is not a table", rv->relname);
    if (!usercat_table(an->db, rv->relname) || !strncmp(rv->relname, "pgm_", 4))
      an_error(an, rv->location, ERRCODE_UNDEFINED_TABLE, "relation \"%s\" does not exist", rv->relname);
    names[i] = rv->relname;
  }
  for (int i = 0; i < n; i++) {
    char *ref = trunc_referencer(an->db, names[i], names, n);
    if (ref) {
      pgm_error *e = pgm_error_new(ERRCODE_FEATURE_NOT_SUPPORTED, "cannot truncate a table referenced in a foreign key constraint");
      pgm_error_set_detail(e, "Table \"%s\" references \"%s\".", ref, names[i]);
      pgm_error_set_hint(e, "Truncate table \"%s\" at the same time, or use TRUNCATE ... CASCADE.", ref);
      free(ref);
      an->err = e;
      longjmp(an->on_error, 1);
    }
  }
  /* Referencing tables first: each round empties the tables no remaining
  ** table references (cycles are emptied as they come). */
  StrBuf b = STRBUF_INIT;
  bool *done = an_alloc(an, sizeof(bool) * (size_t)(n + 1));
  for (int left = n; left > 0;) {
    int progress = 0;
    for (int i = 0; i < n; i++) {
      if (done[i]) continue;
      bool blocked = false;
      for (int k = 0; k < n; k++)
        if (k != i && !done[k] && strcmp(names[k], names[i]) && trunc_references(an->db, names[k], names[i])) blocked = true;
      if (blocked) continue;
      done[i] = true;
      left--;
      progress++;
      bool dup = false;
      for (int k = 0; k < i; k++) if (!strcmp(names[k], names[i])) dup = true;
      if (dup) continue;
      sb_puts(&b, "DELETE FROM ");
      sb_put_ident(&b, names[i]);
      sb_puts(&b, ";\n");
      if (stmt->restart_seqs) {
        sb_puts(&b, "UPDATE pgm_sequence SET last_value = coalesce(start_value, CASE WHEN increment > 0 THEN minvalue "
                    "ELSE maxvalue END), is_called = 0 WHERE owned_by = ");
        usercat_sql_text(&b, names[i]);
        sb_puts(&b, ";\n");
      }
    }
    if (!progress)
      for (int i = 0; i < n; i++) if (!done[i]) { done[i] = true; left--; sb_puts(&b, "DELETE FROM "); sb_put_ident(&b, names[i]); sb_puts(&b, ";\n"); break; }
  }
  plan->kind = PLAN_SQL;
  plan->ddl = true;
  plan->tagkind = TAG_PLAIN;
  plan->tag = pgm_strdup("TRUNCATE TABLE");
  plan_add_sql(plan, sb_str(&b));
  sb_free(&b);
}
