"""Citation CSVs: the generic one (ours), and the shared machinery of CSV citation exports.

Generic citations CSV: one row per citation, header
``date,engine,prompt,cited_url,position,brand_mentioned,sentiment`` (``count``, ``country`` and
``cited`` optional; ``url``/``platform``/``query`` accepted as synonyms). Required: date, engine,
cited_url.

Speed: Python's ``csv`` module alone reads about 430k rows/s on the reference machine, below the
500k rows/s target, so this adapter also has a *native* path (:meth:`load_native`): DuckDB's
``read_csv`` scans the file (parallel, C++), the *distinct* raw values of each column are mapped
in Python by the same functions as the streaming path (:mod:`..normalize`), and the insert is a
join against those small mapping tables. Rows whose values don't map are found again, with
their line numbers, by a streaming Python pass that only checks set membership, so both paths
quarantine exactly the same rows for the same reasons.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from ..normalize import UrlError, check_url, normalize_engine, parse_bool, parse_number, parse_sentiment, split_url
from ..records import BadRow, Citation, FileError, Item
from .base import (
    Columns,
    Context,
    NativeLoader,
    Source,
    csv_rows,
    fields_reason,
    first_line,
    header_keys,
    learn_dates,
    raw_of,
    sniff_delimiter,
)


def unknown_engine_message(raw: str, engine: str) -> str:
    return (
        f"unknown engine {raw!r}, kept as {engine!r}; if it is a known engine under another name, "
        "tell us (aeoloop.evolve.normalize.ENGINE_ALIASES)"
    )


def bad_date_reason(raw: str | None) -> str:
    if raw is None:
        return "empty date"
    return f"unreadable date {raw!r}; write dates as YYYY-MM-DD"


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

    # --- native path ------------------------------------------------------------------------

    def load_native(self, source: Source, ctx: Context, con: Any, file_id: int) -> NativeResult | None:
        """Load with DuckDB's CSV reader; None when the file needs the streaming path instead."""
        if source.encoding not in ("utf-8", "utf-8-sig"):
            return None
        text = source.head.lstrip("\ufeff")
        if not text or not text.splitlines()[0].strip():
            return None  # header not on line 1 (blank lines first): the Python reader copes
        cols, delim = self.columns(source)
        width = len(cols.header)
        q = "'"
        path_sql = q + str(source.path).replace(q, q + q) + q
        delim_sql = q + delim.replace(q, q + q) + q
        columns_sql = ", ".join(f"'c{i}': 'VARCHAR'" for i in range(width))
        reader = (
            f"read_csv({path_sql}, auto_detect=false, header=true, delim={delim_sql}, quote='\"', escape='\"', "
            f"columns={{{columns_sql}}}, compression='{'gzip' if source.gzipped else 'none'}', null_padding=false"
        )
        col = {f: f"r.c{i}" for f, i in cols.index.items()}
        mapped = [
            f
            for f in ("date", "engine", "cited_url", "position", "brand_mentioned", "sentiment", "count", "cited")
            if f in col
        ]
        aggs = ", ".join(f"list(DISTINCT {col[f]})" for f in mapped)
        row = con.execute(f"SELECT count(*), {aggs} FROM {reader}, ignore_errors=true) r").fetchall()[0]
        total = row[0]
        if not total:
            return None  # no row with the header's shape: the streaming path says why, line by line
        maps = _value_maps({f: v or [] for f, v in zip(mapped, row[1:])}, ctx)
        sql = _SqlMaps(col)
        sql.date(maps.values["date"])
        sql.simple("engine", maps.values["engine"])
        sql.url(maps.values["cited_url"])
        for f in ("position", "brand_mentioned", "sentiment", "count", "cited"):
            if f in maps.values:
                sql.simple(f, maps.values[f])
        e = sql.exprs
        for name, data in sql.tables.items():
            con.register(name, data)
        reject_name = f"_rejects_{file_id}"
        try:
            con.execute(f"""
                INSERT INTO citations (file_id, date, engine, prompt, host, path, count, position,
                                       brand_mentioned, brand_cited, sentiment, country, source_tool)
                SELECT * FROM (
                    SELECT {file_id} AS file_id, {e["date"]} AS date, {e["engine"]} AS engine,
                           {f"nullif(trim({col['prompt']}), '')" if "prompt" in col else "NULL"} AS prompt,
                           {e["host"]} AS host, {e["path"]} AS path, coalesce({e.get("count", "NULL")}, 1.0) AS count,
                           {e.get("position", "NULL")} AS position, {e.get("brand_mentioned", "NULL")} AS brand_mentioned,
                           {e.get("cited", "NULL")} AS brand_cited, {e.get("sentiment", "NULL")} AS sentiment,
                           {f"nullif(trim({col['country']}), '')" if "country" in col else "NULL"} AS country,
                           '{self.name}' AS source_tool
                    FROM {reader}, store_rejects=true, rejects_table='{reject_name}', rejects_scan='{reject_name}_scan') r
                    {" ".join(sql.joins)}
                ) WHERE date IS NOT NULL AND engine IS NOT NULL AND path IS NOT NULL
            """).fetchall()
            inserted = con.execute(f"SELECT count(*) FROM citations WHERE file_id = {file_id}").fetchall()[0][0]
            exists = con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = ?", [reject_name]).fetchall()[
                0
            ][0]
            rejects = (
                con.execute(
                    f"SELECT line, arg_min(error_type, column_idx), arg_min(error_message, column_idx), "
                    f"arg_min(csv_line, column_idx) FROM {reject_name} GROUP BY line ORDER BY line"
                ).fetchall()
                if exists
                else []
            )
            con.execute(f"DROP TABLE IF EXISTS {reject_name}")
            con.execute(f"DROP TABLE IF EXISTS {reject_name}_scan")
        finally:
            for name in sql.tables:
                con.unregister(name)
        bad: list[BadRow] = [
            BadRow(int(line), _reject_reason(kind, msg, raw or "", delim, width), (raw or "")[:500])
            for line, kind, msg, raw in rejects
        ]
        if total - inserted > 0:
            bad.extend(self._find_invalid(source, delim, cols, maps, width))
        return NativeResult(inserted, sorted(bad, key=lambda b: b.line))

    def _find_invalid(self, source: Source, delim: str, cols: Columns, maps: ValueMaps, width: int) -> Iterator[BadRow]:
        g = {f: cols.getter(f) for f in ("date", "engine", "cited_url")}
        for line, row in csv_rows(source, delim):
            if len(row) != width:
                continue  # DuckDB's rejects already hold it
            reason = maps.reason(g["date"](row), g["engine"](row), g["cited_url"](row))
            if reason:
                yield BadRow(line, reason, raw_of(row, delim))


def _reject_reason(kind: str, message: str, raw: str, delim: str, width: int) -> str:
    """DuckDB's reject, in the words the streaming path uses for the same problem."""
    if kind in ("MISSING COLUMNS", "TOO MANY COLUMNS"):
        import csv

        try:
            found = len(next(csv.reader([raw.rstrip("\r\n")], delimiter=delim)))
        except (csv.Error, StopIteration):
            found = 0
        return fields_reason(width, found, raw, delim)
    if kind == "UNQUOTED VALUE":
        return f"CSV syntax: {message} (a quote is not closed; the rest of the file may be inside it)"
    return f"CSV syntax: {message}"


@dataclass
class NativeResult:
    rows: int
    bad: list[BadRow]


@dataclass
class ValueMaps:
    """Distinct raw value -> normalized value, per column, and the raw values that make a row bad."""

    values: dict[str, list[tuple[str | None, Any]]]
    bad_dates: set[str | None]
    bad_engines: set[str | None]
    bad_urls: set[str | None]
    url_reasons: dict[str | None, str]
    """Why a cited URL cannot be read (``unreadable URL (Invalid IPv6 URL)``...), by raw value."""

    def reason(self, date: str | None, engine: str | None, url: str | None) -> str | None:
        if date in self.bad_dates:
            return bad_date_reason(date)
        if engine in self.bad_engines:
            return "empty engine"
        if url in self.bad_urls:
            return self.url_reasons.get(url, "empty cited_url")
        return None


def _stripped(raw: str | None) -> str | None:
    if raw is None:
        return None
    return raw.strip() or None


def _value_maps(distinct: dict[str, list[str | None]], ctx: Context) -> ValueMaps:
    values: dict[str, list[tuple[str | None, Any]]] = {}
    dates = [r for r in distinct.get("date", []) if r is not None]
    ctx.dates.learn(_stripped(r) for r in dates)
    values["date"] = [(r, ctx.dates(_stripped(r))) for r in dates]
    bad_dates = {_stripped(r) for r, v in values["date"] if v is None} | {None}

    values["engine"] = []
    bad_engines: set[str | None] = {None}
    for raw in distinct.get("engine", []):
        if raw is None:
            continue
        engine, known = normalize_engine(_stripped(raw))
        values["engine"].append((raw, engine))
        if engine is None:
            bad_engines.add(_stripped(raw))
        elif not known:
            ctx.warn(None, unknown_engine_message(_stripped(raw) or "", engine))

    values["cited_url"] = []
    bad_urls: set[str | None] = {None}
    url_reasons: dict[str | None, str] = {}
    for raw in distinct.get("cited_url", []):
        if raw is None:
            continue
        try:
            host, path, _ = split_url(_stripped(raw))
        except UrlError as err:
            host, path = None, None
            url_reasons[_stripped(raw)] = str(err)
        values["cited_url"].append((raw, (host, path)))
        if path is None:
            bad_urls.add(_stripped(raw))

    for fieldname, fn in (
        ("position", parse_number),
        ("count", parse_number),
        ("brand_mentioned", parse_bool),
        ("cited", parse_bool),
        ("sentiment", parse_sentiment),
    ):
        if fieldname not in distinct:
            continue
        pairs: list[tuple[str | None, float | bool | str | None]] = []
        for raw in distinct[fieldname]:
            if raw is None:
                continue
            v = fn(_stripped(raw))
            if v is None and _stripped(raw) is not None and fieldname in ("position", "count"):
                ctx.warn(None, f"{fieldname} {_stripped(raw)!r} is not a number; left empty")
            pairs.append((raw, v))
        values[fieldname] = pairs
    return ValueMaps(values, bad_dates, bad_engines, bad_urls, url_reasons)


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
CASE_LIMIT = 48


def _lit(value: Any) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float)):
        return repr(float(value)) if math.isfinite(value) else "NULL"
    if isinstance(value, dt.date):
        return f"DATE '{value.isoformat()}'"
    return "'" + str(value).replace("'", "''") + "'"


class _SqlMaps:
    """SQL for mapped columns: a cast when SQL means the same, a CASE for a few distinct raw
    values, a join against a registered mapping table for many."""

    def __init__(self, col: dict[str, str]) -> None:
        self.col = col
        self.exprs: dict[str, str] = {}
        self.joins: list[str] = []
        self.tables: dict[str, dict[str, Any]] = {}

    @staticmethod
    def _caseable(pairs: list[tuple[str | None, Any]]) -> bool:
        return len(pairs) <= CASE_LIMIT and all(r is not None and "\x00" not in r and len(r) < 300 for r, _ in pairs)

    def _join(self, name: str, column: str, pairs: list[tuple[str | None, Any]], outputs: dict[str, list[Any]]) -> None:
        import numpy as np

        table = f"_map_{name}"
        data = {"raw": np.array([r for r, _ in pairs], dtype=object)}
        for out, vals in outputs.items():
            data[out] = np.array(vals, dtype=object)
        self.tables[table] = data
        self.joins.append(f"LEFT JOIN {table} m_{name} ON m_{name}.raw = {column}")

    def date(self, pairs: list[tuple[str | None, Any]]) -> None:
        column = self.col["date"]
        if all(r is not None and _ISO_DATE.match(r) for r, _ in pairs):
            self.exprs["date"] = f"TRY_CAST({column} AS DATE)"
        else:
            self.simple("date", pairs)

    def simple(self, name: str, pairs: list[tuple[str | None, Any]]) -> None:
        column = self.col[name]
        if not pairs:
            self.exprs[name] = "NULL"
        elif self._caseable(pairs):
            whens = " ".join(f"WHEN {_lit(r)} THEN {_lit(v)}" for r, v in pairs if v is not None)
            self.exprs[name] = f"(CASE {column} {whens} END)" if whens else "NULL"
        else:
            self._join(name, column, pairs, {"value": [v for _, v in pairs]})
            self.exprs[name] = f"m_{name}.value"

    def url(self, pairs: list[tuple[str | None, Any]]) -> None:
        column = self.col["cited_url"]
        if not pairs:
            self.exprs["host"] = self.exprs["path"] = "NULL"
        elif self._caseable(pairs):
            hosts = " ".join(f"WHEN {_lit(r)} THEN {_lit(v[0])}" for r, v in pairs if v[0] is not None)
            paths = " ".join(f"WHEN {_lit(r)} THEN {_lit(v[1])}" for r, v in pairs if v[1] is not None)
            self.exprs["host"] = f"(CASE {column} {hosts} END)" if hosts else "NULL"
            self.exprs["path"] = f"(CASE {column} {paths} END)" if paths else "NULL"
        else:
            self._join("url", column, pairs, {"host": [v[0] for _, v in pairs], "path": [v[1] for _, v in pairs]})
            self.exprs["host"], self.exprs["path"] = "m_url.host", "m_url.path"
