/*
** prepare.c — pgm_prepare: from text to a statement ready to step.
**
** A parse costs more than SQLite's whole prepare (NOTES.md: ~29 us against
** ~5 us), so plans are cached per connection by statement text, and each
** plan keeps one idle SQLite statement for the next pgm_stmt made from it:
** repeating a statement skips libpg_query, the analyser and SQLite's
** prepare.  The cache is dropped whenever the schema changes, here or in
** another connection (SQLite's schema cookie tells).
*/
#include "engine/engine.h"
#include "analyze/analyze.h"
#include "commands/tablecmds.h"
#include "commands/ddl.h"
#include "commands/copy.h"
#include "translate/translate.h"
#include "adt/adt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define CACHE_SIZE 512

typedef struct CacheEntry {
  Plan *plan;
  sqlite3_stmt *idle;      /* a prepared, reset SQLite statement of plan->sql[last] */
  uint64_t hash;
  uint64_t lastuse;
} CacheEntry;

struct PlanCache {
  CacheEntry e[CACHE_SIZE];
  uint64_t clock;
};

static uint64_t hash_text(const char *s, size_t n) {
  uint64_t h = 1469598103934665603ULL;
  for (size_t i = 0; i < n; i++) { h ^= (unsigned char)s[i]; h *= 1099511628211ULL; }
  return h;
}

static void entry_clear(CacheEntry *e) {
  if (e->idle) sqlite3_finalize(e->idle);
  plan_release(e->plan);
  memset(e, 0, sizeof *e);
}

void plancache_clear(pgm_db *db) {
  if (!db->cache) return;
  for (int i = 0; i < CACHE_SIZE; i++) if (db->cache->e[i].plan) entry_clear(&db->cache->e[i]);
}

void plancache_free(pgm_db *db) {
  plancache_clear(db);
  free(db->cache);
  db->cache = NULL;
}

static CacheEntry *cache_find(pgm_db *db, const char *sql, size_t len, uint64_t h) {
  if (!db->cache) return NULL;
  for (int i = 0; i < CACHE_SIZE; i++) {
    CacheEntry *e = &db->cache->e[(h + (uint64_t)i) % CACHE_SIZE];
    if (!e->plan) return NULL;
    if (e->hash == h && strlen(e->plan->key) == len && !memcmp(e->plan->key, sql, len)) {
      e->lastuse = ++db->cache->clock;
      return e;
    }
  }
  return NULL;
}

/* Open addressing without deletion: when full, the whole cache is dropped
** (rare; simpler and as fast as an LRU for the workloads that matter). */
static void cache_put(pgm_db *db, Plan *p, uint64_t h) {
  if (!db->cache) {
    db->cache = pgm_malloc(sizeof *db->cache);
    memset(db->cache, 0, sizeof *db->cache);
  }
  for (int i = 0; i < CACHE_SIZE / 2; i++) {
    CacheEntry *e = &db->cache->e[(h + (uint64_t)i) % CACHE_SIZE];
    if (!e->plan) {
      e->plan = p;
      p->refcount++;
      e->hash = h;
      e->lastuse = ++db->cache->clock;
      return;
    }
  }
  plancache_clear(db);
  cache_put(db, p, h);
}

/* Drop cached plans and tables when another connection changed the schema. */
static void check_schema(pgm_db *db) {
  if (!db->schema_stmt &&
      sqlite3_prepare_v3(db->sq, "PRAGMA schema_version", -1, SQLITE_PREPARE_PERSISTENT, &db->schema_stmt, NULL) != SQLITE_OK)
    return;
  int64_t v = -1;
  if (sqlite3_step(db->schema_stmt) == SQLITE_ROW) v = sqlite3_column_int64(db->schema_stmt, 0);
  sqlite3_reset(db->schema_stmt);
  if (v != db->schema_cookie) {
    plancache_clear(db);
    usercat_invalidate(db);
    if (db->schema_cookie) db->catalog_version++;
    db->schema_cookie = v;
  }
}

/* ---- analysis of one statement ---- */

static void utility_plan(Plan *p, UtilityKind k, const char *tag) {
  p->kind = PLAN_UTILITY;
  p->utility = k;
  p->tagkind = TAG_PLAIN;
  p->tag = pgm_strdup(tag);
}

/* BEGIN's and SET TRANSACTION's modes: the isolation level is kept
** (engine/xact.c); READ ONLY is not enforced yet, so it is refused. */
static void transaction_modes(Analysis *an, Node **opts, size_t n, Plan *p) {
  for (size_t i = 0; i < n; i++) {
    PgQuery__DefElem *d = opts[i]->def_elem;
    Node *arg = d->arg;
    if (!strcmp(d->defname, "transaction_isolation") && arg && arg->node_case == PG_QUERY__NODE__NODE_A_CONST &&
        arg->a_const->val_case == PG_QUERY__A__CONST__VAL_SVAL)
      p->util_isolation = xact_isolation_parse(arg->a_const->sval->sval);
    else if (!strcmp(d->defname, "transaction_read_only") && arg && arg->node_case == PG_QUERY__NODE__NODE_A_CONST &&
             arg->a_const->val_case == PG_QUERY__A__CONST__VAL_IVAL) {
      if (arg->a_const->ival->ival) an_unsupported(an, -1, "READ ONLY transactions");
    } else if (strcmp(d->defname, "transaction_deferrable"))
      an_unsupported(an, -1, "this transaction mode");
  }
}

static void transaction_stmt(Analysis *an, PgQuery__TransactionStmt *t, Plan *p) {
  switch (t->kind) {
  case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_BEGIN:
  case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_START:
    transaction_modes(an, t->options, t->n_options, p);
    utility_plan(p, UTIL_BEGIN, t->kind == PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_START ? "START TRANSACTION" : "BEGIN");
    return;
  case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_COMMIT:
    if (t->chain) an_unsupported(an, -1, "AND CHAIN");
    utility_plan(p, UTIL_COMMIT, "COMMIT");
    return;
  case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_ROLLBACK:
    if (t->chain) an_unsupported(an, -1, "AND CHAIN");
    utility_plan(p, UTIL_ROLLBACK, "ROLLBACK");
    return;
  case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_SAVEPOINT:
    utility_plan(p, UTIL_SAVEPOINT, "SAVEPOINT");
    p->util_name = pgm_strdup(t->savepoint_name);
    return;
  case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_RELEASE:
    utility_plan(p, UTIL_RELEASE, "RELEASE");
    p->util_name = pgm_strdup(t->savepoint_name);
    return;
  case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_ROLLBACK_TO:
    utility_plan(p, UTIL_ROLLBACK_TO, "ROLLBACK");
    p->util_name = pgm_strdup(t->savepoint_name);
    return;
  default:
    an_unsupported(an, -1, "two-phase commit");
  }
}

/* The value of SET name = value as text (constants only, as in PostgreSQL). */
static char *set_value(Analysis *an, PgQuery__VariableSetStmt *s) {
  StrBuf b = STRBUF_INIT;
  for (size_t i = 0; i < s->n_args; i++) {
    Node *n = s->args[i];
    if (i) sb_puts(&b, ", ");
    if (n->node_case == PG_QUERY__NODE__NODE_TYPE_CAST) n = n->type_cast->arg;
    if (n->node_case != PG_QUERY__NODE__NODE_A_CONST) { sb_free(&b); an_unsupported(an, -1, "this SET value"); }
    PgQuery__AConst *c = n->a_const;
    switch (c->val_case) {
    case PG_QUERY__A__CONST__VAL_IVAL: sb_printf(&b, "%d", c->ival->ival); break;
    case PG_QUERY__A__CONST__VAL_FVAL: sb_puts(&b, c->fval->fval); break;
    case PG_QUERY__A__CONST__VAL_SVAL: sb_puts(&b, c->sval->sval); break;
    case PG_QUERY__A__CONST__VAL_BOOLVAL: sb_puts(&b, c->boolval->boolval ? "on" : "off"); break;
    default: sb_free(&b); an_unsupported(an, -1, "this SET value");
    }
  }
  return sb_detach(&b);
}

static void variable_set(Analysis *an, PgQuery__VariableSetStmt *s, Plan *p) {
  switch (s->kind) {
  case PG_QUERY__VARIABLE_SET_KIND__VAR_SET_VALUE:
    utility_plan(p, UTIL_SET, "SET");
    p->util_name = pgm_strdup(s->name);
    p->util_value = set_value(an, s);
    break;
  case PG_QUERY__VARIABLE_SET_KIND__VAR_SET_DEFAULT:
  case PG_QUERY__VARIABLE_SET_KIND__VAR_RESET:
    utility_plan(p, UTIL_SET, s->kind == PG_QUERY__VARIABLE_SET_KIND__VAR_RESET ? "RESET" : "SET");
    p->util_name = pgm_strdup(s->name);
    break;
  case PG_QUERY__VARIABLE_SET_KIND__VAR_SET_MULTI:
    if (!strcmp(s->name, "TRANSACTION")) {
      utility_plan(p, UTIL_SET_TRANSACTION, "SET");
      transaction_modes(an, s->args, s->n_args, p);
      return;
    }
    if (!strcmp(s->name, "SESSION CHARACTERISTICS")) {   /* AS TRANSACTION ...: the defaults */
      transaction_modes(an, s->args, s->n_args, p);
      utility_plan(p, p->util_isolation == XACT_ISOLATION_UNSET ? UTIL_NOOP : UTIL_SET, "SET");
      if (p->utility == UTIL_NOOP) return;
      p->util_name = pgm_strdup("default_transaction_isolation");
      p->util_value = pgm_strdup(xact_isolation_name(p->util_isolation));
      return;
    }
    an_unsupported(an, -1, "this SET form");
  default:
    an_unsupported(an, -1, "this SET form");
  }
  if (s->is_local) an_unsupported(an, -1, "SET LOCAL");
}

/* SHOW name runs as SELECT pgm_show('name'): one text column named as the setting. */
static void show_stmt(Analysis *an, PgQuery__VariableShowStmt *s, Plan *plan) {
  const char *canonical;
  if (!strcasecmp(s->name, "all")) an_unsupported(an, -1, "SHOW ALL");
  if (!utility_show(an->db, s->name, &canonical))
    an_error(an, -1, ERRCODE_UNDEFINED_OBJECT, "unrecognized configuration parameter \"%s\"", s->name);
  StrBuf b = STRBUF_INIT;
  sb_puts(&b, "SELECT pgm_show(");
  sb_put_sqlstr(&b, s->name, strlen(s->name));
  sb_putc(&b, ')');
  plan->kind = PLAN_SQL;
  plan->utility = UTIL_SHOW;   /* takes no snapshot: not a block's first query (xact.c) */
  plan_add_sql(plan, sb_str(&b));
  sb_free(&b);
  plan_add_column(plan, canonical, PGM_OID_TEXT, -1);
  plan->returns_rows = true;
  plan->tagkind = TAG_PLAIN;
  plan->tag = pgm_strdup("SHOW");
}

static void analyze_stmt(Analysis *an, Node *stmt, Plan *plan) {
  ParseState *ps = an_new_pstate(an, NULL);
  Query *q = NULL;
  switch (stmt->node_case) {
  case PG_QUERY__NODE__NODE_SELECT_STMT:
    if (stmt->select_stmt->into_clause) { cmd_select_into(an, stmt, plan); return; }
    q = an_select(ps, stmt->select_stmt, true);
    break;
  case PG_QUERY__NODE__NODE_INSERT_STMT: q = an_insert(ps, stmt->insert_stmt); break;
  case PG_QUERY__NODE__NODE_UPDATE_STMT: q = an_update(ps, stmt->update_stmt); break;
  case PG_QUERY__NODE__NODE_DELETE_STMT: q = an_delete(ps, stmt->delete_stmt); break;
  case PG_QUERY__NODE__NODE_CREATE_STMT: cmd_create_table(an, stmt->create_stmt, plan); return;
  case PG_QUERY__NODE__NODE_DROP_STMT:
    if (stmt->drop_stmt->remove_type == PG_QUERY__OBJECT_TYPE__OBJECT_VIEW) cmd_drop_view(an, stmt->drop_stmt, plan);
    else cmd_drop(an, stmt->drop_stmt, plan);
    return;
  /* commands/ddl.h */
  case PG_QUERY__NODE__NODE_TRUNCATE_STMT: cmd_truncate(an, stmt->truncate_stmt, plan); return;
  case PG_QUERY__NODE__NODE_CREATE_SEQ_STMT: cmd_create_sequence(an, stmt->create_seq_stmt, plan); return;
  case PG_QUERY__NODE__NODE_ALTER_SEQ_STMT: cmd_alter_sequence(an, stmt->alter_seq_stmt, plan); return;
  case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT: cmd_alter_table(an, stmt->alter_table_stmt, plan); return;
  case PG_QUERY__NODE__NODE_RENAME_STMT: cmd_rename(an, stmt->rename_stmt, plan); return;
  case PG_QUERY__NODE__NODE_CREATE_TABLE_AS_STMT: cmd_create_table_as(an, stmt->create_table_as_stmt, plan); return;
  case PG_QUERY__NODE__NODE_VIEW_STMT: cmd_create_view(an, stmt->view_stmt, plan); return;
  case PG_QUERY__NODE__NODE_COMMENT_STMT: cmd_comment(an, stmt->comment_stmt, plan); return;
  case PG_QUERY__NODE__NODE_INDEX_STMT: cmd_create_index(an, stmt->index_stmt, plan); return;
  case PG_QUERY__NODE__NODE_TRANSACTION_STMT: transaction_stmt(an, stmt->transaction_stmt, plan); return;
  case PG_QUERY__NODE__NODE_VARIABLE_SET_STMT: variable_set(an, stmt->variable_set_stmt, plan); return;
  case PG_QUERY__NODE__NODE_VARIABLE_SHOW_STMT: show_stmt(an, stmt->variable_show_stmt, plan); return;
  case PG_QUERY__NODE__NODE_COPY_STMT: cmd_copy(an, stmt->copy_stmt, plan); return;
  case PG_QUERY__NODE__NODE_VACUUM_STMT: cmd_vacuum(an, stmt->vacuum_stmt, plan); return;
  default: {
    const char *command = parser_command_name(stmt);
    if (command) an_error(an, -1, ERRCODE_FEATURE_NOT_SUPPORTED, "%s is not supported by pgmicro yet", command);
    else an_error(an, -1, ERRCODE_FEATURE_NOT_SUPPORTED, "statement %s is not supported by pgmicro yet",
                  parser_node_name(stmt));
  }
  }
  translate_query(an, q, plan);
}

/* Analyse and translate one raw statement into a new plan. */
static Plan *make_plan(pgm_db *db, Node *stmt, const char *text, const Lifted *lift, const Oid *ptypes,
                       int nptypes, pgm_error **err) {
  Analysis an;
  memset(&an, 0, sizeof an);
  an.db = db;
  an.text = text;
  arena_init(&an.arena);
  Plan *plan = plan_new();
  if (setjmp(an.on_error) != 0) {
    sb_use_arena(NULL);
    *err = an.err ? an.err : pgm_error_new(ERRCODE_INTERNAL_ERROR, "analysis failed");
    plan_release(plan);
    arena_free(&an.arena);
    return NULL;
  }
  sb_use_arena(&an.arena);
  if (lift) {
    an.lifted = true;
    plan->lifted = true;
    for (int i = 0; i < lift->n; i++) an_set_param_type(&an, i + 1, lifted_param_type(lift->lits[i].kind));
  }
  /* Parameters declared by the caller (pgm_prepare_v2, the wire protocol's
  ** Parse) have their type from the start, as in PostgreSQL. */
  for (int i = 0; i < nptypes; i++) {
    if (!ptypes[i]) continue;
    if (!adt_type_supported(ptypes[i])) {
      const PgType *t = pgm_type_by_oid(ptypes[i]);
      if (t) an_error(&an, -1, ERRCODE_FEATURE_NOT_SUPPORTED, "type %s is not supported by pgmicro", t->format_name);
      an_error(&an, -1, ERRCODE_UNDEFINED_OBJECT, "type with OID %u does not exist", ptypes[i]);
    }
    an_set_param_type(&an, i + 1, ptypes[i]);
  }
  analyze_stmt(&an, stmt, plan);
  plan->row_lock = an.row_lock;
  plan->row_lock_nowait = an.row_lock_nowait;
  plan->row_lock_table = an.row_lock_table ? pgm_strdup(an.row_lock_table) : NULL;
  plan->catalog_version = db->catalog_version;
  plan->nparams = an.nparams;
  plan->paramtypes = pgm_malloc(sizeof(Oid) * (size_t)(an.nparams + 1));
  for (int i = 0; i < an.nparams; i++) {
    Oid t = an.paramtypes[i];
    plan->paramtypes[i] = (t && t != PGM_OID_UNKNOWN) ? t : PGM_OID_TEXT;
  }
  sb_use_arena(NULL);
  arena_free(&an.arena);
  return plan;
}

/* ---- statements ---- */

static pgm_stmt *new_stmt(pgm_db *db, Plan *plan, const char *text, size_t len) {
  pgm_stmt *st = pgm_malloc(sizeof *st);
  memset(st, 0, sizeof *st);
  st->db = db;
  st->plan = plan;
  st->text = pgm_strndup(text, len);
  st->values = pgm_malloc(sizeof(pgm_value) * (size_t)(plan->ncols + 1));
  memset(st->values, 0, sizeof(pgm_value) * (size_t)(plan->ncols + 1));
  for (int i = 0; i < plan->ncols; i++) {
    st->values[i].stmt = st;
    st->values[i].col = i;
    st->values[i].type = plan->cols[i].type;
    st->values[i].typmod = plan->cols[i].typmod;
  }
  db->nstmts++;
  return st;
}

/* PGMICRO_TRACE=1 prints every translation to stderr (for developers). */
static void trace_plan(const Plan *p) {
  static int trace = -1;
  if (trace < 0) trace = getenv("PGMICRO_TRACE") != NULL;
  if (!trace) return;
  for (int i = 0; i < p->nsql; i++) fprintf(stderr, "pgmicro: %s\n", p->sql[i]);
}

static int prepare_sqlite(pgm_db *db, pgm_stmt *st, CacheEntry *ce, pgm_error **err) {
  Plan *p = st->plan;
  if (!ce) trace_plan(p);
  if (p->kind != PLAN_SQL || p->ddl || p->nsql == 0) return PGM_OK;
  if (ce && ce->idle) { st->sq = ce->idle; ce->idle = NULL; return PGM_OK; }
  int rc = sqlite3_prepare_v3(db->sq, p->sql[p->nsql - 1], -1, SQLITE_PREPARE_PERSISTENT, &st->sq, NULL);
  if (rc != SQLITE_OK) {
    *err = engine_sqlite_error(db, rc, p);
    return PGM_ERROR;
  }
  return PGM_OK;
}

/* The SQLite dialect: the text goes to SQLite as is. */
static int prepare_sqlite_dialect(pgm_db *db, const char *sql, size_t len, pgm_stmt **out, size_t *tail,
                                  pgm_error **err) {
  sqlite3_stmt *sq = NULL;
  const char *rest = NULL;
  int rc = sqlite3_prepare_v2(db->sq, sql, (int)len, &sq, &rest);
  if (tail) *tail = rest ? (size_t)(rest - sql) : len;
  if (rc != SQLITE_OK) {
    *err = pgm_error_new(ERRCODE_SYNTAX_ERROR, "%s", sqlite3_errmsg(db->sq));
    return PGM_ERROR;
  }
  if (!sq) { *out = NULL; return PGM_OK; }
  Plan *p = plan_new();
  p->kind = PLAN_SQL;
  p->sqlite_dialect = true;
  p->key = pgm_strndup(sql, rest ? (size_t)(rest - sql) : len);
  plan_add_sql(p, sqlite3_sql(sq));
  p->returns_rows = sqlite3_column_count(sq) > 0;
  p->tagkind = p->returns_rows ? TAG_SELECT : TAG_PLAIN;
  p->tag = pgm_strdup("OK");
  p->nparams = sqlite3_bind_parameter_count(sq);
  p->paramtypes = pgm_malloc(sizeof(Oid) * (size_t)(p->nparams + 1));
  for (int i = 0; i < p->nparams; i++) p->paramtypes[i] = 0;  /* 0: bind values as given */
  for (int i = 0; i < sqlite3_column_count(sq); i++) {
    const char *decl = sqlite3_column_decltype(sq, i);
    Oid t = PGM_OID_TEXT;
    if (decl && !strcasecmp(decl, "INTEGER")) t = PGM_OID_INT8;
    else if (decl && !strcasecmp(decl, "REAL")) t = PGM_OID_FLOAT8;
    else if (decl && !strcasecmp(decl, "BLOB")) t = PGM_OID_BYTEA;
    plan_add_column(p, sqlite3_column_name(sq, i), t, -1);
  }
  pgm_stmt *st = new_stmt(db, p, sql, (size_t)(rest - sql));
  st->sq = sq;
  *out = st;
  return PGM_OK;
}

/* An error inside a transaction block aborts it, even one found before
** execution; in an aborted block PostgreSQL reports 25P02 rather than the
** statement's own problem. */
static int abort_block(pgm_db *db, pgm_error **err) {
  if (!db->in_block) return PGM_ERROR;
  if (db->failed) {
    pgm_error_free(*err);
    *err = pgm_error_new(ERRCODE_IN_FAILED_SQL_TRANSACTION,
                         "current transaction is aborted, commands ignored until end of transaction block");
  }
  db->failed = true;
  return PGM_ERROR;
}

/* Prepare through a lifted plan (normalize.c); -1 sends the caller down the
** ordinary path, which prepares the text as written. */
static int prepare_lifted(pgm_db *db, const char *sql, size_t len, const Lifted *lift, pgm_stmt **out) {
  uint64_t h = hash_text(lift->key, lift->keylen);
  CacheEntry *ce = cache_find(db, lift->key, lift->keylen, h);
  Plan *plan;
  if (ce) {
    plan = ce->plan;
    plan->refcount++;
  } else {
    RawParse rp;
    pgm_error *err = NULL;
    if (parser_parse(lift->text, strlen(lift->text), &rp, &err) != 0) { pgm_error_free(err); return -1; }
    plan = rp.tree->n_stmts == 1 ? make_plan(db, rp.tree->stmts[0]->stmt, lift->text, lift, NULL, 0, &err) : NULL;
    parser_free(&rp);
    pgm_error_free(err);
    if (!plan) return -1;
    plan->key = pgm_strdup(lift->key);
    cache_put(db, plan, h);
  }
  pgm_stmt *st = new_stmt(db, plan, sql, len);
  pgm_error *err = NULL;
  if (prepare_sqlite(db, st, ce, &err) != PGM_OK || lifted_bind(st, lift) != PGM_OK) {
    pgm_error_free(err);
    engine_finalize(st);
    return -1;
  }
  *out = st;
  return 0;
}

/* The plan-cache key: the text, plus the declared parameter types if any
** (the same text with other declared types is another plan). */
static char *plan_key(const char *sql, size_t len, const Oid *ptypes, int nptypes, size_t *keylen) {
  StrBuf b = STRBUF_INIT;
  sb_putn(&b, sql, len);
  if (nptypes > 0) {
    sb_putc(&b, '\x1e');
    for (int i = 0; i < nptypes; i++) sb_printf(&b, "%u,", ptypes[i]);
  }
  *keylen = b.n;
  return sb_detach(&b);
}

int engine_prepare(pgm_db *db, const char *sql, size_t len, pgm_stmt **out, size_t *tail, pgm_error **err) {
  return engine_prepare_typed(db, sql, len, NULL, 0, out, tail, err);
}

int engine_prepare_typed(pgm_db *db, const char *sql, size_t len, const Oid *ptypes, int nptypes, pgm_stmt **out,
                         size_t *tail, pgm_error **err) {
  *out = NULL;
  if (db->dialect == PGM_DIALECT_SQLITE) return prepare_sqlite_dialect(db, sql, len, out, tail, err);
  check_schema(db);
  /* Fast path: this exact text (with these declared types) was prepared before. */
  size_t keylen;
  char *key = plan_key(sql, len, ptypes, nptypes, &keylen);
  uint64_t h = hash_text(key, keylen);
  CacheEntry *ce = cache_find(db, key, keylen, h);
  free(key);
  if (ce) {
    pgm_stmt *st = new_stmt(db, ce->plan, sql, len);
    ce->plan->refcount++;
    if (tail) *tail = len;
    if (prepare_sqlite(db, st, ce, err) != PGM_OK) { engine_finalize(st); return PGM_ERROR; }
    *out = st;
    return PGM_OK;
  }
  Lifted lift;
  if (nptypes == 0 && lift_literals(sql, len, &lift) == 0) {
    int rc = prepare_lifted(db, sql, len, &lift, out);
    lifted_free(&lift);
    if (rc == 0) {
      if (tail) *tail = len;
      return PGM_OK;
    }
  }
  RawParse rp;
  if (parser_parse(sql, len, &rp, err) != 0) return abort_block(db, err);
  if (rp.tree->n_stmts == 0) {
    if (tail) *tail = len;
    parser_free(&rp);
    return PGM_OK;
  }
  size_t end = parser_stmt_end(&rp, 0, len);
  if (tail) *tail = end;
  /* Errors point into the statement's own text, as PostgreSQL's do. */
  char *text = pgm_strndup(sql, end);
  Plan *plan = make_plan(db, rp.tree->stmts[0]->stmt, text, NULL, ptypes, nptypes, err);
  parser_free(&rp);
  if (!plan) {
    free(text);
    return abort_block(db, err);
  }
  plan->key = plan_key(text, end, ptypes, nptypes, &keylen);
  free(text);
  text = NULL;
  pgm_stmt *st = new_stmt(db, plan, sql, end);
  /* Only a whole single-statement text is a cache key (the fast path above
  ** compares whole texts). */
  if (end == len) cache_put(db, plan, hash_text(plan->key, keylen));
  if (prepare_sqlite(db, st, NULL, err) != PGM_OK) { engine_finalize(st); return PGM_ERROR; }
  *out = st;
  return PGM_OK;
}

/* A statement prepared before a schema change is analysed again before it
** runs; like PostgreSQL, it fails rather than return rows of a new shape. */
int engine_replan(pgm_stmt *st) {
  pgm_db *db = st->db;
  pgm_stmt *fresh = NULL;
  pgm_error *err = NULL;
  /* Declared parameter types stay declared (a lifted plan's are its own). */
  const Plan *op = st->plan;
  int ndecl = op->lifted ? 0 : op->nparams;
  if (engine_prepare_typed(db, st->text, strlen(st->text), op->paramtypes, ndecl, &fresh, NULL, &err) != PGM_OK || !fresh) {
    engine_set_error(st, err ? err : pgm_error_new(ERRCODE_INTERNAL_ERROR, "statement vanished on re-analysis"));
    return pgm_error_code(st->err);
  }
  Plan *old = st->plan, *p = fresh->plan;
  bool same = old->ncols == p->ncols && old->nparams == p->nparams;
  for (int i = 0; same && i < p->ncols; i++) same = old->cols[i].type == p->cols[i].type;
  for (int i = 0; same && i < p->nparams; i++) same = old->paramtypes[i] == p->paramtypes[i];
  if (!same) {
    engine_finalize(fresh);
    engine_set_error(st, pgm_error_new(ERRCODE_FEATURE_NOT_SUPPORTED, "cached plan must not change result type"));
    return PGM_ERROR;
  }
  if (st->sq && fresh->sq && !p->lifted) sqlite3_transfer_bindings(st->sq, fresh->sq);
  /* Swap the new plan and SQLite statement in; the old ones leave with fresh. */
  sqlite3_stmt *sq = st->sq;
  st->sq = fresh->sq;
  fresh->sq = sq;
  st->plan = p;
  fresh->plan = old;
  engine_finalize(fresh);
  return PGM_OK;
}

/* Park the SQLite statement with its cached plan for the next prepare. */
static bool park_idle(pgm_db *db, pgm_stmt *st) {
  if (!st->sq || !db->cache || db->closed) return false;
  Plan *p = st->plan;
  if (!p->key) return false;
  uint64_t h = hash_text(p->key, strlen(p->key));
  CacheEntry *ce = cache_find(db, p->key, strlen(p->key), h);
  if (!ce || ce->plan != p || ce->idle) return false;
  sqlite3_reset(st->sq);
  sqlite3_clear_bindings(st->sq);
  ce->idle = st->sq;
  return true;
}

int engine_stmt_for_plan(pgm_db *db, Plan *plan, pgm_stmt **out, pgm_error **err) {
  pgm_stmt *st = new_stmt(db, plan, plan->key ? plan->key : "", plan->key ? strlen(plan->key) : 0);
  plan->refcount++;
  if (prepare_sqlite(db, st, NULL, err) != PGM_OK) {
    engine_finalize(st);
    *out = NULL;
    return PGM_ERROR;
  }
  *out = st;
  return PGM_OK;
}

void engine_finalize(pgm_stmt *st) {
  pgm_db *db = st->db;
  copy_state_free(st);
  if (st->sq && !park_idle(db, st)) sqlite3_finalize(st->sq);
  for (int i = 0; i < st->plan->ncols; i++) {
    sb_free(&st->values[i].text);
    sb_free(&st->values[i].bin);
  }
  free(st->values);
  engine_clear_notices(st);
  plan_release(st->plan);
  pgm_error_free(st->err);
  free(st->text);
  free(st);
  db->nstmts--;
  engine_release(db);
}
