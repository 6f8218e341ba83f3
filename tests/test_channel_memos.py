"""The channels' per-process memos give what the work they save would: the slide texts' layouts,
the subsets' widths arrays, the sentence splits, the cleaned strings, the channel options and the
staged files (``amplify/channels``, ``staging.write_staged``)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from aeoloop.amplify.channels import sanitize as sanitize_module
from aeoloop.amplify.channels.base import _clean, _cleaned
from aeoloop.amplify.channels.config import ChannelOptions, ChannelsFile
from aeoloop.amplify.channels.limits import _sentences, sentences
from aeoloop.amplify.channels.linkedin_carousel import LinkedInCarouselChannel, _laid_out, fonts_for
from aeoloop.staging import write_staged

TEXTS = [
    "Key takeaways",
    "A slide body long enough to wrap over several lines of the slide, with an ampersand & a <tag> in it.",
    "Key takeaways",  # again: the layout comes from the memo
]


class _Ctx:
    """What :func:`fonts_for` and :func:`_clean` read of a channel context."""

    class brand:  # noqa: N801 - a stand-in for the Brand attribute
        class organization:  # noqa: N801
            fonts: dict[str, str] = {}

    brand_dir = None
    site_url = "https://example.org/docs/"
    outbound = frozenset({"https://other.example/page"})

    def allowed_url(self, url: str) -> bool:
        return url.startswith(self.site_url) or url in self.outbound


def _slides(texts: list[str]) -> bytes:
    from reportlab.lib.colors import HexColor
    from reportlab.pdfgen import canvas

    regular, bold = fonts_for(_Ctx())  # type: ignore[arg-type]
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=(1080, 1350), invariant=1, pageCompression=1)
    for i, text in enumerate(texts):
        font = bold if i % 2 else regular
        LinkedInCarouselChannel._paragraph(pdf, text, font, 75.6, HexColor("#1F3A5F"), 97.2, 1100, 885.6, 540)
        pdf.showPage()
    pdf.save()
    return buf.getvalue()


def test_a_kept_layout_draws_the_same_bytes_as_a_fresh_one() -> None:
    _laid_out.cache_clear()
    fresh = _slides(TEXTS)
    assert _laid_out.cache_info().hits == 1  # the repeated title
    again = _slides(TEXTS)  # every layout from the memo, drawn on another canvas
    assert _laid_out.cache_info().misses == 2
    _laid_out.cache_clear()
    assert again == fresh == _slides(TEXTS)


def test_a_text_that_must_shrink_keeps_its_shrunk_size() -> None:
    long = " ".join(["Many words that will not fit a small box at the first size."] * 12)
    _laid_out.cache_clear()
    para, height = _laid_out(long, fonts_for(_Ctx())[0], 75.6, (0.1, 0.2, 0.3, 1), 885.6, 300)  # type: ignore[arg-type]
    assert para.style.fontSize < 75.6 and height <= 300 or para.style.fontSize < 14
    assert _laid_out(long, fonts_for(_Ctx())[0], 75.6, (0.1, 0.2, 0.3, 1), 885.6, 300) == (para, height)  # type: ignore[arg-type]


def test_split_sentences_are_each_callers_own() -> None:
    text = "One sentence here. Another one (e.g. this) follows. A third."
    first = sentences(text)
    first.append("changed by the caller")
    assert sentences(text) == ["One sentence here.", "Another one (e.g. this) follows.", "A third."]
    assert sentences("") == [] and sentences(None) == []  # type: ignore[arg-type]
    assert _sentences.cache_info().hits >= 1


def test_cleaned_strings_report_what_was_removed_every_time(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real = sanitize_module.clean_text

    def counted(text: str, allowed, *, multiline: bool = False):  # noqa: ANN001, ANN202
        calls.append(text)
        return real(text, allowed, multiline=multiline)

    text = "Read <b>this</b> at https://elsewhere.example/x and https://example.org/docs/y."

    def plain(ctx: _Ctx, multiline: bool = False) -> tuple[str, tuple[str, ...]]:
        out, problems = real(text, ctx.allowed_url, multiline=multiline)
        return out, tuple(problems)

    monkeypatch.setattr("aeoloop.amplify.channels.base.clean_text", counted)
    _cleaned.cache_clear()
    ctx = _Ctx()
    first = _clean(ctx, text, multiline=False)  # type: ignore[arg-type]
    assert first == plain(ctx) and first[1]  # a tag and a link removed: reported
    assert _clean(ctx, text, multiline=False) == first  # type: ignore[arg-type]
    assert calls == [text]  # the second time from the memo, its problems reported again
    assert _clean(ctx, text, multiline=True) == plain(ctx, True)  # type: ignore[arg-type]

    class Other(_Ctx):
        outbound = frozenset({"https://elsewhere.example/x"})

    assert _clean(Other(), text, multiline=False) == plain(Other())  # type: ignore[arg-type]
    assert len(calls) == 3  # another mode, other allowed links: cleaned afresh


def test_channel_options_are_the_fields_and_the_extra_keys() -> None:
    file = ChannelsFile()
    for name in ("ai-answer", "linkedin-carousel", "x-thread", "short-video-script", "newsletter"):
        assert file.options(name) is dict(file.channels)[name.replace("-", "_")]
    assert type(file.options("no-such-channel")) is ChannelOptions


def test_staged_files_are_written_into_new_and_existing_folders(tmp_path: Path) -> None:
    first = write_staged(tmp_path, "a/page", {"channels/one.md": "one", "channels/deck.pdf": b"%PDF-1"})
    assert (tmp_path / "a/page/channels/one.md").read_text() == "one"
    assert (tmp_path / "a/page/channels/deck.pdf").read_bytes() == b"%PDF-1"
    again = write_staged(tmp_path, "a/page", {"channels/one.md": "newer"})  # a fallback: the newest wins
    assert (tmp_path / "a/page/channels/one.md").read_text() == "newer"
    assert again["channels/one.md"].sha256 != first["channels/one.md"].sha256
