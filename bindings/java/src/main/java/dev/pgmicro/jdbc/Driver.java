package dev.pgmicro.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * The pgmicro JDBC driver, registered with DriverManager (and through
 * META-INF/services/java.sql.Driver).  URLs:
 *
 * <pre>
 *   jdbc:pgmicro:/path/to/file.db         a database file (created when missing)
 *   jdbc:pgmicro::memory:                 a private in-memory database
 *   jdbc:pgmicro:file:name?mode=memory&amp;cache=shared
 *                                         a SQLite URI (here: memory shared by the process)
 * </pre>
 *
 * A plain path may carry properties after '?' (key=value&amp;...), as may the
 * Properties argument: readOnly=true, create=false (fail if the file is
 * missing), busyTimeout=ms, productName=PostgreSQL (what
 * DatabaseMetaData.getDatabaseProductName reports; default pgmicro).
 */
public class Driver implements java.sql.Driver {
    public static final String PREFIX = "jdbc:pgmicro:";
    static final int MAJOR = 0, MINOR = 1;
    static final String VERSION = "0.1.0";

    static {
        try {
            DriverManager.registerDriver(new Driver());
        } catch (SQLException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @Override
    public boolean acceptsURL(String url) {
        return url != null && url.startsWith(PREFIX);
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) return null;
        Properties props = new Properties();
        if (info != null) props.putAll(info);
        String path = url.substring(PREFIX.length());
        int flags = 0;
        if (path.startsWith("file:")) {
            flags |= Native.OPEN_URI;
        } else {
            int q = path.indexOf('?');
            if (q >= 0) {
                for (String kv : path.substring(q + 1).split("&")) {
                    if (kv.isEmpty()) continue;
                    int e = kv.indexOf('=');
                    props.setProperty(e < 0 ? kv : kv.substring(0, e), e < 0 ? "" : kv.substring(e + 1));
                }
                path = path.substring(0, q);
            }
        }
        if (path.isEmpty()) path = ":memory:";
        if (Boolean.parseBoolean(props.getProperty("readOnly", "false"))) flags |= Native.OPEN_READONLY;
        if (!Boolean.parseBoolean(props.getProperty("create", "true"))) flags |= Native.OPEN_NOCREATE;
        try {
            Native.ensureLoaded();
        } catch (UnsatisfiedLinkError | ExceptionInInitializerError | NoClassDefFoundError e) {
            throw new SQLException("pgmicro: cannot load the native library: " + e.getMessage(), "08001", e);
        }
        return new PgConnection(url, path, flags, props);
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
        DriverPropertyInfo ro = new DriverPropertyInfo("readOnly", "false");
        ro.description = "open the database read-only";
        ro.choices = new String[] {"true", "false"};
        DriverPropertyInfo create = new DriverPropertyInfo("create", "true");
        create.description = "create the database file when missing";
        create.choices = new String[] {"true", "false"};
        DriverPropertyInfo busy = new DriverPropertyInfo("busyTimeout", "5000");
        busy.description = "milliseconds to wait for another connection's lock (then SQLSTATE 55P03)";
        DriverPropertyInfo name = new DriverPropertyInfo("productName", "pgmicro");
        name.description = "what DatabaseMetaData.getDatabaseProductName reports (PostgreSQL for tools)";
        return new DriverPropertyInfo[] {ro, create, busy, name};
    }

    @Override public int getMajorVersion() { return MAJOR; }
    @Override public int getMinorVersion() { return MINOR; }
    @Override public boolean jdbcCompliant() { return false; }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw Errors.notSupported("java.util.logging");
    }
}
