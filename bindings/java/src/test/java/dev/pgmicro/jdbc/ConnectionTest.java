package dev.pgmicro.jdbc;

import static org.junit.jupiter.api.Assertions.*;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.Savepoint;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class ConnectionTest {
    private static int count(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM t")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void autoCommitOffOpensATransaction() throws SQLException {
        try (Connection c = TestDb.memory(); Statement s = c.createStatement()) {
            PgConnection pc = c.unwrap(PgConnection.class);
            s.execute("CREATE TABLE t (x int)");
            c.setAutoCommit(false);
            assertEquals('I', pc.getTransactionStatus());
            s.execute("INSERT INTO t VALUES (1)");
            assertEquals('T', pc.getTransactionStatus());
            c.rollback();
            assertEquals(0, count(c));
            s.execute("INSERT INTO t VALUES (2)");
            c.commit();
            assertEquals('I', pc.getTransactionStatus());
            c.rollback();
            assertEquals(1, count(c));
            s.execute("INSERT INTO t VALUES (3)");
            c.setAutoCommit(true); // commits
            assertEquals('I', pc.getTransactionStatus());
            assertEquals(2, count(c));
            assertThrows(SQLException.class, c::commit);
        }
    }

    @Test
    void savepoints() throws SQLException {
        try (Connection c = TestDb.memory(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (x int)");
            c.setAutoCommit(false);
            s.execute("INSERT INTO t VALUES (1)");
            Savepoint a = c.setSavepoint();
            s.execute("INSERT INTO t VALUES (2)");
            Savepoint b = c.setSavepoint("named one");
            assertEquals("named one", b.getSavepointName());
            assertTrue(a.getSavepointId() > 0);
            s.execute("INSERT INTO t VALUES (3)");
            c.rollback(b);
            assertEquals(2, count(c));
            c.rollback(a);
            assertEquals(1, count(c));
            Savepoint d = c.setSavepoint();
            s.execute("INSERT INTO t VALUES (4)");
            c.releaseSavepoint(d);
            c.commit();
            assertEquals(2, count(c));
        }
    }

    @Test
    void savepointRecoversFromAnError() throws SQLException {
        try (Connection c = TestDb.memory(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (x int PRIMARY KEY)");
            c.setAutoCommit(false);
            s.execute("INSERT INTO t VALUES (1)");
            Savepoint sp = c.setSavepoint();
            assertThrows(SQLException.class, () -> s.execute("INSERT INTO t VALUES (1)"));
            assertEquals('E', c.unwrap(PgConnection.class).getTransactionStatus());
            c.rollback(sp);
            s.execute("INSERT INTO t VALUES (2)");
            c.commit();
            assertEquals(2, count(c));
        }
    }

    @Test
    void closeIsIdempotentAndClosesStatements() throws SQLException {
        Connection c = TestDb.memory();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT 1");
        assertTrue(c.isValid(1));
        c.close();
        c.close();
        assertTrue(c.isClosed());
        assertFalse(c.isValid(1));
        assertTrue(s.isClosed());
        assertTrue(rs.isClosed());
        SQLException e = assertThrows(SQLNonTransientConnectionException.class, c::createStatement);
        assertEquals("08003", e.getSQLState());
        s.close();
    }

    @Test
    void closeRollsBackAnOpenTransaction() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("pgm");
        String url = "jdbc:pgmicro:" + dir.resolve("x.db");
        try (Connection c = java.sql.DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (x int)");
            c.setAutoCommit(false);
            s.execute("INSERT INTO t VALUES (1)");
        }
        try (Connection c = java.sql.DriverManager.getConnection(url)) {
            assertEquals(0, count(c));
        }
    }

    @Test
    void isolationAndNativeSql() throws SQLException {
        try (Connection c = TestDb.memory()) {
            c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
            c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED); // served by SERIALIZABLE
            assertEquals(Connection.TRANSACTION_SERIALIZABLE, c.getTransactionIsolation());
            assertThrows(SQLException.class, () -> c.setTransactionIsolation(Connection.TRANSACTION_NONE));
            assertEquals("SELECT $1 WHERE '?' = $2", c.nativeSQL("SELECT ? WHERE '?' = ?"));
            assertEquals("public", c.getSchema());
        }
    }
}
