"""Path safety: output folders that would destroy sources are refused before anything is touched,
no symlink leads a build out of the project, and any Unicode file name builds."""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path
from urllib.parse import unquote

import pytest
from click.testing import CliRunner

from aeoloop.cli import main
from aeoloop.errors import ConfigError, ContentError

from conftest import PAGE_OEE


def _line(root: Path, key: str) -> int:
    lines = (root / "mkdocs.yml").read_text().splitlines()
    return next(i for i, line in enumerate(lines, start=1) if line.strip().startswith(f"{key}:"))


def _snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("site_dir", "content"),
        ("site_dir", "brand"),
        ("site_dir", "reports"),
        ("site_dir", "generated"),
        ("site_dir", ".aeoloop"),
        ("site_dir", "."),
        ("site_dir", ".."),
        ("site_dir", "content/site"),
        ("site_dir", "brand/../content"),
        ("generated_dir", "content"),
        ("generated_dir", "brand/generated"),
        ("generated_dir", "site"),
        ("cache_dir", "content/.cache"),
        ("cache_dir", "."),
        ("generated_dir", "reports"),
    ],
)
def test_overlapping_output_folder_is_refused_before_anything_is_touched(make_site, key, value):
    options = {key: value} if key != "site_dir" else {}
    config = {key: value} if key == "site_dir" else {}
    root = make_site(options=options, config=config)
    (root / "reports").mkdir()
    (root / "reports" / "keep.csv").write_text("url,citations\n")
    before = _snapshot(root)
    result = CliRunner().invoke(main, ["build", "-f", str(root / "mkdocs.yml")])
    assert result.exit_code == 2, result.output
    assert f"mkdocs.yml:{_line(root, key)}: error: {key} `" in result.output
    assert "nothing was touched" in result.output and "Traceback" not in result.output
    assert _snapshot(root) == before and not (root / "site").exists() and not (root / ".aeoloop").exists()


def test_site_dir_containing_docs_dir_is_refused(make_site):
    root = make_site(config={"docs_dir": "out/docs", "site_dir": "out"})
    (root / "out" / "docs").mkdir(parents=True)
    with pytest.raises(ConfigError) as err:
        from aeoloop.project import Project

        Project.load(root / "mkdocs.yml")
    assert "site_dir `out` contains docs_dir `out/docs`" in str(err.value)


def test_separate_folders_outside_the_defaults_are_fine(make_site):
    from aeoloop.project import Project

    root = make_site(options={"generated_dir": "artifacts", "cache_dir": "tmp/cache"}, config={"site_dir": "public"})
    Project.load(root / "mkdocs.yml")  # no error


# --- symlinks out of the project -----------------------------------------------------------


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    (folder / "secret.md").write_text(
        "---\ntitle: Secret\n---\n\nThe host secret lives here and must not be published.\n"
    )
    (folder / "hostname").write_text("build-host-42\n")
    return folder


def _refused(build_site, root: Path) -> str:
    with pytest.raises(ContentError) as err:
        build_site(root)
    return str(err.value)


def test_content_page_symlinked_outside_is_refused(make_site, build_site, outside):
    root = make_site()
    os.symlink(outside / "secret.md", root / "content" / "leak.md")
    message = _refused(build_site, root)
    assert "content/leak.md: error: symlink to" in message and "outside the project" in message
    assert not (root / "site").exists()


def test_asset_symlinked_outside_is_refused(make_site, build_site, outside):
    root = make_site()
    os.symlink(outside / "hostname", root / "content" / "assets" / "host.txt")
    assert "content/assets/host.txt: error: symlink to" in _refused(build_site, root)


def test_generated_page_folder_symlinked_outside_gets_nothing_written(make_site, build_site, outside):
    root = make_site()
    (root / "generated").mkdir()
    os.symlink(outside, root / "generated" / "oee")
    before = sorted(p.name for p in outside.iterdir())
    assert "generated/oee: error: symlink to" in _refused(build_site, root)
    assert sorted(p.name for p in outside.iterdir()) == before


def test_generated_file_symlinked_to_a_host_file_is_not_published(make_site, build_site, outside):
    root = make_site()
    build_site(root)
    summary = root / "generated" / "oee" / "summary.md"
    summary.unlink()
    os.symlink(outside / "hostname", summary)
    site_before = _snapshot(root / "site")
    assert "generated/oee/summary.md: error: symlink to" in _refused(build_site, root)
    assert _snapshot(root / "site") == site_before
    assert "build-host-42" not in "".join(p.read_text(errors="ignore") for p in (root / "site").rglob("*.html"))


def test_symlink_inside_the_project_is_followed(make_site, build_site):
    root = make_site()
    shared = root / "shared"
    shared.mkdir()
    (shared / "alias.md").write_text(PAGE_OEE.replace("What is OEE?", "OEE, shared"), encoding="utf-8")
    os.symlink(Path("..") / "shared" / "alias.md", root / "content" / "alias.md")
    build_site(root)
    assert "OEE, shared" in (root / "site" / "alias" / "index.html").read_text()


# --- Unicode file names ----------------------------------------------------------------------

BODY = """\
---
title: {title}
---

{title} explains how a plant measures what its machines really produce in a shift. The number combines availability, performance and quality, and a team reads it every morning to decide where to look first.

## Why does it matter?

It matters because it turns three separate losses into one number that anyone can follow. When it drops, the breakdown shows whether stops, slow cycles or scrap caused the fall, and the team can act the same day.
"""


def test_any_unicode_file_name_builds_with_real_names_on_disk(make_site, build_site):
    nfd = unicodedata.normalize("NFD", "Ärger.md")
    names = {
        "perché.md": "Perché",
        "Überblick.md": "Überblick",
        "with space.md": "With space",
        nfd: "Ärger",
        "日本語.md": "Nihongo",
        "a#b.md": "Hash",
        "q?.md": "Question",
        "100%.md": "Percent",
        "it's.md": "Apostrophe",
        "emoji😀.md": "Emoji",
    }
    root = make_site({name: BODY.format(title=title) for name, title in names.items()})
    state = build_site(root)
    assert state.report.warnings == 0, [f.message for f in state.report.findings]  # @id and canonical URLs agree
    site = root / "site"
    for name in names:
        stem = name[:-3]
        assert (site / stem / "index.html").is_file(), stem
        assert (site / stem / "index.html.md").is_file(), stem  # the mirror beside its page, under the real name
        assert (root / "generated" / stem / "summary.md").is_file(), stem
    assert not [p for p in site.rglob("*") if unquote(p.name) != p.name]  # nothing named perch%C3%A9 or a%23b
    llms = (site / "llms.txt").read_text()
    assert "https://acme.example/perch%C3%A9/index.html.md" in llms
    assert "https://acme.example/with%20space/index.html.md" in llms
    assert "https://acme.example/a%23b/index.html.md" in llms and "https://acme.example/100%25/index.html.md" in llms
