"""The ``tailor`` build step: one intro and CTA per page × audience, in
``generated/<page>/audiences/<id>.md``, through the GeneratedStore like every artifact.

Per page and audience (front matter ``audiences:``) it decides, as the channels step does:

- **kept**: the file is locked in the page's ``manifest.json`` or was edited by hand: never
  overwritten, and what it says is what the site shows;
- **unchanged**: the cache key (page source, brand rules, audience, stage, CTA, producer, model,
  code and template version) matches the one recorded under ``audiences`` in the manifest and the
  file is as recorded: no work, no LLM call;
- **generate**: the llm backend when it runs (a failure falls back to the extractive intro, and
  the manifest records what really made it, so the next build tries again), else extractive.

A page in another language than the audience's texts, or one with too few sentences that meet
the audience, gets no variant (an info line says why): its readers see the default page.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from ..amplify.channels.finalize import Guard
from ..amplify.channels.step import _manifest, _read, _stage_files, _stage_manifest, sha_bytes
from ..errors import Diagnostic, rel
from ..quality import CONTRACT_VERSION
from . import llm as llm_mod
from .intro import Blocked, extractive_intro
from .targets import Target, targets
from .variant import Variant, VariantError, parse, render


def _code_version() -> str:
    h = hashlib.sha256(CONTRACT_VERSION.encode())
    here = Path(__file__).parent
    for path in sorted(here / name for name in ("intro.py", "llm.py", "step.py", "targets.py", "variant.py")):  # not html.py
        h.update(path.name.encode() + b"\0" + path.read_bytes())
    return "tailor-" + h.hexdigest()[:10]


TAILOR_VERSION = _code_version()
EXTRACTIVE = {"backend": "extractive", "model": "stems", "template_version": TAILOR_VERSION}


def variant_file(audience_id: str) -> str:
    return f"audiences/{audience_id}.md"


def cache_key(inputs: dict[str, str], producer: dict[str, str]) -> str:
    return hashlib.sha256(json.dumps({**inputs, **producer}, sort_keys=True).encode()).hexdigest()[:24]


def blocked_by(project: Any) -> Blocked:
    """The brand rules' errors for a sentence; the rules load on first use (a build with nothing
    to regenerate never needs them)."""
    guards: list[Guard] = []

    def blocked(text: str, lang: str) -> list[str]:
        if not guards:
            guards.append(Guard.for_project(project))
        return [f"brand rule {v.rule}: {v.message}" for v in guards[0].check(text, lang, "sentence") if v.level == "error"]

    return blocked


def _summary_sentences(state: Any, page: Any) -> set[str]:
    from ..text import split_sentences

    result = state.results.get(page.src_uri)
    return set(split_sentences(result.artifacts.summary)) if result is not None else set()


def step_tailor(state: Any) -> None:
    """Stage every page × audience variant; ``state.tailor[src_uri][audience_id]`` holds what the site shows."""
    project = state.project
    store = state.store
    state.tailor = {}
    if store is None or not project.brand.audiences:
        return
    blocked = blocked_by(project)
    backend = state.backend
    llm = backend if getattr(backend, "name", "") == "llm" else None
    producer = llm_mod.producer(llm, TAILOR_VERSION) if llm is not None else EXTRACTIVE
    regenerate = set(state.regenerate or ())
    diags: list[Diagnostic] = state.diagnostics
    for page in state.pages:
        wanted = targets(page, project.brand, project.language)
        if not wanted:
            continue
        display = rel(page.path, project.root)
        folder = store.folder(page.slug)
        manifest = _manifest(store, page.slug)
        records: dict[str, Any] = manifest.get("artifacts", {}) if isinstance(manifest.get("artifacts"), dict) else {}
        recorded_all = manifest.get("audiences", {}) if isinstance(manifest.get("audiences"), dict) else {}
        force = bool(state.force) or page.src_uri in regenerate
        shown: dict[str, Variant] = {}
        changed = False
        for target in wanted:
            audience = target.audience
            name = variant_file(audience.id)
            current = _read(folder / name)
            assert current is None or isinstance(current, str)
            rec = records.get(name) if isinstance(records.get(name), dict) else {}
            why_kept = _protected(current, rec)
            if why_kept:
                variant = _parse_kept(current or "", display=rel(folder / name, project.root), diags=diags)
                if variant is not None:
                    shown[audience.id] = variant
                continue
            if page.lang != (audience.lang or project.language):
                diags.append(Diagnostic(display, None, f"no intro for audience {audience.id!r}: the page is in {page.lang!r}, "
                                        f"the audience's texts in {audience.lang or project.language!r}; add "
                                        f"`translations: {{{page.lang}: {{pains, goals, keywords, cta}}}}` to it in "
                                        "brand/audiences.yml", "info"))
                continue
            inputs = {"source_hash": page.source_hash, "brand_rules_hash": project.brand.rules_hash, "audience": audience.id,
                      "stage": target.stage, "cta": f"{target.cta.text}\n{target.cta.url}"}
            recorded = recorded_all.get(audience.id) if isinstance(recorded_all.get(audience.id), dict) else None
            if recorded is not None and recorded.get("key") == cache_key(inputs, producer) and not force:
                if recorded.get("skipped"):  # same inputs, still nothing to say for them (an old file is not shown)
                    diags.append(Diagnostic(display, None, f"no intro for audience {audience.id!r}: {recorded['skipped']}", "info"))
                    continue
                if current is not None:
                    variant = _parse_kept(current, display=rel(folder / name, project.root), diags=diags)
                    if variant is not None:
                        shown[audience.id] = variant
                    continue
            if llm is not None and state.dry_run:
                llm_mod.plan(llm, page, target)
                continue
            made = _generate(state, page, target, llm, blocked, display, diags)
            if isinstance(made, str):  # no intro: remembered, so an unchanged page is not searched again
                manifest.setdefault("audiences", {})[audience.id] = {**EXTRACTIVE, "key": cache_key(inputs, producer), "skipped": made}
                changed = True
                continue
            intro, used, matched = made
            variant = Variant(audience.id, target.stage, target.cta.text, target.cta.url, intro)
            _stage_files(store, page.slug, {name: render(variant)}, {}, manifest)
            manifest.setdefault("audiences", {})[audience.id] = {**used, "key": cache_key(inputs, used), "matched": matched}
            shown[audience.id] = variant
            changed = True
        if shown:
            state.tailor[page.src_uri] = shown
        if changed:
            _stage_manifest(store, page.slug, manifest)


def _generate(state: Any, page: Any, target: Target, llm: Any, blocked: Blocked, display: str,
              diags: list[Diagnostic]) -> tuple[str, dict[str, str], list[str]] | str:
    """(intro, provenance of what made it, the pains/goals it meets), or why there is none (reported)."""
    audience = target.audience
    if llm is not None:
        text, faults, why = llm_mod.llm_intro(llm, page, target, blocked)
        if faults:
            diags.append(Diagnostic(display, None, f"audience {audience.id}: recovered from: {'; '.join(faults[:3])}", "info"))
        if text is not None:
            return text, llm_mod.producer(llm, TAILOR_VERSION), []
        diags.append(Diagnostic(display, None, f"audience {audience.id}: {why}; used the extractive intro", "warning"))
    intro = extractive_intro(page, audience, blocked=blocked, avoid=_summary_sentences(state, page))
    if intro.why_not:
        diags.append(Diagnostic(display, None, f"no intro for audience {audience.id!r}: {intro.why_not}", "info"))
        return intro.why_not
    return intro.text, EXTRACTIVE, [f"{m.kind}: {m.need}" for m in intro.sentences]


def _protected(current: str | None, rec: dict[str, Any]) -> str | None:
    if current is None:
        return None
    if rec.get("status") == "locked":
        return "locked"
    if not rec.get("sha256") or rec["sha256"] != sha_bytes(current):
        return "edited"
    return None


def _parse_kept(text: str, *, display: str, diags: list[Diagnostic]) -> Variant | None:
    try:
        return parse(text)
    except VariantError as err:
        diags.append(Diagnostic(display, 1, f"{err}; the page shows its default intro until the file is fixed "
                                "(or deleted, to generate it again)", "warning"))
        return None
