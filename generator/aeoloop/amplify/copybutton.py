"""The "Copy page as Markdown" control: a link to the page's Markdown mirror, enhanced by a
small script (assets/aeoloop-copy.js) into a copy-to-clipboard action.

Why a link first: it works without JavaScript (it opens the mirror), it is focusable and
announced by screen readers as what it is, and the script only adds the copy on top; the
status text goes to a polite live region. The href is relative so the copy also works on
previews served from another host than ``site_url`` (the script fetches same-origin only).
"""

from __future__ import annotations

import posixpath
from html import escape

JS_URI = "assets/aeoloop/aeoloop-copy.js"

_LABELS: dict[str, tuple[str, str]] = {
    "en": ("Copy page as Markdown", "Copied to the clipboard"),
    "it": ("Copia la pagina in Markdown", "Copiata negli appunti"),
    "de": ("Seite als Markdown kopieren", "In die Zwischenablage kopiert"),
    "fr": ("Copier la page en Markdown", "Copiée dans le presse-papiers"),
    "es": ("Copiar la página como Markdown", "Copiada al portapapeles"),
}


def relative_href(page_url: str, mirror: str) -> str:
    """``mirror`` (site-relative) as a link relative to the page at ``page_url``."""
    folder = page_url if page_url.endswith("/") or page_url == "" else posixpath.dirname(page_url)
    return posixpath.relpath(mirror, folder or ".")


def copy_control(page_url: str, mirror: str, lang: str) -> str:
    """The control's HTML; left out of Material's search index (a label, the same on every page)."""
    label, done = _LABELS.get(lang, _LABELS["en"])
    href = escape(relative_href(page_url, mirror), quote=True)
    return (
        f'<p class="aeoloop-copy" data-search-exclude><a class="aeoloop-copy-link" href="{href}" type="text/markdown" '
        f'data-aeoloop-copy data-copied="{escape(done, quote=True)}">{escape(label)}</a>'
        '<span class="aeoloop-copy-status" role="status" aria-live="polite"></span></p>'
    )
