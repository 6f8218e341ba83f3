"""Replay hand grades on the current engine: which graded Q&A pairs are unchanged, changed or gone?

    .venv/bin/python bench/replay_grades.py /tmp/g3/til --limit 300 --fold-notes \\
        /tmp/g5b/graded-til-r5.md /tmp/g4b/graded-til-r4.md
    .venv/bin/python bench/replay_grades.py --listing sample-til-all.md GRADED.md [...]

Each hand-grading round (``bench/RESULTS-quality.md``) leaves graded copies of the harness's
samples: ``N. question`` headings with ``- page:`` and ``- grade:`` lines and the answer text.
A change to the answer rules is judged by a fresh draw graded by hand, which is slow; between
rounds, this script tells an engineer at once what the change did to pairs whose grade is known:
it runs ``bench/quality.py`` on the corpus with every published pair listed (or reads a listing
already made with ``--sample`` large enough), matches each graded pair by page and question (or,
when the question was reworded, by page and answer), and counts, per old grade, the pairs

- **unchanged**: the same question and answer are still published (the grade still holds);
- **changed**: the question or the answer differs (grade it again by hand: ``--show``);
- **gone**: no longer published.

A good change turns weak and wrong pairs into changed-and-better or gone, and leaves good pairs
unchanged; every good pair gone is a loss. A later file's pair wins when two files grade the
same question on the same page. ``--json FILE`` keeps the per-pair outcome for a before/after comparison.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

HEADING = re.compile(r"^#{2,6} (\d+)\. (.+?)\s*$")
META = re.compile(r"^- (\w[\w ]*?):\s*(.*)$")
GRADES = ("good", "weak", "wrong")


@dataclass(frozen=True)
class Pair:
    """One Q&A pair as the harness lists it (and, in a graded copy, with its grade)."""

    page: str
    question: str
    answer: str
    grade: str = ""
    source: str = ""


def squash(text: str) -> str:
    """Whitespace-insensitive form for comparing answers across listings."""
    return " ".join(text.split())


def read_pairs(path: Path) -> list[Pair]:
    """Pairs of a harness sample or a graded copy; a pair with no page line is a parse error."""
    pairs: list[Pair] = []
    lines = path.read_text(encoding="utf-8").splitlines()
    i = 0
    while i < len(lines):
        head = HEADING.match(lines[i])
        if not head:
            i += 1
            continue
        start = i + 1
        meta: dict[str, str] = {}
        body: list[str] = []
        i += 1
        in_meta = True  # the "- key: value" lines right under the heading, up to the first blank after them
        while i < len(lines) and not lines[i].startswith("#"):
            line = lines[i]
            if in_meta and line.startswith("- "):
                found = META.match(line)
                if found:
                    meta.setdefault(found.group(1).strip(), found.group(2).strip())
            elif in_meta and not line.strip():
                in_meta = not meta
            else:
                in_meta = False
                body.append(line)
            i += 1
        if "page" not in meta:
            raise SystemExit(f"{path}:{start}: pair '{head.group(2)}' has no '- page:' line; is this a harness sample?")
        grade = meta.get("grade", "").split()[0].lower() if meta.get("grade") else ""
        pairs.append(
            Pair(
                page=meta["page"].strip("`"),
                question=head.group(2),
                answer=squash("\n".join(body)),
                grade=grade if grade in GRADES else "",
                source=f"{path.name}#{head.group(1)}",
            )
        )
    return pairs


def list_all(args: argparse.Namespace, work: Path) -> Path:
    """Run the quality harness with every published pair written to the sample file."""
    cmd = [sys.executable, str(Path(__file__).with_name("quality.py")), str(args.corpus), "--name", "replay"]
    cmd += ["--sample", "1000000", "--out", str(work)]
    if args.limit:
        cmd += ["--limit", str(args.limit)]
    if args.fold_notes:
        cmd.append("--fold-notes")
    if args.engine:
        cmd += ["--engine", str(args.engine)]
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"the quality harness failed ({done.returncode}):\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
    return work / "sample-replay.md"


def replay(graded: list[Pair], now: list[Pair]) -> list[dict[str, str]]:
    """Outcome of each graded pair against the pairs published now."""
    by_question = {(p.page, p.question): p for p in now}
    by_answer = {(p.page, p.answer): p for p in now}
    outcomes = []
    for old in graded:
        new = by_question.get((old.page, old.question)) or by_answer.get((old.page, old.answer))
        if new is None:
            outcome = "gone"
        elif new.question == old.question and new.answer == old.answer:
            outcome = "unchanged"
        else:
            outcome = "changed"
        outcomes.append(
            {
                "outcome": outcome,
                "grade": old.grade,
                "source": old.source,
                "page": old.page,
                "question": old.question,
                "answer": old.answer,
                "new_question": new.question if new else "",
                "new_answer": new.answer if new else "",
            }
        )
    return outcomes


def labels(files: list[Path]) -> list[Pair]:
    """Graded pairs of all files; a later file's pair wins for the same page and question.

    Rounds are graded on later engines, so a later round's answer under the same question is the
    one to compare with (an earlier round's answer to it was already replaced).
    """
    latest: dict[tuple[str, str], Pair] = {}
    for path in files:
        for pair in read_pairs(path):
            if pair.grade:
                latest[(pair.page, pair.question)] = pair
    return list(latest.values())


def table(outcomes: list[dict[str, str]], published: int) -> str:
    counts = Counter((o["grade"], o["outcome"]) for o in outcomes)
    rows = ["| old grade | pairs | unchanged | changed | gone |", "|---|---:|---:|---:|---:|"]
    for grade in GRADES:
        n = sum(counts[(grade, k)] for k in ("unchanged", "changed", "gone"))
        rows.append(
            f"| {grade} | {n} | {counts[(grade, 'unchanged')]} | {counts[(grade, 'changed')]} | {counts[(grade, 'gone')]} |"
        )
    matched = sum(1 for o in outcomes if o["outcome"] != "gone")
    rows.append(f"\npublished now: {published} pairs, of which {matched} were graded")
    return "\n".join(rows)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", type=Path, nargs="?", help="the corpus folder the graded samples were drawn from")
    ap.add_argument("graded", type=Path, nargs="+", help="graded copies of harness samples (later files win)")
    ap.add_argument("--listing", type=Path, help="a sample listing every published pair (skip running the harness)")
    ap.add_argument("--limit", type=int, help="as for bench/quality.py")
    ap.add_argument("--fold-notes", action="store_true", help="as for bench/quality.py")
    ap.add_argument("--engine", type=Path, help="as for bench/quality.py")
    ap.add_argument("--show", action="store_true", help="print every changed or gone pair, old beside new")
    ap.add_argument("--json", type=Path, help="write the per-pair outcomes here")
    args = ap.parse_args()
    if args.listing is None and args.corpus is None:
        ap.error("give the corpus folder, or --listing")
    if args.listing is not None and args.corpus is not None:
        args.graded.insert(0, args.corpus)
    graded = labels(args.graded)
    if not graded:
        raise SystemExit("no graded pairs found (a '- grade: good|weak|wrong' line under each pair)")
    with tempfile.TemporaryDirectory(prefix="aeoloop-replay-") as tmp:
        listing = args.listing or list_all(args, Path(tmp))
        now = read_pairs(listing)
    outcomes = replay(graded, now)
    print(table(outcomes, len(now)))
    if args.show:
        for o in outcomes:
            if o["outcome"] == "unchanged":
                continue
            print(
                f"\n### {o['grade']}, {o['outcome']}: {o['source']} `{o['page']}`\nQ: {o['question']}\nA: {o['answer']}"
            )
            if o["outcome"] == "changed":
                print(f"Q now: {o['new_question']}\nA now: {o['new_answer']}")
    if args.json:
        args.json.write_text(json.dumps(outcomes, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
