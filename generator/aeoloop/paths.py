"""Path safety: output folders that cannot destroy sources, and no symlink out of the project.

- :func:`check_folders` refuses a configuration whose output folders (``site_dir``,
  ``generated_dir``, ``cache_dir``) are, contain or lie inside a source folder (``docs_dir``,
  ``brand_dir``, ``reports_dir``), another output folder, or are the project root or one of its
  parents: the publish step replaces ``site_dir`` as a whole, so ``site_dir: content`` would
  delete the pages. It runs when the project is loaded, before anything is touched.
- :func:`symlink_escapes` finds symlinks under the folders a build reads and writes
  (``docs_dir``, ``brand_dir``, ``generated_dir``) whose target lies outside the project: the
  build would publish ``/etc/hostname`` or write into a folder elsewhere. A link whose target
  lies inside the project is followed as usual.
"""

from __future__ import annotations

import os
from pathlib import Path

import yaml

from .errors import ConfigError, ContentError, Diagnostic, rel

OUTPUTS = ("site_dir", "generated_dir", "cache_dir")
TOP_LEVEL = ("site_dir", "docs_dir")  # mkdocs.yml keys; the others are plugins.aeoloop options


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def key_lines(config_file: Path) -> dict[str, int]:
    """Line of each folder key in mkdocs.yml: top-level ``site_dir``/``docs_dir`` and the
    ``*_dir`` options under ``plugins: - aeoloop:``. Keys left at their default have no line."""
    try:
        node = yaml.compose(config_file.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return {}
    lines: dict[str, int] = {}
    if not isinstance(node, yaml.MappingNode):
        return lines
    for key, value in node.value:
        if not isinstance(key, yaml.ScalarNode):
            continue
        if key.value in TOP_LEVEL:
            lines[key.value] = key.start_mark.line + 1
        if key.value == "plugins" and isinstance(value, yaml.SequenceNode):
            for item in value.value:
                if not isinstance(item, yaml.MappingNode):
                    continue
                for pkey, pvalue in item.value:
                    if (
                        isinstance(pkey, yaml.ScalarNode)
                        and pkey.value == "aeoloop"
                        and isinstance(pvalue, yaml.MappingNode)
                    ):
                        for okey, _ in pvalue.value:
                            if isinstance(okey, yaml.ScalarNode) and okey.value.endswith("_dir"):
                                lines[okey.value] = okey.start_mark.line + 1
    return lines


def check_folders(root: Path, config_file: Path, folders: dict[str, Path]) -> None:
    """Refuse output folders that overlap a source folder, each other, or the project root.

    ``folders`` maps the option name (``docs_dir``, ``site_dir``, ``generated_dir``, ...) to its
    path. Raises :class:`ConfigError` (exit 2) naming the mkdocs.yml line of the option.
    """
    real = {name: path.resolve() for name, path in folders.items()}
    top = root.resolve()
    lines = key_lines(config_file)
    display = config_file.name
    diags: list[Diagnostic] = []
    seen: set[frozenset[str]] = set()
    for out in OUTPUTS:
        if out not in real:
            continue
        path = real[out]
        shown = rel(folders[out], root)
        if path == top or path in top.parents:
            what = "is the project root" if path == top else "contains the project"
            diags.append(
                Diagnostic(
                    display,
                    lines.get(out),
                    f"{out} `{shown}` {what}: the build replaces {out} as a whole and "
                    f"would delete your sources; use a folder of its own, e.g. `{out}: {_default(out)}`",
                )
            )
            continue
        for other, opath in real.items():
            if other == out or frozenset((out, other)) in seen:
                continue
            if not (_inside(path, opath) or _inside(opath, path)):
                continue
            if other in OUTPUTS and lines.get(out) is None and lines.get(other) is not None:
                continue  # two outputs: blame the one set in mkdocs.yml (handled when `other` is checked)
            seen.add(frozenset((out, other)))
            if path == opath:
                relation = "is the same folder as"
            elif _inside(path, opath):
                relation = "lies inside"
            else:
                relation = "contains"
            diags.append(
                Diagnostic(
                    display,
                    lines.get(out) or lines.get(other),
                    f"{out} `{shown}` {relation} {other} `{rel(folders[other], root)}`: the build writes {out} and would "
                    f"overwrite or delete what {other} holds; give each its own folder, e.g. `{out}: {_default(out)}`",
                )
            )
    if diags:
        raise ConfigError("output folders overlap the sources in mkdocs.yml; nothing was touched", diags)


def _default(option: str) -> str:
    return {"site_dir": "site", "generated_dir": "generated", "cache_dir": ".aeoloop"}.get(option, option)


def _show(path: Path, root: Path) -> str:
    """The link's own path for messages (``rel`` would resolve the link itself)."""
    return f"{rel(path.parent, root)}/{path.name}".removeprefix("./")


def symlink_escapes(root: Path, folders: list[Path]) -> list[Diagnostic]:
    """Every symlink under ``folders`` (the folders themselves included) whose target lies
    outside ``root``, as a ``file: error``. Links into the project are followed and scanned."""
    top = root.resolve()
    diags: list[Diagnostic] = []
    visited: set[str] = set()

    def check_link(path: Path) -> bool:
        """True when the link stays inside the project (and can be followed)."""
        try:
            target = path.resolve(strict=True)
        except (OSError, RuntimeError):  # dangling or a loop: MkDocs would fail on it
            diags.append(
                Diagnostic(
                    _show(path, root), None, f"symlink to `{os.readlink(path)}` is broken or loops; fix or remove it"
                )
            )
            return False
        if not _inside(target, top):
            diags.append(
                Diagnostic(
                    _show(path, root),
                    None,
                    f"symlink to `{target}` outside the project; the build neither reads nor writes through it. "
                    "Copy the file into the project (or link to a file inside it)",
                )
            )
            return False
        return True

    def walk(folder: str, real: str) -> None:
        """``real`` is ``folder`` with its links resolved, passed down (a folder reached without a
        link is its parent's real path plus its name): one ``realpath`` per followed link, not per
        folder. os.scandir's entry types come from the directory listing, so files cost no stat;
        this runs on every build, over every file of generated/ (12 per page with 3 audiences)."""
        if real in visited:
            return
        visited.add(real)
        try:
            entries = list(os.scandir(folder))
        except OSError:
            return
        for entry in entries:
            if entry.is_symlink():
                path = Path(entry.path)
                if check_link(path) and path.is_dir():
                    walk(entry.path, os.path.realpath(entry.path))
            elif entry.is_dir(follow_symlinks=False):
                walk(entry.path, os.path.join(real, entry.name))

    for folder in folders:
        if os.path.islink(folder):
            if not check_link(folder):
                continue
        if folder.is_dir():
            walk(str(folder), os.path.realpath(folder))
    return sorted(diags)


def check_symlinks(root: Path, folders: list[Path]) -> None:
    diags = symlink_escapes(root, folders)
    if diags:
        raise ContentError(f"{len(diags)} symlink(s) lead out of the project; nothing was read through them", diags)
