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
        }
    }

    @Test
    void mappingTable() {
        Object[][] table = {
            {"08003", java.sql.SQLNonTransientConnectionException.class},
            {"0A000", SQLFeatureNotSupportedException.class},
            {"22003", SQLDataException.class},
            {"23503", SQLIntegrityConstraintViolationException.class},
            {"25P02", SQLTransactionRollbackException.class},
            {"28000", java.sql.SQLInvalidAuthorizationSpecException.class},
            {"40001", SQLTransactionRollbackException.class},
            {"42703", SQLSyntaxErrorException.class},
            {"55P03", java.sql.SQLTransientException.class},
            {"57014", java.sql.SQLTimeoutException.class},
            {"XX000", SQLException.class},
        };
        for (Object[] row : table) {
            SQLException e = Errors.fromNative(1, (String) row[0], "m", "d", "h", 3);
            assertInstanceOf((Class<?>) row[1], e, (String) row[0]);
            assertInstanceOf(PgmicroException.class, e);
            assertEquals(row[0], e.getSQLState());
            ServerError se = ((PgmicroException) e).getServerError();
            assertEquals("m", se.getMessage());
            assertEquals("d", se.getDetail());
            assertEquals("h", se.getHint());
            assertEquals(3, se.getPosition());
            assertEquals("ERROR: m\n  Detail: d\n  Hint: h\n  Position: 3", e.getMessage());
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
