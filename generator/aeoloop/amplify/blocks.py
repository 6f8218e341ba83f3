"""The visible answer blocks injected into each page: summary + key takeaways, and the FAQ.

Generated text is untrusted (a model or a report may have written it), so every string is
escaped here; the only markup is ours. Classes reuse Material's admonition styles, so the blocks
look native in any palette, and the ids are what JSON-LD ``speakable`` and ``verify`` point at.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import escape, unescape

from .. import answer_code
from ..artifacts import PageArtifacts
from ..text import split_sentences
from .samekey import lengths_at_spaces, same_key, same_text, spaced_len

SEARCH_EXCLUDE = " data-search-exclude"
"""The attribute Material's search plugin honours (its indexer skips the element and what is in
it): on text the page already says, so its search index holds each sentence once, and on labels
that are the same on every page. Put only on elements that hold no element of the same tag
(Material 9.x ends the exclusion at the first closing tag of that name inside it)."""

LABELS = {
    "en": {
        "summary": "Summary",
        "takeaways": "Key takeaways",
        "faq": "Frequently asked questions",
        "answered": "Answered under",
    },
    "it": {"summary": "In sintesi", "takeaways": "Punti chiave", "faq": "Domande frequenti", "answered": "Risposta in"},
    "de": {
        "summary": "Zusammenfassung",
        "takeaways": "Das Wichtigste",
        "faq": "Häufige Fragen",
        "answered": "Beantwortet unter",
    },
    "fr": {"summary": "En bref", "takeaways": "À retenir", "faq": "Questions fréquentes", "answered": "Réponse dans"},
    "es": {
        "summary": "Resumen",
        "takeaways": "Puntos clave",
        "faq": "Preguntas frecuentes",
        "answered": "Respuesta en",
    },
}


def labels(lang: str) -> dict[str, str]:
    return LABELS.get(lang, LABELS["en"])


def summary_box(
    art: PageArtifacts, lang: str, *, summary_html: str | None = None, said: frozenset[str] = frozenset()
) -> str:
    """The summary box. ``summary_html`` is the page's own opening paragraphs (already rendered by
    MkDocs from the writer's Markdown) when they *are* the summary: they move into the box
    instead of being printed twice. ``said``: the summary and takeaways the page already says
    (:func:`said_in_body`), left out of the search index (``data-search-exclude``); the
    writer's opening moved into the box is said only here and stays in."""
    if not art.summary and not art.takeaways:
        return ""
    text = labels(lang)
    parts = [
        '<div class="admonition abstract aeoloop-summary" id="aeoloop-summary">',
        f'<p class="admonition-title"{SEARCH_EXCLUDE}>{escape(text["summary"])}</p>',
    ]
    if summary_html:
        parts.append(f'<div class="aeoloop-summary-text">{summary_html}</div>')
    elif art.summary:
        skip = SEARCH_EXCLUDE if art.summary in said else ""
        parts.append(f'<p class="aeoloop-summary-text"{skip}>{escape(art.summary)}</p>')
    if art.takeaways:
        parts.append(
            f'<p class="aeoloop-takeaways-title"{SEARCH_EXCLUDE}><strong>{escape(text["takeaways"])}</strong></p>'
        )
        if all(t in said for t in art.takeaways):
            items = "".join(f"<li>{escape(t)}</li>" for t in art.takeaways)
            parts.append(f'<ul class="aeoloop-takeaways"{SEARCH_EXCLUDE}>{items}</ul>')
        else:
            items = "".join(f"<li{SEARCH_EXCLUDE if t in said else ''}>{escape(t)}</li>" for t in art.takeaways)
            parts.append(f'<ul class="aeoloop-takeaways">{items}</ul>')
    parts.append("</div>")
    return "\n".join(parts)


def said_in_body(html: str, texts: Sequence[str]) -> frozenset[str]:
    """Those of ``texts`` whose every sentence the page's ``html`` already says, or a text before
    it in ``texts`` that is not itself left out (in page order: summary, takeaways, then each FAQ
    question and its answer).

    Why: extractive summaries, takeaways and answers quote the page; Material's search plugin
    would index each quoted sentence twice (the index grew 23% and its parsing is a fifth of the
    render). A sentence is said when the HTML holds it as written (the usual quote: no
    normalising at all, as a CI build computes this for every page), else when the page's text
    holds it normalised (tags, spacing, case and quote marks ignored; a sentence split at a clause
    boundary is the same sentence). Sentence by sentence, so a text that adds one sentence of
    its own is indexed whole. The keys are :mod:`.samekey`'s (the text module's, in fewer passes and
    not memoised: the text module's memo held every page's normalised text and its key to the end
    of a CI build, ~25 KB a page).
    """
    body: str | None = None  # the page's text, normalised: made for the first sentence not found as written
    body_key: str | None = None
    kept: list[str] = []  # normalised sentences of the texts indexed so far (new to the page)
    said: set[str] = set()
    seen: set[str] = set()
    for text in texts:
        if not text.strip() or text in seen:
            continue  # (a text given twice is indexed as its first place was: one set of texts is returned)
        seen.add(text)
        sentences = split_sentences(text)
        new = False
        for sentence in sentences:
            if sentence in html or escape(sentence, quote=False) in html:
                continue
            wanted = same_text(sentence)
            if any(wanted in k for k in kept):
                continue
            if body is None:
                body = same_text(_text(_BLOCK_TAG_RE.sub(" ", html)))
            if wanted in body:
                continue
            if body_key is None:
                body_key = same_key(body, spaced=True)
            if same_key(wanted, spaced=True) not in body_key:
                new = True
                break
        if new:
            kept.extend(same_text(s) for s in sentences)
        else:
            said.add(text)
    return frozenset(said)


def faq_section(
    art: PageArtifacts,
    lang: str,
    *,
    answered: dict[int, tuple[str, str]] | None = None,
    said: frozenset[str] = frozenset(),
) -> str:
    """The visible FAQ. ``answered`` maps an item's index to the (anchor id, heading text) of the
    section that already prints its answer word for word (see :func:`answered_in_body`): that item
    shows its question and a link to the answer instead of printing the same paragraph twice. The
    FAQPage JSON-LD keeps the full answer, which is visible on the page under that heading.
    A question or an answer the page already says (``said``, :func:`said_in_body`; a question is
    often the heading of its answer) and the link to an answer are left out of Material's search
    index; the other questions and answers are indexed."""
    if not art.faq:
        return ""
    text = labels(lang)
    answered = answered or {}
    items = []
    for n, qa in enumerate(art.faq, start=1):
        where = answered.get(n - 1)
        if where is None:
            answer = answer_code.to_html(qa.answer, escape)  # a quoted code block as <pre><code>
        else:
            answer = f'<p>{escape(text["answered"])} <a href="#{escape(where[0])}">{escape(where[1])}</a>.</p>'
        cls = "aeoloop-faq-item" if where is None else "aeoloop-faq-item aeoloop-faq-ref"
        skip = SEARCH_EXCLUDE if where is not None or qa.answer in said else ""
        ask = SEARCH_EXCLUDE if qa.question in said else ""  # a question that is the heading of its answer
        items.append(
            f'<div class="{cls}" id="faq-{n}"><h3 class="aeoloop-faq-question"{ask}>{escape(qa.question)}</h3>'
            f'<div class="aeoloop-faq-answer"{skip}>{answer}</div></div>'
        )
    # one item a line: Material's indexer keeps no tag of a question, so without the space between
    # them the questions of an excluded FAQ would run together into one word at each join
    return (
        '<section class="aeoloop-faq" id="faq">'
        f'<h2 id="frequently-asked-questions">{escape(text["faq"])}</h2>' + "\n".join(items) + "</section>"
    )


_P_RE = re.compile(r"\s*<p>(.*?)</p>", re.S)
_BLOCK_TAG_RE = re.compile(r"</?(?:p|li|ul|ol|dl|dt|dd|div|h[1-6]|table|tr|td|th|blockquote|pre|br|hr)\b[^>]*>", re.I)
_HEADING_RE = re.compile(r"<h([2-6])\b[^>]*\bid=\"([^\"]+)\"[^>]*>(.*?)</h\1>", re.S)


def answered_in_body(html: str, art: PageArtifacts) -> dict[int, tuple[str, str]]:
    """FAQ items whose answer the page body already prints, word for word, under one heading.

    Returns index → (the heading's anchor id, its text). Why: an extractive answer is the opening
    of the section it was made from; printing it again in the FAQ would show the same paragraph
    twice. Matching is on normalised text (tags, spacing and case ignored), so a locked or
    hand-edited answer that no longer matches the body is printed in full.
    """
    if not art.faq:
        return {}
    sections: list[tuple[str, str, str]] = []
    matches = list(_HEADING_RE.finditer(html))
    for k, m in enumerate(matches):
        end = matches[k + 1].start() if k + 1 < len(matches) else len(html)
        title = _text(m.group(3)).rstrip("¶").strip()
        body = _BLOCK_TAG_RE.sub(" ", html[m.end() : end])  # "</p><p>" separates words; "<em>" does not
        sections.append((m.group(2), title, _text(body).casefold()))
    keys: list[str | None] = [None] * len(sections)  # each section's split_key, made when first needed
    out: dict[int, tuple[str, str]] = {}
    for i, qa in enumerate(art.faq):
        answer = " ".join(qa.answer.split()).casefold()
        if not answer:
            continue
        answer_key: str | None = None  # made when a section does not print the answer word for word
        for k, (anchor, title, body) in enumerate(sections):
            # word for word, or the writer's sentence split at a clause boundary to keep within the
            # brand's sentence limit (the same words in the same order): the body prints it either way
            if answer in body:
                out[i] = (anchor, title)
                break
            if answer_key is None:
                answer_key = same_key(answer, spaced=True)
            key = keys[k]
            if key is None:
                key = keys[k] = same_key(body, spaced=True)
            if answer_key in key:
                out[i] = (anchor, title)
                break
    return out


_TAG_RE = re.compile(r"<[^>]+>")
_PIECE_RE = re.compile(r"<[^>]+>|[^<]+")


def _text(html: str) -> str:
    return " ".join(unescape(_TAG_RE.sub("", html)).split())


def _split_paragraph(inner: str, chars: int) -> tuple[str, str] | None:
    """Split a paragraph's inner HTML after ``chars`` characters of normalised text, at top level.

    Returns None when the split point falls inside inline markup (a link, bold text…): the
    paragraph is then left whole rather than risk unbalanced tags. "Normalised text" is the
    unescaped text one-spaced (``" ".join(t.split())``); its length is kept as the text runs are
    read (see :func:`_spaced_len`), not measured again from the start at every run and space.
    """
    depth = 0
    seen_len, seen_space = 0, False  # the normalised length of the text so far; whether it ends in a space
    for piece in _PIECE_RE.finditer(inner):
        token = piece.group(0)
        if token.startswith("<"):
            if token.startswith("</"):
                depth -= 1
            elif not token.endswith("/>") and not re.match(r"<(br|img|wbr)\b", token):
                depth += 1
            continue
        text = unescape(token)
        after = spaced_len(seen_len, seen_space, text)
        if after < chars:
            seen_len, seen_space = after, (text[-1:].isspace() if text else seen_space)
            continue
        # The boundary falls in this text run: it must be one of its spaces, at top level.
        for space, done in lengths_at_spaces(token, seen_len, seen_space):
            if done == chars:
                return (inner[: piece.start() + space], inner[piece.start() + space :].lstrip()) if depth == 0 else None
            if done > chars:
                return None
        return None
    return None


def _first_paragraph(html: str) -> int | None:
    """Offset of the first top-level ``<p>`` before any heading (an admonition or a figure may come
    first: Docusaurus pages often open with a ``:::tip``), or None."""
    depth = 0
    for piece in _PIECE_RE.finditer(html):
        token = piece.group(0)
        if not token.startswith("<"):
            if depth == 0 and token.strip():
                return None  # loose text at the top: not a page we understand
            continue
        if depth == 0 and re.match(r"<h[1-6]\b", token):
            return None
        if depth == 0 and token == "<p>":
            return piece.start()
        if token.startswith("</"):
            depth -= 1
        elif not token.endswith("/>") and not re.match(r"<(br|img|wbr|hr|input|meta|link)\b", token):
            depth += 1
    return None


def _as_written(html: str, summary: str) -> str | None:
    """The start of the opening paragraphs' text, up to a sentence end, that is ``summary`` with
    its long sentences as the writer wrote them (the summary split them at a clause boundary: the
    same :func:`aeoloop.text.split_key`); None when there is no such start."""
    wanted = same_key(summary)
    texts: list[str] = []
    pos = 0
    while (match := _P_RE.match(html, pos)) is not None:
        texts.append(_text(match.group(1)))
        pos = match.end()
    text = " ".join(texts)
    for end in re.finditer(r"[.!?][\"')\]]*(?=\s|$)", text):
        prefix = text[: end.end()]
        if same_key(prefix) == wanted:
            return prefix
    return None


def split_opening(html: str, summary: str) -> tuple[str, str] | None:
    """If the page's first paragraphs say ``summary``, return (that HTML, the rest of the page).

    The writer's own opening then moves into the summary box, with its links and emphasis,
    instead of being printed twice. A paragraph that goes on after the summary is split at the
    sentence boundary when that is safe. Blocks before the first paragraph (an admonition) stay
    where they are, after the box.
    """
    start = _first_paragraph(html)
    if start is None:
        return None
    if start:
        found = split_opening(html[start:], summary)
        return (found[0], html[:start] + found[1]) if found else None
    target = " ".join(summary.split())
    target_key: str | None = None
    pos = 0
    texts: list[str] = []
    while True:
        match = _P_RE.match(html, pos)
        if not match:
            # The summary is the whole opening and goes on under the first heading (an opening too
            # short to summarise alone): the opening moves into the box, the rest is added as text.
            done = " ".join(texts)
            if texts and target.startswith(done + " ") and target[len(done) + 1 :][:1].isupper():
                return html[:pos].strip() + f"\n<p>{escape(target[len(done) + 1 :])}</p>", html[pos:]
            return _split_as_written(html, summary)
        text = _text(match.group(1))
        joined = " ".join([*texts, text])
        if joined == target:
            return html[: match.end()].strip(), html[match.end() :]
        if target_key is None:
            target_key = same_key(target)
        if same_key(joined) == target_key:
            # the opening as written, or split at a clause boundary to keep within the brand's
            # sentence limit: the box shows the writer's paragraphs (with their links) either way
            return html[: match.end()].strip(), html[match.end() :]
        if not target.startswith(joined):
            done = " ".join(texts)
            rest_chars = len(target) - (len(done) + 1 if done else 0)
            if not joined.startswith(target) or not texts and rest_chars <= 0:
                written = _split_as_written(html, summary)
                if (
                    written is None
                    and texts
                    and target.startswith(done + " ")
                    and target[len(done) + 1 :][:1].isupper()
                ):
                    # The whole first paragraphs, then sentences quoted from further down the page (a
                    # short opening the page goes on from with a scene): the paragraphs move into the
                    # box and the quoted sentences are added as text, as after an opening that ends.
                    return html[:pos].strip() + f"\n<p>{escape(target[len(done) + 1 :])}</p>", html[pos:]
                return written
            split = _split_paragraph(match.group(1), rest_chars)
            if split is None:
                return None
            head = html[: match.start()].strip()
            lead = f"{head}\n<p>{split[0].rstrip()}</p>" if head else f"<p>{split[0].rstrip()}</p>"
            return lead, f"\n<p>{split[1]}</p>" + html[match.end() :]
        texts.append(text)
        pos = match.end()


def _split_as_written(html: str, summary: str) -> tuple[str, str] | None:
    """:func:`split_opening` for a summary that is the opening with a long sentence split at a
    clause boundary: the writer's own text of the same words moves into the box."""
    written = _as_written(html, summary)
    if written is None or written == " ".join(summary.split()):
        return None
    return split_opening(html, written)
