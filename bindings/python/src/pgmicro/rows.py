"""Row factories, as psycopg's ``psycopg.rows``.

A row factory is a callable taking the cursor and returning a "row maker": a
callable that turns a tuple of values into a row.  Set it on the connection
(``connect(row_factory=dict_row)``, ``conn.row_factory = ...``) or the cursor
(``conn.cursor(row_factory=namedtuple_row)``).
"""

from __future__ import annotations

import functools
from collections import namedtuple
from typing import TYPE_CHECKING, Any, Callable, Dict, NamedTuple, Sequence, Tuple

if TYPE_CHECKING:
    from .cursor import Cursor

RowMaker = Callable[[Sequence[Any]], Any]
RowFactory = Callable[["Cursor"], RowMaker]

__all__ = ["tuple_row", "dict_row", "namedtuple_row", "RowMaker", "RowFactory"]


def tuple_row(cursor: "Cursor") -> Callable[[Tuple[Any, ...]], Tuple[Any, ...]]:
    """Rows as tuples (the default)."""
    return tuple


def _names(cursor: "Cursor") -> Tuple[str, ...]:
    return tuple(c.name for c in cursor.description or ())


def dict_row(cursor: "Cursor") -> Callable[[Sequence[Any]], Dict[str, Any]]:
    """Rows as dicts keyed by column name."""
    names = _names(cursor)

    def make(values: Sequence[Any]) -> Dict[str, Any]:
        return dict(zip(names, values))

    return make


@functools.lru_cache(512)
def _nt_class(names: Tuple[str, ...]) -> Any:
    return namedtuple("Row", names, rename=True)  # type: ignore[misc]


def namedtuple_row(cursor: "Cursor") -> Callable[[Sequence[Any]], NamedTuple]:
    """Rows as named tuples (invalid names are renamed _0, _1, ...)."""
    cls = _nt_class(_names(cursor))
    return cls._make
