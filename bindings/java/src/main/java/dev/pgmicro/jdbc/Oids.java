package dev.pgmicro.jdbc;

import java.sql.Types;
import java.util.HashMap;
import java.util.Map;

/**
 * PostgreSQL type OIDs: typname, java.sql.Types code, the class getObject
 * returns, and precision/scale from a type modifier.  The OIDs are
 * PostgreSQL's own (they never change).
 */
public final class Oids {
    public static final int BOOL = 16, BYTEA = 17, CHAR = 18, NAME = 19, INT8 = 20, INT2 = 21, INT4 = 23,
            TEXT = 25, OID = 26, JSON = 114, FLOAT4 = 700, FLOAT8 = 701, UNKNOWN = 705, BPCHAR = 1042,
            VARCHAR = 1043, DATE = 1082, TIME = 1083, TIMESTAMP = 1114, TIMESTAMPTZ = 1184, INTERVAL = 1186,
            TIMETZ = 1266, NUMERIC = 1700, UUID = 2950, JSONB = 3802;

    private static final class Info {
        final String name;
        final int oid, sqlType;
        final String className;

        Info(String name, int oid, int sqlType, String className) {
            this.name = name;
            this.oid = oid;
            this.sqlType = sqlType;
            this.className = className;
        }
    }

    private static final Map<Integer, Info> BY_OID = new HashMap<>();
    private static final Map<String, Info> BY_NAME = new HashMap<>();

    private static void add(String name, int oid, int sqlType, Class<?> cls) {
        Info i = new Info(name, oid, sqlType, cls.getName());
        BY_OID.put(oid, i);
        BY_NAME.put(name, i);
    }

    static {
        add("bool", BOOL, Types.BOOLEAN, Boolean.class);
        add("bytea", BYTEA, Types.BINARY, byte[].class);
        add("char", CHAR, Types.CHAR, String.class);
        add("name", NAME, Types.VARCHAR, String.class);
        add("int8", INT8, Types.BIGINT, Long.class);
        add("int2", INT2, Types.SMALLINT, Integer.class);
        add("int4", INT4, Types.INTEGER, Integer.class);
        add("regproc", 24, Types.OTHER, String.class);
        add("text", TEXT, Types.VARCHAR, String.class);
        add("oid", OID, Types.BIGINT, Long.class);
        add("json", JSON, Types.OTHER, String.class);
        add("xml", 142, Types.SQLXML, String.class);
        add("point", 600, Types.OTHER, String.class);
        add("cidr", 650, Types.OTHER, String.class);
        add("float4", FLOAT4, Types.REAL, Float.class);
        add("float8", FLOAT8, Types.DOUBLE, Double.class);
        add("unknown", UNKNOWN, Types.OTHER, String.class);
        add("money", 790, Types.DOUBLE, String.class);
        add("macaddr", 829, Types.OTHER, String.class);
        add("inet", 869, Types.OTHER, String.class);
        add("bpchar", BPCHAR, Types.CHAR, String.class);
        add("varchar", VARCHAR, Types.VARCHAR, String.class);
        add("date", DATE, Types.DATE, java.sql.Date.class);
        add("time", TIME, Types.TIME, java.sql.Time.class);
        add("timestamp", TIMESTAMP, Types.TIMESTAMP, java.sql.Timestamp.class);
        add("timestamptz", TIMESTAMPTZ, Types.TIMESTAMP, java.sql.Timestamp.class);
        add("interval", INTERVAL, Types.OTHER, String.class);
        add("timetz", TIMETZ, Types.TIME, java.sql.Time.class);
        add("bit", 1560, Types.BIT, String.class);
        add("varbit", 1562, Types.OTHER, String.class);
        add("numeric", NUMERIC, Types.NUMERIC, java.math.BigDecimal.class);
        add("regclass", 2205, Types.OTHER, String.class);
        add("regtype", 2206, Types.OTHER, String.class);
        add("record", 2249, Types.OTHER, String.class);
        add("void", 2278, Types.OTHER, String.class);
        add("uuid", UUID, Types.OTHER, java.util.UUID.class);
        add("tsvector", 3614, Types.OTHER, String.class);
        add("jsonb", JSONB, Types.OTHER, String.class);
        add("jsonpath", 4072, Types.OTHER, String.class);
        // arrays: text output as String
        Object[][] arrays = {
            {"_bool", 1000}, {"_bytea", 1001}, {"_char", 1002}, {"_name", 1003}, {"_int2", 1005},
            {"_int4", 1007}, {"_text", 1009}, {"_bpchar", 1014}, {"_varchar", 1015}, {"_int8", 1016},
            {"_float4", 1021}, {"_float8", 1022}, {"_oid", 1028}, {"_timestamp", 1115}, {"_date", 1182},
            {"_time", 1183}, {"_timestamptz", 1185}, {"_interval", 1187}, {"_numeric", 1231}, {"_uuid", 2951},
            {"_json", 199}, {"_jsonb", 3807}, {"_timetz", 1270},
        };
        for (Object[] a : arrays) add((String) a[0], (Integer) a[1], Types.ARRAY, String.class);
    }

    private Oids() {}

    /** The OID of a pg_type.typname ("int4", "timestamptz", "_int4"), or 0 when unknown. */
    public static int oidOf(String typname) {
        Info i = BY_NAME.get(typname);
        return i == null ? 0 : i.oid;
    }

    /** Every OID the driver knows. */
    static int[] all() {
        return BY_OID.keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
    }

    /** pg_type.typname of an OID, or null when unknown. */
    public static String nameOf(int oid) {
        Info i = BY_OID.get(oid);
        return i == null ? null : i.name;
    }

    /** The java.sql.Types code of a type (OTHER when unknown). */
    public static int sqlType(int oid) {
        Info i = BY_OID.get(oid);
        return i == null ? Types.OTHER : i.sqlType;
    }

    /** The class ResultSet.getObject returns for a type. */
    public static String className(int oid) {
        Info i = BY_OID.get(oid);
        return i == null ? String.class.getName() : i.className;
    }

    static boolean isNumeric(int oid) {
        switch (oid) {
            case INT2: case INT4: case INT8: case OID: case FLOAT4: case FLOAT8: case NUMERIC: return true;
            default: return false;
        }
    }

    static boolean isText(int oid) {
        return oid == TEXT || oid == VARCHAR || oid == BPCHAR || oid == NAME || oid == CHAR;
    }

    /** ResultSetMetaData.getPrecision: digits for numbers, length for strings. */
    static int precision(int oid, int typmod) {
        switch (oid) {
            case INT2: return 5;
            case INT4: case OID: return 10;
            case INT8: return 19;
            case FLOAT4: return 8;
            case FLOAT8: return 17;
            case BOOL: return 1;
            case NUMERIC: return typmod < 4 ? 0 : ((typmod - 4) >> 16) & 0xffff;
            case BPCHAR: case VARCHAR: return typmod < 4 ? Integer.MAX_VALUE : typmod - 4;
            case TEXT: case BYTEA: case JSON: case JSONB: return Integer.MAX_VALUE;
            case NAME: return 63;
            case DATE: return 13;
            case TIME: return 15;
            case TIMETZ: return 21;
            case TIMESTAMP: return 29;
            case TIMESTAMPTZ: return 35;
            case UUID: return 36;
            case INTERVAL: return 49;
            default: return 0;
        }
    }

    /** ResultSetMetaData.getScale: digits after the point. */
    static int scale(int oid, int typmod) {
        switch (oid) {
            case NUMERIC: return typmod < 4 ? 0 : (typmod - 4) & 0xffff;
            case FLOAT4: return 8;
            case FLOAT8: return 17;
            case TIME: case TIMETZ: case TIMESTAMP: case TIMESTAMPTZ: case INTERVAL:
                return typmod < 0 ? 6 : typmod;
            default: return 0;
        }
    }

    static int displaySize(int oid, int typmod) {
        switch (oid) {
            case INT2: return 6;
            case INT4: case OID: return 11;
            case INT8: return 20;
            case FLOAT4: return 15;
            case FLOAT8: return 25;
            case BOOL: return 1;
            case NUMERIC: {
                int p = precision(oid, typmod);
                return p == 0 ? 131089 : p + 2;
            }
            default: {
                int p = precision(oid, typmod);
                return p == 0 ? Integer.MAX_VALUE : p;
            }
        }
    }
}
