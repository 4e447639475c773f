/*
** pattern.c — psql's object-name patterns and quoting, for the catalog
** queries of describe.c.
**
** A \d pattern is shell-like: `*` any text, `?` one character, `.` splits
** database.schema.name, "double quotes" keep case and make wildcards
** literal, unquoted letters fold to lower case.  psql turns each part into
** an anchored regular expression matched with OPERATOR(pg_catalog.~); we
** build the same WHERE clauses, character for character, so that -E shows
** what psql would send and the engine answers the same question.
*/
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "shell.h"

void sh_append_literal(Buf *q, const char *s) {
  sh_buf_putc(q, '\'');
  for (; *s; s++) {
    if (*s == '\'') sh_buf_putc(q, '\'');
    sh_buf_putc(q, *s);
  }
  sh_buf_putc(q, '\'');
}

/* PostgreSQL 15's keywords that are not unreserved: fmtId quotes them. */
static const char *const QUOTED_KEYWORDS[] = {
    "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric",
    "authorization", "between", "bigint", "binary", "bit", "boolean", "both", "case",
    "cast", "char", "character", "check", "coalesce", "collate", "collation", "column",
    "concurrently", "constraint", "create", "cross", "current_catalog", "current_date",
    "current_role", "current_schema", "current_time", "current_timestamp", "current_user",
    "dec", "decimal", "default", "deferrable", "desc", "distinct", "do", "else", "end",
    "except", "exists", "extract", "false", "fetch", "float", "for", "foreign", "freeze",
    "from", "full", "grant", "greatest", "group", "grouping", "having", "ilike", "in",
    "initially", "inner", "inout", "int", "integer", "intersect", "interval", "into", "is",
    "isnull", "join", "lateral", "leading", "least", "left", "like", "limit", "localtime",
    "localtimestamp", "national", "natural", "nchar", "none", "normalize", "not",
    "notnull", "null", "nullif", "numeric", "offset", "on", "only", "or", "order", "out",
    "outer", "overlaps", "overlay", "placing", "position", "precision", "primary", "real",
    "references", "returning", "right", "row", "select", "session_user", "setof",
    "similar", "smallint", "some", "substring", "symmetric", "table", "tablesample",
    "then", "time", "timestamp", "to", "trailing", "treat", "trim", "true", "union",
    "unique", "user", "using", "values", "varchar", "variadic", "verbose", "when",
    "where", "window", "with", "xmlattributes", "xmlconcat", "xmlelement", "xmlexists",
    "xmlforest", "xmlnamespaces", "xmlparse", "xmlpi", "xmlroot", "xmlserialize",
    "xmltable", NULL};

static int needs_quotes(const char *name) {
  if (!(islower((unsigned char)name[0]) || name[0] == '_')) return 1;
  for (const char *p = name; *p; p++)
    if (!islower((unsigned char)*p) && !isdigit((unsigned char)*p) && *p != '_') return 1;
  for (int i = 0; QUOTED_KEYWORDS[i]; i++)
    if (strcmp(name, QUOTED_KEYWORDS[i]) == 0) return 1;
  return 0;
}

void sh_append_ident(Buf *q, const char *name) {
  if (!needs_quotes(name)) {
    sh_buf_puts(q, name);
    return;
  }
  sh_buf_putc(q, '"');
  for (const char *p = name; *p; p++) {
    if (*p == '"') sh_buf_putc(q, '"');
    sh_buf_putc(q, *p);
  }
  sh_buf_putc(q, '"');
}

/* ---- patternToSQLRegex ---- */

/* The parts of a pattern, right-aligned: part[2] is the name, part[1] the
** schema, part[0] the database.  Each regex is "^(...)$".  db keeps the
** database part as written (quotes removed, case folded), to compare with
** the current database. */
typedef struct Parts {
  Buf regex[3];
  Buf db;
  int dots;
} Parts;

static void regex_char(Buf *b, const char *p, int inquotes) {
  if (inquotes && strchr("|*+?()[]{}.^$\\", *p))
    sh_buf_putc(b, '\\');
  else if (*p == '[' && p[1] == ']')
    sh_buf_putc(b, '\\'); /* an array type name, not a bracket expression */
  sh_buf_putc(b, *p);
}

/* Split pattern on unquoted dots into at most maxparts regexes; further dots
** stay in the last part as a literal dot (the caller rejects them). */
static void pattern_to_regex(const char *pattern, int maxparts, Parts *pp) {
  Buf raw[3] = {{0}, {0}, {0}};
  int cur = 0, inquotes = 0;
  memset(pp, 0, sizeof *pp);
  sh_buf_puts(&pp->regex[0], "^(");
  for (const char *p = pattern; *p; p++) {
    if (*p == '"') {
      if (inquotes && p[1] == '"') {
        sh_buf_putc(&pp->regex[cur], '"');
        sh_buf_putc(&raw[cur], '"');
        p++;
      } else {
        inquotes = !inquotes;
      }
    } else if (!inquotes && isupper((unsigned char)*p)) {
      sh_buf_putc(&pp->regex[cur], (char)tolower((unsigned char)*p));
      sh_buf_putc(&raw[cur], (char)tolower((unsigned char)*p));
    } else if (!inquotes && *p == '*') {
      sh_buf_puts(&pp->regex[cur], ".*");
      sh_buf_putc(&raw[cur], '*');
    } else if (!inquotes && *p == '?') {
      sh_buf_putc(&pp->regex[cur], '.');
      sh_buf_putc(&raw[cur], '?');
    } else if (!inquotes && *p == '.') {
      pp->dots++;
      if (cur + 1 < maxparts && cur < 2) {
        sh_buf_puts(&pp->regex[cur], ")$");
        cur++;
        sh_buf_puts(&pp->regex[cur], "^(");
      } else {
        sh_buf_putc(&pp->regex[cur], '.');
      }
    } else if (*p == '$') {
      sh_buf_puts(&pp->regex[cur], "\\$"); /* legal in names, anchored anyway */
      sh_buf_putc(&raw[cur], '$');
    } else {
      regex_char(&pp->regex[cur], p, inquotes);
      sh_buf_putc(&raw[cur], *p);
    }
  }
  sh_buf_puts(&pp->regex[cur], ")$");
  /* right-align: the last part written is the name */
  int shift = 2 - cur;
  for (int i = 2; i >= 0; i--) {
    if (i - shift >= 0 && shift > 0) {
      pp->regex[i] = pp->regex[i - shift];
      memset(&pp->regex[i - shift], 0, sizeof(Buf));
    }
  }
  if (cur == 2) sh_buf_puts(&pp->db, raw[0].data ? raw[0].data : "");
  for (int i = 0; i < 3; i++) sh_buf_free(&raw[i]);
}

static void parts_free(Parts *pp) {
  for (int i = 0; i < 3; i++) sh_buf_free(&pp->regex[i]);
  sh_buf_free(&pp->db);
}

/* ---- processSQLNamePattern ---- */

static void where_and(Buf *q, int *have_where) {
  sh_buf_puts(q, *have_where ? "  AND " : "WHERE ");
  *have_where = 1;
}

static void regex_match(Buf *q, const char *var, const char *regex) {
  sh_buf_printf(q, "%s OPERATOR(pg_catalog.~) ", var);
  sh_append_literal(q, regex);
  sh_buf_puts(q, " COLLATE pg_catalog.default");
}

static void name_clause(Buf *q, int *have_where, const char *namevar,
                        const char *altnamevar, const char *regex) {
  if (!namevar || !regex || strlen(regex) <= 2 || strcmp(regex, "^(.*)$") == 0) return;
  where_and(q, have_where);
  if (altnamevar) {
    sh_buf_putc(q, '(');
    regex_match(q, namevar, regex);
    sh_buf_puts(q, "\n        OR ");
    regex_match(q, altnamevar, regex);
    sh_buf_puts(q, ")\n");
  } else {
    regex_match(q, namevar, regex);
    sh_buf_putc(q, '\n');
  }
}

/* The current database's name, for db.schema.name patterns. */
static char *current_database(Shell *sh) {
  pgm_stmt *st = NULL;
  char *name = NULL;
  if (pgm_prepare(sh->db, "SELECT pg_catalog.current_database()", -1, &st, NULL, NULL) ==
          PGM_OK && st && pgm_step(st) == PGM_ROW) {
    const char *s = pgm_value_text(pgm_column_value(st, 0), NULL);
    name = strdup(s ? s : "");
  }
  pgm_finalize(st);
  return name ? name : strdup("");
}

static int check_parts(Shell *sh, const char *pattern, const Parts *pp, int maxparts) {
  if (pp->dots >= maxparts) {
    sh_log_error(sh, "improper qualified name (too many dotted names): %s", pattern);
    return 0;
  }
  if (maxparts > 1 && pp->dots == maxparts - 1 && maxparts == 3) {
    char *db = current_database(sh);
    int same = strcmp(db, pp->db.data ? pp->db.data : "") == 0;
    free(db);
    if (!same) {
      sh_log_error(sh, "cross-database references are not implemented: %s", pattern);
      return 0;
    }
  }
  return 1;
}

int sh_name_pattern(Shell *sh, Buf *q, const char *pattern, int have_where,
                    const char *schemavar, const char *namevar,
                    const char *altnamevar, const char *visibility, int maxparts) {
  if (!pattern) {
    if (visibility) {
      where_and(q, &have_where);
      sh_buf_printf(q, "%s\n", visibility);
    }
    return 1;
  }
  Parts pp;
  pattern_to_regex(pattern, schemavar ? maxparts : 1, &pp);
  int ok = check_parts(sh, pattern, &pp, maxparts);
  if (ok) {
    name_clause(q, &have_where, namevar, altnamevar, pp.regex[2].data);
    const char *schema = pp.regex[1].data;
    if (schemavar && schema && strlen(schema) > 2) {
      if (strcmp(schema, "^(.*)$") != 0) {
        where_and(q, &have_where);
        regex_match(q, schemavar, schema);
        sh_buf_putc(q, '\n');
      }
    } else if (visibility) {
      where_and(q, &have_where);
      sh_buf_printf(q, "%s\n", visibility);
    }
  }
  parts_free(&pp);
  return ok;
}
