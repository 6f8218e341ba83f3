"""The page history a manifest records (``history``: the date each source version was taken,
with its hash): appended when the source changes, unchanged otherwise (no manifest rewritten),
bounded, and a malformed one ignored with a warning naming the file. Plans for past dates read it
on a shallow clone (tests/test_evolve_plan.py)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from aeoloop.artifacts import PageArtifacts
from aeoloop.generated import HISTORY_KEEP, MANIFEST, GeneratedStore, Provenance, parse_history


def build(root: Path, source_hash: str, day: dt.date | None) -> tuple[GeneratedStore, list[str]]:
    """One build of page ``p.md`` whose source has ``source_hash`` and date ``day``; committed."""
    store = GeneratedStore(root / "generated", root)
    if day is not None:
        store.dates = {"p.md": day}
    prov = Provenance("p.md", source_hash, "extractive", "m", "t", "b", "o")
    result = store.resolve(prov, PageArtifacts)
    written = [p.relative_to(root).as_posix() for p in store.commit()]
    return store, [f"{d.level}: {d.file}: {d.message}" for d in result.notes] + written


def history(root: Path) -> list[dict[str, str]]:
    return json.loads((root / "generated" / "p" / MANIFEST).read_text())["history"]


def test_history_appends_on_change_keeps_unchanged_and_is_bounded(tmp_path: Path):
    _, out = build(tmp_path, "h1", dt.date(2026, 10, 1))
    assert "generated/p/manifest.json" in out
    assert history(tmp_path) == [{"date": "2026-10-01", "sha256": "h1"}]
    text = (tmp_path / "generated" / "p" / MANIFEST).read_bytes()
    # same source (a later warm build, even if the date it resolves moved): nothing rewritten
    _, out = build(tmp_path, "h1", dt.date(2026, 10, 5))
    assert out == [] and (tmp_path / "generated" / "p" / MANIFEST).read_bytes() == text
    _, out = build(tmp_path, "h2", dt.date(2026, 12, 1))
    assert history(tmp_path) == [{"date": "2026-10-01", "sha256": "h1"}, {"date": "2026-12-01", "sha256": "h2"}]
    # a date older than the last entry (a writer's backdated `updated`) keeps the entries in order
    build(tmp_path, "h3", dt.date(2026, 11, 1))
    assert history(tmp_path)[-1] == {"date": "2026-12-01", "sha256": "h3"}
    for i in range(HISTORY_KEEP + 5):
        build(tmp_path, f"x{i}", dt.date(2027, 1, 1) + dt.timedelta(days=i))
    kept = history(tmp_path)
    assert len(kept) == HISTORY_KEEP and kept[-1]["sha256"] == f"x{HISTORY_KEEP + 4}"
    assert parse_history({"history": kept}) == kept


def test_history_without_a_date_records_nothing(tmp_path: Path):
    build(tmp_path, "h1", None)
    assert "history" not in json.loads((tmp_path / "generated" / "p" / MANIFEST).read_text())


def test_malformed_history_is_ignored_with_a_warning_naming_the_manifest(tmp_path: Path):
    build(tmp_path, "h1", dt.date(2026, 10, 1))
    path = tmp_path / "generated" / "p" / MANIFEST
    for bad in ("soon", [{"date": "yesterday", "sha256": "h1"}], [{"date": "2026-10-01"}], [3]):
        data = json.loads(path.read_text())
        data["history"] = bad
        path.write_text(json.dumps(data))
        assert parse_history(data) is None
        _, out = build(tmp_path, "h1", dt.date(2026, 10, 2))
        assert any(
            m.startswith("warning: generated/p/manifest.json: `history` is not a list of {date, sha256} entries")
            for m in out
        ), out
        assert history(tmp_path) == [{"date": "2026-10-02", "sha256": "h1"}]  # started again from this build
    # out of order is malformed too
    assert (
        parse_history({"history": [{"date": "2026-10-02", "sha256": "a"}, {"date": "2026-10-01", "sha256": "b"}]})
        is None
    )
