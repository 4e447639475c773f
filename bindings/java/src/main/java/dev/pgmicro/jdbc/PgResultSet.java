package dev.pgmicro.jdbc;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Calendar;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * A forward-only, read-only result: rows are stepped one at a time from the
 * native statement, each fetched in one JNI call into an Object[] of
 * Boolean / Long / byte[] / String (PostgreSQL's text output), and converted
 * by the getters.  getString returns PostgreSQL's text output for every type.
 */
public class PgResultSet extends AbstractResultSet {
    /** pgjdbc's values for 'infinity' and '-infinity' as java.sql dates and timestamps. */
    static final long POSITIVE_INFINITY = 9223372036825200000L, NEGATIVE_INFINITY = -9223372036832400000L;

    private final PgStatement statement;
    private final NativeStmt ns;
    private final boolean owns;
    private final int maxRows;
    private final int columns;
    private final Object[] row;
    private final long[] ints;
    /** Stands in row[] for an integer value, which is in ints[] (no object per value). */
    private static final Object INT = new Object();
    private Map<String, Integer> labels;
    private boolean firstPending, hasFirst, done, closed, wasNull;
    private int rowNumber;
    private int fetchSize;

    PgResultSet(PgStatement statement, NativeStmt ns, boolean owns, int maxRows) {
        this.statement = statement;
        this.ns = ns;
        this.owns = owns;
        this.maxRows = maxRows;
        this.columns = ns.columnCount();
        this.row = new Object[columns];
        this.ints = new long[columns];
    }

    /** Steps to the first row, so that execution errors surface in execute(). */
    void fetchFirst() throws SQLException {
        firstPending = true;
        hasFirst = step();
    }

    private boolean step() throws SQLException {
        int rc;
        try {
            rc = Native.step(ns.stmt, row, ints, INT);
        } catch (SQLException e) {
            finish(false);
            throw e;
        }
        if (rc == Native.ROW) return true;
        finish(true);
        return false;
    }

    /** The statement completed (or stopped): record its tag, release the native statement. */
    private void finish(boolean completed) {
        if (done) return;
        done = true;
        if (completed) statement.resultDone(Native.commandTag(ns.stmt), Native.changes(ns.stmt));
        release();
    }

    private void release() {
        if (owns) {
            ns.close();
        } else if (!ns.isClosed()) {
            try {
                Native.reset(ns.stmt);
            } catch (SQLException ignored) {
                // the error was reported by the step that failed
            }
        }
    }

    void closeFromStatement() {
        if (closed) return;
        closed = true;
        if (!done) {
            done = true;
            release();
        }
    }

    private void checkOpen() throws SQLException {
        if (closed) throw Errors.closed("ResultSet");
    }

    @Override
    public boolean next() throws SQLException {
        checkOpen();
        if (firstPending) {
            firstPending = false;
            if (hasFirst) {
                rowNumber = 1;
                return true;
            }
            return false;
        }
        if (done) {
            rowNumber = 0;
            return false;
        }
        if (maxRows > 0 && rowNumber >= maxRows) {
            finish(false);
            rowNumber = 0;
            return false;
        }
        if (step()) {
            rowNumber++;
            return true;
        }
        rowNumber = 0;
        return false;
    }

    @Override
    public void close() throws SQLException {
        if (closed) return;
        closeFromStatement();
        statement.resultClosed(this);
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    // ---- values ----

    /** The value of col, boxing an integer. */
    private Object value(int col) throws SQLException {
        Object v = raw(col);
        return v == INT ? (Object) ints[col - 1] : v;
    }

    /** The value of col as fetched: INT for an integer (in ints[col - 1]). */
    private Object raw(int col) throws SQLException {
        checkOpen();
        if (rowNumber == 0) throw Errors.create("24000", "the result set is not positioned on a row; call next()");
        if (col < 1 || col > columns)
            throw Errors.create("22023", "column index " + col + " is out of range (1.." + columns + ")");
        Object v = row[col - 1];
        wasNull = v == null;
        return v;
    }

    private int type(int col) {
        return ns.type(col - 1);
    }

    @Override
    public boolean wasNull() throws SQLException {
        checkOpen();
        return wasNull;
    }

    static String text(Object v) {
        if (v == null || v instanceof String) return (String) v;
        if (v instanceof Boolean) return (Boolean) v ? "t" : "f";
        if (v instanceof byte[]) return hex((byte[]) v);
        return v.toString();
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    static String hex(byte[] b) {
        char[] c = new char[2 + 2 * b.length];
        c[0] = '\\';
        c[1] = 'x';
        for (int i = 0; i < b.length; i++) {
            c[2 + 2 * i] = HEX[(b[i] >> 4) & 15];
            c[3 + 2 * i] = HEX[b[i] & 15];
        }
        return new String(c);
    }

    private static SQLException cannot(Object v, String target) {
        return Errors.create("22018", "cannot convert \"" + text(v) + "\" to " + target);
    }

    private static SQLException outOfRange(Object v, String target) {
        return Errors.create("22003", "value \"" + text(v) + "\" is out of range for " + target);
    }

    @Override
    public String getString(int col) throws SQLException {
        Object v = raw(col);
        return v == INT ? Long.toString(ints[col - 1]) : text(v);
    }

    @Override
    public boolean getBoolean(int col) throws SQLException {
        Object v = value(col);
        if (v == null) return false;
        if (v instanceof Boolean) return (Boolean) v;
        if (v instanceof Long) return (Long) v != 0;
        String s = text(v).trim().toLowerCase(Locale.ROOT);
        switch (s) {
            case "t": case "true": case "y": case "yes": case "on": case "1": return true;
            case "f": case "false": case "n": case "no": case "off": case "0": return false;
            default:
                try {
                    return new BigDecimal(s).signum() != 0;
                } catch (NumberFormatException e) {
                    throw cannot(v, "boolean");
                }
        }
    }

    private long toLong(Object v, String target) throws SQLException {
        if (v == null) return 0;
        if (v instanceof Long) return (Long) v;
        if (v instanceof Boolean) return (Boolean) v ? 1 : 0;
        String s = text(v).trim();
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            try {
                return new BigDecimal(s).setScale(0, RoundingMode.DOWN).longValueExact();
            } catch (ArithmeticException e2) {
                throw outOfRange(v, target);
            } catch (NumberFormatException e2) {
                throw cannot(v, target);
            }
        }
    }

    private long ranged(int col, long min, long max, String target) throws SQLException {
        Object v = raw(col);
        long l = v == INT ? ints[col - 1] : toLong(v, target);
        if (l < min || l > max) throw outOfRange(l, target);
        return l;
    }

    @Override
    public byte getByte(int col) throws SQLException {
        return (byte) ranged(col, Byte.MIN_VALUE, Byte.MAX_VALUE, "byte");
    }

    @Override
    public short getShort(int col) throws SQLException {
        return (short) ranged(col, Short.MIN_VALUE, Short.MAX_VALUE, "short");
    }

    @Override
    public int getInt(int col) throws SQLException {
        return (int) ranged(col, Integer.MIN_VALUE, Integer.MAX_VALUE, "int");
    }

    @Override
    public long getLong(int col) throws SQLException {
        Object v = raw(col);
        return v == INT ? ints[col - 1] : toLong(v, "long");
    }

    private static double toDouble(Object v) throws SQLException {
        if (v == null) return 0;
        if (v instanceof Long) return (Long) v;
        if (v instanceof Boolean) return (Boolean) v ? 1 : 0;
        try {
            return Double.parseDouble(text(v).trim());
        } catch (NumberFormatException e) {
            throw cannot(v, "double");
        }
    }

    @Override
    public double getDouble(int col) throws SQLException {
        Object v = raw(col);
        return v == INT ? ints[col - 1] : toDouble(v);
    }

    @Override
    public float getFloat(int col) throws SQLException {
        return (float) toDouble(value(col));
    }

    private static BigDecimal toBigDecimal(Object v) throws SQLException {
        if (v == null) return null;
        if (v instanceof Long) return BigDecimal.valueOf((Long) v);
        if (v instanceof Boolean) return (Boolean) v ? BigDecimal.ONE : BigDecimal.ZERO;
        try {
            return new BigDecimal(text(v).trim());
        } catch (NumberFormatException e) {
            throw cannot(v, "BigDecimal");
        }
    }

    @Override
    public BigDecimal getBigDecimal(int col) throws SQLException {
        return toBigDecimal(value(col));
    }

    @Override
    @SuppressWarnings("deprecation")
    public BigDecimal getBigDecimal(int col, int scale) throws SQLException {
        BigDecimal d = getBigDecimal(col);
        return d == null ? null : d.setScale(scale, RoundingMode.HALF_UP);
    }

    @Override
    public byte[] getBytes(int col) throws SQLException {
        Object v = value(col);
        if (v == null || v instanceof byte[]) return (byte[]) v;
        return text(v).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public InputStream getBinaryStream(int col) throws SQLException {
        byte[] b = getBytes(col);
        return b == null ? null : new ByteArrayInputStream(b);
    }

    @Override
    public Reader getCharacterStream(int col) throws SQLException {
        String s = getString(col);
        return s == null ? null : new StringReader(s);
    }

    // ---- dates and times ----

    private static ZoneId zone(Calendar cal) {
        return cal == null ? ZoneId.systemDefault() : cal.getTimeZone().toZoneId();
    }

    private LocalDate localDate(int col, Object v) throws SQLException {
        String s = text(v);
        switch (type(col)) {
            case Oids.TIMESTAMP: return TimeText.timestamp(s).toLocalDate();
            case Oids.TIMESTAMPTZ: return TimeText.timestamptz(s).toLocalDate();
            default: return TimeText.date(s);
        }
    }

    private LocalDateTime localDateTime(int col, Object v) throws SQLException {
        String s = text(v);
        switch (type(col)) {
            case Oids.DATE: return TimeText.date(s).atStartOfDay();
            case Oids.TIMESTAMPTZ: return TimeText.timestamptz(s).toLocalDateTime();
            default: return TimeText.timestamp(s);
        }
    }

    private OffsetDateTime offsetDateTime(int col, Object v) throws SQLException {
        String s = text(v);
        switch (type(col)) {
            case Oids.DATE: return TimeText.date(s).atStartOfDay().atOffset(ZoneOffset.UTC);
            case Oids.TIMESTAMP: return TimeText.timestamp(s).atOffset(ZoneOffset.UTC);
            default: return TimeText.timestamptz(s);
        }
    }

    private LocalTime localTime(int col, Object v) throws SQLException {
        String s = text(v);
        switch (type(col)) {
            case Oids.TIMESTAMP: return TimeText.timestamp(s).toLocalTime();
            case Oids.TIMESTAMPTZ: return TimeText.timestamptz(s).toLocalTime();
            case Oids.TIMETZ: return TimeText.timetz(s).toLocalTime();
            default: return TimeText.time(s);
        }
    }

    @Override
    public Date getDate(int col) throws SQLException {
        return getDate(col, null);
    }

    @Override
    public Date getDate(int col, Calendar cal) throws SQLException {
        Object v = value(col);
        if (v == null) return null;
        if (type(col) == Oids.TIMESTAMPTZ) {
            OffsetDateTime t = TimeText.timestamptz(text(v));
            if (t.equals(OffsetDateTime.MAX)) return new Date(POSITIVE_INFINITY);
            if (t.equals(OffsetDateTime.MIN)) return new Date(NEGATIVE_INFINITY);
            return new Date(t.toInstant().toEpochMilli());
        }
        LocalDate d = localDate(col, v);
        if (d.equals(LocalDate.MAX)) return new Date(POSITIVE_INFINITY);
        if (d.equals(LocalDate.MIN)) return new Date(NEGATIVE_INFINITY);
        return new Date(d.atStartOfDay(zone(cal)).toInstant().toEpochMilli());
    }

    @Override
    public Time getTime(int col) throws SQLException {
        return getTime(col, null);
    }

    @Override
    public Time getTime(int col, Calendar cal) throws SQLException {
        Object v = value(col);
        if (v == null) return null;
        if (type(col) == Oids.TIMETZ) {
            OffsetTime t = TimeText.timetz(text(v));
            return new Time(t.atDate(LocalDate.of(1970, 1, 1)).toInstant().toEpochMilli());
        }
        LocalTime t = localTime(col, v);
        return new Time(t.atDate(LocalDate.of(1970, 1, 1)).atZone(zone(cal)).toInstant().toEpochMilli());
    }

    @Override
    public Timestamp getTimestamp(int col) throws SQLException {
        return getTimestamp(col, null);
    }

    @Override
    public Timestamp getTimestamp(int col, Calendar cal) throws SQLException {
        Object v = value(col);
        if (v == null) return null;
        Instant instant;
        if (type(col) == Oids.TIMESTAMPTZ) {
            OffsetDateTime t = TimeText.timestamptz(text(v));
            if (t.equals(OffsetDateTime.MAX)) return new Timestamp(POSITIVE_INFINITY);
            if (t.equals(OffsetDateTime.MIN)) return new Timestamp(NEGATIVE_INFINITY);
            instant = t.toInstant();
        } else {
            LocalDateTime t = localDateTime(col, v);
            if (t.equals(LocalDateTime.MAX)) return new Timestamp(POSITIVE_INFINITY);
            if (t.equals(LocalDateTime.MIN)) return new Timestamp(NEGATIVE_INFINITY);
            instant = t.atZone(zone(cal)).toInstant();
        }
        return Timestamp.from(instant);
    }

    // ---- objects ----

    @Override
    public Object getObject(int col) throws SQLException {
        Object v = value(col);
        if (v == null) return null;
        switch (type(col)) {
            case Oids.BOOL: return getBoolean(col);
            case Oids.INT2: case Oids.INT4: return getInt(col);
            case Oids.INT8: case Oids.OID: return getLong(col);
            case Oids.FLOAT4: return getFloat(col);
            case Oids.FLOAT8: return getDouble(col);
            case Oids.NUMERIC: {
                String s = text(v);
                if (s.equals("NaN") || s.endsWith("Infinity")) return Double.parseDouble(s);
                return toBigDecimal(v);
            }
            case Oids.DATE: return getDate(col);
            case Oids.TIME: case Oids.TIMETZ: return getTime(col);
            case Oids.TIMESTAMP: case Oids.TIMESTAMPTZ: return getTimestamp(col);
            case Oids.UUID: return UUID.fromString(text(v));
            case Oids.BYTEA: return getBytes(col);
            default:
                if (v instanceof Long) {
                    return v;
                }
                return v instanceof byte[] || v instanceof Boolean ? v : text(v);
        }
    }

    @Override
    public <T> T getObject(int col, Class<T> cls) throws SQLException {
        if (cls == null) throw Errors.create("22023", "the class must not be null");
        Object v = value(col);
        if (v == null) return null;
        Object r;
        if (cls == String.class) r = text(v);
        else if (cls == Integer.class) r = getInt(col);
        else if (cls == Long.class) r = getLong(col);
        else if (cls == Short.class) r = getShort(col);
        else if (cls == Byte.class) r = getByte(col);
        else if (cls == Double.class) r = getDouble(col);
        else if (cls == Float.class) r = getFloat(col);
        else if (cls == Boolean.class) r = getBoolean(col);
        else if (cls == BigDecimal.class) r = toBigDecimal(v);
        else if (cls == BigInteger.class) r = toBigDecimal(v).toBigInteger();
        else if (cls == byte[].class) r = getBytes(col);
        else if (cls == UUID.class) {
            try {
                r = UUID.fromString(text(v));
            } catch (IllegalArgumentException e) {
                throw cannot(v, "UUID");
            }
        }
        else if (cls == LocalDate.class) r = localDate(col, v);
        else if (cls == LocalDateTime.class) r = localDateTime(col, v);
        else if (cls == OffsetDateTime.class) r = offsetDateTime(col, v);
        else if (cls == ZonedDateTime.class) r = offsetDateTime(col, v).toZonedDateTime();
        else if (cls == Instant.class) r = offsetDateTime(col, v).toInstant();
        else if (cls == LocalTime.class) r = localTime(col, v);
        else if (cls == OffsetTime.class) r = type(col) == Oids.TIMETZ ? TimeText.timetz(text(v))
                : localTime(col, v).atOffset(ZoneOffset.UTC);
        else if (cls == Date.class) r = getDate(col);
        else if (cls == Time.class) r = getTime(col);
        else if (cls == Timestamp.class) r = getTimestamp(col);
        else if (cls == Object.class) r = getObject(col);
        else throw Errors.create("22023", "conversion to " + cls.getName() + " from "
                + ns.typeName(col - 1) + " is not supported");
        return cls.cast(r);
    }

    @Override
    public Object getObject(int col, Map<String, Class<?>> map) throws SQLException {
        return getObject(col);
    }

    // ---- by label ----

    @Override
    public int findColumn(String label) throws SQLException {
        checkOpen();
        if (labels == null) {
            labels = new HashMap<>();
            for (int i = columns - 1; i >= 0; i--) labels.put(ns.name(i).toLowerCase(Locale.ROOT), i + 1);
        }
        Integer i = label == null ? null : labels.get(label.toLowerCase(Locale.ROOT));
        if (i == null) throw Errors.create("42703", "the column name " + label + " was not found in this ResultSet");
        return i;
    }

    @Override public String getString(String l) throws SQLException { return getString(findColumn(l)); }
    @Override public boolean getBoolean(String l) throws SQLException { return getBoolean(findColumn(l)); }
    @Override public byte getByte(String l) throws SQLException { return getByte(findColumn(l)); }
    @Override public short getShort(String l) throws SQLException { return getShort(findColumn(l)); }
    @Override public int getInt(String l) throws SQLException { return getInt(findColumn(l)); }
    @Override public long getLong(String l) throws SQLException { return getLong(findColumn(l)); }
    @Override public float getFloat(String l) throws SQLException { return getFloat(findColumn(l)); }
    @Override public double getDouble(String l) throws SQLException { return getDouble(findColumn(l)); }
    @Override public BigDecimal getBigDecimal(String l) throws SQLException { return getBigDecimal(findColumn(l)); }
    @Override @SuppressWarnings("deprecation")
    public BigDecimal getBigDecimal(String l, int scale) throws SQLException { return getBigDecimal(findColumn(l), scale); }
    @Override public byte[] getBytes(String l) throws SQLException { return getBytes(findColumn(l)); }
    @Override public Date getDate(String l) throws SQLException { return getDate(findColumn(l)); }
    @Override public Date getDate(String l, Calendar c) throws SQLException { return getDate(findColumn(l), c); }
    @Override public Time getTime(String l) throws SQLException { return getTime(findColumn(l)); }
    @Override public Time getTime(String l, Calendar c) throws SQLException { return getTime(findColumn(l), c); }
    @Override public Timestamp getTimestamp(String l) throws SQLException { return getTimestamp(findColumn(l)); }
    @Override public Timestamp getTimestamp(String l, Calendar c) throws SQLException { return getTimestamp(findColumn(l), c); }
    @Override public Object getObject(String l) throws SQLException { return getObject(findColumn(l)); }
    @Override public <T> T getObject(String l, Class<T> c) throws SQLException { return getObject(findColumn(l), c); }
    @Override public Object getObject(String l, Map<String, Class<?>> m) throws SQLException { return getObject(findColumn(l)); }
    @Override public InputStream getBinaryStream(String l) throws SQLException { return getBinaryStream(findColumn(l)); }
    @Override public Reader getCharacterStream(String l) throws SQLException { return getCharacterStream(findColumn(l)); }

    // ---- cursor and description ----

    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        checkOpen();
        return new PgResultSetMetaData(ns);
    }

    @Override
    public Statement getStatement() throws SQLException {
        checkOpen();
        return statement;
    }

    @Override
    public int getRow() throws SQLException {
        checkOpen();
        return rowNumber;
    }

    @Override
    public boolean isBeforeFirst() throws SQLException {
        checkOpen();
        return firstPending && hasFirst;
    }

    @Override
    public boolean isAfterLast() throws SQLException {
        checkOpen();
        return done && rowNumber == 0 && !firstPending && hasFirst;
    }

    @Override
    public boolean isFirst() throws SQLException {
        checkOpen();
        return rowNumber == 1;
    }

    @Override
    public int getType() throws SQLException {
        return TYPE_FORWARD_ONLY;
    }

    @Override
    public int getConcurrency() throws SQLException {
        return CONCUR_READ_ONLY;
    }

    @Override
    public int getHoldability() throws SQLException {
        return CLOSE_CURSORS_AT_COMMIT;
    }

    @Override
    public int getFetchDirection() throws SQLException {
        return FETCH_FORWARD;
    }

    @Override
    public void setFetchDirection(int direction) throws SQLException {
        if (direction != FETCH_FORWARD) throw Errors.notSupported("fetch direction " + direction);
    }

    @Override
    public int getFetchSize() throws SQLException {
        return fetchSize;
    }

    @Override
    public void setFetchSize(int rows) throws SQLException {
        fetchSize = rows;
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        checkOpen();
        return null;
    }

    @Override
    public void clearWarnings() throws SQLException {
        checkOpen();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) return iface.cast(this);
        throw Errors.create("42000", "not a wrapper for " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}
