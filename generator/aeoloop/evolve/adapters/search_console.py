"""Google Search Console: the UI export (``Pages.csv``, ``Queries.csv``, ``Chart.csv``…) and the
bulk export table ``searchdata_url_impression`` written out as CSV.

UI exports cover a period, not days: their rows get no date (``Chart.csv`` is the exception, one
row per day of site totals). Localized exports use translated headers, ``;`` as delimiter and
decimal commas (``2,00 %``); the table kind is told by the first column's header in any of the
languages below, then by its values (URLs are pages). The other tables of the zip (countries,
devices, search appearance, filters) are recognized and skipped, so dropping the whole unzipped
export in ``reports/`` just works.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from typing import ClassVar

from ..normalize import parse_number, parse_percent
from ..records import BadRow, FileError, Item, Search
from .base import (
    Columns,
    Context,
    NativeLoader,
    Source,
    csv_rows,
    fields_reason,
    first_line,
    header_key,
    header_keys,
    learn_dates,
    raw_of,
    sniff_delimiter,
)

CLICKS = ("clicks", "klicks", "clics", "clic", "cliques", "klikken", "klikniecia", "clicks_totali", "klik")
IMPRESSIONS = (
    "impressions",
    "impressionen",
    "impresiones",
    "impressioni",
    "impressoes",
    "vertoningen",
    "wyswietlenia",
    "impresi",
)
CTR = ("ctr", "ctr_medio", "ctr_moyen", "durchschnittliche_ctr", "ctr_promedio")
POSITION = (
    "position",
    "posicion",
    "posizione",
    "posicao",
    "positie",
    "pozycja",
    "posizione_media",
    "position_moyenne",
    "durchschnittliche_position",
    "posicion_media",
    "average_position",
)

KINDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("pages", ("page", "seite", "pagin", "pagine", "pagina", "url")),
    ("queries", ("quer", "anfrage", "consult", "requete", "ricerc", "zoekopdracht", "termo", "pesquisa", "busqueda")),
    ("chart", ("date", "datum", "fecha", "data", "date_")),
    (
        "skip",
        (
            "countr",
            "land",
            "pays",
            "pais",
            "paese",
            "device",
            "gerat",
            "appareil",
            "dispositiv",
            "apparaat",
            "search_appearance",
            "darstellung",
            "apparence",
            "aspetto",
            "aspecto",
            "filter",
        ),
    ),
)


def _kind(first_key: str) -> str | None:
    for kind, stems in KINDS:
        if any(stem in first_key for stem in stems):
            return kind
    return None


class SearchConsoleUi:
    load_native: NativeLoader | None = None  # streamed only
    name: ClassVar[str] = "search-console"
    kind: ClassVar[str] = "search"
    title: ClassVar[str] = "Search Console UI export: Pages.csv, Queries.csv, Chart.csv (also localized)"
    detection: ClassVar[str] = (
        "a header whose columns 2-5 are Clicks, Impressions, CTR, Position in one of several "
        "languages; the first column tells pages, queries or dates"
    )

    def detect(self, head: str, filename: str) -> float:
        keys, _ = header_keys(head, CLICKS + IMPRESSIONS + CTR + POSITION)
        if len(keys) < 3:
            if keys[:2] in (["filter", "value"], ["filtro", "valore"], ["filter", "wert"], ["filtre", "valeur"]):
                return 0.9  # Filters.csv of the same zip
            return 0.0
        k = set(keys[1:])
        hits = bool(k & set(CLICKS)) + bool(k & set(IMPRESSIONS)) + bool(k & set(CTR)) + bool(k & set(POSITION))
        if hits >= 3:
            return 0.9 if _kind(keys[0]) else 0.6
        return 0.0

    def read(self, source: Source, ctx: Context) -> Iterator[Item]:
        line = first_line(source.head)
        delim = sniff_delimiter(line, CLICKS + IMPRESSIONS + CTR + POSITION)
        header = next(csv.reader([line], delimiter=delim), [])
        keys = [header_key(h) for h in header]
        if not keys:
            raise FileError("the file is empty: no header line", 1)
        if keys[:1] and keys[0] in ("filter", "filtro", "filtre") and len(keys) <= 2:
            ctx.warn(None, "the Filters table of a Search Console export holds no data; skipped")
            return
        kind = _kind(keys[0]) if keys else None
        spec = {"dimension": (keys[0],), "clicks": CLICKS, "impressions": IMPRESSIONS, "ctr": CTR, "position": POSITION}
        cols = Columns.resolve(header, spec, ("dimension", "clicks", "impressions"), delimiter=delim)
        if kind == "skip":
            ctx.warn(None, f"the {header[0].strip()!r} table of a Search Console export is not used; skipped")
            return
        decimal = "," if delim == ";" or _decimal_comma(source.head, delim) else "."
        get = {f: cols.getter(f) for f in spec}
        if kind == "chart":
            learn_dates(ctx, source.head, delim, 0)
        width = len(header)
        for n, row in csv_rows(source, delim):
            if len(row) != width:
                yield BadRow(n, fields_reason(width, len(row), raw_of(row, delim), delim), raw_of(row, delim))
                continue
            dim = get["dimension"](row)
            clicks = parse_number(get["clicks"](row), decimal)
            impressions = parse_number(get["impressions"](row), decimal)
            if dim is None or clicks is None or impressions is None:
                what = "first column" if dim is None else "clicks" if clicks is None else "impressions"
                yield BadRow(n, f"empty or unreadable {what}", raw_of(row, delim))
                continue
            ctr = parse_percent(get["ctr"](row), decimal)
            position = parse_number(get["position"](row), decimal)
            this = kind or ("pages" if dim.startswith(("http://", "https://")) else "queries")
            if this == "chart":
                date = ctx.dates(dim)
                if date is None:
                    yield BadRow(n, f"unreadable date {dim!r}", raw_of(row, delim))
                    continue
                yield Search(n, date, None, None, clicks, impressions, ctr, position)
            elif this == "pages":
                yield Search(n, None, dim, None, clicks, impressions, ctr, position)
            else:
                yield Search(n, None, None, dim, clicks, impressions, ctr, position)


_DECIMAL_COMMA_RE = re.compile(r'"\d+,\d+\s?%"')


def _decimal_comma(head: str, delim: str) -> bool:
    """Quoted ``"2,50 %"`` rates in a comma-delimited file mean decimal commas."""
    return delim == "," and bool(_DECIMAL_COMMA_RE.search(head))


class SearchConsoleBulk:
    load_native: NativeLoader | None = None  # streamed only
    name: ClassVar[str] = "search-console-bulk"
    kind: ClassVar[str] = "search"
    title: ClassVar[str] = "Search Console bulk export, table searchdata_url_impression as CSV"
    detection: ClassVar[str] = "a CSV header with data_date, url, impressions, clicks and sum_position"

    spec = {
        "date": ("data_date",),
        "url": ("url",),
        "query": ("query",),
        "impressions": ("impressions",),
        "clicks": ("clicks",),
        "sum_position": ("sum_position",),
        "country": ("country",),
        "device": ("device",),
        "search_type": ("search_type",),
    }

    def detect(self, head: str, filename: str) -> float:
        keys, _ = header_keys(head, [k for v in self.spec.values() for k in v])
        k = set(keys)
        if {"data_date", "impressions", "sum_position"} <= k:
            return 0.95 if "url" in k else 0.6
        return 0.0

    def read(self, source: Source, ctx: Context) -> Iterator[Item]:
        line = first_line(source.head)
        delim = sniff_delimiter(line, [k for v in self.spec.values() for k in v])
        header = next(csv.reader([line], delimiter=delim))
        cols = Columns.resolve(header, self.spec, ("date", "url", "impressions", "clicks"), delimiter=delim)
        g = {f: cols.getter(f) for f in self.spec}
        width = len(header)
        learn_dates(ctx, source.head, delim, cols.index["date"])
        for n, row in csv_rows(source, delim):
            if len(row) != width:
                yield BadRow(n, fields_reason(width, len(row), raw_of(row, delim), delim), raw_of(row, delim))
                continue
            date = ctx.dates(g["date"](row))
            impressions = parse_number(g["impressions"](row))
            clicks = parse_number(g["clicks"](row))
            if date is None or impressions is None or clicks is None:
                what = "data_date" if date is None else "impressions" if impressions is None else "clicks"
                yield BadRow(n, f"empty or unreadable {what}", raw_of(row, delim))
                continue
            sum_pos = parse_number(g["sum_position"](row))
            position = sum_pos / impressions + 1 if sum_pos is not None and impressions else None
            ctr = clicks / impressions if impressions else None
            yield Search(
                n,
                date,
                g["url"](row),
                g["query"](row),
                clicks,
                impressions,
                ctr,
                position,
                country=g["country"](row),
                device=g["device"](row),
                search_type=g["search_type"](row),
            )


__all__ = ["FileError", "SearchConsoleBulk", "SearchConsoleUi"]
