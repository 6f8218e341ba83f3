"""``page_points`` and ``page_question`` kept on the channel context: the same points as found
afresh, for every argument a channel passes and after ``avoid`` changes (a brand rule rejected a
phrase), and the same question."""

from __future__ import annotations

from aeoloop.amplify.channels.ai_answer import _page_question, page_question
from aeoloop.amplify.channels.context import ChannelContext
from aeoloop.amplify.channels.points import _page_points, page_points
from aeoloop.amplify.channels.step import channel_config
from aeoloop.build import BuildState, step_generate, step_load
from aeoloop.project import Project

ARGS = [{}, {"max_words": 32}, {"max_words": 32, "with_summary": False}, {"with_summary": False}, {"fill": 2}]


def test_kept_points_are_the_points(bench_site) -> None:
    root = bench_site("points", seed=5)
    project = Project.load(root / "mkdocs.yml")
    state = BuildState(project, jobs=1)
    step_load(state)
    step_generate(state)
    checked = 0
    for page in state.pages:
        art = state.results[page.src_uri].artifacts
        ctx = ChannelContext.for_page(
            page, art, brand=project.brand, config=channel_config(project), site_url=project.site_url
        )
        for _ in range(2):  # the second round is answered from the context
            for args in ARGS:
                fresh = _page_points(ctx, **{"max_words": 40, "with_summary": True, "fill": 6, **args})
                assert page_points(ctx, **args) == fresh
                checked += 1
        points = page_points(ctx)
        if points:  # a phrase to avoid: the points are found again, without the sentence that has it
            ctx.avoid = {points[0].text.lower()}
            assert page_points(ctx) == _page_points(ctx, max_words=40, with_summary=True, fill=6)
            assert points[0] not in page_points(ctx)
            ctx.avoid = set()
            assert page_points(ctx) == points
        assert page_question(ctx) == _page_question(ctx) == page_question(ctx)
        kept = page_points(ctx)
        kept.clear()  # a caller's change to its list does not reach the next caller
        assert page_points(ctx) == points
    assert checked == 2 * len(ARGS) * len(state.pages)
