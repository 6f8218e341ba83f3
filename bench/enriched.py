"""A second baseline: plain MkDocs building the same enriched pages aeoloop renders.

    .venv/bin/python bench/enriched.py PROJECT_DIR     # after an `aeoloop build` of PROJECT_DIR

Why: a warm aeoloop build renders pages that are longer than the writer's (summary box and key
takeaways, FAQ, audience block, copy control, JSON-LD), so Material spends more time on each of
them (Markdown, templates, the search indexer) than on the plain pages. Comparing aeoloop with
plain MkDocs on the *enriched* pages separates what the extra content costs Material from what
the plugin and the engine's steps cost.

For every page aeoloop built, the page's Markdown is written to ``content-enriched/`` with what
the plugin adds written into it as raw HTML, copied from aeoloop's own output
(``site/<page>/index.html``), byte for byte:

- everything the page shows before its first ``##`` section (copy control, audience block and
  its script, summary box with the opening it took in, what is left of the opening): raw HTML
  instead of the Markdown opening;
- every ``##`` section as the writer's Markdown (MkDocs renders it, as for aeoloop);
- the FAQ section, raw HTML at the end;
- the JSON-LD ``<script>`` (in ``<head>`` under aeoloop; in the body here: a plain MkDocs site has
  no way to put it in ``<head>`` without a plugin or a theme override).

``mkdocs-enriched.yml`` is ``mkdocs-plain.yml`` with ``docs_dir: content-enriched``: the same
theme, extensions and search plugin, no aeoloop. Not in it: llms.txt, Markdown mirrors,
robots.txt and ``_headers`` (files the plugin writes), the ``<link>``/``<meta>`` lines of the head.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
from pathlib import Path

CONFIG = "mkdocs-enriched.yml"
CONTENT = "content-enriched"
FRONT_RE = re.compile(r"\A---\n.*?\n---\n", re.S)
ARTICLE_RE = re.compile(r'<article class="md-content__inner md-typeset">(.*?)</article>', re.S)
H1_RE = re.compile(r"<h1\b[^>]*>.*?</h1>", re.S)
JSONLD_RE = re.compile(r'<script type="application/ld\+json" id="aeoloop-jsonld">.*?</script>', re.S)
FAQ_START = '<section class="aeoloop-faq"'
SECTION_RE = re.compile(r"^## ", re.M)


def site_page(site: Path, src_uri: str) -> Path:
    """Where MkDocs (``use_directory_urls``) wrote the page of ``src_uri``."""
    stem = src_uri[: -len(".md")]
    if stem == "index" or stem.endswith("/index"):
        return site / stem[: -len("index")] / "index.html"
    return site / stem / "index.html"


def enrich(markdown: str, html: str) -> str | None:
    """The page's Markdown with what aeoloop's HTML adds to it (see the module docstring); None
    when the HTML is not a page aeoloop enriched (no article, no ``##`` section to anchor on)."""
    article = ARTICLE_RE.search(html)
    front = FRONT_RE.match(markdown)
    if article is None or front is None:
        return None
    content = article.group(1)
    h1 = H1_RE.search(content)
    if h1 is not None:
        content = content[h1.end() :]
    faq_at = content.find(FAQ_START)
    faq = content[faq_at : content.index("</section>", faq_at) + len("</section>")] if faq_at != -1 else ""
    first_h2 = content.find("<h2 ")
    body = markdown[front.end() :]
    first_section = SECTION_RE.search(body)
    if first_h2 == -1 or first_section is None or (faq_at != -1 and first_h2 > faq_at):
        return None
    lead = content[:first_h2].strip()
    jsonld = JSONLD_RE.search(html)
    parts = [front.group(0), lead, body[first_section.start() :].rstrip()]
    if faq:
        parts.append(faq)
    if jsonld is not None:
        parts.append(jsonld.group(0))
    return "\n\n".join(parts) + "\n"


def write(project: Path) -> tuple[Path, int]:
    """Write ``content-enriched/`` and ``mkdocs-enriched.yml`` into ``project`` from its built
    ``site/``; returns the config and the number of pages enriched."""
    content, site, out = project / "content", project / "site", project / CONTENT
    if not site.is_dir():
        raise SystemExit(f"{site} not found: build the project with `aeoloop build` first")
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(content, out)
    enriched = 0
    for path in sorted(content.rglob("*.md")):
        src_uri = path.relative_to(content).as_posix()
        built = site_page(site, src_uri)
        if not built.is_file():
            continue
        text = enrich(path.read_text(encoding="utf-8"), built.read_text(encoding="utf-8"))
        if text is not None:
            (out / src_uri).write_text(text, encoding="utf-8")
            enriched += 1
    plain = (project / "mkdocs-plain.yml").read_text(encoding="utf-8")
    if "\ndocs_dir: content\n" not in plain:
        raise SystemExit(f"{project / 'mkdocs-plain.yml'}: no `docs_dir: content` line to point at {CONTENT}/")
    config = project / CONFIG
    config.write_text(
        "# Baseline: plain MkDocs + Material on the pages aeoloop renders (bench/enriched.py).\n"
        + plain.replace("\ndocs_dir: content\n", f"\ndocs_dir: {CONTENT}\n"),
        encoding="utf-8",
    )
    return config, enriched


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("project", type=Path, help="a bench/corpus.py project that `aeoloop build` has built")
    args = ap.parse_args(argv)
    config, count = write(args.project)
    print(f"wrote {count} enriched pages to {args.project / CONTENT} and {config}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
