/*
** parse_view.c — a view named in FROM: its stored definition (pgm_view,
** written by commands/view.c) analysed as a subquery of its own, with the
** view's column names.  Views are read-only: INSERT/UPDATE/DELETE on one is
** refused (an_view_check_dml).
*/
#include "analyze/parse_view.h"

#include <string.h>

/* Nesting depth of view expansion, against a view that refers to itself. */
static _Thread_local int view_depth;

static char *view_lookup(Analysis *an, const char *name, char **colnames) {
  sqlite3_stmt *st;
  char *def = NULL;
  if (sqlite3_prepare_v2(an->db->sq, "SELECT definition, colnames FROM pgm_view WHERE viewname = ?1", -1, &st, NULL) != SQLITE_OK)
    return NULL;
  sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
  if (sqlite3_step(st) == SQLITE_ROW) {
    def = an_strdup(an, (const char *)sqlite3_column_text(st, 0));
    *colnames = an_strdup(an, (const char *)sqlite3_column_text(st, 1));
  }
  sqlite3_finalize(st);
  return def;
}

Query *view_analyze(Analysis *an, const char *definition) {
  RawParse rp;
  pgm_error *err = NULL;
  if (parser_parse(definition, strlen(definition), &rp, &err) != 0) {
    an->err = err;
    longjmp(an->on_error, 1);
  }
  if (view_depth > 32) {
    parser_free(&rp);
    an_error(an, -1, ERRCODE_INVALID_OBJECT_DEFINITION, "infinite recursion detected in rules for relation");
  }
  const char *savetext = an->text;
  an->text = definition;
  Query *q = NULL;
  jmp_buf save;
  memcpy(save, an->on_error, sizeof save);
  view_depth++;
  if (setjmp(an->on_error) == 0) {
    ParseState *vps = an_new_pstate(an, NULL);
    q = an_select(vps, rp.tree->stmts[0]->stmt->select_stmt, true);
  }
  view_depth--;
  memcpy(an->on_error, save, sizeof save);
  an->text = savetext;
  parser_free(&rp);
  if (!q) {
    if (an->err) an->err->position = 0;
    longjmp(an->on_error, 1);
  }
  return q;
}

RangeTblEntry *an_view_rte(ParseState *ps, PgQuery__RangeVar *rv) {
  Analysis *an = ps->an;
  if (rv->schemaname && *rv->schemaname && strcmp(rv->schemaname, "public")) return NULL;
  char *colnames = NULL;
  char *def = view_lookup(an, rv->relname, &colnames);
  if (!def) return NULL;
  Query *q = view_analyze(an, def);
  RangeTblEntry *rte = an_alloc(an, sizeof *rte);
  rte->kind = RTE_SUBQUERY;
  rte->subquery = q;
  for (int i = 0; i < q->ntargets; i++) if (!q->targets[i].junk) rte->ncols++;
  rte->colnames = an_alloc(an, sizeof(char *) * (size_t)(rte->ncols + 1));
  rte->coltypes = an_alloc(an, sizeof(Oid) * (size_t)(rte->ncols + 1));
  rte->coltypmods = an_alloc(an, sizeof(int32_t) * (size_t)(rte->ncols + 1));
  char *p = colnames;
  for (int i = 0, k = 0; i < q->ntargets; i++) {
    if (q->targets[i].junk) continue;
    char *nl = p ? strchr(p, '\n') : NULL;
    if (nl) *nl = 0;
    rte->colnames[k] = p && *p ? p : q->targets[i].name;
    p = nl ? nl + 1 : NULL;
    rte->coltypes[k] = q->targets[i].expr->type;
    rte->coltypmods[k] = q->targets[i].expr->typmod;
    k++;
  }
  rte->alias = rv->alias ? an_strdup(an, rv->alias->aliasname) : an_strdup(an, rv->relname);
  rte->rel_visible = rte->cols_visible = true;
  return rte;
}

void an_view_check_dml(Analysis *an, PgQuery__RangeVar *rv, const char *verb) {
  char *colnames = NULL;
  if (!view_lookup(an, rv->relname, &colnames)) return;
  pgm_error *e = pgm_error_new(ERRCODE_FEATURE_NOT_SUPPORTED, "cannot %s view \"%s\"", verb, rv->relname);
  pgm_error_set_detail(e, "pgmicro's views are read-only (PostgreSQL's automatically updatable views are not supported).");
  e->position = parser_char_position(an->text, rv->location);
  an->err = e;
  longjmp(an->on_error, 1);
}
