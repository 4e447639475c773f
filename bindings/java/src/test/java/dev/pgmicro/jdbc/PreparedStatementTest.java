package dev.pgmicro.jdbc;

import static org.junit.jupiter.api.Assertions.*;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Date;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PreparedStatementTest {
    private static Object one(Connection c, String sql, Object param, Class<?> cls) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, param);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next());
                return rs.getObject(1, cls);
            }
        }
    }

    @Test
    void typeRoundTripsThroughSetObject() throws SQLException {
        try (Connection c = TestDb.memory()) {
            assertEquals(42, one(c, "SELECT ?::int4", 42, Integer.class));
            assertEquals(1L << 40, one(c, "SELECT ?::int8", 1L << 40, Long.class));
            assertEquals((short) -7, one(c, "SELECT ?::int2", (short) -7, Short.class));
            assertEquals(0.1, one(c, "SELECT ?::float8", 0.1, Double.class));
            assertEquals(1.5f, one(c, "SELECT ?::float4", 1.5f, Float.class));
            assertEquals(new BigDecimal("12345678901234567890.000000000123"),
                    one(c, "SELECT ?::numeric", new BigDecimal("12345678901234567890.000000000123"), BigDecimal.class));
            assertEquals(true, one(c, "SELECT ?::bool", true, Boolean.class));
            assertEquals("héllo, 世界 😀", one(c, "SELECT ?::text", "héllo, 世界 😀", String.class));
            assertArrayEquals(new byte[] {0, 1, (byte) 0xff}, (byte[]) one(c, "SELECT ?::bytea", new byte[] {0, 1, (byte) 0xff}, byte[].class));
            UUID u = UUID.randomUUID();
            assertEquals(u, one(c, "SELECT ?::uuid", u, UUID.class));
            LocalDate d = LocalDate.of(2024, 2, 29);
            assertEquals(d, one(c, "SELECT ?::date", d, LocalDate.class));
            LocalDateTime ldt = LocalDateTime.of(2024, 1, 2, 3, 4, 5, 123456000);
            assertEquals(ldt, one(c, "SELECT ?::timestamp", ldt, LocalDateTime.class));
            OffsetDateTime odt = OffsetDateTime.of(ldt, ZoneOffset.ofHours(2));
            OffsetDateTime back = (OffsetDateTime) one(c, "SELECT ?::timestamptz", odt, OffsetDateTime.class);
            assertEquals(odt.toInstant(), back.toInstant());
            assertEquals(ZoneOffset.UTC, back.getOffset()); // the session time zone is UTC
            Instant now = Instant.parse("2020-05-06T07:08:09.5Z");
            assertEquals(now, one(c, "SELECT ?::timestamptz", now, Instant.class));
            LocalTime t = LocalTime.of(13, 14, 15, 250000000);
            assertEquals(t, one(c, "SELECT ?::time", t, LocalTime.class));
            assertNull(one(c, "SELECT ?::int4", null, Integer.class));
        }
    }

    @Test
    void typedSettersAndGetters() throws SQLException {
        try (Connection c = TestDb.memory(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (i int, l bigint, sm smallint, f real, d double precision, n numeric(12,3), "
                    + "v varchar(10), b boolean, by bytea, dt date, ts timestamp, tz timestamptz, u uuid, j jsonb)");
            PreparedStatement ins = c.prepareStatement("INSERT INTO t VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
            ins.setInt(1, 7);
            ins.setLong(2, Long.MAX_VALUE);
            ins.setShort(3, (short) 3);
            ins.setFloat(4, 2.5f);
            ins.setDouble(5, -1e300);
            ins.setBigDecimal(6, new BigDecimal("1.2345"));
            ins.setString(7, "abc");
            ins.setBoolean(8, false);
            ins.setBytes(9, "xy".getBytes());
            ins.setDate(10, Date.valueOf("2023-12-31"));
            Timestamp ts = Timestamp.valueOf("2023-12-31 23:59:58.5");
            ins.setTimestamp(11, ts);
            ins.setTimestamp(12, ts);
            ins.setObject(13, "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", Types.OTHER);
            ins.setString(14, "{\"k\": [1, 2]}");
            assertEquals(1, ins.executeUpdate());
            ins.clearParameters();
            for (int i = 1; i <= 14; i++) ins.setNull(i, Types.NULL);
            assertEquals(1, ins.executeUpdate());

            ResultSet rs = s.executeQuery("SELECT * FROM t ORDER BY i NULLS LAST");
            ResultSetMetaData md = rs.getMetaData();
            assertEquals("int4", md.getColumnTypeName(1));
            assertEquals(Types.INTEGER, md.getColumnType(1));
            assertEquals(Types.BIGINT, md.getColumnType(2));
            assertEquals("numeric", md.getColumnTypeName(6));
            assertEquals(12, md.getPrecision(6));
            assertEquals(3, md.getScale(6));
            assertEquals("varchar", md.getColumnTypeName(7));
            assertEquals(10, md.getPrecision(7));
            assertEquals("timestamptz", md.getColumnTypeName(12));
            assertEquals("jsonb", md.getColumnTypeName(14));
            assertEquals("java.math.BigDecimal", md.getColumnClassName(6));
            assertTrue(rs.next());
            assertEquals(7, rs.getInt(1));
            assertEquals(Long.MAX_VALUE, rs.getLong(2));
            assertEquals(3, rs.getShort(3));
            assertEquals(2.5f, rs.getFloat(4));
            assertEquals(-1e300, rs.getDouble(5));
            assertEquals(new BigDecimal("1.235"), rs.getBigDecimal(6));
            assertEquals("1.235", rs.getString(6));
            assertEquals("abc", rs.getString(7));
            assertFalse(rs.getBoolean(8));
            assertFalse(rs.wasNull());
            assertEquals("f", rs.getString(8));
            assertArrayEquals("xy".getBytes(), rs.getBytes(9));
            assertEquals("\\x7879", rs.getString(9));
            assertEquals(Date.valueOf("2023-12-31"), rs.getDate(10));
            assertEquals(ts, rs.getTimestamp(11));
            assertEquals(ts, rs.getTimestamp(12)); // the same instant
            assertEquals(UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"), rs.getObject(13));
            assertEquals("{\"k\": [1, 2]}", rs.getString(14));
            assertEquals(Integer.class, rs.getObject(1).getClass());
            assertEquals(Long.class, rs.getObject(2).getClass());
            assertEquals(BigDecimal.class, rs.getObject(6).getClass());
            assertEquals(Date.class, rs.getObject(10).getClass());
            assertEquals(Timestamp.class, rs.getObject(12).getClass());
            assertTrue(rs.next());
            for (int i = 1; i <= 14; i++) {
                assertNull(rs.getObject(i));
                assertTrue(rs.wasNull());
            }
            assertEquals(0, rs.getInt(1));
            assertFalse(rs.next());
        }
    }

    @Test
    void conversionErrors() throws SQLException {
        try (Connection c = TestDb.memory(); Statement s = c.createStatement()) {
            ResultSet rs = s.executeQuery("SELECT 3000000000::int8 AS big, 'abc' AS txt, 'NaN'::numeric AS nan");
            rs.next();
            assertThrows(java.sql.SQLDataException.class, () -> rs.getInt(1));
            assertEquals(3000000000L, rs.getLong("big"));
            assertThrows(SQLException.class, () -> rs.getInt(2));
            assertTrue(Double.isNaN(rs.getDouble(3)));
            assertTrue(Double.isNaN((Double) rs.getObject(3)));
            assertThrows(SQLException.class, () -> rs.getString(4));
            assertThrows(SQLException.class, () -> rs.getString("nope"));
        }
    }

    @Test
    void stringParametersUseTheInferredType() throws SQLException {
        try (Connection c = TestDb.memory(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (id int, v text)");
            s.execute("INSERT INTO t VALUES (1, 'a'), (2, 'b')");
            PreparedStatement ps = c.prepareStatement("SELECT v FROM t WHERE id = ?");
            ParameterMetaData pm = ps.getParameterMetaData();
            assertEquals(1, pm.getParameterCount());
            assertEquals("int4", pm.getParameterTypeName(1));
            assertEquals(Types.INTEGER, pm.getParameterType(1));
            ps.setString(1, "2");
            ResultSet rs = ps.executeQuery();
            assertTrue(rs.next());
            assertEquals("b", rs.getString(1));
            ps.setString(1, "x");
            SQLException e = assertThrows(SQLException.class, ps::executeQuery);
            assertEquals("22P02", e.getSQLState());
            ps.setInt(1, 1); // reusable after an error
            rs = ps.executeQuery();
            assertTrue(rs.next());
            assertEquals("a", rs.getString(1));
            assertEquals("v", ps.getMetaData().getColumnName(1));
        }
    }

    @Test
    void missingParameterIsAnError() throws SQLException {
        try (Connection c = TestDb.memory(); PreparedStatement ps = c.prepareStatement("SELECT ?::int + ?::int")) {
            ps.setInt(1, 1);
            assertThrows(SQLException.class, ps::executeQuery);
            assertThrows(SQLException.class, () -> ps.setInt(3, 1));
        }
    }

    @Test
    void batches() throws SQLException {
        try (Connection c = TestDb.memory(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (id int PRIMARY KEY, v text)");
            c.setAutoCommit(false);
            PreparedStatement ps = c.prepareStatement("INSERT INTO t VALUES (?, ?)");
            for (int i = 0; i < 100; i++) {
                ps.setInt(1, i);
                ps.setString(2, "v" + i);
                ps.addBatch();
            }
            int[] counts = ps.executeBatch();
            assertEquals(100, counts.length);
            for (int n : counts) assertEquals(1, n);
            c.commit();
            ResultSet rs = s.executeQuery("SELECT count(*), max(v) FROM t");
            rs.next();
            assertEquals(100, rs.getInt(1));
            assertEquals("v99", rs.getString(2));
        }
    }

    @Test
    void reexecutionClosesThePreviousResult() throws SQLException {
        try (Connection c = TestDb.memory(); PreparedStatement ps = c.prepareStatement("SELECT ?::int * 2")) {
            ps.setInt(1, 2);
            ResultSet a = ps.executeQuery();
            ps.setInt(1, 3);
            ResultSet b = ps.executeQuery();
            assertTrue(a.isClosed());
            assertTrue(b.next());
            assertEquals(6, b.getInt(1));
        }
    }

    @Test
    void multipleStatementsCannotBePrepared() throws SQLException {
        try (Connection c = TestDb.memory()) {
            SQLException e = assertThrows(SQLException.class, () -> c.prepareStatement("SELECT 1; SELECT 2"));
            assertEquals("42601", e.getSQLState());
        }
    }
}
