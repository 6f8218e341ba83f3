"""AI-visibility tools: Profound, Peec AI and Superlines (CSV); Otterly.AI, Scrunch, AthenaHQ (JSON).

Columns and fields follow the vendors' public documentation (``REPORT-FORMATS.md``). Headers
are matched case- and punctuation-insensitively (``Citation Share`` = ``citation_share``), unknown
columns are ignored, and a missing required column refuses the file naming the column.

Aggregated reports (Profound, Peec) become one :class:`Citation` per row with the tool's count;
per-answer JSON (Otterly, Scrunch, AthenaHQ) one per cited URL, with the run/response id as
``answer_id`` (an answer citing nothing is kept as a row with no URL: it still counts as an answer
for prompt volume and share).
"""

# Over 400 lines on purpose: one job (AI-visibility tools' exports to citations); the six vendors are column maps over one header matcher and one row builder, each too small for a module.

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any, ClassVar

from ..normalize import normalize_engine, parse_bool, parse_number, parse_percent, parse_sentiment
from ..records import BadRow, Citation, FileError, Item
from . import jsonio
from .base import Columns, Context, NativeLoader, Source, header_keys, unknown_engine_message
from .citations_csv import (
    ROW_ERRORS,
    CsvCitationAdapter,
    RowError,
    checked,
    need_date,
    need_engine,
    number_or_warn,
    unexpected_value,
)


class Profound(CsvCitationAdapter):
    name = "profound"
    title = "Profound citations report (CSV)"
    detection = "a CSV header with citation_share or count plus model and url or hostname/path"
    spec = {
        "date": ("date", "day"),
        "engine": ("model", "engine", "platform", "ai_model"),
        "prompt": ("prompt",),
        "url": ("url", "page_url", "cited_url"),
        "hostname": ("hostname", "domain", "root_domain"),
        "path": ("path",),
        "count": ("count", "citations", "citation_count"),
        "share": ("citation_share",),
        "country": ("region", "country"),
    }
    required = ("date", "engine", "count")

    def detect(self, head: str, filename: str) -> float:
        keys, _ = header_keys(head, self.known_keys())
        k = set(keys)
        if "citation_share" in k and "model" in k:
            return 0.95
        if {"count", "model", "hostname", "path"} <= k or {"count", "model", "root_domain"} <= k:
            return 0.85
        if "count" in k and "model" in k and "url" in k and "date" in k:
            return 0.7
        return 0.0

    def converter(self, cols: Columns, ctx: Context) -> Callable[[int, list[str]], Iterator[Citation]]:
        g = {f: cols.getter(f) for f in self.spec}
        if not cols.has("url") and not cols.has("hostname"):
            raise FileError("missing required column `url` (or `hostname` and `path`)", 1)

        def convert(line: int, row: list[str]) -> Iterator[Citation]:
            url = g["url"](row)
            if url is None and g["hostname"](row):
                url = f"{g['hostname'](row)}{g['path'](row) or '/'}"
            count = number_or_warn(ctx, g["count"](row), line, "count")
            if count is None:
                raise RowError("empty count")
            yield Citation(
                line,
                need_date(ctx, g["date"](row)),
                need_engine(ctx, g["engine"](row), line, "model"),
                url,
                prompt=g["prompt"](row),
                count=count,
                country=g["country"](row),
            )

        return convert


class Peec(CsvCitationAdapter):
    name = "peec"
    title = "Peec AI URLs report (CSV)"
    detection = "a CSV header with url and citation_count, usage_count or citation_rate"
    spec = {
        "date": ("date", "day"),
        "engine": ("model_id", "model", "engine"),
        "url": ("url",),
        "title": ("title",),
        "usage_count": ("usage_count",),
        "citation_count": ("citation_count",),
        "retrievals": ("retrievals",),
        "citation_rate": ("citation_rate",),
        "country": ("country_code", "country"),
        "prompt": ("prompt",),
    }
    required = ("date", "url")

    def detect(self, head: str, filename: str) -> float:
        keys, _ = header_keys(head, self.known_keys())
        k = set(keys)
        if "url" in k and k & {"citation_count", "usage_count", "citation_rate", "retrievals"}:
            return 0.95 if "citation_count" in k or "usage_count" in k else 0.8
        return 0.0

    def converter(self, cols: Columns, ctx: Context) -> Callable[[int, list[str]], Iterator[Citation]]:
        g = {f: cols.getter(f) for f in self.spec}
        if not cols.has("citation_count") and not cols.has("usage_count"):
            raise FileError("missing required column `citation_count` (or `usage_count`)", 1)
        if not cols.has("engine"):
            ctx.warn(None, "no model_id column: counts are recorded for engine 'all' (every model together)")

        def convert(line: int, row: list[str]) -> Iterator[Citation]:
            url = g["url"](row)
            if url is None:
                raise RowError("empty url")
            count = number_or_warn(ctx, g["citation_count"](row) or g["usage_count"](row), line, "citation_count")
            if count is None:
                raise RowError("empty citation_count")
            engine = need_engine(ctx, g["engine"](row), line, "model_id") if cols.has("engine") else "all"
            yield Citation(
                line,
                need_date(ctx, g["date"](row)),
                engine,
                url,
                prompt=g["prompt"](row),
                count=count,
                answers=parse_number(g["usage_count"](row)) if cols.has("citation_count") else None,
                country=g["country"](row),
                title=g["title"](row),
            )

        return convert


class Superlines(CsvCitationAdapter):
    name = "superlines"
    title = "Superlines citations tab (CSV)"
    detection = "a CSV header with LLM Service and Cited Status"
    spec = {
        "engine": ("llm_service", "llm"),
        "prompt": ("prompt",),
        "cited_status": ("cited_status",),
        "domain": ("domain",),
        "title": ("page_title",),
        "url": ("page_url", "url"),
        "country": ("country",),
        "date": ("date",),
        "sentiment": ("sentiment",),
    }
    required = ("engine", "date")

    def detect(self, head: str, filename: str) -> float:
        keys, _ = header_keys(head, self.known_keys())
        k = set(keys)
        if {"llm_service", "cited_status"} <= k:
            return 0.95
        if "llm_service" in k and "page_url" in k:
            return 0.8
        return 0.0

    def converter(self, cols: Columns, ctx: Context) -> Callable[[int, list[str]], Iterator[Citation]]:
        g = {f: cols.getter(f) for f in self.spec}

        def convert(line: int, row: list[str]) -> Iterator[Citation]:
            url = g["url"](row) or g["domain"](row)
            yield Citation(
                line,
                need_date(ctx, g["date"](row)),
                need_engine(ctx, g["engine"](row), line, "LLM Service"),
                url,
                prompt=g["prompt"](row),
                brand_cited=parse_bool(g["cited_status"](row)),
                sentiment=parse_sentiment(g["sentiment"](row)),
                country=g["country"](row),
                title=g["title"](row),
            )

        return convert


# --- JSON tools -------------------------------------------------------------------------------


def _date(ctx: Context, value: Any) -> dt.date:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        secs = value / 1000 if value > 1e11 else value
        return dt.datetime.fromtimestamp(secs, dt.timezone.utc).date()
    return need_date(ctx, value if isinstance(value, str) else None)


def _engine(ctx: Context, value: Any, line: int, what: str) -> str:
    if not isinstance(value, str):
        raise RowError(f"missing {what}")
    engine, known = normalize_engine(value)
    if engine is None:
        raise RowError(f"empty {what}")
    if not known:
        ctx.warn(line, unknown_engine_message(value, engine))
    return engine


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


class JsonCitationAdapter:
    load_native: NativeLoader | None = None  # streamed only
    kind: ClassVar[str] = "citations"
    name: ClassVar[str] = ""
    title: ClassVar[str] = ""
    detection: ClassVar[str] = ""

    def score(self, obj: dict[str, Any]) -> float:
        raise NotImplementedError

    def detect(self, head: str, filename: str) -> float:
        objs = jsonio.first_objects(head)
        if not objs:
            return 0.0
        return max(self.score(o) for o in objs)

    def read(self, source: Source, ctx: Context) -> Iterator[Item]:
        for item in jsonio.records(source):
            if isinstance(item, BadRow):
                yield item
                continue
            line, obj = item
            if not isinstance(obj, dict):
                yield BadRow(line, f"expected a JSON object, found {type(obj).__name__}", _short(obj))
                continue
            try:
                yield from checked(self.convert(line, obj, ctx))  # all of the record's citations, or none
            except RowError as err:
                yield BadRow(line, str(err), _short(obj))
            except ROW_ERRORS as err:  # a value of the wrong JSON type (a list where a date belongs...)
                yield BadRow(line, unexpected_value(err), _short(obj))

    def convert(self, line: int, obj: dict[str, Any], ctx: Context) -> Iterator[Citation]:
        raise NotImplementedError


def _short(obj: Any) -> str:
    import json

    try:
        text = json.dumps(obj, ensure_ascii=False, default=str)
    except (ValueError, RecursionError, TypeError):
        return "(unprintable JSON value)"
    return text[:500]


class Otterly(JsonCitationAdapter):
    name = "otterly"
    title = "Otterly.AI AI responses (JSON/NDJSON)"
    detection = "JSON objects with runId/runDate and citations[] (brandMentions[])"

    def score(self, obj: dict[str, Any]) -> float:
        keys = set(obj)
        if {"runId", "citations"} <= keys or {"runDate", "citations"} <= keys:
            return 0.95
        if "brandMentions" in keys and "engine" in keys:
            return 0.8
        return 0.0

    def convert(self, line: int, obj: dict[str, Any], ctx: Context) -> Iterator[Citation]:
        if obj.get("runDate") is None:
            raise RowError("missing runDate")
        date = _date(ctx, obj.get("runDate"))
        engine = _engine(ctx, obj.get("engine"), line, "engine")
        prompt = _text(obj.get("prompt") or obj.get("query") or obj.get("promptText"))
        answer = _text(obj.get("runId"))
        mentions = obj.get("brandMentions") or []
        mentioned = None
        if isinstance(mentions, list) and mentions:
            mentioned = any(
                isinstance(m, dict) and m.get("isMainBrand") and (m.get("mentions") or 0) > 0 for m in mentions
            )
        yield from _answer_citations(
            line,
            date,
            engine,
            obj.get("citations"),
            "citations",
            ("link",),
            rank=lambda c, n: parse_number(c.get("rank")) if c.get("rank") is not None else None,
            prompt=prompt,
            answer_id=answer,
            brand_mentioned=mentioned,
        )


class Scrunch(JsonCitationAdapter):
    name = "scrunch"
    title = "Scrunch responses (JSON envelope {total, offset, limit, items})"
    detection = "JSON with items having platform, citations[] and prompt_id or brand_present"

    def score(self, obj: dict[str, Any]) -> float:
        keys = set(obj)
        if obj.get("__envelope__") and {"total", "offset", "limit"} <= keys:
            return 0.7
        if {"platform", "citations"} <= keys and keys & {"prompt_id", "brand_present", "brand_sentiment"}:
            return 0.95
        return 0.0

    def convert(self, line: int, obj: dict[str, Any], ctx: Context) -> Iterator[Citation]:
        if obj.get("created_at") is None:
            raise RowError("missing created_at")
        date = _date(ctx, obj.get("created_at"))
        engine = _engine(ctx, obj.get("platform"), line, "platform")
        pid = _text(obj.get("prompt_id"))
        prompt = _text(obj.get("prompt") or obj.get("prompt_text")) or (f"prompt {pid}" if pid else None)
        answer = _text(obj.get("id") or obj.get("response_id")) or f"{pid}@{obj.get('created_at')}"
        mentioned = parse_bool(obj.get("brand_present"))
        sentiment = parse_sentiment(obj.get("brand_sentiment")) if obj.get("brand_sentiment") is not None else None
        yield from _answer_citations(
            line,
            date,
            engine,
            obj.get("citations"),
            "citations",
            ("url", "domain"),
            prompt=prompt,
            answer_id=answer,
            brand_mentioned=mentioned,
            sentiment=sentiment,
        )


class AthenaHQ(JsonCitationAdapter):
    name = "athenahq"
    title = "AthenaHQ responses (JSON/NDJSON)"
    detection = "JSON objects with prompt, model, sources[] and mentioned/cited"

    def score(self, obj: dict[str, Any]) -> float:
        keys = set(obj)
        if {"sources", "model"} <= keys and keys & {"mentioned", "cited"}:
            return 0.95
        return 0.0

    def convert(self, line: int, obj: dict[str, Any], ctx: Context) -> Iterator[Citation]:
        if obj.get("created_at") is None:
            raise RowError("missing created_at")
        date = _date(ctx, obj.get("created_at"))
        engine = _engine(ctx, obj.get("model"), line, "model")
        prompt = _text(obj.get("prompt"))
        answer = _text(obj.get("id")) or f"{prompt}@{obj.get('created_at')}@{obj.get('model')}"
        cited = parse_bool(obj.get("cited"))
        mentioned = parse_bool(obj.get("mentioned"))
        yield from _answer_citations(
            line,
            date,
            engine,
            obj.get("sources"),
            "sources",
            ("url", "root_domain"),
            with_title=False,
            prompt=prompt,
            answer_id=answer,
            brand_cited=cited,
            brand_mentioned=mentioned,
        )


__all__ = ["AthenaHQ", "Otterly", "Peec", "Profound", "Scrunch", "Superlines", "parse_percent"]


def _answer_citations(
    line: int,
    date: Any,
    engine: str,
    items: Any,
    field: str,
    url_keys: tuple[str, ...],
    *,
    rank: Any = None,
    with_title: bool = True,
    **common: Any,
) -> Iterator[Citation]:
    """The citations of one AI answer, in order: one record per cited source (position = its
    rank, else its place in the list), or one record with count 0 when the answer cited
    nothing, so the answer still counts in citation share."""
    items = items or []
    if not isinstance(items, list):
        raise RowError(f"{field} is not a list")
    n = 0
    for item in items:
        if not isinstance(item, dict):
            continue
        url = next((t for t in (_text(item.get(k)) for k in url_keys) if t), None)
        if not url:
            continue
        n += 1
        position = rank(item, n) if rank else float(n)
        title = _text(item.get("title")) if with_title else None
        yield Citation(line, date, engine, url, position=position, title=title, **common)
    if not n:
        yield Citation(line, date, engine, None, count=0.0, **common)
