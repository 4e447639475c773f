/*
** regproc.c — the OID alias types regtype (what pg_typeof() returns): stored
** as the type's OID, shown as its SQL name ("integer", "numeric"), and
** regclass: a relation's OID (catalog/pgcatalog.c), shown as its name;
** regnamespace: a schema's OID;
** and pg_node_tree (pg_attrdef.adbin), which pgmicro keeps as the
** expression's PostgreSQL text.
*/
#include "adt/adt.h"
#include "catalog/pgcatalog.h"
#include "catalog/usercat.h"

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
  if (v->i == 0) sb_puts(out, "-");             /* InvalidOid, as PostgreSQL shows it */
  else if (t) sb_puts(out, t->format_name);
  else sb_printf(out, "%lld", (long long)v->i);
}

/* 'name', '"Name"', 'public.name', 'pg_catalog.pg_class' or an OID. */
static int reg_class_in(pgm_db *db, int32_t typmod, const char *s, size_t n, Datum *out, pgm_error **err) {
  (void)typmod;
  char *text = pgm_strndup(s, n);
  size_t k = 0;
  while (k < n && text[k] >= '0' && text[k] <= '9') k++;
  if (k == n && n > 0) {
    out->kind = D_INT;
    out->i = strtoll(text, NULL, 10);
    free(text);
    return 0;
  }
  /* Split on dots outside quotes, downcasing unquoted parts. */
  char *parts[3] = {NULL, NULL, NULL};
  int np = 0;
  StrBuf cur = STRBUF_INIT;
  bool quoted = false, bad = false;
  for (size_t i = 0; i <= n; i++) {
    char ch = i < n ? text[i] : 0;
    if (quoted) {
      if (ch == '"' && i + 1 < n && text[i + 1] == '"') { sb_putc(&cur, '"'); i++; }
      else if (ch == '"') quoted = false;
      else if (!ch) bad = true;
      else sb_putc(&cur, ch);
    } else if (ch == '"') quoted = true;
    else if (ch == '.' || !ch) {
      if (np == 3) { bad = true; break; }
      char *d = sb_detach(&cur);
      parts[np++] = d ? d : pgm_strdup("");
    } else sb_putc(&cur, ch >= 'A' && ch <= 'Z' ? (char)(ch - 'A' + 'a') : ch);
  }
  sb_free(&cur);
  Oid oid = 0;
  if (!bad && np == 1) oid = db ? syscat_relation_oid(db, parts[0]) : 0;
  else if (!bad && np == 2 && !strcmp(parts[0], "public") && strncmp(parts[1], "pg_", 3)) oid = db ? syscat_relation_oid(db, parts[1]) : 0;
  else if (!bad && np == 2 && !strcmp(parts[0], "pg_catalog") && !strncmp(parts[1], "pg_", 3)) oid = db ? syscat_relation_oid(db, parts[1]) : 0;
  else if (!bad && np == 2 && (!strcmp(parts[0], "pg_temp") || !strcmp(parts[0], PGM_TEMP_SCHEMA_NAME))) {
    /* the connection's temp schema names its TEMP tables only */
    Table *t = db ? usercat_table(db, parts[1]) : NULL;
    oid = t && t->temp ? syscat_relation_oid(db, parts[1]) : 0;
  }
  if (!oid)
    *err = bad ? pgm_error_new(ERRCODE_INVALID_NAME, "invalid name syntax")
               : pgm_error_new(ERRCODE_UNDEFINED_TABLE, "relation \"%s%s%s\" does not exist", parts[0],
                               np > 1 ? "." : "", np > 1 ? parts[1] : "");
  for (int i = 0; i < np; i++) free(parts[i]);
  free(text);
  if (!oid) return -1;
  out->kind = D_INT;
  out->i = oid;
  return 0;
}

static void reg_class_out(pgm_db *db, int32_t typmod, const Datum *v, StrBuf *out) {
  (void)typmod;
  if (v->i == 0) { sb_puts(out, "-"); return; }
  char *name = db ? syscat_relation_name(db, (Oid)v->i) : NULL;
  if (!name) { sb_printf(out, "%lld", (long long)v->i); return; }
  bool safe = (name[0] >= 'a' && name[0] <= 'z') || name[0] == '_';
  for (const char *p = name; *p && safe; p++) safe = (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_' || *p == '.';
  if (safe) sb_puts(out, name);
  else {
    sb_putc(out, '"');
    for (const char *p = name; *p; p++) { if (*p == '"') sb_putc(out, '"'); sb_putc(out, *p); }
    sb_putc(out, '"');
  }
  free(name);
}

/* regnamespace: the four schemas there are (pgcatalog.c's pg_namespace). */
static const struct { Oid oid; const char *name; } reg_namespaces[] = {
  {11, "pg_catalog"}, {99, "pg_toast"}, {2200, "public"}, {13207, "information_schema"}};

static int reg_nsp_in(pgm_db *db, int32_t typmod, const char *s, size_t n, Datum *out, pgm_error **err) {
  (void)db; (void)typmod;
  char *name = pgm_strndup(s, n);
  size_t k = 0;
  while (k < n && name[k] >= '0' && name[k] <= '9') k++;
  out->kind = D_INT;
  if (k == n && n > 0) { out->i = strtoll(name, NULL, 10); free(name); return 0; }
  bool quoted = n >= 2 && name[0] == '"' && name[n - 1] == '"';
  if (quoted) { memmove(name, name + 1, n - 2); name[n - 2] = 0; }
  else for (char *p = name; *p; p++) if (*p >= 'A' && *p <= 'Z') *p = (char)(*p - 'A' + 'a');
  for (size_t i = 0; i < sizeof reg_namespaces / sizeof reg_namespaces[0]; i++)
    if (!strcmp(reg_namespaces[i].name, name)) { out->i = reg_namespaces[i].oid; free(name); return 0; }
  *err = pgm_error_new(ERRCODE_UNDEFINED_SCHEMA, "schema \"%s\" does not exist", name);
  free(name);
  return -1;
}

static void reg_nsp_out(pgm_db *db, int32_t typmod, const Datum *v, StrBuf *out) {
  (void)db; (void)typmod;
  if (v->i == 0) { sb_puts(out, "-"); return; }
  for (size_t i = 0; i < sizeof reg_namespaces / sizeof reg_namespaces[0]; i++)
    if (reg_namespaces[i].oid == (Oid)v->i) { sb_puts(out, reg_namespaces[i].name); return; }
  sb_printf(out, "%lld", (long long)v->i);
}

static int reg_node_in(pgm_db *db, int32_t typmod, const char *s, size_t n, Datum *out, pgm_error **err) {
  (void)db; (void)typmod; (void)s; (void)n; (void)out;
  *err = pgm_error_new(ERRCODE_FEATURE_NOT_SUPPORTED, "cannot accept a value of type pg_node_tree");
  return -1;
}

static void reg_node_out(pgm_db *db, int32_t typmod, const Datum *v, StrBuf *out) {
  (void)db; (void)typmod;
  if (v->kind == D_TEXT) sb_putn(out, v->p, v->n);
}

const AdtTypeIO adt_regproc_types[] = {
  {2206, 'i', reg_type_in, reg_type_out},
  {2205, 'i', reg_class_in, reg_class_out},
  {4089, 'i', reg_nsp_in, reg_nsp_out},
  {194, 't', reg_node_in, reg_node_out},
  {0, 0, NULL, NULL},
};
