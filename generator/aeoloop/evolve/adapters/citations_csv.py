"""Citation CSVs: the generic one (ours), and the shared machinery of CSV citation exports.

Generic citations CSV: one row per citation, header
``date,engine,prompt,cited_url,position,brand_mentioned,sentiment`` (``count``, ``country`` and
``cited`` optional; ``url``/``platform``/``query`` accepted as synonyms). Required: date, engine,
cited_url. Read row by row here (the streaming path), or through DuckDB when the file allows
(the native path, :mod:`.citations_native`, for speed); both quarantine the same rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from typing import Any, ClassVar

from ..normalize import UrlError, check_url, normalize_engine, parse_bool, parse_number, parse_sentiment
from ..records import BadRow, Citation, FileError, Item
from . import citations_native
from .base import (
    Columns,
    Context,
    NativeLoader,
    Source,
    bad_date_reason,
    csv_rows,
    fields_reason,
    first_line,
    header_keys,
    learn_dates,
    raw_of,
    sniff_delimiter,
    unknown_engine_message,
)
from .citations_native import NativeResult


class CsvCitationAdapter:
    """Base of CSV citation formats: a column spec, required fields and a row mapping."""

    load_native: NativeLoader | None = None  # streamed only

    name: ClassVar[str] = ""
    kind: ClassVar[str] = "citations"
    title: ClassVar[str] = ""
    detection: ClassVar[str] = ""
    spec: ClassVar[dict[str, Sequence[str]]] = {}
    required: ClassVar[Sequence[str]] = ()
    signature: ClassVar[Sequence[str]] = ()
    """Header keys that identify the format (all must be present for full confidence)."""

    def detect(self, head: str, filename: str) -> float:
        keys, _ = header_keys(head, self.known_keys())
        if not keys:
            return 0.0
        present = set(keys)
        hits = sum(1 for k in self.signature if k in present)
        return 0.9 * hits / len(self.signature) if self.signature else 0.0

    @classmethod
    def known_keys(cls) -> list[str]:
        return [k for keys in cls.spec.values() for k in keys]

    def columns(self, source: Source) -> tuple[Columns, str]:
        line = first_line(source.head)
        if not line:
            raise FileError("the file is empty: no header line")
        delim = sniff_delimiter(line, self.known_keys())
        import csv

        header = next(csv.reader([line], delimiter=delim))
        return Columns.resolve(header, self.spec, self.required, delimiter=delim, display=source.display), delim

    def read(self, source: Source, ctx: Context) -> Iterator[Item]:
        cols, delim = self.columns(source)
        learn_dates(ctx, source.head, delim, cols.index.get("date"))
        convert = self.converter(cols, ctx)
        width = len(cols.header)
        for line, row in csv_rows(source, delim):
            if len(row) != width:
                yield BadRow(line, fields_reason(width, len(row), raw_of(row, delim), delim), raw_of(row, delim))
                continue
            try:
                yield from checked(convert(line, row))
            except RowError as err:
                yield BadRow(line, str(err), raw_of(row, delim))
            except ROW_ERRORS as err:
                yield BadRow(line, unexpected_value(err), raw_of(row, delim))

    def converter(self, cols: Columns, ctx: Context) -> Callable[[int, list[str]], Iterator[Citation]]:
        raise NotImplementedError


class RowError(ValueError):
    """A value in a row is unusable: the row is quarantined with this message."""


ROW_ERRORS = (TypeError, ValueError, AttributeError, KeyError, IndexError, OverflowError, RecursionError)
"""What converting one hostile row can raise besides :class:`RowError` (a JSON list where a date
belongs, a number too big for a float): the row is quarantined with the exception's words, never
the file or the build failed."""


def checked(records: Iterator[Citation]) -> list[Citation]:
    """All citations of one row or answer, their URLs checked here (not only when the store
    splits them) so a bad one quarantines the row with its raw text."""
    out = list(records)
    for rec in out:
        if rec.url is not None:
            check_url(rec.url.strip())
    return out


def unexpected_value(err: BaseException) -> str:
    if isinstance(err, UrlError):
        return str(err)
    text = str(err)
    return f"unexpected value ({type(err).__name__}: {text[:200]})"


def need_date(ctx: Context, raw: str | None) -> dt.date:
    value = ctx.dates(raw)
    if value is None:
        raise RowError(bad_date_reason(raw))
    return value


def need_engine(ctx: Context, raw: str | None, line: int, what: str = "engine") -> str:
    engine, known = normalize_engine(raw)
    if engine is None:
        raise RowError(f"empty {what}")
    if not known:
        ctx.warn(line, unknown_engine_message(raw or "", engine))
    return engine


def number_or_warn(ctx: Context, raw: str | None, line: int, what: str, decimal: str = ".") -> float | None:
    if raw is None:
        return None
    value = parse_number(raw, decimal)
    if value is None:
        ctx.warn(line, f"{what} {raw!r} is not a number; left empty")
    return value


class GenericCitationsCsv(CsvCitationAdapter):
    name = "citations-csv"
    title = "Generic citations CSV (one row per citation)"
    detection = "a CSV header with date, engine and cited_url (synonyms: url, platform/model)"
    spec = {
        "date": ("date", "day", "datetime", "timestamp", "created_at"),
        "engine": ("engine", "platform", "ai_engine", "llm", "model"),
        "prompt": ("prompt", "query", "question"),
        "cited_url": ("cited_url", "url", "source_url", "citation_url", "link"),
        "position": ("position", "rank"),
        "brand_mentioned": ("brand_mentioned", "mentioned"),
        "sentiment": ("sentiment",),
        "count": ("count", "citations"),
        "country": ("country", "region"),
        "cited": ("cited", "brand_cited"),
    }
    required = ("date", "engine", "cited_url")
    signature = ("date", "engine", "cited_url")

    def detect(self, head: str, filename: str) -> float:
        keys, _ = header_keys(head, self.known_keys())
        present = set(keys)
        if {"date", "engine", "cited_url"} <= present:
            return 0.95
        if "date" in present and present & {"engine", "platform"} and present & {"url", "source_url", "citation_url"}:
            return 0.6
        return 0.0

    def converter(self, cols: Columns, ctx: Context) -> Callable[[int, list[str]], Iterator[Citation]]:
        g = {f: cols.getter(f) for f in self.spec}

        def convert(line: int, row: list[str]) -> Iterator[Citation]:
            url = g["cited_url"](row)
            if url is None:
                raise RowError("empty cited_url")
            count = number_or_warn(ctx, g["count"](row), line, "count")
            yield Citation(
                line=line,
                date=need_date(ctx, g["date"](row)),
                engine=need_engine(ctx, g["engine"](row), line),
                url=url,
                prompt=g["prompt"](row),
                count=1.0 if count is None else count,
                position=number_or_warn(ctx, g["position"](row), line, "position"),
                brand_mentioned=parse_bool(g["brand_mentioned"](row)),
                brand_cited=parse_bool(g["cited"](row)),
                sentiment=parse_sentiment(g["sentiment"](row)),
                country=g["country"](row),
            )

        return convert

    def load_native(self, source: Source, ctx: Context, con: Any, file_id: int) -> NativeResult | None:
        """Load with DuckDB's CSV reader (:mod:`.citations_native`); None when the file needs the streaming path instead."""
        return citations_native.load(self, source, ctx, con, file_id)
