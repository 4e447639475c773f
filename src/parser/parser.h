/*
** parser.h — from SQL text to PostgreSQL's raw parse tree.
**
** pgmicro never parses SQL itself: libpg_query runs PostgreSQL 15's own
** grammar and hands back the tree as protobuf, which protobuf-c unpacks into
** typed C structs (PgQuery__SelectStmt, PgQuery__AConst, ...).  The typed
** structs let the analyser switch over every node kind, so "handled or
** rejected" is something the compiler can check (-Wswitch-enum).
*/
#ifndef PGM_PARSER_H
#define PGM_PARSER_H

#include "pgmint.h"
#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>

typedef PgQuery__Node Node;

/* One parsed piece of text: the statements it holds. */
typedef struct RawParse {
  PgQuery__ParseResult *tree;   /* owned; NULL on error */
  const char *text;             /* the text that was parsed (borrowed) */
} RawParse;

/* Parse sql (len bytes).  Returns 0, or -1 with *err set (42601 with the
** cursor position for syntax errors). */
int parser_parse(const char *sql, size_t len, RawParse *out, pgm_error **err);
void parser_free(RawParse *p);

/* The byte offset just past statement i (after its ';' if any). */
size_t parser_stmt_end(const RawParse *p, size_t i, size_t textlen);

/* 1-based character position of byte offset loc in text (PostgreSQL counts
** characters, not bytes); 0 when loc < 0. */
int parser_char_position(const char *text, int loc);

/* PostgreSQL text of an expression (malloc'd), or NULL if it cannot be deparsed. */
char *parser_deparse_expr(Node *expr);
/* PostgreSQL text of a whole statement (malloc'd), or NULL. */
char *parser_deparse_stmt(Node *stmt);

/* Call fn on every Node child of message m, then of node n (each Node* and
** Node** field, in field order, through protobuf-c's descriptors), until fn
** returns non-NULL; that value is returned (NULL when every call gave NULL).
** The generic walk of the raw tree, for checks looking for one kind of node
** anywhere beneath another. */
void *parser_each_field_child(const ProtobufCMessage *m, void *(*fn)(Node *child, void *ctx), void *ctx);
void *parser_each_child(const Node *n, void *(*fn)(Node *child, void *ctx), void *ctx);

/* The kind of a node as a readable name ("SelectStmt"), for error messages. */
const char *parser_node_name(const Node *n);
/* The command a statement node is, as PostgreSQL names it in its command
** tag ("VACUUM", "CREATE FUNCTION"), for messages; NULL when not known. */
const char *parser_command_name(const Node *n);

#endif
