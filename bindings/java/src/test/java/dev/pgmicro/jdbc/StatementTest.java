package dev.pgmicro.jdbc;

import static org.junit.jupiter.api.Assertions.*;

import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class StatementTest {
    @Test
    void executeReportsResultsAndCounts() throws SQLException {
        try (Connection c = TestDb.memory(); Statement s = c.createStatement()) {
            assertFalse(s.execute("CREATE TABLE t (id int PRIMARY KEY, v text)"));
            assertEquals(0, s.getUpdateCount());
            assertEquals(2, s.executeUpdate("INSERT INTO t VALUES (1, 'a'), (2, 'b')"));
            assertEquals("INSERT 0 2", ((PgStatement) s).getCommandTag());
            assertEquals(1, s.executeUpdate("UPDATE t SET v = 'c' WHERE id = 2"));
            assertTrue(s.execute("SELECT id, v FROM t ORDER BY id"));
            assertEquals(-1, s.getUpdateCount());
            ResultSet rs = s.getResultSet();
            assertTrue(rs.next());
            assertEquals(1, rs.getInt("id"));
            assertEquals("a", rs.getString("V"));
            assertTrue(rs.next());
            assertEquals("c", rs.getString(2));
            assertFalse(rs.next());
            assertFalse(rs.next());
            assertEquals("SELECT 2", ((PgStatement) s).getCommandTag());
            assertFalse(s.getMoreResults());
            assertEquals(-1, s.getUpdateCount());
            assertTrue(rs.isClosed());
            assertThrows(SQLException.class, () -> s.executeQuery("DELETE FROM t WHERE id = 1"));
            assertThrows(SQLException.class, () -> s.executeUpdate("SELECT 1"));
        }
    }

    @Test
    void returningGivesAResultSet() throws SQLException {
        try (Connection c = TestDb.memory(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (id int, v text)");
            ResultSet rs = s.executeQuery("INSERT INTO t VALUES (5, 'x') RETURNING id * 2 AS d");
            assertTrue(rs.next());
            assertEquals(10, rs.getInt("d"));
        }
    }

    @Test
    void multipleStatementsRunInOrder() throws SQLException {
        try (Connection c = TestDb.memory(); Statement s = c.createStatement()) {
            assertTrue(s.execute("CREATE TABLE t (x int); INSERT INTO t VALUES (1), (2); SELECT sum(x) AS s FROM t;"));
            ResultSet rs = s.getResultSet();
            assertTrue(rs.next());
            assertEquals(3, rs.getLong(1));
            assertFalse(s.execute("-- nothing\n"));
        }
    }

    @Test
    void maxRowsStopsTheResult() throws SQLException {
        try (Connection c = TestDb.memory(); Statement s = c.createStatement()) {
            s.setMaxRows(3);
            ResultSet rs = s.executeQuery("WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < 10) SELECT n FROM g");
            int n = 0;
            while (rs.next()) n++;
            assertEquals(3, n);
        }
    }

    @Test
    void batches() throws SQLException {
        try (Connection c = TestDb.memory(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (x int PRIMARY KEY)");
            s.addBatch("INSERT INTO t VALUES (1)");
            s.addBatch("INSERT INTO t VALUES (2), (3)");
            s.addBatch("DELETE FROM t WHERE x > 2");
            assertArrayEquals(new int[] {1, 2, 1}, s.executeBatch());
            s.addBatch("INSERT INTO t VALUES (9)");
            s.addBatch("INSERT INTO t VALUES (1)");
            BatchUpdateException e = assertThrows(BatchUpdateException.class, s::executeBatch);
            assertEquals("23505", e.getSQLState());
            assertArrayEquals(new int[] {1}, e.getUpdateCounts());
        }
    }

    @Test
    void closingIsIdempotent() throws SQLException {
        try (Connection c = TestDb.memory()) {
            Statement s = c.createStatement();
            ResultSet rs = s.executeQuery("SELECT 1");
            rs.close();
            rs.close();
            s.close();
            s.close();
            assertTrue(s.isClosed());
            assertThrows(SQLException.class, () -> s.execute("SELECT 1"));
        }
    }

    @Test
    void closeOnCompletion() throws SQLException {
        try (Connection c = TestDb.memory()) {
            Statement s = c.createStatement();
            s.closeOnCompletion();
            ResultSet rs = s.executeQuery("SELECT 1");
            rs.close();
            assertTrue(s.isClosed());
        }
    }
}
