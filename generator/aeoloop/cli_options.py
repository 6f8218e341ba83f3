"""Options and parameter types shared by the commands of :mod:`aeoloop.cli`.

Nothing here imports the engine at start-up: ``aeoloop --help`` loads this module.
"""

from __future__ import annotations

from pathlib import Path

import click
from click.shell_completion import CompletionItem

jobs_option = click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=0),
    default=None,
    help="Worker processes for per-page work (generate, channels, verify); 0: one per core (the default, or "
    "plugins.aeoloop.jobs). The output is the same for any number.",
)

config_option = click.option(
    "-f",
    "--config-file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="mkdocs.yml of the project (default: found from the current folder upwards).",
)


class ChannelName(click.ParamType):
    """A registered channel's name: the built-in ones and any added with ``CHANNELS.register``.

    Checked when the option is parsed, against the channel registry itself, so an extension
    channel is accepted like a built-in one; an unknown name is a usage error (exit 2) listing
    every valid one. The registry is imported only then: building it loads every channel module
    (pydantic models, the carousel's PDF writer), which ``aeoloop --help`` must not pay.
    """

    name = "channel"

    def get_metavar(self, param: click.Parameter, ctx: click.Context) -> str:
        return "NAME"

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None) -> str:
        from .amplify.channels import CHANNELS  # lazy: every channel module (see the class docstring)

        name = str(value)
        if name not in CHANNELS:
            self.fail(f"unknown channel {name!r}; use one of: {', '.join(CHANNELS.names())}", param, ctx)
        return name

    def shell_complete(self, ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
        from .amplify.channels import CHANNELS  # lazy: as in convert

        return [CompletionItem(n) for n in CHANNELS.names() if n.startswith(incomplete)]
