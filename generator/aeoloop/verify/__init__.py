"""Read the built site back the way an answer-engine crawler does, and fail on what it would reject.

``aeoloop build`` writes JSON-LD, a visible summary box, a FAQ section, ``llms.txt``
and Markdown mirrors (see the build contract in the project docs).  Writing them is
not enough: one trailing comma, a dangling ``@id`` or a FAQ answer that is only in
the markup makes Google, Bing and LLM crawlers drop or distrust the page.  This
package checks the *output* (``site/``), not the templates, so it also catches what
themes, overrides and other plugins did to the pages after aeoloop rendered them.

Design choices that matter for speed (verify runs at the end of every build):

* Each page is parsed **once** with lxml's HTML parser (libxml2, the same parser
  extruct uses).  The parsed tree is handed to ``extruct.extract`` directly, so the
  "crawler view" costs an XPath and a ``json.loads``, not a second parse.
* ``extruct`` is imported lazily: importing it costs ~350 ms (it pulls in mf2py and
  rdflib helpers), and only a page with a script a strict JSON parser rejects needs it
  (on the others its view is the strict parser's, see ``jsonld_parse``): a build whose
  JSON-LD is valid never pays for it, cached or not (CI).
* With ``cache_path`` a page whose HTML bytes hash to the cached sha256 is not
  parsed at all; its findings and score inputs come from the cache.  The cache is
  keyed by :data:`VERSION` and ``site_url`` so changing a check or the site URL
  invalidates it.  Checks that look at *other* files (Markdown mirrors, llms.txt,
  robots.txt, sitemap.xml) are cheap and never cached, because a page's bytes do
  not change when its mirror is deleted.
* ``jobs > 1`` analyses cache misses in a process pool (the work is CPU-bound
  Python, so threads would not help).

The public API is :func:`verify_site`, which returns a :class:`VerifyReport`.

Layout (each module imports only the ones above it):

* ``report``: :class:`Finding`, :class:`PageScore`, :class:`VerifyReport`, ``VERSION``, ``CHECK_IDS``.
* ``facts``: what one page's analysis yields (findings + score inputs), the cached unit.
* ``html``, ``urls``: parsing a page, visible text and content area; URL resolution.
* ``jsonld_parse``: strict JSON and the extruct crawler view of the ld+json scripts.
* ``graph``, ``jsonld``: the ``@id`` index of a page's graph and the per-type schema checks.
* ``readback``: the reading view of a page, the key of its analysis and the analysis as a manifest
  records it (no lxml: the build process uses it while MkDocs renders).
* ``page``: every per-page check in order (cacheable, runs in pool workers).
* ``score``: the AEO readiness score and its fix sentences.
* ``site_files``: llms.txt, Markdown mirrors, robots.txt, sitemap.xml.
* ``cache``: the per-page cache file.
* ``driver``: :func:`verify_site`, which ties the passes together.

Patch points: ``report.VERSION``, ``driver.POOL_MIN_PAGES`` and ``page._parse_html`` are module
globals read at call time (tests patch them to bump the cache version, force the pool and count
parses); no module of the package imports the package itself, so it has no import cycle.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .report import CHECK_IDS, VERSION, Finding, PageScore, VerifyReport
from .score import SCORE_WEIGHTS

if TYPE_CHECKING:
    from .driver import verify_site


def __getattr__(name: str) -> Any:
    """``verify_site`` on first use (PEP 562): the driver imports every check and lxml, and a build
    imports this package before MkDocs renders (:mod:`.prefetch`), when memory taken stays taken."""
    if name != "verify_site":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from .driver import verify_site  # lazy: see above

    globals()[name] = verify_site
    return verify_site


__all__ = [
    "VERSION",
    "CHECK_IDS",
    "SCORE_WEIGHTS",
    "Finding",
    "PageScore",
    "VerifyReport",
    "verify_site",
]
