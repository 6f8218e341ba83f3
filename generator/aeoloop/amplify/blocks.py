"""The visible answer blocks injected into each page: summary + key takeaways, and the FAQ.

Generated text is untrusted (a model or a report may have written it), so every string is
escaped here; the only markup is ours. Classes reuse Material's admonition styles, so the blocks
look native in any palette, and the ids are what JSON-LD ``speakable`` and ``verify`` point at.
"""

from __future__ import annotations

import re
from html import escape, unescape

from ..artifacts import PageArtifacts

LABELS = {
    "en": {"summary": "Summary", "takeaways": "Key takeaways", "faq": "Frequently asked questions"},
    "it": {"summary": "In sintesi", "takeaways": "Punti chiave", "faq": "Domande frequenti"},
    "de": {"summary": "Zusammenfassung", "takeaways": "Das Wichtigste", "faq": "Häufige Fragen"},
    "fr": {"summary": "En bref", "takeaways": "À retenir", "faq": "Questions fréquentes"},
    "es": {"summary": "Resumen", "takeaways": "Puntos clave", "faq": "Preguntas frecuentes"},
}


def labels(lang: str) -> dict[str, str]:
    return LABELS.get(lang, LABELS["en"])


def summary_box(art: PageArtifacts, lang: str, *, summary_html: str | None = None) -> str:
    """The summary box. ``summary_html`` is the page's own opening paragraphs (already rendered by
    MkDocs from the writer's Markdown) when they *are* the summary: they move into the box
    instead of being printed twice."""
    if not art.summary and not art.takeaways:
        return ""
    text = labels(lang)
    parts = [
        '<div class="admonition abstract aeoloop-summary" id="aeoloop-summary">',
        f'<p class="admonition-title">{escape(text["summary"])}</p>',
    ]
    if summary_html:
        parts.append(f'<div class="aeoloop-summary-text">{summary_html}</div>')
    elif art.summary:
        parts.append(f'<p class="aeoloop-summary-text">{escape(art.summary)}</p>')
    if art.takeaways:
        parts.append(f'<p class="aeoloop-takeaways-title"><strong>{escape(text["takeaways"])}</strong></p>')
        parts.append('<ul class="aeoloop-takeaways">' + "".join(f"<li>{escape(t)}</li>" for t in art.takeaways) + "</ul>")
    parts.append("</div>")
    return "\n".join(parts)


def faq_section(art: PageArtifacts, lang: str) -> str:
    if not art.faq:
        return ""
    text = labels(lang)
    items = [
        '<div class="aeoloop-faq-item" id="faq-{n}"><h3 class="aeoloop-faq-question">{q}</h3>'
        '<div class="aeoloop-faq-answer"><p>{a}</p></div></div>'.format(n=n, q=escape(qa.question), a=escape(qa.answer))
        for n, qa in enumerate(art.faq, start=1)
    ]
    return (
        '<section class="aeoloop-faq" id="faq">'
        f'<h2 id="frequently-asked-questions">{escape(text["faq"])}</h2>'
        + "".join(items)
        + "</section>"
    )


_P_RE = re.compile(r"\s*<p>(.*?)</p>", re.S)
_TAG_RE = re.compile(r"<[^>]+>")


def split_opening(html: str, summary: str) -> tuple[str, str] | None:
    """If the first paragraphs of ``html`` say exactly ``summary``, return (those paragraphs, rest)."""
    target = " ".join(summary.split())
    pos, texts = 0, []
    while True:
        match = _P_RE.match(html, pos)
        if not match:
            return None
        texts.append(" ".join(unescape(_TAG_RE.sub("", match.group(1))).split()))
        pos = match.end()
        joined = " ".join(texts)
        if joined == target:
            return html[:pos].strip(), html[pos:]
        if not target.startswith(joined):
            return None
