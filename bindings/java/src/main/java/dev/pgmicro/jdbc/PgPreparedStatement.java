package dev.pgmicro.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.sql.ParameterMetaData;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Time;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.List;
import java.util.UUID;

/**
 * A statement prepared once (pgm_prepare) and run many times.  JDBC's {@code ?}
 * placeholders were rewritten to $1, $2 ... by the connection.  Values are
 * kept on the Java side and bound before each execution, so batches are
 * lists of value rows.  Each parameter has the type the engine inferred; a
 * value is converted to it as PostgreSQL converts a parameter (strings go
 * through the type's input function, typed values are cast).
 */
public class PgPreparedStatement extends AbstractPreparedStatement {
    /** One bound value. */
    private static final class Param {
        static final int NULL = 0, LONG = 1, DOUBLE = 2, BOOL = 3, TEXT = 4, BYTES = 5, TYPED = 6;
        final int kind;
        final long l;
        final double d;
        final byte[] b;
        final int oid;

        Param(int kind, long l, double d, byte[] b, int oid) {
            this.kind = kind;
            this.l = l;
            this.d = d;
            this.b = b;
            this.oid = oid;
        }
    }

    private static final Param NULL_PARAM = new Param(Param.NULL, 0, 0, null, 0);

    private final NativeStmt ns;
    private final int paramCount;
    private Param[] params;
    private List<Param[]> batch;

    PgPreparedStatement(PgConnection connection, String sql) throws SQLException {
        super(connection);
        try {
            this.ns = connection.prepare(this, sql);
        } catch (SQLException e) {
            close();
            throw e;
        }
        this.paramCount = Native.paramCount(ns.stmt);
        this.params = new Param[paramCount];
    }

    // ---- execution ----

    private void bindAll(Param[] ps) throws SQLException {
        try {
            Native.reset(ns.stmt);
        } catch (SQLException ignored) {
            // reports the previous execution's error, already thrown then
        }
        long st = ns.stmt;
        for (int i = 0; i < ps.length; i++) {
            Param p = ps[i];
            if (p == null)
                throw Errors.create("22023", "no value specified for parameter " + (i + 1));
            switch (p.kind) {
                case Param.NULL: Native.bindNull(st, i + 1); break;
                case Param.LONG: Native.bindLong(st, i + 1, p.l); break;
                case Param.DOUBLE: Native.bindDouble(st, i + 1, p.d); break;
                case Param.BOOL: Native.bindBool(st, i + 1, p.l != 0); break;
                case Param.TEXT: Native.bindText(st, i + 1, p.b); break;
                case Param.BYTES: Native.bindBytes(st, i + 1, p.b); break;
                default: Native.bindTypedText(st, i + 1, p.oid, p.b); break;
            }
        }
    }

    @Override
    public boolean execute() throws SQLException {
        checkOpen();
        clearResult();
        bindAll(params);
        return run(ns, false);
    }

    @Override
    public ResultSet executeQuery() throws SQLException {
        if (!execute()) throw Errors.create("02000", "no results were returned by the query");
        return result;
    }

    @Override
    public int executeUpdate() throws SQLException {
        return (int) Math.min(Integer.MAX_VALUE, executeLargeUpdate());
    }

    @Override
    public long executeLargeUpdate() throws SQLException {
        if (execute()) {
            clearResult();
            throw Errors.create("0100E", "a result was returned when none was expected");
        }
        return updateCount;
    }

    @Override
    public void addBatch() throws SQLException {
        checkOpen();
        if (batch == null) batch = new ArrayList<>();
        batch.add(params.clone());
    }

    @Override
    public void clearBatch() throws SQLException {
        checkOpen();
        batch = null;
    }

    @Override
    public long[] executeLargeBatch() throws SQLException {
        checkOpen();
        List<Param[]> b = batch == null ? List.of() : batch;
        batch = null;
        long[] counts = new long[b.size()];
        for (int i = 0; i < counts.length; i++) {
            try {
                clearResult();
                bindAll(b.get(i));
                if (run(ns, false)) {
                    clearResult();
                    throw Errors.create("0100E", "a result was returned when none was expected");
                }
                counts[i] = updateCount;
            } catch (SQLException e) {
                throw batchFailure(e, counts, i);
            }
        }
        return counts;
    }

    @Override
    public void addBatch(String sql) throws SQLException {
        throw Errors.create("42809", "addBatch(String) cannot be called on a PreparedStatement");
    }

    @Override
    public boolean execute(String sql) throws SQLException {
        throw Errors.create("42809", "execute(String) cannot be called on a PreparedStatement");
    }

    @Override
    public ResultSet executeQuery(String sql) throws SQLException {
        throw Errors.create("42809", "executeQuery(String) cannot be called on a PreparedStatement");
    }

    @Override
    public int executeUpdate(String sql) throws SQLException {
        throw Errors.create("42809", "executeUpdate(String) cannot be called on a PreparedStatement");
    }

    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        checkOpen();
        return ns.columnCount() == 0 ? null : new PgResultSetMetaData(ns);
    }

    @Override
    public ParameterMetaData getParameterMetaData() throws SQLException {
        checkOpen();
        return new PgParameterMetaData(ns);
    }

    @Override
    void closeFromConnection() {
        if (isClosed()) return;
        super.closeFromConnection();
        if (ns != null) ns.close();
    }

    // ---- setters ----

    private void set(int i, Param p) throws SQLException {
        checkOpen();
        if (i < 1 || i > paramCount)
            throw Errors.create("22023", "parameter index " + i + " is out of range (1.." + paramCount + ")");
        params[i - 1] = p;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private void setText(int i, String s) throws SQLException {
        set(i, s == null ? NULL_PARAM : new Param(Param.TEXT, 0, 0, utf8(s), 0));
    }

    private void setTyped(int i, int oid, String s) throws SQLException {
        set(i, s == null ? NULL_PARAM : new Param(Param.TYPED, 0, 0, utf8(s), oid));
    }

    /**
     * Binds PostgreSQL text of a named type (pg_type.typname such as "int4",
     * "timestamptz", "jsonb"; "unknown" for text the parameter's inferred
     * type reads): read with that type's input function, then cast to the
     * parameter's type (pgm_bind_typed_text).  Null binds NULL.
     */
    public void setTypedText(int i, String typname, String text) throws SQLException {
        if (text == null) {
            setNull(i, Types.OTHER);
        } else if (typname.equals("unknown")) {
            setText(i, text);
        } else {
            int oid = Oids.oidOf(typname);
            if (oid == 0) throw Errors.create("42704", "type \"" + typname + "\" is not known to the driver");
            setTyped(i, oid, text);
        }
    }

    @Override
    public void clearParameters() throws SQLException {
        checkOpen();
        Arrays.fill(params, null);
    }

    @Override
    public void setNull(int i, int sqlType) throws SQLException {
        set(i, NULL_PARAM);
    }

    @Override
    public void setNull(int i, int sqlType, String typeName) throws SQLException {
        set(i, NULL_PARAM);
    }

    @Override
    public void setBoolean(int i, boolean x) throws SQLException {
        set(i, new Param(Param.BOOL, x ? 1 : 0, 0, null, 0));
    }

    @Override
    public void setByte(int i, byte x) throws SQLException {
        setLong(i, x);
    }

    @Override
    public void setShort(int i, short x) throws SQLException {
        setLong(i, x);
    }

    @Override
    public void setInt(int i, int x) throws SQLException {
        setLong(i, x);
    }

    @Override
    public void setLong(int i, long x) throws SQLException {
        set(i, new Param(Param.LONG, x, 0, null, 0));
    }

    @Override
    public void setFloat(int i, float x) throws SQLException {
        setDouble(i, x);
    }

    @Override
    public void setDouble(int i, double x) throws SQLException {
        set(i, new Param(Param.DOUBLE, 0, x, null, 0));
    }

    @Override
    public void setBigDecimal(int i, BigDecimal x) throws SQLException {
        setTyped(i, Oids.NUMERIC, x == null ? null : x.toPlainString());
    }

    @Override
    public void setString(int i, String x) throws SQLException {
        setText(i, x);
    }

    @Override
    public void setNString(int i, String x) throws SQLException {
        setText(i, x);
    }

    @Override
    public void setBytes(int i, byte[] x) throws SQLException {
        set(i, x == null ? NULL_PARAM : new Param(Param.BYTES, 0, 0, x.clone(), 0));
    }

    @Override
    public void setDate(int i, Date x) throws SQLException {
        setDate(i, x, null);
    }

    @Override
    public void setDate(int i, Date x, Calendar cal) throws SQLException {
        if (x == null) {
            setNull(i, Types.DATE);
            return;
        }
        LocalDate d = cal == null ? x.toLocalDate()
                : Instant.ofEpochMilli(x.getTime()).atZone(cal.getTimeZone().toZoneId()).toLocalDate();
        setTyped(i, Oids.DATE, TimeText.format(d));
    }

    @Override
    public void setTime(int i, Time x) throws SQLException {
        setTime(i, x, null);
    }

    @Override
    public void setTime(int i, Time x, Calendar cal) throws SQLException {
        if (x == null) {
            setNull(i, Types.TIME);
            return;
        }
        ZoneId z = cal == null ? ZoneId.systemDefault() : cal.getTimeZone().toZoneId();
        LocalTime t = Instant.ofEpochMilli(x.getTime()).atZone(z).toLocalTime();
        setTyped(i, Oids.TIME, TimeText.format(t));
    }

    /**
     * As pgjdbc: the wall-clock time in the JVM's (or cal's) zone with its
     * offset, as text the parameter's type reads; a timestamp parameter keeps
     * the wall-clock time, a timestamptz one the instant.
     */
    @Override
    public void setTimestamp(int i, Timestamp x) throws SQLException {
        setTimestamp(i, x, null);
    }

    @Override
    public void setTimestamp(int i, Timestamp x, Calendar cal) throws SQLException {
        if (x == null) {
            setNull(i, Types.TIMESTAMP);
            return;
        }
        if (x.getTime() == PgResultSet.POSITIVE_INFINITY) {
            setText(i, "infinity");
            return;
        }
        if (x.getTime() == PgResultSet.NEGATIVE_INFINITY) {
            setText(i, "-infinity");
            return;
        }
        ZoneId z = cal == null ? ZoneId.systemDefault() : cal.getTimeZone().toZoneId();
        ZonedDateTime t = x.toInstant().atZone(z);
        setText(i, TimeText.format(t.toOffsetDateTime()));
    }

    @Override
    public void setObject(int i, Object x) throws SQLException {
        if (x == null) setNull(i, Types.OTHER);
        else if (x instanceof String) setText(i, (String) x);
        else if (x instanceof Integer || x instanceof Long || x instanceof Short || x instanceof Byte)
            setLong(i, ((Number) x).longValue());
        else if (x instanceof Double || x instanceof Float) setDouble(i, ((Number) x).doubleValue());
        else if (x instanceof BigDecimal) setBigDecimal(i, (BigDecimal) x);
        else if (x instanceof BigInteger) setTyped(i, Oids.NUMERIC, x.toString());
        else if (x instanceof Boolean) setBoolean(i, (Boolean) x);
        else if (x instanceof byte[]) setBytes(i, (byte[]) x);
        else if (x instanceof Date) setDate(i, (Date) x);
        else if (x instanceof Time) setTime(i, (Time) x);
        else if (x instanceof Timestamp) setTimestamp(i, (Timestamp) x);
        else if (x instanceof java.util.Date) setTimestamp(i, new Timestamp(((java.util.Date) x).getTime()));
        else if (x instanceof LocalDate) setTyped(i, Oids.DATE, TimeText.format((LocalDate) x));
        else if (x instanceof LocalTime) setTyped(i, Oids.TIME, TimeText.format((LocalTime) x));
        else if (x instanceof LocalDateTime) setTyped(i, Oids.TIMESTAMP, TimeText.format((LocalDateTime) x));
        else if (x instanceof OffsetDateTime) setTyped(i, Oids.TIMESTAMPTZ, TimeText.format((OffsetDateTime) x));
        else if (x instanceof ZonedDateTime)
            setTyped(i, Oids.TIMESTAMPTZ, TimeText.format(((ZonedDateTime) x).toOffsetDateTime()));
        else if (x instanceof Instant)
            setTyped(i, Oids.TIMESTAMPTZ, TimeText.format(((Instant) x).atOffset(ZoneOffset.UTC)));
        else if (x instanceof UUID) setTyped(i, Oids.UUID, x.toString());
        else if (x instanceof Character) setText(i, x.toString());
        else throw Errors.create("22023", "cannot infer the SQL type to use for an instance of "
                    + x.getClass().getName() + "; use setObject() with an explicit Types value");
    }

    @Override
    public void setObject(int i, Object x, int sqlType) throws SQLException {
        if (x == null) {
            setNull(i, sqlType);
            return;
        }
        switch (sqlType) {
            case Types.OTHER:
            case Types.CHAR:
            case Types.VARCHAR:
            case Types.LONGVARCHAR:
            case Types.NCHAR:
            case Types.NVARCHAR:
            case Types.LONGNVARCHAR:
                if (x instanceof String || sqlType != Types.OTHER) setText(i, x.toString());
                else setObject(i, x);
                return;
            case Types.BOOLEAN:
            case Types.BIT:
                if (x instanceof Boolean) setBoolean(i, (Boolean) x);
                else if (x instanceof Number) setBoolean(i, ((Number) x).doubleValue() != 0);
                else setTyped(i, Oids.BOOL, x.toString());
                return;
            case Types.TINYINT:
            case Types.SMALLINT:
            case Types.INTEGER:
            case Types.BIGINT:
                if (x instanceof Number && !(x instanceof BigDecimal) && !(x instanceof BigInteger)
                        && !(x instanceof Double) && !(x instanceof Float)) setLong(i, ((Number) x).longValue());
                else if (x instanceof Boolean) setLong(i, (Boolean) x ? 1 : 0);
                else setTyped(i, sqlType == Types.BIGINT ? Oids.INT8 : Oids.INT4, x.toString());
                return;
            case Types.REAL:
            case Types.FLOAT:
            case Types.DOUBLE:
                if (x instanceof Number) setDouble(i, ((Number) x).doubleValue());
                else setTyped(i, Oids.FLOAT8, x.toString());
                return;
            case Types.NUMERIC:
            case Types.DECIMAL:
                if (x instanceof BigDecimal) setBigDecimal(i, (BigDecimal) x);
                else setTyped(i, Oids.NUMERIC, x.toString());
                return;
            case Types.DATE:
                if (x instanceof String) setTyped(i, Oids.DATE, (String) x);
                else setObject(i, x);
                return;
            case Types.TIME:
                if (x instanceof String) setTyped(i, Oids.TIME, (String) x);
                else setObject(i, x);
                return;
            case Types.TIMESTAMP:
                if (x instanceof String) setTyped(i, Oids.TIMESTAMP, (String) x);
                else setObject(i, x);
                return;
            case Types.TIMESTAMP_WITH_TIMEZONE:
                if (x instanceof String) setTyped(i, Oids.TIMESTAMPTZ, (String) x);
                else setObject(i, x);
                return;
            case Types.BINARY:
            case Types.VARBINARY:
            case Types.LONGVARBINARY:
                if (x instanceof byte[]) setBytes(i, (byte[]) x);
                else setTyped(i, Oids.BYTEA, x.toString());
                return;
            default:
                setObject(i, x);
        }
    }

    @Override
    public void setObject(int i, Object x, int sqlType, int scaleOrLength) throws SQLException {
        if (x instanceof BigDecimal && (sqlType == Types.NUMERIC || sqlType == Types.DECIMAL))
            x = ((BigDecimal) x).setScale(scaleOrLength, java.math.RoundingMode.HALF_UP);
        setObject(i, x, sqlType);
    }

    @Override
    public void setCharacterStream(int i, Reader reader, int length) throws SQLException {
        setCharacterStream(i, reader, (long) length);
    }

    @Override
    public void setCharacterStream(int i, Reader reader, long length) throws SQLException {
        if (reader == null) {
            setNull(i, Types.VARCHAR);
            return;
        }
        StringBuilder sb = new StringBuilder();
        char[] buf = new char[8192];
        try {
            int n;
            while ((length < 0 || sb.length() < length) && (n = reader.read(buf)) > 0) sb.append(buf, 0, n);
        } catch (IOException e) {
            throw new SQLException("cannot read the character stream", "58030", e);
        }
        if (length >= 0 && sb.length() > length) sb.setLength((int) length);
        setText(i, sb.toString());
    }

    @Override
    public void setCharacterStream(int i, Reader reader) throws SQLException {
        setCharacterStream(i, reader, -1L);
    }

    @Override
    public void setBinaryStream(int i, InputStream in, int length) throws SQLException {
        setBinaryStream(i, in, (long) length);
    }

    @Override
    public void setBinaryStream(int i, InputStream in, long length) throws SQLException {
        if (in == null) {
            setNull(i, Types.BINARY);
            return;
        }
        try {
            byte[] b = length < 0 ? in.readAllBytes() : in.readNBytes((int) length);
            set(i, new Param(Param.BYTES, 0, 0, b, 0));
        } catch (IOException e) {
            throw new SQLException("cannot read the binary stream", "58030", e);
        }
    }

    @Override
    public void setBinaryStream(int i, InputStream in) throws SQLException {
        setBinaryStream(i, in, -1L);
    }
}
