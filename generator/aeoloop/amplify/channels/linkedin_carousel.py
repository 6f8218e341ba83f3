"""``linkedin-carousel.pdf`` + ``linkedin-carousel.md``: 6–10 slides of 1080×1350 (a title slide,
one idea per slide, a call to action), in the brand colours and fonts of ``brand/brand.yml``.

The ``.md`` is the editable source: a person may fix a slide there, and the PDF is rendered again
from the edited text on the next build. Fonts come from ``brand/fonts/`` (TrueType files whose
names match the families in brand.yml, e.g. ``DejaVuSans.ttf`` and ``DejaVuSans-Bold.ttf``), or
the Bitstream Vera fonts that ship with reportlab: nothing is downloaded, and the PDF is
byte-for-byte reproducible (reportlab's invariant mode).
"""

from __future__ import annotations

import io
import re
from functools import lru_cache
from html import escape
from pathlib import Path

from pydantic import Field

from ... import answer_code
from .base import Channel, ChannelModel
from .config import CarouselOptions
from .context import ChannelContext
from ...quality.read_alone import check_problem
from .limits import shorten, shorten_words, words
from .newsletter import _colors
from .notes import is_collection, notes
from .points import PAREN_PATH_RE, answer_run, not_a_point, page_points, refers_to_unseen, without_note

#: a title slide, one idea, the call to action
MIN_SLIDES = 3

SLIDE_RE = re.compile(r"^##\s+(\d+)\.\s+(.*)$")


class Slide(ChannelModel):
    title: str
    body: str = ""


class Carousel(ChannelModel):
    slides: list[Slide] = Field(default_factory=list)


def _family_key(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def find_fonts(brand_dir: Path | None, family: str | None) -> tuple[Path, Path] | None:
    """(regular, bold) TrueType files for a family in brand/fonts/, if shipped there."""
    if not brand_dir or not family:
        return None
    folder = brand_dir / "fonts"
    if not folder.is_dir():
        return None
    key = _family_key(family)
    regular = bold = None
    for path in sorted(folder.glob("*.[tT][tT][fF]")):
        stem = _family_key(path.stem)
        if stem == key or stem in (key + "regular", key + "book"):
            regular = regular or path
        elif stem == key + "bold":
            bold = bold or path
    if regular:
        return regular, bold or regular
    return None


@lru_cache(maxsize=16)
def _register(regular: str, bold: str) -> tuple[str, str]:
    from reportlab.pdfbase import pdfmetrics

    from .pdf_fonts import SubsetCachedFont  # imports reportlab: only a build that makes a carousel loads it

    names = []
    for path in (regular, bold):
        name = "aeo-" + re.sub(r"[^A-Za-z0-9]", "", Path(path).stem)
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(SubsetCachedFont(name, path))
        names.append(name)
    return names[0], names[1]


def fonts_for(ctx: ChannelContext) -> tuple[str, str]:
    """Registered reportlab font names (regular, bold) for the brand's heading/body family."""
    fonts = ctx.brand.organization.fonts
    found = find_fonts(ctx.brand_dir, fonts.get("heading") or fonts.get("body"))
    if found is None:
        import reportlab

        base = Path(reportlab.__file__).parent / "fonts"
        found = (base / "Vera.ttf", base / "VeraBd.ttf")
    return _register(str(found[0]), str(found[1]))


def parse_markdown(text: str) -> Carousel:
    slides: list[Slide] = []
    body: list[str] = []
    for line in text.splitlines():
        m = SLIDE_RE.match(line)
        if m:
            if slides:
                slides[-1] = Slide(title=slides[-1].title, body=" ".join(" ".join(body).split()))
            slides.append(Slide(title=m.group(2).strip()))
            body = []
        elif slides and not line.startswith("Link:"):
            body.append(line)
    if slides:
        slides[-1] = Slide(title=slides[-1].title, body=" ".join(" ".join(body).split()))
    return Carousel(slides=slides)


def grouped(ideas: list[Slide], titles: set[str], max_words: int) -> list[Slide]:
    """The slides with the points under a generic title ("Key takeaways", "Key facts") put together,
    two or three to a slide within ``max_words``: a slide of one such sentence reads as a stray line
    (round 8: 7 of 8 carousels weak). A short lone point (under half a slide's words) is left out when
    another slide stays; a long one fills its slide; a slide titled by its question is kept as it is."""
    out: list[tuple[Slide, int]] = []
    for slide in ideas:
        if slide.title in titles and out:
            last, n = out[-1]
            if last.title == slide.title and n < 3 and words(last.body) + words(slide.body) <= max_words:
                out[-1] = (Slide(title=last.title, body=f"{last.body} {slide.body}"), n + 1)
                continue
        out.append((slide, 1))
    kept = [s for s, n in out if n > 1 or s.title not in titles or 2 * words(s.body) >= max_words]
    return kept if kept else [s for s, _ in out]


class LinkedInCarouselChannel(Channel[Carousel]):
    options_model = CarouselOptions
    name = "linkedin-carousel"
    files = ("channels/linkedin-carousel.md", "channels/linkedin-carousel.pdf")
    model = Carousel
    expected_output_tokens = 700

    def extractive(self, ctx: ChannelContext) -> Carousel:
        opts = self.options(ctx)
        art = ctx.artifacts
        slides = [Slide(title=shorten(ctx.title, opts.title_chars), body=ctx.label("guide_by"))]
        ideas: list[Slide] = []
        # a collection of notes: one note a slide, whole under its question; its takeaways are notes'
        # sentences without their questions, which a "Key takeaways" slide groups as stray lines
        collected = [
            Slide(title=n.question, body=n.answer)
            for n in (notes(ctx, opts.body_words) if is_collection(ctx) else [])
            if len(n.question) <= opts.title_chars
        ]
        for qa in [] if is_collection(ctx) else art.faq:  # a note cut to its first sentence is its set-up
            if answer_code.has_code(qa.answer):
                continue  # a slide cannot show the code block that is its substance
            # the answer's lead: a list or a procedure whole or not at all ("Four steps: 1) …" cut after
            # step 1 announces what the slide does not show); a check without the symptom it fixes is
            # not a slide's idea ("Check whether …" under "Why …?" says no why)
            first = without_note(PAREN_PATH_RE.sub("", answer_run(qa.answer, opts.body_words, ctx.lang)))
            if (
                first
                and words(first) <= opts.body_words
                and ctx.usable(first)
                and check_problem(first) is None
                and not not_a_point(first, alone=False)  # "Some teams think …" under "Should …?" answers the opposite
                and len(qa.question) <= opts.title_chars
            ):
                ideas.append(Slide(title=qa.question, body=first))
        ideas += collected
        if len(collected) < 2:  # one note is no carousel: the takeaways fill in
            collected = []
        for t in (without_note(PAREN_PATH_RE.sub("", t)) for t in ([] if collected else art.takeaways)):
            if (
                words(t) <= opts.body_words
                and ctx.usable(t)
                and not refers_to_unseen(t, ctx.lang)
                and not not_a_point(t)  # a reported view, a procedure's first step without the rest
                and all(t not in s.body for s in ideas)  # an FAQ slide may say it with the rest of its answer
            ):
                ideas.append(Slide(title=ctx.label("takeaways"), body=t))
        if len(ideas) < opts.slides.min - 2 and not is_collection(ctx):  # a short page: its other points, one a slide
            for p in page_points(ctx, max_words=opts.body_words):
                text = PAREN_PATH_RE.sub("", p.text)
                if p.label and p.text.startswith(p.label):  # "Why …? Check …": the question is the slide's title
                    text = text[len(p.label) :].strip()
                if all(text != s.body for s in ideas):
                    title = p.label if p.label and len(p.label) <= opts.title_chars else ctx.label("key_facts")
                    ideas.append(Slide(title=title, body=text))
        ideas = grouped(ideas, {ctx.label("takeaways"), ctx.label("key_facts")}, opts.body_words)
        ideas = ideas[: opts.slides.max - 2]
        if not ideas:
            raise ValueError("no sentence of the page fits a slide on its own")
        closing = ctx.page.meta.description or ""
        closing = closing if ctx.usable(closing) else ""
        slides += ideas
        slides.append(
            Slide(title=ctx.label("read_more"), body=shorten_words(closing, opts.body_words) if closing else "")
        )
        return Carousel(slides=slides)

    def check(self, value: Carousel, ctx: ChannelContext) -> list[str]:
        opts = self.options(ctx)
        out = []
        n = len(value.slides)
        floor = min(opts.slides.min, MIN_SLIDES)
        if not floor <= n <= opts.slides.max:
            out.append(
                f"slides: {n} given; write {opts.slides.min} to {opts.slides.max} (a title slide, one idea per slide, a call to action)"
            )
        for i, s in enumerate(value.slides, 1):
            if not s.title or len(s.title) > opts.title_chars:
                out.append(f"slides[{i}].title: {len(s.title)} characters; 1 to {opts.title_chars}")
            if words(s.body) > opts.body_words:
                out.append(f"slides[{i}].body: {words(s.body)} words; at most {opts.body_words}")
            if 1 < i < n and not s.body:
                out.append(f"slides[{i}].body: empty; state the idea in one or two sentences")
        return out

    def shortfalls(self, value: Carousel, ctx: ChannelContext) -> list[str]:
        opts = self.options(ctx)
        n = len(value.slides)
        return (
            [f"{n} slides, target {opts.slides.min} to {opts.slides.max}: the page has fewer ideas that fit a slide"]
            if n < opts.slides.min
            else []
        )

    def texts(self, value: Carousel) -> list[tuple[str, str]]:
        return [(s.title, "heading") for s in value.slides] + [(s.body, "paragraph") for s in value.slides if s.body]

    def markdown(self, value: Carousel, ctx: ChannelContext) -> str:
        parts = [
            f"## {i}. {s.title}\n\n{s.body}\n" if s.body else f"## {i}. {s.title}\n"
            for i, s in enumerate(value.slides, 1)
        ]
        return "\n".join(parts) + f"\nLink: {ctx.link(self.name)}\n"

    def render(self, value: Carousel, ctx: ChannelContext) -> dict[str, str | bytes]:
        return {self.files[0]: self.markdown(value, ctx), self.files[1]: self.pdf(value, ctx)}

    def derived(self, files: dict[str, str | bytes], ctx: ChannelContext) -> dict[str, str | bytes]:
        source = files.get(self.files[0])
        if isinstance(source, str):
            return {self.files[1]: self.pdf(parse_markdown(source), ctx)}
        return {}

    # -- PDF --------------------------------------------------------------------------------

    def pdf(self, value: Carousel, ctx: ChannelContext) -> bytes:
        from reportlab.lib.colors import HexColor
        from reportlab.pdfgen import canvas

        opts = self.options(ctx)
        W, H = float(opts.width), float(opts.height)
        regular, bold = fonts_for(ctx)
        c = _colors(ctx)
        primary, accent, background, text = (HexColor(c[k]) for k in ("primary", "accent", "background", "text"))
        white = HexColor("#FFFFFF")
        buf = io.BytesIO()
        pdf = canvas.Canvas(buf, pagesize=(W, H), invariant=1, pageCompression=1)
        pdf.setTitle(ctx.title)
        pdf.setAuthor(ctx.org)
        pdf.setCreator("aeoloop")
        n = len(value.slides)
        margin = W * 0.09
        for i, slide in enumerate(value.slides, 1):
            last, first = i == n, i == 1
            bg, fg, head = (primary, white, white) if (first or last) else (background, text, primary)
            pdf.setFillColor(bg)
            pdf.rect(0, 0, W, H, stroke=0, fill=1)
            pdf.setFillColor(accent)
            pdf.rect(0, H - H * 0.018, W, H * 0.018, stroke=0, fill=1)
            pdf.setFont(bold, W * 0.026)
            pdf.setFillColor(accent if not (first or last) else white)
            pdf.drawRightString(W - margin, H - margin * 0.9, f"{i}/{n}")
            pdf.setFillColor(fg)
            pdf.setFont(regular, W * 0.024)
            pdf.drawString(margin, margin * 0.7, ctx.org)
            if not last:
                pdf.drawRightString(W - margin, margin * 0.7, ctx.label("swipe"))
            top = H * (0.70 if first or last else 0.82)
            title_size = W * (0.085 if first else 0.07)
            y = self._paragraph(pdf, slide.title, bold, title_size, head, margin, top, W - 2 * margin, H * 0.40)
            if not (first or last):
                pdf.setFillColor(accent)
                pdf.rect(margin, y - W * 0.03, W * 0.12, W * 0.008, stroke=0, fill=1)
                y -= W * 0.06
            else:
                y -= W * 0.04
            if slide.body:
                y = self._paragraph(pdf, slide.body, regular, W * 0.05, fg, margin, y, W - 2 * margin, y - margin * 2.4)
            if last:
                from reportlab.pdfbase.pdfmetrics import stringWidth

                url = ctx.shown_url
                box_w = W - 2 * margin
                size = W * 0.034
                while size > 12 and stringWidth(url, bold, size) > box_w - W * 0.06:
                    size *= 0.92
                pdf.setFillColor(accent)
                pdf.roundRect(margin, margin * 1.6, box_w, W * 0.1, W * 0.012, stroke=0, fill=1)
                pdf.setFillColor(white)
                pdf.setFont(bold, size)
                pdf.drawCentredString(W / 2, margin * 1.6 + W * 0.05 - size * 0.35, url)
            pdf.showPage()
        pdf.save()
        return buf.getvalue()

    @staticmethod
    def _paragraph(
        pdf, text: str, font: str, size: float, color, x: float, top: float, width: float, max_height: float
    ) -> float:  # noqa: ANN001
        """Draw wrapped text from ``top`` down, shrinking the font until it fits; return the bottom y."""
        para, height = _laid_out(text, font, size, color.rgba(), width, max_height)
        para.drawOn(pdf, x, top - height)
        return top - height


@lru_cache(maxsize=256)
def _laid_out(
    text: str, font: str, size: float, rgba: tuple[float, float, float, float], width: float, max_height: float
):  # noqa: ANN201 - a reportlab Paragraph, imported lazily
    """The text as a wrapped paragraph (the font shrunk until it fits) and its height.

    Kept by its inputs: a third of a build's slide texts repeat ("Key takeaways", the call to action,
    the title slide's byline) and their parse and wrap are the same every time. The draw reads the
    wrapped paragraph and writes nothing to it, so one serves every PDF (each draw still goes through
    its own canvas and font subsets)."""
    from reportlab.lib.colors import Color
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    color = Color(*rgba)
    height = 0.0
    para = None
    for _ in range(12):
        style = ParagraphStyle("s", fontName=font, fontSize=size, leading=size * 1.22, textColor=color)
        para = Paragraph(escape(text), style)
        _, height = para.wrap(width, 10_000)
        if height <= max_height or size < 14:
            break
        size *= 0.9
    assert para is not None
    return para, height
