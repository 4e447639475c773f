"""Conversion between Python objects and PostgreSQL values.

Parameters: None, bool, int, float, str and bytes-like values are bound by the
C extension directly (``pgm_bind_null/bool/int64/double/text/bytea``; an int
beyond 64 bits as numeric text).  Every other type goes through ``dump()``,
which returns ``(type OID, PostgreSQL text)``, bound with
``pgm_bind_typed_text`` — the engine reads the text with that type's input
function and casts it to the parameter's type:

=====================  ==================
Python                 PostgreSQL
=====================  ==================
Decimal                numeric
datetime.date          date
datetime.datetime      timestamp (naive), timestamptz (aware)
datetime.time          time
datetime.timedelta     interval
uuid.UUID              uuid
Json(obj) / Jsonb(obj) json / jsonb
dict                   jsonb
Typed(typname, text)   any type, as text
=====================  ==================

Results: int2/int4/int8/oid, float4/float8, bool, text types and bytea are
converted in C; the loaders below convert numeric, date, time, timestamp,
timestamptz, interval, uuid, json and jsonb from their text output.  A type
without a loader comes back as its text output (str).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid
from decimal import Decimal
from typing import Any, Callable, Dict, Optional, Tuple, Union

from . import _oids as oids
from . import errors as e

__all__ = ["Json", "Jsonb", "Typed", "dump", "param_typname", "LOADERS"]


class Json:
    """Wrap a Python object to pass it as a ``json`` parameter."""

    __slots__ = ("obj", "dumps")

    oid = oids.JSON
    typname = "json"

    def __init__(self, obj: Any, dumps: Optional[Callable[[Any], str]] = None) -> None:
        self.obj = obj
        self.dumps = dumps or json.dumps

    def __repr__(self) -> str:
        return "%s(%r)" % (type(self).__name__, self.obj)


class Jsonb(Json):
    """Wrap a Python object to pass it as a ``jsonb`` parameter."""

    __slots__ = ()
    oid = oids.JSONB
    typname = "jsonb"


class Typed:
    """A parameter given as PostgreSQL text of a named type.

    ``Typed("int4", "42")``, ``Typed("date", "2024-02-29")``: the engine reads
    the text with the type's input function (as a driver sending the value
    with that declared type).  The text may be None for a typed NULL."""

    __slots__ = ("typname", "oid", "text")

    def __init__(self, typname: Union[str, int], text: Optional[str]) -> None:
        if isinstance(typname, int):
            self.oid = typname
            self.typname = oids.OID_TO_TYPNAME.get(typname, "")
        else:
            self.typname = typname
            oid = oids.TYPNAME_TO_OID.get(typname)
            if oid is None:
                raise e.NotSupportedError("type %r is not supported by pgmicro" % typname)
            self.oid = oid
        self.text = text

    def __repr__(self) -> str:
        return "Typed(%r, %r)" % (self.typname, self.text)


def _dump_datetime(v: dt.datetime) -> Tuple[int, str]:
    if v.tzinfo is not None and v.utcoffset() is not None:
        return oids.TIMESTAMPTZ, v.isoformat(sep=" ")
    return oids.TIMESTAMP, v.isoformat(sep=" ")


def _dump_time(v: dt.time) -> Tuple[int, str]:
    if v.tzinfo is not None:
        raise e.NotSupportedError("time with time zone (timetz) is not supported by pgmicro; "
                                  "pass a naive time")
    return oids.TIME, v.isoformat()


def _dump_timedelta(v: dt.timedelta) -> Tuple[int, str]:
    return oids.INTERVAL, "%d days %d.%06d seconds" % (v.days, v.seconds, v.microseconds)


def _dump_decimal(v: Decimal) -> Tuple[int, str]:
    if v.is_snan():
        raise e.DataError("signaling NaN cannot be stored as numeric")
    return oids.NUMERIC, str(v)


def _dump_json(v: Json) -> Tuple[int, str]:
    return v.oid, v.dumps(v.obj)


def _not_supported_array(v: Any) -> Any:
    raise e.NotSupportedError("arrays are not supported by pgmicro yet: cannot pass a %s "
                              "as a parameter" % type(v).__name__)


_DUMPERS: Dict[type, Callable[[Any], Any]] = {
    Decimal: _dump_decimal,
    dt.date: lambda v: (oids.DATE, v.isoformat()),
    dt.datetime: _dump_datetime,
    dt.time: _dump_time,
    dt.timedelta: _dump_timedelta,
    uuid.UUID: lambda v: (oids.UUID, str(v)),
    Json: _dump_json,
    Jsonb: _dump_json,
    dict: lambda v: (oids.JSONB, json.dumps(v)),
    Typed: lambda v: (v.oid, v.text),
    list: _not_supported_array,
    tuple: _not_supported_array,
}


def dump(obj: Any) -> Any:
    """Adapt a parameter the C layer does not bind natively: returns
    ``(type OID, text)`` (or a natively bindable value)."""
    f = _DUMPERS.get(type(obj))
    if f is None:
        for cls in type(obj).__mro__[1:]:
            f = _DUMPERS.get(cls)
            if f is not None:
                _DUMPERS[type(obj)] = f
                break
        else:
            raise e.ProgrammingError("cannot adapt type %r to a PostgreSQL value"
                                     % type(obj).__name__)
    return f(obj)


def param_typname(obj: Any) -> Optional[str]:
    """The type a value is sent as, for a parameter the engine typed text
    only for lack of context (``SELECT %s``): None for str and NULL."""
    t = type(obj)
    if t is str or obj is None:
        return None
    if t is int or (isinstance(obj, int) and not isinstance(obj, bool)):
        return "int8" if -(1 << 63) <= obj < (1 << 63) else "numeric"
    if t is bool:
        return "bool"
    if t is float:
        return "float8"
    if isinstance(obj, (bytes, bytearray, memoryview)):
        return "bytea"
    if isinstance(obj, str):
        return None
    if isinstance(obj, Typed):
        return obj.typname or None
    if isinstance(obj, Json):
        return obj.typname
    if isinstance(obj, dict):
        return "jsonb"
    if isinstance(obj, Decimal):
        return "numeric"
    if isinstance(obj, dt.datetime):
        return "timestamptz" if obj.tzinfo is not None and obj.utcoffset() is not None else "timestamp"
    if isinstance(obj, dt.date):
        return "date"
    if isinstance(obj, dt.time):
        return "time"
    if isinstance(obj, dt.timedelta):
        return "interval"
    if isinstance(obj, uuid.UUID):
        return "uuid"
    return None


# ---- loaders: PostgreSQL text output -> Python ----

_TS_RE = re.compile(
    r"^(\d{4,})-(\d\d)-(\d\d)(?:[ T](\d\d):(\d\d):(\d\d)(?:\.(\d{1,6}))?)?"
    r"(?:([+-])(\d\d)(?::?(\d\d))?(?::?(\d\d))?)?( BC)?$")


def _bad(typname: str, s: str) -> e.DataError:
    if s in ("infinity", "-infinity"):
        return e.DataError("%s %s cannot be represented in Python" % (typname, s))
    if s.endswith(" BC"):
        return e.DataError("%s %r is BC: cannot be represented in Python" % (typname, s))
    return e.DataError("cannot convert %s %r to Python (year out of range?)" % (typname, s))


def _parse_ts(s: str, typname: str) -> dt.datetime:
    m = _TS_RE.match(s)
    if not m or m.group(12):
        raise _bad(typname, s)
    y, mo, d, hh, mi, ss, frac, sign, oh, om, osec, _bc = m.groups()
    us = int((frac or "").ljust(6, "0")) if frac else 0
    tz = None
    if sign:
        off = dt.timedelta(hours=int(oh), minutes=int(om or 0), seconds=int(osec or 0))
        tz = dt.timezone(-off if sign == "-" else off)
    try:
        return dt.datetime(int(y), int(mo), int(d), int(hh or 0), int(mi or 0), int(ss or 0), us, tz)
    except ValueError:
        raise _bad(typname, s) from None


def load_date(s: str) -> dt.date:
    try:
        return dt.date.fromisoformat(s)
    except ValueError:
        raise _bad("date", s) from None


def load_time(s: str) -> dt.time:
    try:
        return dt.time.fromisoformat(s)
    except ValueError:
        m = re.match(r"^(\d\d):(\d\d):(\d\d)(?:\.(\d{1,6}))?$", s)
        if not m:
            raise _bad("time", s) from None
        hh, mi, ss, frac = m.groups()
        if hh == "24":
            raise e.DataError("time 24:00:00 cannot be represented in Python") from None
        return dt.time(int(hh), int(mi), int(ss), int((frac or "0").ljust(6, "0")))


def load_timestamp(s: str) -> dt.datetime:
    try:
        v = dt.datetime.fromisoformat(s)
        if v.tzinfo is None:
            return v
    except ValueError:
        pass
    return _parse_ts(s, "timestamp")


def load_timestamptz(s: str) -> dt.datetime:
    v = _parse_ts(s, "timestamptz")
    return v


_IV_UNIT = re.compile(r"([+-]?\d+) (year|mon|day)s?")
_IV_TIME = re.compile(r"([+-])?(\d+):(\d\d):(\d\d)(?:\.(\d{1,6}))?$")


def load_interval(s: str) -> Union[dt.timedelta, str]:
    """interval -> timedelta when it holds no months or years (a month has no
    fixed length); else the text output, unchanged."""
    rest = s
    days = 0
    for m in _IV_UNIT.finditer(s):
        n, unit = int(m.group(1)), m.group(2)
        if unit != "day" and n != 0:
            return s
        if unit == "day":
            days += n
    rest = _IV_UNIT.sub("", s).strip()
    secs = dt.timedelta()
    if rest:
        m = _IV_TIME.match(rest)
        if not m:
            return s
        sign, hh, mi, ss, frac = m.groups()
        secs = dt.timedelta(hours=int(hh), minutes=int(mi), seconds=int(ss),
                            microseconds=int((frac or "0").ljust(6, "0")))
        if sign == "-":
            secs = -secs
    try:
        return dt.timedelta(days=days) + secs
    except OverflowError:
        return s


def load_numeric(s: str) -> Decimal:
    return Decimal(s)


def load_json(s: str) -> Any:
    return json.loads(s)


#: Result loaders by type OID, from the value's text output.  Extend or
#: replace entries (before connecting, or call ``_core.set_loaders`` again
#: with this dict) to change how a type is returned.
LOADERS: Dict[int, Callable[[str], Any]] = {
    oids.NUMERIC: load_numeric,
    oids.DATE: load_date,
    oids.TIME: load_time,
    oids.TIMESTAMP: load_timestamp,
    oids.TIMESTAMPTZ: load_timestamptz,
    oids.INTERVAL: load_interval,
    oids.UUID: uuid.UUID,
    oids.JSON: load_json,
    oids.JSONB: load_json,
}
