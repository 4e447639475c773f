package dev.pgmicro.jdbc;

import static org.junit.jupiter.api.Assertions.*;

import java.sql.Connection;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTransactionRollbackException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class ErrorsTest {
    private static SQLException fails(Statement s, String sql) {
        return assertThrows(SQLException.class, () -> s.execute(sql));
    }

    @Test
    void subclassBySqlStateClass() throws SQLException {
        try (Connection c = TestDb.memory(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (id int PRIMARY KEY, v text NOT NULL, CHECK (id > 0))");
            SQLException e = fails(s, "SELEC 1");
            assertInstanceOf(SQLSyntaxErrorException.class, e);
            assertEquals("42601", e.getSQLState());
            assertTrue(((PgmicroException) e).getServerError().getPosition() > 0);
            e = fails(s, "SELECT * FROM missing");
            assertInstanceOf(SQLSyntaxErrorException.class, e);
            assertEquals("42P01", e.getSQLState());
            assertEquals("relation \"missing\" does not exist", ((PgmicroException) e).getServerError().getMessage());
            e = fails(s, "SELECT 1/0");
            assertInstanceOf(SQLDataException.class, e);
            assertEquals("22012", e.getSQLState());
            e = fails(s, "SELECT 'x'::int");
            assertInstanceOf(SQLDataException.class, e);
            assertEquals("22P02", e.getSQLState());
            s.execute("INSERT INTO t VALUES (1, 'a')");
            e = fails(s, "INSERT INTO t VALUES (1, 'b')");
            assertInstanceOf(SQLIntegrityConstraintViolationException.class, e);
            assertEquals("23505", e.getSQLState());
            assertEquals("23502", fails(s, "INSERT INTO t VALUES (2, NULL)").getSQLState());
            assertEquals("23514", fails(s, "INSERT INTO t VALUES (-1, 'x')").getSQLState());
            e = fails(s, "CREATE TABLE u (a int GENERATED ALWAYS AS IDENTITY)");
            assertInstanceOf(SQLFeatureNotSupportedException.class, e);
            assertEquals("0A000", e.getSQLState());
        }
    }

    @Test
    void failedTransactionNeedsRollback() throws SQLException {
        try (Connection c = TestDb.memory(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            fails(s, "SELECT 1/0");
            SQLException e = fails(s, "SELECT 1");
            assertEquals("25P02", e.getSQLState());
            assertInstanceOf(SQLTransactionRollbackException.class, e);
            c.rollback();
            s.execute("SELECT 1");
        }
    }
}
