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
    void tablesAndColumns() throws SQLException {
        try (Connection c = TestDb.memory(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE users (id int PRIMARY KEY, name varchar(20) NOT NULL DEFAULT 'x', score numeric(8,2))");
            s.execute("CREATE TABLE other_t (b bool)");
            DatabaseMetaData md = c.getMetaData();
            try (ResultSet rs = md.getTables(null, null, "%", new String[] {"TABLE"})) {
                assertTrue(rs.next());
                assertEquals("other_t", rs.getString("TABLE_NAME"));
                assertEquals("public", rs.getString("TABLE_SCHEM"));
                assertEquals("TABLE", rs.getString("TABLE_TYPE"));
                assertTrue(rs.next());
                assertEquals("users", rs.getString("TABLE_NAME"));
                assertFalse(rs.next());
            }
            try (ResultSet rs = md.getTables(null, "other", "%", null)) {
                assertFalse(rs.next());
            }
            try (ResultSet rs = md.getColumns(null, "public", "users", "%")) {
                assertTrue(rs.next());
                assertEquals("id", rs.getString("COLUMN_NAME"));
                assertEquals(java.sql.Types.INTEGER, rs.getInt("DATA_TYPE"));
                assertEquals("int4", rs.getString("TYPE_NAME"));
                assertEquals("NO", rs.getString("IS_NULLABLE"));
                assertEquals(1, rs.getInt("ORDINAL_POSITION"));
                assertTrue(rs.next());
                assertEquals("name", rs.getString("COLUMN_NAME"));
                assertEquals("varchar", rs.getString("TYPE_NAME"));
                assertEquals(20, rs.getInt("COLUMN_SIZE"));
                assertEquals(DatabaseMetaData.columnNoNulls, rs.getInt("NULLABLE"));
                assertNotNull(rs.getString("COLUMN_DEF"));
                assertTrue(rs.next());
                assertEquals("numeric", rs.getString("TYPE_NAME"));
                assertEquals(8, rs.getInt("COLUMN_SIZE"));
                assertEquals(2, rs.getInt("DECIMAL_DIGITS"));
                assertEquals("YES", rs.getString("IS_NULLABLE"));
                assertFalse(rs.next());
            }
            try (ResultSet rs = md.getSchemas()) {
                assertTrue(rs.next());
                assertEquals("public", rs.getString(1));
            }
            // the connection is back in the PostgreSQL dialect
            try (ResultSet rs = s.executeQuery("SELECT 1::int4 AS a")) {
                assertEquals("int4", rs.getMetaData().getColumnTypeName(1));
            }
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
            assertThrows(SQLFeatureNotSupportedException.class, () -> md.getPrimaryKeys(null, null, "t"));
        }
        Properties p = new Properties();
        p.setProperty("productName", "PostgreSQL");
        try (Connection c = DriverManager.getConnection("jdbc:pgmicro::memory:", p)) {
            assertEquals("PostgreSQL", c.getMetaData().getDatabaseProductName());
        }
    }
}
