/*
** parser.c — things start here: libpg_query's PostgreSQL 15 grammar turns
** text into a protobuf parse tree, which we unpack into C structs.
*/
#include "parser/parser.h"

#include <stdlib.h>
#include <string.h>

int parser_parse(const char *sql, size_t len, RawParse *out, pgm_error **err) {
  memset(out, 0, sizeof *out);
  out->text = sql;
  /* libpg_query wants a NUL-terminated string. */
  char *copy = NULL;
  const char *text = sql;
  if (sql[len] != 0) {
    copy = pgm_strndup(sql, len);
    text = copy;
  }
  PgQueryProtobufParseResult r = pg_query_parse_protobuf(text);
  if (r.error) {
    pgm_error *e = pgm_error_new(ERRCODE_SYNTAX_ERROR, "%s", r.error->message);
    e->position = r.error->cursorpos;
    /* The grammar reports some non-syntax problems too; keep their codes. */
    if (strstr(r.error->message, "unterminated")) memcpy(e->sqlstate, ERRCODE_SYNTAX_ERROR, 5);
    *err = e;
    pg_query_free_protobuf_parse_result(r);
    free(copy);
    return -1;
  }
  out->tree = pg_query__parse_result__unpack(NULL, r.parse_tree.len, (const uint8_t *)r.parse_tree.data);
  pg_query_free_protobuf_parse_result(r);
  free(copy);
  if (!out->tree) {
    *err = pgm_error_new(ERRCODE_INTERNAL_ERROR, "could not unpack the parse tree");
    return -1;
  }
  return 0;
}

void parser_free(RawParse *p) {
  if (p->tree) pg_query__parse_result__free_unpacked(p->tree, NULL);
  p->tree = NULL;
}

size_t parser_stmt_end(const RawParse *p, size_t i, size_t textlen) {
  const PgQuery__RawStmt *rs = p->tree->stmts[i];
  size_t end = rs->stmt_len ? (size_t)rs->stmt_location + (size_t)rs->stmt_len : textlen;
  if (end > textlen) end = textlen;
  /* stmt_len stops before the ';' that ends the statement: step over it. */
  const char *t = p->text;
  size_t j = end;
  while (j < textlen && (t[j] == ' ' || t[j] == '\t' || t[j] == '\n' || t[j] == '\r')) j++;
  if (j < textlen && t[j] == ';') return j + 1;
  return end;
}

int parser_char_position(const char *text, int loc) {
  if (loc < 0) return 0;
  int chars = 0;
  for (int i = 0; i < loc && text[i]; i++)
    if (((unsigned char)text[i] & 0xC0) != 0x80) chars++;
  return chars + 1;
}

void *parser_each_field_child(const ProtobufCMessage *m, void *(*fn)(Node *child, void *ctx), void *ctx) {
  const ProtobufCMessageDescriptor *md = m->descriptor;
  for (unsigned i = 0; i < md->n_fields; i++) {
    const ProtobufCFieldDescriptor *f = &md->fields[i];
    if (f->type != PROTOBUF_C_TYPE_MESSAGE || f->descriptor != &pg_query__node__descriptor) continue;
    void *r = NULL;
    if (f->label == PROTOBUF_C_LABEL_REPEATED) {
      size_t cnt = *(const size_t *)((const char *)m + f->quantifier_offset);
      Node **arr = *(Node **const *)((const char *)m + f->offset);
      for (size_t k = 0; k < cnt && !r; k++) r = fn(arr[k], ctx);
    } else {
      r = fn(*(Node *const *)((const char *)m + f->offset), ctx);
    }
    if (r) return r;
  }
  return NULL;
}

void *parser_each_child(const Node *n, void *(*fn)(Node *child, void *ctx), void *ctx) {
  if (!n) return NULL;
  const ProtobufCFieldDescriptor *nf =
      protobuf_c_message_descriptor_get_field(&pg_query__node__descriptor, (unsigned)n->node_case);
  const ProtobufCMessage *m = nf ? *(const ProtobufCMessage *const *)((const char *)n + nf->offset) : NULL;
  return m ? parser_each_field_child(m, fn, ctx) : NULL;
}

const char *parser_node_name(const Node *n) {
  if (!n) return "NULL";
  const ProtobufCFieldDescriptor *f =
      protobuf_c_message_descriptor_get_field(&pg_query__node__descriptor, (unsigned)n->node_case);
  return f ? f->name : "unknown node";
}

/* Command names as PostgreSQL's CreateCommandName (tcop/utility.c) gives
** them, for the statements people most often try. */
static const struct { PgQuery__Node__NodeCase node; const char *name; } command_names[] = {
  {PG_QUERY__NODE__NODE_EXPLAIN_STMT, "EXPLAIN"},
  {PG_QUERY__NODE__NODE_COPY_STMT, "COPY"},
  {PG_QUERY__NODE__NODE_MERGE_STMT, "MERGE"},
  {PG_QUERY__NODE__NODE_CREATE_FUNCTION_STMT, "CREATE FUNCTION"},
  {PG_QUERY__NODE__NODE_ALTER_FUNCTION_STMT, "ALTER FUNCTION"},
  {PG_QUERY__NODE__NODE_DO_STMT, "DO"},
  {PG_QUERY__NODE__NODE_CALL_STMT, "CALL"},
  {PG_QUERY__NODE__NODE_CREATE_TRIG_STMT, "CREATE TRIGGER"},
  {PG_QUERY__NODE__NODE_CREATE_ENUM_STMT, "CREATE TYPE"},
  {PG_QUERY__NODE__NODE_COMPOSITE_TYPE_STMT, "CREATE TYPE"},
  {PG_QUERY__NODE__NODE_CREATE_RANGE_STMT, "CREATE TYPE"},
  {PG_QUERY__NODE__NODE_ALTER_ENUM_STMT, "ALTER TYPE"},
  {PG_QUERY__NODE__NODE_CREATE_DOMAIN_STMT, "CREATE DOMAIN"},
  {PG_QUERY__NODE__NODE_CREATE_SCHEMA_STMT, "CREATE SCHEMA"},
  {PG_QUERY__NODE__NODE_CREATE_EXTENSION_STMT, "CREATE EXTENSION"},
  {PG_QUERY__NODE__NODE_CREATE_ROLE_STMT, "CREATE ROLE"},
  {PG_QUERY__NODE__NODE_CREATEDB_STMT, "CREATE DATABASE"},
  {PG_QUERY__NODE__NODE_GRANT_STMT, "GRANT"},
  {PG_QUERY__NODE__NODE_GRANT_ROLE_STMT, "GRANT"},
  {PG_QUERY__NODE__NODE_ALTER_OWNER_STMT, "ALTER OWNER"},
  {PG_QUERY__NODE__NODE_LOCK_STMT, "LOCK TABLE"},
  {PG_QUERY__NODE__NODE_VACUUM_STMT, "VACUUM"},
  {PG_QUERY__NODE__NODE_CLUSTER_STMT, "CLUSTER"},
  {PG_QUERY__NODE__NODE_REINDEX_STMT, "REINDEX"},
  {PG_QUERY__NODE__NODE_CHECK_POINT_STMT, "CHECKPOINT"},
  {PG_QUERY__NODE__NODE_LISTEN_STMT, "LISTEN"},
  {PG_QUERY__NODE__NODE_NOTIFY_STMT, "NOTIFY"},
  {PG_QUERY__NODE__NODE_UNLISTEN_STMT, "UNLISTEN"},
  {PG_QUERY__NODE__NODE_PREPARE_STMT, "PREPARE"},
  {PG_QUERY__NODE__NODE_EXECUTE_STMT, "EXECUTE"},
  {PG_QUERY__NODE__NODE_DECLARE_CURSOR_STMT, "DECLARE CURSOR"},
  {PG_QUERY__NODE__NODE_FETCH_STMT, "FETCH"},
  {PG_QUERY__NODE__NODE_CLOSE_PORTAL_STMT, "CLOSE CURSOR"},
  {PG_QUERY__NODE__NODE_DISCARD_STMT, "DISCARD"},
  {PG_QUERY__NODE__NODE_REFRESH_MAT_VIEW_STMT, "REFRESH MATERIALIZED VIEW"},
  {PG_QUERY__NODE__NODE_RULE_STMT, "CREATE RULE"},
  {PG_QUERY__NODE__NODE_DEFINE_STMT, "CREATE AGGREGATE, OPERATOR or TYPE"},
  {PG_QUERY__NODE__NODE_ALTER_SYSTEM_STMT, "ALTER SYSTEM"},
  {PG_QUERY__NODE__NODE_CONSTRAINTS_SET_STMT, "SET CONSTRAINTS"},
};

const char *parser_command_name(const Node *n) {
  if (!n) return NULL;
  if (n->node_case == PG_QUERY__NODE__NODE_VACUUM_STMT && !n->vacuum_stmt->is_vacuumcmd)
    return "ANALYZE";
  for (size_t i = 0; i < sizeof command_names / sizeof command_names[0]; i++)
    if (command_names[i].node == n->node_case) return command_names[i].name;
  return NULL;
}

/* PostgreSQL text of a whole statement node (malloc'd), or NULL: pack it
** as a parse result and let libpg_query's deparser print it. */
char *parser_deparse_stmt(Node *stmt) {
  PgQuery__RawStmt raw = PG_QUERY__RAW_STMT__INIT;
  raw.stmt = stmt;
  PgQuery__RawStmt *stmts[1] = {&raw};
  PgQuery__ParseResult pr = PG_QUERY__PARSE_RESULT__INIT;
  pr.version = 150001;
  pr.n_stmts = 1;
  pr.stmts = stmts;
  size_t len = pg_query__parse_result__get_packed_size(&pr);
  PgQueryProtobuf buf;
  buf.len = len;
  buf.data = pgm_malloc(len + 1);
  pg_query__parse_result__pack(&pr, (uint8_t *)buf.data);
  PgQueryDeparseResult d = pg_query_deparse_protobuf(buf);
  free(buf.data);
  char *out = (!d.error && d.query) ? pgm_strdup(d.query) : NULL;
  pg_query_free_deparse_result(d);
  return out;
}

/* Deparse one expression back to PostgreSQL text (for DEFAULT and CHECK
** expressions kept in the catalog): deparse "SELECT expr", drop "SELECT ". */
char *parser_deparse_expr(Node *expr) {
  PgQuery__ResTarget rt = PG_QUERY__RES_TARGET__INIT;
  rt.val = expr;
  PgQuery__Node rtnode = PG_QUERY__NODE__INIT;
  rtnode.node_case = PG_QUERY__NODE__NODE_RES_TARGET;
  rtnode.res_target = &rt;
  PgQuery__Node *targets[1] = {&rtnode};
  PgQuery__SelectStmt sel = PG_QUERY__SELECT_STMT__INIT;
  sel.n_target_list = 1;
  sel.target_list = targets;
  sel.limit_option = PG_QUERY__LIMIT_OPTION__LIMIT_OPTION_DEFAULT;
  sel.op = PG_QUERY__SET_OPERATION__SETOP_NONE;
  PgQuery__Node selnode = PG_QUERY__NODE__INIT;
  selnode.node_case = PG_QUERY__NODE__NODE_SELECT_STMT;
  selnode.select_stmt = &sel;
  char *text = parser_deparse_stmt(&selnode);
  char *out = NULL;
  if (text && !strncmp(text, "SELECT ", 7)) out = pgm_strdup(text + 7);
  free(text);
  return out;
}
