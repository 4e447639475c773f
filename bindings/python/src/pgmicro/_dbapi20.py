"""PEP 249 type objects and constructors."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any, Sequence

from . import _oids as oids

__all__ = ["DBAPITypeObject", "STRING", "BINARY", "NUMBER", "DATETIME", "ROWID",
           "Date", "Time", "Timestamp", "DateFromTicks", "TimeFromTicks",
           "TimestampFromTicks", "Binary"]


class DBAPITypeObject:
    """Compares equal to every type OID (``description[i].type_code``) of its group."""

    def __init__(self, name: str, oids_: Sequence[int]) -> None:
        self.name = name
        self.values = tuple(oids_)

    def __eq__(self, other: Any) -> bool:
        if isinstance(other, int):
            return other in self.values
        return NotImplemented

    def __ne__(self, other: Any) -> bool:
        if isinstance(other, int):
            return other not in self.values
        return NotImplemented

    def __hash__(self) -> int:
        return hash((self.name, self.values))

    def __repr__(self) -> str:
        return "<DBAPITypeObject %s>" % self.name


STRING = DBAPITypeObject("STRING", [oids.TEXT, oids.VARCHAR, oids.BPCHAR, oids.NAME, oids.UNKNOWN])
BINARY = DBAPITypeObject("BINARY", [oids.BYTEA])
NUMBER = DBAPITypeObject("NUMBER", [oids.INT2, oids.INT4, oids.INT8, oids.FLOAT4, oids.FLOAT8,
                                    oids.NUMERIC, oids.OID])
DATETIME = DBAPITypeObject("DATETIME", [oids.DATE, oids.TIME, oids.TIMESTAMP, oids.TIMESTAMPTZ,
                                        oids.INTERVAL, oids.TIMETZ])
ROWID = DBAPITypeObject("ROWID", [oids.OID])


def Date(year: int, month: int, day: int) -> dt.date:
    return dt.date(year, month, day)


def Time(hour: int, minute: int, second: int) -> dt.time:
    return dt.time(hour, minute, second)


def Timestamp(year: int, month: int, day: int, hour: int = 0, minute: int = 0,
              second: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, second)


def DateFromTicks(ticks: float) -> dt.date:
    return TimestampFromTicks(ticks).date()


def TimeFromTicks(ticks: float) -> dt.time:
    return TimestampFromTicks(ticks).time()


def TimestampFromTicks(ticks: float) -> dt.datetime:
    secs = time.localtime(ticks)
    tz = dt.timezone(dt.timedelta(seconds=secs.tm_gmtoff))
    return dt.datetime.fromtimestamp(ticks, tz)


def Binary(x: Any) -> bytes:
    return bytes(x)
