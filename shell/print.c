/*
** print.c — result tables in psql's output formats.
**
** Aligned (the default), unaligned (-A), and the expanded variants of both
** (\x).  The layout rules follow psql's fe_utils/print.c with border = 1 and
** the "ascii" line style, because users compare our output with psql's
** character for character: centered headers, "-+-" rules, a '+' marking a
** value that continues on the next line, no padding after a left-aligned
** last column, "(N rows)" and a blank line after each table.
*/
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "shell.h"

/* ---- Building a table ---- */

void sh_table_init(Table *t, int ncols) {
  memset(t, 0, sizeof *t);
  t->ncols = ncols;
  t->headers = calloc((size_t)ncols + 1, sizeof(char *));
  t->aligns = calloc((size_t)ncols + 1, 1);
  t->default_footer = 1;
}

void sh_table_set_header(Table *t, int col, const char *name, char align) {
  t->headers[col] = strdup(name ? name : "");
  t->aligns[col] = align;
}

void sh_table_add_raw(Table *t, const char *text) {
  if (t->ncells + 1 >= t->cap) {
    size_t ncap = t->cap ? t->cap * 2 : 64;
    t->cells = realloc(t->cells, ncap * sizeof(char *));
    memset(t->cells + t->cap, 0, (ncap - t->cap) * sizeof(char *));
    t->cap = ncap;
  }
  t->cells[t->ncells++] = text ? strdup(text) : NULL;
  if (t->ncells % (size_t)t->ncols == 0) t->nrows++;
}

void sh_table_add_cell(Table *t, const char *text) {
  sh_table_add_raw(t, text ? text : "");
}

void sh_table_free(Table *t) {
  for (int i = 0; i < t->ncols; i++) free(t->headers[i]);
  for (size_t i = 0; i < t->cap; i++) free(t->cells[i]);
  free(t->headers);
  free(t->aligns);
  free(t->cells);
  sh_buf_free(&t->footers);
  memset(t, 0, sizeof *t);
}

/* psql right-aligns the numeric types (print.c column_type_alignment). */
char sh_align_for_type(uint32_t oid) {
  switch (oid) {
  case 20: case 21: case 23: case 26:     /* int8 int2 int4 oid */
  case 28: case 29: case 5069:            /* xid cid xid8 */
  case 700: case 701: case 790: case 1700: /* float4 float8 money numeric */
    return 'r';
  default:
    return 'l';
  }
}

/* ---- Display width of UTF-8 text ---- */

/* Screen columns of code point c: 2 for East Asian wide characters, 0 for
** combining marks, else 1.  A compact subset of PostgreSQL's ucs_wcwidth. */
static int ucs_width(uint32_t c) {
  if ((c >= 0x300 && c <= 0x36f) || (c >= 0x200b && c <= 0x200f)) return 0;
  if ((c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf) ||
      (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff) ||
      (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) ||
      (c >= 0xffe0 && c <= 0xffe6) || (c >= 0x1f300 && c <= 0x1faff) ||
      (c >= 0x20000 && c <= 0x3fffd))
    return 2;
  return 1;
}

/* Decode one UTF-8 character at s; returns its byte length (1 for bad
** bytes, so malformed input still advances). */
static int utf8_decode(const unsigned char *s, uint32_t *cp) {
  if (s[0] < 0x80) { *cp = s[0]; return 1; }
  if ((s[0] & 0xe0) == 0xc0 && (s[1] & 0xc0) == 0x80) {
    *cp = ((uint32_t)(s[0] & 0x1f) << 6) | (s[1] & 0x3f);
    return 2;
  }
  if ((s[0] & 0xf0) == 0xe0 && (s[1] & 0xc0) == 0x80 && (s[2] & 0xc0) == 0x80) {
    *cp = ((uint32_t)(s[0] & 0x0f) << 12) | ((uint32_t)(s[1] & 0x3f) << 6) |
          (s[2] & 0x3f);
    return 3;
  }
  if ((s[0] & 0xf8) == 0xf0 && (s[1] & 0xc0) == 0x80 && (s[2] & 0xc0) == 0x80 &&
      (s[3] & 0xc0) == 0x80) {
    *cp = ((uint32_t)(s[0] & 0x07) << 18) | ((uint32_t)(s[1] & 0x3f) << 12) |
          ((uint32_t)(s[2] & 0x3f) << 6) | (s[3] & 0x3f);
    return 4;
  }
  *cp = s[0];
  return 1;
}

/* ---- Splitting a cell into display lines (psql's pg_wcsformat) ---- */

typedef struct Line {
  char *text;   /* printable form: tabs expanded, control chars escaped */
  int width;    /* screen columns */
} Line;

typedef struct Cell {
  int nlines;
  Line *lines;
  int width;    /* widest line */
} Cell;

/* Append one character of the source to the current line, the way psql
** shows it: a tab as spaces to the next multiple of 8, \r literally as
** "\r", other control characters as \xNN. */
static void put_char(Buf *b, int *w, const unsigned char *s, int n, uint32_t c) {
  if (c == '\t') {
    do { sh_buf_putc(b, ' '); (*w)++; } while (*w % 8 != 0);
  } else if (c == '\r') {
    sh_buf_puts(b, "\\r");
    *w += 2;
  } else if (c < 0x20 || c == 0x7f) {
    sh_buf_printf(b, "\\x%02X", (unsigned)c);
    *w += 4;
  } else {
    sh_buf_append(b, (const char *)s, (size_t)n);
    *w += ucs_width(c);
  }
}

static void cell_push_line(Cell *c, Buf *b, int w) {
  c->lines = realloc(c->lines, (size_t)(c->nlines + 1) * sizeof(Line));
  c->lines[c->nlines].text = strdup(b->data ? b->data : "");
  c->lines[c->nlines].width = w;
  c->nlines++;
  if (w > c->width) c->width = w;
  sh_buf_reset(b);
}

static void cell_format(Cell *c, const char *text) {
  const unsigned char *s = (const unsigned char *)text;
  Buf b = {0};
  int w = 0;
  memset(c, 0, sizeof *c);
  while (*s) {
    uint32_t cp;
    int n = utf8_decode(s, &cp);
    if (cp == '\n') {
      cell_push_line(c, &b, w);
      w = 0;
    } else {
      put_char(&b, &w, s, n, cp);
    }
    s += n;
  }
  cell_push_line(c, &b, w);
  sh_buf_free(&b);
}

static void cell_free(Cell *c) {
  for (int i = 0; i < c->nlines; i++) free(c->lines[i].text);
  free(c->lines);
}

static int text_width(const char *text) {
  Cell c;
  cell_format(&c, text);
  int w = c.width;
  cell_free(&c);
  return w;
}

static void pad(FILE *out, int n) {
  for (int i = 0; i < n; i++) fputc(' ', out);
}

static void repeat(FILE *out, const char *s, int n) {
  for (int i = 0; i < n; i++) fputs(s, out);
}

/* ---- Footers ---- */

static void print_footers(const Table *t, const PrintOpt *opt, FILE *out) {
  if (t->footers.len > 0) {
    fputs(t->footers.data, out);
  } else if (t->default_footer && opt->footer) {
    fprintf(out, "(%zu %s)\n", t->nrows, t->nrows == 1 ? "row" : "rows");
  }
}

/* ---- Aligned ---- */

static void aligned_widths(const Table *t, Cell *cells, int *widths) {
  for (int j = 0; j < t->ncols; j++) widths[j] = text_width(t->headers[j]);
  for (size_t i = 0; i < t->nrows * (size_t)t->ncols; i++) {
    int j = (int)(i % (size_t)t->ncols);
    cell_format(&cells[i], t->cells[i]);
    if (cells[i].width > widths[j]) widths[j] = cells[i].width;
  }
}

static void aligned_title(const Table *t, const int *widths, FILE *out) {
  int total = t->ncols * 3 - (t->ncols > 0 ? 1 : 0);
  for (int j = 0; j < t->ncols; j++) total += widths[j];
  int w = text_width(t->title);
  if (w < total) pad(out, (total - w) / 2);
  fprintf(out, "%s\n", t->title);
}

/* Header lines: each header centered, multi-line headers marked with '+'. */
static void aligned_header(const Table *t, const int *widths, FILE *out) {
  Cell *h = calloc((size_t)t->ncols + 1, sizeof(Cell));
  int nlines = 1;
  for (int j = 0; j < t->ncols; j++) {
    cell_format(&h[j], t->headers[j]);
    if (h[j].nlines > nlines) nlines = h[j].nlines;
  }
  for (int ln = 0; ln < nlines; ln++) {
    for (int j = 0; j < t->ncols; j++) {
      int more = ln + 1 < h[j].nlines;
      fputc(' ', out);
      if (ln < h[j].nlines) {
        int sp = widths[j] - h[j].lines[ln].width;
        pad(out, sp / 2);
        fputs(h[j].lines[ln].text, out);
        pad(out, (sp + 1) / 2);
      } else {
        pad(out, widths[j]);
      }
      fputc(more ? '+' : ' ', out);
      if (j < t->ncols - 1) fputc('|', out);
    }
    fputc('\n', out);
  }
  for (int j = 0; j < t->ncols; j++) cell_free(&h[j]);
  free(h);
}

static void aligned_rule(const Table *t, const int *widths, FILE *out) {
  fputc('-', out);
  for (int j = 0; j < t->ncols; j++) {
    repeat(out, "-", widths[j]);
    if (j < t->ncols - 1) fputs("-+-", out);
  }
  fputs("-\n", out);
}

/* One display line of one cell within a row. */
static void aligned_cell_line(const Table *t, const Cell *row, const int *widths,
                              int j, int ln, FILE *out) {
  int last = j == t->ncols - 1;
  const Cell *c = &row[j];
  int more = ln + 1 < c->nlines;
  fputc(' ', out);
  if (ln >= c->nlines) {
    if (!last) pad(out, widths[j]);
  } else if (t->aligns[j] == 'r') {
    pad(out, widths[j] - c->lines[ln].width);
    fputs(c->lines[ln].text, out);
  } else {
    fputs(c->lines[ln].text, out);
    if (!last || more) pad(out, widths[j] - c->lines[ln].width);
  }
  if (more)
    fputc('+', out);
  else if (!last)
    fputc(' ', out);
  if (!last) fputc('|', out);
}

static void aligned_row(const Table *t, const Cell *row, const int *widths,
                        FILE *out) {
  int nlines = 1;
  for (int j = 0; j < t->ncols; j++)
    if (row[j].nlines > nlines) nlines = row[j].nlines;
  for (int ln = 0; ln < nlines; ln++) {
    for (int j = 0; j < t->ncols; j++)
      aligned_cell_line(t, row, widths, j, ln, out);
    fputc('\n', out);
  }
}

static void print_aligned(const Table *t, const PrintOpt *opt, FILE *out) {
  size_t ncells = t->nrows * (size_t)t->ncols;
  Cell *cells = calloc(ncells + 1, sizeof(Cell));
  int *widths = calloc((size_t)t->ncols + 1, sizeof(int));
  aligned_widths(t, cells, widths);
  if (!opt->tuples_only) {
    if (t->title) aligned_title(t, widths, out);
    aligned_header(t, widths, out);
    aligned_rule(t, widths, out);
  }
  for (size_t r = 0; r < t->nrows; r++) {
    if (sh_cancel_pressed) break;
    aligned_row(t, &cells[r * (size_t)t->ncols], widths, out);
  }
  if (!opt->tuples_only) print_footers(t, opt, out);
  fputc('\n', out);
  for (size_t i = 0; i < ncells; i++) cell_free(&cells[i]);
  free(cells);
  free(widths);
}

/* ---- Expanded aligned (\x) ---- */

/* "-[ RECORD n ]----+-----" sized to the header and data columns; with
** record 0 (tuples only) a plain rule between records. */
static void record_line(unsigned long record, int hwidth, int dwidth, FILE *out) {
  int reclen = 0;
  fputc('-', out);
  if (record) reclen = fprintf(out, "[ RECORD %lu ]", record);
  reclen++;
  for (int i = reclen; i < hwidth; i++) fputc('-', out);
  reclen -= hwidth;
  if (reclen-- <= 0) fputc('-', out);
  if (reclen-- <= 0) fputc('+', out);
  if (reclen-- <= 0) fputc('-', out);
  if (reclen < 0) reclen = 0;
  for (int i = reclen; i < dwidth; i++) fputc('-', out);
  fputc('\n', out);
}

/* One "name | value" entry; extra lines of a multi-line value continue
** under the value with '+' markers, as psql does. */
static void expanded_field(const char *name, const char *value, int hwidth,
                           int dwidth, int dmultiline, FILE *out) {
  Cell h, d;
  cell_format(&h, name);
  cell_format(&d, value);
  int n = h.nlines > d.nlines ? h.nlines : d.nlines;
  for (int ln = 0; ln < n; ln++) {
    if (ln < h.nlines) {
      fputs(h.lines[ln].text, out);
      pad(out, hwidth - h.lines[ln].width);
      fputc(ln + 1 < h.nlines ? '+' : ' ', out);
    } else {
      pad(out, hwidth + 1);
    }
    if (ln >= d.nlines) { fputs("|\n", out); continue; }
    fputc('|', out);
    fputc(' ', out);
    fputs(d.lines[ln].text, out);
    if (ln + 1 < d.nlines && dmultiline) {
      pad(out, dwidth - d.lines[ln].width);
      fputc('+', out);
    }
    fputc('\n', out);
  }
  cell_free(&h);
  cell_free(&d);
}

static void print_expanded(const Table *t, const PrintOpt *opt, FILE *out) {
  if (t->title && !opt->tuples_only && t->nrows > 0) fprintf(out, "%s\n", t->title);
  if (t->nrows == 0) {
    if (!opt->tuples_only) print_footers(t, opt, out);
    fputc('\n', out);
    return;
  }
  int hwidth = 0, dwidth = 0, dmultiline = 0;
  for (int j = 0; j < t->ncols; j++) {
    int w = text_width(t->headers[j]);
    if (w > hwidth) hwidth = w;
  }
  for (size_t i = 0; i < t->nrows * (size_t)t->ncols; i++) {
    Cell c;
    cell_format(&c, t->cells[i]);
    if (c.width > dwidth) dwidth = c.width;
    if (c.nlines > 1) dmultiline = 1;
    cell_free(&c);
  }
  for (size_t r = 0; r < t->nrows; r++) {
    if (sh_cancel_pressed) break;
    if (!opt->tuples_only)
      record_line(r + 1, hwidth, dwidth, out);
    else if (r != 0)
      record_line(0, hwidth, dwidth, out);
    for (int j = 0; j < t->ncols; j++)
      expanded_field(t->headers[j], t->cells[r * (size_t)t->ncols + (size_t)j],
                     hwidth, dwidth, dmultiline, out);
  }
  if (!opt->tuples_only && t->footers.len > 0) {
    fputc('\n', out);
    fputs(t->footers.data, out);
  }
  fputc('\n', out);
}

/* ---- Unaligned (-A) ---- */

static void print_unaligned(const Table *t, const PrintOpt *opt, FILE *out) {
  const char *sep = opt->fieldsep ? opt->fieldsep : "|";
  int need_recordsep = 0;
  if (!opt->tuples_only) {
    if (t->title) fprintf(out, "%s\n", t->title);
    for (int j = 0; j < t->ncols; j++) {
      if (j > 0) fputs(sep, out);
      fputs(t->headers[j], out);
    }
    need_recordsep = 1;
  }
  for (size_t i = 0; i < t->nrows * (size_t)t->ncols; i++) {
    if (need_recordsep) { fputc('\n', out); need_recordsep = 0; }
    fputs(t->cells[i], out);
    if ((i + 1) % (size_t)t->ncols)
      fputs(sep, out);
    else
      need_recordsep = 1;
  }
  if (!opt->tuples_only && (t->footers.len > 0 || (t->default_footer && opt->footer))) {
    if (need_recordsep) fputc('\n', out);
    /* Footers end with a newline; the record separator logic adds it. */
    if (t->footers.len > 0)
      fwrite(t->footers.data, 1, t->footers.len - 1, out);
    else
      fprintf(out, "(%zu %s)", t->nrows, t->nrows == 1 ? "row" : "rows");
    need_recordsep = 1;
  }
  if (need_recordsep) fputc('\n', out);
}

/* Expanded unaligned: "name|value" lines, a blank line between records. */
static void print_unaligned_expanded(const Table *t, const PrintOpt *opt,
                                     FILE *out) {
  const char *sep = opt->fieldsep ? opt->fieldsep : "|";
  if (!opt->tuples_only && t->title) fprintf(out, "%s\n", t->title);
  for (size_t i = 0; i < t->nrows * (size_t)t->ncols; i++) {
    int j = (int)(i % (size_t)t->ncols);
    if (i > 0) fputs(j == 0 ? "\n\n" : "\n", out);
    fprintf(out, "%s%s%s", t->headers[j], sep, t->cells[i]);
  }
  if (t->nrows > 0) fputc('\n', out);
}

void sh_print_table(const Table *t, const PrintOpt *opt, FILE *out) {
  if (opt->aligned && opt->expanded)
    print_expanded(t, opt, out);
  else if (opt->aligned)
    print_aligned(t, opt, out);
  else if (opt->expanded)
    print_unaligned_expanded(t, opt, out);
  else
    print_unaligned(t, opt, out);
  fflush(out);
}
