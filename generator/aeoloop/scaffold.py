"""``aeoloop new DIR``: a new site with the same shape as the example project.

The template lives in the package (``aeoloop/scaffold/``); text files are rendered with
jinja2 so the site name and URL are filled in, and nothing is ever overwritten.
"""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from jinja2 import Environment, StrictUndefined

from .errors import AeoloopError
from .escaping import md_text
from .siteurl import site_url_problem

RENAMES = {"gitignore": ".gitignore"}  # dotfiles are awkward as package data


def create_site(directory: Path, *, name: str, site_url: str) -> list[Path]:
    problem = site_url_problem(site_url)
    if problem is not None:
        raise AeoloopError(f"--url {problem}")
    site_url = site_url if site_url.endswith("/") else site_url + "/"
    if directory.exists() and any(directory.iterdir()):
        raise AeoloopError(f"{directory} exists and is not empty; choose a new folder")
    env = Environment(undefined=StrictUndefined, keep_trailing_newline=True, autoescape=False)
    env.filters["md"] = md_text  # the name in Markdown prose: inert text, whatever it holds
    root = resources.files("aeoloop") / "scaffold"
    created: list[Path] = []

    def walk(node: Traversable, rel: Path) -> None:
        for child in sorted(node.iterdir(), key=lambda c: c.name):
            target = rel / RENAMES.get(child.name, child.name)
            if child.is_dir():
                walk(child, target)
                continue
            out = directory / target
            out.parent.mkdir(parents=True, exist_ok=True)
            text = child.read_text(encoding="utf-8")
            out.write_text(env.from_string(text).render(name=name, site_url=site_url), encoding="utf-8")
            created.append(out)

    walk(root, Path())
    return created
