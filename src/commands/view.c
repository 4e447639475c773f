/*
** view.c — CREATE TABLE AS / SELECT INTO, CREATE [OR REPLACE] VIEW,
** DROP VIEW, COMMENT ON TABLE / COLUMN.
**
** A view is a row of pgm_view: its SELECT deparsed to PostgreSQL text by
** libpg_query and its column names (one per line).  Nothing is created in
** SQLite: a view named in FROM is analysed again as a subquery
** (analyze/parse_view.c), so it always follows PostgreSQL's typing.  Views
** are read-only here (PostgreSQL's auto-updatable views are not supported).
**
** CREATE TABLE AS analyses the query, creates the table from its target
** list (names, types, typmods; no constraints, as in PostgreSQL) and fills
** it with INSERT ... SELECT in the same savepoint; the tag is SELECT n.
*/
#include "commands/ddl.h"
#include "analyze/parse_view.h"
#include "translate/translate.h"

#include <stdlib.h>
#include <string.h>

bool view_exists(pgm_db *db, const char *name) {
  return ddl_query_exists(db, "SELECT 1 FROM pgm_view WHERE viewname = ?1", name);
}

static void view_check_name(Analysis *an, PgQuery__RangeVar *rv, const char *what) {
  if (rv->relpersistence && !strcmp(rv->relpersistence, "t")) an_unsupported(an, rv->location, what);
  if (rv->relpersistence && !strcmp(rv->relpersistence, "u")) an_unsupported(an, rv->location, "unlogged tables");
  if (rv->catalogname && *rv->catalogname) an_unsupported(an, rv->location, "cross-database references");
  if (rv->schemaname && *rv->schemaname && strcmp(rv->schemaname, "public"))
    an_error(an, rv->location, ERRCODE_UNDEFINED_SCHEMA, "schema \"%s\" does not exist", rv->schemaname);
  if (!strncmp(rv->relname, "pgm_", 4) || !strncmp(rv->relname, "sqlite_", 7))
    an_error(an, rv->location, ERRCODE_RESERVED_NAME, "relation names beginning with \"%.4s\" are reserved by pgmicro", rv->relname);
}

/* Output column names: the query's, replaced by the given ones (in order). */
static char **view_colnames(Analysis *an, Query *q, Node **names, size_t nnames, int *ncols, const char *toomany) {
  int n = 0;
  for (int i = 0; i < q->ntargets; i++) if (!q->targets[i].junk) n++;
  if ((int)nnames > n) an_error(an, -1, ERRCODE_SYNTAX_ERROR, "%s", toomany);
  char **out = an_alloc(an, sizeof(char *) * (size_t)(n + 1));
  for (int i = 0, k = 0; i < q->ntargets; i++) {
    if (q->targets[i].junk) continue;
    out[k] = k < (int)nnames ? names[k]->string->sval : q->targets[i].name;
    k++;
  }
  for (int i = 0; i < n; i++)
    for (int k = 0; k < i; k++)
      if (!strcmp(out[i], out[k])) an_error(an, -1, ERRCODE_DUPLICATE_COLUMN, "column \"%s\" specified more than once", out[i]);
  *ncols = n;
  return out;
}

void cmd_create_table_as(Analysis *an, PgQuery__CreateTableAsStmt *stmt, Plan *plan) {
  PgQuery__IntoClause *into = stmt->into;
  PgQuery__RangeVar *rv = into->rel;
  if (stmt->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW) an_unsupported(an, rv->location, "materialized views");
  view_check_name(an, rv, "temporary tables");
  if (into->access_method && *into->access_method) an_unsupported(an, rv->location, "table access methods");
  if (into->n_options) an_unsupported(an, rv->location, "storage parameters");
  if (into->on_commit != PG_QUERY__ON_COMMIT_ACTION__ONCOMMIT_NOOP && into->on_commit != 0)
    an_unsupported(an, rv->location, "ON COMMIT");
  if (into->table_space_name && *into->table_space_name) an_unsupported(an, rv->location, "tablespaces");
  if (into->view_query) an_unsupported(an, rv->location, "materialized views");
  if (stmt->query->node_case != PG_QUERY__NODE__NODE_SELECT_STMT) an_unsupported(an, rv->location, "CREATE TABLE AS EXECUTE");
  plan->kind = PLAN_SQL;
  plan->ddl = true;
  if (ddl_relation_exists(an->db, rv->relname)) {
    if (stmt->if_not_exists) {
      plan->tagkind = TAG_PLAIN;
      plan->tag = pgm_strdup("CREATE TABLE AS");
      plan->notice = pgm_asprintf("relation \"%s\" already exists, skipping", rv->relname);
      return;
    }
    an_error(an, rv->location, ERRCODE_DUPLICATE_TABLE, "relation \"%s\" already exists", rv->relname);
  }
  ParseState *ps = an_new_pstate(an, NULL);
  Query *q = an_select(ps, stmt->query->select_stmt, true);
  if (an->nparams) an_unsupported(an, rv->location, "parameters in CREATE TABLE AS");
  int ncols;
  char **names = view_colnames(an, q, into->col_names, into->n_col_names, &ncols, "too many column names were specified");
  Table t;
  memset(&t, 0, sizeof t);
  t.name = rv->relname;
  t.ncols = ncols;
  t.cols = an_alloc(an, sizeof(Column) * (size_t)(ncols + 1));
  for (int i = 0, k = 0; i < q->ntargets; i++) {
    if (q->targets[i].junk) continue;
    Column *c = &t.cols[k];
    c->name = names[k];
    c->type = q->targets[i].expr->type;
    c->typmod = q->targets[i].expr->typmod;
    if (c->type == PGM_OID_UNKNOWN) c->type = PGM_OID_TEXT;
    k++;
  }
  Plan *sel = plan_new();
  translate_query(an, q, sel);
  StrBuf b = STRBUF_INIT;
  ddl_emit_create(&t, t.name, NULL, &b);
  usercat_sql_add_table(&t, &b);
  sb_puts(&b, "INSERT INTO ");
  sb_put_ident(&b, t.name);
  sb_puts(&b, " ");
  sb_puts(&b, sel->sql[sel->nsql - 1]);
  if (into->skip_data) sb_puts(&b, " LIMIT 0");
  sb_puts(&b, ";\n");
  plan_release(sel);
  plan_add_sql(plan, sb_str(&b));
  sb_free(&b);
  plan->tagkind = TAG_SELECT;
  plan->tag = pgm_strdup("SELECT");
  if (into->skip_data) {       /* PostgreSQL says CREATE TABLE AS when no rows were inserted */
    plan->tagkind = TAG_PLAIN;
    free(plan->tag);
    plan->tag = pgm_strdup("CREATE TABLE AS");
  }
  if (stmt->is_select_into) { /* SELECT INTO keeps the SELECT n tag */ }
}

void cmd_select_into(Analysis *an, Node *stmt, Plan *plan) {
  PgQuery__CreateTableAsStmt c = PG_QUERY__CREATE_TABLE_AS_STMT__INIT;
  PgQuery__SelectStmt *sel = stmt->select_stmt;
  c.into = sel->into_clause;
  c.query = stmt;
  c.objtype = PG_QUERY__OBJECT_TYPE__OBJECT_TABLE;
  c.is_select_into = true;
  /* The SELECT is analysed without its INTO; the tree is restored after
  ** (on error too: the parser frees it). */
  sel->into_clause = NULL;
  jmp_buf save;
  memcpy(save, an->on_error, sizeof save);
  bool failed = false;
  if (setjmp(an->on_error) == 0) cmd_create_table_as(an, &c, plan);
  else failed = true;
  memcpy(an->on_error, save, sizeof save);
  sel->into_clause = c.into;
  if (failed) longjmp(an->on_error, 1);
}

void cmd_create_view(Analysis *an, PgQuery__ViewStmt *stmt, Plan *plan) {
  PgQuery__RangeVar *rv = stmt->view;
  view_check_name(an, rv, "temporary views");
  if (stmt->n_options) an_unsupported(an, rv->location, "view options");
  if (stmt->with_check_option != PG_QUERY__VIEW_CHECK_OPTION__NO_CHECK_OPTION && stmt->with_check_option != 0)
    an_unsupported(an, rv->location, "WITH CHECK OPTION");
  if (stmt->query->node_case != PG_QUERY__NODE__NODE_SELECT_STMT) an_unsupported(an, rv->location, "this view query");
  bool is_view = view_exists(an->db, rv->relname);
  if (!is_view && ddl_relation_exists(an->db, rv->relname)) {
    if (stmt->replace) an_error(an, rv->location, ERRCODE_WRONG_OBJECT_TYPE, "\"%s\" is not a view", rv->relname);
    an_error(an, rv->location, ERRCODE_DUPLICATE_TABLE, "relation \"%s\" already exists", rv->relname);
  }
  if (is_view && !stmt->replace)
    an_error(an, rv->location, ERRCODE_DUPLICATE_TABLE, "relation \"%s\" already exists", rv->relname);
  ParseState *ps = an_new_pstate(an, NULL);
  Query *q = an_select(ps, stmt->query->select_stmt, true);
  if (an->nparams) an_error(an, rv->location, ERRCODE_INVALID_PARAMETER_VALUE, "there is no parameter $1");
  int ncols;
  char **names = view_colnames(an, q, stmt->aliases, stmt->n_aliases, &ncols,
                               "CREATE VIEW specifies more column names than columns");
  Oid *types = an_alloc(an, sizeof(Oid) * (size_t)(ncols + 1));
  for (int i = 0, k = 0; i < q->ntargets; i++) if (!q->targets[i].junk) types[k++] = q->targets[i].expr->type;
  for (int i = 0; i < ncols; i++)
    if (types[i] == PGM_OID_UNKNOWN) types[i] = PGM_OID_TEXT;
  char *def = parser_deparse_stmt(stmt->query);
  if (!def) an_unsupported(an, rv->location, "this view query");
  char *adef = an_strdup(an, def);
  free(def);
  if (is_view) {
    /* OR REPLACE: the new columns must extend the old ones (PostgreSQL's checkViewColumns). */
    sqlite3_stmt *st;
    char *olddef = NULL, *oldcols = NULL;
    if (sqlite3_prepare_v2(an->db->sq, "SELECT definition, colnames FROM pgm_view WHERE viewname = ?1", -1, &st, NULL) == SQLITE_OK) {
      sqlite3_bind_text(st, 1, rv->relname, -1, SQLITE_STATIC);
      if (sqlite3_step(st) == SQLITE_ROW) {
        olddef = an_strdup(an, (const char *)sqlite3_column_text(st, 0));
        oldcols = an_strdup(an, (const char *)sqlite3_column_text(st, 1));
      }
      sqlite3_finalize(st);
    }
    Query *oq = olddef ? view_analyze(an, olddef) : NULL;
    int k = 0;
    for (int i = 0; oq && i < oq->ntargets; i++) {
      if (oq->targets[i].junk) continue;
      char *nl = strchr(oldcols, '\n');
      if (nl) *nl = 0;
      const char *oname = oldcols;
      oldcols = nl ? nl + 1 : oldcols + strlen(oldcols);
      if (k >= ncols) an_error(an, rv->location, ERRCODE_INVALID_TABLE_DEFINITION, "cannot drop columns from view");
      if (strcmp(oname, names[k]))
        an_error(an, rv->location, ERRCODE_INVALID_TABLE_DEFINITION, "cannot change name of view column \"%s\" to \"%s\"", oname, names[k]);
      Oid ot = oq->targets[i].expr->type == PGM_OID_UNKNOWN ? PGM_OID_TEXT : oq->targets[i].expr->type;
      if (ot != types[k]) {
        pgm_error *e = pgm_error_new(ERRCODE_INVALID_TABLE_DEFINITION, "cannot change data type of view column \"%s\" from %s to %s",
                                     oname, an_typename(ot), an_typename(types[k]));
        an->err = e;
        longjmp(an->on_error, 1);
      }
      k++;
    }
  }
  StrBuf cols = STRBUF_INIT, b = STRBUF_INIT;
  for (int i = 0; i < ncols; i++) { if (i) sb_putc(&cols, '\n'); sb_puts(&cols, names[i]); }
  sb_puts(&b, "INSERT OR REPLACE INTO pgm_view (viewname, definition, colnames) VALUES (");
  usercat_sql_text(&b, rv->relname);
  sb_puts(&b, ", ");
  usercat_sql_text(&b, adef);
  sb_puts(&b, ", ");
  usercat_sql_text(&b, sb_str(&cols));
  sb_puts(&b, ");\n");
  plan->kind = PLAN_SQL;
  plan->ddl = true;
  plan->tagkind = TAG_PLAIN;
  plan->tag = pgm_strdup("CREATE VIEW");
  plan_add_sql(plan, sb_str(&b));
  sb_free(&b);
  sb_free(&cols);
}

void cmd_drop_view(Analysis *an, PgQuery__DropStmt *stmt, Plan *plan) {
  if (stmt->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE) an_unsupported(an, -1, "DROP ... CASCADE");
  StrBuf b = STRBUF_INIT, notices = STRBUF_INIT;
  for (size_t i = 0; i < stmt->n_objects; i++) {
    PgQuery__List *l = stmt->objects[i]->list;
    const char *name = l->items[l->n_items - 1]->string->sval;
    if (l->n_items > 1 && strcmp(l->items[0]->string->sval, "public"))
      an_error(an, -1, ERRCODE_UNDEFINED_SCHEMA, "schema \"%s\" does not exist", l->items[0]->string->sval);
    if (!view_exists(an->db, name)) {
      if (usercat_table(an->db, name)) {
        pgm_error *e = pgm_error_new(ERRCODE_WRONG_OBJECT_TYPE, "\"%s\" is not a view", name);
        pgm_error_set_hint(e, "Use DROP TABLE to remove a table.");
        sb_free(&b);
        sb_free(&notices);
        an->err = e;
        longjmp(an->on_error, 1);
      }
      if (stmt->missing_ok) { sb_printf(&notices, "view \"%s\" does not exist, skipping", name); continue; }
      sb_free(&b);
      sb_free(&notices);
      an_error(an, -1, ERRCODE_UNDEFINED_TABLE, "view \"%s\" does not exist", name);
    }
    sb_puts(&b, "DELETE FROM pgm_view WHERE viewname = ");
    usercat_sql_text(&b, name);
    sb_puts(&b, ";\nDELETE FROM pgm_description WHERE relname = ");
    usercat_sql_text(&b, name);
    sb_puts(&b, ";\n");
  }
  plan->kind = PLAN_SQL;
  plan->ddl = true;
  plan->tagkind = TAG_PLAIN;
  plan->tag = pgm_strdup("DROP VIEW");
  if (b.n) plan_add_sql(plan, sb_str(&b));
  if (notices.n) plan->notice = sb_detach(&notices);
  sb_free(&b);
  sb_free(&notices);
}

void cmd_comment(Analysis *an, PgQuery__CommentStmt *stmt, Plan *plan) {
  const char *rel, *col = "";
  if (stmt->objtype != PG_QUERY__OBJECT_TYPE__OBJECT_TABLE && stmt->objtype != PG_QUERY__OBJECT_TYPE__OBJECT_COLUMN &&
      stmt->objtype != PG_QUERY__OBJECT_TYPE__OBJECT_VIEW)
    an_unsupported(an, -1, "COMMENT ON this kind of object");
  PgQuery__List *l = stmt->object->list;
  int n = (int)l->n_items;
  bool column = stmt->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_COLUMN;
  if (column && n < 2) an_error(an, -1, ERRCODE_SYNTAX_ERROR, "column name must be qualified");
  int relpos = column ? n - 2 : n - 1;
  rel = l->items[relpos]->string->sval;
  if (relpos > 0 && strcmp(l->items[relpos - 1]->string->sval, "public"))
    an_error(an, -1, ERRCODE_UNDEFINED_SCHEMA, "schema \"%s\" does not exist", l->items[relpos - 1]->string->sval);
  if (column) col = l->items[n - 1]->string->sval;
  bool isview = view_exists(an->db, rel);
  Table *t = strncmp(rel, "pgm_", 4) ? usercat_table(an->db, rel) : NULL;
  if (!t && !isview) an_error(an, -1, ERRCODE_UNDEFINED_TABLE, "relation \"%s\" does not exist", rel);
  if (stmt->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_VIEW && !isview)
    an_error(an, -1, ERRCODE_WRONG_OBJECT_TYPE, "\"%s\" is not a view", rel);
  if (stmt->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_TABLE && isview)
    an_error(an, -1, ERRCODE_WRONG_OBJECT_TYPE, "\"%s\" is not a table", rel);
  if (column && t && usercat_column(t, col) < 0)
    an_error(an, -1, ERRCODE_UNDEFINED_COLUMN, "column \"%s\" of relation \"%s\" does not exist", col, rel);
  if (column && isview) an_unsupported(an, -1, "COMMENT ON COLUMN of a view");
  StrBuf b = STRBUF_INIT;
  if (stmt->comment && *stmt->comment) {
    sb_puts(&b, "INSERT OR REPLACE INTO pgm_description (relname, attname, description) VALUES (");
    usercat_sql_text(&b, rel);
    sb_puts(&b, ", ");
    usercat_sql_text(&b, col);
    sb_puts(&b, ", ");
    usercat_sql_text(&b, stmt->comment);
    sb_puts(&b, ")");
  } else {
    sb_puts(&b, "DELETE FROM pgm_description WHERE relname = ");
    usercat_sql_text(&b, rel);
    sb_puts(&b, " AND attname = ");
    usercat_sql_text(&b, col);
  }
  plan->kind = PLAN_SQL;
  plan->ddl = true;
  plan->tagkind = TAG_PLAIN;
  plan->tag = pgm_strdup("COMMENT");
  plan_add_sql(plan, sb_str(&b));
  sb_free(&b);
}
