"""Material's search index written in pieces by ``aeoloop build`` (aeoloop.search_index): the bytes
Material's own ``generate_search_index`` makes, on a real multi-section site (one process and a
split render, cold, warm and CI), and Material's code everywhere else."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from material.plugins.search.plugin import SearchIndex, SearchPlugin

from aeoloop import render_split, search_index


class _Odd:
    """A value JSON cannot encode: Material's ``default=str`` writes its str()."""

    def __str__(self) -> str:
        return "odd value"


def _index(entries: list[dict[str, Any]]) -> SearchIndex:
    index = SearchIndex(
        lang=["en", "de"], separator=r"[\s\-]+", pipeline=["stemmer"], fields={"title": {"boost": 1e3}}, extra=1
    )
    index.entries = entries
    return index


@pytest.mark.parametrize("count", [0, 1, 2, 5, 7])
def test_pieces_make_materials_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, count: int) -> None:
    """Entries in several pieces, none, one; non-ASCII text, quotes, tags, a float boost and a value
    only ``default=str`` encodes: the same bytes as Material's one string."""
    monkeypatch.setattr(search_index, "PIECE", 2)
    entries: list[dict[str, Any]] = [
        {
            "location": f"sec-{i}/page/#h-{i}",
            "title": f'Caf\u00e9 "{i}" \u2014 <b>',
            "text": "line\nnext\ttab \\ \u4e2d",
        }
        for i in range(count)
    ]
    if count > 2:
        entries[1]["tags"] = ["a", "\u00fc"]
        entries[2]["boost"] = 2.5
        entries[-1]["odd"] = _Odd()
    expected = _index([dict(e) for e in entries]).generate_search_index(None).encode("utf-8")
    index = _index(entries)
    path = tmp_path / "site" / "search" / "search_index.json"
    search_index.write_search_index(index, str(path))
    assert path.read_bytes() == expected
    assert index.entries == [], "a one-shot build lets the entries go once written"


@pytest.fixture
def corpus(bench_site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch) -> Callable[[str], Path]:
    """The 12-page, 3-section bench site (Material, its search plugin and aeoloop); shares of 3 pages."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    monkeypatch.setattr(render_split, "MIN_SHARE", 3)
    return lambda name: bench_site(name, seed=3)


def test_a_build_writes_materials_index_in_pieces(corpus, build_site, monkeypatch: pytest.MonkeyPatch) -> None:
    """`aeoloop build` -j 1 and -j 3, cold, warm and CI: search_index.json is written by
    write_search_index, and its bytes are what Material's generate_search_index makes of the same
    entries (pieces of 4 entries: several per page, pages in several pieces)."""
    monkeypatch.setattr(search_index, "PIECE", 4)
    real = search_index.write_search_index
    made: list[bytes] = []

    def spy(index: Any, path: str) -> None:
        made.append(index.generate_search_index(None).encode("utf-8"))  # Material's, before ours
        real(index, path)
        assert Path(path).read_bytes() == made[-1]

    monkeypatch.setattr(search_index, "write_search_index", spy)
    roots = {1: corpus("one"), 3: corpus("three")}
    for case in ("cold", "warm", "ci"):
        for jobs, root in roots.items():
            if case == "ci":
                shutil.rmtree(root / ".aeoloop")
                shutil.rmtree(root / "site")
            made.clear()
            build_site(root, jobs=jobs)
            assert len(made) == 1, (case, jobs)
            assert made[0].count(b'"location"') > 12, "every page's sections are in it"
            assert (root / "site" / "search" / "search_index.json").read_bytes() == made[0]
    one, three = (root / "site" / "search" / "search_index.json" for root in roots.values())
    assert one.read_bytes() == three.read_bytes()


def test_mkdocs_build_and_a_dirty_build_keep_materials_code(corpus, build_site, monkeypatch) -> None:
    """Plain `mkdocs build` never comes here; under `aeoloop build`, a dirty search plugin (serve's
    merge with the previous index) runs Material's own on_post_build; the events are put back."""
    from mkdocs.config import load_config
    from test_pipeline import _plain_mkdocs_build

    calls: list[str] = []
    monkeypatch.setattr(search_index, "write_search_index", lambda index, path: calls.append(path))
    root = corpus("site")
    _plain_mkdocs_build(root)
    assert calls == [] and (root / "site" / "search" / "search_index.json").is_file()

    config = load_config(str(root / "mkdocs.yml"))
    events = list(config.plugins.events["post_build"])
    plugin = next(p for p in config.plugins.values() if isinstance(p, SearchPlugin))
    with search_index.search_index_in_pieces(config):
        assert config.plugins.events["post_build"] != events
        # (MkDocs caches plugin instances per process: what is set on this one is put back after the test)
        monkeypatch.setattr(plugin, "is_dirty", True)
        ours = [m for m in config.plugins.events["post_build"] if m not in events]
        assert len(ours) == 1
        monkeypatch.setattr(plugin, "search_index", _index([{"location": "a/", "title": "A", "text": "x"}]))
        monkeypatch.setattr(plugin, "search_index_prev", None)
        ours[0](config=config)
    assert calls == [], "a dirty build merges with the previous index: Material's code"
    assert config.plugins.events["post_build"] == events
