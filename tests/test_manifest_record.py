"""GeneratedStore.record: entries kept in the page's parsed manifest and serialised when the
build next reads ``pending``; what is staged in the end is what one dump after each entry staged.
Also errors.rel's memo, which a new run of build steps clears."""

from __future__ import annotations

import json
import os
from pathlib import Path

from aeoloop.errors import forget_paths, rel
from aeoloop.generated import MANIFEST, GeneratedStore
from aeoloop.staging import read_manifest, stage_manifest


def _text(manifest: dict) -> str:
    return json.dumps(manifest, indent=2, sort_keys=True) + "\n"


def _store(tmp_path: Path) -> GeneratedStore:
    return GeneratedStore(tmp_path / "generated", tmp_path)


def test_entries_staged_as_one_text_when_pending_is_read(tmp_path: Path) -> None:
    store = _store(tmp_path)
    path = store.folder("guide") / MANIFEST
    store.pending[path] = _text({"version": 3, "artifacts": {}})
    store.record("guide", "lint", {"key": "k1", "findings": []})
    store.record("guide", "page", {"key": "k2", "facts": ("a", "b")})  # a tuple is staged as its JSON list
    store.record("guide", "lint", {"key": "k3", "findings": [["w", "x"]]})  # the last value wins
    assert store.recorded["guide"] == {
        "lint": {"key": "k3", "findings": [["w", "x"]]},
        "page": {"key": "k2", "facts": ("a", "b")},
    }
    expected = {
        "version": 3,
        "artifacts": {},
        "lint": {"key": "k3", "findings": [["w", "x"]]},
        "page": {"key": "k2", "facts": ["a", "b"]},
    }
    assert store.pending[path] == _text(expected)
    assert read_manifest(store, "guide") == expected


def test_a_page_without_a_manifest_records_nothing(tmp_path: Path) -> None:
    store = _store(tmp_path)
    store.record("nowhere", "lint", {"key": "k"})
    assert store.pending == {} and "nowhere" not in store.recorded


def test_entries_that_bring_the_manifest_back_to_disk_stage_nothing(tmp_path: Path) -> None:
    store = _store(tmp_path)
    on_disk = {"version": 3, "lint": {"key": "old"}}
    path = store.folder("guide") / MANIFEST
    path.parent.mkdir(parents=True)
    path.write_text(_text(on_disk), encoding="utf-8")
    store.record("guide", "lint", {"key": "new"})
    assert store.staged("guide")  # different from the file: written
    store.record("guide", "lint", {"key": "old"})
    assert not store.staged("guide")  # as the file holds it again: not written
    assert path not in store.pending


def test_staged_for_a_new_page_and_a_step_that_stages_after_a_record(tmp_path: Path) -> None:
    store = _store(tmp_path)
    path = store.folder("new") / MANIFEST
    store.pending[path] = _text({"version": 3})
    store.record("new", "render", {"key": "r"})
    assert store.staged("new")
    manifest = read_manifest(store, "new")  # another step (channels, tailor) reads and stages the whole manifest
    manifest["channels"] = {"x": 1}
    stage_manifest(store, "new", manifest)
    store.record("new", "verify", {"key": "v", "contract": []})
    text = store.pending[path]
    assert isinstance(text, str)
    assert json.loads(text) == {
        "version": 3,
        "render": {"key": "r"},
        "channels": {"x": 1},
        "verify": {"key": "v", "contract": []},
    }


def test_clear_drops_the_entries_not_serialised(tmp_path: Path) -> None:
    store = _store(tmp_path)
    path = store.folder("guide") / MANIFEST
    store.pending[path] = _text({"version": 3})
    store.record("guide", "lint", {"key": "k"})
    store.clear()
    assert store.pending == {}


def test_rel_memo_is_cleared_for_a_new_build(tmp_path: Path) -> None:
    root = tmp_path / "project"
    (root / "docs").mkdir(parents=True)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    link = root / "linked"
    os.symlink(root / "docs", link)
    assert rel(link / "a.md", root) == "docs/a.md"
    link.unlink()
    os.symlink(outside, link)
    assert rel(link / "a.md", root) == "docs/a.md"  # within one build: as first resolved
    forget_paths()  # a new run of build steps
    assert rel(link / "a.md", root) == (link / "a.md").as_posix()  # now outside the project
