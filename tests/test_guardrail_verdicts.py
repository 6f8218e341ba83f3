"""Lint and guardrail findings recorded in the committed manifests: CI (no .aeoloop/) reports them without checking again.

Each input of the key changes the key; a build on a fresh clone prints the recorded findings and
runs no check; a change to the text, the rules or the entry itself checks the page again.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

import pytest

from aeoloop.artifacts import QA, PageArtifacts
from aeoloop.express import buildsteps, verdicts
from aeoloop.quality import Limits

VOICE = "terminology:\n  banned: [{term: world class, level: warning}]\n"


def _findings(state) -> list[str]:
    return [str(d) for d in state.diagnostics if "generated text: [" in d.message]


def _manifest(root: Path) -> dict:
    return json.loads((root / "generated" / "oee" / "manifest.json").read_text(encoding="utf-8"))


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _no_checks(monkeypatch) -> list[str]:
    """Count the pages checked (in this process: -j 1)."""
    checked: list[str] = []
    real = buildsteps._Check.__call__

    def spy(self, item):
        checked.append(item.page.src_uri)
        return real(self, item)

    monkeypatch.setattr(buildsteps._Check, "__call__", spy)
    return checked


def test_every_input_is_in_the_key() -> None:
    page = SimpleNamespace(title="OEE", lang="en")
    art = PageArtifacts(summary="A summary.", takeaways=["One.", "Two."], faq=[QA("What is it?", "It is this.")])
    base = dict(version="v1", page=page, art=art, headings={3: "What is it"}, limits=Limits(), folder="generated/oee")
    key = verdicts.page_key(**base)
    changed = [
        {"version": "v2"},
        {"page": SimpleNamespace(title="OEE guide", lang="en")},
        {"page": SimpleNamespace(title="OEE", lang="it")},
        {"art": replace(art, summary="Another summary.")},
        {"art": replace(art, takeaways=["One.", "Three."])},
        {"art": replace(art, faq=[QA("What is OEE?", "It is this.")])},
        {"art": replace(art, faq=[QA("What is it?", "It is that.")])},
        {"headings": {3: "What is OEE"}},
        {"headings": {4: "What is it"}},
        {"limits": Limits(summary_max=Limits().summary_max + 1)},
        {"folder": "gen/oee"},
    ]
    keys = {verdicts.page_key(**{**base, **change}) for change in changed}
    assert key not in keys and len(keys) == len(changed)


def test_code_version_follows_rules_language_and_code(monkeypatch) -> None:
    def project(rules: str, language: str) -> SimpleNamespace:
        return SimpleNamespace(brand=SimpleNamespace(rules_hash=rules), language=language)

    v = verdicts.code_version(project("r1", "en"))
    assert v == verdicts.code_version(project("r1", "en"))
    assert v != verdicts.code_version(project("r2", "en"))
    assert v != verdicts.code_version(project("r1", "it"))
    assert verdicts.lint_version(project("r1", "en")) != v
    monkeypatch.setattr(verdicts, "_code_digest", lambda: "other code")
    assert v != verdicts.code_version(project("r1", "en"))


def test_ci_build_reports_recorded_findings_without_checking(make_site, build_site, monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    root = make_site()
    (root / "brand" / "voice.yml").write_text(VOICE, encoding="utf-8")
    first = build_site(root, jobs=1)
    found = _findings(first)
    assert any("[Voice.Banned]" in f for f in found), found
    entry = _manifest(root)["guardrails"]
    assert entry["findings"] and any(f[2] == "Voice.Banned" for f in entry["findings"])
    committed = _tree(root / "generated")

    # a fresh clone: generated/ as committed, no .aeoloop/; the findings are printed, nothing is checked
    shutil.rmtree(root / ".aeoloop")
    checked = _no_checks(monkeypatch)
    again = build_site(root, jobs=1)
    assert checked == []
    assert _findings(again) == found
    assert _tree(root / "generated") == committed

    # the generated text changed (a hand edit, kept): checked again, the new finding reported
    summary = root / "generated" / "oee" / "summary.md"
    summary.write_text(summary.read_text(encoding="utf-8").rstrip("\n") + " It is world class.\n", encoding="utf-8")
    shutil.rmtree(root / ".aeoloop")
    edited = build_site(root, jobs=1)
    assert checked == ["oee.md"]
    assert any("summary.md" in f and "[Voice.Banned]" in f for f in _findings(edited))
    assert _manifest(root)["guardrails"]["key"] != entry["key"]

    # the rules changed: checked again, and the finding is gone
    (root / "brand" / "voice.yml").write_text("terminology:\n  banned: [{term: synergy}]\n", encoding="utf-8")
    checked.clear()
    ruled = build_site(root, jobs=1)
    assert checked == ["oee.md"]
    assert not any("[Voice.Banned]" in f for f in _findings(ruled))
    assert not any(f[2] == "Voice.Banned" for f in _manifest(root)["guardrails"]["findings"])


@pytest.mark.parametrize(
    "bad",
    [
        "not an entry",
        {"findings": "none"},
        {"findings": [["generated/oee/summary.md", "one", "Voice.X", "msg", "warning"]]},
        {"findings": [["generated/oee/summary.md", 1, "Voice.X", "msg", "fatal"]]},
        {"findings": [["generated/oee/summary.md", 1, "Voice.X"]]},
    ],
)
def test_a_mangled_entry_is_checked_again(make_site, build_site, monkeypatch, bad) -> None:
    root = make_site()
    (root / "brand" / "voice.yml").write_text(VOICE, encoding="utf-8")
    first = build_site(root, jobs=1)
    path = root / "generated" / "oee" / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    good = manifest["guardrails"]
    manifest["guardrails"] = {**bad, "key": good["key"]} if isinstance(bad, dict) else bad
    path.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    shutil.rmtree(root / ".aeoloop")
    checked = _no_checks(monkeypatch)
    again = build_site(root, jobs=1)
    assert checked == ["oee.md"]
    assert _findings(again) == _findings(first)
    assert _manifest(root)["guardrails"] == good


def test_findings_of_a_rule_that_ran_out_of_time_are_not_recorded(make_site, build_site, monkeypatch) -> None:
    root = make_site()
    (root / "brand" / "voice.yml").write_text(VOICE, encoding="utf-8")
    build_site(root, jobs=1)
    assert "guardrails" in _manifest(root)
    real = buildsteps._Check.__call__

    def timing_out(self, item):
        found, _ = real(self, item)
        from aeoloop.errors import Diagnostic

        return found, [(0, Diagnostic("brand/voice.yml", 2, "pattern ran out of time", "warning"))]

    monkeypatch.setattr(buildsteps._Check, "__call__", timing_out)
    (root / "brand" / "voice.yml").write_text(VOICE + "# changed\n", encoding="utf-8")
    build_site(root, jobs=1)
    assert "guardrails" not in _manifest(root)


def _lint_spy(monkeypatch) -> list[str]:
    checked: list[str] = []
    real = buildsteps.lint_page

    def spy(page, ruleset, display=None):
        checked.append(page.src_uri)
        return real(page, ruleset, display)

    monkeypatch.setattr(buildsteps, "lint_page", spy)
    return checked


def _lint(state) -> list[str]:
    return [str(d) for d in state.diagnostics if d.file == "content/oee.md" and "[Voice." in d.message]


def test_lint_key_has_every_input() -> None:
    key = verdicts.lint_key("v1", "abc", "content/oee.md")
    others = {
        verdicts.lint_key("v2", "abc", "content/oee.md"),
        verdicts.lint_key("v1", "abd", "content/oee.md"),
        verdicts.lint_key("v1", "abc", "content/guides/oee.md"),
    }
    assert key not in others and len(others) == 3


def test_ci_build_prints_recorded_lint_findings_without_parsing(make_site, build_site, monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    root = make_site()
    (root / "brand" / "voice.yml").write_text(VOICE, encoding="utf-8")
    first = build_site(root, jobs=1)
    found = _lint(first)
    assert any("[Voice.Banned]" in f for f in found), found
    entry = _manifest(root)["lint"]
    assert any(f[1] == "Voice.Banned" and f[4] == "warning" for f in entry["findings"])
    committed = _tree(root / "generated")

    shutil.rmtree(root / ".aeoloop")  # a fresh clone
    linted = _lint_spy(monkeypatch)
    again = build_site(root, jobs=1)
    assert linted == []
    assert _lint(again) == found  # printed as if computed
    assert _tree(root / "generated") == committed

    # the source changed: linted again, the new finding reported and recorded
    page = root / "content" / "oee.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nOur tool is world class too.\n", encoding="utf-8")
    shutil.rmtree(root / ".aeoloop")
    edited = build_site(root, jobs=1)
    assert linted == ["oee.md"]
    assert len([f for f in _lint(edited) if "[Voice.Banned]" in f]) == len([f for f in found if "Banned" in f]) + 1
    assert _manifest(root)["lint"]["key"] != entry["key"]

    # a recorded finding is reported as it would be computed: an error stops the build
    path = root / "generated" / "oee" / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    manifest["lint"]["findings"][0][4] = "error"
    path.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    shutil.rmtree(root / ".aeoloop")
    from aeoloop.errors import FindingsError

    with pytest.raises(FindingsError):
        build_site(root, jobs=1)


@pytest.mark.parametrize(
    "bad",
    [
        [],
        {"findings": {"a": 1}},
        {"findings": [[1, "Voice.Banned", "msg", None]]},
        {"findings": [["1", "Voice.Banned", "msg", None, "warning"]]},
        {"findings": [[1, "Voice.Banned", "msg", None, "loud"]]},
    ],
)
def test_a_mangled_lint_entry_is_linted_again(make_site, build_site, monkeypatch, bad) -> None:
    root = make_site()
    (root / "brand" / "voice.yml").write_text(VOICE, encoding="utf-8")
    first = build_site(root, jobs=1)
    path = root / "generated" / "oee" / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    good = manifest["lint"]
    manifest["lint"] = {**bad, "key": good["key"]} if isinstance(bad, dict) else bad
    path.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    shutil.rmtree(root / ".aeoloop")
    linted = _lint_spy(monkeypatch)
    again = build_site(root, jobs=1)
    assert linted == ["oee.md"]
    assert _lint(again) == _lint(first)
    assert _manifest(root)["lint"] == good


@pytest.mark.parametrize(
    "bad", [["x"], [None, [[1, "Voice.Banned", "msg"]]], "text", [None, [["1", "R", "m", None, "warning"]]]]
)
def test_a_mangled_lint_cache_entry_is_a_miss(make_site, build_site, monkeypatch, bad) -> None:
    """.aeoloop/lint-cache.json is read into typed findings: an entry of another shape is a miss, not a
    traceback (the findings come from the page's manifest then, and the cache entry is written again)."""
    root = make_site()
    (root / "brand" / "voice.yml").write_text(VOICE, encoding="utf-8")
    first = build_site(root, jobs=1)
    cache = root / ".aeoloop" / "lint-cache.json"
    data = json.loads(cache.read_text(encoding="utf-8"))
    entry = data["entries"]["oee.md"]
    data["entries"]["oee.md"] = [entry[0], bad[1]] if isinstance(bad, list) and len(bad) == 2 else bad
    cache.write_text(json.dumps(data), encoding="utf-8")
    linted = _lint_spy(monkeypatch)
    again = build_site(root, jobs=1)
    assert linted == []
    assert _lint(again) == _lint(first)
    assert json.loads(cache.read_text(encoding="utf-8"))["entries"]["oee.md"] == entry


def test_findings_are_typed_records_written_as_json_lists() -> None:
    from aeoloop.produced import GuardrailFinding, LintFinding

    lint = LintFinding(3, "Voice.Banned", "Avoid it.", None, "warning")
    assert verdicts.lint_finding(json.loads(json.dumps(lint))) == lint
    guard = GuardrailFinding("generated/oee/faq.md", None, "quality.short", "faq: too short", "suggestion")
    assert verdicts.guardrail_finding(json.loads(json.dumps(guard))) == guard
    assert verdicts.lint_finding(["3", "R", "m", None, "warning"]) is None
    assert verdicts.guardrail_finding(["f", 1, "R", "m", "loud"]) is None
    assert verdicts.read_findings([json.loads(json.dumps(lint)), "x"], verdicts.lint_finding) is None
