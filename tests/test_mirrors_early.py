"""`aeoloop build` writes each page's Markdown mirror as soon as MkDocs has converted the page, in
whichever process converts it, and lets the page's body go (AeoloopPlugin._mirror_early): the same
mirrors, llms-full.txt and site as the end-of-build path (a build that keeps the bodies: plain
`mkdocs build`, serve), each mirror written once, every body released; with mirrors off,
llms-full.txt is made at the end as before. MkDocs' own copy of each page's Markdown goes once
converted, unless another plugin or a theme override may read it."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest
from conftest import tree_bytes

from aeoloop import mkdocs_plugin
from aeoloop.build import BuildState, execute
from aeoloop.project import Project


@pytest.fixture
def writes(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """The mirrors the plugin writes in this process (site-relative paths), by count."""
    seen: Counter[str] = Counter()
    real = mkdocs_plugin._write

    def spy(path: Path, text: str) -> None:
        if path.name.endswith(".md"):
            seen[path.parent.name + "/" + path.name] += 1
        real(path, text)

    monkeypatch.setattr(mkdocs_plugin, "_write", spy)
    return seen


def _build(root: Path, *, jobs: int, lean: bool = True) -> BuildState:
    """`aeoloop build` (lean: the render lets go of what it has made); not lean: as plain MkDocs and serve keep it."""
    return execute(BuildState(Project.load(root / "mkdocs.yml"), jobs=jobs, lean_render=lean))


def _text_outputs(site: Path) -> dict[str, bytes]:
    return {name: data for name, data in tree_bytes(site).items() if name.endswith(".md") or name == "llms-full.txt"}


def test_mirrors_written_with_each_page_equal_the_end_of_build_ones(split_corpus, writes) -> None:
    root, kept = split_corpus("site"), split_corpus("kept")
    _build(root, jobs=1)  # cold
    writes.clear()
    state = _build(root, jobs=1)  # warm
    mirrors = sorted(p for p in (root / "site").rglob("*.md"))
    assert len(mirrors) == 12
    assert len(writes) == 12 and set(writes.values()) == {1}, "each mirror written once"
    assert all(page.body == "" for page in state.pages), "every body let go once its mirror is written"

    _build(kept, jobs=1, lean=False)
    writes.clear()
    assert all(page.body for page in _build(kept, jobs=1, lean=False).pages)
    assert len(writes) == 12 and set(writes.values()) == {1}, "made at the end, once"
    ours, theirs = tree_bytes(root / "site"), tree_bytes(kept / "site")
    assert len(_text_outputs(root / "site")) == 13 and ours.keys() == theirs.keys()
    assert [name for name in ours if ours[name] != theirs[name]] == [], "every page (titles in the nav), every mirror"
    for folder in (root, kept):  # CI: no caches (every JSON-LD graph made again, from the facts the manifests record)
        shutil.rmtree(folder / ".aeoloop")
    _build(root, jobs=1)
    _build(kept, jobs=1, lean=False)
    assert tree_bytes(root / "site") == tree_bytes(kept / "site")


def test_a_split_render_releases_every_body_and_writes_the_same_mirrors(split_corpus, writes) -> None:
    one, three = split_corpus("one"), split_corpus("three")
    _build(one, jobs=1)
    _build(three, jobs=3)
    writes.clear()
    state = _build(three, jobs=3)
    assert 0 < len(writes) < 12 and set(writes.values()) == {1}, "the populate workers write theirs, once"
    assert all(page.body == "" for page in state.pages), "the workers' pages' bodies go here too"
    _build(one, jobs=1)
    assert _text_outputs(one / "site") == _text_outputs(three / "site")


def test_without_mirrors_llms_full_is_made_at_the_end(split_corpus, writes) -> None:
    with_mirrors, without = split_corpus("with"), split_corpus("without")
    config = without / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "  - aeoloop\n" in text
    config.write_text(text.replace("  - aeoloop\n", "  - aeoloop:\n      llms_txt:\n        mirrors: false\n"))
    _build(with_mirrors, jobs=1)
    writes.clear()
    state = _build(without, jobs=1)
    assert not writes and not list((without / "site").rglob("*.md"))
    assert all(page.body for page in state.pages), "kept for llms-full.txt, made at the end"
    full = (without / "site" / "llms-full.txt").read_bytes()
    assert full == (with_mirrors / "site" / "llms-full.txt").read_bytes()


def test_markdown_kept_when_something_else_may_read_it(split_corpus, tmp_path: Path) -> None:
    from mkdocs.config import load_config

    root = split_corpus("site")
    assert mkdocs_plugin.can_drop_markdown(load_config(str(root / "mkdocs.yml")))
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("  - search\n", "  - search\n  - tags\n"))
    assert not mkdocs_plugin.can_drop_markdown(load_config(str(config))), "another plugin"
    overrides = root / "overrides"
    overrides.mkdir()
    (overrides / "main.html").write_text('{% extends "base.html" %}{{ page.markdown | length }}', encoding="utf-8")
    config.write_text(text.replace("  name: material\n", "  name: material\n  custom_dir: overrides\n"))
    assert not mkdocs_plugin.can_drop_markdown(load_config(str(config))), "a template that prints it"
