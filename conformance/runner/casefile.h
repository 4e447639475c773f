/*
** casefile.h — parser for pgmicro conformance case files (see conformance/README.md).
** Plain C11, no dependency on pgmicro.  Everything returned is owned by the
** cf_file and freed by cf_file_free().
*/
#ifndef PGM_CASEFILE_H
#define PGM_CASEFILE_H

#include <stddef.h>

/* One decoded cell: SQL NULL or a byte string (may contain NUL-free UTF-8). */
typedef struct cf_cell {
    int is_null;
    char *s;      /* NUL-terminated; NULL when is_null */
    size_t len;
} cf_cell;

typedef struct cf_row {
    int ncells;
    cf_cell *cells;
} cf_row;

typedef struct cf_param {
    char *type;   /* pg_type.typname or "unknown" */
    cf_cell value;
} cf_param;

typedef struct cf_column {
    char *name;
    char *type;
} cf_column;

typedef struct cf_step {
    int line;
    char *sql;
    int nparams;          /* -1: no params section */
    cf_param *params;
    int ncolumns;         /* -1: no columns section */
    cf_column *columns;
    int nrows;            /* -1: no rows section */
    cf_row *rows;
    int sorted;
    char *tag;            /* NULL: not checked */
    char *error_code;     /* NULL: success expected */
    char *error_msg;      /* NULL: message not checked */
} cf_step;

typedef struct cf_case {
    char *name;           /* "<file stem>/<case name>" */
    int line;
    int nsetup;
    char **setup;
    int nsteps;
    cf_step *steps;
} cf_case;

typedef struct cf_file {
    char *path;
    char *stem;
    int ncases;
    cf_case *cases;
} cf_file;

/* Parse a file.  Returns NULL on failure and stores a malloc'ed message
** ("path:line: reason") in *errmsg (free() it). */
cf_file *cf_parse_file(const char *path, char **errmsg);
void cf_file_free(cf_file *f);

/* Cell encoding helpers (the format's escapes).  cf_encode_cell returns a
** malloc'ed canonical encoding of a value (s == NULL for SQL NULL). */
char *cf_encode_cell(const char *s, size_t len);

#endif
