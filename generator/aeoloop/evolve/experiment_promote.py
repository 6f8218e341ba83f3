"""``aeoloop experiment promote``: the chosen variant becomes the page's text, and the experiment ends.

- summary, FAQ: written into ``generated/<page>/`` and locked in the manifest (a later
  regeneration would replace the text the experiment chose);
- title: the page's front matter ``title:`` (added when the page has none), and its H1 line when
  that said the old title: the title is the writer's, so it lives in ``content/``;
- intro: the lead paragraph is written at the top of the page's body (after its H1 line), where
  the writer can edit it like any other paragraph.

Promoting the control A of a title or intro changes no file: the page already says it.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from ..artifacts import render_summary
from ..generated import MANIFEST, sha
from ..project import Project
from .experiments import ARTIFACTS, Experiment, ExperimentError

_H1 = re.compile(r"^#[ \t]+(.+?)[ \t#]*$", re.M)
_TITLE_LINE = re.compile(r"^title:.*(?:\n[ \t]+.*)*", re.M)


def split_front_matter(source: str) -> tuple[str, str]:
    """(front matter block with its ``---`` lines, body); ("", source) without front matter."""
    if source.startswith("---\n"):
        end = source.find("\n---\n", 3)
        if end != -1:
            return source[: end + 5], source[end + 5 :]
        if source.endswith("\n---"):
            return source + "\n", ""
    return "", source


def with_title(source: str, old: str, new: str) -> str:
    """The page's Markdown with ``new`` as its title (front matter and, if it said ``old``, the H1)."""
    head, body = split_front_matter(source)
    line = "title: " + json.dumps(new, ensure_ascii=False)  # a JSON string is a YAML scalar, quotes and all
    h1 = _H1.search(body)
    if h1 and " ".join(h1.group(1).split()) == " ".join(old.split()):
        body = body[: h1.start()] + f"# {new}" + body[h1.end() :]
        if not head:
            return body
    if head and _TITLE_LINE.search(head):
        head = _TITLE_LINE.sub(lambda _: line, head, count=1)
    elif head:
        head = "---\n" + line + "\n" + head[4:]
    else:
        head = f"---\n{line}\n---\n\n"
    return head + body


def with_lead(source: str, lead: str) -> str:
    """The page's Markdown with ``lead`` as its first paragraph (after the H1 line, if the body opens with one)."""
    head, body = split_front_matter(source)
    stripped = body.lstrip("\n")
    skipped = body[: len(body) - len(stripped)]
    h1 = _H1.match(stripped)
    if h1:
        return head + skipped + stripped[: h1.end()] + "\n\n" + lead + "\n\n" + stripped[h1.end() :].lstrip("\n")
    return head + skipped + lead + "\n\n" + stripped


def promote(project: Project, exp: Experiment, variant: str, day: dt.date | None) -> tuple[Experiment, Path | None]:
    """Make ``variant`` (the winner, or one a person chose) the page's text (see the module doc) and
    end the experiment; returns the file written (None when nothing changed)."""
    if exp.status == "promoted":
        raise ExperimentError(f"{exp.id} is already promoted ({exp.winner})")
    if variant not in exp.variants:
        raise ExperimentError(f"--variant {variant}: not a variant of {exp.id} ({', '.join(exp.variants)})")
    source = Path(project.docs_dir) / exp.page
    gen = Path(project.generated_dir) / exp.page[:-3]
    manifest_path = gen / MANIFEST
    if not source.is_file() or (exp.element in ARTIFACTS and not manifest_path.is_file()):
        raise ExperimentError(f"{exp.page} is not a page any more (deleted?): stop the experiment instead")
    text = exp.variants[variant]
    written: Path | None = None
    if exp.element in ARTIFACTS:
        art = gen / ARTIFACTS[exp.element]
        text = render_summary(" ".join(text.split())) if exp.element == "summary" else text
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        record = manifest.setdefault("artifacts", {}).setdefault(ARTIFACTS[exp.element], {})
        record.update({"status": "locked", "sha256": sha(text)})
        art.write_text(text, encoding="utf-8")
        manifest_path.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        written = art
    elif variant != "A" and text.strip():
        markdown = source.read_text(encoding="utf-8")
        text = " ".join(text.split())
        markdown = (
            with_title(markdown, exp.variants["A"], text) if exp.element == "title" else with_lead(markdown, text)
        )
        source.write_text(markdown, encoding="utf-8")
        written = source
    exp.status, exp.winner, exp.ended = "promoted", variant, day
    assert exp.path is not None
    exp.path.write_text(exp.as_yaml(), encoding="utf-8")
    return exp, written
