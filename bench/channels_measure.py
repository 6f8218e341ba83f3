"""Entities and channel derivatives on content nobody wrote for aeoloop, with an empty glossary.

Builds a site with ``aeoloop new`` in a temporary folder, empties ``brand/glossary.yml``, copies
the Markdown of a public repository snapshot (never committed) into ``content/``, runs the engine
(load → generate → channels, no rendering) and reports, for pages over ``--min-words`` words:
how many got entities, and per channel how many were written; then the top keyphrases of a
sample of pages, for an editor to grade by hand.

    .venv/bin/python bench/channels_measure.py plausible /work/.mirror/plausible+docs/repo docs
    .venv/bin/python bench/channels_measure.py basecamp /work/.mirror/basecamp+handbook/repo .
    .venv/bin/python bench/channels_measure.py til /work/.mirror/jbranchaud+til/repo . --every 6

MDX ``import``/``export`` lines and ``<head>`` blocks are dropped while copying (the loader of
this version does not read Docusaurus pages yet); nothing else is changed.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path


def git_files(git_dir: str, under: str) -> list[str]:
    out = subprocess.run(
        ["git", f"--git-dir={git_dir}", "ls-tree", "-r", "--name-only", "HEAD", under],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return sorted(
        p for p in out.splitlines() if p.endswith(".md") and Path(p).name.lower() not in ("readme.md", "license.md")
    )


def git_show(git_dir: str, path: str) -> str:
    return subprocess.run(
        ["git", f"--git-dir={git_dir}", "show", f"HEAD:{path}"], capture_output=True, text=True, check=True
    ).stdout


def clean_mdx(text: str) -> str:
    text = re.sub(r"<head>.*?</head>", "", text, flags=re.S)
    return "\n".join(line for line in text.splitlines() if not re.match(r"^(import|export)\s", line))


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("name")
    ap.add_argument("git_dir")
    ap.add_argument("under")
    ap.add_argument("--every", type=int, default=1, help="take every Nth file (sorted by path)")
    ap.add_argument("--min-words", type=int, default=300)
    ap.add_argument("--sample", type=int, default=12, help="pages whose keyphrases are printed")
    ap.add_argument("--json", type=Path, default=None)
    ap.add_argument("--keep", type=Path, default=None, help="build here instead of a temporary folder")
    args = ap.parse_args()

    from aeoloop.build import BuildState, prepare
    from aeoloop.project import Project

    tmp = args.keep or Path(tempfile.mkdtemp(prefix=f"aeo-{args.name}-"))
    site = tmp / "site-src"
    if not site.exists():
        subprocess.run(
            [
                str(Path(sys.executable).parent / "aeoloop"),
                "new",
                str(site),
                "--name",
                args.name.title(),
                "--url",
                "https://docs.example.com/",
            ],
            check=True,
            capture_output=True,
        )
        (site / "brand" / "glossary.yml").write_text("terms: []\n", encoding="utf-8")
        for old in (site / "content").rglob("*.md"):
            if old.name != "index.md":
                old.unlink()
        files = git_files(args.git_dir, args.under)[:: args.every]
        for path in files:
            rel = Path(path).relative_to(args.under) if args.under != "." else Path(path)
            target = site / "content" / "c" / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(clean_mdx(git_show(args.git_dir, path)), encoding="utf-8")
    project = Project.load(site / "mkdocs.yml")
    state = BuildState(project, force=True)
    prepare(state)
    assert state.store is not None
    state.store.commit()  # generated/ of the temporary site, to read the derivatives
    rows = []
    for page in state.pages:
        if page.word_count < args.min_words:
            continue
        res = state.results.get(page.src_uri)
        if res is None:
            continue
        actions = state.channel_results.get(page.src_uri, {})
        rows.append(
            {
                "page": page.src_uri,
                "words": page.word_count,
                "entities": [(e.name, e.role) for e in res.artifacts.entities],
                "channels": actions,
            }
        )
    measured = {r["page"] for r in rows}
    notes = [
        d
        for d in state.diagnostics
        if "not written" in d.message and any(str(d.file or "").endswith("content/" + uri) for uri in measured)
    ]
    n = len(rows)
    with_ents = sum(1 for r in rows if r["entities"])
    print(
        f"{args.name}: {n} pages over {args.min_words} words; entities non-empty on {with_ents} ({100 * with_ents / max(n, 1):.0f}%)"
    )
    written: Counter[str] = Counter()
    total: Counter[str] = Counter()
    all_written = 0
    for r in rows:
        ok = True
        for ch, action in r["channels"].items():
            total[ch] += 1
            if action != "not written":
                written[ch] += 1
            else:
                ok = False
        all_written += ok and bool(r["channels"])
    for ch in total:
        print(f"  {ch:20} written {written[ch]:4}/{total[ch]} ({100 * written[ch] / total[ch]:.0f}%)")
    print(f"  every channel written: {all_written}/{n} ({100 * all_written / max(n, 1):.0f}%)")
    reasons: Counter[str] = Counter()
    for d in notes:
        msg = re.sub(r"\d+", "N", d.message.split(" not written: ", 1)[-1])
        reasons[(d.message.split(" not written", 1)[0] + ": " + msg)[:160]] += 1
    for msg, k in reasons.most_common(12):
        print(f"    {k:4} × {msg}")
    step = max(1, n // max(args.sample, 1))
    print("sample keyphrases (about | mentions):")
    for r in rows[::step][: args.sample]:
        about = [e for e, role in r["entities"] if role == "about"]
        mentions = [e for e, role in r["entities"] if role == "mentions"]
        print(f"  {r['page']}: {' · '.join(about)} | {' · '.join(mentions)}")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1, ensure_ascii=False), encoding="utf-8")
    print(f"(site in {site})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
