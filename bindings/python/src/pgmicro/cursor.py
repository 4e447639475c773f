"""Cursors: execute statements and fetch their rows (PEP 249).

Results are fetched whole when a statement executes (as psycopg's
client-side cursors do), so ``rowcount`` and ``statusmessage`` are known at
once and the connection is free for the next statement.
"""

from __future__ import annotations

from typing import (TYPE_CHECKING, Any, Iterable, Iterator, List, Mapping, Optional, Sequence,
                    Tuple, Union)

from . import _oids as oids
from . import errors as e
from .rows import RowFactory, RowMaker, tuple_row

if TYPE_CHECKING:
    from .connection import Connection

Params = Union[Sequence[Any], Mapping[str, Any]]

_FIXED_SIZE = {oids.BOOL: 1, oids.INT2: 2, oids.INT4: 4, oids.INT8: 8, oids.OID: 4,
               oids.FLOAT4: 4, oids.FLOAT8: 8, oids.DATE: 4, oids.TIME: 8,
               oids.TIMESTAMP: 8, oids.TIMESTAMPTZ: 8, oids.INTERVAL: 16, oids.UUID: 16,
               oids.NAME: 64}


class Column(Sequence[Any]):
    """One entry of ``cursor.description``: a PEP 249 7-item sequence
    (name, type_code, display_size, internal_size, precision, scale, null_ok)
    with those names as attributes.  ``type_code`` is the PostgreSQL type OID;
    ``type_name`` its ``pg_type.typname``."""

    __slots__ = ("name", "type_code", "type_name", "_typmod")

    def __init__(self, name: str, type_code: int, type_name: str, typmod: int) -> None:
        self.name = name
        self.type_code = type_code
        self.type_name = type_name or oids.OID_TO_TYPNAME.get(type_code, "")
        self._typmod = typmod

    @property
    def display_size(self) -> Optional[int]:
        if self.type_code in (oids.VARCHAR, oids.BPCHAR) and self._typmod >= 4:
            return self._typmod - 4
        return None

    @property
    def internal_size(self) -> Optional[int]:
        return _FIXED_SIZE.get(self.type_code)

    @property
    def precision(self) -> Optional[int]:
        if self.type_code == oids.NUMERIC and self._typmod >= 4:
            return (self._typmod - 4) >> 16
        if self.type_code in (oids.TIME, oids.TIMESTAMP, oids.TIMESTAMPTZ, oids.INTERVAL) \
                and self._typmod >= 0:
            return self._typmod & 0xFFFF
        return None

    @property
    def scale(self) -> Optional[int]:
        if self.type_code == oids.NUMERIC and self._typmod >= 4:
            return (self._typmod - 4) & 0xFFFF
        return None

    @property
    def null_ok(self) -> Optional[bool]:
        return None

    def _seq(self) -> Tuple[Any, ...]:
        return (self.name, self.type_code, self.display_size, self.internal_size,
                self.precision, self.scale, self.null_ok)

    def __getitem__(self, i: Any) -> Any:
        return self._seq()[i]

    def __len__(self) -> int:
        return 7

    def __eq__(self, other: Any) -> bool:
        if isinstance(other, (Column, tuple)):
            return tuple(self._seq()) == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._seq())

    def __repr__(self) -> str:
        return "<Column %r, type: %s (oid: %d)>" % (self.name, self.type_name, self.type_code)


class Cursor:
    """A PEP 249 cursor with psycopg's ``%s`` / ``%(name)s`` placeholders."""

    _raw = False

    def __init__(self, connection: "Connection", *, row_factory: Optional[RowFactory] = None,
                 text: bool = False) -> None:
        self._conn: Optional["Connection"] = connection
        self._row_factory: RowFactory = row_factory or connection.row_factory
        self._text = text
        #: rows fetched by fetchmany() without a size (PEP 249)
        self.arraysize = 1
        self._reset()

    def _reset(self) -> None:
        self._rows: Optional[List[Tuple[Any, ...]]] = None
        self._pos = 0
        self._desc_raw: Optional[Tuple[Tuple[str, int, str, int], ...]] = None
        self._description: Optional[List[Column]] = None
        self._maker: Optional[RowMaker] = None
        self._rowcount = -1
        self._tag: Optional[str] = None

    # ---- attributes ----

    @property
    def connection(self) -> "Connection":
        if self._conn is None:
            raise e.InterfaceError("the cursor is closed")
        return self._conn

    @property
    def closed(self) -> bool:
        return self._conn is None

    @property
    def description(self) -> Optional[List[Column]]:
        """One :class:`Column` per result column of the last statement, or
        None when it returned no rows (an INSERT without RETURNING, DDL)."""
        if self._description is None and self._desc_raw is not None:
            self._description = [Column(*d) for d in self._desc_raw]
        return self._description

    @property
    def rowcount(self) -> int:
        """Rows returned (SELECT) or affected (INSERT/UPDATE/DELETE) by the
        last execute (summed over executemany); -1 when not applicable."""
        return self._rowcount

    @property
    def statusmessage(self) -> Optional[str]:
        """The command tag of the last statement: ``"INSERT 0 1"``, ``"SELECT 3"``, ..."""
        return self._tag

    @property
    def rownumber(self) -> Optional[int]:
        return self._pos if self._rows is not None else None

    @property
    def row_factory(self) -> RowFactory:
        return self._row_factory

    @row_factory.setter
    def row_factory(self, f: RowFactory) -> None:
        self._row_factory = f
        self._maker = None

    lastrowid = None

    # ---- execution ----

    def execute(self, query: str, params: Optional[Params] = None, **kwargs: Any) -> "Cursor":
        """Execute one statement (or, without params, a ``;``-separated script,
        keeping the last statement's result).  Returns the cursor."""
        conn = self._conn
        if conn is None:
            raise e.InterfaceError("the cursor is closed")
        self._rows = None
        self._rows, self._desc_raw, self._tag, self._rowcount = \
            conn._run(query, params, self._raw, self._text)
        self._pos = 0
        self._description = None
        self._maker = None
        return self

    def executemany(self, query: str, params_seq: Iterable[Params], *,
                    returning: bool = False) -> None:
        """Execute a statement once per parameter set.  ``rowcount`` is the
        total; with ``returning=True`` the rows of the last execution can be
        fetched (psycopg keeps every result set; pgmicro keeps the last)."""
        conn = self.connection
        self._reset()
        self._rows, self._desc_raw, self._tag, self._rowcount = \
            conn._run(query, None, self._raw, self._text, many=params_seq)
        if not returning:
            self._rows = None
            self._desc_raw = None

    # ---- fetching ----

    def _make(self) -> Optional[RowMaker]:
        if self._row_factory is tuple_row:
            return None
        if self._maker is None:
            self._maker = self._row_factory(self)  # type: ignore[arg-type]
        return None if self._maker is tuple else self._maker

    def _check_rows(self) -> List[Tuple[Any, ...]]:
        if self._conn is None:
            raise e.InterfaceError("the cursor is closed")
        if self._rows is None:
            raise e.ProgrammingError("the last operation didn't produce a result")
        return self._rows

    def fetchone(self) -> Any:
        """The next row, or None when no more rows are available."""
        rows = self._rows
        if rows is None:
            rows = self._check_rows()
        pos = self._pos
        if pos >= len(rows):
            return None
        self._pos = pos + 1
        if self._row_factory is tuple_row:
            return rows[pos]
        mk = self._make()
        return mk(rows[pos]) if mk else rows[pos]

    def fetchmany(self, size: int = 0) -> List[Any]:
        """The next ``size`` rows (default ``arraysize``)."""
        rows = self._check_rows()
        n = size or self.arraysize
        out = rows[self._pos:self._pos + n]
        self._pos += len(out)
        mk = self._make()
        return [mk(r) for r in out] if mk else out

    def fetchall(self) -> List[Any]:
        """Every remaining row."""
        rows = self._check_rows()
        out = rows[self._pos:] if self._pos else rows
        self._pos = len(rows)
        mk = self._make()
        return [mk(r) for r in out] if mk else list(out)

    def __iter__(self) -> Iterator[Any]:
        while True:
            row = self.fetchone()
            if row is None:
                return
            yield row

    def scroll(self, value: int, mode: str = "relative") -> None:
        rows = self._check_rows()
        pos = self._pos + value if mode == "relative" else value
        if mode not in ("relative", "absolute"):
            raise ValueError("bad mode: %r" % mode)
        if not 0 <= pos <= len(rows):
            raise IndexError("position %d out of bound" % pos)
        self._pos = pos

    def nextset(self) -> Optional[bool]:
        return None

    def setinputsizes(self, sizes: Any) -> None:
        pass

    def setoutputsize(self, size: Any, column: Optional[int] = None) -> None:
        pass

    def close(self) -> None:
        self._conn = None
        self._rows = None

    def __enter__(self) -> "Cursor":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __repr__(self) -> str:
        return "<%s %s>" % (type(self).__name__, "closed" if self.closed else "open")


class RawCursor(Cursor):
    """A cursor taking PostgreSQL's own ``$1``, ``$2`` placeholders (and a
    sequence of values), as psycopg's RawCursor; ``%`` is never special."""

    _raw = True
