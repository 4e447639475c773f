package dev.pgmicro.jdbc;

import java.sql.ResultSetMetaData;
import java.sql.SQLException;

/** Result columns: PostgreSQL names and type names, java.sql.Types, precision and scale from the typmod. */
public class PgResultSetMetaData implements ResultSetMetaData {
    private final NativeStmt ns;

    PgResultSetMetaData(NativeStmt ns) {
        this.ns = ns;
    }

    private int idx(int column) throws SQLException {
        if (column < 1 || column > ns.columnCount())
            throw Errors.create("22023", "column index " + column + " is out of range (1.." + ns.columnCount() + ")");
        return column - 1;
    }

    @Override public int getColumnCount() { return ns.columnCount(); }
    @Override public String getColumnLabel(int column) throws SQLException { return ns.name(idx(column)); }
    @Override public String getColumnName(int column) throws SQLException { return ns.name(idx(column)); }
    /** pg_type.typname: "int4", "numeric", "timestamptz", "_int4". */
    @Override public String getColumnTypeName(int column) throws SQLException { return ns.typeName(idx(column)); }
    @Override public int getColumnType(int column) throws SQLException { return Oids.sqlType(ns.type(idx(column))); }
    @Override public String getColumnClassName(int column) throws SQLException { return Oids.className(ns.type(idx(column))); }

    /** The column's type OID (PostgreSQL's). */
    public int getColumnTypeOid(int column) throws SQLException {
        return ns.type(idx(column));
    }

    @Override
    public int getPrecision(int column) throws SQLException {
        int i = idx(column);
        return Oids.precision(ns.type(i), ns.typmod(i));
    }

    @Override
    public int getScale(int column) throws SQLException {
        int i = idx(column);
        return Oids.scale(ns.type(i), ns.typmod(i));
    }

    @Override
    public int getColumnDisplaySize(int column) throws SQLException {
        int i = idx(column);
        return Oids.displaySize(ns.type(i), ns.typmod(i));
    }

    @Override public boolean isAutoIncrement(int column) throws SQLException { idx(column); return false; }
    @Override public boolean isCaseSensitive(int column) throws SQLException { return Oids.isText(ns.type(idx(column))); }
    @Override public boolean isSearchable(int column) throws SQLException { idx(column); return true; }
    @Override public boolean isCurrency(int column) throws SQLException { idx(column); return false; }
    @Override public int isNullable(int column) throws SQLException { idx(column); return columnNullableUnknown; }

    @Override
    public boolean isSigned(int column) throws SQLException {
        int t = ns.type(idx(column));
        return Oids.isNumeric(t) && t != Oids.OID;
    }

    @Override public String getSchemaName(int column) throws SQLException { idx(column); return ""; }
    @Override public String getTableName(int column) throws SQLException { idx(column); return ""; }
    @Override public String getCatalogName(int column) throws SQLException { idx(column); return ""; }
    @Override public boolean isReadOnly(int column) throws SQLException { idx(column); return false; }
    @Override public boolean isWritable(int column) throws SQLException { idx(column); return true; }
    @Override public boolean isDefinitelyWritable(int column) throws SQLException { idx(column); return false; }

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
