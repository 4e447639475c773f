package dev.pgmicro.jdbc;

import static org.junit.jupiter.api.Assertions.*;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class CancelTest {
    @Test
    @Timeout(60)
    void cancelFromAnotherThread() throws Exception {
        ScheduledExecutorService ex = Executors.newSingleThreadScheduledExecutor();
        try (Connection c = TestDb.memory(); Statement s = c.createStatement()) {
            ex.schedule(() -> {
                s.cancel();
                return null;
            }, 300, TimeUnit.MILLISECONDS);
            long t0 = System.nanoTime();
            SQLException e = assertThrows(SQLException.class, () -> s.executeQuery(TestDb.LONG_QUERY));
            assertInstanceOf(SQLTimeoutException.class, e);
            assertEquals("57014", e.getSQLState());
            assertTrue(e.getMessage().contains("canceling statement due to user request"), e.getMessage());
            assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(30));
            // the connection is usable afterwards, and a stale cancel does not hit the next statement
            s.cancel();
            ResultSet rs = s.executeQuery("SELECT 1");
            assertTrue(rs.next());
        } finally {
            ex.shutdownNow();
        }
    }

    @Test
    @Timeout(60)
    void queryTimeout() throws SQLException {
        try (Connection c = TestDb.memory(); PreparedStatement ps = c.prepareStatement(TestDb.LONG_QUERY)) {
            ps.setQueryTimeout(1);
            long t0 = System.nanoTime();
            SQLException e = assertThrows(SQLTimeoutException.class, ps::executeQuery);
            assertEquals("57014", e.getSQLState());
            assertTrue(e.getMessage().contains("statement timeout"), e.getMessage());
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertTrue(ms >= 900 && ms < 30000, "took " + ms + " ms");
            // a statement without a timeout runs normally afterwards
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 2")) {
                assertTrue(rs.next());
                assertEquals(2, rs.getInt(1));
            }
        }
    }

    @Test
    @Timeout(60)
    void cancelWhileIteratingRows() throws Exception {
        try (Connection c = TestDb.memory(); Statement s = c.createStatement()) {
            ResultSet rs = s.executeQuery("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 2000000000) SELECT n FROM r");
            assertTrue(rs.next());
            CountDownLatch started = new CountDownLatch(1);
            Thread t = new Thread(() -> {
                try {
                    started.await();
                    Thread.sleep(200);
                    s.cancel();
                } catch (Exception ignored) {
                    // the test fails by timing out
                }
            });
            t.start();
            started.countDown();
            SQLException e = assertThrows(SQLException.class, () -> {
                while (rs.next()) {
                    // until cancelled
                }
            });
            assertEquals("57014", e.getSQLState());
            t.join();
        }
    }
}
