"""Bad input never a traceback: fuzzed pages, brand files, voice rules, Vale styles,
channels.yml and manifests through the real loaders (bounded to run in CI time: 1,000
examples; ``bench/fuzz.py`` runs 10,000+). Every problem names its file, and its line where the
input has lines; a manifest that cannot be read never costs a file a person may have written."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).parent))
import fuzzing  # noqa: E402

ROOT = Path(__file__).parent.parent


def FUZZ(n: int) -> settings:
    return settings(
        max_examples=n, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True, database=None
    )


PAGE = "---\ntitle: A page\n---\n\n# Aaaa heading\n\nThe plant runs. aaaaaaaaaaaaaaaaaaaaaaaaaaaa! Synergy and down time.\n\n- a list\n"


@pytest.fixture(scope="module")
def ruleset():
    from aeoloop.express.lint import load_rules

    return load_rules(ROOT / "brand", ROOT)


@pytest.fixture(autouse=True)
def fast_patterns(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AEOLOOP_REGEX_TIMEOUT", "0.05")


@FUZZ(150)
@given(data=fuzzing.pages())
def test_fuzzed_pages(tmp_path_factory: pytest.TempPathFactory, ruleset, data: bytes) -> None:
    fuzzing.check_page(tmp_path_factory.mktemp("page"), data, ruleset)


@FUZZ(150)
@given(name=st.sampled_from(["brand.yml", "glossary.yml", "audiences.yml"]), text=fuzzing.yaml_texts())
def test_fuzzed_brand_files(tmp_path_factory: pytest.TempPathFactory, name: str, text: str) -> None:
    fuzzing.check_brand_file(tmp_path_factory.mktemp("brand"), name, text)


@FUZZ(150)
@given(text=fuzzing.yaml_texts(), page=st.sampled_from([PAGE, PAGE * 3, "# T\n\n" + "a" * 200 + "!\n"]))
def test_fuzzed_voice_rules(tmp_path_factory: pytest.TempPathFactory, text: str, page: str) -> None:
    fuzzing.check_voice(tmp_path_factory.mktemp("voice"), text, page)


@FUZZ(200)
@given(text=fuzzing.yaml_texts(), page=st.sampled_from([PAGE, "# T\n\n" + "a" * 200 + "!\n"]))
def test_fuzzed_vale_styles(tmp_path_factory: pytest.TempPathFactory, text: str, page: str) -> None:
    fuzzing.check_vale(tmp_path_factory.mktemp("vale"), text, page)


@FUZZ(150)
@given(text=fuzzing.yaml_texts())
def test_fuzzed_channels(tmp_path_factory: pytest.TempPathFactory, text: str) -> None:
    fuzzing.check_channels(tmp_path_factory.mktemp("channels"), text)


@FUZZ(200)
@given(text=fuzzing.manifests())
def test_fuzzed_manifests(tmp_path_factory: pytest.TempPathFactory, text: str) -> None:
    fuzzing.check_manifest(tmp_path_factory.mktemp("manifest"), text)


@pytest.mark.parametrize(
    "text,line",
    [
        ("date: 2026-01-01T25:00:00Z", 2),
        ("date: 2026-13-45", 2),
        ("updated: 2026-02-30", 2),
        ("date: !!int x", 2),
        ("title: &a x\ndescription: *b", 3),
        ("title: " + "[" * 5000 + "]" * 5000, 2),
        ("title: T\nx: \x1f", 3),
    ],
)
def test_front_matter_repros_are_errors_with_lines(tmp_path: Path, text: str, line: int) -> None:
    from aeoloop.page import load_page

    path = tmp_path / "p.md"
    path.write_text(f"---\n{text}\n---\n\nBody text.\n", encoding="utf-8")
    page, diags = load_page(path, "p.md")
    assert page is None
    (d,) = [d for d in diags if d.level == "error"]
    assert d.file == "p.md" and d.line == line, d


def test_voice_extends_list_is_an_error_with_its_line(tmp_path: Path) -> None:
    from aeoloop.express.lint import load_rules

    (tmp_path / "brand").mkdir()
    (tmp_path / "brand" / "voice.yml").write_text(
        "rules:\n  - name: X\n    extends: [existence]\n    message: x\n    tokens: [a]\n", encoding="utf-8"
    )
    (d,) = load_rules(tmp_path / "brand", tmp_path).errors
    assert (d.file, d.line) == ("brand/voice.yml", 3) and "`extends` must be one rule type name" in d.message


@pytest.mark.parametrize(
    "value,expected",
    [
        ("{placeholder}", "unknown placeholder {placeholder}"),
        ("x{y", "expected '}'"),
        ("a}b", "Single '}'"),
        ("{0}", "unknown placeholder {0}"),
    ],
)
def test_channels_placeholder_is_an_error_with_its_line(tmp_path: Path, value: str, expected: str) -> None:
    from aeoloop.amplify.channels.config import load_channels
    from aeoloop.errors import ConfigError

    (tmp_path / "brand").mkdir()
    (tmp_path / "brand" / "channels.yml").write_text(f"version: 1\nutm:\n  campaign: '{value}'\n", encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_channels(tmp_path / "brand", tmp_path)
    (d,) = info.value.diagnostics
    assert (d.file, d.line) == ("brand/channels.yml", 3) and expected in d.message


def test_site_url_with_a_newline_is_refused_by_new_and_by_the_build(tmp_path: Path, make_site) -> None:
    from click.testing import CliRunner

    from aeoloop.cli import main

    result = CliRunner().invoke(main, ["new", str(tmp_path / "x"), "--url", "https://a.example/\nx"])
    assert result.exit_code == 2 and "--url contains a line break" in result.output, result.output
    assert not (tmp_path / "x").exists()
    root = make_site(config={"site_url": "https://a.example/\nx"})
    result = CliRunner().invoke(main, ["build", "-f", str(root / "mkdocs.yml")])
    assert result.exit_code == 2, result.output
    assert "mkdocs.yml:2: error: `site_url` contains a line break" in result.output


@pytest.mark.parametrize(
    "text",
    [
        '{"version": 1, "artifacts": {"summ',
        '{"artifacts": {"summary.md": "x"}}',
        "[]",
        '{"artifacts": {"summary.md": {"sha256": 5}}}',
        '{"provenance": 3}',
        "\x00",
    ],
)
def test_malformed_manifest_is_a_warning_and_keeps_the_files(tmp_path: Path, text: str) -> None:
    from aeoloop.artifacts import PageArtifacts
    from aeoloop.generated import GeneratedStore, Provenance

    store = GeneratedStore(tmp_path / "generated", tmp_path)
    folder = store.folder("p")
    folder.mkdir(parents=True)
    (folder / "manifest.json").write_text(text, encoding="utf-8")
    (folder / "summary.md").write_text("Written by a person.\n", encoding="utf-8")
    art = PageArtifacts()
    art.summary, art.takeaways = "Fresh.", ["One.", "Two.", "Three."]
    prov = Provenance("p.md", "h", "extractive", "m", "t", "b", "o")
    result = store.resolve(prov, lambda: art)
    (warning,) = [d for d in result.notes if d.file == "generated/p/manifest.json"]
    assert warning.level == "warning" and "treated as missing" in warning.message
    assert folder / "summary.md" not in store.pending and folder / "takeaways.md" in store.pending
    store.commit()
    # the next build still keeps the person's file, with a readable manifest now
    again = store.resolve(Provenance("p.md", "h2", "extractive", "m", "t", "b", "o"), lambda: art)
    assert "summary.md" in again.kept and not [d for d in again.notes if d.file.endswith("manifest.json")]
    assert folder / "summary.md" not in store.pending


def test_voice_settings_problems_point_at_their_line_in_voice_yml(tmp_path: Path) -> None:
    from aeoloop.express.lint import load_rules

    brand = tmp_path / "brand"
    (brand / "vale" / "config" / "vocabularies" / "Base").mkdir(parents=True)
    (brand / "vale" / "config" / "vocabularies" / "Base" / "accept.txt").write_text("Ridgeline\n", encoding="utf-8")
    (brand / "voice.yml").write_text(
        "vale:\n  vocabularies:\n    - Base\n    - Nope\n  languages:\n    Missing: [en]\noverrides:\n  No.Rule: off\n",
        encoding="utf-8",
    )
    got = sorted((d.file, d.line, d.message.split(" ")[0]) for d in load_rules(brand, tmp_path).diagnostics)
    assert got == [
        ("brand/voice.yml", 4, "vocabulary"),
        ("brand/voice.yml", 6, "`vale.languages`"),
        ("brand/voice.yml", 8, "`overrides`"),
    ], got
