"""Query text conversion: psycopg's ``%s`` / ``%(name)s`` placeholders to the
engine's ``$1``, ``$2``, ...

A small tokenizer walks the SQL and recognises placeholders only outside
quoted strings, quoted identifiers, comments and dollar-quoted bodies.  ``%%``
is a literal ``%`` everywhere (as psycopg users write it, including inside
strings); a lone ``%`` inside a string or comment is kept as is.  ``%b`` and
``%t`` (psycopg's binary/text placeholders) are accepted as ``%s``.

The result keeps the placeholder positions, so that a parameter can later be
given an explicit type (``$1::int8``) when the engine could not infer one.
"""

from __future__ import annotations

import re
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple, Union

from . import errors as e

_IDENT_CHAR = re.compile(r"[A-Za-z0-9_$\x80-\U0010ffff]")
_DOLLAR_TAG = re.compile(r"\$([A-Za-z_\x80-\U0010ffff][A-Za-z0-9_\x80-\U0010ffff]*)?\$")
_PLACEHOLDER = re.compile(r"%(?:\(([^)]*)\))?([sbt])")
_DOLLAR_PARAM = re.compile(r"\$([0-9]+)")


_SEQ = (tuple, list)


class ConvertedQuery:
    """A query with its placeholders located.

    ``parts`` holds the text around the placeholders (len(parts) ==
    len(slots) + 1); ``slots[k]`` is the 1-based engine parameter number of
    the k-th placeholder; ``names`` the parameter names for ``%(name)s``
    queries (index = number - 1), or None for positional ones; ``nparams``
    how many values the query takes."""

    __slots__ = ("parts", "slots", "names", "nparams", "sql", "_typed")

    def __init__(self, parts: List[str], slots: List[int], names: Optional[List[str]],
                 nparams: int) -> None:
        self.parts = parts
        self.slots = slots
        self.names = names
        self.nparams = nparams
        self.sql = self.render({})
        self._typed: Dict[Tuple[Tuple[int, str], ...], str] = {}

    def render(self, casts: Mapping[int, str]) -> str:
        """The SQL text, with ``$n::type`` for the parameters in casts."""
        out = [self.parts[0]]
        for k, n in enumerate(self.slots):
            t = casts.get(n)
            out.append("$%d::%s" % (n, t) if t else "$%d" % n)
            out.append(self.parts[k + 1])
        return "".join(out)

    def typed(self, casts: Dict[int, str]) -> str:
        key = tuple(sorted(casts.items()))
        sql = self._typed.get(key)
        if sql is None:
            sql = self._typed[key] = self.render(casts)
        return sql

    def values(self, params: Union[Sequence[Any], Mapping[str, Any], None]) -> Sequence[Any]:
        """The parameter values in engine order ($1, $2, ...)."""
        if type(params) in _SEQ and self.names is None:
            if len(params) != self.nparams:  # type: ignore[arg-type]
                raise e.ProgrammingError("the query has %d placeholders but %d parameters were passed"
                                         % (self.nparams, len(params)))  # type: ignore[arg-type]
            return params  # type: ignore[return-value]
        if params is None:
            if self.nparams:
                raise e.ProgrammingError("the query has %d placeholders but no parameters were given"
                                         % self.nparams)
            return ()
        if self.names is not None:
            if not isinstance(params, Mapping):
                raise TypeError("query parameters should be a mapping when using %(name)s placeholders")
            try:
                return [params[n] for n in self.names]
            except KeyError as ex:
                raise e.ProgrammingError("query parameter missing: %s" % ex.args[0]) from None
        if isinstance(params, Mapping):
            if self.nparams == 0 and not params:
                return ()
            raise TypeError("query parameters should be a sequence when using %s placeholders")
        if isinstance(params, (str, bytes)):
            raise TypeError("query parameters should be a sequence, not %s" % type(params).__name__)
        if len(params) != self.nparams:
            raise e.ProgrammingError("the query has %d placeholders but %d parameters were passed"
                                     % (self.nparams, len(params)))
        return params


def _scan(query: str, raw: bool) -> ConvertedQuery:
    parts: List[str] = []
    slots: List[int] = []
    names: List[str] = []
    positional = 0
    kind: Optional[str] = None          # "pos" / "named" for pyformat queries
    cur: List[str] = []
    i, n = 0, len(query)
    nmax = 0

    def unpct(s: str) -> str:
        return s if raw else s.replace("%%", "%")

    while i < n:
        c = query[i]
        # quoted string: '...', E'...' (backslash escapes)
        if c == "'":
            escapes = i > 0 and query[i - 1] in "eE" and (i < 2 or not _IDENT_CHAR.match(query[i - 2]))
            j = i + 1
            while j < n:
                if escapes and query[j] == "\\":
                    j += 2
                    continue
                if query[j] == "'":
                    if j + 1 < n and query[j + 1] == "'":
                        j += 2
                        continue
                    break
                j += 1
            cur.append(unpct(query[i:j + 1]))
            i = j + 1
            continue
        if c == '"':
            j = query.find('"', i + 1)
            while j != -1 and j + 1 < n and query[j + 1] == '"':
                j = query.find('"', j + 2)
            j = n - 1 if j == -1 else j
            cur.append(unpct(query[i:j + 1]))
            i = j + 1
            continue
        if c == "-" and query.startswith("--", i):
            j = query.find("\n", i)
            j = n if j == -1 else j
            cur.append(unpct(query[i:j]))
            i = j
            continue
        if c == "/" and query.startswith("/*", i):
            depth, j = 1, i + 2
            while j < n and depth:
                if query.startswith("/*", j):
                    depth += 1
                    j += 2
                elif query.startswith("*/", j):
                    depth -= 1
                    j += 2
                else:
                    j += 1
            cur.append(unpct(query[i:j]))
            i = j
            continue
        if c == "$":
            prev_ident = i > 0 and _IDENT_CHAR.match(query[i - 1]) is not None
            if not prev_ident:
                m = _DOLLAR_TAG.match(query, i)
                if m:
                    tag = m.group(0)
                    j = query.find(tag, m.end())
                    j = n if j == -1 else j + len(tag)
                    cur.append(unpct(query[i:j]))
                    i = j
                    continue
                if raw:
                    m = _DOLLAR_PARAM.match(query, i)
                    if m:
                        num = int(m.group(1))
                        parts.append("".join(cur))
                        cur = []
                        slots.append(num)
                        nmax = max(nmax, num)
                        i = m.end()
                        continue
            cur.append(c)
            i += 1
            continue
        if c == "%" and not raw:
            if query.startswith("%%", i):
                cur.append("%")
                i += 2
                continue
            m = _PLACEHOLDER.match(query, i)
            if not m:
                raise e.ProgrammingError(
                    "only '%%s', '%%b', '%%t' are allowed as placeholders, got %r" % query[i:i + 2])
            name = m.group(1)
            if name is None:
                if kind == "named":
                    raise e.ProgrammingError("positional and named placeholders cannot be mixed")
                kind = "pos"
                positional += 1
                num = positional
            else:
                if kind == "pos":
                    raise e.ProgrammingError("positional and named placeholders cannot be mixed")
                kind = "named"
                if name in names:
                    num = names.index(name) + 1
                else:
                    names.append(name)
                    num = len(names)
            parts.append("".join(cur))
            cur = []
            slots.append(num)
            nmax = max(nmax, num)
            i = m.end()
            continue
        cur.append(c)
        i += 1
    parts.append("".join(cur))
    return ConvertedQuery(parts, slots, names if kind == "named" else None, nmax)


_cache: Dict[Tuple[str, bool], ConvertedQuery] = {}
_CACHE_MAX = 512


def convert(query: str, raw: bool = False) -> ConvertedQuery:
    """Locate the placeholders of query (pyformat, or ``$n`` when raw)."""
    key = (query, raw)
    cq = _cache.get(key)
    if cq is None:
        cq = _scan(query, raw)
        if len(_cache) >= _CACHE_MAX:
            _cache.clear()
        _cache[key] = cq
    return cq
