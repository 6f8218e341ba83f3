"""The rendered-fragment cache (aeoloop.amplify.fragments): a fragment is reused only under the
hash of every input that made it, so a warm build's pages are byte-identical to a fresh build's.

Each input of the JSON-LD graph is changed in turn: the key must change, and so must the graph
(the input is real); a cached analysis of the page content must equal a fresh one; real builds
with and without the cache file must write the same site, and a brand edit must show."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aeoloop.amplify import blocks, jsonld
from aeoloop.amplify.keyphrases import KEY_PREFIX
from aeoloop.amplify.fragments import FILE, FragmentCache, _tail_start, brand_digest, graph_key
from aeoloop.artifacts import QA, Entity, PageArtifacts
from aeoloop.brand import Brand
from aeoloop.imagelicense import ImageLicense
from aeoloop.page import Page
from aeoloop.project import Project

from conftest import PAGE_OEE, write

SITE = jsonld.SiteInfo("Acme Guides", "https://acme.example/", "Guides to factory analytics.", "en")
URL = "https://acme.example/oee/"
CRUMBS = [("Acme Guides", "https://acme.example/"), ("What is OEE?", URL)]


@dataclasses.dataclass
class Inputs:
    site: jsonld.SiteInfo
    brand: Brand
    page: Page
    art: PageArtifacts
    url: str = URL
    description: str = "OEE measures productive time."
    breadcrumbs: list[tuple[str, str]] = dataclasses.field(default_factory=lambda: list(CRUMBS))

    def key(self) -> str:
        return graph_key(
            site=self.site,
            brand_digest=brand_digest(self.brand),
            page=self.page,
            art=self.art,
            url=self.url,
            description=self.description,
            breadcrumbs=self.breadcrumbs,
        )

    def graph(self) -> str:
        return jsonld.dumps_for_script(
            jsonld.page_graph(
                site=self.site,
                brand=self.brand,
                page=self.page,
                art=self.art,
                url=self.url,
                description=self.description,
                breadcrumbs=self.breadcrumbs,
            )
        )


def _load(root: Path, text: str) -> Page:
    write(root / "content" / "oee.md", text)
    project = Project.load(root / "mkdocs.yml")
    pages, _ = project.load_pages()
    page = next(p for p in pages if p.src_uri == "oee.md")
    return dataclasses.replace(page, authors=page.authors or ["ada"])


@pytest.fixture
def base(make_site) -> tuple[Inputs, Callable[[str], Page]]:
    root = make_site({"oee.md": PAGE_OEE})
    brand = Project.load(root / "mkdocs.yml").brand
    art = PageArtifacts(
        summary="OEE measures how much of planned production time is truly productive.",
        takeaways=["OEE multiplies three factors."],
        faq=[QA("How do you calculate OEE?", "You multiply availability, performance and quality.")],
        entities=[
            Entity("overall-equipment-effectiveness", "Overall equipment effectiveness", 3, "about"),
            Entity("acme", "Acme", 2, "mentions"),
            Entity(KEY_PREFIX + "planned-maintenance", "planned maintenance", 2, "mentions"),  # a keyphrase
        ],
    )
    return Inputs(SITE, brand, _load(root, PAGE_OEE), art), lambda text: _load(root, text)


def _brand(brand: Brand, change: Callable[[Brand], None]) -> Brand:
    copy = brand.model_copy(deep=True)
    change(copy)
    return copy


def _term(brand: Brand, key: str) -> Any:
    return next(t for t in brand.glossary if t.key == key)


# Every input page_graph reads, changed one at a time (the source-file changes go through a real load).
CHANGES: dict[str, Callable[[Inputs, Callable[[str], Page]], Inputs]] = {
    "site name": lambda i, _: dataclasses.replace(i, site=dataclasses.replace(SITE, name="Acme Docs")),
    "site url": lambda i, _: dataclasses.replace(i, site=dataclasses.replace(SITE, url="https://docs.acme.example/")),
    "site description": lambda i, _: dataclasses.replace(i, site=dataclasses.replace(SITE, description="Other.")),
    "site language": lambda i, _: dataclasses.replace(i, site=dataclasses.replace(SITE, language="it")),
    "organization name": lambda i, _: dataclasses.replace(
        i, brand=_brand(i.brand, lambda b: setattr(b.organization, "name", "Acme Ltd"))
    ),
    "author job title": lambda i, _: dataclasses.replace(
        i, brand=_brand(i.brand, lambda b: setattr(b.authors["ada"], "job_title", "Chief editor"))
    ),
    "glossary term": lambda i, _: dataclasses.replace(
        i, brand=_brand(i.brand, lambda b: setattr(_term(b, "acme"), "description", "A dashboard."))
    ),
    "brand image licence": lambda i, _: dataclasses.replace(
        i, brand=_brand(i.brand, lambda b: setattr(b, "images", ImageLicense(license="https://acme.example/l")))
    ),
    "title (an experiment's variant)": lambda i, _: dataclasses.replace(
        i, page=dataclasses.replace(i.page, title="OEE, explained")
    ),
    "language": lambda i, _: dataclasses.replace(i, page=dataclasses.replace(i.page, lang="de")),
    "authors": lambda i, _: dataclasses.replace(i, page=dataclasses.replace(i.page, authors=["bob"])),
    "date published (git)": lambda i, _: dataclasses.replace(
        i, page=dataclasses.replace(i.page, date_published=dt.date(2025, 1, 1))
    ),
    "date modified (git)": lambda i, _: dataclasses.replace(
        i, page=dataclasses.replace(i.page, date_modified=dt.date(2026, 11, 30))
    ),
    "front matter image": lambda i, _: dataclasses.replace(
        i, page=dataclasses.replace(i.page, meta=i.page.meta.model_copy(update={"image": "assets/oee.png"}))
    ),
    "front matter keywords": lambda i, _: dataclasses.replace(
        i, page=dataclasses.replace(i.page, meta=i.page.meta.model_copy(update={"keywords": ["OEE"]}))
    ),
    "front matter audiences": lambda i, _: dataclasses.replace(
        i, page=dataclasses.replace(i.page, meta=i.page.meta.model_copy(update={"audiences": ["plant-managers"]}))
    ),
    "a section heading (DefinedTerm)": lambda i, load: dataclasses.replace(
        i, page=load(PAGE_OEE.replace("## Common mistakes", "## Planned maintenance"))
    ),
    "the how-to steps": lambda i, load: dataclasses.replace(
        i, page=load(PAGE_OEE.replace("4. Review the OEE dashboard", "4. Check the OEE dashboard"))
    ),
    "word count": lambda i, load: dataclasses.replace(
        i, page=load(PAGE_OEE.replace("easy to fix in the setup.", "easy to fix in the setup, early."))
    ),
    "the writer's own JSON-LD": lambda i, load: dataclasses.replace(
        i,
        page=load(
            PAGE_OEE + '\n<script type="application/ld+json">\n{"@context": "https://schema.org", "@type": "Event", '
            '"name": "OEE day", "startDate": "2026-05-01", "location": {"@type": "Place", "name": "Turin", '
            '"address": "Via Roma 1, Turin"}}\n</script>\n'
        ),
    ),
    "summary (speakable)": lambda i, _: dataclasses.replace(i, art=dataclasses.replace(i.art, summary="")),
    "FAQ question": lambda i, _: dataclasses.replace(
        i, art=dataclasses.replace(i.art, faq=[QA("How is OEE computed?", i.art.faq[0].answer)])
    ),
    "FAQ answer": lambda i, _: dataclasses.replace(
        i, art=dataclasses.replace(i.art, faq=[QA(i.art.faq[0].question, "Multiply the three factors.")])
    ),
    "entities": lambda i, _: dataclasses.replace(i, art=dataclasses.replace(i.art, entities=i.art.entities[:1])),
    "entity role": lambda i, _: dataclasses.replace(
        i, art=dataclasses.replace(i.art, entities=[dataclasses.replace(e, role="about") for e in i.art.entities])
    ),
    "canonical URL": lambda i, _: dataclasses.replace(i, url="https://acme.example/guides/oee/"),
    "description": lambda i, _: dataclasses.replace(i, description="Another description."),
    "breadcrumbs": lambda i, _: dataclasses.replace(
        i, breadcrumbs=[CRUMBS[0], ("Guides", "https://acme.example/guides/"), CRUMBS[1]]
    ),
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_every_input_of_the_graph_is_in_its_key(base, change):
    inputs, load = base
    changed = CHANGES[change](inputs, load)
    assert changed.graph() != inputs.graph(), f"{change}: not an input of the graph (the test changes nothing)"
    assert changed.key() != inputs.key(), f"{change} changes the graph but not its cache key: a stale graph"


def test_the_key_is_stable_for_the_same_inputs(base):
    inputs, load = base
    again = dataclasses.replace(inputs, page=load(PAGE_OEE), brand=inputs.brand.model_copy(deep=True))
    assert again.key() == inputs.key()


def test_site_nodes_made_once_give_the_same_graph(base):
    inputs, _ = base
    shared = jsonld.site_nodes(inputs.site, inputs.brand)
    for _ in range(2):  # the shared nodes are not modified by a page's graph
        graph = jsonld.page_graph(
            site=inputs.site,
            brand=inputs.brand,
            page=inputs.page,
            art=inputs.art,
            url=inputs.url,
            description=inputs.description,
            breadcrumbs=inputs.breadcrumbs,
            site_graph=shared,
        )
        assert jsonld.dumps_for_script(graph) == inputs.graph()


OPENINGS = [
    ("<p>A b.</p>\n<p>C <em>d</em>.</p>\n<h2>X</h2>", "A b. C d."),
    ("<p>First here. Second <strong>bold</strong> one. Third.</p><h2>Y</h2>", "First here. Second bold one."),
    ("<p>Something else.</p>", "A b."),
    ('<div class="admonition tip"><p>Tip.</p></div>\n<p>Acme makes sensors.</p><p>More.</p>', "Acme makes sensors."),
    ("<p>Acme makes sensors.</p>\n<h2>Guide</h2><p>Read the guide.</p>", "Acme makes sensors. Read the guide."),
]


@pytest.mark.parametrize("html,summary", OPENINGS)
def test_cached_opening_split_is_the_fresh_one(tmp_path, html, summary):
    path = tmp_path / FILE
    first = FragmentCache(path)
    assert first.split_opening(html, summary) == blocks.split_opening(html, summary)
    first.save(prune=True)
    first.close()
    second = FragmentCache(path)
    assert second.split_opening(html, summary) == blocks.split_opening(html, summary)
    assert (second.hits, second.misses) == (1, 0)
    assert second.split_opening(html + "<p>changed</p>", summary) == blocks.split_opening(
        html + "<p>changed</p>", summary
    )
    assert second.misses == 1


def test_cached_answered_in_body_follows_the_answers(tmp_path):
    html = '<h2 id="how">How?</h2><p>You multiply the three factors.</p><h2 id="why">Why?</h2><p>Because.</p>'
    art = PageArtifacts(faq=[QA("How?", "You multiply the three factors."), QA("Why?", "Because.")])
    path = tmp_path / FILE
    cache = FragmentCache(path)
    assert (
        cache.answered_in_body(html, art)
        == blocks.answered_in_body(html, art)
        == {0: ("how", "How?"), 1: ("why", "Why?")}
    )
    cache.save(prune=True)
    cache.close()
    cache = FragmentCache(path)
    assert cache.answered_in_body(html, art) == {0: ("how", "How?"), 1: ("why", "Why?")}
    other = PageArtifacts(faq=[QA("How?", "You add them up."), QA("Why?", "Because.")])
    assert cache.answered_in_body(html, other) == blocks.answered_in_body(html, other) == {1: ("why", "Why?")}


@given(st.text(max_size=40), st.text(max_size=12), st.integers(min_value=0, max_value=40))
@settings(max_examples=300)
def test_the_rest_of_a_page_is_stored_as_a_head_and_a_tail_offset(html, head, cut):
    rest = head + html[min(cut, len(html)) :]
    start = _tail_start(html, rest)
    assert rest[: len(rest) - (len(html) - start)] + html[start:] == rest
    assert start == len(html) or not rest.endswith(html[start - 1 :]) or start == 0


def test_a_broken_cache_file_is_an_empty_cache(tmp_path):
    path = tmp_path / FILE
    path.write_bytes(b"this is not a database" * 100)
    cache = FragmentCache(path)
    assert cache.get("graph:x") is None
    cache.put("graph:x", "{}")
    cache.save(prune=False)
    cache.close()
    assert FragmentCache(path).get("graph:x") == "{}"


def test_a_full_build_drops_what_it_did_not_use_and_a_partial_one_keeps_it(tmp_path):
    path = tmp_path / FILE
    cache = FragmentCache(path)
    cache.put("a", "1")
    cache.put("b", "2")
    cache.save(prune=True)
    assert cache.get("a") == "1"
    cache.save(prune=False)  # a dirty rebuild: "b" belongs to a page it did not render
    assert cache.get("b") == "2"
    assert cache.get("a") == "1"
    cache.save(prune=True)  # a full build that used both
    cache.get("a")
    cache.save(prune=True)
    assert cache.get("b") is None and cache.get("a") == "1"


def _site_files(root: Path) -> dict[str, bytes]:
    site = root / "site"
    return {str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def _jsonld(root: Path, page: str = "oee/index.html") -> dict:
    html = (root / "site" / page).read_text(encoding="utf-8")
    match = re.search(r'<script type="application/ld\+json" id="aeoloop-jsonld">(.*?)</script>', html, re.S)
    assert match is not None
    return json.loads(match.group(1))


def test_a_warm_build_from_the_cache_writes_the_same_site_and_a_brand_edit_shows(make_site, build_site, tmp_path):
    root = make_site({"oee.md": PAGE_OEE, "index.md": "# Home\n\nAcme guides to factory analytics for plants.\n"})
    build_site(root)
    cache_file = root / ".aeoloop" / FILE
    assert cache_file.is_file()
    fresh = _site_files(root)
    build_site(root)  # every fragment from the cache
    assert _site_files(root) == fresh
    # an input outside the page (brand.yml: an author's job title) changes the graph of the next warm build
    brand_yml = root / "brand" / "brand.yml"
    brand_yml.write_text(brand_yml.read_text(encoding="utf-8").replace("Editor", "Chief editor"), encoding="utf-8")
    build_site(root)
    person = next(n for n in _jsonld(root)["@graph"] if n.get("@type") == "Person")
    assert person["jobTitle"] == "Chief editor"
    warm = _site_files(root)
    shutil.rmtree(root / ".aeoloop")  # the CI case: no cache at all
    build_site(root)
    assert _site_files(root) == warm


def test_site_files_are_written_only_when_their_bytes_change(tmp_path):
    from aeoloop.mkdocs_plugin import _write

    path = tmp_path / "guides" / "llms.txt"
    _write(path, "# Acme\n")  # a new folder and file
    old = 1_000_000_000
    os.utime(path, ns=(old, old))
    _write(path, "# Acme\n")  # same bytes: left alone (serve's dirty builds write into the site in place)
    assert path.stat().st_mtime_ns == old
    _write(path, "# Acme Guides\n")
    assert path.read_text(encoding="utf-8") == "# Acme Guides\n" and path.stat().st_mtime_ns != old


def test_new_entries_go_into_the_file_as_the_render_goes_not_all_at_its_end(tmp_path):
    """A CI build makes every page's graph anew: the cache hands them to the open transaction in
    batches (the render does not hold them all), a lookup still finds them, and only save() commits
    them (a build that fails before it leaves the file as it was)."""
    from aeoloop.amplify import fragments

    path = tmp_path / FILE
    cache = FragmentCache(path)
    entries = {f"graph:{n}": "x" * n for n in range(fragments.FLUSH_EVERY * 3 + 5)}
    for key, value in entries.items():
        cache.put(key, value)
        assert len(cache._new) < fragments.FLUSH_EVERY
    assert all(cache.get(key) == value for key, value in entries.items())
    cache.close()  # a build that failed before save(): nothing committed
    reader = FragmentCache(path)
    assert all(reader.get(key) is None for key in entries)
    reader.close()
    cache = FragmentCache(path)
    for key, value in entries.items():
        cache.put(key, value)
    cache.save(prune=True)
    cache.close()
    again = FragmentCache(path)
    assert all(again.get(key) == value for key, value in entries.items())


def test_adopt_takes_a_workers_keys_and_stores_only_what_the_file_lacks(tmp_path):
    """A forked render worker's in-memory cache hands back what it used and made; the build
    process's cache counts those keys as used (kept by the prune) and stores only new entries."""
    path = tmp_path / "fragments.sqlite"
    first = FragmentCache(path)
    first.put("graph:old", "A")
    first.put("graph:gone", "G")
    first.save(prune=True)
    first.close()
    cache = FragmentCache(path)
    assert cache.stored_keys("graph:") == {"graph:old", "graph:gone"} and not cache.stored_keys("said:")
    for stored in (frozenset[str](), cache.stored_keys("graph:")):
        worker = FragmentCache(None, stored=stored)
        assert worker.get("graph:old") is None  # a worker never reads the file
        worker.put("graph:old", "A")
        worker.put("graph:new", "B")
        used, made = worker.handoff()
        assert used == {"graph:old", "graph:new"}
        assert made == ({"graph:new": "B"} if stored else {"graph:old": "A", "graph:new": "B"})  # what the file lacks
    cache.adopt(used, made)
    assert cache._new == {"graph:new": "B"}
    cache.save(prune=True)
    cache.close()
    again = FragmentCache(path)
    assert (again.get("graph:old"), again.get("graph:new"), again.get("graph:gone")) == ("A", "B", None)
    again.close()


def test_a_populate_workers_cache_reads_the_file_and_never_writes_it(tmp_path):
    """A forked populate worker's cache (read_only): the file's entries through its own connection,
    what it makes only handed back; a missing file is an empty cache and is not created. The build
    process's new entries wait in memory while it reads (deferred), and go to the file once taken back."""
    path = tmp_path / FILE
    missing = FragmentCache(path, read_only=True)
    assert missing.get("said:x") is None
    missing.put("said:x", "[]")
    missing.close()
    assert not path.exists()

    parent = FragmentCache(path)
    parent.put("said:a", '["a"]')
    parent.save(prune=False)
    before = path.read_bytes()
    worker = FragmentCache(path, read_only=True)
    parent.deferred = True
    for i in range(100):  # more than FLUSH_EVERY: nothing flushed while deferred
        parent.put(f"said:p{i}", "[]")
    assert len(parent._new) == 100
    assert worker.get("said:a") == '["a"]'
    for i in range(100):
        worker.put(f"said:w{i}", "[]")
    used, made = worker.handoff()
    worker.close()
    assert path.read_bytes() == before, "the worker wrote nothing"
    assert used >= {"said:a"} and len(made) == 100
    parent.adopt(used, made)
    assert not parent.deferred
    parent.save(prune=True)
    again = FragmentCache(path)
    assert again.get("said:a") == '["a"]' and again.get("said:w7") == "[]" and again.get("said:p7") == "[]"
    again.close()
