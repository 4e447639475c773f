package dev.pgmicro.jdbc;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** One connection per thread, all on one database file. */
class ThreadsTest {
    @TempDir
    Path tmp;

    @Test
    @Timeout(120)
    void severalThreadsEachWithItsOwnConnection() throws Exception {
        String url = "jdbc:pgmicro:" + tmp.resolve("threads.db") + "?busyTimeout=30000";
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (thread int, i int, PRIMARY KEY (thread, i))");
        }
        int threads = 6, rows = 200;
        // Connections are opened before the writers start: pgm_open validates the
        // file and may fail with "database is locked" while others write (see README).
        List<Connection> conns = new ArrayList<>();
        for (int k = 0; k < threads; k++) conns.add(DriverManager.getConnection(url));
        ExecutorService ex = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> fs = new ArrayList<>();
            for (int k = 0; k < threads; k++) {
                final int id = k;
                final Connection c = conns.get(k);
                fs.add(ex.submit(() -> {
                    try (c;
                         PreparedStatement ins = c.prepareStatement("INSERT INTO t VALUES (?, ?)");
                         PreparedStatement cnt = c.prepareStatement("SELECT count(*) FROM t WHERE thread = ?")) {
                        for (int i = 0; i < rows; i++) {
                            ins.setInt(1, id);
                            ins.setInt(2, i);
                            ins.executeUpdate();
                            if (i % 50 == 0) {
                                cnt.setInt(1, id);
                                try (ResultSet rs = cnt.executeQuery()) {
                                    rs.next();
                                    assertEquals(i + 1, rs.getInt(1));
                                }
                            }
                        }
                        return rows;
                    }
                }));
            }
            for (Future<Integer> f : fs) assertEquals(rows, f.get());
        } finally {
            ex.shutdownNow();
        }
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*), count(DISTINCT thread) FROM t")) {
            rs.next();
            assertEquals(threads * rows, rs.getInt(1));
            assertEquals(threads, rs.getInt(2));
        }
    }
}
