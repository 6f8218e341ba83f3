"""``aeoloop plan``: which pages the next build should regenerate first, and why.

The plan is a pure function of the store and the pages: it is computed *as of* the latest date
in the store (never the wall clock), every number is rounded before output, and ties are broken
by page path, so the same reports give the same plan on any machine, any day.

Score (0-100) = ``100 x value x need``, both in 0..1:

- ``value = 0.2 + 0.8 x opportunity``: opportunity is the weighted mean of four signals over the
  last ``window_days`` (28), each log-scaled against the page with the most of it:
  search impressions (0.3), AI-referred visits (GA4 sessions + log referrals, 0.3), AI-crawler
  hits (0.2; search-index and user-triggered crawlers count fully, training crawlers a quarter)
  and prompt volume (0.2: answer slots of the prompts the page is associated with). Weights of
  signals absent from the whole store are spread over the others. The 0.2 floor keeps a page
  with no traffic data rankable.
- ``need = 1 - prod(1 - n_i)`` (a probabilistic "or": any one strong reason is enough) over
  * ``citation_loss``: citations lost between the previous and the last ``trend_days`` (14),
    summed over the engines where the fall is significant (at least 3 citations and two
    Poisson standard deviations: 7 -> 6 is noise), as a share of the previous count;
  * ``competitors``: citations of other domains in answers to the page's prompts that did not
    cite us, as a share of those plus our own citations (0 below 2);
  * ``anomalies``: the strongest drop or spike (half weight) of the page that survives the
    false-discovery control of :mod:`.anomalies` (exact count tails), as ``|z|/6`` where z is
    the normal equivalent of its p-value;
  * ``staleness``: days since the last update beyond ``stale_after_days``, over a year, at
    most 0.5 (age alone is a weaker reason than lost citations);
  * ``content_changed``: 1 for a page never generated or changed since its last generation.

A page whose generated files are all locked scores 0 (nothing to regenerate). New or changed
pages are ``must``: a build always regenerates them, whatever the budget.

A page's prompts are those it has been cited for (ever, up to the as-of date), plus prompts that
never cited any of our pages whose words match the page's title, keywords and path best
(at least half of the prompt's content words).
"""

# Over 400 lines on purpose: one job (the plan's scoring; the store's queries are in facts.py); a third of it is the score's specification above and the records it returns.
from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from . import advice as advice_mod
from . import anomalies as anomaly_mod
from . import memory
from .facts import Facts, gather
from .normalize import PageIndex, engine_name
from .options import EvolveOptions
from .pages import PageInfo

WEIGHTS = {"impressions": 0.3, "ai_referrals": 0.3, "ai_crawler_hits": 0.2, "prompt_volume": 0.2}
PURPOSE_WEIGHT = {"search": 1.0, "user": 1.0, "training": 0.25, "other": 0.1}
NEEDS = ("citation_loss", "competitors", "anomalies", "staleness", "content_changed")
MIN_PREVIOUS = 3.0
MIN_FALL = 3.0
STALE_MAX = 0.5  # age alone is a weaker reason than lost citations
MIN_INSTEAD = 2.0

STOP = frozenset(
    """a an and are as at be best by can do does for from how i in is it its me my of on or our should the
to vs versus what when where which who why will with you your il lo la le gli i un una di da del della per con come cosa
che e è""".split()
)
_WORD = re.compile(r"[a-z0-9àèéìòù]+")


def significant_fall(previous: float, recent: float) -> bool:
    """A fall of at least MIN_FALL citations and two Poisson standard deviations (on the
    square-root scale, as in :mod:`.anomalies`): 7 -> 6 is noise, 9 -> 4 and 6 -> 0 are not."""
    return previous - recent >= MIN_FALL and 2.0 * (math.sqrt(previous) - math.sqrt(max(recent, 0.0))) >= 2.0


def words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if w not in STOP and len(w) > 1}


@dataclass(slots=True)  # tens of thousands per plan: slots make them cheaper to create and to collect
class Component:
    name: str
    value: float
    reason: str
    detail: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"value": round(self.value, 4), "reason": self.reason, "detail": _round(self.detail)}


@dataclass(slots=True)
class PlanEntry:
    page: str
    url: str
    score: float
    must: bool
    locked: bool
    components: dict[str, Component]
    engines: dict[str, dict[str, float | None]]
    competitors: list[dict[str, Any]]
    anomalies: list[anomaly_mod.Anomaly]
    notes: list[str] = field(default_factory=list)
    rank: int = 0
    memory: str = ""
    """Why a recently regenerated page waits (or ranks again): the first reason (:mod:`.memory`)."""
    advice: advice_mod.Advice | None = None
    """The change most likely to help it get cited (:mod:`.advice`)."""

    @property
    def help(self) -> str:
        """The advice as a reason: "Change most likely to help: add statistics: … (predicted 12% → 20%)"."""
        a = self.advice
        if a is None:
            return ""
        odds = f" (predicted citation likelihood {a.before:.0%} → {a.after:.0%})" if a.before is not None else ""
        return f"Change most likely to help: {a.text}{odds}"

    @property
    def reasons(self) -> list[str]:
        """Sentences, strongest first: why this page is where it is."""
        out = []
        if self.locked:
            out.append("every generated file of this page is locked: nothing to regenerate")
        if self.memory:
            out.append(self.memory)
        ordered = sorted(
            (c for n, c in self.components.items() if n != "opportunity" and c.value > 0),
            key=lambda c: (-c.value, c.name),
        )
        out.extend(c.reason for c in ordered)
        opp = self.components.get("opportunity")
        if opp and opp.reason:
            out.append(opp.reason)
        if self.help:
            out.append(self.help)
        out.extend(self.notes)
        return out

    def as_dict(self) -> dict[str, Any]:
        return {
            "rank": self.rank,
            "page": self.page,
            "url": self.url,
            "score": round(self.score, 1),
            "must": self.must,
            "locked": self.locked,
            "reasons": self.reasons,
            "change_most_likely_to_help": None
            if self.advice is None
            else {
                "feature": self.advice.feature,
                "text": self.advice.text,
                "predicted_before": None if self.advice.before is None else round(self.advice.before, 4),
                "predicted_after": None if self.advice.after is None else round(self.advice.after, 4),
            },
            "components": {n: c.as_dict() for n, c in self.components.items()},
            "engines": _round(self.engines),
            "competitors": _round(self.competitors),
            "anomalies": [a.as_dict() for a in self.anomalies],
        }


@dataclass
class Plan:
    as_of: dt.date | None
    window_days: int
    trend_days: int
    entries: list[PlanEntry]
    anomalies: list[anomaly_mod.Anomaly] = field(default_factory=list)
    has_data: bool = False
    notes: list[str] = field(default_factory=list)
    """How the reports were read, for the whole plan (exports without dates under ``--as-of``)."""
    advice_basis: str = ""
    """How the change most likely to help each page was chosen (:mod:`.advice`)."""

    def by_page(self) -> dict[str, PlanEntry]:
        return {e.page: e for e in self.entries}

    def as_dict(self, entries: list[PlanEntry] | None = None) -> dict[str, Any]:
        """The plan as JSON data, with ``entries`` (default: all) as its pages."""
        return {
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "window_days": self.window_days,
            "trend_days": self.trend_days,
            **({"notes": self.notes} if self.notes else {}),
            **({"advice": self.advice_basis} if self.advice_basis else {}),
            "formula": "score = 100 * (0.2 + 0.8 * opportunity) * (1 - prod(1 - need_i)); locked pages score 0",
            "pages": [e.as_dict() for e in (self.entries if entries is None else entries)],
        }

    def to_json(self, entries: list[PlanEntry] | None = None) -> str:
        """Indented JSON with one page a line: Python's indenting encoder is the slow pure-Python
        one (0.6 CPU-s for 10,000 pages, 18 MB), the compact one is C (0.14 s, 11 MB), and a page
        a line still reads and diffs well."""
        data = self.as_dict(entries)
        pages = data.pop("pages")
        head = json.dumps(data, indent=2, ensure_ascii=False)[:-2]  # without the closing "\n}"
        body = ",\n".join("    " + json.dumps(p, ensure_ascii=False) for p in pages)
        return f'{head},\n  "pages": [' + (f"\n{body}\n  ]" if pages else "]") + "\n}\n"


_SCALARS = (str, int, bool, type(None))


def _round(value: Any) -> Any:
    """Floats rounded to 4 places (non-finite ones as null), through dicts, lists and tuples.
    Called on ~250,000 values for a 10,000-page plan: strings and ints skip the recursion."""
    if isinstance(value, float):
        return round(value, 4) if math.isfinite(value) else None
    if isinstance(value, dict):
        return {
            k: (round(v, 4) if -math.inf < v < math.inf else None)
            if type(v) is float
            else v
            if type(v) in _SCALARS
            else _round(v)
            for k, v in value.items()
        }
    if isinstance(value, (list, tuple)):
        return [v if type(v) in _SCALARS else _round(v) for v in value]
    return value


# --- the plan ---------------------------------------------------------------------------------


def _fmt(n: float) -> str:
    return f"{n:,.0f}" if abs(n - round(n)) < 1e-9 or abs(n) >= 100 else f"{n:,.1f}"


def _top(counter: Mapping[str, float], k: int = 3, name: Any = None) -> str:
    items = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))[:k]
    return ", ".join(f"{name(key) if name else key} {_fmt(v)}" for key, v in items if v)


def _associate_prompts(facts: Facts, infos: list[PageInfo], index: PageIndex) -> dict[str, set[str]]:
    """The page's prompts: cited-for prompts plus word-matched prompts no page of ours is cited for."""
    assoc: dict[str, set[str]] = {p: set(s) for p, s in facts.page_prompts.items()}
    cited_prompts = set().union(*facts.page_prompts.values()) if facts.page_prompts else set()
    candidates = sorted(p for p in set(facts.prompt_slots) | set(facts.instead) if p not in cited_prompts)
    if not candidates:
        return assoc
    inverted: dict[str, list[str]] = defaultdict(list)
    for info in infos:
        slug_words = words(info.slug.replace("/", " ").replace("-", " "))
        for w in words(info.title) | words(" ".join(info.keywords)) | slug_words:
            inverted[w].append(info.src_uri)
    for prompt in candidates:
        pw = words(prompt)
        if not pw:
            continue
        hits: Counter[str] = Counter()
        for w in pw:
            for src in inverted.get(w, ()):
                hits[src] += 1
        if not hits:
            continue
        best = max(hits.values())
        if best / len(pw) < 0.5:
            continue
        winners = sorted(s for s, n in hits.items() if n == best)
        if len(winners) == 1:
            assoc.setdefault(winners[0], set()).add(prompt)
    return assoc


_NO_DATA = "No traffic or prompt data for this page yet."


def _static_components(info: PageInfo, A: dt.date | None, opts: EvolveOptions) -> tuple[dict[str, Component], float]:
    """Staleness and content_changed (what a page's own files say) and the resulting need."""
    comps: dict[str, Component] = {}
    stale, reason = 0.0, ""
    age = (A - info.updated).days if A and info.updated else None
    if age is not None and age > opts.stale_after_days:
        stale = STALE_MAX * min(1.0, (age - opts.stale_after_days) / 365)
        reason = f"Last updated {info.updated} ({age} days before {A})"
    comps["staleness"] = Component(
        "staleness", stale, reason, {"updated": info.updated.isoformat() if info.updated else None, "age_days": age}
    )
    changed = 1.0 if (info.new or info.changed) else 0.0
    reason = (
        ("New page: never generated" if info.new else "Content changed since the last generation") if changed else ""
    )
    comps["content_changed"] = Component("content_changed", changed, reason, {"new": info.new})
    return comps, 1.0 - (1.0 - stale) * (1.0 - changed)


def _quiet_entry(info: PageInfo, index: PageIndex, A: dt.date | None, opts: EvolveOptions) -> PlanEntry:
    static, need = _static_components(info, A, opts)
    comps = {
        "opportunity": Component(
            "opportunity",
            0.0,
            _NO_DATA,
            {"impressions": 0.0, "ai_referrals": 0.0, "ai_crawler_hits": 0.0, "prompt_volume": 0.0, "key_events": 0.0},
        ),
        "citation_loss": Component("citation_loss", 0.0, "", {"lost": 0.0, "previous": 0.0}),
        "competitors": Component("competitors", 0.0, "", {"instead": 0.0, "own_recent": 0.0}),
        "anomalies": Component("anomalies", 0.0, "", {"count": 0}),
        **static,
    }
    locked = info.fully_locked
    notes = [f"Locked and kept as they are: {', '.join(info.locked)}"] if info.locked and not locked else []
    if info.date_note:
        notes.append(info.date_note)
    score = 0.0 if locked else round(100.0 * 0.2 * need, 1)
    return PlanEntry(
        info.src_uri,
        index.url_of.get(info.src_uri, info.src_uri),
        score,
        comps["content_changed"].value > 0 and not locked,
        locked,
        comps,
        {},
        [],
        [],
        notes,
    )


def _remember(info: PageInfo, comps: dict[str, Component], A: dt.date | None, opts: EvolveOptions) -> str:
    """A page regenerated for the plan less than ``engine_lag_days`` ago waits for evidence: its
    loss signals do not rank it, unless its losses grew (:mod:`.memory`). Returns the reason."""
    rec = info.regenerated
    left = memory.waiting(rec, A, opts.engine_lag_days)
    if rec is None or left is None:
        return ""
    lost_now = float(comps["citation_loss"].detail.get("lost", 0.0))
    age = (A - rec.date).days if A else 0
    when = f"Regenerated for the plan on {rec.date} ({age} day{'s' if age != 1 else ''} before {A})"
    if memory.losses_grew(rec.lost, lost_now):
        return f"{when}, but its losses grew since ({_fmt(rec.lost)} → {_fmt(lost_now)} citations lost): ranked again"
    held = [n for n in memory.WAITING_NEEDS if comps[n].value > 0]
    for n in memory.WAITING_NEEDS:
        comps[n].detail["waiting"] = comps[n].value
        comps[n].value = 0.0
    what = (" (" + ", ".join(n.replace("_", " ") for n in held) + " on hold)") if held else ""
    return (
        f"{when}: waiting {left} more day{'s' if left != 1 else ''} for answer engines to catch up before the "
        f"same losses rank it again{what}"
    )


def build_plan(
    store: Any | None,
    infos: list[PageInfo],
    index: PageIndex,
    opts: EvolveOptions,
    as_of: dt.date | None = None,
    facts: Facts | None = None,
) -> Plan:
    if facts is None:
        facts = gather(store, index, opts, as_of) if store is not None else Facts()
    A = facts.as_of
    if A is None:
        dated = [i.updated for i in infos if i.updated]
        A = max(dated) if dated else None
    assoc = _associate_prompts(facts, infos, index)

    empty: Mapping[str, float] = {}

    def value_of(info: PageInfo) -> dict[str, float]:
        prompts = assoc.get(info.src_uri, ())
        crawl = facts.crawler_hits.get(info.src_uri, empty)
        return {
            "impressions": facts.impressions.get(info.src_uri, 0.0),
            "ai_referrals": float(sum(facts.referrals.get(info.src_uri, empty).values())),
            "ai_crawler_hits": float(sum(PURPOSE_WEIGHT.get(k, 0.1) * v for k, v in crawl.items())),
            "prompt_volume": float(sum(facts.prompt_slots.get(p, 0.0) for p in prompts)),
        }

    raw = {i.src_uri: value_of(i) for i in infos}
    maxima = {s: max((r[s] for r in raw.values()), default=0.0) for s in WEIGHTS}
    present = {s for s in WEIGHTS if maxima[s] > 0}
    wsum = sum(WEIGHTS[s] for s in present)
    by_page_anoms: dict[str, list[anomaly_mod.Anomaly]] = defaultdict(list)
    for a in facts.anomalies:
        by_page_anoms[a.page].append(a)

    active = (
        set(facts.cites)
        | set(facts.shares)
        | set(assoc)
        | set(by_page_anoms)
        | set(facts.impressions)
        | set(facts.referrals)
        | set(facts.crawler_hits)
        | set(facts.key_events)
    )
    entries = []
    for info in infos:
        p = info.src_uri
        if p not in active:  # no data about this page at all: only its own file can make it need work
            entries.append(_quiet_entry(info, index, A, opts))
            continue
        r = raw[p]
        comps: dict[str, Component] = {}
        # opportunity
        opp = 0.0
        if wsum:
            opp = sum(WEIGHTS[s] * (math.log1p(r[s]) / math.log1p(maxima[s])) for s in present) / wsum
        parts = []
        if r["impressions"]:
            parts.append(f"{_fmt(r['impressions'])} search impressions ({_fmt(facts.clicks.get(p, 0.0))} clicks)")
        if r["ai_referrals"]:
            parts.append(f"{_fmt(r['ai_referrals'])} AI-referred visits ({_top(facts.referrals[p], name=engine_name)})")
        hits = facts.crawler_tokens.get(p)
        if hits:
            parts.append(f"{_fmt(sum(hits.values()))} AI-crawler hits ({_top(hits)})")
        if r["prompt_volume"]:
            n_prompts = len(assoc.get(p, ()))
            parts.append(
                f"{n_prompts} tracked prompt{'s' if n_prompts != 1 else ''} answered {_fmt(r['prompt_volume'])} times"
            )
        if facts.key_events.get(p):
            parts.append(f"{_fmt(facts.key_events[p])} key events from AI-referred sessions")
        reason = (
            (f"Opportunity {opp:.0%}: " + "; ".join(parts) + f" in the {opts.window_days} days to {A}")
            if parts
            else "No traffic or prompt data for this page yet."
        )
        comps["opportunity"] = Component("opportunity", opp, reason, {**r, "key_events": facts.key_events.get(p, 0.0)})

        # citations per engine: loss and share
        engines: dict[str, dict[str, float | None]] = {}
        lost, prev_total, falls = 0.0, 0.0, []
        for engine in sorted(set(facts.cites.get(p, {})) | set(facts.shares.get(p, {}))):
            rec, prev = facts.cites.get(p, {}).get(engine, [0.0, 0.0])
            sh = facts.shares.get(p, {}).get(engine)
            share = sh[0] / sh[1] if sh and sh[1] else None
            share_prev = sh[2] / sh[3] if sh and sh[3] else None
            trend = (rec - prev) / prev if prev else None
            engines[engine] = {
                "recent": rec,
                "previous": prev,
                "trend": trend,
                "share": share,
                "share_previous": share_prev,
            }
            prev_total += prev
            if significant_fall(prev, rec):
                lost += prev - rec
                falls.append((prev - rec, engine, prev, rec, share_prev, share))
        loss = min(1.0, lost / prev_total) if prev_total >= MIN_PREVIOUS and lost > 0 else 0.0
        if loss:
            falls.sort(key=lambda f: (-f[0], f[1]))
            bits = []
            for _, engine, prev, rec, sp, sn in falls[:3]:
                bit = f"{engine_name(engine)} from {_fmt(prev)} to {_fmt(rec)} ({(rec - prev) / prev:+.0%})"
                if sp is not None and sn is not None:
                    bit += f", share {sp:.0%} → {sn:.0%}"
                bits.append(bit)
            reason = f"Lost citations in the last {opts.trend_days} days vs the {opts.trend_days} before: " + "; ".join(
                bits
            )
        else:
            reason = ""
        comps["citation_loss"] = Component("citation_loss", loss, reason, {"lost": lost, "previous": prev_total})

        # competitors cited instead of us on the page's prompts
        instead: dict[str, float] = {}  # (a plain dict: a Counter per page costs 30 µs on 10k pages)
        by_prompt: dict[str, dict[str, float]] = {}
        for prompt in assoc.get(p, ()):
            c = facts.instead.get(prompt)
            if c:
                for host, n in c.items():
                    instead[host] = instead.get(host, 0.0) + n
                by_prompt[prompt] = c
        own_recent = sum(v[0] for v in facts.cites.get(p, {}).values())
        total_instead = float(sum(instead.values()))
        pressure = total_instead / (total_instead + own_recent) if total_instead >= MIN_INSTEAD else 0.0
        top_hosts = sorted(instead.items(), key=lambda kv: (-kv[1], kv[0]))[:5]
        competitors = [{"host": h, "count": n} for h, n in top_hosts]
        if pressure:
            top_prompts = sorted(by_prompt.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))[:2]
            prompts_txt = "; ".join(f"“{pr}”" for pr, _ in top_prompts)
            reason = (
                f"Competitors cited instead of this page in the last {opts.trend_days} days: "
                + ", ".join(f"{h} ({_fmt(n)})" for h, n in top_hosts[:3])
                + f" — for {prompts_txt}"
            )
        else:
            reason = ""
        comps["competitors"] = Component(
            "competitors", pressure, reason, {"instead": total_instead, "own_recent": own_recent}
        )

        # anomalies
        anoms = by_page_anoms.get(p, [])
        strength = max((a.strength for a in anoms), default=0.0)
        reason = (
            (
                "Anomal"
                + ("ies: " if len(anoms) > 1 else "y: ")
                + "; ".join(
                    a.describe(engine_name(a.source) if a.metric != "ai_crawler_hits" else a.source) for a in anoms[:3]
                )
            )
            if anoms
            else ""
        )
        comps["anomalies"] = Component("anomalies", strength, reason, {"count": len(anoms)})

        static, _ = _static_components(info, A, opts)
        comps.update(static)
        changed = static["content_changed"].value
        remembered = _remember(info, comps, A, opts)

        need = 1.0
        for name in NEEDS:
            need *= 1.0 - comps[name].value
        need = 1.0 - need
        locked = info.fully_locked
        score = 0.0 if locked else 100.0 * (0.2 + 0.8 * opp) * need
        notes = []
        if info.locked and not locked:
            notes.append(f"Locked and kept as they are: {', '.join(info.locked)}")
        if info.date_note:
            notes.append(info.date_note)
        entries.append(
            PlanEntry(
                p,
                index.url_of.get(p, p),
                round(score, 1),
                bool(changed) and not locked,
                locked,
                comps,
                engines,
                competitors,
                anoms,
                notes,
                memory=remembered,
            )
        )
    entries.sort(key=lambda e: (-e.score, e.page))
    cited = {p for p, by_engine in facts.cites.items() if any(r + q > 0 for r, q in by_engine.values())}
    advice, basis = advice_mod.advise(infos, cited, A)
    for i, e in enumerate(entries, start=1):
        e.rank = i
        if not e.locked:
            e.advice = advice.get(e.page)
    return Plan(
        A,
        opts.window_days,
        opts.trend_days,
        entries,
        facts.anomalies,
        has_data=facts.as_of is not None,
        notes=facts.notes,
        advice_basis=basis,
    )
