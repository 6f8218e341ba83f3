"""Fuzz bench: 10,000+ generated pages and rule/brand/config files through the real loaders.

    .venv/bin/python bench/fuzz.py                 # default counts (10,500 inputs; minutes)
    .venv/bin/python bench/fuzz.py --scale 0.1     # a quick run
    .venv/bin/python bench/fuzz.py --seed 7 --out bench/RESULTS-faults.md

Inputs come from the hypothesis strategies of ``tests/fuzzing.py`` (random structures with the
keys of each schema, then truncated, spliced with hostile text — ReDoS patterns, impossible
dates, braces, control characters, deep nesting — or replaced by raw text). For each kind it
counts inputs, outcomes (loaded / reported as a ``file:line`` problem), tracebacks (any
exception other than the reported problems: must be 0), inputs over 10 s, and the slowest input.
Tracebacks are printed with the input that caused them. Exit 1 if any traceback or hang.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import traceback
import warnings
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
os.environ.setdefault("AEOLOOP_REGEX_TIMEOUT", "0.2")
warnings.filterwarnings("ignore")

from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402
from hypothesis import seed as hseed  # noqa: E402

import fuzzing  # noqa: E402

PAGE = "---\ntitle: A page\n---\n\n# Aaaa heading\n\nThe plant runs. aaaaaaaaaaaaaaaaaaaaaaaaaaaa! Synergy and down time.\n\n- a list\n"
COUNTS = {
    "pages": 3000,
    "brand.yml": 1000,
    "glossary.yml": 1000,
    "audiences.yml": 500,
    "voice.yml": 1500,
    "vale style": 1500,
    "channels.yml": 1000,
    "manifest.json": 1000,
}


def _describe(value: object) -> str:
    """A short description of an input for the table (long runs of one character summarised)."""
    text = value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
    import re

    text = re.sub(r"(.{1,4}?)\1{20,}", lambda m: f"{m.group(1)!r}×{len(m.group(0)) // len(m.group(1))}", text)
    text = " ".join(text.split())
    return (text[:60] + "…" if len(text) > 60 else text).replace("|", "\\|")


def run(scale: float, seed: int) -> dict:
    from aeoloop.express.lint import load_rules

    ruleset = load_rules(ROOT / "brand", ROOT)
    checks = {
        "pages": (fuzzing.pages(), lambda d, v: fuzzing.check_page(d, v, ruleset)),
        "brand.yml": (fuzzing.yaml_texts(), lambda d, v: fuzzing.check_brand_file(d, "brand.yml", v)),
        "glossary.yml": (fuzzing.yaml_texts(), lambda d, v: fuzzing.check_brand_file(d, "glossary.yml", v)),
        "audiences.yml": (fuzzing.yaml_texts(), lambda d, v: fuzzing.check_brand_file(d, "audiences.yml", v)),
        "voice.yml": (fuzzing.yaml_texts(), lambda d, v: fuzzing.check_voice(d, v, PAGE)),
        "vale style": (fuzzing.yaml_texts(), lambda d, v: fuzzing.check_vale(d, v, PAGE)),
        "channels.yml": (fuzzing.yaml_texts(), lambda d, v: fuzzing.check_channels(d, v)),
        "manifest.json": (fuzzing.manifests(), lambda d, v: fuzzing.check_manifest(d, v)),
    }
    results: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        for kind, (strategy, check) in checks.items():
            n = max(1, int(COUNTS[kind] * scale))
            outcomes: Counter[str] = Counter()
            stats = {"slowest": (0.0, "", 0.0), "over10": 0, "i": 0, "max_cpu": 0.0}
            started_kind = time.monotonic()

            @hseed(seed)
            @settings(
                max_examples=n,
                database=None,
                deadline=None,
                suppress_health_check=list(HealthCheck),
                phases=[Phase.generate],
            )
            @given(strategy)
            def one(value) -> None:  # type: ignore[no-untyped-def]
                i = stats["i"]
                stats["i"] += 1
                folder = Path(tmp) / f"{kind.replace(' ', '-')}-{i}"
                folder.mkdir()
                started = time.monotonic()
                cpu = time.process_time()
                try:
                    outcomes[check(folder, value)] += 1
                except AssertionError as err:
                    outcomes["unnamed problem"] += 1
                    print(f"[{kind} #{i}] problem without file/line: {err}\n  input: {value!r:.300}", flush=True)
                except Exception:
                    outcomes["traceback"] += 1
                    print(f"[{kind} #{i}] TRACEBACK for input {value!r:.300}\n{traceback.format_exc()}", flush=True)
                took = time.monotonic() - started
                cpu = time.process_time() - cpu
                stats["over10"] += took > 10
                stats["max_cpu"] = max(stats["max_cpu"], cpu)
                if took > stats["slowest"][0]:
                    stats["slowest"] = (took, _describe(value), cpu)

            one()
            done = sum(outcomes.values())
            slowest = stats["slowest"]
            results[kind] = {
                "inputs": done,
                "outcomes": dict(outcomes),
                "over_10s": stats["over10"],
                "max_s": slowest[0],
                "max_cpu": stats["max_cpu"],
                "slowest": slowest[1],
                "seconds": time.monotonic() - started_kind,
            }
            print(
                f"{kind:14s} {done:6d} inputs  {dict(outcomes)}  max {slowest[0]:.2f}s  ({time.monotonic() - started_kind:.0f}s)",
                flush=True,
            )
    return results


def report(results: dict, seed: int, scale: float) -> str:
    total = sum(r["inputs"] for r in results.values())
    tracebacks = sum(r["outcomes"].get("traceback", 0) for r in results.values())
    unnamed = sum(r["outcomes"].get("unnamed problem", 0) for r in results.values())
    hangs = sum(r["over_10s"] for r in results.values())
    lines = [
        f"`bench/fuzz.py --seed {seed} --scale {scale}`: {total:,} inputs, {tracebacks} tracebacks, "
        f"{unnamed} problems without file/line, {hangs} inputs over 10 s.",
        "",
        "| kind | inputs | loaded | reported (file:line) | tracebacks | over 10 s | max s/input (wall) | max CPU s | slowest input |",
        "|------|-------:|-------:|---------------------:|-----------:|----------:|-------------------:|----------:|---------------|",
    ]
    for kind, r in results.items():
        o = r["outcomes"]
        lines.append(
            f"| {kind} | {r['inputs']:,} | {o.get('ok', 0):,} | {o.get('error', 0):,} | {o.get('traceback', 0)} | "
            f"{r['over_10s']} | {r['max_s']:.2f} | {r['max_cpu']:.2f} | {r['slowest']} |"
        )
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="multiply the default counts (10,500 inputs)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--out", type=Path, default=None, help="append the summary table to this Markdown file")
    args = parser.parse_args()
    started = time.monotonic()
    results = run(args.scale, args.seed)
    text = report(results, args.seed, args.scale)
    print(text)
    print(f"total {time.monotonic() - started:.0f}s")
    if args.out:
        with args.out.open("a", encoding="utf-8") as fh:
            fh.write(text)
    bad = sum(
        r["outcomes"].get("traceback", 0) + r["outcomes"].get("unnamed problem", 0) + r["over_10s"]
        for r in results.values()
    )
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
