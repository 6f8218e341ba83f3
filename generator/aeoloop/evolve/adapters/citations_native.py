"""The native path of the generic citations CSV: DuckDB reads the file, Python maps the values.

Python's ``csv`` module alone reads about 430k rows/s on the reference machine, below the 500k
rows/s target, so :class:`~.citations_csv.GenericCitationsCsv` loads through here when it can:
DuckDB's ``read_csv`` scans the file (parallel, C++), the *distinct* raw values of each column
are mapped in Python by the same functions as the streaming path (:mod:`..normalize`), and the
insert is a join against those small mapping tables. Rows whose values don't map are found
again, with their line numbers, by a streaming Python pass that only checks set membership, so
both paths quarantine exactly the same rows for the same reasons.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from ..normalize import UrlError, normalize_engine, parse_bool, parse_number, parse_sentiment, split_url
from ..records import BadRow
from .base import Columns, Context, Source, bad_date_reason, csv_rows, fields_reason, raw_of, unknown_engine_message

if TYPE_CHECKING:
    from .citations_csv import CsvCitationAdapter


def load(adapter: CsvCitationAdapter, source: Source, ctx: Context, con: Any, file_id: int) -> NativeResult | None:
    """Load with DuckDB's CSV reader; None when the file needs the streaming path instead."""
    if source.encoding not in ("utf-8", "utf-8-sig"):
        return None
    text = source.head.lstrip("\ufeff")
    if not text or not text.splitlines()[0].strip():
        return None  # header not on line 1 (blank lines first): the Python reader copes
    cols, delim = adapter.columns(source)
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
                       '{adapter.name}' AS source_tool
                FROM {reader}, store_rejects=true, rejects_table='{reject_name}', rejects_scan='{reject_name}_scan') r
                {" ".join(sql.joins)}
            ) WHERE date IS NOT NULL AND engine IS NOT NULL AND path IS NOT NULL
        """).fetchall()
        inserted = con.execute(f"SELECT count(*) FROM citations WHERE file_id = {file_id}").fetchall()[0][0]
        exists = con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = ?", [reject_name]).fetchall()[0][
            0
        ]
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
        bad.extend(_find_invalid(source, delim, cols, maps, width))
    return NativeResult(inserted, sorted(bad, key=lambda b: b.line))


def _find_invalid(source: Source, delim: str, cols: Columns, maps: ValueMaps, width: int) -> Iterator[BadRow]:
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
