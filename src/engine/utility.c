/*
** utility.c — statements that are not queries: SET and SHOW over the
** settings of the connection.  Transaction control is in xact.c.
*/
#include "engine/engine.h"
#include "adt/adt.h"
#include "catalog/usercat.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int utility_done(pgm_stmt *st, const char *tag) {
  snprintf(st->tag, sizeof st->tag, "%s", tag);
  st->tag_pending = false;
  st->state = 2;
  return PGM_DONE;
}

int utility_fail(pgm_stmt *st, pgm_error *e) {
  if (st->db->in_block) st->db->failed = true;
  engine_set_error(st, e);
  st->state = 2;
  return pgm_error_code(e);
}

/* ---- settings ---- */

static char **builtin_slot(Settings *s, const char *name) {
  if (!strcasecmp(name, "timezone")) return &s->timezone;
  if (!strcasecmp(name, "datestyle")) return &s->datestyle;
  if (!strcasecmp(name, "intervalstyle")) return &s->intervalstyle;
  if (!strcasecmp(name, "application_name")) return &s->application_name;
  if (!strcasecmp(name, "client_encoding")) return &s->client_encoding;
  if (!strcasecmp(name, "search_path")) return &s->search_path;
  if (!strcasecmp(name, "bytea_output")) return &s->bytea_output;
  return NULL;
}

/* "5s", "100", "1min" -> milliseconds (PostgreSQL's units for time settings). */
static int parse_ms(const char *v, int64_t *out) {
  char *end;
  double x = strtod(v, &end);
  while (*end == ' ') end++;
  double mult = 1;
  if (!*end || !strcmp(end, "ms")) mult = 1;
  else if (!strcmp(end, "s")) mult = 1000;
  else if (!strcmp(end, "min")) mult = 60000;
  else if (!strcmp(end, "h")) mult = 3600000;
  else if (!strcmp(end, "d")) mult = 86400000;
  else return -1;
  if (end == v) return -1;
  *out = (int64_t)(x * mult);
  return 0;
}

static void set_other(Settings *s, const char *name, const char *value) {
  for (int i = 0; i < s->nother; i++)
    if (!strcasecmp(s->other_names[i], name)) {
      free(s->other_values[i]);
      s->other_values[i] = value ? pgm_strdup(value) : NULL;
      return;
    }
  s->other_names = pgm_realloc(s->other_names, sizeof(char *) * (size_t)(s->nother + 1));
  s->other_values = pgm_realloc(s->other_values, sizeof(char *) * (size_t)(s->nother + 1));
  s->other_names[s->nother] = pgm_strdup(name);
  s->other_values[s->nother++] = value ? pgm_strdup(value) : NULL;
}

int utility_set(pgm_db *db, const char *name, const char *value, pgm_error **err) {
  Settings *s = &db->settings;
  if (!strcasecmp(name, "pgmicro.dialect")) {
    if (value && !strcasecmp(value, "sqlite")) db->dialect = PGM_DIALECT_SQLITE;
    else if (!value || !strcasecmp(value, "postgres")) db->dialect = PGM_DIALECT_POSTGRES;
    else { *err = pgm_error_new(ERRCODE_INVALID_PARAMETER_VALUE, "invalid value for parameter \"pgmicro.dialect\": \"%s\"", value); return -1; }
    return 0;
  }
  if (!strcasecmp(name, "statement_timeout")) {
    int64_t ms = 0;
    if (value && parse_ms(value, &ms) != 0) {
      *err = pgm_error_new(ERRCODE_INVALID_PARAMETER_VALUE, "invalid value for parameter \"statement_timeout\": \"%s\"", value);
      return -1;
    }
    s->statement_timeout_ms = ms;
    return 0;
  }
  if (!strcasecmp(name, "lock_timeout")) {
    /* How long a statement waits for another connection's write lock (the
    ** busy timeout, engine/db.c): 0 waits as long as it takes, as in
    ** PostgreSQL; RESET returns to the connection's own default. */
    int64_t ms = 0;
    if (value && parse_ms(value, &ms) != 0) {
      *err = pgm_error_new(ERRCODE_INVALID_PARAMETER_VALUE, "invalid value for parameter \"lock_timeout\": \"%s\"", value);
      return -1;
    }
    db->busy_timeout_ms = !value ? db->busy_timeout_default_ms : ms == 0 || ms > INT_MAX ? INT_MAX : (int)ms;
    return 0;
  }
  if (!strcasecmp(name, "extra_float_digits")) {
    int v = value ? atoi(value) : 1;
    if (v < -15 || v > 3) {
      *err = pgm_error_new(ERRCODE_INVALID_PARAMETER_VALUE, "%d is outside the valid range for parameter \"extra_float_digits\" (-15 .. 3)", v);
      return -1;
    }
    s->extra_float_digits = v;
    return 0;
  }
  if (!strcasecmp(name, "client_encoding") && value && strcasecmp(value, "UTF8") && strcasecmp(value, "UTF-8") && strcasecmp(value, "unicode")) {
    *err = pgm_error_new(ERRCODE_FEATURE_NOT_SUPPORTED, "client_encoding %s is not supported by pgmicro (UTF8 only)", value);
    return -1;
  }
  if (!strcasecmp(name, "intervalstyle") && value && strcasecmp(value, "postgres") && strcasecmp(value, "postgres_verbose")) {
    *err = pgm_error_new(ERRCODE_FEATURE_NOT_SUPPORTED, "IntervalStyle %s is not supported by pgmicro yet", value);
    return -1;
  }
  if (!strcasecmp(name, "default_transaction_isolation") && value && xact_isolation_parse(value) == XACT_ISOLATION_UNSET) {
    *err = pgm_error_new(ERRCODE_INVALID_PARAMETER_VALUE, "invalid value for parameter \"default_transaction_isolation\": \"%s\"", value);
    pgm_error_set_hint(*err, "Available values: serializable, repeatable read, read committed, read uncommitted.");
    return -1;
  }
  if (!strcasecmp(name, "bytea_output") && value && strcasecmp(value, "hex")) {
    *err = pgm_error_new(ERRCODE_FEATURE_NOT_SUPPORTED, "bytea_output %s is not supported by pgmicro yet", value);
    return -1;
  }
  char **slot = builtin_slot(s, name);
  if (slot) {
    const PgSetting *def = pgm_setting_by_name(name);
    const char *v = value ? value : !strcasecmp(name, "timezone") ? "UTC" : def ? def->setting : "";
    free(*slot);
    *slot = pgm_strdup(v);
    return 0;
  }
  if (!pgm_setting_by_name(name) && !strchr(name, '.')) {
    *err = pgm_error_new(ERRCODE_UNDEFINED_OBJECT, "unrecognized configuration parameter \"%s\"", name);
    return -1;
  }
  set_other(s, name, value);
  return 0;
}

const char *utility_show(pgm_db *db, const char *name, const char **canonical) {
  Settings *s = &db->settings;
  const PgSetting *def = pgm_setting_by_name(name);
  *canonical = def ? def->name : name;
  if (!strcasecmp(name, "pgmicro.dialect")) return db->dialect ? "sqlite" : "postgres";
  if (!strcasecmp(name, "server_version")) return PGM_PG_VERSION;
  if (!strcasecmp(name, "server_version_num")) return PGM_PG_VERSION_NUM;
  if (!strcasecmp(name, "transaction_isolation")) return xact_isolation_show(db);
  if (!strcasecmp(name, "statement_timeout") || !strcasecmp(name, "lock_timeout")) {
    static _Thread_local char buf[32];
    int64_t ms = !strcasecmp(name, "statement_timeout") ? s->statement_timeout_ms
               : db->busy_timeout_ms == INT_MAX ? 0 : db->busy_timeout_ms;
    if (ms % 1000 == 0 && ms) snprintf(buf, sizeof buf, "%llds", (long long)(ms / 1000));
    else snprintf(buf, sizeof buf, "%lld", (long long)ms);
    return buf;
  }
  if (!strcasecmp(name, "extra_float_digits")) {
    static _Thread_local char buf[16];
    snprintf(buf, sizeof buf, "%d", s->extra_float_digits);
    return buf;
  }
  char **slot = builtin_slot(s, name);
  if (slot) return *slot;
  for (int i = 0; i < s->nother; i++)
    if (!strcasecmp(s->other_names[i], name)) return s->other_values[i] ? s->other_values[i] : (def ? def->setting : "");
  if (def) return def->setting;
  return NULL;
}

int utility_execute(pgm_stmt *st) {
  Plan *p = st->plan;
  switch (p->utility) {
  case UTIL_SET: {
    pgm_error *err = NULL;
    if (utility_set(st->db, p->util_name, p->util_value, &err) != 0) {
      return utility_fail(st, err);
    }
    return utility_done(st, p->tag);
  }
  case UTIL_NOOP: return utility_done(st, p->tag);
  default: return xact_execute(st);
  }
}

/* pgm_show(name): SHOW runs as "SELECT pgm_show('name')". */
static void fn_show(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  const char *canon;
  const char *v = utility_show(adt_db(ctx), (const char *)sqlite3_value_text(argv[0]), &canon);
  if (!v) { adt_error(ctx, ERRCODE_UNDEFINED_OBJECT, "unrecognized configuration parameter \"%s\"", sqlite3_value_text(argv[0])); return; }
  sqlite3_result_text(ctx, v, -1, SQLITE_TRANSIENT);
}

/* current_setting(name [, missing_ok]): SHOW as a function. */
static void fn_current_setting(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  const char *canon;
  const char *v = utility_show(adt_db(ctx), (const char *)sqlite3_value_text(argv[0]), &canon);
  if (!v) {
    if (argc > 1 && sqlite3_value_int(argv[1])) { sqlite3_result_null(ctx); return; }
    adt_error(ctx, ERRCODE_UNDEFINED_OBJECT, "unrecognized configuration parameter \"%s\"", sqlite3_value_text(argv[0]));
    return;
  }
  sqlite3_result_text(ctx, v, -1, SQLITE_TRANSIENT);
}

/* set_config(name, value, is_local): SET as a function; returns the new value. */
static void fn_set_config(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  pgm_db *db = adt_db(ctx);
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL) { adt_error(ctx, ERRCODE_NULL_VALUE_NOT_ALLOWED, "SET requires parameter name"); return; }
  if (sqlite3_value_int(argv[2])) { adt_error(ctx, ERRCODE_FEATURE_NOT_SUPPORTED, "set_config with is_local = true is not supported by pgmicro yet"); return; }
  const char *name = (const char *)sqlite3_value_text(argv[0]);
  const char *value = sqlite3_value_type(argv[1]) == SQLITE_NULL ? NULL : (const char *)sqlite3_value_text(argv[1]);
  pgm_error *err = NULL;
  if (utility_set(db, name, value, &err) != 0) { adt_raise(ctx, err); return; }
  const char *canon;
  const char *v = utility_show(db, name, &canon);
  sqlite3_result_text(ctx, v ? v : "", -1, SQLITE_TRANSIENT);
}

/* pgm_vacuum_check(): VACUUM's first step (commands/vacuum.c) — PostgreSQL
** refuses VACUUM inside a transaction block. */
static void fn_vacuum_check(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc; (void)argv;
  if (adt_db(ctx)->in_block) {
    adt_error(ctx, ERRCODE_ACTIVE_SQL_TRANSACTION, "VACUUM cannot run inside a transaction block");
    return;
  }
  sqlite3_result_null(ctx);
}

const AdtFunc adt_settings_funcs[] = {
  {"pgm_vacuum_check", 0, ADT_VOLATILE, fn_vacuum_check},
  {"pgm_show", 1, ADT_STRICT | ADT_VOLATILE, fn_show},
  {"show_config_by_name", 1, ADT_STRICT | ADT_VOLATILE, fn_current_setting},
  {"show_config_by_name_missing_ok", 2, ADT_STRICT | ADT_VOLATILE, fn_current_setting},
  {"set_config_by_name", 3, ADT_VOLATILE, fn_set_config},
  {NULL, 0, 0, NULL},
};
