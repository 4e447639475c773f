package dev.pgmicro.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.RowIdLifetime;
import java.sql.SQLException;

/**
 * Database metadata: names, versions and the supports* answers; getTables,
 * getColumns, getSchemas, getTableTypes and getCatalogs read pgmicro's own
 * catalog (sqlite_schema and pgm_attribute, through the SQLite dialect).  The
 * other catalog queries (getPrimaryKeys, getIndexInfo, getImportedKeys, ...)
 * throw SQLFeatureNotSupportedException for now; supports* methods not
 * answered here say false (see AbstractDatabaseMetaData).
 */
public class PgDatabaseMetaData extends AbstractDatabaseMetaData {
    private final PgConnection connection;

    PgDatabaseMetaData(PgConnection connection) {
        this.connection = connection;
    }

    private static int versionPart(String v, int part) {
        String[] p = v.split("\\.");
        try {
            return part < p.length ? Integer.parseInt(p[part].replaceAll("\\D.*", "")) : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    // ---- names and versions ----

    /** "pgmicro"; the connection property productName=PostgreSQL makes it impersonate PostgreSQL for tools. */
    @Override
    public String getDatabaseProductName() {
        return connection.info().getProperty("productName", "pgmicro");
    }

    /** The PostgreSQL version whose behaviour the engine follows ("15.18"). */
    @Override public String getDatabaseProductVersion() { return Native.pgVersion(); }
    @Override public int getDatabaseMajorVersion() { return versionPart(Native.pgVersion(), 0); }
    @Override public int getDatabaseMinorVersion() { return versionPart(Native.pgVersion(), 1); }
    @Override public String getDriverName() { return "pgmicro JDBC Driver"; }
    @Override public String getDriverVersion() { return Driver.VERSION + " (engine " + Native.libVersion() + ")"; }
    @Override public int getDriverMajorVersion() { return Driver.MAJOR; }
    @Override public int getDriverMinorVersion() { return Driver.MINOR; }
    @Override public int getJDBCMajorVersion() { return 4; }
    @Override public int getJDBCMinorVersion() { return 2; }
    @Override public String getURL() { return connection.url(); }
    @Override public String getUserName() { return ""; }
    @Override public Connection getConnection() { return connection; }
    @Override public boolean isReadOnly() throws SQLException { return connection.isReadOnly(); }
    @Override public int getSQLStateType() { return sqlStateSQL; }

    // ---- SQL dialect ----

    @Override public String getIdentifierQuoteString() { return "\""; }
    @Override public String getSQLKeywords() { return ""; }
    @Override public String getNumericFunctions() { return "abs,ceil,ceiling,div,exp,floor,ln,log,mod,power,round,sign,sqrt,trunc"; }
    @Override public String getStringFunctions() { return "concat,length,lower,ltrim,position,replace,rtrim,substr,substring,trim,upper"; }
    @Override public String getSystemFunctions() { return "coalesce,nullif,version"; }
    @Override public String getTimeDateFunctions() { return "current_date,current_time,current_timestamp,date_part,date_trunc,extract,now"; }
    @Override public String getSearchStringEscape() { return "\\"; }
    @Override public String getExtraNameCharacters() { return ""; }
    @Override public String getSchemaTerm() { return "schema"; }
    @Override public String getProcedureTerm() { return "function"; }
    @Override public String getCatalogTerm() { return "database"; }
    @Override public String getCatalogSeparator() { return "."; }
    @Override public boolean isCatalogAtStart() { return true; }
    @Override public int getMaxColumnNameLength() { return 63; }
    @Override public int getMaxTableNameLength() { return 63; }
    @Override public int getMaxSchemaNameLength() { return 63; }

    @Override public boolean nullsAreSortedHigh() { return true; }
    @Override public boolean nullPlusNonNullIsNull() { return true; }
    @Override public boolean storesLowerCaseIdentifiers() { return true; }
    @Override public boolean storesMixedCaseQuotedIdentifiers() { return true; }
    @Override public boolean supportsMixedCaseQuotedIdentifiers() { return true; }
    @Override public boolean supportsAlterTableWithAddColumn() { return true; }
    @Override public boolean supportsColumnAliasing() { return true; }
    @Override public boolean supportsConvert() { return false; }
    @Override public boolean supportsTableCorrelationNames() { return true; }
    @Override public boolean supportsExpressionsInOrderBy() { return true; }
    @Override public boolean supportsOrderByUnrelated() { return true; }
    @Override public boolean supportsGroupBy() { return true; }
    @Override public boolean supportsGroupByUnrelated() { return true; }
    @Override public boolean supportsGroupByBeyondSelect() { return true; }
    @Override public boolean supportsLikeEscapeClause() { return true; }
    @Override public boolean supportsMultipleTransactions() { return true; }
    @Override public boolean supportsNonNullableColumns() { return true; }
    @Override public boolean supportsMinimumSQLGrammar() { return true; }
    @Override public boolean supportsANSI92EntryLevelSQL() { return true; }
    @Override public boolean supportsIntegrityEnhancementFacility() { return true; }
    @Override public boolean supportsOuterJoins() { return true; }
    @Override public boolean supportsFullOuterJoins() { return true; }
    @Override public boolean supportsLimitedOuterJoins() { return true; }
    @Override public boolean supportsSchemasInDataManipulation() { return true; }
    @Override public boolean supportsSchemasInTableDefinitions() { return true; }
    @Override public boolean supportsSubqueriesInComparisons() { return true; }
    @Override public boolean supportsSubqueriesInExists() { return true; }
    @Override public boolean supportsSubqueriesInIns() { return true; }
    @Override public boolean supportsSubqueriesInQuantifieds() { return true; }
    @Override public boolean supportsCorrelatedSubqueries() { return true; }
    @Override public boolean supportsUnion() { return true; }
    @Override public boolean supportsUnionAll() { return true; }

    // ---- transactions, statements, results ----

    @Override public boolean supportsTransactions() { return true; }
    @Override public int getDefaultTransactionIsolation() { return Connection.TRANSACTION_SERIALIZABLE; }

    /** Every level but NONE is accepted (and served by SERIALIZABLE). */
    @Override
    public boolean supportsTransactionIsolationLevel(int level) {
        return level != Connection.TRANSACTION_NONE;
    }

    @Override public boolean supportsDataDefinitionAndDataManipulationTransactions() { return true; }
    @Override public boolean dataDefinitionCausesTransactionCommit() { return false; }
    @Override public boolean supportsSavepoints() { return true; }
    @Override public boolean supportsBatchUpdates() { return true; }
    @Override public boolean supportsMultipleResultSets() { return false; }
    @Override public boolean supportsGetGeneratedKeys() { return false; }
    @Override public boolean supportsStatementPooling() { return false; }
    @Override public boolean supportsResultSetType(int type) { return type == ResultSet.TYPE_FORWARD_ONLY; }

    @Override
    public boolean supportsResultSetConcurrency(int type, int concurrency) {
        return type == ResultSet.TYPE_FORWARD_ONLY && concurrency == ResultSet.CONCUR_READ_ONLY;
    }

    @Override
    public boolean supportsResultSetHoldability(int holdability) {
        return holdability == ResultSet.CLOSE_CURSORS_AT_COMMIT;
    }

    @Override public int getResultSetHoldability() { return ResultSet.CLOSE_CURSORS_AT_COMMIT; }
    @Override public boolean allTablesAreSelectable() { return true; }
    @Override public boolean allProceduresAreCallable() { return false; }
    @Override public boolean usesLocalFiles() { return true; }
    @Override public boolean locatorsUpdateCopy() { return false; }
    @Override public RowIdLifetime getRowIdLifetime() { return RowIdLifetime.ROWID_UNSUPPORTED; }

    // ---- catalog queries (SQLite dialect over pgmicro's catalog tables) ----

    private static String pattern(String p) {
        return p == null ? "%" : p;
    }

    /** Only the schema "public" exists. */
    private static boolean publicMatches(String schemaPattern) {
        if (schemaPattern == null) return true;
        String regex = schemaPattern.toLowerCase(java.util.Locale.ROOT).replace("%", ".*").replace("_", ".");
        return "public".matches(regex);
    }

    private ResultSet query(String sql, String... params) throws SQLException {
        return connection.querySqliteDialect(sql, params);
    }

    private static final String USER_TABLES = "FROM sqlite_schema WHERE type = 'table'"
            + " AND name NOT LIKE 'sqlite!_%' ESCAPE '!' AND name NOT LIKE 'pgm!_%' ESCAPE '!'";

    @Override
    public ResultSet getTables(String catalog, String schemaPattern, String tableNamePattern, String[] types)
            throws SQLException {
        boolean tables = types == null || java.util.Arrays.asList(types).contains("TABLE");
        return query("SELECT NULL AS \"TABLE_CAT\", 'public' AS \"TABLE_SCHEM\", name AS \"TABLE_NAME\","
                + " 'TABLE' AS \"TABLE_TYPE\", NULL AS \"REMARKS\", NULL AS \"TYPE_CAT\", NULL AS \"TYPE_SCHEM\","
                + " NULL AS \"TYPE_NAME\", NULL AS \"SELF_REFERENCING_COL_NAME\", NULL AS \"REF_GENERATION\" "
                + USER_TABLES + " AND name LIKE ?1 ESCAPE '\\' AND " + (tables && publicMatches(schemaPattern) ? 1 : 0)
                + " ORDER BY name", pattern(tableNamePattern));
    }

    @Override
    public ResultSet getSchemas() throws SQLException {
        return getSchemas(null, null);
    }

    @Override
    public ResultSet getSchemas(String catalog, String schemaPattern) throws SQLException {
        return query("SELECT 'public' AS \"TABLE_SCHEM\", NULL AS \"TABLE_CATALOG\" WHERE "
                + (publicMatches(schemaPattern) ? 1 : 0));
    }

    @Override
    public ResultSet getCatalogs() throws SQLException {
        return query("SELECT NULL AS \"TABLE_CAT\" WHERE 0");
    }

    @Override
    public ResultSet getTableTypes() throws SQLException {
        return query("SELECT 'TABLE' AS \"TABLE_TYPE\"");
    }

    /** CASE over the type OID column: java.sql.Types, typname, size. */
    private static String caseOf(String col, java.util.function.IntFunction<String> f, String otherwise) {
        StringBuilder sb = new StringBuilder("CASE ").append(col);
        for (int oid : Oids.all()) sb.append(" WHEN ").append(oid).append(" THEN ").append(f.apply(oid));
        return sb.append(" ELSE ").append(otherwise).append(" END").toString();
    }

    @Override
    public ResultSet getColumns(String catalog, String schemaPattern, String tableNamePattern, String columnNamePattern)
            throws SQLException {
        String size = "CASE WHEN a.atttypid = 1700 THEN (CASE WHEN a.atttypmod >= 4 THEN ((a.atttypmod - 4) >> 16) & 65535"
                + " ELSE 1000 END) WHEN a.atttypid IN (1042, 1043) THEN (CASE WHEN a.atttypmod >= 4 THEN a.atttypmod - 4"
                + " ELSE 2147483647 END) ELSE " + caseOf("a.atttypid", oid -> Integer.toString(Oids.precision(oid, -1)), "2147483647")
                + " END";
        String digits = "CASE WHEN a.atttypid = 1700 AND a.atttypmod >= 4 THEN (a.atttypmod - 4) & 65535 ELSE "
                + caseOf("a.atttypid", oid -> Integer.toString(Oids.scale(oid, -1)), "0") + " END";
        return query("SELECT NULL AS \"TABLE_CAT\", 'public' AS \"TABLE_SCHEM\", a.relname AS \"TABLE_NAME\","
                + " a.attname AS \"COLUMN_NAME\","
                + " " + caseOf("a.atttypid", oid -> Integer.toString(Oids.sqlType(oid)), "1111") + " AS \"DATA_TYPE\","
                + " " + caseOf("a.atttypid", oid -> "'" + Oids.nameOf(oid) + "'", "CAST(a.atttypid AS TEXT)") + " AS \"TYPE_NAME\","
                + " " + size + " AS \"COLUMN_SIZE\", NULL AS \"BUFFER_LENGTH\","
                + " " + digits + " AS \"DECIMAL_DIGITS\", 10 AS \"NUM_PREC_RADIX\","
                + " CASE WHEN a.attnotnull THEN 0 ELSE 1 END AS \"NULLABLE\", NULL AS \"REMARKS\","
                + " a.attdefault AS \"COLUMN_DEF\", NULL AS \"SQL_DATA_TYPE\", NULL AS \"SQL_DATETIME_SUB\","
                + " CASE WHEN a.atttypid IN (1042, 1043) AND a.atttypmod >= 4 THEN 4 * (a.atttypmod - 4) END AS \"CHAR_OCTET_LENGTH\","
                + " a.attnum AS \"ORDINAL_POSITION\", CASE WHEN a.attnotnull THEN 'NO' ELSE 'YES' END AS \"IS_NULLABLE\","
                + " NULL AS \"SCOPE_CATALOG\", NULL AS \"SCOPE_SCHEMA\", NULL AS \"SCOPE_TABLE\", NULL AS \"SOURCE_DATA_TYPE\","
                + " CASE WHEN a.attdefault LIKE 'nextval(%' THEN 'YES' ELSE 'NO' END AS \"IS_AUTOINCREMENT\","
                + " 'NO' AS \"IS_GENERATEDCOLUMN\""
                + " FROM pgm_attribute a WHERE a.relname LIKE ?1 ESCAPE '\\' AND a.attname LIKE ?2 ESCAPE '\\'"
                + " AND a.relname IN (SELECT name " + USER_TABLES + ") AND " + (publicMatches(schemaPattern) ? 1 : 0)
                + " ORDER BY a.relname, a.attnum", pattern(tableNamePattern), pattern(columnNamePattern));
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) return iface.cast(this);
        throw Errors.create("42000", "not a wrapper for " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}
