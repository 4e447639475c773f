package dev.pgmicro.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

final class TestDb {
    private TestDb() {}

    static Connection memory() throws SQLException {
        return DriverManager.getConnection("jdbc:pgmicro::memory:");
    }

    /** A recursive CTE that runs for minutes unless stopped. */
    static final String LONG_QUERY = "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 2000000000) "
            + "SELECT count(*) FROM r";
}
