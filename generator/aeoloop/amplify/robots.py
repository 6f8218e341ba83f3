"""robots.txt for an answer-engine-optimised site: AI crawler policy per purpose.

Site owners rarely want "all AI bots in or out". The usual AEO stance is: let answer engines
index and fetch pages (that is how a site gets cited) while keeping content out of training
sets. So the policy is one allow/disallow switch per :class:`~aeoloop.crawlers.Purpose`,
plus per-token exceptions, and the crawler list comes from :mod:`aeoloop.crawlers`.

Rendering follows RFC 9309 and is written to survive older, simpler parsers too:

* A crawler obeys only the most specific group that names it and ignores ``User-agent: *``.
  Every named group therefore repeats the site-wide ``disallow_paths``; otherwise naming a
  crawler to *allow* it would also release it from the private paths.
* A group ends at its first rule, and consecutive ``User-agent`` lines share one group, so every
  group carries at least one rule (``Allow: /`` when there is nothing to forbid).
* RFC 9309 merges all groups naming the same crawler. Spellings of one crawler (case variants,
  ``Brightbot`` / ``Brightbot 1.0``) are kept in one group, overrides included, so no merge can
  combine an ``Allow: /`` with a ``Disallow: /``.
* ``Disallow`` lines come before ``Allow: /``. RFC parsers pick the longest match regardless of
  order, but first-match parsers (Python's :mod:`urllib.robotparser`, many scrapers) would
  otherwise stop at ``Allow: /``.
* Override groups come first: first-match and substring-matching parsers then see the most
  specific group before the purpose group.

Output is deterministic (sorted, no timestamps) so a rebuild without changes is byte-identical
and the file can be diffed in review.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..crawlers import Purpose, data_source, load_crawlers, product_token
from ..settings.robots import UNSAFE_CHARS_RE, Decision, RobotsPolicy

__all__ = ["render_robots_txt"]

_PURPOSE_BLURB: dict[Purpose, str] = {
    Purpose.TRAINING: "collect content to train AI models",
    Purpose.SEARCH: "index pages for AI answer engines that cite them",
    Purpose.USER: "fetch a page when a person asks an assistant or agent",
    Purpose.OTHER: "data resellers, SEO tools, link previews, undocumented bots",
}
_SITEMAP_RE = re.compile(r"^https?://[^\s#]+$")


def _sorted_tokens(tokens: Iterable[str]) -> list[str]:
    return sorted(set(tokens), key=lambda t: (t.casefold(), t))


def _rules(decision: Decision, paths: list[str], signals: list[str] = []) -> list[str]:  # noqa: B006 (read only)
    """Rule lines for a named group: the shared paths are repeated because RFC 9309 crawlers
    read only their own group. ``Disallow: /`` already covers every path. Usage ``signals``
    (Content-Signal, Content-Usage) follow the rules of groups that may crawl: preferences
    apply only to what can be fetched, and parsers that do not know them skip the lines."""
    if decision == "disallow":
        return ["Disallow: /"]
    rules = [f"Disallow: {p}" for p in paths]
    if "/" not in paths:
        # Without "/" in the shared paths this both ends the group and states the intent; with
        # it, "Allow: /" would tie with "Disallow: /" and RFC 9309 lets the allow win.
        rules.append("Allow: /")
    return rules + signals


def _group(comment: str, agents: list[str], rules: list[str]) -> list[str]:
    return [f"# {comment}", *(f"User-agent: {a}" for a in agents), *rules]


def render_robots_txt(policy: RobotsPolicy, *, sitemap_url: str | None) -> str:
    """The complete robots.txt text for ``policy``, ending with one newline.

    Layout: comment header, one group per overridden crawler, one group per purpose (empty
    purposes omitted), ``User-agent: *`` with the shared paths, ``policy.extra``, ``Sitemap``.
    """
    if sitemap_url is not None and not _SITEMAP_RE.match(sitemap_url):
        raise ValueError(f"sitemap_url must be an absolute http(s) URL, got {sitemap_url!r}")

    crawlers = [c for c in load_crawlers() if not UNSAFE_CHARS_RE.search(c.token)]
    paths = policy.disallow_paths
    signals = policy.signal_lines()

    # Overrides: every data spelling of the crawler moves, plus the user's own spelling when
    # the data does not know it (e.g. a non-AI bot the site owner wants to block too).
    override_groups: list[tuple[str, Decision, list[str]]] = []
    moved: set[str] = set()
    by_key: dict[str, list[str]] = {}
    for crawler in crawlers:
        by_key.setdefault(product_token(crawler.token), []).append(crawler.token)
    grouped: dict[str, tuple[Decision, list[str]]] = {}
    for token, decision in policy.overrides.items():
        key = product_token(token)
        known = by_key.get(key, [])
        agents = list(known)
        if token.casefold() not in {k.casefold() for k in known}:
            agents.append(token)
        previous = grouped.get(key, (decision, []))[1]
        grouped[key] = (decision, previous + agents)
        moved.add(key)
    for decision, agents in grouped.values():
        ordered = _sorted_tokens(agents)
        override_groups.append((ordered[0], decision, ordered))
    override_groups.sort(key=lambda g: (g[0].casefold(), g[0]))

    lines = [
        "# robots.txt generated by aeoloop. Do not edit: set the robots policy in mkdocs.yml.",
        "# AI crawlers are grouped by purpose. A crawler obeys only the most specific group that",
        "# names it (RFC 9309), so every named group repeats the site-wide Disallow rules.",
    ]
    for purpose in Purpose:
        lines.append(f"#   {purpose.value:<9} {policy.decision(purpose):<9} {_PURPOSE_BLURB[purpose]}")
    if policy.overrides:
        lines.append(f"# Per-crawler overrides: {len(override_groups)}.")
    if signals:
        lines.append("# Usage preferences in every group that may crawl: Content-Signal (contentsignals.org),")
        lines.append("# Content-Usage (IETF aipref drafts).")
    lines.append(f"# AI crawler list: {data_source()}.")

    for label, decision, agents in override_groups:
        lines += ["", *_group(f"override: {label} -> {decision}", agents, _rules(decision, paths, signals))]

    for purpose in Purpose:
        agents = _sorted_tokens(
            c.token for c in crawlers if c.purpose is purpose and product_token(c.token) not in moved
        )
        if not agents:
            continue
        decision = policy.decision(purpose)
        comment = f"{purpose.value} ({_PURPOSE_BLURB[purpose]}) -> {decision}"
        lines += ["", *_group(comment, agents, _rules(decision, paths, signals))]

    star_rules = ([f"Disallow: {p}" for p in paths] or ["Allow: /"]) + signals
    lines += ["", *_group("everyone else", ["*"], star_rules)]

    if policy.extra:
        lines += ["", policy.extra]
    if sitemap_url is not None:
        lines += ["", f"Sitemap: {sitemap_url}"]
    return "\n".join(lines) + "\n"
