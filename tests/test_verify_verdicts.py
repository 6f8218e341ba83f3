"""Quality-contract verdicts on published units, recorded in the manifests: CI reads the pages back
and extracts their units, and takes the recorded verdict when the units' key matches.

Each input of the key changes it; a CI build (no .aeoloop/) computes no verdict and reports the
same as a build that did; a changed published text or a mangled entry is checked again.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from aeoloop.artifacts import QA
from aeoloop.quality import Limits
from aeoloop.verify import contract, verdict


def _manifest(root: Path) -> dict:
    return json.loads((root / "generated" / "oee" / "manifest.json").read_text(encoding="utf-8"))


def _spy(monkeypatch) -> list[str]:
    """Titles of the pages whose published units were checked in this process (-j 1)."""
    checked: list[str] = []
    real = verdict.check_artifacts

    def spy(**kwargs):
        checked.append(kwargs["title"])
        return real(**kwargs)

    monkeypatch.setattr(verdict, "check_artifacts", spy)
    return checked


def test_every_input_is_in_the_key(monkeypatch) -> None:
    base = dict(
        summary="A summary.",
        takeaways=["One.", "Two."],
        faq=[QA("What is it?", "It is this.")],
        title="OEE",
        lang="en",
        limits=Limits(),
    )
    key = contract.contract_key(**base)
    changed = [
        {"summary": "Another summary."},
        {"takeaways": ["One.", "Three."]},
        {"takeaways": ["One."]},
        {"faq": [QA("What is OEE?", "It is this.")]},
        {"faq": [QA("What is it?", "It is that.")]},
        {"title": "OEE guide"},
        {"lang": "it"},
        {"limits": Limits(answer_max=Limits().answer_max + 5)},
    ]
    keys = {contract.contract_key(**{**base, **change}) for change in changed}
    assert key not in keys and len(keys) == len(changed)
    monkeypatch.setattr(verdict, "CONTRACT_VERSION", "another contract")
    assert contract.contract_key(**base) != key


def test_ci_build_takes_recorded_verdicts(make_site, build_site, monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    root = make_site()
    first = build_site(root, jobs=1)
    entry = _manifest(root)["verify"]
    assert isinstance(entry["key"], str) and isinstance(entry["contract"], list)
    report = first.report.to_json()

    shutil.rmtree(root / ".aeoloop")  # a fresh clone: generated/ as committed, no verify cache
    checked = _spy(monkeypatch)
    again = build_site(root, jobs=1)
    assert checked == []
    assert again.report.to_json() == report
    assert _manifest(root)["verify"] == entry

    # the published summary changed (a hand edit, kept): its verdict is computed and recorded
    summary = root / "generated" / "oee" / "summary.md"
    summary.write_text("OEE is short.\n", encoding="utf-8")
    shutil.rmtree(root / ".aeoloop")
    edited = build_site(root, jobs=1)
    assert len(checked) == 1
    assert _manifest(root)["verify"]["key"] != entry["key"]
    assert any(c.startswith("summary ") for c in _manifest(root)["verify"]["contract"])
    assert edited.report.to_json() != report


@pytest.mark.parametrize(
    "bad", ["nonsense", {"contract": "none"}, {"contract": [1, 2]}, {"key": 7, "contract": []}, {"contract": None}]
)
def test_a_mangled_entry_is_checked_again(make_site, build_site, monkeypatch, bad) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    root = make_site()
    first = build_site(root, jobs=1)
    path = root / "generated" / "oee" / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    good = manifest["verify"]
    manifest["verify"] = {"key": good["key"], **bad} if isinstance(bad, dict) else bad
    del manifest["readback"]  # (the page's whole read-back, its verdict included: verify.readback)
    path.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    shutil.rmtree(root / ".aeoloop")
    checked = _spy(monkeypatch)
    again = build_site(root, jobs=1)
    assert len(checked) == 1
    assert again.report.to_json() == first.report.to_json()
    assert _manifest(root)["verify"] == good


def test_workers_take_recorded_verdicts_and_report_the_same(make_site, build_site, monkeypatch) -> None:
    """-j 2 with the verify pool forced on: the workers get the recorded verdicts; same report, same generated/."""
    from aeoloop.verify import driver, prefetch

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    monkeypatch.setattr(driver, "POOL_MIN_PAGES", 1)
    monkeypatch.setattr(prefetch, "POOL_MIN_PAGES", 1)
    root = make_site()
    first = build_site(root, jobs=1)
    committed = (root / "generated" / "oee" / "manifest.json").read_bytes()
    shutil.rmtree(root / ".aeoloop")
    again = build_site(root, jobs=2)
    assert again.report.to_json() == first.report.to_json()
    assert (root / "generated" / "oee" / "manifest.json").read_bytes() == committed
