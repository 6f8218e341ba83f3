"""The example site's committed generated/ files are the ones their manifests record.

Why: a build keeps a generated file whose bytes differ from the hash in its manifest (a person
edited it), so a rebase that takes one side's manifest and the other side's artifact leaves a
file the build will never regenerate again, and every build warns that it was "edited by hand".
Nothing in a build fails on that, so it is checked here: every committed artifact of a draft or
reviewed status matches its recorded sha256 (a locked one is a person's on purpose).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MANIFESTS = sorted((ROOT / "generated").rglob("manifest.json"))


def test_the_example_has_committed_manifests() -> None:
    assert len(MANIFESTS) >= 10


@pytest.mark.parametrize("manifest", MANIFESTS, ids=lambda p: str(p.parent.relative_to(ROOT / "generated")))
def test_every_committed_artifact_matches_its_manifest(manifest: Path) -> None:
    recorded = json.loads(manifest.read_text(encoding="utf-8"))["artifacts"]
    stale = []
    for name, entry in sorted(recorded.items()):
        if entry.get("status") == "locked":
            continue
        path = manifest.parent / name
        assert path.exists(), f"{path.relative_to(ROOT)} is in its manifest but not committed"
        if hashlib.sha256(path.read_bytes()).hexdigest() != entry["sha256"]:
            stale.append(name)
    assert not stale, (
        f"{manifest.parent.relative_to(ROOT)}: {', '.join(stale)} differ from the sha256 in manifest.json; "
        "delete them and run `aeoloop build` to regenerate them with a matching manifest"
    )
