"""Per-audience derivatives: the newsletter and the LinkedIn post of a page, once per audience
that has an intro on it, in ``generated/<page>/audiences/<id>/``.

They are the page's own channel derivatives (:mod:`aeoloop.amplify.channels`), built by the same
extractive templates and held to the same limits and brand rules, with three differences: they
open with the audience's intro (the page's sentences that meet its pains and goals) instead of
the summary, they end with the audience's CTA for the page's stage, and every link back to the
site carries ``utm_content=<audience id>``, so ingested GA4 and log data attribute visits and key
events to the audience (``aeoloop metrics``). They are made from the intro the site shows (a
locked or edited intro included), cached by everything that goes into them, and a locked or
edited file is kept, as for every artifact.

The llm backend writes the intros; the derivatives around them are always the templates' (no
second model call per audience).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Callable

from ..amplify.channels import CHANNELS
from ..amplify.channels.context import AudienceView, ChannelContext
from ..amplify.channels.finalize import Guard
from ..amplify.channels.producer import ChannelJob
from ..amplify.channels.step import CHANNELS_VERSION, extractive_outcome
from ..errors import Diagnostic
from ..staging import Store, stage_files
from . import files as ondisk
from .variant import Variant

NAMES = ("linkedin-post", "newsletter")
OWN_VERSION = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:10]


def folder(audience_id: str) -> str:
    return f"audiences/{audience_id}"


def file_name(channel_file: str, audience_id: str) -> str:
    """``channels/newsletter.html`` → ``audiences/<id>/newsletter.html``."""
    return f"{folder(audience_id)}/{channel_file.rsplit('/', 1)[-1]}"


@dataclass
class Derivatives:
    """What one page needs to make its audiences' derivatives. The page's channel context is
    built only when something is made: the cache keys need only its URL and the brand rules' hash
    (a CI build checks every page × audience and makes none)."""

    make_ctx: Callable[[], ChannelContext]
    url: str  # the page's canonical URL (``ChannelContext.url``)
    rules_hash: str  # the brand rules' hash
    guard: Callable[[], Guard]  # loads the brand rules on first use (nothing to make: never)
    version: str  # the tailor code version
    digests: dict[str, str]  # channels.yml digest per enabled channel, in NAMES order
    art_hash: str  # the page's artifacts (summary, takeaways, FAQ, entities)
    folder: str  # generated/<page>, as a path
    display_folder: str  # the same, as diagnostics name it (relative to the project)
    _ctx: ChannelContext | None = None

    @property
    def ctx(self) -> ChannelContext:
        if self._ctx is None:
            self._ctx = self.make_ctx()
        return self._ctx

    def names(self) -> list[str]:
        """The enabled channels of :data:`NAMES`: those with a digest (the caller made one for each)."""
        return [n for n in NAMES if n in self.digests]

    def stage(
        self,
        store: Store,
        page: Any,
        variant: Variant,
        manifest: dict[str, Any],
        recorded: dict[str, Any],
        display: str,
        diags: list[Diagnostic],
    ) -> dict[str, str]:
        """Stage this audience's derivatives; returns their cache keys (recorded in the manifest)."""
        found = manifest.get("artifacts")
        records: dict[str, Any] = found if isinstance(found, dict) else {}
        keys: dict[str, str] = {}
        ctx: ChannelContext | None = None  # this audience's context: only to make something
        for name in self.names():
            channel = CHANNELS[name]
            files = {f: file_name(f, variant.audience) for f in channel.files}
            inputs = {
                "source_hash": page.source_hash,
                "artifacts_hash": self.art_hash,
                "brand_rules_hash": self.rules_hash,
                "config": self.digests[name],
                "url": self.url,
                "variant": "\n".join(
                    (variant.audience, variant.stage, variant.cta_text, variant.cta_url, variant.intro)
                ),
                "versions": f"{CHANNELS_VERSION}+{self.version}+{OWN_VERSION}",
            }
            key = hashlib.sha256(json.dumps(inputs, sort_keys=True).encode()).hexdigest()[:24]
            current = {out: ondisk.read(f"{self.folder}/{out}") for out in files.values()}
            protected = {
                out: why for out, data in current.items() if (why := ondisk.protection(data, records.get(out)))
            }
            diags.extend(
                Diagnostic(
                    f"{self.display_folder}/{out}",
                    None,
                    "edited by hand since it was generated (or not recorded "
                    'in manifest.json); kept. Set its status to "locked" in manifest.json to keep it for good, '
                    "or delete the file to generate it again",
                    "warning",
                )
                for out, why in protected.items()
                if why == "edited"
            )
            if len(protected) == len(files) or (
                recorded.get(name) == key and all(d is not None for d in current.values())
            ):
                keys[name] = recorded.get(name, key)
                continue
            if ctx is None:
                view = AudienceView(variant.audience, variant.intro, variant.cta_text, variant.cta_url)
                ctx = replace(self.ctx, avoid=set(), audience=view)
            outcome = extractive_outcome(ChannelJob(page, channel, ctx, inputs, None, {}), self.guard())
            if outcome.checked is None or not outcome.checked.ok:
                problems = outcome.error or "; ".join(outcome.checked.blocking if outcome.checked else [])
                diags.append(
                    Diagnostic(display, None, f"audience {variant.audience}: {name} not written: {problems}", "warning")
                )
                continue
            rendered = channel.render(outcome.checked.value, ctx)
            stage_files(store, page.slug, {files[f]: data for f, data in rendered.items()}, protected, manifest)
            keys[name] = key
        return keys
