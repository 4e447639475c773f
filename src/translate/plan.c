/*
** plan.c — Plan objects (see plan.h).
*/
#include "translate/plan.h"
#include "commands/copy.h"

#include <stdlib.h>
#include <string.h>

Plan *plan_new(void) {
  Plan *p = pgm_malloc(sizeof *p);
  memset(p, 0, sizeof *p);
  p->refcount = 1;
  return p;
}

void plan_release(Plan *p) {
  if (!p || --p->refcount > 0) return;
  for (int i = 0; i < p->nsql; i++) free(p->sql[i]);
  for (int i = 0; i < p->ncols; i++) free(p->cols[i].name);
  free(p->sql);
  free(p->cols);
  free(p->paramtypes);
  free(p->key);
  free(p->tag);
  free(p->util_name);
  free(p->util_value);
  free(p->notice);
  free(p->target_table);
  free(p->row_lock_table);
  copy_plan_free(p->copy);
  free(p);
}

void plan_add_sql(Plan *p, const char *sql) {
  p->sql = pgm_realloc(p->sql, sizeof(char *) * (size_t)(p->nsql + 1));
  p->sql[p->nsql++] = pgm_strdup(sql);
}

void plan_add_column(Plan *p, const char *name, Oid type, int32_t typmod) {
  p->cols = pgm_realloc(p->cols, sizeof(PlanColumn) * (size_t)(p->ncols + 1));
  p->cols[p->ncols].name = pgm_strdup(name);
  p->cols[p->ncols].type = type;
  p->cols[p->ncols].typmod = typmod;
  p->ncols++;
}
