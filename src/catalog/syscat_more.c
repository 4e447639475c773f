/*
** syscat_more.c — the system relations defined outside pgcatalog.c (which
** lists them after its own, see syscat_rows.h): sequences and their
** dependencies (pg_sequence.c), and catalogs of features pgmicro has few or
** none of, with PostgreSQL 15's columns and OIDs.
**
**   pg_language   internal, c and sql, as PostgreSQL 15 has them.  plpgsql
**                 is left out: PostgreSQL lists it because the plpgsql
**                 extension is installed, and pgmicro runs no PL/pgSQL.
**   pg_extension  no rows: pgmicro has no extensions (PostgreSQL lists plpgsql).
**   pg_enum       no rows: pgmicro has no enum types.
**   pg_shdescription  no rows: COMMENT ON ROLE/DATABASE is not supported.
** lanacl is left out (always NULL in PostgreSQL 15 too, the default).
*/
#include "catalog/syscat_rows.h"

static Column more_c_language[] = {
  CC("oid", T_OID), CC("lanname", T_NAME), CC("lanowner", T_OID), CC("lanispl", T_BOOL), CC("lanpltrusted", T_BOOL),
  CC("lanplcallfoid", T_OID), CC("laninline", T_OID), CC("lanvalidator", T_OID)};

static void more_fill_language(SyscatCtx *c, SyscatRows *r) {
  (void)c;
  static const struct { Oid oid; const char *name; bool trusted; Oid validator; } langs[] = {
    {12, "internal", false, 2246}, {13, "c", false, 2247}, {14, "sql", true, 2248}};
  for (size_t i = 0; i < sizeof langs / sizeof langs[0]; i++) {
    cat_int(r, langs[i].oid); cat_text(r, langs[i].name); cat_int(r, 10); cat_bool(r, false);
    cat_bool(r, langs[i].trusted); cat_int(r, 0); cat_int(r, 0); cat_int(r, langs[i].validator);
  }
}

static void more_fill_none(SyscatCtx *c, SyscatRows *r) { (void)c; (void)r; }

static Column more_c_extension[] = {
  CC("oid", T_OID), CC("extname", T_NAME), CC("extowner", T_OID), CC("extnamespace", T_OID),
  CC("extrelocatable", T_BOOL), CC("extversion", T_TEXT), CC("extconfig", T_OIDARR), CC("extcondition", T_TEXTARR)};
static Column more_c_enum[] = {CC("oid", T_OID), CC("enumtypid", T_OID), CC("enumsortorder", T_FLOAT4),
                               CC("enumlabel", T_NAME)};
static Column more_c_shdescription[] = {CC("objoid", T_OID), CC("classoid", T_OID), CC("description", T_TEXT)};

const SyscatDef syscat_more_defs[] = {
  {"pg_catalog", "pg_sequence", 2224, 'r', CAT_TABLE("pgm_sys_pg_sequence", syscat_c_sequence), syscat_fill_sequence},
  {"pg_catalog", "pg_sequences", 12048, 'v', CAT_TABLE("pgm_sys_pg_sequences", syscat_c_sequences), syscat_fill_sequences},
  {"pg_catalog", "pg_depend", 2608, 'r', CAT_TABLE("pgm_sys_pg_depend", syscat_c_depend), syscat_fill_depend},
  {"pg_catalog", "pg_language", 2612, 'r', CAT_TABLE("pgm_sys_pg_language", more_c_language), more_fill_language},
  {"pg_catalog", "pg_extension", 3079, 'r', CAT_TABLE("pgm_sys_pg_extension", more_c_extension), more_fill_none},
  {"pg_catalog", "pg_enum", 3501, 'r', CAT_TABLE("pgm_sys_pg_enum", more_c_enum), more_fill_none},
  {"pg_catalog", "pg_shdescription", 2396, 'r', CAT_TABLE("pgm_sys_pg_shdescription", more_c_shdescription),
   more_fill_none},
};
const int syscat_nmore_defs = (int)(sizeof syscat_more_defs / sizeof syscat_more_defs[0]);
