"""Tailor's CI path (no ``.aeoloop/``: every page × audience checked against its manifest) made
cheap without changing a verdict: the derivatives' cache key built around the variant gives the
same bytes as ``json.dumps`` of its inputs and changes with each of them; files read once with
their stat noted; the manifest read as ``staging.read_manifest`` reads it; and the warm cache a
CI build fills from those stats is the one the next build hits."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st

from aeoloop.staging import read_manifest
from aeoloop.tailor import files as ondisk
from aeoloop.tailor.derivatives import NAMES, Derivatives
from aeoloop.tailor.variant import Variant

from test_tailor import _site

TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40) | st.sampled_from(
    ['", "versions": "x', '\\"', "</script>", "é\u2028", ', "variant": ', ""]
)


def _maker(**over: object) -> Derivatives:
    args: dict = dict(
        make_ctx=lambda: None,
        url="https://acme.example/oee/",
        rules_hash="r1",
        guard=lambda: None,
        version="tailor-abc",
        digests={"linkedin-post": "d1", "newsletter": "d2"},
        art_hash="a1",
        folder="/nowhere",
        display_folder="generated/oee",
    )
    args.update(over)
    return Derivatives(**args)


def _reference(maker: Derivatives, page: object, name: str, variant: Variant) -> str:
    inputs = maker.inputs(page, name, variant)
    return hashlib.sha256(json.dumps(inputs, sort_keys=True).encode()).hexdigest()[:24]


@settings(max_examples=200, deadline=None)
@given(
    source=TEXT,
    url=TEXT,
    art=TEXT,
    rules=TEXT,
    digest=TEXT,
    fields=st.tuples(TEXT, TEXT, TEXT, TEXT, TEXT),
    other=st.tuples(TEXT, TEXT, TEXT, TEXT, TEXT),
)
def test_derivative_key_is_json_dumps_of_its_inputs(source, url, art, rules, digest, fields, other):
    maker = _maker(url=url, art_hash=art, rules_hash=rules, digests={"linkedin-post": digest, "newsletter": "d2"})
    page = SimpleNamespace(source_hash=source)
    for name in NAMES:
        for variant in (Variant(*fields), Variant(*other), Variant(*fields)):  # the frame is reused
            assert maker.key(page, name, variant) == _reference(maker, page, name, variant)
    moved = SimpleNamespace(source_hash=source + "x")  # another source: a new frame
    assert maker.key(moved, "newsletter", Variant(*fields)) == _reference(maker, moved, "newsletter", Variant(*fields))


def test_derivative_key_changes_with_every_input():
    page = SimpleNamespace(source_hash="s1")
    variant = Variant("engineers", "awareness", "Get it", "https://acme.example/x/", "An intro.")
    base = _maker().key(page, "newsletter", variant)
    changed = [
        _maker().key(SimpleNamespace(source_hash="s2"), "newsletter", variant),
        _maker(art_hash="a2").key(page, "newsletter", variant),
        _maker(rules_hash="r2").key(page, "newsletter", variant),
        _maker(digests={"newsletter": "d9"}).key(page, "newsletter", variant),
        _maker(url="https://acme.example/other/").key(page, "newsletter", variant),
        _maker(version="tailor-def").key(page, "newsletter", variant),
        _maker().key(page, "linkedin-post", variant),
    ]
    for field in ("audience", "stage", "cta_text", "cta_url", "intro"):
        changed.append(_maker().key(page, "newsletter", replace(variant, **{field: getattr(variant, field) + "!"})))
    assert base not in changed and len(set(changed)) == len(changed)


def test_read_notes_the_stat_and_gives_the_bytes(tmp_path: Path):
    path = tmp_path / "a.md"
    path.write_bytes(b"one\r\ntwo\n" * 1000)
    seen: ondisk.Seen = {}
    assert ondisk.read(str(path), seen) == path.read_bytes()
    st_ = os.stat(path)
    assert seen == {str(path): (st_.st_size, st_.st_mtime_ns, st_.st_ino)}
    assert ondisk.read(str(tmp_path / "missing.md"), seen) is None
    assert ondisk.read(str(path / "below"), seen) is None  # a file where a folder is expected
    assert ondisk.read(str(tmp_path / "empty"), None) is None
    (tmp_path / "empty").write_bytes(b"")
    assert ondisk.read(str(tmp_path / "empty"), None) == b""


def test_manifest_reads_as_staging_does(tmp_path: Path):
    store = SimpleNamespace(pending={}, folder=lambda slug: tmp_path / slug)
    cases = {
        "ok": '{"artifacts": {"summary.md": {"sha256": "x"}}}',
        "list": "[1, 2]",
        "broken": "{",
        "bom": "\ufeff{}",
        "latin": b'{"a": "\xe9"}',
        "utf16": '{"a": 1}'.encode("utf-16"),
        "missing": None,
        "folder": "dir",
    }
    for slug, data in cases.items():
        (tmp_path / slug).mkdir()
        if data == "dir":
            (tmp_path / slug / "manifest.json").mkdir()
        elif data is not None:
            raw = data.encode("utf-8") if isinstance(data, str) else data
            (tmp_path / slug / "manifest.json").write_bytes(raw)
        got = ondisk.manifest(None, f"{tmp_path}/{slug}/manifest.json")
        assert got == read_manifest(store, slug), slug
    store.pending[tmp_path / "ok" / "manifest.json"] = '{"staged": true}'
    assert ondisk.manifest(store.pending[tmp_path / "ok" / "manifest.json"], "/nowhere") == {"staged": True}
    assert read_manifest(store, "ok") == {"staged": True}


def test_a_ci_build_fills_the_warm_cache_the_next_build_hits(make_site, build_site, monkeypatch):
    root = _site(make_site)
    build_site(root)
    shutil.rmtree(root / ".aeoloop")  # a fresh clone: generated/ as committed, no caches
    shutil.rmtree(root / "site")
    ci = build_site(root)
    cache = json.loads((root / ".aeoloop" / "tailor-cache.json").read_text())
    assert set(cache["pages"]) == {"oee.md"}

    def no_read(*args: object, **kwargs: object) -> dict:
        raise AssertionError("a warm page whose files are unchanged is not read again")

    monkeypatch.setattr(ondisk, "manifest", no_read)
    warm = build_site(root)  # the key the CI build stored (from the stats of its reads) is hit
    assert warm.tailor["oee.md"] == ci.tailor["oee.md"] and ci.tailor["oee.md"]
    monkeypatch.undo()
    path = root / "generated" / "oee" / "audiences" / "engineers" / "newsletter.txt"
    path.write_text(path.read_text() + "A hand-written line.\n")  # an edit after the CI build: seen
    state = build_site(root)
    assert any("newsletter.txt" in d.file and "edited by hand" in d.message for d in state.diagnostics)
