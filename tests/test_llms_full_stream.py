"""llms-full.txt is written as the mirrors are made (a one-shot build keeps none of them: the
build's peak memory comes in on_post_build), and under serve joined and kept for the next build;
either way it is every mirror once, a blank line between two."""

from __future__ import annotations

from itertools import permutations

from test_serve import Serve, _pages


def test_llms_full_is_every_mirror_once_and_the_same_under_serve(make_site, build_site, tmp_path):
    root = make_site(_pages())
    build_site(root)
    _assert_every_mirror_once(root / "site")
    preview = Serve(root, tmp_path / "preview")
    try:
        preview.rebuild()
        _assert_every_mirror_once(tmp_path / "preview")  # (its canonical URLs are the dev server's)
        assert len(preview.plugin._mirrors) == 3  # serve keeps them: the next (dirty) build reuses the unchanged
    finally:
        preview.close()


def _assert_every_mirror_once(site) -> None:
    full = (site / "llms-full.txt").read_bytes()
    mirrors = [p.read_bytes() for p in sorted(site.rglob("index.html.md"))]
    assert len(mirrors) == 3
    assert any(full == b"\n\n".join(order) for order in permutations(mirrors))
