"""``linkedin-post.md``: the post as it is pasted into LinkedIn (plain text), at most 3,000
characters, with the hook before the "see more" fold (200 characters) and 3–5 hashtags taken
from the glossary terms and keyphrases of the page (fewer when the page has fewer subjects)."""

from __future__ import annotations

import re

from pydantic import Field

from .base import Channel, ChannelModel
from .config import LinkedInPostOptions
from .context import ChannelContext
from .limits import sentences
from .notes import is_collection, notes
from .points import HASHTAG_RE, not_a_point, page_points, refers_to_unseen, without_note


class LinkedInPost(ChannelModel):
    hook: str
    body: str
    hashtags: list[str] = Field(default_factory=list)


class LinkedInPostChannel(Channel[LinkedInPost]):
    options_model = LinkedInPostOptions
    name = "linkedin-post"
    files = ("channels/linkedin-post.md",)
    model = LinkedInPost
    multiline_fields = frozenset({"body"})
    expected_output_tokens = 700

    def extractive(self, ctx: ChannelContext) -> LinkedInPost:
        opts = self.options(ctx)
        art = ctx.artifacts
        summary = [s for s in ctx.pick(sentences(ctx.opening)) if not HASHTAG_RE.search(s)]  # "#" only in the tags
        hook = next((s for s in summary[:1] if len(s) <= opts.fold_chars), "")
        if not hook:
            hook = (
                ctx.title
                if len(ctx.title) <= opts.fold_chars
                else (ctx.page.meta.description or ctx.title)[: opts.fold_chars]
            )
        rest = " ".join(s for s in summary if s != hook)
        parts = [rest] if rest else []
        takeaways = [
            without_note(t)
            for t in ctx.pick(art.takeaways)
            if not refers_to_unseen(t, ctx.lang)
            and not not_a_point(t)  # a reported view, a procedure's first step alone
            and not (ctx.audience is not None and t in summary)
        ]  # (an audience's intro may quote one)
        collected = [n.text() for n in notes(ctx)] if is_collection(ctx) and ctx.audience is None else []
        if collected:  # a collection of notes: its notes under their questions, not their set-ups
            takeaways = collected
        elif len(takeaways) < 2:  # few takeaways: the page's other points, in its order
            takeaways = [p.text for p in page_points(ctx, with_summary=not rest) if p.text != hook][
                : max(3, len(takeaways))
            ]
        if takeaways:
            parts.append(f"{ctx.label('takeaways')}:\n" + "\n".join(f"- {t}" for t in takeaways))
        cta = ctx.audience_cta
        if cta:
            parts.append(f"{cta[0]}: {cta[1]}")
        body = "\n\n".join(parts)
        if not summary and not body:
            raise ValueError(
                "no summary and no sentence of the page that stands on its own: a post would be its title only"
            )
        tags = ctx.hashtags[: opts.hashtags.max]
        post = LinkedInPost(hook=hook, body=body, hashtags=tags)
        while len(self._text(post, ctx)) > opts.max_chars and "\n- " in post.body:
            post = LinkedInPost(hook=hook, body=post.body.rsplit("\n- ", 1)[0], hashtags=tags)
        return post

    def _text(self, value: LinkedInPost, ctx: ChannelContext) -> str:
        tags = " ".join("#" + h.lstrip("#") for h in value.hashtags)
        body = f"{value.body}\n\n" if value.body.strip() else ""
        tail = f"\n\n{tags}\n" if tags else "\n"
        return f"{value.hook}\n\n{body}{ctx.label('read_more')}: {ctx.link(self.name)}{tail}"

    def check(self, value: LinkedInPost, ctx: ChannelContext) -> list[str]:
        opts = self.options(ctx)
        out = []
        text = self._text(value, ctx)
        if len(text) > opts.max_chars:
            out.append(f"post: {len(text)} characters with link and hashtags; at most {opts.max_chars}")
        if "\n" in value.hook:
            out.append("hook: one paragraph, no line breaks")
        if not value.hook or len(value.hook) > opts.fold_chars:
            out.append(f"hook: {len(value.hook)} characters; it must fit before the fold, at most {opts.fold_chars}")
        n = len(value.hashtags)
        floor = min(opts.hashtags.min, len(ctx.hashtags))  # a page with two subjects gets two tags
        if not floor <= n <= opts.hashtags.max:
            out.append(f"hashtags: {n} given; use {max(floor, 1)} to {opts.hashtags.max}")
        allowed = ctx.allowed_hashtags()
        bad = [h for h in value.hashtags if h.lstrip("#").lower() not in allowed]
        if bad:
            out.append(
                f"hashtags: {', '.join(bad)} are not from the glossary or the page's keyphrases; choose from: {', '.join(ctx.hashtags)}"
            )
        if re.search(r"(^|\s)#\w", value.body):
            out.append("body: put hashtags only in the hashtags list")
        return out

    def shortfalls(self, value: LinkedInPost, ctx: ChannelContext) -> list[str]:
        opts = self.options(ctx)
        n = len(value.hashtags)
        out = (
            [f"{n} hashtags, target {opts.hashtags.min} to {opts.hashtags.max}: the page names fewer subjects"]
            if n < opts.hashtags.min
            else []
        )
        if not value.body.strip():
            out.append("no body: the page has one point, the hook says it")
        return out

    def texts(self, value: LinkedInPost) -> list[tuple[str, str]]:
        return [(value.hook, "paragraph"), (value.body, "text")]

    def render(self, value: LinkedInPost, ctx: ChannelContext) -> dict[str, str | bytes]:
        value = value.model_copy(update={"hashtags": [h.lstrip("#") for h in value.hashtags]})
        return {self.files[0]: self._text(value, ctx)}
