"""``x-thread.md``: 4–10 numbered posts separated by blank lines, each at most 280 characters as
X counts them (twitter-text weighting: URLs 23, CJK and emoji 2), numbering included.

A thread reads as one piece: a hook from the page's answer, then one self-contained point per
post in the order the page makes them (no post opens with "This…" or "The above…"), and a
closing post with the link back to the page. A page with fewer points gets a shorter thread (at
least hook, one point, link) rather than none."""

from __future__ import annotations

import re
from collections.abc import Callable

from pydantic import Field

from .base import Channel, ChannelModel
from .config import XThreadOptions
from .context import ChannelContext
from ...quality.instructions import is_instruction
from .ai_answer import lead_first, page_question, scene_setting
from .how_steps import how_pair, step_posts
from .limits import sentences, weighted_length
from .notes import Note, is_collection, notes, outline_within
from .points import clean, is_outline, leans_on_unseen, page_points, refers_to_unseen

#: the longest FAQ steps answer a thread walks (a how-to page's procedure, a few posts)
STEP_WORDS = 120

# "2) Select …": a numbered step, read in a thread after the post that asks its question and numbers its first
_STEP_RE = re.compile(r"^(\d{1,2})\) \S")


def _continues_steps(posts: list[str], i: int) -> bool:
    """True when post ``i`` (1-based) carries the next steps of the numbered procedure the post before
    it walks ("… 1) Open the log. 2) Pick …" then "3) Press …"): a step stands under its question there."""
    m = _STEP_RE.match(posts[i - 1])
    return m is not None and i >= 2 and f"{int(m.group(1)) - 1}) " in posts[i - 2]


#: hook, one point, the closing link: less is a single post, not a thread
MIN_POSTS = 3


#: the longest note a thread gives whole, over two posts at most
NOTE_THREAD_WORDS = 80


def note_posts(note: Note, fits: Callable[[str], bool], lang: str) -> list[str]:
    """A note as the posts that say it whole: its question and as many of its sentences as fit one
    post, the rest in a second; [] when it does not fit two posts or its second post opens on what
    the first said ("This …": a post is read alone too)."""
    if fits(note.text()):
        said = [note.text()]
    else:
        parts = sentences(note.answer)
        k = next((k for k in range(len(parts) - 1, 0, -1) if fits(f"{note.question} {' '.join(parts[:k])}")), 0)
        said = [f"{note.question} {' '.join(parts[:k])}", " ".join(parts[k:])] if k else []
    return said if all(fits(p) and not refers_to_unseen(p, lang) for p in said) else []


class XThread(ChannelModel):
    posts: list[str] = Field(default_factory=list)


class XThreadChannel(Channel[XThread]):
    options_model = XThreadOptions
    name = "x-thread"
    files = ("channels/x-thread.md",)
    model = XThread
    expected_output_tokens = 700

    def numbered(self, value: XThread, ctx: ChannelContext) -> list[str]:
        n = len(value.posts)
        out = [f"{i}/{n} {p.strip()}" for i, p in enumerate(value.posts, 1)]
        if out:
            out[-1] = f"{out[-1]} {ctx.link(self.name)}"
        return out

    def extractive(self, ctx: ChannelContext) -> XThread:
        opts = self.options(ctx)
        room = opts.max_weighted - len(f"{opts.posts.max}/{opts.posts.max} ")

        def fits(text: str) -> bool:
            return bool(text) and ctx.usable(text) and clean(text) and weighted_length(text) <= room

        if is_collection(ctx) and (collected := self._collection(ctx, fits)):
            return collected
        answer = sentences(ctx.artifacts.summary)
        if answer and scene_setting(
            answer[0], ctx.title
        ):  # "As your team grows, …": the sentence that names the subject opens
            answer = lead_first(answer, ctx.lang, ctx.title) or answer
        # a scene with no sentence naming the subject to open instead ("If you …, …"): the page's question opens
        hook = next(
            (s for s in answer[:1] if fits(s) and not leans_on_unseen(s, ctx.lang) and not scene_setting(s, ctx.title)),
            "",
        )
        if hook and is_instruction(hook) and ctx.lang == "en" and not is_outline(hook):
            # "Define a sequence of steps …" opens a thread with an order and no subject: the title says
            # what the reader gets, the summary's sentence what it is for
            titled = f"{ctx.title.rstrip('.:?!')}: {hook[:1].lower() + hook[1:] if hook[1:2].islower() else hook}"
            hook = titled if fits(titled) else hook
        if not hook:
            hook = (
                f"{page_question(ctx)} {ctx.label('thread')}:"
                if ctx.lang == "en"
                else f"{ctx.title}: {ctx.label('thread').lower()}."
            )
        posts = [hook]
        if ctx.lang == "en":  # a how-to page's thread walks its steps in order, after the hook
            pair = how_pair(page_question(ctx), [(qa.question, qa.answer) for qa in ctx.artifacts.faq], STEP_WORDS)
            stepped = step_posts(pair, fits) if pair and ctx.usable(pair[1]) else []
            if stepped and len(stepped) <= opts.posts.max - 2:
                posts += stepped
        said = " ".join(posts)
        for point in page_points(ctx):
            if len(posts) >= opts.posts.max - 1:
                break
            if point.text != hook and point.text not in said and fits(point.text):
                posts.append(point.text)
        if len(posts) < 2:
            raise ValueError(
                "a thread needs a hook and at least one more point, and no other sentence of the page "
                "stands on its own (the others open with 'This…'/'It…', or lead into code with ':')"
            )
        posts.append(f"{ctx.label('read_more')}:")
        return XThread(posts=posts)

    def _collection(self, ctx: ChannelContext, fits: Callable[[str], bool]) -> XThread | None:
        """A collection of notes: its outline (or its question) opens, then its notes that read alone,
        one a post under its question ("How do you find the initial commit? …"); None when fewer than
        one note fits a post. A note's set-up posted without its question ("My config file has some
        local changes.") says nothing to the reader of a thread (round 8: the til threads)."""
        opts = self.options(ctx)
        posts: list[str] = []
        for note in notes(ctx, NOTE_THREAD_WORDS):
            said = note_posts(note, fits, ctx.lang)
            if said and len(posts) + len(said) <= opts.posts.max - 2:
                posts += said
        if not posts:
            return None
        outline = outline_within(ctx.artifacts.summary, 60)
        hook = outline if fits(outline) else f"{page_question(ctx)} {ctx.label('thread')}:"
        return XThread(posts=[hook, *posts, f"{ctx.label('read_more')}:"])

    def shortfalls(self, value: XThread, ctx: ChannelContext) -> list[str]:
        opts = self.options(ctx)
        n = len(value.posts)
        return (
            [f"{n} posts, target {opts.posts.min} to {opts.posts.max}: the page has fewer points that stand alone"]
            if n < opts.posts.min
            else []
        )

    def check(self, value: XThread, ctx: ChannelContext) -> list[str]:
        opts = self.options(ctx)
        out = []
        floor = min(opts.posts.min, MIN_POSTS)
        if not floor <= len(value.posts) <= opts.posts.max:
            out.append(
                f"posts: {len(value.posts)} given; write {opts.posts.min} to {opts.posts.max} (at least {floor}: hook, a point, the link)"
            )
        for i, (raw, post) in enumerate(zip(value.posts, self.numbered(value, ctx)), 1):
            if not raw.strip():
                out.append(f"posts[{i}]: empty")
            elif "\n\n" in raw:
                out.append(f"posts[{i}]: no blank lines inside a post")
            elif 1 < i < len(value.posts) and refers_to_unseen(raw, ctx.lang) and not _continues_steps(value.posts, i):
                out.append(
                    f"posts[{i}]: refers to text the reader of this post does not see; make each post stand on its own"
                )
            length = weighted_length(post)
            if length > opts.max_weighted:
                out.append(
                    f"posts[{i}]: {length} weighted characters with its number{' and the link' if i == len(value.posts) else ''}; "
                    f"at most {opts.max_weighted}"
                )
        return out

    def texts(self, value: XThread) -> list[tuple[str, str]]:
        return [(p, "paragraph") for p in value.posts]

    def render(self, value: XThread, ctx: ChannelContext) -> dict[str, str | bytes]:
        return {self.files[0]: "\n\n".join(self.numbered(value, ctx)) + "\n"}
