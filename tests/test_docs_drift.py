"""The README cannot drift from the code: its options block lists exactly the settings, its
command list exactly the CLI's commands."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from pydantic import BaseModel

from aeoloop.cli import main
from aeoloop.settings import Settings

README = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")


def _section(title: str) -> str:
    start = README.index(f"\n## {title}")
    end = README.find("\n## ", start + 1)
    return README[start : end if end != -1 else None]


def _fence(text: str) -> str:
    match = re.search(r"```[a-z]*\n(.*?)```", text, re.S)
    assert match, "no fenced block"
    return match.group(1)


def _model_keys(model: type[BaseModel], prefix: str = "") -> set[str]:
    keys: set[str] = set()
    for name, field in model.model_fields.items():
        key = prefix + (field.alias or name)
        ann = field.annotation
        keys |= _model_keys(ann, key + ".") if isinstance(ann, type) and issubclass(ann, BaseModel) else {key}
    return keys


def _block_keys(data: dict[str, object], model: type[BaseModel], prefix: str = "") -> set[str]:
    keys: set[str] = set()
    fields = {(f.alias or n): f for n, f in model.model_fields.items()}
    for key, value in data.items():
        ann = fields[key].annotation if key in fields else None
        if isinstance(ann, type) and issubclass(ann, BaseModel) and isinstance(value, dict):
            keys |= _block_keys(value, ann, f"{prefix}{key}.")
        else:
            keys.add(prefix + key)
    return keys


def test_readme_options_block_lists_every_setting_and_no_other():
    config = yaml.safe_load(_fence(_section("Options (`mkdocs.yml`)")))
    block = next(p["aeoloop"] for p in config["plugins"] if isinstance(p, dict) and "aeoloop" in p)
    documented, declared = _block_keys(block, Settings), _model_keys(Settings)
    assert not declared - documented, f"settings missing from the README options block: {sorted(declared - documented)}"
    assert not documented - declared, f"README options that are not settings: {sorted(documented - declared)}"
    Settings.model_validate(block)  # and every value shown is valid


def test_readme_command_list_matches_the_cli():
    import click

    lines = [line.split() for line in _fence(_section("Command line")).splitlines() if line.startswith("aeoloop ")]
    # a command group is listed one line per subcommand (its second word)
    keys = [(w[1], w[2]) if isinstance(main.commands.get(w[1]), click.Group) else (w[1],) for w in lines]
    assert len(keys) == len(set(keys)), f"listed twice: {sorted({k for k in keys if keys.count(k) > 1})}"
    assert sorted({k[0] for k in keys}) == sorted(main.commands)
