package dev.pgmicro.jdbc;

import java.sql.ParameterMetaData;
import java.sql.SQLException;

/** Parameters: the types the analyser inferred for $1, $2, ... (pgm_param_type). */
public class PgParameterMetaData implements ParameterMetaData {
    private final int[] types;

    PgParameterMetaData(NativeStmt ns) {
        int n = Native.paramCount(ns.stmt);
        types = new int[n];
        for (int i = 0; i < n; i++) types[i] = Native.paramType(ns.stmt, i + 1);
    }

    private int type(int param) throws SQLException {
        if (param < 1 || param > types.length)
            throw Errors.create("22023", "parameter index " + param + " is out of range (1.." + types.length + ")");
        return types[param - 1];
    }

    @Override public int getParameterCount() { return types.length; }
    @Override public int isNullable(int param) throws SQLException { type(param); return parameterNullableUnknown; }
    @Override public boolean isSigned(int param) throws SQLException { return Oids.isNumeric(type(param)); }
    @Override public int getPrecision(int param) throws SQLException { type(param); return 0; }
    @Override public int getScale(int param) throws SQLException { type(param); return 0; }
    @Override public int getParameterType(int param) throws SQLException { return Oids.sqlType(type(param)); }

    @Override
    public String getParameterTypeName(int param) throws SQLException {
        int t = type(param);
        String n = Oids.nameOf(t);
        return n == null ? Integer.toString(t) : n;
    }

    /** The parameter's type OID. */
    public int getParameterTypeOid(int param) throws SQLException {
        return type(param);
    }

    @Override public String getParameterClassName(int param) throws SQLException { return Oids.className(type(param)); }
    @Override public int getParameterMode(int param) throws SQLException { type(param); return parameterModeIn; }

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
