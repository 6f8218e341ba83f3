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
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable

from ..amplify.channels import CHANNELS, channel_files
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
    # channel -> (source hash, the key's JSON before the variant, after it)
    _frames: dict[str, tuple[str, str, str]] = field(default_factory=dict)

    @property
    def ctx(self) -> ChannelContext:
        if self._ctx is None:
            self._ctx = self.make_ctx()
        return self._ctx

    def names(self) -> list[str]:
        """The enabled channels of :data:`NAMES`: those with a digest (the caller made one for each)."""
        return [n for n in NAMES if n in self.digests]

    def inputs(self, page: Any, name: str, variant: Variant) -> dict[str, str]:
        """Everything that goes into one derivative of this page × audience: its cache key's inputs."""
        return {
            "source_hash": page.source_hash,
            "artifacts_hash": self.art_hash,
            "brand_rules_hash": self.rules_hash,
            "config": self.digests[name],
            "url": self.url,
            "variant": _variant_text(variant),
            "versions": f"{CHANNELS_VERSION}+{self.version}+{OWN_VERSION}",
        }

    def key(self, page: Any, name: str, variant: Variant) -> str:
        """``sha256(json.dumps(self.inputs(...), sort_keys=True))[:24]``, without building and
        encoding the whole dict per page × audience × channel: a CI build (no warm cache) checks
        every one, and the JSON around the variant is the same for all of a page's. Same bytes as
        ``json.dumps`` (tests hold the two equal)."""
        frame = self._frames.get(name)
        if frame is None or frame[0] != page.source_hash:
            head = json.dumps(
                {k: v for k, v in self.inputs(page, name, variant).items() if k != "variant"}, sort_keys=True
            )
            cut = head.rindex(', "versions": ')  # the last key; "variant" sorts right before it
            frame = self._frames[name] = (page.source_hash, head[:cut] + ', "variant": ', ", " + head[cut + 2 :])
        text = frame[1] + _ENCODE(_variant_text(variant)) + frame[2]
        return hashlib.sha256(text.encode()).hexdigest()[:24]

    def stage(
        self,
        store: Store,
        page: Any,
        variant: Variant,
        manifest: dict[str, Any],
        recorded: dict[str, Any],
        display: str,
        diags: list[Diagnostic],
        seen: ondisk.Seen | None = None,
    ) -> dict[str, str]:
        """Stage this audience's derivatives; returns their cache keys (recorded in the manifest)."""
        found = manifest.get("artifacts")
        records: dict[str, Any] = found if isinstance(found, dict) else {}
        keys: dict[str, str] = {}
        ctx: ChannelContext | None = None  # this audience's context: only to make something
        for name in self.names():
            files = {f: file_name(f, variant.audience) for f in channel_files(name)}  # the channel: only to make
            key = self.key(page, name, variant)
            current = {out: ondisk.read(f"{self.folder}/{out}", seen) for out in files.values()}
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
            inputs = self.inputs(page, name, variant)
            channel = CHANNELS[name]
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


_ENCODE = json.encoder.encode_basestring_ascii  # what json.dumps writes for a str (ensure_ascii)


def _variant_text(variant: Variant) -> str:
    return "\n".join((variant.audience, variant.stage, variant.cta_text, variant.cta_url, variant.intro))
