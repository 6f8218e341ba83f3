"""What a CI build (a fresh clone: generated/ committed, no .aeoloop/) takes from the committed
manifests instead of computing it again: the page-content analyses (``"render"``) and verify's
read-back of each page (``"readback"``); it writes the same site/ and generated/ as the build that
recorded them, and a fresh clone never rewrites a manifest for a read-back that missed."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import tree_bytes

from aeoloop import render_split
from aeoloop.amplify import blocks, fragment_records, fragments
from aeoloop.verify import page as verify_page
from aeoloop.verify import prefetch as verify_prefetch
from aeoloop.verify import readback

KINDS = ("said", "split", "answered")


@pytest.fixture
def corpus(bench_site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch) -> Path:
    """The 12-page, 3-section bench site (Material, its search plugin and aeoloop); shares of 3 pages."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    monkeypatch.setattr(render_split, "MIN_SHARE", 3)
    return bench_site("site", seed=3)


@pytest.fixture
def analysed(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """How many times each content analysis ran in this process (not taken from a cache or manifest)."""
    calls = dict.fromkeys(KINDS, 0)
    for kind, name in zip(KINDS, ("said_in_body", "split_opening", "answered_in_body")):
        real = getattr(blocks, name)

        def spy(*args: object, _real: Callable[..., object] = real, _kind: str = kind) -> object:
            calls[_kind] += 1
            return _real(*args)

        monkeypatch.setattr(blocks, name, spy)
    return calls


@pytest.fixture
def read_back(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """Pages verify read back in this process, and read-back pools the render started."""
    calls = {"pages": 0, "pools": 0}
    real_page, real_start = verify_page._analyze_page, verify_prefetch.Prefetch._start

    def page(*args: object, **kwargs: object) -> object:
        calls["pages"] += 1
        return real_page(*args, **kwargs)  # type: ignore[arg-type]

    def start(self: verify_prefetch.Prefetch) -> object:
        calls["pools"] += 1
        return real_start(self)

    monkeypatch.setattr(verify_page, "_analyze_page", page)
    monkeypatch.setattr(verify_prefetch.Prefetch, "_start", start)
    monkeypatch.setattr(verify_prefetch, "POOL_MIN_PAGES", 2)  # (12 pages: a pool if any were read back)
    return calls


def _manifests(root: Path) -> dict[str, dict]:
    return {
        p.parent.relative_to(root / "generated").as_posix(): json.loads(p.read_text(encoding="utf-8"))
        for p in sorted((root / "generated").rglob("manifest.json"))
    }


def _fresh_clone(root: Path, dest: Path) -> Path:
    """The project as CI checks it out: its sources and generated/, no .aeoloop/ and no site/."""
    shutil.copytree(root, dest, ignore=shutil.ignore_patterns(".aeoloop", "site"))
    return dest


def test_a_ci_build_takes_the_recorded_analyses_and_writes_the_same_outputs(
    corpus, build_site, analysed, read_back, tmp_path
):
    build_site(corpus, jobs=1)
    manifests = _manifests(corpus)
    entries = {slug: m.get("render") for slug, m in manifests.items()}
    assert entries and all(entries.values()), entries  # every generated page records its analyses
    for entry in entries.values():
        assert {short.split(":")[0] for short in entry} <= set(KINDS)
        assert any(short.startswith("said:") for short in entry)
    assert all(m.get("readback", {}).get("key") for m in manifests.values())  # and the read-back of every page
    assert sum(analysed.values()) > 0 and read_back["pages"] > 0
    site, generated = tree_bytes(corpus / "site"), tree_bytes(corpus / "generated")

    for jobs in (1, 3):
        clone = _fresh_clone(corpus, tmp_path / f"clone-{jobs}")
        analysed.update(dict.fromkeys(KINDS, 0))
        read_back.update(pages=0, pools=0)
        state = build_site(clone, jobs=jobs)
        assert analysed == dict.fromkeys(KINDS, 0), analysed  # every page's analyses came from its manifest
        assert read_back == {"pages": 0, "pools": 0}, read_back  # and every page's read-back
        assert not state.written, state.written  # generated/ left as committed
        assert tree_bytes(clone / "site") == site
        assert tree_bytes(clone / "generated") == generated


def test_a_mangled_or_stale_entry_is_analysed_again_and_rewritten(corpus, build_site, analysed, tmp_path):
    build_site(corpus, jobs=1)
    site = tree_bytes(corpus / "site")
    before = _manifests(corpus)
    clone = _fresh_clone(corpus, tmp_path / "clone")
    slugs = sorted(slug for slug, m in before.items() if m.get("render"))
    mangled, stale = slugs[0], slugs[1]
    path = clone / "generated" / mangled / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    manifest["render"] = {short: "not what it stores" for short in manifest["render"]}  # a hand edit gone wrong
    path.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    path = clone / "generated" / stale / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    manifest["render"] = {"said:" + "0" * 40: "[0]"}  # analyses of HTML this page no longer renders
    path.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    analysed.update(dict.fromkeys(KINDS, 0))

    build_site(clone, jobs=1)
    assert analysed["said"] == 2, analysed  # the two pages, and no other
    assert tree_bytes(clone / "site") == site
    assert _manifests(clone) == before  # both entries written again as the first build made them


def test_a_recorded_value_of_the_wrong_shape_is_a_miss():
    page = "guide/a.md"
    good = {"said:" + "a" * 40: "[0,2]", "split:" + "b" * 40: "null", "answered:" + "c" * 40: '[[0,"how","How?"]]'}
    bad = {
        "said:" + "d" * 40: '["x"]',
        "split:" + "e" * 40: "[1,2,3]",
        "answered:" + "f" * 40: '[[0,"how"]]',
        "said:" + "9" * 40: [0],  # not text
        "said:" + "8" * 40: "[0,",  # not JSON
    }
    fragment_records.use_recorded(
        {**fragment_records.recorded_of(page, good), **fragment_records.recorded_of(page, bad)}
    )
    try:
        cache = fragments.FragmentCache(None)
        for short, value in good.items():
            assert cache.get(f"{short}:{page}") == value
        for short in bad:
            assert cache.get(f"{short}:{page}") is None
        assert cache.get("said:" + "a" * 40 + ":guide/b.md") is None  # another page's key
        assert fragment_records.holds(good, set(good)) and not fragment_records.holds(bad, set(bad))
        assert not fragment_records.holds(good, set(list(good)[:2]))
    finally:
        fragment_records.use_recorded({})


def test_a_read_back_that_misses_in_a_fresh_clone_is_read_back_and_not_recorded(
    corpus, build_site, read_back, tmp_path
):
    """The reading view holds the git dates, which a CI checkout may see otherwise than the writer's
    build: such a page is read back, and the fresh clone leaves its manifest as committed; the
    next build with a verify cache (the writer's) records it again."""
    build_site(corpus, jobs=1)
    site, before = tree_bytes(corpus / "site"), _manifests(corpus)
    clone = _fresh_clone(corpus, tmp_path / "clone")
    slugs = sorted(slug for slug, m in before.items() if m.get("readback"))
    for slug, entry in ((slugs[0], {"key": "0" * 40}), (slugs[1], {"key": "x", "result": "{not json"})):
        path = clone / "generated" / slug / "manifest.json"
        manifest = json.loads(path.read_text(encoding="utf-8"))
        manifest["readback"] = {**manifest["readback"], **entry}
        path.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    mangled = tree_bytes(clone / "generated")
    read_back.update(pages=0, pools=0)

    state = build_site(clone, jobs=1)
    assert read_back["pages"] == 2, read_back  # the two pages, and no other
    assert not state.written and tree_bytes(clone / "generated") == mangled
    assert tree_bytes(clone / "site") == site

    build_site(clone, jobs=1)  # now with a verify cache: the two entries are written as the first build made them
    assert _manifests(clone) == before


def test_a_recorded_read_back_of_the_wrong_shape_is_not_taken():
    facts = verify_page._PageFacts(jsonld=True, summary_words=40, contract=["summary length"])
    good = readback.result_text(verify_page._PageResult([("warning", "x", "y")], facts))
    assert readback.parse_result(good) == verify_page._PageResult([("warning", "x", "y")], facts)
    data = json.loads(good)
    for broken in (
        {**data, "findings": [["fatal", "x", "y"]]},
        {**data, "findings": [["error", "x"]]},
        {**data, "facts": {**data["facts"], "summary_words": "40"}},
        {**data, "facts": {**data["facts"], "jsonld": 1}},
        {**data, "facts": {**data["facts"], "contract": [1]}},
        {**data, "facts": {k: v for k, v in data["facts"].items() if k != "author"}},
        [],
    ):
        assert readback.parse_result(json.dumps(broken)) is None, broken
    assert readback.parse_result("{") is None and readback.parse_result(None) is None


def test_new_checks_rekey_the_read_backs_in_the_next_build_with_a_cache(corpus, build_site, monkeypatch, tmp_path):
    """The verify cache is keyed by the checks' code too, so a build with a cache does not keep
    read keys of the code before: it records the new ones, which a fresh clone then takes."""
    from aeoloop.verify import cache as verify_cache

    build_site(corpus, jobs=1)
    keys = {slug: m["readback"]["key"] for slug, m in _manifests(corpus).items()}
    monkeypatch.setattr(readback, "analysis_version", lambda: "other checks")
    monkeypatch.setattr(verify_cache, "analysis_version", lambda: "other checks")
    build_site(corpus, jobs=1)
    again = {slug: m["readback"]["key"] for slug, m in _manifests(corpus).items()}
    assert set(again) == set(keys) and all(again[slug] != keys[slug] for slug in keys)
    clone = _fresh_clone(corpus, tmp_path / "clone")
    before = tree_bytes(clone / "generated")
    state = build_site(clone, jobs=1)
    assert not state.written and tree_bytes(clone / "generated") == before
