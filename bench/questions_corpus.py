"""Questions from headings on real Markdown: every heading a build would turn into an FAQ question.

Why: the golden fixtures say what the rules should do on headings someone picked; this says what
they do on headings nobody picked. It loads pages the way a build does (``load_page``: markup
stripped, inline code kept), takes every H2/H3 (the FAQ levels) with its parent H2, plus the page
title when ``--titles`` is given (the AI-answer channel asks the title's question), and writes one
TSV row per heading: corpus, file, level, parent, heading, topic, shape, question, reason.

The rows are what a person grades (good / weak / wrong) for ``bench/RESULTS-quality.md``; the
script also prints counts per shape and, when a grades file is given (same first five columns
plus a grade), the graded counts.

    python bench/questions_corpus.py --name plausible DIR_OR_GIT_DIR [--glob 'docs/*.md'] > out.tsv

A path ending in ``.git`` or a bare repository is read with ``git show HEAD:<file>`` so the
public snapshots in /work/.mirror are never checked out (and never copied into this repo).
"""

from __future__ import annotations

import argparse
import csv
import fnmatch
import re
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

from aeoloop.amplify.questions import explain_heading, page_names
from aeoloop.page import Page, load_page


def _matches(name: str, pattern: str) -> bool:
    """A shell pattern where '*' stays inside one folder ('docs/*.md' is not 'docs/a/b.md')."""
    return fnmatch.fnmatch(name, pattern) and name.count("/") == pattern.count("/")


def _git_files(git_dir: Path, pattern: str) -> list[tuple[str, bytes]]:
    names = subprocess.run(
        ["git", f"--git-dir={git_dir}", "ls-tree", "-r", "--name-only", "HEAD"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    out = []
    for name in sorted(n for n in names if _matches(n, pattern)):
        data = subprocess.run(
            ["git", f"--git-dir={git_dir}", "show", f"HEAD:{name}"], capture_output=True, check=True
        ).stdout
        out.append((name, data))
    return out


def _dir_files(root: Path, pattern: str) -> list[tuple[str, bytes]]:
    return [
        (str(p.relative_to(root)), p.read_bytes())
        for p in sorted(root.rglob("*"))
        if p.is_file() and _matches(str(p.relative_to(root)), pattern)
    ]


def _topic(page: Page) -> str:
    """What the extractive backend uses when no glossary term is in the title (see ``_topic``)."""
    if page.meta.keywords:
        return page.meta.keywords[0]
    title = re.sub(r"^(what (is|are)|how (to|do you|does)|why)\s+", "", page.title, flags=re.I)
    return title.rstrip("?").strip() or page.title


def rows_for(name: str, files: list[tuple[str, bytes]], titles: bool, every: int) -> list[list[str]]:
    rows: list[list[str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for index, (rel, data) in enumerate(files):
            if every > 1 and index % every:
                continue
            path = Path(tmp) / "page.md"
            path.write_bytes(data)
            page, _ = load_page(path, rel)
            if page is None:
                continue
            topic = _topic(page)
            names = page_names(b.text for s in page.sections for b in s.blocks if b.kind in ("paragraph", "list"))
            parent = ""
            heads = [(s.level, s.heading) for s in page.sections if s.heading]
            if titles:
                h = explain_heading(page.title, topic=topic, lang=page.lang, names=names, plain=True)
                rows.append([name, rel, "title", "", page.title, topic, h.shape, h.question or "", h.reason or ""])
            for level, heading in heads:
                if level == 2:
                    parent = heading
                if level not in (2, 3):
                    continue
                parents = (page.title, parent) if level == 3 else (page.title,)
                h = explain_heading(heading, topic=topic, lang=page.lang, parents=parents, names=names, plain=True)
                rows.append(
                    [
                        name,
                        rel,
                        str(level),
                        parent if level == 3 else "",
                        heading,
                        topic,
                        h.shape,
                        h.question or "",
                        h.reason or "",
                    ]
                )
    return rows


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("source", type=Path, help="a folder of Markdown, or a (bare) git directory")
    ap.add_argument("--name", required=True)
    ap.add_argument("--glob", default="*.md")
    ap.add_argument("--titles", action="store_true", help="also ask each page title's question")
    ap.add_argument("--every", type=int, default=1, help="keep one file in N (a fixed sample)")
    ap.add_argument("--grades", type=Path, help="TSV of graded rows: ... heading, question, grade")
    args = ap.parse_args()
    is_git = args.source.suffix == ".git" or (args.source / "HEAD").is_file()
    files = _git_files(args.source, args.glob) if is_git else _dir_files(args.source, args.glob)
    rows = rows_for(args.name, files, args.titles, args.every)
    writer = csv.writer(sys.stdout, delimiter="\t", lineterminator="\n")
    writer.writerow(["corpus", "file", "level", "parent", "heading", "topic", "shape", "question", "reason"])
    writer.writerows(rows)
    shapes = Counter(r[6] for r in rows)
    print(
        f"{args.name}: {len(rows)} headings, {sum(1 for r in rows if r[7])} questions; shapes: "
        + ", ".join(f"{k} {v}" for k, v in shapes.most_common()),
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
