package dev.pgmicro.jdbc;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DriverTest {
    @TempDir
    Path tmp;

    @Test
    void registeredThroughServiceLoader() throws SQLException {
        java.sql.Driver d = DriverManager.getDriver("jdbc:pgmicro::memory:");
        assertInstanceOf(Driver.class, d);
        assertFalse(d.acceptsURL("jdbc:postgresql://localhost/x"));
    }

    @Test
    void fileDatabasePersists() throws SQLException {
        String url = "jdbc:pgmicro:" + tmp.resolve("a.db");
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (x int)");
            s.execute("INSERT INTO t VALUES (42)");
        }
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT x FROM t")) {
            assertTrue(rs.next());
            assertEquals(42, rs.getInt(1));
        }
    }

    @Test
    void noCreateAndReadOnly() throws SQLException {
        String missing = "jdbc:pgmicro:" + tmp.resolve("missing.db");
        Properties p = new Properties();
        p.setProperty("create", "false");
        assertThrows(SQLException.class, () -> DriverManager.getConnection(missing, p));
        String url = "jdbc:pgmicro:" + tmp.resolve("ro.db");
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (x int)");
        }
        try (Connection c = DriverManager.getConnection(url + "?readOnly=true"); Statement s = c.createStatement()) {
            assertTrue(c.isReadOnly());
            assertThrows(SQLException.class, () -> s.execute("INSERT INTO t VALUES (1)"));
        }
    }

    @Test
    void sharedMemoryUri() throws SQLException {
        String url = "jdbc:pgmicro:file:drivertest?mode=memory&cache=shared";
        try (Connection a = DriverManager.getConnection(url); Connection b = DriverManager.getConnection(url)) {
            a.createStatement().execute("CREATE TABLE shared_t (x int); INSERT INTO shared_t VALUES (7)");
            ResultSet rs = b.createStatement().executeQuery("SELECT x FROM shared_t");
            assertTrue(rs.next());
            assertEquals(7, rs.getInt(1));
        }
    }

    @Test
    void databaseMetaData() throws SQLException {
        try (Connection c = TestDb.memory()) {
            DatabaseMetaData md = c.getMetaData();
            assertEquals("pgmicro", md.getDatabaseProductName());
            assertEquals(15, md.getDatabaseMajorVersion());
            assertTrue(md.getDatabaseProductVersion().startsWith("15."));
            assertTrue(md.getDriverVersion().startsWith(Driver.VERSION));
            assertTrue(md.supportsTransactions());
            assertTrue(md.supportsSavepoints());
            assertTrue(md.supportsBatchUpdates());
            assertEquals(Connection.TRANSACTION_SERIALIZABLE, md.getDefaultTransactionIsolation());
            assertEquals("\"", md.getIdentifierQuoteString());
            assertEquals("jdbc:pgmicro::memory:", md.getURL());
            assertThrows(SQLFeatureNotSupportedException.class, () -> md.getTables(null, null, "%", null));
            assertThrows(SQLFeatureNotSupportedException.class, () -> md.getColumns(null, null, "%", "%"));
        }
        Properties p = new Properties();
        p.setProperty("productName", "PostgreSQL");
        try (Connection c = DriverManager.getConnection("jdbc:pgmicro::memory:", p)) {
            assertEquals("PostgreSQL", c.getMetaData().getDatabaseProductName());
        }
    }
}
