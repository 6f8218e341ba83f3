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
            except ValueError:
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
            pos = _WS_COMMA.match(text, pos).end()  # type: ignore[union-attr]
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
            yield line, loads(text)
        except ValueError as err:
            msg = getattr(err, "msg", str(err))
            col = getattr(err, "colno", None)
            yield BadRow(line, f"broken JSON line: {msg}" + (f" (column {col})" if col else ""), text[:500])


def _array(source: Source, kind: str) -> Iterator[tuple[int, Any]]:
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
                        raise FileError("a single JSON document over 64 MB with no list of records; export it as NDJSON")
                try:
                    obj = json.loads(buf.lstrip("\ufeff"))
                except ValueError as err:
                    raise FileError(f"broken JSON: {getattr(err, 'msg', err)}", getattr(err, "lineno", None)) from None
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
                except ValueError as err:
                    if eof or len(buf) - pos > _MAX_ELEMENT:
                        bad_line = line + buf.count("\n", pos, getattr(err, "pos", pos))
                        raise FileError(f"broken JSON in the array: {getattr(err, 'msg', err)}", bad_line) from None
                    more = fh.read(_CHUNK)
                    eof = not more
                    buf, pos = buf[pos:] + more, 0
                    continue
                yield line, obj
                line += buf.count("\n", pos, end)
                pos = end
                if pos > _CHUNK:
                    buf, pos = buf[pos:], 0
    except (EOFError, gzip.BadGzipFile, zlib.error) as err:
        raise _gzip_error(err, line) from None
