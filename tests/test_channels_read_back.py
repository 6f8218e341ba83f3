"""Channel files do not depend on where the FAQ came from.

A cold build makes a page's channels from the FAQ it has just generated; a later build whose channel
keys changed (a new engine, a new channels.yml) makes them again from the FAQ read back from
``faq.md``. Both must give the same bytes: the order of a thread's points and a video's beats is the
page's order, found the same way from both (the heading's line a generated pair knew is not stored).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import tree_bytes


def _channel_files(root: Path) -> dict[str, bytes]:
    return {name: data for name, data in tree_bytes(root / "generated").items() if "/channels/" in name}


@pytest.mark.parametrize("seed", [3, 5])
def test_channels_remade_from_read_back_artifacts_are_the_cold_builds(bench_site, build_site, monkeypatch, seed):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    root = bench_site("site", seed=seed)
    build_site(root, jobs=1)
    cold = _channel_files(root)
    assert cold
    for manifest in (root / "generated").rglob("manifest.json"):
        data = json.loads(manifest.read_text(encoding="utf-8"))
        data.pop("channels", None)  # as a re-keyed engine leaves them: every channel made again
        manifest.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    result = build_site(root, jobs=1)
    assert result.regenerated == 0  # the page artifacts were read back, not generated
    again = _channel_files(root)
    assert again.keys() == cold.keys()
    different = sorted(name for name in cold if cold[name] != again[name])
    assert not different, different
