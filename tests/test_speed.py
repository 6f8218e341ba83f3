"""Build speed: work a hash says is done is not done again (issue 11).

Each test builds a real mini-site and counts the calls into the expensive step, so a cache that
stops hitting fails here rather than only in bench/RESULTS.md.
"""

from __future__ import annotations

import pytest


def _count(monkeypatch: pytest.MonkeyPatch, module: object, name: str) -> list[int]:
    calls = [0]
    real = getattr(module, name)

    def counting(*args: object, **kwargs: object) -> object:
        calls[0] += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, counting)
    return calls


def test_first_warm_build_after_generation_reuses_the_guardrail_findings(make_site, build_site, monkeypatch):
    """The generated text is checked once: the build that generated it caches the findings under
    the text as generated/ stores it, and the next build (which reads it back) finds them."""
    from aeoloop.express import guardrails

    root = make_site()
    first = build_site(root)
    assert first.regenerated == 1
    findings = sorted(d.message for d in first.diagnostics if d.message.startswith("generated text:"))
    contract = _count(monkeypatch, guardrails, "check_contract")
    rules = _count(monkeypatch, guardrails, "check_artifacts")
    second = build_site(root)
    assert second.regenerated == 0
    assert contract[0] == 0 and rules[0] == 0
    assert sorted(d.message for d in second.diagnostics if d.message.startswith("generated text:")) == findings


def test_a_ci_build_checks_generated_text_in_workers(tmp_path, build_site, monkeypatch):
    """In CI (generated/ committed, no caches) every page's generated text is checked again: in
    forked workers, so the quality contract's word tables (lemminflect, numpy) never load in the
    build process, which goes on to render the site (peak memory, issue 11). (Verify is left out:
    a site this small is verified in-process, a large one in fresh worker processes.)"""
    import shutil
    import subprocess
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    try:
        import corpus as bench_corpus
    finally:
        sys.path.pop(0)
    root = tmp_path / "site"
    bench_corpus.generate(root, 12, 3, seed=3)
    build_site(root, jobs=2)
    for name in (".aeoloop", "site"):
        shutil.rmtree(root / name)
    script = (
        "import sys; from pathlib import Path; from aeoloop.build import run_build; from aeoloop.project import Project; "
        f"run_build(Project.load(Path({str(root / 'mkdocs.yml')!r})), jobs=2, verify=False); "
        "print(sorted(m for m in ('lemminflect', 'numpy', 'spacy') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr[-3000:]
    assert out.stdout.strip().splitlines()[-1] == "[]"


#: Modules a build imports only to make or check text: the sentence choosers, the question rules,
#: the quality contract, the channel builders (and the carousel's PDF writer), the audience intros.
GENERATION_MODULES = (
    "aeoloop.backends.extractive",
    "aeoloop.amplify.questions",
    "aeoloop.quality.contract",
    "aeoloop.express.guardrails",
    "aeoloop.amplify.channels.ai_answer",
    "aeoloop.amplify.channels.points",
    "aeoloop.amplify.channels.linkedin_carousel",
    "aeoloop.tailor.intro",
    "aeoloop.evolve.experiment_variants",
    "extruct",
    "lemminflect",
    "spacy",
    "reportlab",
)


def test_a_warm_build_imports_nothing_that_makes_or_checks_text(tmp_path, build_site):
    """Start-up and memory (issue 11): a build where nothing changed keys every page, channel and
    audience variant by hashes and reads their recorded verdicts; it must not import the modules
    that generate or check text (a third of the engine's modules: ~0.15 CPU-s and memory the build
    keeps to the end). The example site, with its audiences, built once, then again in a fresh
    process that reports what it imported."""
    import shutil
    import subprocess
    import sys
    from pathlib import Path

    repo = Path(__file__).resolve().parent.parent
    root = tmp_path / "example"
    for name in ("content", "brand", "generated"):
        shutil.copytree(repo / name, root / name)
    shutil.copy2(repo / "mkdocs.yml", root / "mkdocs.yml")
    first = build_site(root)
    # a channel whose files were all edited by hand is kept and its derived files re-rendered from the
    # edit in every build (the carousel PDF: its module and PDF writer load by design): start those pages afresh
    kept = [uri for uri, acts in first.channel_results.items() if any(a.startswith("kept") for a in acts.values())]
    for uri in kept:
        shutil.rmtree(root / "generated" / uri.removesuffix(".md"))
    if kept:
        build_site(root)
    script = (
        "import sys; from pathlib import Path; from aeoloop.build import run_build; from aeoloop.project import Project; "
        f"state = run_build(Project.load(Path({str(root / 'mkdocs.yml')!r}))); "
        "print(sum(r.regenerated for r in state.results.values()), "
        f"sorted(m for m in {GENERATION_MODULES!r} if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr[-3000:]
    assert out.stdout.strip().splitlines()[-1] == "0 []"
