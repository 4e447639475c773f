package dev.pgmicro.jdbc.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A plain benchmark (not a test): point select by primary key through a
 * reused PreparedStatement, and iteration over a 100,000-row result reading
 * every column; ns/op, best of 5 rounds after warm-up.
 *
 * <pre>
 *   cd bindings/java
 *   mvn -q test-compile exec:java -Dexec.mainClass=dev.pgmicro.jdbc.bench.Bench -Dexec.classpathScope=test
 * </pre>
 */
public final class Bench {
    private Bench() {}

    private static final int ROWS = 100_000;

    public static void main(String[] args) throws SQLException {
        String url = args.length > 0 ? args[0] : "jdbc:pgmicro::memory:";
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE bench (id int PRIMARY KEY, name text, score float8, n bigint)");
            c.setAutoCommit(false);
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO bench VALUES (?, ?, ?, ?)")) {
                for (int i = 0; i < ROWS; i++) {
                    ins.setInt(1, i);
                    ins.setString(2, "name-" + i);
                    ins.setDouble(3, i * 0.5);
                    ins.setLong(4, (long) i * 1000);
                    ins.executeUpdate();
                }
            }
            c.commit();
            c.setAutoCommit(true);

            try (PreparedStatement ps = c.prepareStatement("SELECT name, score FROM bench WHERE id = ?")) {
                int ops = 200_000;
                double best = Double.MAX_VALUE;
                long sink = 0;
                for (int round = 0; round < 6; round++) {
                    long t0 = System.nanoTime();
                    for (int i = 0; i < ops; i++) {
                        ps.setInt(1, (i * 7919) % ROWS);
                        try (ResultSet rs = ps.executeQuery()) {
                            rs.next();
                            sink += rs.getString(1).length();
                        }
                    }
                    double ns = (System.nanoTime() - t0) / (double) ops;
                    if (round > 0) best = Math.min(best, ns);
                }
                System.out.printf("point select (PreparedStatement, by primary key): %.0f ns/op (%d)%n", best, sink % 10);
            }

            double best = Double.MAX_VALUE;
            long sink = 0;
            for (int round = 0; round < 6; round++) {
                long t0 = System.nanoTime();
                try (ResultSet rs = s.executeQuery("SELECT id, name, score, n FROM bench")) {
                    while (rs.next()) {
                        sink += rs.getInt(1) + rs.getString(2).length() + (long) rs.getDouble(3) + rs.getLong(4);
                    }
                }
                double ns = (System.nanoTime() - t0) / (double) ROWS;
                if (round > 0) best = Math.min(best, ns);
            }
            System.out.printf("row iteration (4 columns, every value read): %.0f ns/row (%d)%n", best, sink % 10);
        }
    }
}
