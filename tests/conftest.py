"""Shared fixtures: real mini-sites in tmp_path, built with the real MkDocs and the real plugin."""

from __future__ import annotations

import os
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING, Callable

import pytest
import yaml

if TYPE_CHECKING:
    from aeoloop.artifacts import PageArtifacts
    from aeoloop.page import Page

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")

BRAND = {
    "organization": {
        "name": "Acme Analytics",
        "url": "https://acme.example/",
        "logo": "assets/logo.svg",
        "description": "Acme Analytics makes dashboards for small factories.",
        "same_as": ["https://www.linkedin.com/company/acme-example"],
    },
    "default_author": "ada",
    "authors": [
        {
            "id": "ada",
            "name": "Ada Byron",
            "job_title": "Editor",
            "url": "https://acme.example/about/#ada",
            "same_as": ["https://www.linkedin.com/in/ada-example"],
        },
        {"id": "bob", "name": "Bob Stone", "url": "https://acme.example/about/#bob"},
    ],
}
GLOSSARY = {
    "terms": [
        {"name": "Acme", "type": "SoftwareApplication", "case_sensitive": True, "same_as": ["https://acme.example/"]},
        {
            "name": "Overall equipment effectiveness",
            "aliases": ["OEE"],
            "type": "DefinedTerm",
            "same_as": ["https://en.wikipedia.org/wiki/Overall_equipment_effectiveness"],
        },
        {"name": "downtime", "type": "DefinedTerm"},
    ]
}

PAGE_OEE = """\
---
title: What is OEE?
description: OEE measures how much of planned production time is truly productive.
authors: [ada]
date: 2026-01-10
updated: 2026-06-01
keywords: [OEE, downtime]
---

Overall equipment effectiveness (OEE) measures how much of planned production time is truly productive. It multiplies availability, performance and quality into one percentage. A score of 85 percent is often called world class, while many plants sit between 40 and 60 percent. Acme calculates it automatically from machine signals.

## Why OEE matters

OEE matters because it turns three separate losses into one number that a plant manager can track every shift. When the number drops, the breakdown into availability, performance and quality shows where to look first. Teams that review it daily usually find their largest losses within two weeks.

## How do you calculate OEE?

You calculate OEE by multiplying availability, performance and quality, each expressed as a fraction. Availability is run time divided by planned time. Performance compares actual output with ideal output at the rated speed. Quality is good units divided by total units, so scrap and rework lower it.

## Common mistakes

The most common mistake is counting planned maintenance as downtime, which hides the real losses behind a lower baseline. Another mistake is using a nameplate speed that the machine never reaches. Both errors make OEE look worse or better than it is, and both are easy to fix in the setup.

## Pricing

Acme costs 49 euros per machine per month, billed yearly, with no setup fee. A plant with twenty machines therefore pays 980 euros a month. Volume discounts start at fifty machines, and every plan includes the same dashboards, alerts and exports.

## How to set up OEE tracking

1. Connect each machine's run signal to Acme.
2. Enter the ideal cycle time for each product.
3. Record scrap at the end of every shift.
4. Review the OEE dashboard every morning.
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def load_one_page(tmp_path: Path, markdown: str, name: str = "page.md") -> Page:
    """One page written to ``tmp_path`` under ``name`` and loaded as a build loads it."""
    from aeoloop.page import load_page

    path = tmp_path / name
    path.write_text(markdown, encoding="utf-8")
    page, problems = load_page(path, name)
    assert page is not None, problems
    return page


def extractive_generate(page: Page) -> PageArtifacts:
    """What the extractive backend generates for ``page`` with the repository's own brand."""
    from aeoloop.backends.extractive import ExtractiveBackend
    from aeoloop.brand import load_brand
    from aeoloop.settings import Settings

    root = Path(__file__).parent.parent
    return ExtractiveBackend(Settings(), load_brand(root / "brand", root)).generate(page)


def extractive_artifacts(tmp_path: Path, markdown: str, name: str = "page.md") -> PageArtifacts:
    """What the extractive backend generates for one page written to ``tmp_path`` under ``name``,
    with the repository's own brand: the one set-up every answer-choice test shares."""
    return extractive_generate(load_one_page(tmp_path, markdown, name))


def tree_bytes(folder: Path) -> dict[str, bytes]:
    """Every file below ``folder`` by its relative path, so two builds compare byte for byte."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def bench_site(tmp_path: Path) -> Callable[..., Path]:
    """A site of bench/corpus.py's synthetic pages (12 pages of 3 sections): ``make(name, seed=3)``."""
    import sys

    bench = str(Path(__file__).resolve().parent.parent / "bench")
    sys.path.insert(0, bench)
    try:
        import corpus as bench_corpus
    finally:
        sys.path.remove(bench)

    def make(name: str, *, seed: int = 3) -> Path:
        root = tmp_path / name
        bench_corpus.generate(root, 12, 3, seed=seed)
        return root

    return make


@pytest.fixture
def split_corpus(bench_site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch) -> Callable[[str], Path]:
    """The 12-page, 3-section bench site with the render split in shares of 3 pages (``-j 3`` splits
    it), dated by a fixed SOURCE_DATE_EPOCH so two builds can be compared byte for byte."""
    from aeoloop import render_split

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    monkeypatch.setattr(render_split, "MIN_SHARE", 3)
    return lambda name: bench_site(name, seed=3)


@pytest.fixture
def make_site(tmp_path: Path) -> Callable[..., Path]:
    """Create a project: mkdocs.yml + brand/ + content/ pages. Returns the project root."""

    def factory(
        pages: dict[str, str] | None = None,
        *,
        options: dict | None = None,
        nav: list | None = None,
        config: dict | None = None,
        root: Path | None = None,
    ) -> Path:
        root = root or tmp_path / "project"
        pages = {"oee.md": PAGE_OEE} if pages is None else pages
        cfg = {
            "site_name": "Acme Guides",
            "site_url": "https://acme.example/",
            "site_description": "Guides to factory analytics.",
            "docs_dir": "content",
            "theme": {"name": "material", "features": ["navigation.prune"]},
            "markdown_extensions": ["tables", "admonition", "attr_list", "footnotes", {"toc": {"permalink": True}}],
            "plugins": ["search", {"aeoloop": options or {}}],
        }
        if nav is not None:
            cfg["nav"] = nav
        cfg.update(config or {})
        write(root / "mkdocs.yml", yaml.safe_dump(cfg, sort_keys=False))
        write(root / "brand" / "brand.yml", yaml.safe_dump(BRAND, sort_keys=False))
        write(root / "brand" / "glossary.yml", yaml.safe_dump(GLOSSARY, sort_keys=False))
        write(root / "content" / "assets" / "logo.svg", '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8"/>')
        for name, text in pages.items():
            write(root / "content" / name, textwrap.dedent(text) if text.startswith("\n") else text)
        return root

    return factory


@pytest.fixture
def build_site() -> Callable[..., object]:
    """Run the whole aeoloop build (generate → mkdocs → verify → publish) in a project folder."""
    from aeoloop.build import run_build
    from aeoloop.project import Project

    def run(root: Path, **kwargs: object):
        return run_build(Project.load(root / "mkdocs.yml"), **kwargs)  # type: ignore[arg-type]

    return run
