"""The page facts recorded in each manifest (:mod:`aeoloop.pagefacts`): a CI build (fresh clone,
``generated/`` committed, no ``.aeoloop/``) loads unchanged pages without parsing them and writes the
same site; the facts are the parse's own, their key changes with every input of the parse, and an
entry that is stale or not the shape is a miss (the page is parsed), never a traceback."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from aeoloop import page as page_mod
from aeoloop.pagefacts import ENTRY, PageFacts
from aeoloop.page import load_page

from conftest import PAGE_OEE

HOWTO = """\
---
title: How to calibrate a line sensor
---

Calibrate the sensor once a quarter, with the line stopped and the belt clean.

## Steps

1. Stop the line and lock it out.
2. Clean the sensor window with a dry cloth.
3. Hold the reference card at the marked distance.
4. Press the calibrate button until the light turns green.

## Two steps are not a procedure

1. Check the light.
2. Restart the line.
"""


def _site(root: Path) -> dict[str, bytes]:
    site = root / "site"
    return {str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def _generated(root: Path) -> dict[str, bytes]:
    gen = root / "generated"
    return {str(p.relative_to(gen)): p.read_bytes() for p in sorted(gen.rglob("*")) if p.is_file()}


def _manifest(root: Path, slug: str) -> dict:
    return json.loads((root / "generated" / slug / "manifest.json").read_text(encoding="utf-8"))


def _graph(root: Path, page: str) -> dict:
    html = (root / "site" / page).read_text(encoding="utf-8")
    match = re.search(r'<script type="application/ld\+json" id="aeoloop-jsonld">(.*?)</script>', html, re.S)
    assert match is not None
    return json.loads(match.group(1))


def _node(graph: dict, kind: str) -> dict | None:
    return next((n for n in graph["@graph"] if n.get("@type") == kind), None)


@pytest.fixture
def parses(monkeypatch) -> list[str]:
    """The bodies parsed in this test (each call of :func:`aeoloop.page.parse_sections`)."""
    seen: list[str] = []
    real = page_mod.parse_sections

    def counting(body: str, body_line: int):
        seen.append(body)
        return real(body, body_line)

    monkeypatch.setattr(page_mod, "parse_sections", counting)
    return seen


@pytest.fixture
def load_parses(monkeypatch, parses) -> list[str]:
    """The bodies parsed while a build loads its pages (a later step may still parse a page it
    reads: a channel that renders again, say)."""
    from aeoloop.project import Project

    seen: list[str] = []
    real = Project.load_pages

    def load_pages(self, only=None):
        before = len(parses)
        try:
            return real(self, only)
        finally:
            seen.extend(parses[before:])

    monkeypatch.setattr(Project, "load_pages", load_pages)
    return seen


def test_facts_are_what_the_sections_say(tmp_path):
    path = tmp_path / "howto.md"
    path.write_text(HOWTO, encoding="utf-8")
    page, problems = load_page(path, "howto.md")
    assert page is not None, problems
    facts = page.facts
    assert facts.headings == ((7, 2, "Steps"), (14, 2, "Two steps are not a procedure"))
    assert facts.step_lists == (
        (
            "Steps",
            (
                "Stop the line and lock it out.",
                "Clean the sensor window with a dry cloth.",
                "Hold the reference card at the marked distance.",
                "Press the calibrate button until the light turns green.",
            ),
        ),
    )
    assert facts.words == page.word_count > 0
    # the manifest entry reads back as the same facts, under its key only
    entry = facts.as_json(page.facts_key)
    assert PageFacts.from_json(json.loads(json.dumps(entry)), page.facts_key) == facts
    assert PageFacts.from_json(entry, "another key") is None


@pytest.mark.parametrize(
    "mangle",
    [
        lambda e: e.update(words="12"),
        lambda e: e.update(words=True),
        lambda e: e.update(words=-1),
        lambda e: e.update(headings={"7": "Steps"}),
        lambda e: e["headings"].append([1, 2]),
        lambda e: e["headings"].append([1, 2, ""]),
        lambda e: e["headings"].append(["1", 2, "x"]),
        lambda e: e.update(steps=[["Steps", ["one", "two"]]]),
        lambda e: e.update(steps=[["Steps", "one two three"]]),
        lambda e: e.update(steps=[[None, ["a", "b", "c"]]]),
        lambda e: e.pop("words"),
    ],
)
def test_an_entry_of_another_shape_is_a_miss(tmp_path, mangle):
    path = tmp_path / "howto.md"
    path.write_text(HOWTO, encoding="utf-8")
    page, _ = load_page(path, "howto.md")
    assert page is not None
    entry = page.facts.as_json("k")
    mangle(entry)
    assert PageFacts.from_json(entry, "k") is None


def test_a_page_known_by_its_facts_is_parsed_only_when_asked(tmp_path, parses):
    path = tmp_path / "howto.md"
    path.write_text(HOWTO, encoding="utf-8")
    eager, _ = load_page(path, "howto.md")
    assert eager is not None and len(parses) == 1
    known = {eager.facts_key: eager.facts}
    lazy, _ = load_page(path, "howto.md", recorded_facts=lambda uri, key: known.get(key))
    assert lazy is not None and lazy.parsed is None and len(parses) == 1
    assert lazy.facts == eager.facts and lazy.word_count == eager.word_count
    assert lazy.sections == eager.sections and len(parses) == 2  # parsed on first use, the same sections
    assert lazy == eager  # the parse is not part of a page's value


def test_a_page_without_title_takes_its_h1_from_the_facts(tmp_path, parses):
    path = tmp_path / "untitled.md"
    path.write_text("# Line sensors\n\nHow a line sensor sees a belt.\n", encoding="utf-8")
    eager, _ = load_page(path, "untitled.md")
    assert eager is not None and eager.title == "Line sensors"
    lazy, _ = load_page(path, "untitled.md", recorded_facts=lambda uri, key: eager.facts)
    assert lazy is not None and lazy.parsed is None and lazy.title == "Line sensors"


def test_the_key_follows_the_source_the_parser_and_its_libraries(tmp_path, monkeypatch):
    path = tmp_path / "howto.md"
    path.write_text(HOWTO, encoding="utf-8")
    page, _ = load_page(path, "howto.md")
    assert page is not None
    base = page.facts_key
    path.write_text(HOWTO.replace("once a quarter", "twice a quarter"), encoding="utf-8")
    edited, _ = load_page(path, "howto.md")
    assert edited is not None and edited.facts_key != base

    def rekeyed() -> str:
        page_mod._parser_version.cache_clear()
        try:
            return page.facts_key
        finally:
            page_mod._parser_version.cache_clear()

    real = Path.read_bytes
    for module in ("pagefacts.py", "page.py", "mdfast.py", "llmblocks.py", "mdx.py"):  # the code that parses
        monkeypatch.setattr(Path, "read_bytes", lambda self, m=module: real(self) + (b"#" if self.name == m else b""))
        assert rekeyed() != base, module
        monkeypatch.setattr(Path, "read_bytes", real)
    import markdown_it
    import mdit_py_plugins

    for module in (markdown_it, mdit_py_plugins):  # the libraries that parse
        monkeypatch.setattr(module, "__version__", module.__version__ + ".post1")
        assert rekeyed() != base, module.__name__
        monkeypatch.undo()
    assert rekeyed() == base


def test_a_ci_build_parses_no_unchanged_page_at_load_and_writes_the_same_site(make_site, build_site, load_parses):
    root = make_site({"oee.md": PAGE_OEE, "howto.md": HOWTO})
    build_site(root)  # cold: every page parsed, its facts recorded
    assert len(load_parses) == 2
    facts = _manifest(root, "howto")[ENTRY]
    assert facts["steps"][0][0] == "Steps" and facts["headings"][0] == [7, 2, "Steps"]
    cold, generated = _site(root), _generated(root)
    load_parses.clear()
    shutil.rmtree(root / ".aeoloop")  # the CI case: a fresh clone of what the build committed
    shutil.rmtree(root / "site")
    build_site(root)
    assert load_parses == []
    assert _site(root) == cold and _generated(root) == generated
    # without the recorded facts (a generated/ of an older aeoloop) the pages are parsed: the same site,
    # and the facts are written back
    for slug in ("oee", "howto"):
        manifest = _manifest(root, slug)
        del manifest[ENTRY]
        (root / "generated" / slug / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    shutil.rmtree(root / ".aeoloop")
    build_site(root)
    assert len(load_parses) == 2 and _site(root) == cold and _generated(root) == generated


def test_an_edited_page_is_parsed_and_its_graph_follows(make_site, build_site, load_parses):
    root = make_site({"oee.md": PAGE_OEE, "howto.md": HOWTO})
    build_site(root)
    before = _graph(root, "howto/index.html")
    howto = _node(before, "HowTo")
    assert howto is not None and len(howto["step"]) == 4
    words = _node(before, "Article")["wordCount"]
    # a step more, and more words: the facts recorded for the old text must not be used
    path = root / "content" / "howto.md"
    path.write_text(
        HOWTO.replace("4. Press", "4. Wait ten seconds for the sensor to settle.\n5. Press"), encoding="utf-8"
    )
    load_parses.clear()
    shutil.rmtree(root / ".aeoloop")
    build_site(root)
    assert len(load_parses) == 1  # the edited page only
    after = _graph(root, "howto/index.html")
    assert len(_node(after, "HowTo")["step"]) == 5
    assert _node(after, "Article")["wordCount"] > words
    assert _manifest(root, "howto")[ENTRY]["steps"][0][1][3] == "Wait ten seconds for the sensor to settle."


def test_a_mangled_entry_is_parsed_again_and_rewritten(make_site, build_site, load_parses):
    root = make_site({"howto.md": HOWTO})
    build_site(root)
    site = _site(root)
    path = root / "generated" / "howto" / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    good = manifest[ENTRY]
    manifest[ENTRY] = {**good, "words": "many"}
    path.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    load_parses.clear()
    shutil.rmtree(root / ".aeoloop")
    build_site(root)
    assert len(load_parses) == 1 and _site(root) == site
    assert json.loads(path.read_text(encoding="utf-8"))[ENTRY] == good
