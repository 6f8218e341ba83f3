"""The render hook's page analyses (:mod:`aeoloop.amplify.blocks`) made cheaper without changing an
answer: :func:`~aeoloop.amplify.blocks.answered_in_body` and :func:`~aeoloop.amplify.blocks.split_opening`
run on every page of a CI build (the rendered-fragment cache is empty there). Each fast path is held equal, on generated text and HTML,
to the code it replaced (kept here as the reference): split_key in fewer passes on ASCII text, and
the normalised length of a paragraph's text kept as it is read instead of measured again at every
space."""

from __future__ import annotations

import re
from html import unescape

from hypothesis import example, given, settings
from hypothesis import strategies as st

from aeoloop.amplify import blocks, samekey
from aeoloop.artifacts import QA, PageArtifacts
from aeoloop.text import normalize, split_key

PIECES = [
    "a",
    "Bo",
    "x1",
    " ",
    "  ",
    "\n",
    "\t",
    "\xa0",
    "\u2028",
    ".",
    ";",
    ",",
    ", and",
    ",and",
    " and ",
    "andy",
    ", but",
    " but",
    "but",
    "&amp;",
    "&nbsp;",
    "&nbsp",
    "&#32;",
    "&",
    "é",
    "É",
    "’",
    "“",
    "ﬁ",
    "²",
    "Å",
    "ß",
    "İ",
    "?",
    ":",
]
TEXT = st.lists(st.sampled_from(PIECES), max_size=30).map("".join)
TAGS = ["<em>", "</em>", '<a href="#x">', "</a>", "<br>", "<br/>", '<img src="i.png"/>', "<code>", "</code>"]
INNER = st.lists(st.sampled_from(PIECES + TAGS), max_size=30).map("".join)


def _reference_split_paragraph(inner: str, chars: int) -> tuple[str, str] | None:
    """blocks._split_paragraph as it was (the normalised text measured again at every step)."""
    depth, seen = 0, ""
    for piece in re.finditer(r"<[^>]+>|[^<]+", inner):
        token = piece.group(0)
        if token.startswith("<"):
            if token.startswith("</"):
                depth -= 1
            elif not token.endswith("/>") and not re.match(r"<(br|img|wbr)\b", token):
                depth += 1
            continue
        if len(" ".join((seen + unescape(token)).split())) < chars:
            seen += unescape(token)
            continue
        for space in (m.start() for m in re.finditer(" ", token)):
            done = len(" ".join((seen + unescape(token[:space])).split()))
            if done == chars:
                return (inner[: piece.start() + space], inner[piece.start() + space :].lstrip()) if depth == 0 else None
            if done > chars:
                return None
        return None
    return None


@settings(max_examples=1500, deadline=None)
@given(TEXT | st.text())
@example("A hall, and a probe.  B;c")
@example("ﬁne. ok")
@example("J̌ ǰ J\u030c, and \u1e9b\u0323")
def test_normalize_and_split_key_in_fewer_passes_are_the_text_modules(text):
    assert samekey.same_text(text) == normalize(text)
    assert samekey.same_key(text) == split_key(text)
    for spaced in (" ".join(text.split()).casefold(), normalize(text)):  # what the callers pass as spaced
        assert samekey.same_key(spaced, spaced=True) == split_key(spaced)


@settings(max_examples=1500, deadline=None)
@given(INNER, st.integers(min_value=-1, max_value=60))
@example("one two three", 3)
@example("one <em>two</em> three four", 7)
@example("a&nbsp; b c", 3)
@example(" lead and\ttabs  here", 8)
@example("one<br> two three", 7)  # a run that begins with a space after a word of the run before
def test_split_paragraph_is_the_one_it_replaced(inner, chars):
    assert blocks._split_paragraph(inner, chars) == _reference_split_paragraph(inner, chars)


def _reference_answered_in_body(html: str, art: PageArtifacts) -> dict[int, tuple[str, str]]:
    """blocks.answered_in_body as it was (text.split_key on every section and answer)."""
    if not art.faq:
        return {}
    sections = []
    matches = list(blocks._HEADING_RE.finditer(html))
    for k, m in enumerate(matches):
        end = matches[k + 1].start() if k + 1 < len(matches) else len(html)
        title = blocks._text(m.group(3)).rstrip("¶").strip()
        body = blocks._BLOCK_TAG_RE.sub(" ", html[m.end() : end])
        sections.append((m.group(2), title, blocks._text(body).casefold()))
    keys: list[str | None] = [None] * len(sections)
    out = {}
    for i, qa in enumerate(art.faq):
        answer = " ".join(qa.answer.split()).casefold()
        if not answer:
            continue
        answer_key = split_key(answer)
        for k, (anchor, title, body) in enumerate(sections):
            if answer in body:
                out[i] = (anchor, title)
                break
            key = keys[k]
            if key is None:
                key = keys[k] = split_key(body)
            if answer_key in key:
                out[i] = (anchor, title)
                break
    return out


@settings(max_examples=600, deadline=None)
@given(st.lists(st.tuples(TEXT, INNER), min_size=1, max_size=4), st.lists(TEXT, min_size=1, max_size=4), st.data())
def test_answered_in_body_is_the_one_it_replaced(sections, answers, data):
    html = "".join(f'<h2 id="s{k}">{title}</h2>\n<p>{body}</p>' for k, (title, body) in enumerate(sections))
    # answers that the body prints (as written, or re-split) as well as made-up ones
    answers = answers + [data.draw(st.sampled_from([unescape(re.sub(r"<[^>]+>", "", b)) for _, b in sections]))]
    art = PageArtifacts(faq=[QA(f"Q{i}?", a) for i, a in enumerate(answers)])
    assert blocks.answered_in_body(html, art) == _reference_answered_in_body(html, art)


def _reference_said_in_body(html: str, texts: list[str]) -> frozenset[str]:
    """blocks.said_in_body as it was (text.normalize and text.split_key, memoised, on the page's text)."""
    body: str | None = None
    body_key: str | None = None
    kept: list[str] = []
    said: set[str] = set()
    seen: set[str] = set()
    for text in texts:
        if not text.strip() or text in seen:
            continue
        seen.add(text)
        sentences = blocks.split_sentences(text)
        new = False
        for sentence in sentences:
            if sentence in html or blocks.escape(sentence, quote=False) in html:
                continue
            wanted = normalize(sentence)
            if any(wanted in k for k in kept):
                continue
            if body is None:
                body = normalize(blocks._text(blocks._BLOCK_TAG_RE.sub(" ", html)))
            if wanted in body:
                continue
            if body_key is None:
                body_key = split_key(body)
            if split_key(wanted) not in body_key:
                new = True
                break
        if new:
            kept.extend(normalize(s) for s in sentences)
        else:
            said.add(text)
    return frozenset(said)


BLOCK_TAGS = ["<p>", "</p>", "<li>", "</li>", '<h2 id="a">', "</h2>", "<div>", "</div>"]


@settings(max_examples=800, deadline=None)
@given(
    st.lists(st.sampled_from(PIECES + TAGS + BLOCK_TAGS), max_size=40).map("".join),
    st.lists(TEXT, max_size=4),
    st.data(),
)
@example(
    "<p>Acme counts \u2019every\u2019 stop.</p><p>It is, and new.</p>",
    ["Acme counts 'every' stop.", "It is. And new."],
    None,
)
def test_said_in_body_is_the_one_it_replaced(html, texts, data):
    if data is not None:  # texts the page says (its text runs, re-punctuated or not) as well as made-up ones
        runs = [unescape(t) for t in re.split(r"<[^>]+>", html) if t.strip()]
        if runs:
            texts = texts + [data.draw(st.sampled_from(runs)), " ".join(runs).upper()]
    assert blocks.said_in_body(html, texts) == _reference_said_in_body(html, texts)


def test_the_fragment_keys_follow_the_key_code(monkeypatch):
    """The cached answers of the hooks (:mod:`aeoloop.amplify.fragments`) are keyed by the code that
    made them: an edit to the key functions makes every page's analyses again."""
    from pathlib import Path

    from aeoloop.amplify import fragments

    monkeypatch.setattr(fragments, "_BLOCKS_VERSION", None)
    before = fragments._blocks_version()
    real = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: real(self) + (b"#" if self.name == "samekey.py" else b""))
    monkeypatch.setattr(fragments, "_BLOCKS_VERSION", None)
    assert fragments._blocks_version() != before
