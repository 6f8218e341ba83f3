"""LLM backend benchmark against a local OpenAI-compatible endpoint with fixed latency.

    python bench/llm_bench.py [--pages 100] [--latency 0.3] [--out bench/results-llm.md]

Builds a synthetic corpus (bench/corpus.py), points the ``llm`` backend at the fake endpoint of
tests/fixtures/llm/fake_openai.py (run in its own process, so it does not share our GIL), and
times, in the same run: the load + generate + channels steps (every page: 1 page call and 6
channel calls) at concurrency 8 and at concurrency 1, then a warm rebuild at concurrency 8, which
must make 0 calls. Results are appended to ``--out``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")


def stats(base: str) -> dict:
    with urllib.request.urlopen(base.rsplit("/v1", 1)[0] + "/stats", timeout=10) as r:  # noqa: S310 - 127.0.0.1 only
        return json.loads(r.read())


def configure(project: Path, base: str, concurrency: int) -> None:
    import yaml

    cfg_path = project / "mkdocs.yml"
    cfg = yaml.safe_load(cfg_path.read_text(encoding="utf-8"))
    cfg["plugins"] = [{"aeoloop": {}} if e == "aeoloop" else e for e in cfg["plugins"]]
    for entry in cfg["plugins"]:
        if isinstance(entry, dict) and "aeoloop" in entry:
            entry["aeoloop"] = {
                **(entry["aeoloop"] or {}),
                "backend": "llm",
                "model": "openai/bench-model",
                "llm": {
                    "api_base": base,
                    "api_key_env": "AEOLOOP_BENCH_KEY",
                    "concurrency": concurrency,
                    "timeout": 30,
                },
            }
    cfg_path.write_text(yaml.safe_dump(cfg, sort_keys=False), encoding="utf-8")


def run(project: Path) -> tuple[float, object]:
    from aeoloop.build import BuildState, prepare
    from aeoloop.project import Project

    started = time.perf_counter()
    state = BuildState(Project.load(project / "mkdocs.yml"))
    prepare(state)
    state.written = state.store.commit()
    return time.perf_counter() - started, state


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=100)
    ap.add_argument("--latency", type=float, default=0.3)
    ap.add_argument("--out", type=Path, default=HERE / "results-llm.md")
    args = ap.parse_args(argv)
    os.environ["AEOLOOP_BENCH_KEY"] = "sk-bench-not-a-real-key"
    import corpus

    fake = subprocess.Popen(
        [sys.executable, str(ROOT / "tests/fixtures/llm/fake_openai.py"), str(args.latency), "3600"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    work = Path(tempfile.mkdtemp(prefix="aeoloop-llm-bench-"))
    rows = []
    try:
        base = fake.stdout.readline().strip()  # type: ignore[union-attr]
        src = work / "corpus"
        corpus.generate(src, pages=args.pages, sections=5)
        # warm-up outside the timings: imports (litellm ~3-6 s, spaCy), tokenizer, brand rules
        from aeoloop.backends.llm_client import import_litellm

        import_litellm()
        scratch = work / "warmup"  # spaCy, lemminflect, brand rules, PDF and twitter-text imports
        shutil.copytree(src, scratch)
        run(scratch)
        shutil.rmtree(scratch)
        results = {}
        for concurrency in (8, 1):
            project = work / f"c{concurrency}"
            shutil.copytree(src, project)
            configure(project, base, concurrency)
            fake.stdin.write("reset\n")  # type: ignore[union-attr]
            fake.stdin.flush()  # type: ignore[union-attr]
            time.sleep(0.2)
            seconds, state = run(project)
            s = stats(base)
            results[concurrency] = (seconds, state, s)
            print(
                f"concurrency {concurrency}: {seconds:.1f} s, {s['requests']} calls, max in flight {s['max_in_flight']}, "
                f"timings { ({k: round(v, 1) for k, v in state.timings.items()}) }",
                flush=True,
            )
        fake.stdin.write("reset\n")  # type: ignore[union-attr]
        fake.stdin.flush()  # type: ignore[union-attr]
        time.sleep(0.2)
        warm_seconds, warm_state = run(work / "c8")
        warm_calls = stats(base)["requests"]
        print(
            f"warm rebuild: {warm_seconds:.1f} s, {warm_calls} calls, {len(warm_state.written)} files written",
            flush=True,
        )
        c8, c1 = results[8], results[1]
        fallbacks = sum(1 for d in c8[1].diagnostics if "extractive output" in d.message or "last good" in d.message)
        speedup = c1[0] / c8[0]
        rows = [
            f"## {dt.date.today().isoformat()}: {args.pages} pages × (1 page call + 6 channel calls), latency {args.latency * 1000:.0f} ms",
            "",
            f"`python bench/llm_bench.py --pages {args.pages} --latency {args.latency}` on {platform.machine()}, "
            f"{os.cpu_count()} cores, Python {platform.python_version()}; fake endpoint in its own process.",
            "",
            "| run | wall time (load+generate+channels) | LLM calls | max in flight | generate | channels |",
            "|---|---|---|---|---|---|",
        ]
        for label, (seconds, state, s) in (("concurrency 8", c8), ("concurrency 1", c1)):
            t = state.timings
            rows.append(
                f"| {label} | {seconds:.1f} s | {s['requests']} | {s['max_in_flight']} | {t.get('generate', 0):.1f} s | {t.get('channels', 0):.1f} s |"
            )
        rows.append(
            f"| warm rebuild (conc. 8) | {warm_seconds:.1f} s | {warm_calls} | - | {warm_state.timings.get('generate', 0):.1f} s | {warm_state.timings.get('channels', 0):.1f} s |"
        )
        rows += [
            "",
            f"Speed-up concurrency 8 vs 1: **{speedup:.1f}×** (target ≥ 6×). Warm rebuild: **{warm_calls} calls** "
            f"(target 0), {len(warm_state.written)} files written. Fallbacks at concurrency 8: {fallbacks}.",
            "",
        ]
        print("\n".join(rows))
        with args.out.open("a", encoding="utf-8") as fh:
            if args.out.stat().st_size == 0:
                fh.write("# LLM backend benchmark\n\nAppended by `bench/llm_bench.py`; newest last.\n\n")
            fh.write("\n".join(rows) + "\n")
    finally:
        if fake.stdin:
            try:
                fake.stdin.write("quit\n")
                fake.stdin.flush()
            except BrokenPipeError:
                pass
        try:
            fake.wait(timeout=10)
        except subprocess.TimeoutExpired:
            fake.kill()
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
