"""The ``aeoloop`` MkDocs plugin: a thin adapter that puts what the engine produced into the site.

It injects the visible summary box and FAQ, the JSON-LD ``@graph`` in ``<head>``, sets sitemap
``lastmod`` from dateModified before any template renders, and writes llms.txt, llms-full.txt,
Markdown mirrors and robots.txt at the end. When ``aeoloop build`` runs MkDocs it hands the
plugin its prepared :class:`~aeoloop.state.BuildState`; under plain ``mkdocs build``/``serve``
the plugin runs the same pipeline itself (:mod:`aeoloop.build`): the engine steps when MkDocs
hands it the files, then verify and publish (the same journaled write of ``generated/``) after
MkDocs has written the site. ``mkdocs serve`` skips verify.
"""

# Over 400 lines on purpose: one job (the MkDocs plugin class); MkDocs calls its hooks in turn on one instance, and they hand each other the build state, the pages and the nav through it.
from __future__ import annotations

import dataclasses
import logging
import re
from collections.abc import MutableMapping
from contextlib import ExitStack
from html import escape
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import quote, unquote

from mkdocs.config.base import ValidationError as MkValidationError
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure import StructureItem
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page as MkPage
from pydantic import ValidationError

from . import llmblocks
from .amplify import blocks, copybutton, heldback, jsonld, llmstxt, variant_html
from .amplify.fragment_records import (
    RECORDED_ENTRY as FRAGMENTS_ENTRY,
    holds,
    page_entry,
    page_keys,
    recorded_of,
    use_recorded,
)
from .amplify.fragments import FILE as FRAGMENTS_FILE, FragmentCache, brand_digest, graph_key
from .amplify.headers import PageLinks, render_headers
from .amplify.llmstxt import MARKDOWN_ALTERNATE_REL
from .amplify.channels.to_site import publish_to_site
from .amplify.robots import render_robots_txt
from .artifacts import PageArtifacts
from .build import AFTER_RENDER, ENGINE_STEPS, run_steps, session
from .errors import AeoloopError, Diagnostic
from .escaping import escape_tree, html_fragment, html_text, plain, web_url
from .page import Page
from .project import Project
from .refresh import InputSnapshot, Refreshed, refresh_pages
from .populate_split import PopulatedShare
from .render_split import RenderedShare, WrittenPages
from .settings import LlmsScope, Settings
from .state import BuildState
from .tailor import landing
from .tailor.html import audience_block, landing_block
from .tailor.landing import Landing
from .tailor.targets import targets

log = logging.getLogger("mkdocs.plugins.aeoloop")

CSS_URI = "assets/aeoloop/aeoloop.css"
CSS_PATH = Path(__file__).parent / "assets" / "aeoloop.css"
H1_RE = re.compile(r"^\s*<h1\b[^>]*>.*?</h1>", re.S)


def _outermost(page: MkPage) -> StructureItem | None:
    """The top section above a page (MkDocs types ``ancestors`` as an Iterable; it is a list)."""
    ancestors = list(page.ancestors)
    return ancestors[-1] if ancestors else None


class AeoloopPlugin(BasePlugin):
    """Options are validated by :class:`aeoloop.settings.Settings` (one typed model for plugin and CLI)."""

    def __init__(self) -> None:
        super().__init__()
        self.settings = Settings()
        self.state: BuildState | None = None
        self._own_state = False
        self.project: Project | None = None
        self.nav: Navigation | None = None
        self.mk_pages: dict[str, MkPage] = {}
        self._session: ExitStack | None = None  # the build lock while a plain `mkdocs build` runs
        self._command = "build"  # the MkDocs command (on_startup): `serve` skips verify
        self.landings: dict[str, Landing] = {}  # landing_uri -> landing page (option landing_pages)
        self._landing_html: dict[str, str] = {}  # landing_uri -> its content, made with the canonical page's
        self._inputs: InputSnapshot | None = None  # serve: the files the kept state was computed from
        self._prepared = False  # serve: prepare_rebuild ran for the coming build
        self.last_refresh: Refreshed | None = None  # serve: what the last incremental rebuild ran
        # serve: what the last build computed per page, reused while the engine's page and result are the same objects
        self._meta: dict[str, tuple[Any, dict[str, Any]]] = {}  # src_uri -> (page, MkDocs page meta)
        self._mirrors: dict[
            str, tuple[Any, Any, str, str, str]
        ] = {}  # src_uri -> (page, result, canonical URL, lead, mirror)
        self._last_written: str | None = None  # the page MkDocs writes after on_post_page (see _written)
        # rendered fragments by the hash of their inputs (.aeoloop/fragments.sqlite), kept across serve's rebuilds
        self._fragments: FragmentCache | None = None
        self._fragments_for: Project | None = None  # the project whose cache _fragments is
        self._rendered: set[str] = set()  # pages whose content this build rendered (a dirty build: some)
        self._site_info: tuple[jsonld.SiteInfo, list[dict[str, Any]], str] | None = None  # per build, see _site
        self._hold_back = False  # search-excluded elements held back from Material's indexer (on_config)
        self._markdown_read = True  # something besides MkDocs may read page.markdown (on_config)
        self._held: dict[str, list[str]] = {}  # src_uri -> the elements its content's markers stand for
        self._mirrored: set[str] = set()  # pages whose mirror was written when their HTML was (see _mirror_early)
        # a render worker (aeoloop.render_split): what it must not use nor close (see start_render_worker)
        self._inherited: tuple[object, ...] = ()
        self._stored_graphs: frozenset[str] = frozenset()  # the graphs the fragment file holds, for the workers

    # MkDocs validates plugin options through ``load_config``; we delegate to the pydantic model
    # so the CLI (which reads mkdocs.yml without MkDocs) and the plugin share one schema.
    def load_config(self, options: dict[str, Any], config_file_path: str | None = None) -> tuple[list, list]:
        try:
            self.settings = Settings.model_validate(options)
        except ValidationError as err:
            errors = [(".".join(str(p) for p in e["loc"]), MkValidationError(e["msg"])) for e in err.errors()]
            return errors, []
        self.config = options
        return [], []

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self._command = command

    def on_pre_build(self, config: MkDocsConfig) -> None:
        if self._own_state and not self._prepared:  # `mkdocs serve` keeps the plugin: its builder did not ask first
            self.prepare_rebuild()
        self._prepared = False
        self._last_written = None
        self._rendered = set()
        self._site_info = None
        self.mk_pages = {}
        self.landings, self._landing_html = {}, {}
        self._held = {}
        self._mirrored = set()

    def prepare_rebuild(self) -> bool:
        """Before a rebuild under serve: bring the kept state up to date with the pages edited since
        it was prepared (:func:`aeoloop.refresh.refresh_pages`: only they go through the engine), or
        drop it when anything else changed, so the build prepares everything afresh.

        Returns True when only page bodies changed: the other pages' HTML would come out the same,
        so the render may redo just the edited pages (MkDocs' dirty build, which ``aeoloop serve``
        asks for then). A changed title is in every page's navigation: False.
        """
        self._prepared = True
        self.last_refresh = None
        state, before = self.state, self._inputs
        if not self._own_state or state is None or before is None or self._session is not None:
            self._drop_state()
            return False
        now = _snapshot(state.project)
        edited = before.edited_pages(now)
        if edited is None:
            self._drop_state()
            return False
        try:
            self._hold(state)
            refreshed = refresh_pages(state, edited) if edited else None
        except AeoloopError as err:
            self._release()
            self._drop_state()
            raise PluginError(str(err)) from err
        self._inputs = now
        if refreshed is None:  # none of the engine's inputs changed (a theme override, a watched folder): render all
            return False
        self.last_refresh = refreshed
        _report(refreshed.diagnostics)
        log.info(
            f"aeoloop: {len(refreshed.pages)} edited page(s) through the engine in {refreshed.seconds:.2f} s "
            f"({len(refreshed.regenerated)} regenerated); the others as before"
        )
        # landing pages (/for/<audience>/<page>/) are made from their canonical page's HTML in the same
        # pass: a dirty build renders only the edited pages, so with landing pages every page renders
        return not refreshed.nav_changed and not self.settings.landing_pages

    def _drop_state(self) -> None:
        self.state, self._own_state, self._inputs = None, False, None

    def _hold(self, state: BuildState) -> None:
        """Take the build lock until generated/ is published (on_post_build releases it)."""
        self._session = ExitStack()
        self._session.enter_context(session(state.project, state.diagnostics))

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if not config.site_url:
            raise PluginError(
                "aeoloop: `site_url` is required in mkdocs.yml (absolute canonical URLs, JSON-LD and llms.txt need it)"
            )
        config.extra_css.append(CSS_URI)
        if self._copy_button():
            config.extra_javascript.append(copybutton.JS_URI)
        escape_theme_text(config)
        self._hold_back = can_hold_back(config)
        self._markdown_read = not can_drop_markdown(config)
        return config

    def _copy_button(self) -> bool:
        opts = self.settings.llms_txt
        return opts.copy_button and opts.mirrors

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        if self.state is None or self.state.project.config_file != Path(config.config_file_path).resolve():
            self._release()
            try:
                project = Project.load(Path(config.config_file_path))
                state = BuildState(project, strict=bool(config.strict), verify=self._command != "serve")
                # plain `mkdocs build`/`serve`: hold the build lock until generated/ is published
                self._hold(state)
                # serve: what the engine reads, before it reads it (an edit during this build shows as one next time)
                self._inputs = _snapshot(project) if self._command == "serve" else None
                self.state = run_steps(state, ENGINE_STEPS)
            except AeoloopError as err:
                self._release()
                self._inputs = None
                raise PluginError(str(err)) from err
            self._own_state = True
            # Under plain `mkdocs build`/`serve` MkDocs' log is the only output: report there. Under
            # `aeoloop build` the CLI prints the state's diagnostics itself, once (not twice).
            _report(self.state.diagnostics)
        self._use_recorded_analyses()
        files.append(File.generated(config, CSS_URI, abs_src_path=str(CSS_PATH)))
        self._add_landing_pages(files, config)
        if self._copy_button():
            files.append(
                File.generated(config, copybutton.JS_URI, abs_src_path=str(CSS_PATH.parent / "aeoloop-copy.js"))
            )
        return files

    def _use_recorded_analyses(self) -> None:
        """The content analyses the pages' manifests record (:mod:`aeoloop.amplify.fragments`), for
        every process that renders a page (set before the render forks): a fresh clone has no
        fragment file, and these are keyed by MkDocs' HTML of the page, not by anything of the clone."""
        state = self._built
        recorded = state.store.recorded if state.store is not None else {}
        found: dict[str, object] = {}
        for page in state.pages:
            found.update(recorded_of(page.src_uri, recorded.get(page.slug, {}).get(FRAGMENTS_ENTRY)))
        use_recorded(found)

    def _record_analyses(self, fragments: FragmentCache) -> None:
        """Each rendered page's content analyses into its manifest (``"render"``), for the next build
        without the fragment file (CI). Staged only where the keys differ from what the manifest holds
        (equal keys, equal values: a key is a hash of every input)."""
        state = self._built
        if state.store is None:
            return
        store, used = state.store, page_keys(list(fragments.used))
        for page in state.pages:
            if page.src_uri not in self._rendered or state.results.get(page.src_uri) is None:
                continue
            keys = used.get(page.src_uri, set())
            held = store.recorded.get(page.slug, {}).get(FRAGMENTS_ENTRY)
            if holds(held, keys) or not keys and held is None:
                continue
            store.record(page.slug, FRAGMENTS_ENTRY, page_entry(page.src_uri, keys, fragments.get) if keys else None)

    def _add_landing_pages(self, files: Files, config: MkDocsConfig) -> None:
        """The ``/for/<audience>/<page>/`` pages (:mod:`aeoloop.tailor.landing`) as virtual files
        after every page (their content is made with the canonical page's), not in the nav and left
        out of Material's search index."""
        assert self.state is not None
        try:
            planned = landing.plan(self.state.project, self.state.pages, self.state.tailor)
        except AeoloopError as err:
            raise PluginError(str(err)) from err
        for item in planned:  # (a page at a landing path is a config error of the tailor step)
            stub = "---\nsearch:\n  exclude: true\n---\n"
            files.append(File.generated(config, item.landing_uri, content=stub, inclusion=InclusionLevel.NOT_IN_NAV))
            self.landings[item.landing_uri] = item

    def on_page_markdown(self, markdown: str, page: MkPage, config: MkDocsConfig, files: Files) -> str:
        """``llm-only`` runs are not on the HTML page; ``nosnippet`` runs become data-nosnippet blocks.

        Pages written for Docusaurus/MDX render from the normalized Markdown the engine read
        (admonitions converted, imports, JSX and <head> left out), never from the raw file.
        """
        src = self._page(page.file.src_uri)
        if src is not None and src.rewritten:
            markdown = src.body
        return llmblocks.view(markdown, drop=llmblocks.FOR_HTML, html=True)

    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        self.nav = nav
        return nav

    def on_env(self, env: Any, config: MkDocsConfig, files: Files) -> Any:
        # sitemap.xml is rendered before the pages, so lastmod must be set here, on every page.
        seen: dict[str, tuple[Any, dict[str, Any]]] = {}
        for file in files.documentation_pages():
            if file.page is not None:
                self.mk_pages[file.src_uri] = file.page
                if file.page.markdown is None:  # a dirty build (serve) skipped it: its title and meta are
                    self._skipped_page(file.page, config)  # in every page's navigation, as a full build has them
            if file.page is not None and file.src_uri in self.landings:  # canonical page's text; out of sitemap.xml
                main = self.landings[file.src_uri].src_uri
                file.page.meta["title"] = html_text(self._published(main).get("title", self._page(main).title))
                file.page.meta["description"] = html_text(self._description(main))
                file.page.canonical_url = file.page.abs_url = None  # set again in on_page_context
                continue
            page = self._page(file.src_uri)
            if file.page is None or page is None:
                continue
            if page.date_modified:
                file.page.update_date = page.date_modified.isoformat()
            # MkDocs/Material print page.meta title and description into HTML unescaped (titles are
            # treated as trusted markup). Ours are text, and may hold "</script>" or quotes: escape
            # them once here, before any template (nav, <title>, <meta>) renders them.
            file.page.meta["title"] = html_text(self._published(file.src_uri).get("title", page.title))
            file.page.meta["description"] = html_text(self._description(file.src_uri))
            seen[file.src_uri] = (page, dict(file.page.meta))
        self._meta = seen
        return env

    def _skipped_page(self, mk_page: MkPage, config: MkDocsConfig) -> None:
        """The front matter of a page a dirty build did not read: kept from the build before when
        the engine's page is the same object (the page is unchanged), else read from its file."""
        kept = self._meta.get(mk_page.file.src_uri)
        if kept is not None and kept[0] is self._page(mk_page.file.src_uri):
            mk_page.meta = dict(kept[1])
            mk_page.markdown = ""  # not read: the title comes from meta, as after a full read
        else:
            mk_page.read_source(config)

    @property
    def _built(self) -> BuildState:
        """The build's state: ``on_files`` made it (or ``aeoloop build`` handed it over) before
        any page hook runs."""
        if self.state is None:
            raise PluginError("aeoloop: a page hook ran before on_files prepared the build")
        return self.state

    def _page(self, src_uri: str):  # -> aeoloop.page.Page | None
        return self.state.page(src_uri) if self.state else None

    def _published(self, src_uri: str) -> dict[str, str]:
        """The experiment variants the renderer shows on this page (title, intro): see evolve.experiment_publish."""
        return self.state.experiment_text.get(src_uri, {}) if self.state else {}

    def _as_published(self, src: Page) -> Page:
        """The page under the title the HTML publishes this build date (a title experiment's active
        variant), so llms.txt and the Markdown mirror name it as its ``<title>`` and H1 do."""
        title = self._published(src.src_uri).get("title")
        return dataclasses.replace(src, title=title) if title else src

    def _result(self, src_uri: str):
        return self.state.results.get(src_uri) if self.state else None

    def _description(self, src_uri: str) -> str:
        page, result = self._page(src_uri), self._result(src_uri)
        assert page is not None and result is not None
        if page.meta.description:
            return page.meta.description
        text = ""
        for sentence in re.split(r"(?<=[.!?])\s+", result.artifacts.summary):
            if len(text) + len(sentence) + 1 > 160:
                break
            text = f"{text} {sentence}".strip()
        return text or self._as_published(page).title  # a title experiment's variant, as in <title>

    def on_page_content(self, html: str, page: MkPage, config: MkDocsConfig, files: Files) -> str:
        if self._lean() and not self._markdown_read:  # MkDocs' copy of the Markdown is converted: read no more
            page.markdown = ""  # (titles come from meta or the H1; its memory goes to the next pages' HTML)
        if page.file.src_uri in self.landings:
            return self._landing_content(page, files)
        html = llmblocks.nosnippet_html(html)
        src, result = self._page(page.file.src_uri), self._result(page.file.src_uri)
        if src is None or result is None:
            return html
        art = result.artifacts
        fragments = self._fragment_cache()
        self._rendered.add(src.src_uri)
        match = H1_RE.match(html)
        head, body = (html[: match.end()], html[match.end() :]) if match else ("", html)
        # what the page already says of the summary, takeaways and FAQ answers: kept out of the search index
        quoted = self._quoted(art)
        said = fragments.said_in_body(body, quoted, page=src.src_uri) if quoted else frozenset[str]()
        if self.settings.summary_box:
            opening = (
                fragments.split_opening(body, art.summary, page=src.src_uri)
                if art.summary and not src.meta.summary
                else None
            )
            if opening:
                box = blocks.summary_box(art, src.lang, summary_html=opening[0], said=said)
                body = opening[1]
            else:
                box = blocks.summary_box(art, src.lang, said=said)
            html = head + "\n" + box + "\n" + body

        published = self._published(src.src_uri)

        def finish(html: str, audience_intro: str = "") -> str:
            """FAQ, experiment lead and title, copy control; ``audience_intro`` is the intro a landing
            page writes in its HTML: a lead with the same text (an intro experiment publishes an
            audience's intro) is left out there, so the page does not say it twice."""
            if self.settings.faq_section:
                faq = blocks.faq_section(
                    art, src.lang, answered=fragments.answered_in_body(html, art, page=src.src_uri), said=said
                )
                footnotes = html.rfind('<div class="footnote">')
                html = html[:footnotes] + faq + "\n" + html[footnotes:] if footnotes != -1 else html + "\n" + faq
            if "intro" in published and published["intro"] != " ".join(audience_intro.split()):
                html = variant_html.with_lead(html, published["intro"])
            if "title" in published:
                html = variant_html.retitled(html, published["title"])
            return self._with_copy_control(html, page, src.lang)

        for uri, item in self.landings.items():
            if item.src_uri == src.src_uri:
                block = landing_block(item.target, item.variant, src.lang)
                shown = item.variant.intro if item.variant is not None else ""
                self._landing_html[uri] = finish(self._with_audiences(html, src, block), shown)
        html = finish(self._with_audiences(html, src))
        if self._mirror_early() and page.canonical_url:
            self._write_mirror(page, src, Path(config.site_dir))
        held = heldback.hold_back(html) if self._hold_back else None
        if held is None:
            return html
        self._held[page.file.src_uri] = held[1]  # put back in on_post_page, where the page's HTML is made
        return held[0]

    def _quoted(self, art: PageArtifacts) -> list[str]:
        """The texts of the blocks this plugin adds to a page that may quote it, in page order."""
        texts: list[str] = []
        if self.settings.summary_box:
            texts += [art.summary, *art.takeaways]
        if self.settings.faq_section:
            texts += [text for qa in art.faq for text in (qa.question, qa.answer)]
        return texts

    def _landing_content(self, page: MkPage, files: Files) -> str:
        """A landing page's content: its canonical page's (made in the same pass, before it), with
        the audience's block and every relative link rebased to the landing page's URL."""
        item = self.landings[page.file.src_uri]
        file = files.get_file_from_path(item.src_uri)
        if page.file.src_uri not in self._landing_html or file is None or file.page is None:
            raise PluginError(f"aeoloop: the landing page {page.file.src_uri} was rendered before {item.src_uri}")
        page.toc = file.page.toc
        return landing.rebase_links(self._landing_html[page.file.src_uri], file.page.url, page.url)

    def on_page_context(self, context: Any, page: MkPage, config: MkDocsConfig, nav: Navigation) -> Any:
        """A landing page's ``<link rel="canonical">`` is its canonical page's URL (Material prints it)."""
        item = self.landings.get(page.file.src_uri)
        main = self.mk_pages.get(item.src_uri) if item is not None else None
        if main is not None:
            page.canonical_url, page.abs_url = main.canonical_url, main.abs_url
        return context

    def _with_audiences(self, html: str, src: Any, block: str | None = None) -> str:
        """The audience block (default CTA, per-audience intros and CTAs as templates, switcher)
        right before the summary box (the page opens for its reader), or after the H1; a landing
        page's own ``block`` instead when given."""
        project = self._built.project
        if block is None:
            block = audience_block(
                targets(src, project.brand, project.language), self._built.tailor.get(src.src_uri, {}), src.lang
            )
        if not block:
            return html
        end = html.find('<div class="admonition abstract aeoloop-summary"')
        if end == -1:
            match = H1_RE.match(html)
            end = match.end() if match else 0
        return html[:end] + block + "\n" + html[end:]

    def _with_copy_control(self, html: str, page: MkPage, lang: str) -> str:
        """The "Copy page as Markdown" control, right under the H1 (or first on the page)."""
        if not self._copy_button():
            return html
        control = copybutton.copy_control(
            page.url, llmstxt.mirror_path(page.url, self.settings.llms_txt.mirror_url), lang
        )
        match = H1_RE.match(html)
        return html[: match.end()] + "\n" + control + html[match.end() :] if match else control + "\n" + html

    def _fragment_cache(self) -> FragmentCache:
        """The rendered-fragment cache of this project (:mod:`aeoloop.amplify.fragments`), read once
        and kept while the plugin lives (serve's rebuilds)."""
        if self._fragments is not None and self._fragments_for is self._built.project:
            return self._fragments
        path = self._built.project.cache_dir / FRAGMENTS_FILE
        self._fragments_for = self._built.project
        if self._fragments is None or self._fragments.path != path:
            if self._fragments is not None:
                self._fragments.close()
            self._fragments = FragmentCache(path)
        return self._fragments

    def _site(self, config: MkDocsConfig) -> tuple[jsonld.SiteInfo, list[dict[str, Any]], str]:
        """The site's JSON-LD facts, made once per build: its SiteInfo, its own graph nodes (the same
        on every page) and the digest of the brand (part of every page graph's cache key)."""
        if self._site_info is None:
            project = self._built.project
            site = jsonld.SiteInfo(
                project.site_name, project.site_url, plain(config.site_description) or None, project.language
            )
            brand = project.brand
            self._site_info = (site, jsonld.site_nodes(site, brand), brand_digest(brand))
        return self._site_info

    def _breadcrumbs(self, page: MkPage, config: MkDocsConfig) -> list[tuple[str, str]]:
        site_url = self._built.project.site_url
        crumbs = [(plain(config.site_name), site_url)]
        for ancestor in reversed(list(page.ancestors)):
            index = _section_index(ancestor) if isinstance(ancestor, Section) else None
            if index is not None and index is not page and index.canonical_url:
                crumbs.append((plain(ancestor.title or index.title or ""), index.canonical_url))
        if page.canonical_url and page.canonical_url != site_url:
            src = self._page(page.file.src_uri)
            assert src is not None
            crumbs.append((self._as_published(src).title, page.canonical_url))  # a title experiment's variant
        return crumbs

    def on_post_page(self, output: str, page: MkPage, config: MkDocsConfig) -> str:
        # MkDocs writes a page right after this hook: the page before this one is on disk now
        self._written(page.file.dest_uri)
        held = self._held.pop(page.file.src_uri, None)
        if held is not None:
            output = heldback.put_back(output, held)
        return self._post_page(output, page, config)

    # --- a render shared out over processes (aeoloop.render_split, `aeoloop build -j N`) -------------

    def populated_last(self) -> set[str]:
        """Landing pages: their content is their canonical page's, made when it is populated."""
        return set(self.landings)

    def before_populate_fork(self) -> None:
        """The workers read the fragment file through their own connections: this process's new
        entries wait in memory until their shares are back (a write would need the file's lock,
        which their read transactions hold)."""
        self._fragment_cache().deferred = True

    def start_populate_worker(self) -> None:
        """In a forked populate worker: a fragment cache that reads the file through a connection
        of its own and never writes it (the inherited one is kept referenced, never used or
        closed: see :meth:`start_render_worker`); the plugin's page records start empty, so what
        they hold at the end is this share's."""
        self._inherited = (self._fragments,)
        project = self._built.project
        self._fragments = FragmentCache(project.cache_dir / FRAGMENTS_FILE, read_only=True)
        self._fragments_for = project
        self._rendered, self._held, self._landing_html, self._mirrored = set(), {}, {}, set()

    def finish_populate_worker(self, share: PopulatedShare) -> None:
        """In the populate worker after its last page: what the plugin recorded of its pages."""
        fragments = self._fragment_cache()
        share.rendered, share.held, share.landing_html = self._rendered, self._held, self._landing_html
        share.mirrored = self._mirrored
        share.fragments_used, share.fragments_made = fragments.handoff()
        fragments.close()

    def adopt_populate_share(self, share: PopulatedShare) -> None:
        """In the build process: a populate worker's pages as if populated here."""
        self._rendered |= share.rendered
        self._held.update(share.held)
        self._landing_html.update(share.landing_html)
        self._fragment_cache().adopt(share.fragments_used, share.fragments_made)
        for uri in share.mirrored:  # written by the worker (_mirror_early): this process's body goes too
            src = self._page(uri)
            if src is not None:
                src.facts  # noqa: B018 (kept for the JSON-LD graph, as _write_mirror does)
                self._mirrored.add(uri)
                _release_body(src)

    def before_render_fork(self) -> None:
        """The graphs the fragment file holds: a worker keeps and hands back only those it lacks (a
        warm build's workers then send back no graph, only the keys they used)."""
        self._stored_graphs = self._fragment_cache().stored_keys("graph:")  # the template phase makes graphs only

    def after_render_fork(self, elsewhere: list[MkPage]) -> None:
        """The pages the workers render let go of their text here at once, as ``_post_page`` does
        for a page rendered here (`aeoloop build`: nothing after the render reads it)."""
        self._stored_graphs = frozenset()
        if not self._built.lean_render or self._own_state:
            return
        for mk_page in elsewhere:
            src = self._page(mk_page.file.src_uri)
            if src is not None and self._result(src.src_uri) is not None and mk_page.canonical_url:
                src.release_text()

    def start_render_worker(self) -> None:
        """In a forked render worker: its own in-memory fragment cache (the build process's SQLite
        connection must not be used across a fork) and a record of the pages it writes instead of
        verify's prefetch (whose pool is the build process's). The inherited ones are kept
        referenced, never closed here: closing would roll back the parent's open transaction."""
        state = self._built
        self._inherited = (self._fragments, state.pages_written)
        self._fragments, self._fragments_for = FragmentCache(None, stored=self._stored_graphs), state.project
        state.pages_written = WrittenPages() if state.pages_written is not None else None
        self._last_written = None

    def finish_render_worker(self, share: RenderedShare) -> None:
        """In the worker after its last page: the pages it wrote, the fragments, the released texts."""
        self._written(None)
        sink = self._built.pages_written
        share.written = sink.rels if isinstance(sink, WrittenPages) else []
        share.fragments_used, share.fragments_made = self._fragment_cache().handoff()

    def adopt_render_share(self, share: RenderedShare) -> None:
        """In the build process, after its own pages: a worker's pages as if rendered here."""
        self._written(None)  # this process's last page is on disk
        sink = self._built.pages_written
        if sink is not None:
            for rel in share.written:
                sink.written(rel)
        self._fragment_cache().adopt(share.fragments_used, share.fragments_made)

    def _written(self, next_page: str | None) -> None:
        """Tell the build (verify, which starts on pages while the others render) about the page
        MkDocs wrote last; ``next_page`` is the one it writes next (None: all are written)."""
        sink = self.state.pages_written if self.state is not None else None
        last, self._last_written = self._last_written, next_page
        if sink is not None and last is not None:
            sink.written(last)

    def _post_page(self, output: str, page: MkPage, config: MkDocsConfig) -> str:
        if page.file.src_uri in self.landings:  # no JSON-LD, mirror or llms.txt links: the canonical page's
            main = self._page(self.landings[page.file.src_uri].src_uri)
            meta = self._snippet_meta(main.meta.max_snippet if main is not None else None)
            head = output.find("</head>")
            return output[:head] + meta + output[head:] if head != -1 and meta else output
        src, result = self._page(page.file.src_uri), self._result(page.file.src_uri)
        if src is None or result is None or not page.canonical_url:
            return output
        published = self._published(src.src_uri)
        title = published.get("title")
        site, site_graph, brand_hash = self._site(config)
        shown = dataclasses.replace(src, title=title) if title else src
        art, url = result.artifacts, page.canonical_url
        description, crumbs = self._description(page.file.src_uri), self._breadcrumbs(page, config)
        fragments = self._fragment_cache()
        key = graph_key(
            site=site,
            brand_digest=brand_hash,
            page=shown,
            art=art,
            url=url,
            description=description,
            breadcrumbs=crumbs,
        )
        graph_json = fragments.get(key)
        if graph_json is None:
            graph = jsonld.page_graph(
                site=site,
                brand=self._built.project.brand,
                page=shown,
                art=art,
                url=url,
                description=description,
                breadcrumbs=crumbs,
                site_graph=site_graph,
            )
            graph_json = jsonld.dumps_for_script(graph)
            fragments.put(key, graph_json)
        script = f'<script type="application/ld+json" id="aeoloop-jsonld">{graph_json}</script>\n'
        script += self._head_links(page) + self._snippet_meta(src.meta.max_snippet)
        if "og:title" in published:  # a page under a title experiment: in every period, so only the text varies
            script += variant_html.og_title(published["og:title"])
        if self._built.lean_render and not self._own_state:  # `aeoloop build`: its HTML is made (see BuildState)
            src.release_text()
        head = output.find("</head>")
        return output[:head] + script + output[head:] if head != -1 else script + output

    def _lean(self) -> bool:
        """`aeoloop build`: what the render has made is let go (see BuildState.lean_render)."""
        return self._built.lean_render and not self._own_state

    def _mirror_early(self) -> bool:
        """Whether each page's Markdown mirror is written as soon as its Markdown is converted
        (``on_page_content``, in whichever process converts the page) and its body let go: `aeoloop
        build` with mirrors on. Written at the end instead, every page's body (~5 MB at 1,000 pages)
        was held through the render, where the build's memory peaks, and let go while MkDocs
        converts the pages the memory is taken again by their HTML; llms-full.txt then reads the
        mirrors back in nav order. Under serve and plain `mkdocs build` the mirrors are made in
        on_post_build."""
        return self._lean() and self.settings.llms_txt.mirrors

    def _write_mirror(self, page: MkPage, src: Page, site_dir: Path) -> None:
        """Write ``page``'s mirror (the text on_post_build would write) and let its body go. Its
        facts (headings, steps, words: the JSON-LD graph's, made at on_post_page) are taken first:
        a page loaded without a parse would otherwise parse them from the body later."""
        uri = src.src_uri
        result = self._result(uri)
        assert result is not None and page.canonical_url
        src.facts  # noqa: B018 (computed and kept now, while the body is there)
        shown = self._as_published(src)  # a title experiment's page is a new object: rendered afresh
        lead = self._published(uri).get("intro", "")
        text = llmstxt.render_mirror(shown, result.artifacts, canonical_url=page.canonical_url, lead=lead)
        _write(self._mirror_file(page, site_dir), text)
        self._mirrored.add(uri)
        _release_body(src)

    def _mirror_file(self, page: MkPage, site_dir: Path) -> Path:
        """page.url is percent-encoded; the file on disk has the real name (perché/index.html.md)."""
        return site_dir / unquote(llmstxt.mirror_path(page.url, self.settings.llms_txt.mirror_url))

    def _snippet_meta(self, page_value: int | None) -> str:
        """``<meta name="robots" content="max-snippet:N">``: how much of the page Google's snippets
        and AI Overviews may quote (front matter over the site option; none when neither is set)."""
        limit = page_value if page_value is not None else self.settings.max_snippet
        return f'<meta name="robots" content="max-snippet:{limit}">\n' if limit is not None else ""

    def _page_links(self, page: MkPage) -> PageLinks:
        """Where a page's Markdown mirror and its covering llms.txt are (llms.txt v2)."""
        opts = self.settings.llms_txt
        return PageLinks(
            url=page.url,
            mirror=llmstxt.mirror_path(page.url, opts.mirror_url) if opts.mirrors else None,
            llms_txt=quote(llmstxt.covering_llms_txt(unquote(page.url), [sc.path for sc in opts.scopes]))
            if opts.enabled
            else None,
            canonical=page.canonical_url or "",
        )

    def _head_links(self, page: MkPage) -> str:
        """``<link rel="alternate " type="text/markdown">`` (see MARKDOWN_ALTERNATE_REL) and
        ``<link rel="describedby">`` for the head."""
        if not self.settings.llms_txt.links:
            return ""
        links = self._page_links(page)
        site_url = self._built.project.site_url
        out = ""
        if links.mirror:
            out += (
                f'<link rel="{MARKDOWN_ALTERNATE_REL}" type="text/markdown" href="{escape(site_url + links.mirror)}">\n'
            )
        if links.llms_txt:
            out += f'<link rel="describedby" href="{escape(site_url + links.llms_txt)}">\n'
        return out

    def on_post_build(self, config: MkDocsConfig) -> None:
        assert self.state is not None
        self._written(None)
        project = self.state.project
        site_dir = Path(config.site_dir)
        opts = self.settings.llms_txt
        ordered = self._nav_pages()
        serving = self._command == "serve"  # serve's next (dirty) build reuses the unchanged mirrors
        full = _FullText(site_dir / "llms-full.txt", stream=not serving) if opts.full else None
        try:
            self._write_mirrors(ordered, site_dir, full, keep=serving)
        except BaseException:
            if full is not None:
                full.discard()
            raise
        if full is not None:
            full.close()
        text_files = ["robots.txt"]
        if opts.enabled:
            _write(site_dir / "llms.txt", self._llms_txt(config, ordered, mirror_links=opts.mirrors))
            text_files.append("llms.txt")
            for scope in opts.scopes:
                scoped = [p for p in ordered if self._in_scope(p, scope)]
                if not scoped:
                    log.warning(
                        f"llms_txt.scopes: no page is under {scope.path}"
                        + (f" in language {scope.lang}" if scope.lang else "")
                        + "; no llms.txt written there"
                    )
                    continue
                _write(
                    site_dir / scope.path / "llms.txt",
                    self._llms_txt(config, scoped, mirror_links=opts.mirrors, scope=scope),
                )
                text_files.append(scope.path + "llms.txt")
        if full is not None:
            text_files.append("llms-full.txt")
        if (Path(config.docs_dir) / "robots.txt").exists():
            log.warning(
                "content/robots.txt is replaced by the one aeoloop writes; put custom lines in plugins.aeoloop.robots.extra"
            )
        _write(
            site_dir / "robots.txt",
            render_robots_txt(self.settings.robots, sitemap_url=project.site_url + "sitemap.xml"),
        )
        if self.settings.headers != "off":
            user_headers = Path(config.docs_dir) / "_headers"
            _write(
                site_dir / "_headers",
                render_headers(
                    site_url=project.site_url,
                    pages=[
                        self._page_links(p)
                        for p in ordered
                        if self._page(p.file.src_uri) is not None and p.canonical_url
                    ],
                    text_files=text_files,
                    mode=self.settings.headers,
                    content_usage=self.settings.robots.content_usage_header(),
                    user_rules=user_headers.read_text(encoding="utf-8") if user_headers.is_file() else "",
                ),
            )
        publish_to_site(self.state, site_dir)  # only with `publish: true` in brand/channels.yml
        if self._fragments is not None:  # entries of pages this build did not render stay when it rendered only some
            if not serving:  # (serve's builds leave generated/'s records to the next full build)
                self._record_analyses(self._fragments)
            results = self.state.results
            self._fragments.save(prune=all(uri in self._rendered for uri in results))
        if (
            self._own_state
        ):  # plain `mkdocs build`: MkDocs was the render step; verify and publish as `aeoloop build` does
            self.state.site_out = site_dir
            try:
                run_steps(self.state, AFTER_RENDER)
            except AeoloopError as err:
                raise PluginError(str(err)) from err
            finally:
                self._release()
            report = self.state.report
            if report is not None:
                log.info(f"aeoloop: verify: {report.errors} errors, {report.warnings} warnings")
            log.info(f"aeoloop: {len(self.state.written)} files written to {project.settings.generated_dir}/")

    def _write_mirrors(self, ordered: list[MkPage], site_dir: Path, full: _FullText | None, *, keep: bool) -> None:
        """Each page's Markdown mirror, written (``llms_txt.mirrors``) and added to llms-full.txt;
        ``keep``: remembered for the next build (serve), else let go once written."""
        opts = self.settings.llms_txt
        kept, self._mirrors = self._mirrors, {}
        for page in ordered:
            uri = page.file.src_uri
            src, result = self._page(uri), self._result(uri)
            if src is None or result is None or not page.canonical_url:
                continue
            if uri in self._mirrored:  # written when its HTML was made (_mirror_early): the same text, on disk
                if full is not None:  # (bytes decoded as they are: no newline translation)
                    full.add(self._mirror_file(page, site_dir).read_bytes().decode("utf-8"))
                continue
            shown = self._as_published(src)  # a title experiment's page is a new object: rendered afresh
            lead = self._published(uri).get("intro", "")  # an intro experiment's lead, as under the H1
            before = kept.get(uri)
            same = (
                before is not None
                and before[0] is shown
                and before[1] is result
                and before[2] == page.canonical_url
                and before[3] == lead
            )
            text = (
                before[4]
                if same and before
                else llmstxt.render_mirror(shown, result.artifacts, canonical_url=page.canonical_url, lead=lead)
            )
            if full is not None:
                full.add(text)
            if keep:
                self._mirrors[uri] = (shown, result, page.canonical_url, lead, text)
            if opts.mirrors:
                path = self._mirror_file(page, site_dir)
                if not same or not path.is_file():  # serve: a dirty build leaves the unchanged mirrors in place
                    _write(path, text)

    def _nav_pages(self) -> list[MkPage]:
        """Pages in nav order, then pages that are not in the nav, by path."""
        seen: list[MkPage] = list(self.nav.pages) if self.nav else []
        uris = {p.file.src_uri for p in seen}
        rest = []
        if self.state:
            for src in self.state.pages:
                if src.src_uri not in uris:
                    mk = self.mk_pages.get(src.src_uri)
                    if mk is not None:
                        rest.append(mk)
        return seen + rest

    def _in_scope(self, page: MkPage, scope: LlmsScope) -> bool:
        src = self._page(page.file.src_uri)
        return (
            unquote(page.url).startswith(scope.path)
            and src is not None
            and (scope.lang is None or src.lang == scope.lang)
        )

    def _llms_txt(
        self, config: MkDocsConfig, ordered: list[MkPage], *, mirror_links: bool, scope: LlmsScope | None = None
    ) -> str:
        project = self._built.project
        optional_keys = self.settings.llms_txt.optional
        groups: list[llmstxt.Group] = []
        optional: list[llmstxt.Entry] = []
        by_title: dict[str, llmstxt.Group] = {}
        in_nav = {p.file.src_uri for p in self.nav.pages} if self.nav else set()
        for page in ordered:
            src = self._page(page.file.src_uri)
            if src is None:
                continue
            url = project.site_url + (
                llmstxt.mirror_path(page.url, self.settings.llms_txt.mirror_url) if mirror_links else page.url
            )
            entry = llmstxt.Entry(self._as_published(src).title, url, self._description(page.file.src_uri))
            outer = _outermost(page)
            top = plain(outer.title) if outer else None
            if (
                src.meta.llms_optional
                or any(k == top or page.file.src_uri.startswith(k) for k in optional_keys)
                or page.file.src_uri not in in_nav
            ):
                optional.append(entry)
                continue
            title = top or "Overview"
            if title not in by_title:
                by_title[title] = llmstxt.Group(title)
                groups.append(by_title[title])
            by_title[title].entries.append(entry)
        org = project.brand.organization
        site_description = plain(config.site_description)
        return llmstxt.render_llms_txt(
            site_name=self._scope_title(scope, ordered) if scope else project.site_name,
            summary=(scope.description if scope else None) or site_description or org.description or project.site_name,
            details=org.description if not scope and site_description and org.description != site_description else None,
            groups=groups,
            optional=optional,
        )

    def _scope_title(self, scope: LlmsScope, pages: list[MkPage]) -> str:
        """H1 of a scoped llms.txt: the configured title, else site name and the folder's nav title."""
        if scope.title:
            return scope.title
        project = self._built.project
        section = next((plain(outer.title) for p in pages if (outer := _outermost(p)) and outer.title), None)
        return f"{project.site_name}: {section or scope.path.rstrip('/')}"

    def on_build_error(self, error: Exception) -> None:
        if self.state is not None and self.state.store is not None and not self.state.committed:
            self.state.store.clear()  # a failed build writes nothing to generated/
        self._release()
        if self._own_state:  # serve: what was not published is not kept either; the next build starts afresh
            self._drop_state()

    def _release(self) -> None:
        """Release the build lock taken for a plain `mkdocs build`/`serve` (no-op otherwise)."""
        stack, self._session = self._session, None
        if stack is not None:
            stack.close()

    def on_serve(self, server: Any, config: MkDocsConfig, builder: Any) -> Any:
        # Brand changes must rebuild too; force a fresh state on every rebuild under `serve`.
        if self.state and self._own_state:
            server.watch(str(self.state.project.brand_dir))
        return server

    def on_shutdown(self) -> None:
        self._release()
        if self._fragments is not None:
            self._fragments.close()
            self._fragments = None
        self.state = None
        self._inputs = None


def _report(diagnostics: list[Diagnostic]) -> None:
    """Warnings and notes into MkDocs' log (its only output under plain `mkdocs build`/`serve`)."""
    for diag in diagnostics:
        if diag.level == "warning":
            log.warning(str(diag))
        elif diag.level == "info":
            log.info(str(diag))


def _snapshot(project: Project) -> InputSnapshot:
    """The engine's inputs that a writer edits while serve runs (generated/ and reports/ are not watched)."""
    return InputSnapshot.take(project.docs_dir, [project.brand_dir, project.config_file])


MATERIAL_SEARCH = "material.plugins.search.plugin"
"""The module of Material's search plugin: the one plugin besides aeoloop known to read a page's
content between ``on_page_content`` and ``on_post_page`` only to index it, honouring
``data-search-exclude`` (MkDocs' own ``search`` indexes every element: see :mod:`aeoloop.amplify.heldback`)."""


def can_hold_back(config: MkDocsConfig) -> bool:
    """Whether the search-excluded elements of a page may be held back from MkDocs between
    ``on_page_content`` and ``on_post_page``: only when nothing else reads the page's content in
    between (no plugin but Material's search and aeoloop, no theme override that mentions a
    content), so what a reader, a crawler and the search index get is the same."""
    return _only_known_plugins(config) and not _theme_mentions(config, "content")


def can_drop_markdown(config: MkDocsConfig) -> bool:
    """Whether a page's Markdown (``page.markdown``) may be let go once MkDocs has converted it:
    only when nothing but MkDocs reads it (no plugin but Material's search and aeoloop, no theme
    override that mentions it)."""
    return _only_known_plugins(config) and not _theme_mentions(config, "markdown")


def _only_known_plugins(config: MkDocsConfig) -> bool:
    return all(isinstance(p, AeoloopPlugin) or type(p).__module__ == MATERIAL_SEARCH for p in config.plugins.values())


def _theme_mentions(config: MkDocsConfig, word: str) -> bool:
    custom = config.theme.custom_dir
    if not custom:
        return False
    return any(word in path.read_text(encoding="utf-8", errors="replace") for path in Path(custom).rglob("*.html"))


THEME_TEXT = ("site_name", "site_description", "site_author", "repo_name", "repo_url", "edit_uri")
"""Config values MkDocs themes print as HTML without escaping (Material: header, nav, ``<title>``,
``<meta>``, ``href`` attributes): plain text for aeoloop, so escaped once here (see
:mod:`aeoloop.escaping`; escaping ``&`` and quotes in a URL attribute is what HTML wants)."""
THEME_HTML = ("copyright",)
"""Config values themes document as HTML: sanitized, so links and emphasis keep working."""


def escape_theme_text(config: MkDocsConfig) -> None:
    """Escape, at the depth where MkDocs hands the config to the theme, every config value the
    theme prints: text values, nav titles, ``extra`` (its ``consent.description`` is HTML);
    sanitize ``copyright``; drop a ``repo_url`` that is not http(s) (it becomes an ``href``).
    Values are :class:`markupsafe.Markup`, so a second pass (``mkdocs serve``) or a template's own
    ``| e`` leaves them as they are."""
    for key in THEME_TEXT:
        if isinstance(config.get(key), str):
            config[key] = html_text(config[key])
    for key in THEME_HTML:
        if isinstance(config.get(key), str):
            config[key] = html_fragment(config[key])
    repo_url = config.get("repo_url")
    if isinstance(repo_url, str) and web_url(repo_url) is None:
        log.warning(f"mkdocs.yml: warning: repo_url {repo_url[:80]!r} is not an http(s) URL; left out of the site")
        config["repo_url"] = None
    if config.get("nav"):
        config["nav"] = _escape_nav(config["nav"])
    extra = config.get("extra")
    if isinstance(extra, MutableMapping):  # a LegacyConfig (UserDict), not a dict
        consent = extra.get("consent")
        escaped = escape_tree(dict(extra))
        if isinstance(consent, dict) and isinstance(consent.get("description"), str):
            escaped["consent"]["description"] = html_fragment(consent["description"])
        extra.clear()
        extra.update(escaped)


def _escape_nav(items: Any) -> Any:
    """Nav titles escaped (``- "Title": page.md``, sections, links); paths and URLs left alone."""
    if isinstance(items, list):
        return [_escape_nav(i) for i in items]
    if isinstance(items, dict):
        return {
            html_text(k) if isinstance(k, str) else k: (_escape_nav(v) if isinstance(v, list) else v)
            for k, v in items.items()
        }
    return items


def _section_index(section: Section) -> MkPage | None:
    for child in section.children:
        if isinstance(child, MkPage) and child.is_index:
            return child
    return None


class _FullText:
    """llms-full.txt: every page's mirror, a blank line between two. A one-shot build writes each
    mirror into the file as it is made and keeps none (at 1,000 pages the mirrors are ~6 MB, twice
    that once joined, and the build's peak memory comes in on_post_build); under serve the text is
    joined and written only when it changed (a dirty build keeps an unchanged file's bytes and mtime)."""

    def __init__(self, path: Path, *, stream: bool) -> None:
        self.path = path
        self.parts: list[str] = []
        self.file: TextIO | None = None
        self.empty = True
        if stream:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.file = path.open("w", encoding="utf-8", newline="")

    def add(self, text: str) -> None:
        if self.file is None:
            self.parts.append(text)
            return
        if not self.empty:
            self.file.write("\n\n")
        self.file.write(text)
        self.empty = False

    def close(self) -> None:
        if self.file is not None:
            self.file.close()
        else:
            _write(self.path, "\n\n".join(self.parts))

    def discard(self) -> None:
        """The build failed: close the file, write nothing more."""
        if self.file is not None:
            self.file.close()


def _release_body(src: Page) -> None:
    """Let go of a page's body once its mirror is written (`aeoloop build`: nothing after the
    render reads it; see :meth:`AeoloopPlugin._mirror_early`), and of the views cached from it."""
    src.body = ""
    for cached in ("llm_body", "generation_body"):  # functools.cached_property keeps them in the instance dict
        vars(src).pop(cached, None)


def _write(path: Path, text: str) -> None:
    """Write ``text`` unless the file already holds it (serve's dirty builds write into the site
    in place: an unchanged llms.txt or mirror keeps its bytes and its mtime)."""
    data = text.encode("utf-8")
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return
    except OSError:  # not there yet (every file of a fresh site folder)
        path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
