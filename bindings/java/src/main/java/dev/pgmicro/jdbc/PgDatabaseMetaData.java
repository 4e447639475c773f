package dev.pgmicro.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.RowIdLifetime;
import java.sql.SQLException;

/**
 * Database metadata: names, versions and the supports* answers.  The catalog
 * queries (getTables, getColumns, getPrimaryKeys, ...) throw
 * SQLFeatureNotSupportedException for now; supports* methods not answered
 * here say false (see AbstractDatabaseMetaData).
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
