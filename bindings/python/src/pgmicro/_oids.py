"""PostgreSQL type OIDs the engine implements (capi/pgmicro.h PGM_OID_*)."""

BOOL = 16
BYTEA = 17
NAME = 19
INT8 = 20
INT2 = 21
INT4 = 23
TEXT = 25
OID = 26
JSON = 114
FLOAT4 = 700
FLOAT8 = 701
UNKNOWN = 705
BPCHAR = 1042
VARCHAR = 1043
DATE = 1082
TIME = 1083
TIMESTAMP = 1114
TIMESTAMPTZ = 1184
INTERVAL = 1186
TIMETZ = 1266
NUMERIC = 1700
UUID = 2950
JSONB = 3802

#: pg_type.typname -> OID, for the types above (and their array types,
#: which the engine does not implement yet but PostgreSQL names).
TYPNAME_TO_OID = {
    "bool": BOOL, "bytea": BYTEA, "name": NAME, "int8": INT8, "int2": INT2,
    "int4": INT4, "text": TEXT, "oid": OID, "json": JSON, "float4": FLOAT4,
    "float8": FLOAT8, "unknown": UNKNOWN, "bpchar": BPCHAR, "varchar": VARCHAR,
    "date": DATE, "time": TIME, "timestamp": TIMESTAMP,
    "timestamptz": TIMESTAMPTZ, "interval": INTERVAL, "timetz": TIMETZ,
    "numeric": NUMERIC, "uuid": UUID, "jsonb": JSONB,
    "_bool": 1000, "_bytea": 1001, "_int2": 1005, "_int4": 1007, "_text": 1009,
    "_varchar": 1015, "_int8": 1016, "_float4": 1021, "_float8": 1022,
    "_numeric": 1231, "_date": 1182, "_timestamp": 1115, "_timestamptz": 1185,
    "_uuid": 2951, "_jsonb": 3807, "_json": 199, "_bpchar": 1014,
}
OID_TO_TYPNAME = {v: k for k, v in TYPNAME_TO_OID.items()}
