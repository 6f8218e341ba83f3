"""The channels' faster paths against the slower ones they replace (issue 11, session 13): the page's
prose read only up to the points the fill keeps, the candidate tests kept per text, the word counts,
hashtags and UTM merges memoised. Each must give what the plain computation gives."""

from __future__ import annotations

import pytest

from aeoloop.amplify.channels import points
from aeoloop.amplify.channels.config import ChannelsFile, Utm, _merged
from aeoloop.amplify.channels.context import ChannelContext, hashtag
from aeoloop.amplify.channels.limits import WORD_RE, words
from aeoloop.amplify.channels.step import channel_config
from aeoloop.build import BuildState, step_generate, step_load
from aeoloop.project import Project

ARGS = [
    {"max_words": 40, "with_summary": True, "fill": 6},
    {"max_words": 32, "with_summary": False, "fill": 6},
    {"max_words": 32, "with_summary": True, "fill": 6},
    {"max_words": 40, "with_summary": False, "fill": 12},
    {"max_words": 25, "with_summary": False, "fill": 30},
]


def _contexts(bench_site, name: str, seed: int) -> list[ChannelContext]:
    root = bench_site(name, seed=seed)
    project = Project.load(root / "mkdocs.yml")
    state = BuildState(project, jobs=1)
    step_load(state)
    step_generate(state)
    config = channel_config(project)
    return [
        ChannelContext.for_page(
            page, state.results[page.src_uri].artifacts, brand=project.brand, config=config, site_url=project.site_url
        )
        for page in state.pages
    ]


def test_the_fill_read_in_page_order_is_the_sorted_fill(bench_site, monkeypatch: pytest.MonkeyPatch) -> None:
    """The fill stops reading the page at the points it keeps: the same points as sorting every
    sentence of the page first (a fresh context each way: nothing kept from the other)."""
    lazy = {}
    for ctx in _contexts(bench_site, "lazy", 7):
        assert points._in_page_order(ctx)  # a page read from one file
        lazy[ctx.page.src_uri] = [points._page_points(ctx, **args) for args in ARGS]
    monkeypatch.setattr(points, "_in_page_order", lambda ctx: False)  # every sentence made, then sorted
    filled = 0
    for ctx in _contexts(bench_site, "eager", 7):
        eager = [points._page_points(ctx, **args) for args in ARGS]
        assert eager == lazy[ctx.page.src_uri]
        filled += sum(p.source == "page" for found in eager for p in found)
    assert filled  # the fill took sentences from the prose


def test_kept_verdicts_are_the_tests(bench_site) -> None:
    """A candidate's kept verdict is its tests' answer, for every candidate of the pages' points."""
    checked = 0
    for ctx in _contexts(bench_site, "alone", 5):
        texts = {p.text for args in ARGS for p in points._page_points(ctx, **args)}
        texts |= {s for text in [ctx.artifacts.summary, *ctx.artifacts.takeaways] for s in points.sentences(text)}
        for text in sorted(texts):
            for from_page in (False, True):
                fresh = points._stands_alone.__wrapped__(text, ctx.lang, from_page)
                assert points.stands_alone(text, ctx.lang, from_page=from_page) == fresh
                checked += 1
    assert checked


@pytest.mark.parametrize(
    "text", ["", "One two three.", "e.g. the team's co-op plan, v1.2 and 3,000 users", "Ça va — très bien", "  "]
)
def test_word_counts_kept(text: str) -> None:
    assert words(text) == len(WORD_RE.findall(text)) == words(text)


def test_hashtags_kept() -> None:
    assert hashtag("Predictive maintenance") == "PredictiveMaintenance" == hashtag("Predictive maintenance")
    assert hashtag("ISO 9001 audits") == "ISO9001Audits"


@pytest.mark.parametrize(
    ("own", "base"),
    [
        (Utm(), Utm(campaign="{slug}")),
        (Utm(source="linkedin", medium="social"), Utm(campaign="{slug}")),
        (Utm(source="x", campaign="launch"), Utm(campaign="{slug}", content="{channel}", term="t")),
        (Utm(), Utm()),
    ],
)
def test_utm_merges_kept(own: Utm, base: Utm) -> None:
    assert _merged(own.as_tuple(), base.as_tuple()) == own.merged(base)
    assert list(_merged(own.as_tuple(), base.as_tuple()).model_dump().items()) == list(
        own.merged(base).model_dump().items()
    )


def test_utm_for_is_the_merge() -> None:
    config = ChannelsFile.model_validate(
        {"utm": {"campaign": "{slug}", "term": "x"}, "channels": {"x_thread": {"utm": {"source": "twitter"}}}}
    )
    for name in ("x-thread", "linkedin-post", "newsletter"):
        assert config.utm_for(name) == config.options(name).utm.merged(config.utm)
