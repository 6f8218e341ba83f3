"""What the plan reads from the store, mapped to pages: citations per engine and period, prompts
and competitors, search, AI-crawler hits, AI referrals and the anomalies of a run.

Every query is bounded by the as-of date (:func:`gather`), so a plan for a past date reads
nothing from its future. The scoring of these facts is :mod:`.plan`.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from . import anomalies as anomaly_mod
from .normalize import PageIndex
from .options import EvolveOptions
from .schema import known_rows


_Arrays = tuple["np.ndarray", "np.ndarray", "np.ndarray", "np.ndarray"]
"""(page index, source, day offset, value): one row per page, source and day."""


def _add(tally: dict[str, float], key: str, n: float) -> None:
    """``tally[key] += n``, starting from 0 (the tallies hold DOUBLE sums, so they are not Counters)."""
    tally[key] = tally.get(key, 0) + n


@dataclass
class Facts:
    """Everything the plan reads from the store, already mapped to pages."""

    as_of: dt.date | None = None
    cites: dict[str, dict[str, list[float]]] = field(
        default_factory=lambda: defaultdict(dict)
    )  # page -> engine -> [rec, prev]
    shares: dict[str, dict[str, list[float]]] = field(
        default_factory=lambda: defaultdict(dict)
    )  # page -> engine -> [own_rec, all_rec, own_prev, all_prev]
    page_prompts: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    prompt_slots: dict[str, float] = field(default_factory=dict)
    instead: dict[str, dict[str, float]] = field(default_factory=dict)  # prompt -> host -> count
    instead_prompts: dict[str, Counter[str]] = field(default_factory=dict)  # host -> prompt -> count (for words)
    own_recent_by_prompt: dict[str, float] = field(default_factory=dict)
    impressions: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    clicks: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    crawler_hits: dict[str, Counter[str]] = field(
        default_factory=lambda: defaultdict(Counter)
    )  # page -> purpose -> hits
    crawler_tokens: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    referrals: dict[str, dict[str, float]] = field(
        default_factory=lambda: defaultdict(dict)
    )  # page -> engine -> visits
    key_events: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    anomalies: list[anomaly_mod.Anomaly] = field(default_factory=list)
    signals_present: set[str] = field(default_factory=set)
    notes: list[str] = field(default_factory=list)
    """How the facts were read (exports without dates under ``--as-of``)."""


def own_sql(index: PageIndex, column: str = "host") -> str:
    hosts = ", ".join("'" + h.replace("'", "''") + "'" for h in sorted(index.hosts)) or "''"
    return f"({column} IS NULL OR {column} IN ({hosts}))"


def latest_date(store: Any) -> dt.date | None:
    row = store.q("SELECT max(max_date) FROM files WHERE state = 'ready'")  # each file's latest row date
    return row[0][0] if row else None


def _grain_key(grain: str, need_page: bool) -> tuple[bool, bool, int, str]:
    parts = grain.split("+")
    return ("page" in parts or not need_page, "source" in parts, len(parts), grain)


def session_grains(store: Any, need_page: bool = True) -> list[tuple[int, str]]:
    """The one table (grain) per GA4 file to read AI sessions from, never the sum of two
    tables of the same file: the one with page (if ``need_page``) and source and the most
    dimensions."""
    best: dict[int, str] = {}
    where = "path IS NOT NULL AND ai_engine IS NOT NULL" if need_page else "ai_engine IS NOT NULL"
    for file_id, grain in store.q(f"SELECT DISTINCT file_id, grain FROM sessions WHERE {where}"):
        grain = grain or ""
        if file_id not in best or _grain_key(grain, need_page) > _grain_key(best[file_id], need_page):
            best[file_id] = grain
    return sorted(best.items())


def gather(store: Any, index: PageIndex, opts: EvolveOptions, as_of: dt.date | None = None) -> Facts:
    facts = Facts()
    A = as_of or latest_date(store)
    facts.as_of = A
    if A is None:
        return facts
    T, W = opts.trend_days, opts.window_days
    r0 = A - dt.timedelta(days=T - 1)
    p0 = A - dt.timedelta(days=2 * T - 1)
    w0 = A - dt.timedelta(days=W - 1)
    own = own_sql(index)
    pages: dict[tuple[str | None, str], str | None] = {}

    def page(host: str | None, path: str | None) -> str | None:
        if path is None:
            return None
        key = (host, path)
        if key not in pages:
            pages[key] = index.page(host, path)
        return pages[key]

    # citations per page and engine, previous vs recent period
    for host, path, engine, rec, prev in store.q(
        f"""
            SELECT host, path, engine, sum(count) FILTER (WHERE date >= ?), sum(count) FILTER (WHERE date < ?)
            FROM citations WHERE date BETWEEN ? AND ? AND path IS NOT NULL AND {own} GROUP BY ALL""",
        [r0, r0, p0, A],
    ):
        p = page(host, path)
        if p:
            cell = facts.cites[p].setdefault(engine, [0.0, 0.0])
            cell[0] += rec or 0.0
            cell[1] += prev or 0.0

    # prompts a page has been cited for, and share of citations on those prompts
    for prompt, host, path in store.q(
        f"""SELECT DISTINCT prompt, host, path FROM citations
            WHERE prompt IS NOT NULL AND path IS NOT NULL AND count > 0 AND date <= ? AND {own}""",
        [A],
    ):
        p = page(host, path)
        if p:
            facts.page_prompts[p].add(prompt)
    all_by_prompt: dict[tuple[str, str], tuple[float, float]] = {}
    for prompt, engine, rec, prev in store.q(
        """
            SELECT prompt, engine, sum(count) FILTER (WHERE date >= ?), sum(count) FILTER (WHERE date < ?)
            FROM citations WHERE date BETWEEN ? AND ? AND prompt IS NOT NULL AND path IS NOT NULL GROUP BY ALL""",
        [r0, r0, p0, A],
    ):
        all_by_prompt[(prompt, engine)] = (rec or 0.0, prev or 0.0)
    for prompt, host, path, engine, rec, prev in store.q(
        f"""
            SELECT prompt, host, path, engine, sum(count) FILTER (WHERE date >= ?), sum(count) FILTER (WHERE date < ?)
            FROM citations WHERE date BETWEEN ? AND ? AND prompt IS NOT NULL AND path IS NOT NULL AND {own}
            GROUP BY ALL""",
        [r0, r0, p0, A],
    ):
        p = page(host, path)
        if not p:
            continue
        cell = facts.shares[p].setdefault(engine, [0.0, 0.0, 0.0, 0.0])
        cell[0] += rec or 0.0
        cell[2] += prev or 0.0
        facts.own_recent_by_prompt[prompt] = facts.own_recent_by_prompt.get(prompt, 0.0) + (rec or 0.0)
    # denominators: every citation on the page's prompts (counted once per prompt and engine)
    engines_of: dict[str, list[tuple[str, float, float]]] = defaultdict(list)
    for (prompt, engine), (rec, prev) in all_by_prompt.items():
        engines_of[prompt].append((engine, rec, prev))
    for p, prompts in facts.page_prompts.items():
        for prompt in prompts:
            for engine, rec, prev in engines_of.get(prompt, ()):
                cell = facts.shares[p].setdefault(engine, [0.0, 0.0, 0.0, 0.0])
                cell[1] += rec
                cell[3] += prev

    # answer slots of the recent period that cited other domains and none of our pages
    # (a window over the answer slot, not a self-join: one scan of the period)
    for prompt, host, n in store.q(
        f"""
            SELECT prompt, host, sum(count) FROM (
                SELECT prompt, host, count,
                       bool_or(path IS NOT NULL AND count > 0 AND {own}) OVER (PARTITION BY date, engine, prompt) AS us
                FROM citations WHERE date BETWEEN ? AND ? AND prompt IS NOT NULL)
            WHERE NOT us AND host IS NOT NULL AND NOT {own} AND count > 0
            GROUP BY ALL""",
        [r0, A],
    ):
        _add(facts.instead.setdefault(prompt, {}), host, n or 0.0)

    for prompt, slots in store.q(
        """SELECT prompt, count(DISTINCT (date, engine)) FROM citations
            WHERE date BETWEEN ? AND ? AND prompt IS NOT NULL GROUP BY prompt""",
        [w0, A],
    ):
        facts.prompt_slots[prompt] = float(slots)
    if facts.prompt_slots:
        facts.signals_present.add("prompt_volume")

    # search impressions and clicks (dated rows in the window; period exports as known at the as-of date)
    explicit = as_of is not None
    known = [A] if explicit else []
    if explicit:
        facts.notes = undated_notes(store, A)
    for host, path, imp, clk in store.q(
        f"""
            SELECT host, path, sum(impressions), sum(clicks) FROM {known_rows("search", explicit)}
            WHERE path IS NOT NULL AND (date IS NULL OR date BETWEEN ? AND ?) AND {own} GROUP BY ALL""",
        [*known, w0, A],
    ):
        p = page(host, path)
        if p:
            facts.impressions[p] += imp or 0.0
            facts.clicks[p] += clk or 0.0
            if imp:
                facts.signals_present.add("impressions")

    # access logs: AI crawler hits and AI referrals
    for host, path, cls, purpose, who, n in store.q(
        f"""
            SELECT host, path, class, coalesce(purpose, ''), coalesce(crawler, ai_engine, ''), sum(hits) FROM visits_daily_v
            WHERE date BETWEEN ? AND ? AND class <> 'other' AND {own} GROUP BY ALL""",
        [w0, A],
    ):
        p = page(host, path)
        if not p:
            continue
        if cls == "ai-crawler":
            facts.crawler_hits[p][purpose] += n
            facts.crawler_tokens[p][who] += n
            facts.signals_present.add("ai_crawler_hits")
        else:
            _add(facts.referrals[p], who, n)
            facts.signals_present.add("ai_referrals")

    # GA4 sessions from AI engines (one grain per file)
    for file_id, grain in session_grains(store):
        for host, path, engine, sessions, key_events in store.q(
            f"""
                SELECT host, path, ai_engine, sum(sessions), sum(key_events) FROM {known_rows("sessions", explicit)}
                WHERE file_id = ? AND grain = ? AND path IS NOT NULL AND ai_engine IS NOT NULL
                  AND (date IS NULL OR date BETWEEN ? AND ?) AND {own} GROUP BY ALL""",
            [*known, file_id, grain, w0, A],
        ):
            p = page(host, path)
            if p:
                _add(facts.referrals[p], engine, sessions or 0.0)
                facts.key_events[p] += key_events or 0.0
                facts.signals_present.add("ai_referrals")

    register_pages(store, index)
    try:
        facts.anomalies = find_anomalies(store, index, A)
    finally:
        store.con.unregister("_page_of")
    return facts


KIND_NAMES = {"search": "search", "sessions": "analytics"}


def undated_notes(store: Any, A: dt.date) -> list[str]:
    """What the plan for ``A`` says about exports without dates: which it counts, from when, and
    which it leaves out because they were known only after ``A`` (:func:`.schema.known_rows`)."""
    out, counted = [], 0
    for path, kind, known, how in store.q("""SELECT path, kind, known, known_from FROM files
            WHERE state = 'ready' AND min_date IS NULL AND kind IN ('search', 'sessions') ORDER BY known NULLS FIRST, seq"""):
        what = f"{path} ({KIND_NAMES.get(kind, kind)} export without dates)"
        if known is None:
            out.append(
                f"{what}: the date it was known is not recorded (ingested by an older aeoloop; "
                "`aeoloop ingest --rebuild` records it): counted"
            )
            continue
        source = "its last git commit" if how == "git" else "the day it was ingested"
        if known <= A:
            out.append(f"{what}: read as known from {known} ({source})")
            counted += 1
        else:
            out.append(f"{what}: left out, known only from {known} ({source}), after {A}")
    if counted > 1:
        out.append(f"Of the exports without dates known by {A}, the newest counts for each page (and query)")
    return out


def register_pages(store: Any, index: PageIndex) -> None:
    """``_page_of(h, path, page_id)``: every (host, path) of the store that is one of our pages,
    mapped once in Python (:class:`PageIndex`), so big queries can group by page in SQL."""

    memo = store.memo.get("_page_of") if store.read_only else None  # a writable store may change between plans
    if memo is not None and memo[0] is index:  # a backtest plans week after week with one index and store
        store.con.register("_page_of", memo[1])
        return
    pid = {p: i for i, p in enumerate(index.pages)}
    hs, ps, ids = [], [], []
    for h, path in store.q("""
            SELECT DISTINCT coalesce(host, ''), path FROM citations WHERE path IS NOT NULL
            UNION SELECT DISTINCT coalesce(host, ''), path FROM search WHERE path IS NOT NULL
            UNION SELECT DISTINCT coalesce(host, ''), path FROM sessions WHERE path IS NOT NULL
            UNION SELECT DISTINCT coalesce(host, ''), path FROM visit_requests WHERE path IS NOT NULL"""):
        page = index.page(h or None, path)
        if page is not None:
            hs.append(h)
            ps.append(path)
            ids.append(pid[page])
    if not ids:
        hs, ps, ids = ["\x00"], ["\x00"], [-1]
    data = {
        "h": np.array(hs, dtype=object),
        "path": np.array(ps, dtype=object),
        "page_id": np.array(ids, dtype=np.int64),
    }
    if store.read_only:
        store.memo["_page_of"] = (index, data)
    store.con.register("_page_of", data)


def find_anomalies(store: Any, index: PageIndex, A: dt.date) -> list[anomaly_mod.Anomaly]:

    days = (anomaly_mod.WEEKS + 1) * 7
    s0 = A - dt.timedelta(days=days - 1)
    names = index.pages
    runs: list[anomaly_mod.Tests] = []  # every test of the run, for one false-discovery control

    def arrays(sql: str, params: list[Any]) -> _Arrays:
        cols = list(store.con.execute(sql, params).fetchnumpy().values())
        if not len(cols[0]):
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=object), np.zeros(0, dtype=np.int64), np.zeros(0)
        return (
            np.asarray(cols[0], dtype=np.int64),
            np.asarray(cols[1], dtype=object),
            np.asarray(cols[2], dtype=np.int64),
            np.asarray(cols[3], dtype=float),
        )

    # citations per engine; a day is covered for an engine when the tool recorded any answer
    cover: dict[str, set[int]] = defaultdict(set)
    for engine, d in store.q(
        "SELECT DISTINCT engine, datediff('day', ?::DATE, date) FROM citations WHERE date BETWEEN ? AND ?", [s0, s0, A]
    ):
        cover[engine].add(d)
    pts = arrays(
        """SELECT m.page_id, c.engine, datediff('day', ?::DATE, c.date), sum(c.count) FROM citations c
                    JOIN _page_of m ON m.h = coalesce(c.host, '') AND m.path = c.path
                    WHERE c.date BETWEEN ? AND ? GROUP BY ALL""",
        [s0, s0, A],
    )
    runs.append(anomaly_mod.test_arrays(*pts, names, cover, A, "citations"))
    # logs: AI crawler hits per crawler, AI referrals per engine (plus GA4 sessions); a day is
    # covered when the logs have any request that day
    log_days = {
        d
        for (d,) in store.q(
            "SELECT DISTINCT datediff('day', ?::DATE, date) FROM visits_daily WHERE date BETWEEN ? AND ?", [s0, s0, A]
        )
    }
    both = arrays(
        """SELECT m.page_id, (CASE WHEN v.class = 'ai-crawler' THEN 'c:' || v.crawler ELSE 'r:' || v.ai_engine END),
                            datediff('day', ?::DATE, v.date), sum(v.hits) FROM visits_daily_v v
                     JOIN _page_of m ON m.h = coalesce(v.host, '') AND m.path = v.path
                     WHERE v.date BETWEEN ? AND ? AND v.class <> 'other' GROUP BY ALL""",
        [s0, s0, A],
    )
    is_crawl = np.array([str(x).startswith("c:") for x in both[1]], dtype=bool)
    names_only = np.array([str(x)[2:] for x in both[1]], dtype=object)
    crawl = (both[0][is_crawl], names_only[is_crawl], both[2][is_crawl], both[3][is_crawl])
    refer = (both[0][~is_crawl], names_only[~is_crawl], both[2][~is_crawl], both[3][~is_crawl])
    session_days: set[int] = set()
    for file_id, grain in session_grains(store):
        if "date" not in grain.split("+"):
            continue
        more = arrays(
            """SELECT m.page_id, s.ai_engine, datediff('day', ?::DATE, s.date), sum(s.sessions) FROM sessions s
                         JOIN _page_of m ON m.h = coalesce(s.host, '') AND m.path = s.path
                         WHERE s.file_id = ? AND s.grain = ? AND s.date BETWEEN ? AND ? AND s.ai_engine IS NOT NULL
                         GROUP BY ALL""",
            [s0, file_id, grain, s0, A],
        )
        refer = (
            np.concatenate([refer[0], more[0]]),
            np.concatenate([refer[1], more[1]]),
            np.concatenate([refer[2], more[2]]),
            np.concatenate([refer[3], more[3]]),
        )
        session_days |= {
            d
            for (d,) in store.q(
                "SELECT DISTINCT datediff('day', ?::DATE, date) FROM sessions "
                "WHERE file_id = ? AND date BETWEEN ? AND ?",
                [s0, file_id, s0, A],
            )
        }
    all_crawlers = {str(s) for s in crawl[1]}
    runs.append(anomaly_mod.test_arrays(*crawl, names, {s: log_days for s in all_crawlers}, A, "ai_crawler_hits"))
    all_engines = {str(s) for s in refer[1]}
    runs.append(
        anomaly_mod.test_arrays(*refer, names, {s: log_days | session_days for s in all_engines}, A, "ai_referrals")
    )
    return anomaly_mod.control_fdr(runs)
