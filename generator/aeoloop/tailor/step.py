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

# Over 400 lines on purpose: one build step (Tailor's); its decisions per page x audience (kept, unchanged, generate), the derivatives and the clean-up all edit the page's staged manifest.
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..amplify.channels import channel_files
from ..amplify.channels.context import ChannelContext
from ..amplify.channels.finalize import Guard
from ..amplify.channels.step import artifacts_hash, channel_config
from ..errors import Diagnostic, rel
from ..generated import GeneratedStore
from ..siteurl import page_url
from ..quality import CONTRACT_VERSION
from ..text import split_sentences
from ..staging import MANIFEST, protection, read_file, read_manifest, stage_delete, stage_files, stage_manifest
from ..publish import StagedFile
from ..state import BuildState
from . import files as ondisk
from . import landing, warm
from .derivatives import NAMES, Derivatives, file_name
from .targets import Target, targets
from .variant import Variant, VariantError, body, parse, render

if TYPE_CHECKING:  # the llm backend's modules load only in a build that uses it (start-up of a warm build)
    from ..backends.llm import LlmBackend
    from .intro import Blocked  # (the extractive intro's module too: only when an intro is made)
    from ..state import Backend


def _code_version() -> str:
    h = hashlib.sha256(CONTRACT_VERSION.encode())
    here = Path(__file__).parent
    for path in sorted(
        here / name for name in ("intro.py", "llm.py", "step.py", "targets.py", "variant.py")
    ):  # not html.py
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
        return [
            f"brand rule {v.rule}: {v.message}" for v in guards[0].check(text, lang, "sentence") if v.level == "error"
        ]

    return blocked


def _avoided(state: BuildState, page: Any) -> set[str]:
    """What the extractive intro must not say again: the sentences of the page's summary and its
    key takeaways, shown right below the intro."""
    result = state.results.get(page.src_uri)
    if result is None:
        return set()
    art = result.artifacts
    return set(split_sentences(art.summary)) | set(art.takeaways)


def _avoided_hash(state: BuildState, page: Any) -> str:
    """The summary and takeaways the intro avoids: new ones (a locked edit, new summary code), a
    new intro."""
    result = state.results.get(page.src_uri)
    art = result.artifacts if result is not None else None
    text = "\0".join([art.summary, *art.takeaways]) if art is not None else ""
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def step_tailor(state: BuildState) -> None:
    """Stage every page × audience variant and its derivatives, and delete the audience files no
    page × audience makes any more; ``state.tailor[src_uri][audience_id]`` holds what the site shows."""
    project = state.project
    store = state.store
    state.tailor = {}
    landing.check(project, state.pages)  # landing_pages: unknown audiences, clashing pages (config errors)
    if store is None:
        return
    blocked = blocked_by(project)
    backend = state.backend
    llm = _llm_backend(backend)  # audience intros: only the llm backend writes its own
    producer = EXTRACTIVE
    if llm is not None:
        from . import llm as llm_mod  # lazy: with the llm backend only (see _llm_backend)

        producer = llm_mod.producer(llm, TAILOR_VERSION)
    regenerate = state.regenerate
    diags: list[Diagnostic] = state.diagnostics
    derivatives = _Derivatives(state, store)
    cache = None if state.dry_run else warm.WarmCache(project.cache_dir / warm.NAME, warm.build_key(project, producer))
    staged = warm.staged_folders(store.pending, store.root)
    seen: ondisk.Seen = {}  # the stat of every file read, as it was read (for the warm cache's keys)
    for page in state.pages:
        wanted = targets(page, project.brand, project.language) if project.brand.audiences else []
        folder = store.folder(page.slug)
        folder_s = str(folder)  # (files are read by string paths: no Path built per file)
        on_disk = _audience_files(folder_s)
        if not wanted and not on_disk:
            continue
        key = base = None
        if cache is not None and not (state.force or page.src_uri in regenerate) and folder not in staged:
            base = cache.base + _avoided_hash(state, page)  # (the intro avoids them)
            if cache.has(page.src_uri):  # else (a CI build: no cache) the key is made after the files are read
                key = warm.page_key(base, page, folder_s, on_disk)
                hit = cache.get(page.src_uri, key)
                if hit is not None:  # same inputs, same files as last time: same outcome
                    diags.extend(hit[1])
                    if hit[0]:
                        state.tailor[page.src_uri] = hit[0]
                    continue
        n_diags, n_pending = len(diags), len(store.pending)
        display = _rel(page.path, project.root)
        manifest_path = f"{folder_s}/{MANIFEST}"
        staged_text = store.pending.get(folder / MANIFEST)  # a manifest is staged as text, never as a StagedFile
        manifest = ondisk.manifest(
            staged_text.read() if isinstance(staged_text, StagedFile) else staged_text, manifest_path, seen
        )
        before = _own_part(manifest)
        records: dict[str, Any] = manifest.get("artifacts", {}) if isinstance(manifest.get("artifacts"), dict) else {}
        recorded_all = manifest.get("audiences", {}) if isinstance(manifest.get("audiences"), dict) else {}
        force = state.force or page.src_uri in regenerate
        shown: dict[str, Variant] = {}
        made: set[str] = set()  # files this build stands behind (kept files are never deleted anyway)
        for target in wanted:
            audience = target.audience
            name = variant_file(audience.id)
            raw = ondisk.read(f"{folder_s}/{name}", seen)
            current = ondisk.text(raw) if raw is not None else None
            why = ondisk.protection(raw, records.get(name))
            if why:
                if why == "edited":
                    diags.append(_edited(folder / name, project.root))
                variant = _parse_kept(current or "", display=_rel(folder / name, project.root), diags=diags)
                if variant is not None:
                    shown[audience.id] = variant
                continue
            if page.lang != (audience.lang or project.language):
                diags.append(
                    Diagnostic(
                        display,
                        None,
                        f"no intro for audience {audience.id!r}: the page is in {page.lang!r}, "
                        f"the audience's texts in {audience.lang or project.language!r}; add "
                        f"`translations: {{{page.lang}: {{pains, goals, keywords, cta}}}}` to it in "
                        "brand/audiences.yml",
                        "info",
                    )
                )
                recorded_all.pop(audience.id, None)
                continue
            inputs = {
                "source_hash": page.source_hash,
                "brand_rules_hash": project.brand.rules_hash,
                "audience": audience.id,
                "stage": target.stage,
                "cta": f"{target.cta.text}\n{target.cta.url}",
            }
            if llm is None:  # the extractive intro avoids the summary and takeaways: new ones, a new intro
                inputs["avoided_hash"] = _avoided_hash(state, page)
            recorded = recorded_all.get(audience.id) if isinstance(recorded_all.get(audience.id), dict) else None
            if recorded is not None and recorded.get("key") == cache_key(inputs, producer) and not force:
                if recorded.get("skipped"):  # same inputs, still nothing to say for them
                    diags.append(
                        Diagnostic(
                            display, None, f"no intro for audience {audience.id!r}: {recorded['skipped']}", "info"
                        )
                    )
                    continue
                if current is not None:  # as generated for these inputs (its hash is the recorded one)
                    shown[audience.id] = Variant(
                        audience.id,
                        target.stage,
                        " ".join(target.cta.text.split()),
                        target.cta.url.strip(),
                        body(current),
                    )
                    made.add(name)
                    continue
            if llm is not None and state.dry_run:
                from . import llm as llm_mod  # lazy: with the llm backend only (see _llm_backend)

                llm_mod.plan(llm, page, target)
                made.add(name)
                continue
            outcome = _generate(state, page, target, llm, blocked, display, diags)
            if isinstance(outcome, str):  # no intro: remembered, so an unchanged page is not searched again
                manifest.setdefault("audiences", {})[audience.id] = {
                    **EXTRACTIVE,
                    "key": cache_key(inputs, producer),
                    "skipped": outcome,
                }
                continue
            intro, used, matched = outcome
            variant = Variant(audience.id, target.stage, target.cta.text, target.cta.url, intro)
            stage_files(store, page.slug, {name: render(variant)}, {}, manifest)
            manifest.setdefault("audiences", {})[audience.id] = {
                **used,
                "key": cache_key(inputs, used),
                "matched": matched,
            }
            shown[audience.id] = variant
            made.add(name)
        for variant in shown.values():
            made |= derivatives.stage(page, variant, manifest, display, seen)
        _clean(store, page.slug, folder, on_disk, made, manifest, {t.audience.id for t in wanted}, project.root, diags)
        if shown:
            state.tailor[page.src_uri] = shown
        if _own_part(manifest) != before:
            stage_manifest(store, page.slug, manifest)
        elif base is not None and cache is not None and len(store.pending) == n_pending:  # nothing staged
            if key is None:  # the files as they were read (a file not read is stat'ed)
                key = warm.page_key(base, page, folder_s, on_disk, seen)
            cache.put(page.src_uri, key, shown, diags[n_diags:])
    _clean_removed_pages(state, store, diags)
    if cache is not None:
        cache.save({p.src_uri for p in state.pages})


class _Derivatives:
    """The per-audience newsletter and LinkedIn post of each page (:mod:`.derivatives`); the
    channel configuration loads on first use, the brand-rule guard only when something is made."""

    def __init__(self, state: BuildState, store: GeneratedStore) -> None:
        self.state = state
        self.store = store
        self._config: Any = None
        self._digests: dict[str, str] = {}
        self._guard: Guard | None = None
        self._page: tuple[str, Any] | None = None  # (src_uri, Derivatives) of the page at hand

    def _get_guard(self) -> Guard:
        if self._guard is None:
            self._guard = Guard.for_project(self.state.project)
        return self._guard

    def _maker(self, page: Any, manifest: dict[str, Any]) -> Any:
        if self._page is not None and self._page[0] == page.src_uri:
            return self._page[1]
        state, project = self.state, self.state.project
        result = state.results.get(page.src_uri)
        maker = None
        if result is not None:
            if self._config is None:
                self._config = channel_config(project)
                self._digests = {n: self._config.digest(n) for n in NAMES if self._config.options(n).enabled}
            if self._digests:
                config, artifacts, directory_urls = self._config, result.artifacts, project.use_directory_urls

                def make_ctx() -> ChannelContext:
                    return ChannelContext.for_page(
                        page,
                        artifacts,
                        brand=project.brand,
                        config=config,
                        site_url=project.site_url,
                        use_directory_urls=directory_urls,
                        brand_dir=project.brand_dir,
                    )

                maker = Derivatives(
                    make_ctx,
                    page_url(project.site_url, page.src_uri, use_directory_urls=directory_urls),  # as for_page makes it
                    project.brand.rules_hash,
                    self._get_guard,
                    TAILOR_VERSION,
                    self._digests,
                    _artifacts_key(manifest, result.artifacts, artifacts_hash),
                    str(folder := self.store.folder(page.slug)),
                    _rel(folder, project.root),
                )
        self._page = (page.src_uri, maker)
        return maker

    def stage(self, page: Any, variant: Variant, manifest: dict[str, Any], display: str, seen: ondisk.Seen) -> set[str]:
        """Stage the derivatives of one page × audience; returns the files they are made of."""
        maker = self._maker(page, manifest)
        if maker is None:
            return set()
        entry = manifest.setdefault("audiences", {}).setdefault(variant.audience, {})
        recorded = found if isinstance(found := entry.get("derivatives"), dict) else {}
        keys = maker.stage(
            self.store,
            page,
            variant,
            manifest,
            recorded,
            display,
            self.state.diagnostics,
            seen,
        )
        if keys != recorded:
            entry["derivatives"] = keys
        return {file_name(f, variant.audience) for n in keys for f in channel_files(n)}


def _artifacts_key(manifest: dict[str, Any], artifacts: Any, full: Any) -> str:
    """What the page's summary, takeaways, FAQ and entities are, for the derivatives' cache key:
    the hashes their manifest records (written with the files), else a hash of the artifacts."""
    records = manifest.get("artifacts")
    if isinstance(records, dict):
        shas = [
            records.get(n, {}).get("sha256") if isinstance(records.get(n), dict) else None
            for n in ("summary.md", "takeaways.md", "faq.md", "entities.json")
        ]
        if all(shas):
            return hashlib.sha256("\0".join(s for s in shas if s).encode()).hexdigest()[:16]
    return str(full(artifacts))


def _own_part(manifest: dict[str, Any]) -> str:
    """What this step may change in a manifest (its ``audiences`` and the records of the files under
    ``audiences/``), as text: unchanged, the manifest needs no staging. (The whole manifest's repr
    cost twice as much, every page of every build without the warm cache.)"""
    records = manifest.get("artifacts")
    own = [(k, v) for k, v in records.items() if k.startswith("audiences/")] if isinstance(records, dict) else records
    return repr((manifest.get("audiences"), own, "artifacts" in manifest))


def _rel(path: Path, root: Path) -> str:
    """:func:`rel` without resolving symlinks (it runs for every page and audience; the project
    folders were checked for symlinks by the ``paths`` step)."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return rel(path, root)


def _audience_files(folder: Path | str) -> list[str]:
    """Every file under ``<page>/audiences/`` (and one level of folders below), as names relative
    to the page folder. os.scandir: this runs for every page of every build."""
    out: list[str] = []
    try:
        entries = list(os.scandir(f"{folder}/audiences"))
    except (FileNotFoundError, NotADirectoryError):
        return out
    for entry in entries:
        if entry.is_file():
            out.append(f"audiences/{entry.name}")
        elif entry.is_dir():
            out.extend(f"audiences/{entry.name}/{sub.name}" for sub in os.scandir(entry.path) if sub.is_file())
    return sorted(out)


def _clean(
    store: Any,
    slug: str,
    folder: Path,
    on_disk: list[str],
    made: set[str],
    manifest: dict[str, Any],
    wanted: set[str],
    root: Path,
    diags: list[Diagnostic],
) -> None:
    """Delete the audience files of a page that no page × audience makes any more (the page or
    audiences.yml dropped the audience, or the page no longer meets it); a locked or hand-edited
    file is kept, and the build says so."""
    records = found if isinstance(found := manifest.get("artifacts"), dict) else {}
    recorded = [n for n in records if n.startswith("audiences/")]
    for name in sorted(set(on_disk) | set(recorded)):
        if name in made:
            continue
        audience_id = name.split("/", 2)[1].removesuffix(".md")
        current = read_file(folder / name)
        why = protection(current, records.get(name))
        if why:
            if audience_id not in wanted:
                diags.append(
                    Diagnostic(
                        rel(folder / name, root),
                        None,
                        f"kept ({why}), though the page no longer has audience "
                        f"{audience_id!r}; delete it when it is no longer needed",
                        "info",
                    )
                )
            continue
        stage_delete(store, slug, name, manifest)
    audiences = manifest.get("audiences")
    if isinstance(audiences, dict):
        for audience_id in [a for a in audiences if a not in wanted]:
            del audiences[audience_id]
        if not audiences:
            del manifest["audiences"]


def _clean_removed_pages(state: BuildState, store: GeneratedStore, diags: list[Diagnostic]) -> None:
    """The audience files of pages that are gone from content/ (the page's other artifacts are
    left as they are: Tailor only removes what it made)."""
    project = state.project
    gen = Path(project.generated_dir)
    # every page of content/, not only this run's (`aeoloop generate --pages` loads a few)
    slugs = {u[: -len(".md")] if u.endswith(".md") else u for u, _ in project.page_paths()}
    stack = [gen]
    while stack:  # os.scandir, page folders only (not into audiences/ or channels/): this runs on every build
        here = stack.pop()
        try:
            entries = {e.name: e for e in os.scandir(here) if e.is_dir() or e.name == "manifest.json"}
        except (FileNotFoundError, NotADirectoryError):
            continue
        if "audiences" in entries and "manifest.json" in entries and here != gen:
            slug = here.relative_to(gen).as_posix()
            if slug not in slugs:
                manifest = read_manifest(store, slug)
                before = repr(manifest)
                _clean(store, slug, here, _audience_files(here), set(), manifest, set(), project.root, diags)
                if repr(manifest) != before:
                    stage_manifest(store, slug, manifest)
        stack.extend(
            Path(e.path) for name, e in entries.items() if name not in ("audiences", "channels", "manifest.json")
        )


def _llm_backend(backend: Backend | None) -> LlmBackend | None:
    """The build's backend when it is the llm one. A deterministic backend (extractive) is not:
    the llm backend's module is imported only for a build that may use it."""
    if backend is None or backend.deterministic:
        return None
    from ..backends.llm import LlmBackend  # lazy: litellm's wrapper and prompts, ~0.015 CPU-s a warm build skips

    return backend if isinstance(backend, LlmBackend) else None


def _generate(
    state: BuildState,
    page: Any,
    target: Target,
    llm: LlmBackend | None,
    blocked: Blocked,
    display: str,
    diags: list[Diagnostic],
) -> tuple[str, dict[str, str], list[str]] | str:
    """(intro, provenance of what made it, the pains/goals it meets), or why there is none (reported)."""
    audience = target.audience
    if llm is not None:
        from . import llm as llm_mod  # lazy: with the llm backend only (see _llm_backend)

        text, faults, why = llm_mod.llm_intro(llm, page, target, blocked)
        if faults:
            diags.append(
                Diagnostic(display, None, f"audience {audience.id}: recovered from: {'; '.join(faults[:3])}", "info")
            )
        if text is not None:
            return text, llm_mod.producer(llm, TAILOR_VERSION), []
        diags.append(Diagnostic(display, None, f"audience {audience.id}: {why}; used the extractive intro", "warning"))
    from .intro import extractive_intro  # lazy: the quality contract, only when an intro is made

    intro = extractive_intro(page, audience, blocked=blocked, avoid=_avoided(state, page))
    if intro.why_not:
        diags.append(Diagnostic(display, None, f"no intro for audience {audience.id!r}: {intro.why_not}", "info"))
        return intro.why_not
    return intro.text, EXTRACTIVE, [f"{m.kind}: {m.need}" for m in intro.sentences]


def _edited(path: Path, root: Path) -> Diagnostic:
    return Diagnostic(
        rel(path, root),
        None,
        "edited by hand since it was generated (or not recorded in manifest.json); "
        'kept. Set its status to "locked" in manifest.json to keep it for good, or delete the file to '
        "generate it again",
        "warning",
    )


def _parse_kept(text: str, *, display: str, diags: list[Diagnostic]) -> Variant | None:
    try:
        return parse(text)
    except VariantError as err:
        diags.append(
            Diagnostic(
                display,
                1,
                f"{err}; the page shows its default intro until the file is fixed (or deleted, to generate it again)",
                "warning",
            )
        )
        return None
