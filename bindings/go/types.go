package pgmicro

import (
	"database/sql/driver"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"reflect"
	"strconv"
	"strings"
	"time"
)

// PostgreSQL type OIDs (pg_type.oid; they never change).
const (
	oidBool        = 16
	oidBytea       = 17
	oidName        = 19
	oidInt8        = 20
	oidInt2        = 21
	oidInt4        = 23
	oidText        = 25
	oidOid         = 26
	oidJSON        = 114
	oidFloat4      = 700
	oidFloat8      = 701
	oidUnknown     = 705
	oidBpchar      = 1042
	oidVarchar     = 1043
	oidDate        = 1082
	oidTime        = 1083
	oidTimestamp   = 1114
	oidTimestamptz = 1184
	oidInterval    = 1186
	oidNumeric     = 1700
	oidUUID        = 2950
	oidJSONB       = 3802
)

// typeOIDs maps pg_type.typname (and the SQL spellings) to OIDs, for
// TypedText.
var typeOIDs = map[string]uint32{
	"bool": 16, "boolean": 16, "bytea": 17, "char": 18, "name": 19,
	"int8": 20, "bigint": 20, "int2": 21, "smallint": 21, "int4": 23, "int": 23, "integer": 23,
	"regproc": 24, "text": 25, "oid": 26, "json": 114, "xml": 142,
	"point": 600, "cidr": 650, "float4": 700, "real": 700, "float8": 701, "double precision": 701,
	"unknown": 705, "money": 790, "macaddr": 829, "inet": 869,
	"bpchar": 1042, "character": 1042, "varchar": 1043, "character varying": 1043,
	"date": 1082, "time": 1083, "time without time zone": 1083,
	"timestamp": 1114, "timestamp without time zone": 1114,
	"timestamptz": 1184, "timestamp with time zone": 1184,
	"interval": 1186, "timetz": 1266, "time with time zone": 1266,
	"bit": 1560, "varbit": 1562, "numeric": 1700, "decimal": 1700,
	"regclass": 2205, "regtype": 2206, "uuid": 2950, "jsonb": 3802,
	// one-dimensional arrays (pg_type.typname of the array types)
	"_bool": 1000, "_bytea": 1001, "_name": 1003, "_int2": 1005, "_int4": 1007, "_text": 1009,
	"_oid": 1028, "_json": 199, "_bpchar": 1014, "_varchar": 1015, "_int8": 1016,
	"_float4": 1021, "_float8": 1022, "_timestamp": 1115, "_date": 1182, "_time": 1183,
	"_timestamptz": 1185, "_interval": 1187, "_numeric": 1231, "_uuid": 2951, "_jsonb": 3807,
}

// TypedText is a parameter given as PostgreSQL text of a named type, e.g.
// TypedText{Type: "interval", Text: "1 day"}: the engine reads it with that
// type's input function and casts it to the parameter's type as an explicit
// cast would.  Type is a pg_type.typname ("int4", "timestamptz", "jsonb") or
// an SQL spelling ("integer", "timestamp with time zone").
type TypedText struct {
	Type string
	Text string
}

func (t TypedText) oid() (uint32, error) {
	if oid, ok := typeOIDs[strings.ToLower(t.Type)]; ok {
		return oid, nil
	}
	return 0, fmt.Errorf("pgmicro: TypedText: unknown type name %q", t.Type)
}

// Numeric is an exact PostgreSQL numeric kept as its text ("12.50", "NaN").
// Scan a numeric column into it (or into a string); bind it to send the
// value exactly.  Use sql.Null[Numeric] for a column that may be NULL.
type Numeric string

// Scan implements sql.Scanner.
func (n *Numeric) Scan(src any) error {
	switch v := src.(type) {
	case string:
		*n = Numeric(v)
	case []byte:
		*n = Numeric(v)
	case int64:
		*n = Numeric(strconv.FormatInt(v, 10))
	case float64:
		*n = Numeric(strconv.FormatFloat(v, 'g', -1, 64))
	case nil:
		return errors.New("pgmicro: cannot scan NULL into Numeric (use sql.Null[pgmicro.Numeric])")
	default:
		return fmt.Errorf("pgmicro: cannot scan %T into Numeric", src)
	}
	return nil
}

// Value implements driver.Valuer: the text, typed numeric.
func (n Numeric) Value() (driver.Value, error) {
	return TypedText{Type: "numeric", Text: string(n)}, nil
}

// String returns the text.
func (n Numeric) String() string { return string(n) }

// Rat returns the value as an exact big.Rat (false for NaN, Infinity or bad text).
func (n Numeric) Rat() (*big.Rat, bool) { return new(big.Rat).SetString(string(n)) }

// Float64 returns the nearest float64.
func (n Numeric) Float64() (float64, error) { return strconv.ParseFloat(string(n), 64) }

// UUID is a uuid value.  Columns of type uuid scan into it (or into a
// string); as a parameter it is sent typed uuid.  A plain [16]byte
// parameter is sent as a uuid too.
type UUID [16]byte

// String returns the canonical form "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11".
func (u UUID) String() string {
	var b [36]byte
	hex.Encode(b[0:8], u[0:4])
	b[8] = '-'
	hex.Encode(b[9:13], u[4:6])
	b[13] = '-'
	hex.Encode(b[14:18], u[6:8])
	b[18] = '-'
	hex.Encode(b[19:23], u[8:10])
	b[23] = '-'
	hex.Encode(b[24:], u[10:])
	return string(b[:])
}

// ParseUUID reads a uuid in any form PostgreSQL accepts for the common
// cases: 32 hex digits, with or without hyphens or braces.
func ParseUUID(s string) (UUID, error) {
	var u UUID
	h := strings.NewReplacer("-", "", "{", "", "}", "").Replace(s)
	if len(h) != 32 {
		return u, fmt.Errorf("pgmicro: invalid uuid %q", s)
	}
	if _, err := hex.Decode(u[:], []byte(h)); err != nil {
		return u, fmt.Errorf("pgmicro: invalid uuid %q", s)
	}
	return u, nil
}

// Scan implements sql.Scanner (text form or 16 raw bytes).
func (u *UUID) Scan(src any) error {
	switch v := src.(type) {
	case string:
		x, err := ParseUUID(v)
		*u = x
		return err
	case []byte:
		if len(v) == 16 {
			copy(u[:], v)
			return nil
		}
		x, err := ParseUUID(string(v))
		*u = x
		return err
	case nil:
		return errors.New("pgmicro: cannot scan NULL into UUID (use sql.Null[pgmicro.UUID])")
	}
	return fmt.Errorf("pgmicro: cannot scan %T into UUID", src)
}

// Value implements driver.Valuer.
func (u UUID) Value() (driver.Value, error) { return TypedText{Type: "uuid", Text: u.String()}, nil }

// JSON binds V as a jsonb parameter (encoding/json) and scans a json or
// jsonb column into V (which must then be a pointer, as for
// json.Unmarshal).  A NULL column leaves V untouched.
type JSON struct{ V any }

// Value implements driver.Valuer.
func (j JSON) Value() (driver.Value, error) {
	b, err := json.Marshal(j.V)
	if err != nil {
		return nil, err
	}
	return TypedText{Type: "jsonb", Text: string(b)}, nil
}

// Scan implements sql.Scanner.
func (j *JSON) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		return nil
	case []byte:
		return json.Unmarshal(v, j.V)
	case string:
		return json.Unmarshal([]byte(v), j.V)
	}
	return fmt.Errorf("pgmicro: cannot scan %T into JSON", src)
}

// ---- parameters ----

var typeRawMessage = reflect.TypeOf(json.RawMessage(nil))

// checkNamedValue turns an argument into one of the values bindArgs knows:
// nil, int64, float64, bool, string, []byte, time.Time, TypedText.
func checkNamedValue(nv *driver.NamedValue) error {
	switch v := nv.Value.(type) {
	case nil, int64, float64, bool, string, time.Time:
		return nil
	case []byte:
		return nil
	case TypedText:
		_, err := v.oid()
		return err
	case json.RawMessage:
		if v == nil {
			nv.Value = nil
		} else {
			nv.Value = TypedText{Type: "json", Text: string(v)}
		}
		return nil
	case [16]byte:
		nv.Value = TypedText{Type: "uuid", Text: UUID(v).String()}
		return nil
	case driver.Valuer:
		rv := reflect.ValueOf(v)
		if rv.Kind() == reflect.Pointer && rv.IsNil() {
			nv.Value = nil
			return nil
		}
		x, err := v.Value()
		if err != nil {
			return err
		}
		if _, again := x.(driver.Valuer); again {
			return fmt.Errorf("pgmicro: Value of %T returned another Valuer", v)
		}
		nv.Value = x
		return checkNamedValue(nv)
	}
	rv := reflect.ValueOf(nv.Value)
	switch rv.Kind() {
	case reflect.Array:
		if rv.Type().Elem().Kind() == reflect.Uint8 && rv.Len() == 16 {
			var u UUID
			reflect.Copy(reflect.ValueOf(u[:]), rv)
			nv.Value = TypedText{Type: "uuid", Text: u.String()}
			return nil
		}
		return errArrays
	case reflect.Slice:
		if rv.Type().Elem().Kind() == reflect.Uint8 {
			if rv.IsNil() {
				nv.Value = nil
			} else {
				nv.Value = rv.Bytes()
			}
			return nil
		}
		return errArrays
	}
	return driver.ErrSkip // database/sql's conversions (int, int32, *T, ...)
}

// bindArgs binds every argument to st.
func bindArgs(st *cstmt, args []driver.NamedValue) error {
	for _, a := range args {
		if a.Name != "" {
			return fmt.Errorf("pgmicro: named parameter %q: use $1..$n placeholders and positional arguments", a.Name)
		}
		i := a.Ordinal
		var rc = rcOK
		switch v := a.Value.(type) {
		case nil:
			rc = int(cBindNull(st, i))
		case int64:
			rc = int(cBindInt64(st, i, v))
		case float64:
			rc = int(cBindDouble(st, i, v))
		case bool:
			rc = int(cBindBool(st, i, v))
		case string:
			rc = int(cBindText(st, i, v))
		case []byte:
			if cParamType(st, i) == oidBytea || v == nil {
				if v == nil {
					rc = int(cBindNull(st, i))
				} else {
					rc = int(cBindBytea(st, i, v))
				}
			} else {
				rc = int(cBindText(st, i, string(v)))
			}
		case time.Time:
			switch cParamType(st, i) {
			case oidDate, oidTimestamp, oidTimestamptz, oidTime:
				// Read by the parameter type's input: the zone is used by
				// timestamptz and ignored by timestamp (its wall time).
				rc = int(cBindText(st, i, formatTime(v)))
			default:
				rc = int(cBindTypedText(st, i, oidTimestamptz, formatTime(v)))
			}
		case TypedText:
			oid, err := v.oid()
			if err != nil {
				return err
			}
			rc = int(cBindTypedText(st, i, oid, v.Text))
		default:
			return fmt.Errorf("pgmicro: cannot bind %T to $%d", a.Value, i)
		}
		if rc != rcOK {
			return stmtError(st, cint(rc))
		}
	}
	return nil
}

// formatTime writes t as PostgreSQL timestamptz input with its offset.
func formatTime(t time.Time) string {
	y := t.Year()
	bc := y <= 0
	if bc {
		t = t.AddDate(1-2*y, 0, 0) // same month/day in year 1-y
	}
	if _, off := t.Zone(); off%60 != 0 {
		t = t.UTC()
	}
	s := t.Format("2006-01-02 15:04:05.999999999-07:00")
	if bc {
		s += " BC"
	}
	return s
}

// parseTime reads PostgreSQL's ISO output of date, timestamp and
// timestamptz: "2024-01-02", "2024-01-02 03:04:05.5", "...+05:30",
// "0044-03-15 BC".  timestamptz is returned in UTC, timestamp as UTC wall
// time, date at UTC midnight.
func parseTime(s string, oid uint32) (time.Time, bool) {
	bc := strings.HasSuffix(s, " BC")
	if bc {
		s = s[:len(s)-3]
	}
	p := 0
	num := func(min, max int) (int, bool) {
		st := p
		for p < len(s) && s[p] >= '0' && s[p] <= '9' && p-st < max {
			p++
		}
		if p-st < min {
			return 0, false
		}
		n, err := strconv.Atoi(s[st:p])
		return n, err == nil
	}
	sep := func(c byte) bool {
		if p < len(s) && s[p] == c {
			p++
			return true
		}
		return false
	}
	year, ok := num(4, 9)
	if !ok || !sep('-') {
		return time.Time{}, false
	}
	month, ok := num(2, 2)
	if !ok || !sep('-') {
		return time.Time{}, false
	}
	day, ok := num(2, 2)
	if !ok {
		return time.Time{}, false
	}
	if bc {
		year = 1 - year
	}
	var hh, mm, ss, ns, off int
	if oid != oidDate {
		if !sep(' ') {
			return time.Time{}, false
		}
		if hh, ok = num(2, 2); !ok || !sep(':') {
			return time.Time{}, false
		}
		if mm, ok = num(2, 2); !ok || !sep(':') {
			return time.Time{}, false
		}
		if ss, ok = num(2, 2); !ok {
			return time.Time{}, false
		}
		if sep('.') {
			st := p
			f, ok := num(1, 9)
			if !ok {
				return time.Time{}, false
			}
			for d := p - st; d < 9; d++ {
				f *= 10
			}
			ns = f
		}
		if oid == oidTimestamptz && p < len(s) {
			sign := 1
			if s[p] == '-' {
				sign = -1
			} else if s[p] != '+' {
				return time.Time{}, false
			}
			p++
			oh, ok := num(2, 2)
			if !ok {
				return time.Time{}, false
			}
			off = oh * 3600
			if sep(':') {
				om, ok := num(2, 2)
				if !ok {
					return time.Time{}, false
				}
				off += om * 60
				if sep(':') {
					os, ok := num(2, 2)
					if !ok {
						return time.Time{}, false
					}
					off += os
				}
			}
			off *= sign
		}
	}
	if p != len(s) {
		return time.Time{}, false
	}
	t := time.Date(year, time.Month(month), day, hh, mm, ss, ns, time.UTC)
	if off != 0 {
		t = t.Add(-time.Duration(off) * time.Second)
	}
	return t, true
}
