/*
** regproc.c — the OID alias type regtype (what pg_typeof() returns): stored
** as the type's OID, shown as its SQL name ("integer", "numeric").
*/
#include "adt/adt.h"

#include <stdlib.h>
#include <string.h>

static int reg_type_in(pgm_db *db, int32_t typmod, const char *s, size_t n, Datum *out, pgm_error **err) {
  (void)db; (void)typmod;
  char *name = pgm_strndup(s, n);
  const PgType *t = pgm_type_by_name(name);
  for (int i = 0; !t && i < pgm_builtin_ntypes; i++)
    if (!strcmp(pgm_builtin_types[i].format_name, name)) t = &pgm_builtin_types[i];
  if (!t) {
    *err = pgm_error_new(ERRCODE_UNDEFINED_OBJECT, "type \"%s\" does not exist", name);
    free(name);
    return -1;
  }
  free(name);
  out->kind = D_INT;
  out->i = t->oid;
  return 0;
}

static void reg_type_out(pgm_db *db, int32_t typmod, const Datum *v, StrBuf *out) {
  (void)db; (void)typmod;
  const PgType *t = pgm_type_by_oid((Oid)v->i);
  if (t) sb_puts(out, t->format_name);
  else sb_printf(out, "%lld", (long long)v->i);
}

const AdtTypeIO adt_regproc_types[] = {
  {2206, 'i', reg_type_in, reg_type_out},
  {0, 0, NULL, NULL},
};
