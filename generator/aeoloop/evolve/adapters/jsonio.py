"""Streaming JSON: NDJSON, a top-level array, or an envelope (``{"total":…, "items": […]}``).

Tools export the same records in all three shapes. Each is read element by element without
loading the file: NDJSON line by line (a broken line is a :class:`BadRow` and the rest loads);
arrays with ``json.JSONDecoder.raw_decode`` over a sliding buffer. A broken element inside an
array cannot be skipped safely (where does the next one start?), so it refuses the file with its
line number.
"""

from __future__ import annotations

import gzip
import json
import re
import zlib
from collections.abc import Iterator
from typing import Any

from ..records import BadRow, FileError
from .base import Source, _gzip_error

ENVELOPE_KEYS = ("items", "data", "results", "responses", "rows", "records", "logs", "entries")
_ENVELOPE_RE = re.compile(r'"(' + "|".join(ENVELOPE_KEYS) + r')"\s*:\s*\[')
_WS_COMMA = re.compile(r"[\s,]*")
_CHUNK = 1 << 20
_MAX_ELEMENT = 64 << 20


def shape(head: str) -> str:
    """``ndjson``, ``array``, ``envelope``, ``object`` or ``""`` (not JSON) from the file's head."""
    text = head.lstrip("\ufeff").lstrip()
    if not text:
        return ""
    if text[0] == "[":
        return "array"
    if text[0] != "{":
        return ""
    first = text.split("\n", 1)[0].strip()
    try:
        json.loads(first)
        return "ndjson"
    except ValueError:
        pass
    except RecursionError:  # a first line this deep is a record (to be quarantined), not the start of a document
        return "ndjson"
    if _ENVELOPE_RE.search(text):
        return "envelope"
    return "object"


def first_objects(head: str, limit: int = 5) -> list[dict[str, Any]]:
    """A few complete objects from the head, for detection (whatever the shape)."""
    kind = shape(head)
    text = head.lstrip("\ufeff").lstrip()
    out: list[dict[str, Any]] = []
    if kind == "ndjson":
        for line in text.splitlines()[:limit]:
            try:
                obj = json.loads(line)
            except (ValueError, RecursionError):
                continue
            if isinstance(obj, dict):
                out.append(obj)
        return out
    if kind in ("array", "envelope"):
        if kind == "envelope":
            m = _ENVELOPE_RE.search(text)
            assert m
            outer = text[: m.start()]
            pos = m.end()
            try:  # keys before the array (total, offset...) help detection
                out.append({"__envelope__": m.group(1), **_loose_keys(outer)})
            except ValueError:
                pass
        else:
            pos = 1
        dec = json.JSONDecoder()
        while len(out) < limit:
            gap = _WS_COMMA.match(text, pos)  # (matches everywhere: the pattern may be empty)
            pos = gap.end() if gap else pos
            if pos >= len(text) or text[pos] == "]":
                break
            try:
                obj, pos = dec.raw_decode(text, pos)
            except ValueError:
                break
            if isinstance(obj, dict):
                out.append(obj)
        return out
    if kind == "object":
        try:
            obj = json.loads(text)
        except ValueError:
            return []
        return [obj] if isinstance(obj, dict) else []
    return []


MAX_DEPTH = 64
"""Report records are a few levels deep; deeper nesting is hostile or broken, and every reader
after this one (adapters, ``json.dumps`` of an excerpt, ``repr``) would recurse into it."""
_DEEP = "deeper than {} levels of nesting".format(MAX_DEPTH)


def depth(obj: Any, limit: int = MAX_DEPTH) -> int:
    """Nesting depth of a parsed JSON value, counted without recursion and up to ``limit + 1``."""
    stack = [(obj, 1)]
    deepest = 0
    while stack:
        value, d = stack.pop()
        if isinstance(value, dict):
            value = list(value.values())
        elif not isinstance(value, list):
            continue
        deepest = max(deepest, d)
        if deepest > limit:
            return deepest
        stack.extend((v, d + 1) for v in value if isinstance(v, (dict, list)))
    return deepest


def _brackets(text: str, start: int = 0, end: int | None = None) -> int:
    end = len(text) if end is None else end
    return text.count("[", start, end) + text.count("{", start, end)


def too_deep(obj: Any, text: str, start: int = 0, end: int | None = None) -> bool:
    """True for a value nested deeper than :data:`MAX_DEPTH` (the text's bracket count is a
    cheap bound, so flat records, the usual case, cost one ``str.count``)."""
    return _brackets(text, start, end) > MAX_DEPTH and depth(obj) > MAX_DEPTH


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def _no_surrogates(value: Any) -> Any:
    """``value`` with lone surrogates (``"\\ud800"`` in JSON decodes to one) replaced by U+FFFD:
    no UTF-8 encoder, the store's included, accepts them."""
    if isinstance(value, str):
        return (
            value.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
            if any("\ud800" <= c <= "\udfff" for c in value)
            else value
        )
    if isinstance(value, list):
        return [_no_surrogates(v) for v in value]
    if isinstance(value, dict):
        return {_no_surrogates(k): _no_surrogates(v) for k, v in value.items()}
    return value


def clean(obj: Any, text: str, start: int = 0, end: int | None = None) -> Any:
    """A parsed record made safe to store: only when its text has a surrogate escape (rare),
    the record is walked (its depth is bounded by :func:`too_deep` before this runs)."""
    if _SURROGATE_ESCAPE.search(text, start, len(text) if end is None else end):
        return _no_surrogates(obj)
    return obj


def _loose_keys(text: str) -> dict[str, Any]:
    return {k: True for k in re.findall(r'"([A-Za-z_]+)"\s*:', text)}


def records(source: Source) -> Iterator[tuple[int, Any] | BadRow]:
    """``(line, element)`` for every record of the file, or a :class:`BadRow` for a broken NDJSON line."""
    kind = shape(source.head)
    if kind == "ndjson":
        yield from _ndjson(source)
    elif kind in ("array", "envelope", "object"):
        yield from _array(source, kind)
    else:
        raise FileError("not JSON: the file does not start with `{` or `[`", 1)


def _ndjson(source: Source) -> Iterator[tuple[int, Any] | BadRow]:
    loads = json.loads
    for line, text in source.lines():
        if not text.strip():
            continue
        try:
            obj = loads(text)
        except ValueError as err:
            decoded = err if isinstance(err, json.JSONDecodeError) else None
            msg = decoded.msg if decoded else str(err)
            col = decoded.colno if decoded else None
            yield BadRow(line, f"broken JSON line: {msg}" + (f" (column {col})" if col else ""), text[:500])
            continue
        except RecursionError:
            yield BadRow(line, f"JSON line nested {_DEEP}", text[:200])
            continue
        if too_deep(obj, text):
            yield BadRow(line, f"JSON line nested {_DEEP}", text[:200])
            continue
        yield line, clean(obj, text)


def _array(source: Source, kind: str) -> Iterator[tuple[int, Any] | BadRow]:
    dec = json.JSONDecoder()
    line = 1
    eof = False
    try:
        with source.open_text() as fh:
            buf = fh.read(_CHUNK)
            if kind == "object":
                while not eof:  # a single document without a known list: read it whole (small by nature)
                    more = fh.read(_CHUNK)
                    eof = not more
                    buf += more
                    if len(buf) > _MAX_ELEMENT:
                        raise FileError(
                            "a single JSON document over 64 MB with no list of records; export it as NDJSON"
                        )
                try:
                    obj = json.loads(buf.lstrip("\ufeff"))
                except json.JSONDecodeError as err:
                    raise FileError(f"broken JSON: {err.msg}", err.lineno) from None
                except ValueError as err:
                    raise FileError(f"broken JSON: {err}", None) from None
                except RecursionError:
                    raise FileError(f"the JSON document is nested {_DEEP}", 1) from None
                if _brackets(buf) > MAX_DEPTH and depth(obj, MAX_DEPTH + 2) > MAX_DEPTH + 2:  # envelope + list + record
                    raise FileError(f"the JSON document is nested {_DEEP}", 1)
                obj = clean(obj, buf)
                found = False
                if isinstance(obj, dict):
                    for key in ENVELOPE_KEYS:
                        if isinstance(obj.get(key), list):
                            found = True
                            for item in obj[key]:
                                yield 1, item
                            break
                if not found:
                    yield 1, obj
                return
            if kind == "envelope":
                while True:
                    m = _ENVELOPE_RE.search(buf)
                    if m:
                        break
                    more = fh.read(_CHUNK)
                    if not more or len(buf) > _MAX_ELEMENT:
                        raise FileError("no list of records (items, data, results...) found in the JSON document")
                    buf += more
                pos = m.end()
            else:
                pos = buf.index("[") + 1
            line += buf.count("\n", 0, pos)
            while True:
                m = _WS_COMMA.match(buf, pos)
                assert m is not None
                line += buf.count("\n", pos, m.end())
                pos = m.end()
                if pos >= len(buf):
                    if eof:
                        raise FileError("the JSON array is not closed (truncated file?)", line)
                    more = fh.read(_CHUNK)
                    eof = not more
                    buf, pos = buf[pos:] + more, 0
                    continue
                if buf[pos] == "]":
                    return
                try:
                    obj, end = dec.raw_decode(buf, pos)
                except RecursionError:
                    raise FileError(f"a JSON record nested {_DEEP}", line) from None
                except ValueError as err:
                    if eof or len(buf) - pos > _MAX_ELEMENT:
                        decoded = err if isinstance(err, json.JSONDecodeError) else None
                        bad_line = line + buf.count("\n", pos, decoded.pos if decoded else pos)
                        raise FileError(
                            f"broken JSON in the array: {decoded.msg if decoded else err}", bad_line
                        ) from None
                    more = fh.read(_CHUNK)
                    eof = not more
                    buf, pos = buf[pos:] + more, 0
                    continue
                if too_deep(obj, buf, pos, end):
                    yield BadRow(line, f"JSON record nested {_DEEP}", buf[pos : min(end, pos + 200)])
                else:
                    yield line, clean(obj, buf, pos, end)
                line += buf.count("\n", pos, end)
                pos = end
                if pos > _CHUNK:
                    buf, pos = buf[pos:], 0
    except (EOFError, gzip.BadGzipFile, zlib.error) as err:
        raise _gzip_error(err, line) from None
