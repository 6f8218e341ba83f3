"""``x-thread.md``: 4–10 numbered posts separated by blank lines, each at most 280 characters as
X counts them (twitter-text weighting: URLs 23, CJK and emoji 2), numbering included. The last
post carries the link back to the page."""

from __future__ import annotations

from pydantic import Field

from .base import Channel, ChannelModel
from .context import ChannelContext
from .limits import sentences, weighted_length


class XThread(ChannelModel):
    posts: list[str] = Field(default_factory=list)


class XThreadChannel(Channel[XThread]):
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
        art = ctx.artifacts
        room = opts.max_weighted - len(f"{opts.posts.max}/{opts.posts.max} ")

        def fits(text: str) -> bool:
            return bool(text) and ctx.usable(text) and weighted_length(text) <= room

        first = next((s for s in sentences(art.summary)[:1] if fits(s)), "")
        if not first:
            first = f"{ctx.title} {ctx.label('thread')}:" if ctx.lang == "en" else f"{ctx.title}: {ctx.label('thread').lower()}."
        posts = [first]
        pool = list(art.takeaways) + [s for qa in art.faq for s in sentences(qa.answer)[:1]] + sentences(art.summary)[1:]
        for text in pool:
            if len(posts) >= opts.posts.max - 1:
                break
            if text not in posts and fits(text):
                posts.append(text)
        posts.append(f"{ctx.label('read_more')}:")
        return XThread(posts=posts)

    def check(self, value: XThread, ctx: ChannelContext) -> list[str]:
        opts = self.options(ctx)
        out = []
        if not opts.posts.min <= len(value.posts) <= opts.posts.max:
            out.append(f"posts: {len(value.posts)} given; write {opts.posts.min} to {opts.posts.max}")
        for i, (raw, post) in enumerate(zip(value.posts, self.numbered(value, ctx)), 1):
            if not raw.strip():
                out.append(f"posts[{i}]: empty")
            elif "\n\n" in raw:
                out.append(f"posts[{i}]: no blank lines inside a post")
            length = weighted_length(post)
            if length > opts.max_weighted:
                out.append(f"posts[{i}]: {length} weighted characters with its number{' and the link' if i == len(value.posts) else ''}; "
                           f"at most {opts.max_weighted}")
        return out

    def texts(self, value: XThread) -> list[tuple[str, str]]:
        return [(p, "paragraph") for p in value.posts]

    def render(self, value: XThread, ctx: ChannelContext) -> dict[str, str | bytes]:
        return {self.files[0]: "\n\n".join(self.numbered(value, ctx)) + "\n"}
