"""Quality harness: how publishable is what aeoloop generates from Markdown nobody wrote for it?

    .venv/bin/python bench/quality.py CORPUS_DIR [--name NAME] [--limit N] [--sample N] [--out DIR]
    .venv/bin/python bench/quality.py /tmp/plausible/docs --name plausible --sample 50
    .venv/bin/python bench/quality.py /tmp/til --name til --limit 300 --engine /tmp/aeoloop-before

What it does, as a new user would:

1. ``aeoloop new`` a project in a temporary folder; its own pages are removed, the corpus's
   ``*.md`` files are copied in with their folders (``--limit N`` takes a deterministic random
   sample of N files, seeded by ``--seed``). Pages that cannot be loaded (no title, bad front
   matter) are left out and listed. Brand voice rules and channel derivatives are switched off
   (``--channels`` keeps the channels): this harness measures answers, not the voice or speed.
2. ``aeoloop build --no-verify`` (generated/ and site/ are written even when verify would
   fail), then ``aeoloop verify --format json``.
3. Every generated unit in ``generated/`` is judged by the quality contract
   (:mod:`aeoloop.quality`) with the project's word limits, and the HTML in ``site/`` is read
   for paragraphs printed twice.

``--fold-notes`` turns a folder of one-note-per-file (like jbranchaud/til) into one page per folder
with each note as an H2 section (its own headings one level down), the shape in which short notes
get an FAQ at all (the FAQ is made from H2/H3 headings). The page is titled with the category name
of the corpus's README ("CSS notes"); a folder with one note in the sample stays that note.

``--engine DIR`` builds with another copy of the package (``DIR/generator`` first on
PYTHONPATH), e.g. an older commit exported with ``git archive``, so before/after runs differ
only in the engine; the judge is always this checkout's contract.

Output: a Markdown table on stdout, ``<out>/quality-<name>.json`` with every figure and failure
count, and with ``--sample N`` ``<out>/sample-<name>.md``: N Q&A pairs drawn at random (seeded
by the corpus name, so a later run samples the same pages) for grading by hand with the rubric
good / weak / wrong.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup

from aeoloop.artifacts import QA, parse_faq, parse_takeaways
from aeoloop.page import Page, load_page
from aeoloop.quality import Failure, Limits, check_answer, check_question, check_summary, check_takeaway, duplicates
from aeoloop.text import count_words, normalize, split_sentences

MALFORMED = {"question-shape", "question-mark", "question-markup", "question-subject"}
TYPES = ("summary", "takeaway", "question", "answer", "faq pair")
CHANNELS_OFF = "channels:\n" + "".join(
    f"  {name}: {{enabled: false}}\n"
    for name in ("ai-answer", "linkedin-post", "linkedin-carousel", "x-thread", "short-video-script", "newsletter")
)


@dataclass
class Tally:
    units: int = 0
    passed: int = 0
    rules: Counter[str] = field(default_factory=Counter)

    def add(self, found: list[Failure]) -> None:
        self.units += 1
        self.passed += not found
        self.rules.update({f.rule for f in found})

    def rate(self) -> float | None:
        return round(100 * self.passed / self.units, 1) if self.units else None


def run(cmd: list[str], cwd: Path, engine: Path | None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, LITELLM_LOCAL_MODEL_COST_MAP="True")
    if engine is not None:
        env["PYTHONPATH"] = str(engine / "generator") + os.pathsep + env.get("PYTHONPATH", "")
    return subprocess.run(
        [sys.executable, "-c", "from aeoloop.cli import main; main()", *cmd],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
    )


_NO_QUESTION = re.compile(r"no FAQ question from heading (?:'[^']*'|\"[^\"]*\"): (?P<reason>[^(';:]{1,70})")
# The rule id in "[rule]" may be eaten by the terminal's markup; the message's first words then stand for it.
_BAD_QUESTION = re.compile(
    r"no FAQ entry for heading .*?: the question (?:'[^']*'|\"[^\"]*\") (?:\[(?P<rule>[\w-]+)\])?\s*(?P<msg>[^;(:]{1,50})"
)
_NO_ANSWER = re.compile(
    r"no FAQ entry for .*?: no answer under the heading passes \((?:\[(?P<rule>[\w-]+)\])?\s*(?P<msg>[^;(:'\"]{1,40})"
)
_NO_SENTENCES = re.compile(r"no FAQ entry for .*?: the section under the heading has no sentences")


def faq_skips(log: str) -> dict[str, int]:
    """Headings that got no FAQ entry, counted by why (the build's own notes, ``aeoloop build -v``):
    no question from the heading (by the rule's reason), a question the contract rejects (by rule),
    no passing answer (by the first failed rule), or no sentences under the heading."""
    counts: Counter[str] = Counter()
    for line in log.splitlines():
        if m := _NO_QUESTION.search(line):
            counts["no question: " + m.group("reason").strip()] += 1
        elif m := _BAD_QUESTION.search(line):
            counts["question rejected: " + (m.group("rule") or m.group("msg").strip())] += 1
        elif m := _NO_ANSWER.search(line):
            msg = m.group("msg").strip()
            counts["no passing answer: " + (m.group("rule") or ("definition" if msg == "answers" else msg))] += 1
        elif _NO_SENTENCES.search(line):
            counts["no sentences under the heading"] += 1
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def pick_files(corpus: Path, limit: int | None, seed: int) -> list[Path]:
    files = sorted(
        p
        for p in corpus.rglob("*.md")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(corpus).parts)
    )
    if limit is not None and len(files) > limit:
        files = sorted(random.Random(seed).sample(files, limit))
    return files


def categories(corpus: Path) -> dict[str, str]:
    """Folder slug → the category name the corpus's own README gives it ("### AWS" above links to
    ``aws/…``), so a folded page is titled as the writer names the category ("AWS notes", not
    "Aws notes"). Empty when there is no README or it lists no folders."""
    readme = corpus / "README.md"
    if not readme.is_file():
        return {}
    out: dict[str, str] = {}
    heading = None
    for line in readme.read_text(encoding="utf-8", errors="replace").splitlines():
        if m := re.match(r"^#{2,4}\s+(.+?)\s*$", line):
            heading = m.group(1)
        elif heading and (m := re.search(r"\]\(([^)/]+)/[^)]+\.md\)", line)):
            out.setdefault(re.sub(r"[^a-z0-9]+", "-", m.group(1).lower()).strip("-"), heading)
    return out


def fold_notes(corpus: Path, files: list[Path]) -> dict[str, str]:
    """One page per top-level folder; each note's "# Title" becomes "## Title", its headings go one level down.

    A folder with a single note in the sample stays that note, as its writer wrote it (its "# Title" is the
    page's title): folding it would only put the harness's title above the writer's. A folder of several
    notes is titled with the category name of the corpus's README when it has one ("CSS notes")."""
    pages: dict[str, list[str]] = {}
    for src in files:
        rel = src.relative_to(corpus)
        if len(rel.parts) < 2:
            continue  # README.md and other files at the top are not notes
        pages.setdefault(re.sub(r"[^a-z0-9]+", "-", rel.parts[0].lower()).strip("-") or "notes", []).append(
            src.read_text(encoding="utf-8", errors="replace").strip()
        )
    names = categories(corpus)
    out: dict[str, str] = {}
    for folder, notes in sorted(pages.items()):
        if len(notes) == 1:
            out[folder] = notes[0] + "\n"
            continue
        demoted = []
        for text in notes:
            lines, fence = [], False
            for line in text.splitlines():
                if line.lstrip().startswith(("```", "~~~")):
                    fence = not fence
                if not fence and re.match(r"^#{1,5} ", line):
                    line = "#" + line
                lines.append(line)
            demoted.append("\n".join(lines).strip())
        title = names.get(folder) or folder.replace("-", " ").title()
        out[folder] = f"---\ntitle: {json.dumps(title + ' notes')}\n---\n\n" + "\n\n".join(demoted) + "\n"
    return out


def make_project(
    corpus: Path, files: list[Path], work: Path, *, name: str, channels: bool, engine: Path | None, fold: bool = False
) -> tuple[Path, list[str]]:
    root = work / "site-project"
    done = run(["new", str(root), "--name", name, "--url", "https://quality.example/"], work, engine)
    if done.returncode:
        raise SystemExit(f"aeoloop new failed:\n{done.stdout}{done.stderr}")
    content = root / "content"
    for page in content.rglob("*.md"):
        page.unlink()
    for extra in ("voice.yml", "vale"):
        target = root / "brand" / extra
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()
    if not channels:
        (root / "brand" / "channels.yml").write_text(CHANNELS_OFF, encoding="utf-8")
    skipped: list[str] = []
    if fold:
        for folder, text in fold_notes(corpus, files).items():
            (content / f"{folder}.md").write_text(text, encoding="utf-8")
        return root, skipped
    for src in files:
        rel = src.relative_to(corpus)
        if rel.name.lower() == "readme.md" and rel.parent != Path("."):
            rel = rel.with_name("index.md")
        page, problems = load_page(src, rel.as_posix())
        if page is None:
            skipped.append(f"{rel}: {problems[0].message if problems else 'not loadable'}")
            continue
        dest = content / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dest)
    return root, skipped


def heading_for(page: Page, qa: QA) -> str | None:
    """The heading an extractive answer came from: the section that prints its last sentence."""
    last = normalize((split_sentences(qa.answer) or [qa.answer])[-1]).rstrip(".")
    for section in page.sections:
        if not section.heading:
            continue
        body = normalize(" ".join(b.text if b.kind == "paragraph" else " ".join(b.items) for b in section.blocks))
        if last and last in body:
            return section.heading
    return None


def repeated_paragraphs(html: str) -> tuple[int, int, list[str]]:
    """Paragraphs/list items (6+ words) printed more than once: (all, those involving generated text
    (summary box or FAQ), examples of the latter)."""
    soup = BeautifulSoup(html, "lxml")
    article = soup.find("article") or soup
    seen: Counter[str] = Counter()
    generated: set[str] = set()
    for el in article.find_all(["p", "li"]):
        if el.name == "li" and el.find("p"):
            continue
        text = " ".join(el.get_text(" ").split())
        if count_words(text) < 6:
            continue
        key = normalize(text)
        seen[key] += 1
        if el.find_parent(id="aeoloop-summary") is not None or el.find_parent(id="faq") is not None:
            generated.add(key)
    repeated = [k for k, n in seen.items() if n > 1]
    ours = sorted(k for k in repeated if k in generated)
    return len(repeated), len(ours), ours[:3]


def site_html(root: Path, page: Page) -> Path | None:
    slug = page.slug
    for candidate in (
        root / "site" / slug / "index.html",
        root / "site" / f"{slug}.html",
        root / "site" / (slug[: -len("index")] if slug.endswith("index") else slug) / "index.html",
    ):
        if candidate.is_file():
            return candidate
    return None


def prose_words(page: Page) -> int:
    """Words a summary can be made from: ``Page.word_count`` without code blocks. A short note with
    a long code listing passes 150 words on code tokens alone; the target is about pages with 150
    words of text, so the harness reports the summary rate both ways."""
    return sum(count_words(b.text) for s in page.sections for b in s.blocks if b.kind != "code")


def judge(root: Path, limits: Limits) -> tuple[dict[str, Any], list[dict[str, str]]]:
    tallies = {t: Tally() for t in TYPES}
    summary_150 = Tally()
    summary_150_prose = Tally()  # the same, counting words outside code blocks only
    pages = pages_faq = pages_entities = pages_twice = twice = twice_generated = 0
    twice_examples: list[str] = []
    opens_unseen = answers = malformed = questions = 0
    pairs: list[dict[str, str]] = []
    for path in sorted((root / "content").rglob("*.md")):
        rel = path.relative_to(root / "content").as_posix()
        page, _ = load_page(path, rel)
        if page is None:
            continue
        pages += 1
        folder = root / "generated" / page.slug

        def read(name: str, folder: Path = folder) -> str:
            return (folder / name).read_text(encoding="utf-8") if (folder / name).is_file() else ""

        summary = read("summary.md").strip()
        takeaways = parse_takeaways(read("takeaways.md"))
        faq = parse_faq(read("faq.md"))
        entities = json.loads(read("entities.json") or "[]")
        pages_entities += bool(entities)
        pages_faq += bool(faq)
        found = check_summary(summary, title=page.title, lang=page.lang, limits=limits)
        tallies["summary"].add(found)
        if page.word_count >= 150:
            summary_150.add(found)
        if prose_words(page) >= 150:
            summary_150_prose.add(found)
        for t in takeaways:
            tallies["takeaway"].add(check_takeaway(t, lang=page.lang, limits=limits))
        dup = duplicates(summary=summary, takeaways=takeaways, faq=faq)
        for i, qa in enumerate(faq, start=1):
            q_found = check_question(qa.question, heading=heading_for(page, qa), lang=page.lang)
            a_found = check_answer(qa.answer, question=qa.question, lang=page.lang, limits=limits)
            a_found += [f for f in dup if f.unit == f"faq[{i}].answer"]
            tallies["question"].add(q_found)
            tallies["answer"].add(a_found)
            tallies["faq pair"].add(q_found + a_found)
            questions += 1
            answers += 1
            malformed += bool({f.rule for f in q_found} & MALFORMED)
            opens_unseen += any(f.rule == "unseen-reference" for f in a_found)
            verdict = "pass" if not (q_found or a_found) else ", ".join(sorted({f.rule for f in q_found + a_found}))
            pairs.append({"page": rel, "question": qa.question, "answer": qa.answer, "contract": verdict})
        html = site_html(root, page)
        if html is not None:
            n, ours, examples = repeated_paragraphs(html.read_text(encoding="utf-8"))
            twice += n
            pages_twice += bool(n)
            twice_generated += ours
            twice_examples += [f"{rel}: {e[:100]}" for e in examples]
    figures = {
        "pages": pages,
        "pages_with_faq": pages_faq,
        "faq_pairs": tallies["faq pair"].units,
        "faq_pairs_pass_pct": tallies["faq pair"].rate(),
        "answers_opening_with_unseen_reference_pct": round(100 * opens_unseen / answers, 1) if answers else None,
        "malformed_questions_pct": round(100 * malformed / questions, 1) if questions else None,
        "summary_pass_pct_pages_150_words": summary_150.rate(),
        "pages_150_words": summary_150.units,
        "summary_pass_pct_pages_150_prose_words": summary_150_prose.rate(),
        "pages_150_prose_words": summary_150_prose.units,
        "paragraphs_printed_twice": twice,
        "pages_with_a_paragraph_printed_twice": pages_twice,
        "paragraphs_printed_twice_by_generated_text": twice_generated,
        "examples_printed_twice_by_generated_text": twice_examples[:20],
        "pages_with_entities_pct": round(100 * pages_entities / pages, 1) if pages else None,
        "types": {
            t: {"units": v.units, "pass_pct": v.rate(), "failures": dict(sorted(v.rules.items()))}
            for t, v in tallies.items()
        },
    }
    return figures, pairs


def markdown(name: str, figures: dict[str, Any]) -> str:
    lines = [
        f"### {name}",
        "",
        f"{figures['pages']} pages, {figures['pages_with_faq']} with an FAQ, {figures['faq_pairs']} FAQ pairs.",
        "",
        "| figure | value |",
        "|---|---|",
    ]
    for key in (
        "faq_pairs_pass_pct",
        "answers_opening_with_unseen_reference_pct",
        "malformed_questions_pct",
        "summary_pass_pct_pages_150_words",
        "pages_150_words",
        "summary_pass_pct_pages_150_prose_words",
        "pages_150_prose_words",
        "paragraphs_printed_twice",
        "pages_with_a_paragraph_printed_twice",
        "paragraphs_printed_twice_by_generated_text",
        "pages_with_entities_pct",
    ):
        lines.append(f"| {key.replace('_', ' ')} | {figures[key]} |")
    lines += ["", "| unit | units | pass % | failures by rule |", "|---|---|---|---|"]
    for unit, data in figures["types"].items():
        fails = ", ".join(f"{rule} {n}" for rule, n in sorted(data["failures"].items(), key=lambda kv: (-kv[1], kv[0])))
        lines.append(f"| {unit} | {data['units']} | {data['pass_pct']} | {fails or '—'} |")
    return "\n".join(lines) + "\n"


def sample_markdown(name: str, pairs: list[dict[str, str]], n: int) -> str:
    chosen = random.Random(f"quality-sample-{name}").sample(pairs, min(n, len(pairs)))
    out = [
        f"# Q&A sample: {name} ({len(chosen)} of {len(pairs)} pairs)",
        "",
        "Grade: good (publishable as is or after a one-word edit) / weak (true but needs a clause rewritten, misses "
        "part of the answer, or a clumsy question) / wrong (misleading, not a real question, or leaning on text the "
        "reader cannot see).",
        "",
    ]
    for k, pair in enumerate(chosen, start=1):
        out += [
            f"## {k}. {pair['question']}",
            "",
            f"- page: `{pair['page']}`",
            f"- contract: {pair['contract']}",
            "- grade: ",
            "",
            pair["answer"],
            "",
        ]
    return "\n".join(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", type=Path, help="a folder of Markdown pages")
    ap.add_argument("--name", help="corpus name for the report (default: the folder name)")
    ap.add_argument("--limit", type=int, default=None, help="at most N pages, a deterministic random sample")
    ap.add_argument("--seed", type=int, default=8)
    ap.add_argument("--sample", type=int, default=0, help="write N random Q&A pairs for grading by hand")
    ap.add_argument("--out", type=Path, default=Path("bench/.work/quality"))
    ap.add_argument("--engine", type=Path, default=None, help="build with DIR/generator (another copy of aeoloop)")
    ap.add_argument("--channels", action="store_true", help="also write channel derivatives (slower)")
    ap.add_argument("--fold-notes", action="store_true", help="one page per folder, each note an H2 section")
    ap.add_argument("--keep", action="store_true", help="keep the temporary project and print where it is")
    args = ap.parse_args()
    corpus = args.corpus.resolve()
    name = args.name or corpus.name
    work = Path(tempfile.mkdtemp(prefix=f"aeoloop-quality-{re.sub(r'[^a-z0-9]+', '-', name.lower())}-"))
    try:
        files = pick_files(corpus, args.limit, args.seed)
        root, skipped = make_project(
            corpus, files, work, name=name, channels=args.channels, engine=args.engine, fold=args.fold_notes
        )
        built = run(["build", "--no-verify", "-v"], root, args.engine)
        if built.returncode:
            raise SystemExit(
                f"aeoloop build failed ({built.returncode}):\n{built.stdout[-3000:]}{built.stderr[-3000:]}"
            )
        verified = run(["verify", "--format", "json"], root, args.engine)
        try:
            report = json.loads(verified.stdout)
            scores = [s["score"] for s in report.get("scores", [])]
            verify = {
                "errors": report.get("errors"),
                "warnings": report.get("warnings"),
                "average_score": round(sum(scores) / len(scores), 1) if scores else None,
                "pages_100": sum(1 for s in scores if s == 100),
            }
        except ValueError:
            verify = {"error": (verified.stdout + verified.stderr)[-500:]}
        from aeoloop.project import Project

        limits = Limits.from_settings(Project.load(root / "mkdocs.yml").settings)
        figures, pairs = judge(root, limits)
        figures["faq_skips"] = faq_skips(built.stdout + built.stderr)
        figures.update(
            {
                "corpus": str(corpus),
                "name": name,
                "files": len(files),
                "skipped": skipped,
                "verify": verify,
                "engine": str(args.engine) if args.engine else "this checkout",
                "limits": vars(limits),
            }
        )
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / f"quality-{name}.json").write_text(
            json.dumps(figures, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        if args.sample:
            (args.out / f"sample-{name}.md").write_text(sample_markdown(name, pairs, args.sample), encoding="utf-8")
        print(markdown(name, figures))
        print("headings with no FAQ entry, by why: " + "; ".join(f"{k} {v}" for k, v in figures["faq_skips"].items()))
        print(f"verify: {verify}; {len(skipped)} file(s) left out" + "".join(f"\n  - {s}" for s in skipped[:10]))
    finally:
        if args.keep:
            print(f"project kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
