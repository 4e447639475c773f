/*
** acl.c — the aclitem type, after PostgreSQL's utils/adt/acl.c: one grant
** as "grantee=privileges/grantor" (an empty grantee is PUBLIC).  Stored as
** its canonical text, the privilege letters in PostgreSQL's bit order, so
** equal items compare equal as text.
**
** pgmicro has no GRANT and one role (postgres), so aclitem exists for the
** catalog's ACL columns (pg_database.datacl) and for values typed in.  Input
** accepts the form PostgreSQL prints; PostgreSQL's lenient forms (blanks
** around the parts, a missing "/grantor" that it replaces with a warning)
** are 0A000 here rather than guessed at.
*/
#include "adt/adt.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* PostgreSQL 15's ACL_ALL_RIGHTS_STR, in bit order. */
static const char acl_rights[] = "arwdDxtXUCTcsA";

static bool acl_ident_char(char c) { return isalnum((unsigned char)c) || c == '_' || (unsigned char)c >= 0x80; }

/* A role name at s: "quoted" (with "" inside) or a run of identifier
** characters.  Returns the bytes consumed, 0 for none, -1 for an open quote. */
static int acl_read_name(const char *s, size_t n, StrBuf *name) {
  size_t i = 0;
  if (n && s[0] == '"') {
    for (i = 1; i < n; i++) {
      if (s[i] != '"') { sb_putc(name, s[i]); continue; }
      if (i + 1 < n && s[i + 1] == '"') { sb_putc(name, '"'); i++; continue; }
      return (int)i + 1;
    }
    return -1;
  }
  while (i < n && acl_ident_char(s[i])) sb_putc(name, s[i++]);
  return (int)i;
}

/* The roles that exist: postgres and PostgreSQL's predefined pg_* roles,
** which pgmicro does not have (0A000 rather than "does not exist"). */
static int acl_check_role(const char *name, pgm_error **err) {
  if (!strcmp(name, "postgres")) return 0;
  if (!strncmp(name, "pg_", 3)) {
    *err = pgm_error_new(ERRCODE_FEATURE_NOT_SUPPORTED, "role \"%s\" in an aclitem is not supported by pgmicro yet", name);
    return -1;
  }
  *err = pgm_error_new(ERRCODE_UNDEFINED_OBJECT, "role \"%s\" does not exist", name);
  return -1;
}

/* Privilege letters (each optionally followed by '*') up to '/': bit masks. */
static int acl_read_rights(const char *s, size_t n, unsigned *rights, unsigned *grant, pgm_error **err) {
  size_t i = 0;
  for (; i < n && s[i] != '/'; i++) {
    const char *p = s[i] ? strchr(acl_rights, s[i]) : NULL;
    if (!p) {
      if (isspace((unsigned char)s[i])) break;
      *err = pgm_error_new(ERRCODE_INVALID_TEXT_REPRESENTATION, "invalid mode character: must be one of \"%s\"", acl_rights);
      return -1;
    }
    unsigned bit = 1u << (p - acl_rights);
    *rights |= bit;
    if (i + 1 < n && s[i + 1] == '*') { *grant |= bit; i++; }
  }
  return (int)i;
}

static void acl_put_name(StrBuf *out, const char *name) {
  bool plain = *name != 0;
  for (const char *p = name; *p; p++) if (!acl_ident_char(*p) || isupper((unsigned char)*p)) plain = false;
  if (plain) { sb_puts(out, name); return; }
  sb_putc(out, '"');
  for (const char *p = name; *p; p++) { if (*p == '"') sb_putc(out, '"'); sb_putc(out, *p); }
  sb_putc(out, '"');
}

static int acl_unsupported(const char *s, size_t n, pgm_error **err) {
  *err = pgm_error_new(ERRCODE_FEATURE_NOT_SUPPORTED,
                       "aclitem \"%.*s\" is not supported by pgmicro yet (only the form grantee=privileges/grantor is read)", (int)n, s);
  return -1;
}

static int aclitem_in(pgm_db *db, int32_t typmod, const char *s, size_t n, Datum *out, pgm_error **err) {
  (void)db; (void)typmod;
  StrBuf grantee = STRBUF_INIT, grantor = STRBUF_INIT, text = STRBUF_INIT;
  unsigned rights = 0, grant = 0;
  int rc = -1;
  int k = acl_read_name(s, n, &grantee);
  size_t i = k < 0 ? n : (size_t)k;
  if (k < 0 || i >= n || s[i] != '=') {
    if (k >= 0 && i < n && isspace((unsigned char)s[i])) rc = acl_unsupported(s, n, err);
    else if (k > 0) *err = pgm_error_new(ERRCODE_INVALID_TEXT_REPRESENTATION, "unrecognized key word: \"%s\"", sb_str(&grantee));
    else *err = pgm_error_new(ERRCODE_INVALID_TEXT_REPRESENTATION, "missing \"=\" sign");
    goto done;
  }
  i++;
  if (*sb_str(&grantee) && acl_check_role(sb_str(&grantee), err)) goto done;
  k = acl_read_rights(s + i, n - i, &rights, &grant, err);
  if (k < 0) goto done;
  i += (size_t)k;
  if (i >= n || s[i] != '/') { rc = acl_unsupported(s, n, err); goto done; }
  i++;
  k = acl_read_name(s + i, n - i, &grantor);
  if (k <= 0 || !*sb_str(&grantor)) { *err = pgm_error_new(ERRCODE_INVALID_TEXT_REPRESENTATION, "a name must follow the \"/\" sign"); goto done; }
  i += (size_t)k;
  if (i < n) {
    if (isspace((unsigned char)s[i])) rc = acl_unsupported(s, n, err);
    else *err = pgm_error_new(ERRCODE_INVALID_TEXT_REPRESENTATION, "extra garbage at the end of the ACL specification");
    goto done;
  }
  if (acl_check_role(sb_str(&grantor), err)) goto done;
  if (*sb_str(&grantee)) acl_put_name(&text, sb_str(&grantee));
  sb_putc(&text, '=');
  for (int b = 0; acl_rights[b]; b++) {
    if (!(rights & (1u << b))) continue;
    sb_putc(&text, acl_rights[b]);
    if (grant & (1u << b)) sb_putc(&text, '*');
  }
  sb_putc(&text, '/');
  acl_put_name(&text, sb_str(&grantor));
  out->kind = D_TEXT;
  out->n = strlen(sb_str(&text));
  out->p = pgm_strdup(sb_str(&text));
  rc = 0;
done:
  sb_free(&grantee);
  sb_free(&grantor);
  sb_free(&text);
  return rc;
}

static void aclitem_out(pgm_db *db, int32_t typmod, const Datum *v, StrBuf *out) {
  (void)db; (void)typmod;
  if (v->kind == D_TEXT || v->kind == D_BLOB) sb_putn(out, v->p, v->n);
}

const AdtTypeIO adt_acl_types[] = {
  {1033, 't', aclitem_in, aclitem_out},
  {0, 0, NULL, NULL},
};
