"""The AEO readiness score: weights, thresholds, and the fix sentence for every failed signal.

Why: the score turns cached page facts into "what to do next", biggest win first; it is kept
apart from the checks because freshness is relative to the newest page of the site, which only
the site-wide pass knows.
"""

from __future__ import annotations

from datetime import date

from ..quality import Limits
from .facts import _PageFacts
from .report import PageScore


#: Weights of the AEO readiness score; they sum to 100.  Why these numbers:
#: the summary and a schema graph that parses cleanly are what answer engines
#: actually quote and trust, so they carry the most weight; the FAQ feeds
#: question-shaped retrieval (answer engines read visible Q&A and FAQPage markup;
#: Google has shown no FAQ rich results since May 2026, see MARKUP_TODAY);
#: headings, freshness, author (E-E-A-T) and internal links are ranking/retrieval
#: signals; entities (about/mentions) help disambiguation but rarely decide alone.
#: No signal is scored for a search feature: the score never promises rich results.
SCORE_WEIGHTS: dict[str, int] = {
    "summary": 20,
    "question_headings": 10,
    "faq": 15,
    "valid_schema": 20,
    "freshness": 10,
    "author": 10,
    "entities": 5,
    "internal_links": 10,
}
assert sum(SCORE_WEIGHTS.values()) == 100

#: What each kind of markup aeoloop writes does today, with the source, so messages and the README
#: describe effects honestly (machine-readable answers) instead of promising search features.
MARKUP_TODAY: dict[str, tuple[str, str]] = {
    "FAQPage": (
        "no rich result in Google Search since May 2026 (limited to government and health sites "
        "from August 2023); still read by answer engines as question/answer pairs, and must match "
        "the visible FAQ",
        "https://developers.google.com/search/docs/appearance/structured-data/faqpage",
    ),
    "HowTo": (
        "no rich result in Google Search since September 2023 (deprecated August 2023); still a "
        "machine-readable list of steps for answer engines",
        "https://developers.google.com/search/blog/2023/08/howto-faq-changes",
    ),
    "Article": (
        "helps Google show the right title, image and dates; names the author and publisher for answer engines",
        "https://developers.google.com/search/docs/appearance/structured-data/article",
    ),
    "BreadcrumbList": (
        "Google may show the breadcrumb path instead of the URL in results",
        "https://developers.google.com/search/docs/appearance/structured-data/breadcrumb",
    ),
    "Organization": (
        "logo and identity of the publisher (knowledge panel, answer attribution)",
        "https://developers.google.com/search/docs/appearance/structured-data/organization",
    ),
    "speakable": (
        "a beta for news publishers in US English; answer engines may still use the marked summary",
        "https://developers.google.com/search/docs/appearance/structured-data/speakable",
    ),
}

SUMMARY_MIN_WORDS = Limits().summary_min  # defaults only: a build scores with the project's options
SUMMARY_MAX_WORDS = Limits().summary_max
MIN_QUESTION_HEADINGS = 2
MIN_FAQ_ITEMS = 3
MIN_INTERNAL_LINKS = 3
FRESHNESS_DAYS = 365


def _score(
    rel: str, url: str, facts: _PageFacts, has_errors: bool, newest: date | None, limits: Limits | None = None
) -> PageScore:
    """Turn cached facts into the 0-100 score; freshness is relative to the newest page.

    The summary and FAQ checks also need the published units to pass the quality contract
    (:mod:`aeoloop.quality`) and nothing generated printed twice: a page that fails the
    contract cannot score 100.
    """
    limits = limits or Limits()
    lo, hi = limits.summary_min, limits.summary_max
    modified = date.fromisoformat(facts.date_modified) if facts.date_modified else None
    words = facts.summary_words
    box_failures = [f for f in facts.contract if f.startswith(("summary ", "takeaways"))]
    faq_failures = [f for f in facts.contract if f.startswith("faq")]
    checks = {
        "summary": (
            words is not None
            and lo <= words <= hi
            and facts.summary_first
            and not box_failures
            and "summary" not in facts.duplicates
        ),
        "question_headings": facts.question_headings >= MIN_QUESTION_HEADINGS or facts.faq_visible > 0,
        "faq": min(facts.faq_visible, facts.faq_jsonld) >= MIN_FAQ_ITEMS
        and not faq_failures
        and "faq" not in facts.duplicates,
        "valid_schema": facts.jsonld and not has_errors,
        "freshness": (modified is not None and newest is not None and (newest - modified).days <= FRESHNESS_DAYS),
        "author": facts.author,
        "entities": facts.entities,
        "internal_links": facts.internal_links >= MIN_INTERNAL_LINKS,
    }
    fixes: list[str] = []
    for name in sorted(SCORE_WEIGHTS, key=lambda k: (-SCORE_WEIGHTS[k], k)):
        if checks[name]:
            continue
        if name == "summary":
            if words is None:
                fixes.append(
                    f"Add an answer-first summary ({lo}-{hi} words) "
                    "in the `summary:` front matter so the #aeoloop-summary box is rendered."
                )
            elif not lo <= words <= hi:
                fixes.append(
                    f"Rewrite the summary to {lo}-{hi} words (it has "
                    f"{words}); answer engines quote a short, self-contained answer."
                )
            elif box_failures:
                fixes.append(
                    "Fix the summary box so it passes the quality contract ("
                    + ", ".join(box_failures)
                    + "); the build's guardrail warnings say what to change."
                )
            elif "summary" in facts.duplicates:
                fixes.append("The summary box repeats a paragraph of the page; make it say it once.")
            else:
                fixes.append("Move the summary box above the first H2 so the page answers first.")
        elif name == "question_headings":
            fixes.append(
                f"Add at least {MIN_QUESTION_HEADINGS} question headings (H2/H3 ending in '?') "
                f"phrased the way users ask (has {facts.question_headings}), or add a FAQ section."
            )
        elif name == "faq" and (faq_failures or "faq" in facts.duplicates):
            fixes.append(
                "Fix the FAQ so every pair passes the quality contract ("
                + ", ".join(faq_failures or ["faq duplicate"])
                + "); the build's guardrail warnings say what to change."
            )
        elif name == "faq":
            fixes.append(
                f"Add a FAQ with at least {MIN_FAQ_ITEMS} question/answer pairs (visible: "
                f"{facts.faq_visible}, in JSON-LD: {facts.faq_jsonld}) via the `faq:` front matter; "
                "answer engines lift such pairs into answers (Google shows no FAQ rich results any more)."
            )
        elif name == "valid_schema":
            fixes.append(
                "Fix the JSON-LD errors listed for this page so crawlers and answer engines can read the graph."
            )
        elif name == "freshness":
            fixes.append(
                "Review and update the page, then set dateModified (front matter `updated:`); "
                + (
                    f"it was last modified {facts.date_modified}, over {FRESHNESS_DAYS} days before the newest page."
                    if modified
                    else "it has no valid dateModified."
                )
            )
        elif name == "author":
            fixes.append(
                "Credit a named author: reference a Person node with name and url or sameAs "
                "(profile links) from Article.author."
            )
        elif name == "entities":
            fixes.append(
                "List the page's main entities in Article about/mentions (DefinedTerm or Thing "
                "with sameAs to Wikipedia/Wikidata) to disambiguate the topic."
            )
        elif name == "internal_links":
            fixes.append(
                f"Link to at least {MIN_INTERNAL_LINKS} other pages of the site from the content "
                f"(has {facts.internal_links}) so crawlers find related answers."
            )
    score = sum(SCORE_WEIGHTS[k] for k, ok in checks.items() if ok)
    return PageScore(page=rel, url=url, score=score, checks=checks, fixes=fixes)
