"""``aeoloop experiment start``: the variants of each element, their guardrails, and the new file.

Every variant says only what the page says, and passes the checks a generated text passes:

- **summary**: the control's own sentences, reordered (figures first, or its first two sentences).
- **faq**: the control's own Q&As, reordered or halved.
- **title**: the page's question-shaped headings and FAQ questions that keep the subject of the
  title (the quality contract's question checks, with the title as the heading the question must
  keep), at most :data:`TITLE_MAX` characters. The same text is the ``<title>`` (before the site
  name), the ``og:title``, the H1 and the JSON-LD headline, so what a crawler reads agrees.
- **intro**: Tailor's audience intros of the page (``generated/<page>/audiences/<id>.md``, the
  page's own sentences that meet an audience's pains and goals), main audience first, shown to
  every reader as a lead paragraph under the H1. The control A shows none: the page opens as
  written. (The page's opening summary is already on the page, in the summary box: varying the
  summary is the ``summary`` element.)

Variants a writer types (``--text``, or edited in the file later) pass the same checks: at
``start`` a failure refuses the experiment; at build time the control is published with a warning.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from ..artifacts import parse_faq, parse_summary, render_faq
from ..errors import Diagnostic
from ..express import guardrails
from ..express.lint import project_rules
from ..generated import MANIFEST
from ..page import Page
from ..project import Project
from ..quality import check_question
from ..tailor.intro import INTRO_MAX_WORDS
from ..tailor.targets import targets
from ..tailor.variant import VariantError
from ..tailor.variant import parse as parse_audience_intro
from ..text import count_words
from .experiments import (
    ARTIFACTS,
    ELEMENTS,
    FOLDER,
    PERIOD_DAYS,
    PERIODS,
    WASHOUT_DAYS,
    Experiment,
    ExperimentError,
    _line_of,
    _rel,
    experiment_id,
    folder,
    load,
    load_all,
    schedule_for,
)

TITLE_MAX = 60
"""Characters of a title variant: search results and answer engines' source cards cut a
``<title>`` at ~600 px (~60 characters, before the " - site name" suffix they often drop);
``og:title`` shows up to ~90, so one limit covers both."""
TITLE_MIN_WORDS = 2
_MARKUP = re.compile(r"[`*_\[\]<>]|\{:|^#")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"“(])")


def derive_variants(element: str, control: str, n: int) -> list[str]:
    """Variants B.. of a summary or FAQ, derived from its own sentences or Q&As (so they say nothing
    the page does not): a summary that leads with its figures, then its first sentences alone; an FAQ
    with the shortest answers first, then its first half."""
    out: list[str] = []
    candidates: list[str] = []
    if element == "summary":
        sents = [s.strip() for s in _SENTENCE.split(control.strip()) if s.strip()]
        figures = [s for s in sents if re.search(r"\d", s)]
        if figures and sents and sents[0] not in figures:
            candidates.append(" ".join(figures[:1] + [s for s in sents if s is not figures[0]]))
        if len(sents) >= 3:
            candidates.append(" ".join(sents[:2]))
        if len(sents) >= 2:
            candidates.append(" ".join(sents[1:] + sents[:1]))
    else:
        items = parse_faq(control)
        if len(items) >= 2:
            candidates.append(render_faq(sorted(items, key=lambda qa: (len(qa.answer), qa.question))))
            candidates.append(render_faq(items[: max(1, (len(items) + 1) // 2)]))
            candidates.append(render_faq(list(reversed(items))))
    for text in candidates:
        if text.strip() != control.strip() and text not in out:
            out.append(text)
        if len(out) == n:
            break
    return out


def title_problems(text: str, control: str, lang: str) -> list[str]:
    """Why a title variant cannot be published: length, markup, a question that is not one or
    drops the subject of the page's title (the contract's question checks)."""
    text = text.strip()
    out = []
    if "\n" in text:
        out.append("a title is one line")
    if _MARKUP.search(text):
        out.append("contains Markdown or HTML characters (` * _ [ ] < > #); write it as plain text")
    if len(text) > TITLE_MAX:
        out.append(
            f"{len(text)} characters: <title> and og:title show about {TITLE_MAX} "
            f"(search results and answer engines cut longer titles); shorten it"
        )
    if count_words(text) < TITLE_MIN_WORDS:
        out.append(f"fewer than {TITLE_MIN_WORDS} words")
    if text.endswith("?"):
        out.extend(
            f"{f.message} (quality contract: {f.rule})" for f in check_question(text, heading=control, lang=lang)
        )
    return out


def title_variants(page: Page, faq: str, n: int) -> list[str]:
    """Up to ``n`` titles: the page's question-shaped headings, then its FAQ questions, that pass
    :func:`title_problems` against the page's title (so they keep its subject)."""
    seen = {page.title.strip().lower()}
    out = []
    questions = [s.heading for s in page.sections if s.heading and s.heading.strip().endswith("?")]
    questions += [qa.question for qa in parse_faq(faq)]
    for q in questions:
        q = " ".join(q.split())
        if q.lower() in seen or title_problems(q, page.title, page.lang):
            continue
        seen.add(q.lower())
        out.append(q)
        if len(out) == n:
            break
    return out


def intro_variants(project: Project, page: Page) -> list[tuple[str, str]]:
    """(audience id, intro) of each audience intro of the page, main audience first."""
    gen = Path(project.generated_dir) / page.slug / "audiences"
    out: list[tuple[str, str]] = []
    for target in targets(page, project.brand, project.language):
        path = gen / f"{target.audience.id}.md"
        if not path.is_file():
            continue
        try:
            intro = parse_audience_intro(path.read_text(encoding="utf-8")).intro
        except (OSError, VariantError):
            continue  # a broken intro file is the tailor step's to report; it is no variant
        if intro.strip() and intro not in (t for _, t in out):
            out.append((target.audience.id, intro))
    return out


def intro_problems(text: str) -> list[str]:
    if not text.strip():
        return []
    if count_words(text) > INTRO_MAX_WORDS:
        return [f"{count_words(text)} words: a lead paragraph has at most {INTRO_MAX_WORDS}"]
    if _MARKUP.search(text):
        return ["contains Markdown or HTML characters; write it as plain text"]
    return []


def variant_problems(project: Project, element: str, text: str, lang: str, control_title: str = "") -> list[str]:
    """Errors of a variant text: the element's own checks, then the brand rules every generated
    text passes. Empty: it can be published."""
    if element == "title":
        found = title_problems(text, control_title, lang)
    elif element == "intro":
        found = intro_problems(text)
    else:
        found = []
    if found or not text.strip():
        return found
    rules = project_rules(project)
    hits = guardrails.check_text(text, rules=rules, lang=lang, scope="text", file=element)
    return [f"line {v.line}: {v.message}" for v in hits if v.level == "error"]


def _page(project: Project, src: str) -> Page:
    docs = Path(project.docs_dir)
    path = docs / src
    if not path.is_file():
        raise ExperimentError(
            f"{_rel(project, path)}: no such page (deleted or moved?); name a page of {_rel(project, docs)}/, "
            "e.g. guides/oee.md"
        )
    pages, _ = project.load_pages(only=[(src, path)])
    if not pages:
        raise ExperimentError(f"{_rel(project, path)}: the page does not load; run `aeoloop lint` to see why")
    return pages[0]


def _manifest(project: Project, page: Page) -> tuple[Path, dict[str, dict[str, object]]]:
    path = Path(project.generated_dir) / page.slug / MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise ExperimentError(
            f"{_rel(project, path)}: not generated yet; run `aeoloop build` first, then start the experiment"
        ) from None
    records = data.get("artifacts") if isinstance(data, dict) else None
    return path, {k: v for k, v in (records or {}).items() if isinstance(v, dict)}


def _check_not_locked(project: Project, page: Page, element: str) -> None:
    """A locked text is a person's final word: not varied. For the summary and FAQ that is their
    file; a title or intro sits on the whole page, so a page whose every artifact is locked."""
    path, records = _manifest(project, page)
    shown = _rel(project, path)
    if element in ARTIFACTS:
        art = Path(project.generated_dir) / page.slug / ARTIFACTS[element]
        if records.get(ARTIFACTS[element], {}).get("status") == "locked":
            raise ExperimentError(
                f'{_rel(project, art)} is locked (status "locked" in {shown}): '
                "a locked text is not varied; unlock it to experiment"
            )
        return
    if records and all(r.get("status") == "locked" for r in records.values()):
        raise ExperimentError(
            f'{page.src_uri} is locked (every artifact has status "locked" in {shown}): a locked page is '
            f"not varied; unlock it to experiment on its {element}"
        )


def _check_no_overlap(project: Project, src: str, element: str) -> None:
    for other in load_all(project):
        if other.page == src and other.element == element and other.status == "running":
            shown = _rel(project, other.path) if other.path else other.id
            raise ExperimentError(
                f"{src} already has a running {element} experiment ({shown}): "
                f"stop or promote it first (aeoloop experiment stop {other.id})",
                [
                    Diagnostic(
                        shown, _line_of(other.path, "status:") if other.path else None, "status: running", "error"
                    )
                ],
            )


def _controls_and_derived(project: Project, page: Page, element: str, wanted: int) -> tuple[str, list[str], str]:
    """(control text, derived variants, what they were derived from, for the error message)."""
    gen = Path(project.generated_dir) / page.slug
    if element in ARTIFACTS:
        art = gen / ARTIFACTS[element]
        if not art.is_file():
            raise ExperimentError(
                f"{_rel(project, art)}: not generated yet; run `aeoloop build` first, then start the experiment"
            )
        control = art.read_text(encoding="utf-8")
        control = parse_summary(control) if element == "summary" else control
        if not control.strip():
            raise ExperimentError(f"{_rel(project, art)} is empty: nothing to vary")
        return (
            control,
            derive_variants(element, control, wanted),
            f"{_rel(project, art)} (too few sentences or questions)",
        )
    if element == "title":
        faq = gen / ARTIFACTS["faq"]
        text = faq.read_text(encoding="utf-8") if faq.is_file() else ""
        return (
            page.title,
            title_variants(page, text, wanted),
            f"{page.src_uri} (question headings and FAQ questions that keep the subject of its title, "
            f"at most {TITLE_MAX} characters)",
        )
    intros = [text for _, text in intro_variants(project, page)]
    return (
        "",
        intros[:wanted],
        f"{page.src_uri} (one audience intro per audience in generated/{page.slug}/audiences/; "
        "list more audiences in its front matter `audiences:`)",
    )


def start(
    project: Project,
    page: str,
    element: str,
    n_variants: int,
    *,
    periods: int = PERIODS,
    period_days: int = PERIOD_DAYS,
    washout_days: int = WASHOUT_DAYS,
    first_day: dt.date | None = None,
    texts: list[str] | None = None,
    holdouts: list[str] | None = None,
) -> Experiment:
    """Create ``experiments/<id>.yml`` (see :mod:`.experiments`). ``texts``: variants B.. typed by
    a person (the rest are derived). Raises :class:`ExperimentError` for a page that does not exist
    or is locked, an element already under test, an element with nothing to vary, or variants the
    checks refuse."""
    if element not in ELEMENTS:
        raise ExperimentError(f"--element {element}: one of {', '.join(ELEMENTS)}")
    texts = [" ".join(t.split()) if element != "faq" else t for t in texts or []]
    n_variants = max(n_variants, len(texts) + 1)
    if n_variants < 2:
        raise ExperimentError("--variants: an experiment compares at least 2 variants (the control A and one more)")
    src = page if page.endswith(".md") else page.rstrip("/") + ".md"
    the_page = _page(project, src)
    for h in holdouts or []:
        if h == src:
            raise ExperimentError(f"--holdout {h}: the experiment's own page cannot be its holdout")
        if not (Path(project.docs_dir) / h).is_file():
            raise ExperimentError(f"--holdout {h}: no such page in {_rel(project, Path(project.docs_dir))}/")
    _check_not_locked(project, the_page, element)
    _check_no_overlap(project, src, element)
    control, derived, source = _controls_and_derived(project, the_page, element, n_variants - 1)
    chosen = list(texts)
    for text in derived:
        if len(chosen) == n_variants - 1:
            break
        if text not in chosen and text.strip() != control.strip():
            chosen.append(text)
    if len(chosen) < n_variants - 1:
        raise ExperimentError(
            f"cannot derive {n_variants - 1 - len(texts)} more {element} variant(s) from {source}; "
            "ask for fewer with --variants, or write them with --text"
        )
    names = [chr(ord("A") + i) for i in range(n_variants)]
    for name, text in zip(names[1:], chosen):
        if text.strip() == control.strip():
            raise ExperimentError(f"variant {name} is the control itself: write a different {element}")
        problems = variant_problems(project, element, text, the_page.lang, the_page.title)
        if problems:
            raise ExperimentError(f"variant {name} of the {element} of {src} cannot be published: {problems[0]}")
    if first_day is None:
        raise ExperimentError(
            "no reports yet to date the experiment from: pass --start YYYY-MM-DD "
            "(or ingest reports first: the experiment starts the day after the latest report)"
        )
    exp_id = experiment_id(src, element)
    exp = Experiment(
        exp_id,
        src,
        element,
        first_day,
        period_days,
        washout_days,
        {"A": control, **dict(zip(names[1:], chosen))},
        schedule_for(exp_id, names, first_day, periods, period_days),
        holdouts=list(holdouts or []),
    )
    base = folder(project)
    base.mkdir(parents=True, exist_ok=True)
    path = base / f"{exp_id}.yml"
    if path.exists():  # a stopped or promoted experiment of the same element: keep it under a dated name
        path.rename(base / f"{exp_id}.{load(project, path).start.isoformat()}.yml")
    path.write_text(exp.as_yaml(), encoding="utf-8")
    exp.path = path
    return exp


__all__ = ["FOLDER", "TITLE_MAX", "derive_variants", "start", "title_problems", "variant_problems"]
