"""Find and load a project: mkdocs.yml (without MkDocs), the plugin options, brand/ and content/.

The engine reads mkdocs.yml itself so that ``aeoloop generate`` and ``aeoloop verify`` work
without running MkDocs, and so another site generator that reads mkdocs.yml can replace it.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml
from pydantic import ValidationError

from .errors import ConfigError, ContentError, Diagnostic, rel
from .brand import Brand, load_brand
from .page import Page, SectionsCache, load_page
from .pagefacts import PageFacts, recorded as recorded_facts
from .pagemeta import git_dates, git_is_shallow, resolve_page
from .paths import check_folders, check_symlinks
from .settings import Settings
from .siteurl import site_url_problem
from .yamlload import marks

CONFIG_NAMES = ("mkdocs.yml", "mkdocs.yaml")


class _TolerantLoader(yaml.SafeLoader):
    """mkdocs.yml may hold ``!ENV`` and ``!!python/name:`` tags; we only need plain values."""


def _any_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    assert isinstance(node, yaml.MappingNode)  # the third and last kind of node
    return loader.construct_mapping(node)


_TolerantLoader.add_multi_constructor("!", _any_tag)
_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", _any_tag)


def find_config(start: Path) -> Path:
    """The mkdocs.yml of the project containing ``start`` (searching upwards, like git)."""
    start = start.resolve()
    for folder in [start, *start.parents]:
        for name in CONFIG_NAMES:
            if (folder / name).is_file():
                return folder / name
    raise ConfigError(
        f"no mkdocs.yml found in {start} or its parents; run inside a project or create one with `aeoloop new DIR`"
    )


def plugin_options(config: dict[str, Any]) -> dict[str, Any] | None:
    """The options of the ``aeoloop`` entry in ``plugins:`` (a list, or a mapping as MkDocs also
    accepts), or None when the plugin is absent. Options that are not a mapping are refused."""
    plugins = config.get("plugins") or []
    entries = (
        [{k: v} for k, v in plugins.items()]
        if isinstance(plugins, dict)
        else plugins
        if isinstance(plugins, list)
        else []
    )
    for entry in entries:
        if entry == "aeoloop":
            return {}
        if isinstance(entry, dict) and "aeoloop" in entry:
            options = entry["aeoloop"] or {}
            if not isinstance(options, dict):
                raise ConfigError(
                    "invalid aeoloop options",
                    [
                        Diagnostic(
                            "mkdocs.yml",
                            None,
                            f"plugins.aeoloop must be a mapping of options (backend: ..., summary: ...), not {options!r}",
                        )
                    ],
                )
            return dict(options)
    return None


def _option_lines(text: str) -> dict[tuple[str | int, ...], int]:
    """Line of every key under the aeoloop entry of ``plugins:`` in mkdocs.yml (for messages)."""
    lines: dict[tuple[str | int, ...], int] = {}
    try:
        root = yaml.compose(text, Loader=_TolerantLoader)
    except (yaml.YAMLError, RecursionError):
        return lines

    def walk(node: yaml.Node, loc: tuple[str | int, ...], depth: int) -> None:
        lines.setdefault(loc, node.start_mark.line + 1)
        if depth > 32:
            return
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                lines[loc + (str(k.value),)] = k.start_mark.line + 1
                walk(v, loc + (str(k.value),), depth + 1)
        elif isinstance(node, yaml.SequenceNode):
            for i, v in enumerate(node.value):
                walk(v, loc + (i,), depth + 1)

    if isinstance(root, yaml.MappingNode):
        for k, v in root.value:
            if k.value == "plugins":
                items = v.value if isinstance(v, (yaml.SequenceNode, yaml.MappingNode)) else []
                for item in items:
                    pairs = (
                        [item]
                        if isinstance(v, yaml.MappingNode)
                        else item.value
                        if isinstance(item, yaml.MappingNode)
                        else []
                    )
                    for pk, pv in pairs:
                        if pk.value == "aeoloop":
                            walk(pv, (), 0)
                            lines.setdefault((), pk.start_mark.line + 1)
    return lines


def settings_from_options(options: dict[str, Any], display: str, text: str | None = None) -> Settings:
    try:
        return Settings.model_validate(options)
    except ValidationError as err:
        lines = _option_lines(text) if text else {}

        def line(loc: tuple[str | int, ...]) -> int | None:
            for k in range(len(loc), -1, -1):
                if tuple(str(p) if isinstance(p, str) else p for p in loc[:k]) in lines:
                    return lines[loc[:k]]
            return None

        diags = [
            Diagnostic(
                display, line(tuple(e["loc"])), f"plugins.aeoloop.{'.'.join(str(p) for p in e['loc'])}: {e['msg']}"
            )
            for e in err.errors()
        ]
        raise ConfigError("invalid aeoloop options", diags) from None


@dataclass
class Project:
    """A loaded project. Paths are absolute; ``settings`` are the validated plugin options."""

    root: Path
    config_file: Path
    config: dict[str, Any]
    settings: Settings
    pages: list[Page] = field(default_factory=list)

    @classmethod
    def load(cls, config_file: Path | None = None) -> Project:
        config_file = (config_file or find_config(Path.cwd())).resolve()
        root = config_file.parent
        display = config_file.name
        try:
            text = config_file.read_text(encoding="utf-8")
            config = yaml.load(text, Loader=_TolerantLoader) or {}
        except UnicodeDecodeError as err:
            raise ConfigError(
                "invalid mkdocs.yml", [Diagnostic(display, None, f"is not UTF-8 ({err.reason}); save it as UTF-8")]
            ) from None
        except yaml.YAMLError as err:
            marked = marks(err)
            mark = marked.problem_mark
            what = str(marked.problem) if marked is err else str(err)
            raise ConfigError(
                "invalid mkdocs.yml", [Diagnostic(display, mark.line + 1 if mark else None, what)]
            ) from None
        except (ValueError, RecursionError) as err:  # an impossible date, nesting too deep
            raise ConfigError("invalid mkdocs.yml", [Diagnostic(display, None, f"cannot be read: {err}")]) from None
        if not isinstance(config, dict):
            raise ConfigError(
                "invalid mkdocs.yml",
                [Diagnostic(display, 1, "must be a mapping of settings (site_name: ..., plugins: ...)")],
            )
        options = plugin_options(config)
        if options is None:
            raise ConfigError(
                "the aeoloop plugin is not enabled", [Diagnostic(display, None, "add `- aeoloop` under `plugins:`")]
            )
        if not config.get("site_url"):
            raise ConfigError(
                "site_url is required",
                [
                    Diagnostic(
                        display,
                        None,
                        "set `site_url: https://your-domain/` so canonical URLs, JSON-LD and llms.txt links are absolute",
                    )
                ],
            )
        problem = site_url_problem(config["site_url"])
        if problem is not None:
            found = re.search(r"^site_url[ \t]*:", text, re.M)
            line = text.count("\n", 0, found.start()) + 1 if found else None
            raise ConfigError("invalid site_url", [Diagnostic(display, line, f"`site_url` {problem}")])
        project = cls(root, config_file, config, settings_from_options(options, display, text))
        check_folders(root, config_file, project.folders())
        return project

    def folders(self) -> dict[str, Path]:
        """The configured source and output folders, by option name (for :func:`check_folders`)."""
        return {
            "docs_dir": self.docs_dir,
            "brand_dir": self.brand_dir,
            "reports_dir": self.reports_dir,
            "site_dir": self.site_dir,
            "generated_dir": self.generated_dir,
            "cache_dir": self.cache_dir,
        }

    def option_line(self, *loc: str | int) -> int | None:
        """The line in mkdocs.yml of an aeoloop option (a key path such as ``("landing_pages", 1)``),
        or of the nearest enclosing key, for ``file:line`` messages about option values."""
        try:
            lines = _option_lines(self.config_file.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            return None
        for k in range(len(loc), -1, -1):
            if loc[:k] in lines:
                return lines[loc[:k]]
        return None

    def check_symlinks(self) -> None:
        """Refuse symlinks out of the project in the folders a build reads or writes."""
        check_symlinks(self.root, [self.docs_dir, self.brand_dir, self.generated_dir])

    @property
    def site_name(self) -> str:
        return str(self.config.get("site_name") or "Site")

    @property
    def site_url(self) -> str:
        url = str(self.config["site_url"])
        return url if url.endswith("/") else url + "/"

    @property
    def use_directory_urls(self) -> bool:
        """MkDocs' ``use_directory_urls`` (``guides/oee/`` or ``guides/oee.html``): true unless set
        to ``false``, as MkDocs reads it (an empty value is its default)."""
        return self.config.get("use_directory_urls", True) is not False

    @property
    def base_path(self) -> str:
        """The path of site_url (``/docs/`` for https://example.com/docs/): what MDX's useBaseUrl prefixes."""
        return urlsplit(self.site_url).path or "/"

    @property
    def site_description(self) -> str | None:
        return self.config.get("site_description")

    @property
    def docs_dir(self) -> Path:
        return self.root / str(self.config.get("docs_dir") or "docs")

    @property
    def site_dir(self) -> Path:
        return self.root / str(self.config.get("site_dir") or "site")

    @property
    def generated_dir(self) -> Path:
        return self.root / self.settings.generated_dir

    @property
    def reports_dir(self) -> Path:
        return self.root / self.settings.reports_dir

    @property
    def brand_dir(self) -> Path:
        return self.root / self.settings.brand_dir

    @property
    def cache_dir(self) -> Path:
        return self.root / self.settings.cache_dir

    @property
    def language(self) -> str:
        theme = self.config.get("theme") or {}
        lang = theme.get("language") if isinstance(theme, dict) else None
        return str(lang or "en").split("-")[0]

    @cached_property
    def brand(self) -> Brand:
        return load_brand(self.brand_dir, self.root)

    def page_paths(self) -> list[tuple[str, Path]]:
        """(src_uri, path) of every Markdown page in docs_dir, sorted, like MkDocs finds them."""
        docs = self.docs_dir
        if not docs.is_dir():
            raise ConfigError(
                f"docs_dir {rel(docs, self.root)} does not exist; create it or fix `docs_dir` in mkdocs.yml"
            )
        out = []
        for dirpath, dirnames, filenames in os.walk(docs):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in sorted(filenames):
                if name.endswith(".md") and not name.startswith("."):
                    path = Path(dirpath) / name
                    out.append((path.relative_to(docs).as_posix(), path))
        return sorted(out)

    def mdx_files(self) -> list[Diagnostic]:
        """A warning per ``.mdx`` file in docs_dir: MkDocs does not read them as pages (it would
        publish the raw file), and a writer who copied a Docusaurus site should not lose them
        silently. Docusaurus partials (``_name.mdx``) are imported by other pages: not reported."""
        out = []
        for dirpath, dirnames, filenames in os.walk(self.docs_dir):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in sorted(filenames):
                if name.endswith(".mdx") and not name.startswith(("_", ".")):
                    out.append(
                        Diagnostic(
                            rel(Path(dirpath) / name, self.root),
                            None,
                            f"an MDX file is not a page for MkDocs (it would be copied as it is); rename it to "
                            f"{name[:-4]}.md: aeoloop reads its MDX (imports, JSX, :::admonitions) at load",
                            "warning",
                        )
                    )
        return out

    def load_pages(self, only: list[tuple[str, Path]] | None = None) -> tuple[list[Page], list[Diagnostic]]:
        """Load every page; raise ContentError listing all errors of all pages at once."""
        brand = self.brand
        pages: list[Page] = []
        diags: list[Diagnostic] = []
        dates = git_dates(self.docs_dir)
        if dates and git_is_shallow(self.docs_dir):
            diags.append(
                Diagnostic(
                    rel(self.docs_dir, self.root),
                    None,
                    "the git history is shallow (a CI checkout with "
                    "depth 1?): pages without `date:` get the oldest commit available as publication date; "
                    "fetch the whole history (actions/checkout: fetch-depth: 0) or write `date:`",
                    "info",
                )
            )
        cache = SectionsCache(self.cache_dir / "sections.json")
        generated = self.generated_dir

        def facts(src_uri: str, key: str) -> PageFacts | None:  # what the page's committed manifest records
            return recorded_facts(generated, src_uri[: -len(".md")] if src_uri.endswith(".md") else src_uri, key)

        if only is None:
            diags.extend(self.mdx_files())
        for src_uri, path in only or self.page_paths():
            display = rel(path, self.root)
            page, problems = load_page(
                path,
                src_uri,
                display=display,
                default_lang=self.language,
                sections_cache=cache,
                base_path=self.base_path,
                recorded_facts=facts,
            )
            diags.extend(problems)
            if page is None:
                continue
            diags.extend(resolve_page(page, brand, dates.get(path.resolve()), display))
            pages.append(page)
        errors = [d for d in diags if d.level == "error"]
        if errors:
            raise ContentError(f"{len(errors)} error(s) in content", diags)
        if only is None:
            cache.save({p.src_uri for p in pages})
        return pages, diags
