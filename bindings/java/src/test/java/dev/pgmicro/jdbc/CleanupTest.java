package dev.pgmicro.jdbc;

import static org.junit.jupiter.api.Assertions.*;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** Handles the application forgets to close are released by the Cleaner, in any order. */
class CleanupTest {
    private static void forget(Connection c, int i) throws SQLException {
        PreparedStatement ps = c.prepareStatement("SELECT ?::int + 1");
        ps.setInt(1, i);
        ResultSet rs = ps.executeQuery(); // left open
        assertTrue(rs.next());
        Statement s = c.createStatement();
        s.executeQuery("SELECT 1 UNION ALL SELECT 2"); // left open, mid-result
    }

    @Test
    void forgottenStatementsOnALiveConnection() throws Exception {
        try (Connection c = TestDb.memory()) {
            for (int round = 0; round < 5; round++) {
                for (int i = 0; i < 200; i++) forget(c, i);
                System.gc();
                Thread.sleep(20);
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 40 + 2")) {
                    assertTrue(rs.next());
                    assertEquals(42, rs.getInt(1));
                }
            }
        }
    }

    @Test
    void forgottenConnectionsAndStatements() throws Exception {
        for (int round = 0; round < 5; round++) {
            for (int i = 0; i < 50; i++) {
                Connection c = TestDb.memory(); // never closed
                forget(c, i);
            }
            System.gc();
            Thread.sleep(50);
        }
        try (Connection c = TestDb.memory(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
            assertTrue(rs.next());
        }
    }

    @Test
    void statementsClosedAfterTheirConnection() throws SQLException {
        Connection c = TestDb.memory();
        PreparedStatement ps = c.prepareStatement("SELECT 1");
        ResultSet rs = ps.executeQuery();
        c.close();
        assertTrue(ps.isClosed());
        rs.close();
        ps.close();
    }
}
