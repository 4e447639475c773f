"""pgmicro — an in-process PostgreSQL, with a PEP 249 (DB-API 2.0) interface
shaped like psycopg 3.

    import pgmicro
    with pgmicro.connect("app.db") as conn:
        conn.execute("CREATE TABLE IF NOT EXISTS t (id int PRIMARY KEY, v text)")
        conn.execute("INSERT INTO t VALUES (%s, %s)", (1, "one"))
        print(conn.execute("SELECT * FROM t").fetchall())
"""

from __future__ import annotations

from . import _core
from . import errors, rows
from ._dbapi20 import (BINARY, DATETIME, NUMBER, ROWID, STRING, Binary, Date, DateFromTicks,
                       Time, TimeFromTicks, Timestamp, TimestampFromTicks)
from .adapt import LOADERS, Json, Jsonb, Typed, dump
from .connection import Connection
from .cursor import Column, Cursor, RawCursor
from .errors import (DatabaseError, DataError, Error, IntegrityError, InterfaceError,
                     InternalError, NotSupportedError, OperationalError, ProgrammingError,
                     Warning)

ABI_VERSION = 1
if _core.pgm_abi_version() != ABI_VERSION:  # pragma: no cover
    raise ImportError("pgmicro: the engine implements ABI %d, this binding needs ABI %d"
                      % (_core.pgm_abi_version(), ABI_VERSION))

_core.set_adapter(dump)
_core.set_loaders(LOADERS)

__version__ = "0.1.0"
#: The engine's version, and the PostgreSQL version it follows.
libversion: str = _core.pgm_libversion()
pg_version: str = _core.pgm_pg_version()

# PEP 249 globals
apilevel = "2.0"
#: Threads may share the module, not connections (a connection serialises
#: its calls with a lock, so sharing one is safe, but not concurrent).
threadsafety = 1
paramstyle = "pyformat"

connect = Connection.connect

__all__ = [
    "connect", "Connection", "Cursor", "RawCursor", "Column", "errors", "rows",
    "apilevel", "threadsafety", "paramstyle",
    "Warning", "Error", "InterfaceError", "DatabaseError", "DataError", "OperationalError",
    "IntegrityError", "InternalError", "ProgrammingError", "NotSupportedError",
    "STRING", "BINARY", "NUMBER", "DATETIME", "ROWID",
    "Date", "Time", "Timestamp", "DateFromTicks", "TimeFromTicks", "TimestampFromTicks", "Binary",
    "Json", "Jsonb", "Typed", "libversion", "pg_version",
]
