/*
** normalize.c — literal lifting: statements that differ only in their
** literals share one plan.
**
** Many programs send one-shot statements with values written in
** ("... WHERE id = 12345").  Parsing and analysing each costs far more than
** executing it, so the text is scanned (libpg_query's scanner alone, a
** fraction of a parse), its literals are replaced by parameters, and the
** plan is cached under the resulting text.  The key keeps each literal's
** kind (int4, int8, numeric, string), because 1, 2147483648, 1.5 and '1'
** have different types.  The literals are then bound like parameters.
**
** Lifting must never change a result, so it is refused whenever a literal
** is not a plain value: the analyser refuses a lifted parameter where a
** literal means something else (ORDER BY 1, GROUP BY 1), the grammar
** refuses typed literals (DATE '...') and typmods, strings other than
** plain '...' are not lifted, and any failure — analysis or binding — falls
** back to preparing the original text, which then reports PostgreSQL's own
** error with its position.
*/
#include "engine/engine.h"
#include "parser/parser.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* Only statements of these kinds are lifted (never DDL, SET, ...). */
static bool liftable_start(PgQuery__Token t) {
  return t == PG_QUERY__TOKEN__SELECT || t == PG_QUERY__TOKEN__INSERT || t == PG_QUERY__TOKEN__UPDATE ||
         t == PG_QUERY__TOKEN__DELETE_P || t == PG_QUERY__TOKEN__WITH || t == PG_QUERY__TOKEN__VALUES;
}

static bool is_comment(PgQuery__Token t) {
  return t == PG_QUERY__TOKEN__SQL_COMMENT || t == PG_QUERY__TOKEN__C_COMMENT;
}

/* The kind of a numeric literal as PostgreSQL's make_const types it. */
static char number_kind(const char *s, size_t n, bool iconst) {
  if (iconst) return '4';
  for (size_t i = 0; i < n; i++) if (s[i] == '.' || s[i] == 'e' || s[i] == 'E') return 'n';
  char buf[32];
  if (n >= sizeof buf) return 'n';
  memcpy(buf, s, n);
  buf[n] = 0;
  errno = 0;
  long long v = strtoll(buf, NULL, 10);
  if (errno) return 'n';
  /* -2147483648 is an int4 constant in PostgreSQL but "- $1" of an int8
  ** parameter here: the one number whose type lifting would change. */
  if (v == 2147483648LL) return 0;
  return '8';
}

static void add_literal(Lifted *l, char kind, const char *sql, int start, int end) {
  l->lits = pgm_realloc(l->lits, sizeof(*l->lits) * (size_t)(l->n + 1));
  l->lits[l->n].kind = kind;
  if (kind == 's') {
    /* A plain '...' string: drop the quotes, undouble ''. */
    StrBuf b = STRBUF_INIT;
    for (int i = start + 1; i < end - 1; i++) {
      sb_putc(&b, sql[i]);
      if (sql[i] == '\'') i++;
    }
    if (!b.p) sb_puts(&b, "");
    l->lits[l->n].n = b.n;
    l->lits[l->n].value = sb_detach(&b);
  } else {
    l->lits[l->n].value = pgm_strndup(sql + start, (size_t)(end - start));
    l->lits[l->n].n = (size_t)(end - start);
  }
  l->n++;
}

/* Scan sql; on success fill l (normalized text, key, literals) and return 0.
** Returns -1 when the statement is not worth or not safe to lift. */
static int scan_and_lift(const char *sql, size_t len, Lifted *l) {
  if (sql[len] != 0) return -1;               /* the scanner needs the exact, terminated text */
  PgQueryScanResult r = pg_query_scan(sql);
  if (r.error) { pg_query_free_scan_result(r); return -1; }
  PgQuery__ScanResult *sr = pg_query__scan_result__unpack(NULL, r.pbuf.len, (const uint8_t *)r.pbuf.data);
  pg_query_free_scan_result(r);
  if (!sr) return -1;
  int rc = -1;
  StrBuf norm = STRBUF_INIT, kinds = STRBUF_INIT;
  size_t copied = 0;
  bool first = true;
  for (size_t i = 0; i < sr->n_tokens; i++) {
    PgQuery__ScanToken *t = sr->tokens[i];
    if (is_comment(t->token)) continue;
    if (first) { if (!liftable_start(t->token)) goto out; first = false; }
    char kind = 0;
    switch (t->token) {
    case PG_QUERY__TOKEN__ICONST: kind = number_kind(sql + t->start, (size_t)(t->end - t->start), true); break;
    case PG_QUERY__TOKEN__FCONST: kind = number_kind(sql + t->start, (size_t)(t->end - t->start), false); break;
    case PG_QUERY__TOKEN__SCONST:
      if (sql[t->start] != '\'') goto out;   /* E'', $$...$$: not lifted */
      kind = 's';
      break;
    case PG_QUERY__TOKEN__USCONST: case PG_QUERY__TOKEN__BCONST: case PG_QUERY__TOKEN__XCONST:
    case PG_QUERY__TOKEN__PARAM:
      goto out;                                 /* user parameters: already prepared properly */
    case PG_QUERY__TOKEN__ASCII_59:
      if (i + 1 < sr->n_tokens) goto out;       /* several statements: the normal path splits them */
      continue;
    default:
      continue;
    }
    if (!kind) goto out;
    sb_putn(&norm, sql + copied, (size_t)t->start - copied);
    add_literal(l, kind, sql, t->start, t->end);
    sb_printf(&norm, "$%d", l->n);
    sb_putc(&kinds, kind);
    copied = (size_t)t->end;
  }
  if (l->n == 0) goto out;
  sb_putn(&norm, sql + copied, len - copied);
  l->text = pgm_strdup(sb_str(&norm));
  sb_putc(&norm, '\x1f');
  sb_puts(&norm, sb_str(&kinds));
  l->keylen = norm.n;
  l->key = sb_detach(&norm);
  rc = 0;
out:
  sb_free(&norm);
  sb_free(&kinds);
  pg_query__scan_result__free_unpacked(sr, NULL);
  return rc;
}

int lift_literals(const char *sql, size_t len, Lifted *l) {
  memset(l, 0, sizeof *l);
  if (scan_and_lift(sql, len, l) == 0) return 0;
  lifted_free(l);
  return -1;
}

void lifted_free(Lifted *l) {
  for (int i = 0; i < l->n; i++) free(l->lits[i].value);
  free(l->lits);
  free(l->text);
  free(l->key);
  memset(l, 0, sizeof *l);
}

/* Bind the literals of l to a statement of the lifted plan. */
int lifted_bind(pgm_stmt *st, const Lifted *l) {
  for (int i = 0; i < l->n; i++) {
    const char *v = l->lits[i].value;
    int rc;
    if (l->lits[i].kind == '4' || l->lits[i].kind == '8') rc = engine_bind(st, i + 1, BIND_INT, strtoll(v, NULL, 10), 0, NULL, 0, 0);
    else rc = engine_bind(st, i + 1, BIND_TEXT, 0, 0, v, (int64_t)l->lits[i].n, 0);
    if (rc != PGM_OK) return rc;
  }
  return PGM_OK;
}

/* The parameter types a lifted statement starts analysis with. */
Oid lifted_param_type(char kind) {
  switch (kind) {
  case '4': return PGM_OID_INT4;
  case '8': return PGM_OID_INT8;
  case 'n': return PGM_OID_NUMERIC;
  default: return PGM_OID_UNKNOWN;
  }
}
