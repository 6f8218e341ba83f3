"""Tailor: audiences.yml as ICPs (file:line errors), stages and CTAs, per page × audience intros
from both backends, stored in generated/<page>/audiences/ with caching and locks."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import yaml

from aeoloop.errors import ConfigError
from aeoloop.brand import load_brand
from aeoloop.project import Project

FIXTURES = Path(__file__).parent / "fixtures" / "tailor"

AUDIENCES = {
    "page_types": [
        {"type": "pricing", "paths": ["pricing*", "*-vs-*"], "stage": "decision"},
        {"type": "guide", "paths": ["*"], "stage": "awareness"},
    ],
    "audiences": [
        {
            "id": "plant-managers",
            "name": "Plant managers",
            "role": "Plant manager",
            "industry": "Food and packaging",
            "stage": "consideration",
            "keywords": ["shift", "world class"],
            "pains": [
                "Losses that nobody can attribute to a machine or a shift",
                "Nameplate speeds and planned maintenance that distort the numbers",
            ],
            "goals": ["Track one number every shift and find the largest losses within weeks"],
            "cta": {"text": "Talk to us", "url": "https://acme.example/contact/"},
            "ctas": {
                "awareness": {"text": "Get the OEE checklist", "url": "https://acme.example/checklist/"},
                "decision": {"text": "Book a demo", "url": "https://acme.example/demo/"},
            },
        },
        {
            "id": "engineers",
            "name": "Process engineers",
            "pains": ["Ideal cycle times that nobody entered for each product"],
            "goals": ["Calculate availability, performance and quality from machine signals"],
            "ctas": {"decision": {"text": "Request API access", "url": "/developers/"}},
        },
    ],
}


# A section whose sentences meet the audiences beyond the first: the extractive intro avoids the
# summary and the key takeaways (on this page the first sentence of each section), and without it
# the short OEE page has too few other sentences for the plant managers. (No intro is a run of
# the page's text: the tests of a lead shown once count the intro's words in the article.)
WHO = """
## Who tracks OEE

OEE is tracked by the people who run the lines and the people who improve them. Plant managers use OEE when losses \
cannot be attributed to a machine or a shift and the weekly review turns into guesswork. They bring it to the \
morning meeting. Process engineers calculate availability, performance and quality from machine signals, so \
nobody copies counts from paper logs.
"""


def oee_page() -> str:
    """The OEE page of the other tests with :data:`WHO` at the end."""
    from conftest import PAGE_OEE

    return PAGE_OEE + WHO


def _site(make_site, audiences=AUDIENCES, pages=None, options=None):
    PAGE_OEE = oee_page()

    page = PAGE_OEE.replace(
        "keywords: [OEE, downtime]", "keywords: [OEE, downtime]\naudiences: [plant-managers, engineers]"
    )
    root = make_site({"oee.md": page} if pages is None else pages, options=options)
    (root / "brand" / "audiences.yml").write_text(yaml.safe_dump(audiences, sort_keys=False), encoding="utf-8")
    return root


# -- audiences.yml ------------------------------------------------------------------------------

BAD = """\
audiences:
  - id: ok
    name: Fine
    cta: {text: Go, url: "https://acme.example/"}
  - id: no-cta
    name: Nobody to call
  - id: bad-stage
    name: Wrong stage
    stage: purchase
    cta: {text: Go, url: "https://acme.example/"}
  - id: bad-url
    name: Script link
    ctas:
      decision: {text: Go, url: "javascript:alert(1)"}
  - id: typo
    name: Typo
    pain: [misspelled key]
    cta: {text: Go, url: "https://acme.example/"}
"""


def test_bad_audiences_yml_gives_file_and_line(tmp_path: Path):
    (tmp_path / "brand").mkdir()
    (tmp_path / "brand" / "brand.yml").write_text("organization: {name: Acme, url: 'https://acme.example/'}\n")
    (tmp_path / "brand" / "audiences.yml").write_text(BAD)
    with pytest.raises(ConfigError) as err:
        load_brand(tmp_path / "brand", tmp_path)
    found = {(d.file, d.line) for d in err.value.diagnostics}
    text = "\n".join(f"{d.file}:{d.line}: {d.message}" for d in err.value.diagnostics)
    assert ("brand/audiences.yml", 5) in found and "no call to action" in text  # the audience's first line
    assert ("brand/audiences.yml", 9) in found and "awareness" in text  # stage: purchase
    assert ("brand/audiences.yml", 14) in found and "javascript" in text
    assert ("brand/audiences.yml", 17) in found and "unknown key" in text
    assert len(err.value.diagnostics) == 4, text


def test_duplicate_ids_and_bad_page_type(tmp_path: Path):
    (tmp_path / "brand").mkdir()
    (tmp_path / "brand" / "brand.yml").write_text("organization: {name: Acme, url: 'https://acme.example/'}\n")
    data = {
        "page_types": [{"type": "Pricing Pages", "paths": [], "stage": "decision"}],
        "audiences": [AUDIENCES["audiences"][0], AUDIENCES["audiences"][0]],
    }
    (tmp_path / "brand" / "audiences.yml").write_text(yaml.safe_dump(data, sort_keys=False))
    with pytest.raises(ConfigError) as err:
        load_brand(tmp_path / "brand", tmp_path)
    text = "\n".join(f"{d.file}:{d.line}: {d.message}" for d in err.value.diagnostics)
    assert "brand/audiences.yml:2: `page_types.0.type`" in text
    assert "brand/audiences.yml:3: `page_types.0.paths`" in text
    data = {"audiences": [AUDIENCES["audiences"][0], AUDIENCES["audiences"][0]]}
    (tmp_path / "brand" / "audiences.yml").write_text(yaml.safe_dump(data, sort_keys=False))
    with pytest.raises(ConfigError) as err:
        load_brand(tmp_path / "brand", tmp_path)
    text = "\n".join(f"{d.file}:{d.line}: {d.message}" for d in err.value.diagnostics)
    assert (
        "brand/audiences.yml:1: `audiences`: audience ids must be unique: plant-managers appears more than once" in text
    )


def test_example_and_scaffold_audiences_load():
    from aeoloop.brand import AudiencesFile

    root = Path(__file__).resolve().parent.parent
    brand = load_brand(root / "brand", root)
    assert {a.id for a in brand.audiences.values() if a.ctas and a.role and a.keywords} == set(brand.audiences)
    assert brand.page_types
    scaffold = (root / "generator" / "aeoloop" / "scaffold" / "brand" / "audiences.yml").read_text()
    from jinja2 import Template

    AudiencesFile.model_validate(yaml.safe_load(Template(scaffold).render(site_url="https://x.example/")))


# -- stages and CTAs -------------------------------------------------------------------------------


def test_stage_from_page_type_front_matter_and_audience(make_site):
    from aeoloop.tailor.targets import targets

    pages = {
        "pricing.md": "---\ntitle: Pricing\naudiences: [plant-managers, engineers]\n---\n\nAcme costs 49 euros per machine.\n",
        "guide.md": "---\ntitle: Guide\naudiences: plant-managers\n---\n\nA guide to OEE for plants.\n",
        "late.md": "---\ntitle: Late\nstage: decision\naudiences: [plant-managers]\n---\n\nA guide to OEE for plants.\n",
    }
    root = _site(make_site, pages=pages)
    project = Project.load(root / "mkdocs.yml")
    loaded, diags = project.load_pages()
    by = {p.src_uri: targets(p, project.brand, project.language) for p in loaded}
    pricing = {t.audience.id: (t.stage, t.page_type, t.cta.text) for t in by["pricing.md"]}
    assert pricing == {
        "plant-managers": ("decision", "pricing", "Book a demo"),
        "engineers": ("decision", "pricing", "Request API access"),
    }
    assert [(t.stage, t.cta.text) for t in by["guide.md"]] == [("awareness", "Get the OEE checklist")]
    assert [(t.stage, t.cta.text) for t in by["late.md"]] == [("decision", "Book a demo")]
    # no page type: the audience's own stage; no CTA for it: the default, else the nearest stage's
    audiences = {**AUDIENCES, "page_types": []}
    root = _site(
        make_site,
        audiences=audiences,
        pages={"guide.md": pages["guide.md"].replace("plant-managers", "[plant-managers, engineers]")},
    )
    project = Project.load(root / "mkdocs.yml")
    page = project.load_pages()[0][0]
    assert [(t.stage, t.cta.text) for t in targets(page, project.brand, project.language)] == [
        ("consideration", "Talk to us"),
        ("awareness", "Request API access"),
    ]


def test_unknown_audience_in_front_matter_is_reported_with_its_line(make_site):
    root = _site(make_site, pages={"a.md": "---\ntitle: A\naudiences: [nobody]\n---\n\nText of the page here.\n"})
    from aeoloop.errors import ContentError

    with pytest.raises(ContentError) as err:
        Project.load(root / "mkdocs.yml").load_pages()
    assert any(
        d.file == "content/a.md" and d.line == 3 and "unknown audience `nobody`" in d.message
        for d in err.value.diagnostics
    )


# -- the extractive intro --------------------------------------------------------------------------


def test_extractive_intro_golden(make_site):
    """The intro for plant managers on the OEE page: the page's own sentences, pain then goal."""
    from aeoloop.tailor.intro import extractive_intro
    from aeoloop.tailor.targets import targets
    from aeoloop.tailor.variant import Variant, parse, render

    root = _site(make_site)
    project = Project.load(root / "mkdocs.yml")
    page = project.load_pages()[0][0]
    out = []
    for t in targets(page, project.brand, project.language):
        intro = extractive_intro(page, t.audience)
        assert intro.why_not is None, intro.why_not
        assert 2 <= len(intro.sentences) <= 3
        for m in intro.sentences:
            assert m.sentence in page.body  # nothing invented
        v = Variant(t.audience.id, t.stage, t.cta.text, t.cta.url, intro.text)
        assert parse(render(v)) == v
        out.append(render(v))
    golden = FIXTURES / "oee-intros.md"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text("\n".join(out), encoding="utf-8")
    assert "\n".join(out) == golden.read_text(encoding="utf-8")


def test_no_intro_when_the_page_does_not_meet_the_audience(make_site):
    from aeoloop.tailor.intro import extractive_intro

    root = _site(
        make_site,
        pages={
            "x.md": "---\ntitle: Lunch\naudiences: [engineers]\n---\n\n"
            "The canteen serves soup on Mondays and fish on Fridays. Coffee is free all day.\n"
        },
    )
    project = Project.load(root / "mkdocs.yml")
    page = project.load_pages()[0][0]
    intro = extractive_intro(page, project.brand.audiences["engineers"])
    assert intro.sentences == [] and "0 sentence(s)" in (intro.why_not or "")


def test_brand_rule_errors_keep_a_sentence_out(make_site):
    from aeoloop.tailor.intro import extractive_intro

    root = _site(make_site)
    project = Project.load(root / "mkdocs.yml")
    page = project.load_pages()[0][0]
    audience = project.brand.audiences["plant-managers"]
    first = extractive_intro(page, audience).sentences[0].sentence
    again = extractive_intro(page, audience, blocked=lambda text, lang: ["banned"] if text == first else [])
    assert first not in again.text


def test_hostile_cta_text_round_trips_as_text():
    from aeoloop.tailor.variant import Variant, parse, render

    v = Variant(
        "a",
        "awareness",
        '</script><img src=x onerror=alert(1)> "Go" ---',
        "https://a.example/?q=1&r=2",
        "One sentence here. Another one there.",
    )
    assert parse(render(v)) == v


# -- the build: files, cache, locks ------------------------------------------------------------------


def test_build_writes_variants_caches_and_keeps_locked(make_site, build_site):
    root = _site(make_site)
    state = build_site(root)
    folder = root / "generated" / "oee" / "audiences"
    files = sorted(p.name for p in folder.glob("*.md"))
    assert files == ["engineers.md", "plant-managers.md"]
    manifest = json.loads((root / "generated" / "oee" / "manifest.json").read_text())
    assert manifest["audiences"]["plant-managers"]["backend"] == "extractive"
    assert manifest["audiences"]["plant-managers"]["matched"]
    assert manifest["artifacts"]["audiences/plant-managers.md"]["status"] == "draft"
    assert set(state.tailor["oee.md"]) == {"plant-managers", "engineers"}
    text = (folder / "plant-managers.md").read_text()
    assert "stage: awareness" in text and "Get the OEE checklist" in text

    # unchanged inputs: nothing written
    state = build_site(root)
    assert not [p for p in state.written if "audiences" in p.as_posix()]

    # a person locks an edited intro; the page changes; the intro stays
    edited = text.rstrip("\n") + " Edited by a person.\n"
    (folder / "plant-managers.md").write_text(edited)
    manifest = json.loads((root / "generated" / "oee" / "manifest.json").read_text())
    manifest["artifacts"]["audiences/plant-managers.md"]["status"] = "locked"
    (root / "generated" / "oee" / "manifest.json").write_text(json.dumps(manifest))
    page = root / "content" / "oee.md"
    page.write_text(page.read_text() + "\nOEE dashboards refresh every minute for each shift and machine.\n")
    state = build_site(root)
    assert (folder / "plant-managers.md").read_text() == edited
    assert state.tailor["oee.md"]["plant-managers"].intro.endswith("Edited by a person.")
    manifest = json.loads((root / "generated" / "oee" / "manifest.json").read_text())
    assert manifest["artifacts"]["audiences/plant-managers.md"]["status"] == "locked"

    # a CTA change regenerates the unlocked variant only
    data = yaml.safe_load((root / "brand" / "audiences.yml").read_text())
    data["audiences"][1]["ctas"]["decision"]["text"] = "Ask for API access"
    (root / "brand" / "audiences.yml").write_text(yaml.safe_dump(data, sort_keys=False))
    build_site(root)
    assert "Ask for API access" in (folder / "engineers.md").read_text()
    assert (folder / "plant-managers.md").read_text() == edited


def test_broken_edited_variant_is_a_warning_not_a_crash(make_site, build_site):
    root = _site(make_site)
    build_site(root)
    path = root / "generated" / "oee" / "audiences" / "engineers.md"
    path.write_text("no front matter at all\n")
    state = build_site(root)
    assert path.read_text() == "no front matter at all\n"
    assert "engineers" not in state.tailor.get("oee.md", {})
    assert any(d.file.endswith("audiences/engineers.md") and d.level == "warning" for d in state.diagnostics)


# -- the llm backend (litellm mock_response) -------------------------------------------------------

LLM_INTRO = (
    "Plant managers lose track of where OEE goes when losses are not tied to a machine. "
    "OEE turns availability, performance and quality into one number a plant manager can track every shift."
)


def _llm_state(make_site, mock: str):
    from aeoloop.build import BuildState, step_load
    from aeoloop.generated import GeneratedStore
    from aeoloop.backends.llm import LlmBackend

    root = _site(
        make_site,
        options={
            "backend": "llm",
            "model": "openai/gpt-4o-mini",
            "llm": {"repairs": 1, "params": {"mock_response": mock}},
        },
    )
    project = Project.load(root / "mkdocs.yml")
    state = BuildState(project)
    step_load(state)
    backend = LlmBackend(project.settings, project.brand)
    backend.bind(state)
    state.backend = backend
    state.store = GeneratedStore(project.generated_dir, project.root, project.cache_dir)
    return state


def test_llm_intro_with_mock_response(make_site):
    from aeoloop.tailor.step import step_tailor

    state = _llm_state(make_site, json.dumps({"intro": LLM_INTRO}))
    step_tailor(state)
    variant = state.tailor["oee.md"]["plant-managers"]
    assert variant.intro == LLM_INTRO and variant.cta_text == "Get the OEE checklist"
    staged = {p.as_posix().split("generated/")[-1]: t for p, t in state.store.pending.items()}
    manifest = json.loads(staged["oee/manifest.json"])
    assert manifest["audiences"]["plant-managers"]["backend"] == "llm"
    assert state.backend.session.usage.calls == 2  # one per audience


def test_llm_intro_that_never_passes_falls_back_to_extractive(make_site):
    from aeoloop.tailor.step import step_tailor

    state = _llm_state(make_site, json.dumps({"intro": "This is great. <script>alert(1)</script> Click here!"}))
    step_tailor(state)
    variant = state.tailor["oee.md"]["plant-managers"]
    assert "script" not in variant.intro and variant.intro.split(". ")[0] in state.pages[0].body
    assert any("used the extractive intro" in d.message for d in state.diagnostics)
    staged = {p.as_posix().split("generated/")[-1]: t for p, t in state.store.pending.items()}
    assert json.loads(staged["oee/manifest.json"])["audiences"]["plant-managers"]["backend"] == "extractive"


# -- the static site: templates, script, switcher --------------------------------------------------


def test_site_has_default_cta_variants_data_and_script(make_site, build_site):
    from bs4 import BeautifulSoup

    hostile = {**AUDIENCES}
    hostile["audiences"] = [dict(a) for a in AUDIENCES["audiences"]]
    hostile["audiences"][1] = {**hostile["audiences"][1], "name": "<b>Engineers</b> & co"}
    root = _site(make_site, audiences=hostile)
    build_site(root)
    html = (root / "site" / "oee" / "index.html").read_text()
    soup = BeautifulSoup(html, "html.parser")
    block = soup.find(id="aeoloop-tailor")
    assert block is not None
    intro = block.find(class_="aeoloop-tailor-intro")
    assert intro.has_attr("hidden") and intro.get_text() == ""  # no JS: the canonical page
    cta = block.select_one(".aeoloop-tailor-cta a")
    assert (cta.get_text(), cta["href"]) == (
        "Get the OEE checklist",
        "https://acme.example/checklist/",
    )  # main audience's
    # no switcher in the HTML (one that cannot work without JavaScript is not shown): the script builds it
    assert block.find(class_="aeoloop-tailor-switch") is None and block.find("select") is None
    assert soup.find("template") is None
    data = block.find_next_sibling("script")
    assert data is not None and data["type"] == "application/json" and data["id"] == "aeoloop-tailor-data"
    payload = json.loads(data.string)
    assert (payload["label"], payload["everyone"]) == ("Reading as", "Everyone")
    assert [(a["id"], a["name"]) for a in payload["audiences"]] == [
        ("plant-managers", "Plant managers"),
        ("engineers", "<b>Engineers</b> & co"),
    ]
    assert "\\u003cb\\u003eEngineers\\u003c/b\\u003e \\u0026 co" in html and "<b>Engineers</b>" not in html
    variant = (
        (root / "generated" / "oee" / "audiences" / "plant-managers.md").read_text().split("---\n\n", 1)[1].strip()
    )
    first = payload["audiences"][0]
    assert (first["intro"], first["cta"], first["href"]) == (
        variant,
        "Get the OEE checklist",
        "https://acme.example/checklist/",
    )
    script = data.find_next_sibling("script")
    assert script is not None and not script.get("type") and "localStorage" in script.string
    assert "textContent" in script.string and "JSON.parse" in script.string
    assert "innerHTML" not in script.string and "document.cookie" not in script.string and "http" not in script.string
    # light: the block, its data and its script are a handful of tags, whatever the number of audiences
    assert len(block.find_all(True)) == 3 and html.count('id="aeoloop-tailor-data"') == 1
    # the summary box and verify are unaffected: the variants are not visible text
    assert soup.find(id="aeoloop-summary") is not None


def test_variants_data_is_inert_whatever_the_texts_hold():
    """Intros, CTAs and names with markup, a closing script tag, a comment opener and line
    separators stay data: the element ends where it should and reads back as the same texts."""
    from bs4 import BeautifulSoup

    from aeoloop.brand import Audience
    from aeoloop.produced import Variant
    from aeoloop.tailor.html import audience_block
    from aeoloop.tailor.targets import Target

    nasty = '</script><script>alert(1)</script><!--<script> & "quotes" \u2028 \u2029 </SCRIPT >'
    cta = {"text": "Go", "url": "https://acme.example/go/"}
    audiences = [Audience(id="a", name=nasty, pains=["x"], cta=cta), Audience(id="b", name="B", pains=["y"], cta=cta)]
    targets = [Target(a, "awareness", None, a.cta) for a in audiences]  # type: ignore[arg-type]
    variants = {
        "a": Variant("a", "awareness", nasty, "/a/?x=1&y=<2>", nasty),
        "b": Variant("b", "awareness", "Book", "javascript:alert(1)", "An intro."),  # an unusable URL: left out
    }
    html = audience_block(targets, variants, "en")
    assert html.lower().count("</script") == 2 and "<!--" not in html and "\u2028" not in html
    soup = BeautifulSoup(f"<body>{html}</body>", "html.parser")
    scripts = soup.find_all("script")
    assert len(scripts) == 2 and scripts[0]["type"] == "application/json"
    payload = json.loads(scripts[0].string)
    expected = {"id": "a", "name": audiences[0].name, "intro": nasty, "cta": nasty, "href": "/a/?x=1&y=<2>"}
    assert "</script>" in audiences[0].name and payload["audiences"] == [expected]
    assert soup.find("img") is None and len(soup.find(id="aeoloop-tailor").find_all(True)) == 3


def _chromium(url: str, profile: Path, *extra: str) -> str:
    import shutil
    import subprocess

    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    if binary is None:
        pytest.skip("chromium is not installed (Debian package `chromium`)")
    out = subprocess.run(
        [
            binary,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--no-first-run",
            f"--user-data-dir={profile}",
            *extra,
            "--dump-dom",
            url,
        ],
        capture_output=True,
        text=True,
        timeout=90,
    )
    return out.stdout


def test_browser_swaps_for_audience_remembers_and_ignores_hostile_for(make_site, build_site, tmp_path):
    from urllib.parse import quote

    from bs4 import BeautifulSoup

    pages = {"oee.md": None, "more.md": "---\ntitle: More about OEE\naudiences: [plant-managers, engineers]\n---\n\n"}
    PAGE_OEE = oee_page()

    pages["oee.md"] = PAGE_OEE.replace(
        "keywords: [OEE, downtime]", "keywords: [OEE, downtime]\naudiences: [plant-managers, engineers]"
    )
    pages["more.md"] += PAGE_OEE.split("---\n", 2)[2]
    root = _site(make_site, pages=pages, options={"verify": "warn"})
    build_site(root)
    page = (root / "site" / "oee" / "index.html").as_uri()
    other = (root / "site" / "more" / "index.html").as_uri()
    engineers = (root / "generated" / "oee" / "audiences" / "engineers.md").read_text().split("---\n\n", 1)[1].strip()

    def block(dom: str):
        return BeautifulSoup(dom, "html.parser").find(id="aeoloop-tailor")

    profile = tmp_path / "profile"
    b = block(_chromium(page + "?for=engineers", profile))
    assert b["data-audience"] == "engineers"
    assert b.find(class_="aeoloop-tailor-intro").get_text() == engineers
    assert b.select_one(".aeoloop-tailor-cta a").get_text() == "Request API access"
    assert not b.find(class_="aeoloop-tailor-switch").has_attr("hidden")
    # the next page opens for the same audience (localStorage)
    b = block(_chromium(other, profile))
    assert b.get("data-audience") == "engineers"
    # hostile ?for= is not an id: default page, nothing injected
    fresh = tmp_path / "fresh"
    b = block(_chromium(page + "?for=" + quote('"><img src=x onerror=alert(1)>'), fresh))
    assert b.get("data-audience") is None and b.find(class_="aeoloop-tailor-intro").has_attr("hidden")
    assert b.find("img") is None
    # choosing "Everyone" is not tested here (needs input events); JavaScript off is the static HTML
    # (test_site_has_default_cta_variants_data_and_script): headless --dump-dom cannot run without scripts


def test_no_intro_is_remembered_and_reported(make_site, build_site):
    page = "---\ntitle: Lunch\naudiences: [engineers]\n---\n\nThe canteen serves soup on Mondays and fish on Fridays. Coffee is free all day.\n"
    root = _site(make_site, pages={"lunch.md": page})
    state = build_site(root)
    assert not (root / "generated" / "lunch" / "audiences").exists()
    notes = [d for d in state.diagnostics if "no intro for audience 'engineers'" in d.message]
    assert notes and notes[0].level == "info" and notes[0].file == "content/lunch.md"
    manifest = json.loads((root / "generated" / "lunch" / "manifest.json").read_text())
    assert "0 sentence(s)" in manifest["audiences"]["engineers"]["skipped"]
    html = (root / "site" / "lunch" / "index.html").read_text()
    assert "Request API access" in html and "aeoloop-tailor-data" not in html  # default CTA, nothing to switch to
    assert '"aeoloop-audience"' not in html  # and no script
    state = build_site(root)
    assert any("no intro for audience 'engineers'" in d.message for d in state.diagnostics)
    assert not state.written


# -- pages in other languages and hub pages --------------------------------------------------------

PAGE_IT = """---
title: Che cos'è l'OEE?
lang: it
audiences: [plant-managers, engineers]
---

L'OEE misura quanta parte del tempo pianificato una linea produce pezzi buoni alla velocità ideale. Si calcola moltiplicando disponibilità, prestazioni e qualità, tre rapporti tra zero e uno che ogni impianto può ricavare dai segnali delle macchine.

## Perché l'OEE è difficile da misurare?

L'OEE è difficile da misurare perché i dati di fermo arrivano da registri scritti a mano e da sistemi diversi. Le perdite di produzione raramente vengono attribuite a una macchina o a un turno preciso. Le velocità di targa gonfiano le prestazioni e nascondono le microfermate di ogni turno.

## Come si migliora l'OEE?

L'OEE si migliora affrontando prima le perdite più grandi, una linea alla volta. I capireparto migliori seguono un solo numero per turno e trovano le perdite più grandi in poche settimane. Un cruscotto per turno mostra a ogni squadra le proprie fermate principali.

## Chi segue l'OEE?

L'OEE è seguito da chi gestisce le linee e da chi le migliora. I direttori di stabilimento conoscono le perdite \
che nessuno sa attribuire a una macchina o a un turno, finché non le misurano. Con un solo numero per turno si \
trovano le perdite più grandi in poche settimane, senza riunioni sulle cifre.
"""


def test_page_in_another_language_uses_the_audience_translation(make_site, build_site):
    """An Italian page meets the Italian texts of an audience (intro and CTA in Italian); an
    audience without that language gets no intro, and the build says how to add one."""
    audiences = {**AUDIENCES, "audiences": [dict(a) for a in AUDIENCES["audiences"]]}
    audiences["audiences"][0]["translations"] = {
        "it": {
            "name": "Direttori di stabilimento",
            "pains": ["Perdite che nessuno sa attribuire a una macchina o a un turno"],
            "goals": ["Seguire un solo numero per turno e trovare le perdite più grandi in poche settimane"],
            "ctas": {"awareness": {"text": "Scarica la checklist OEE", "url": "https://acme.example/it/checklist/"}},
        }
    }
    root = _site(make_site, audiences=audiences, pages={"oee-it.md": PAGE_IT})
    state = build_site(root)
    variant = (root / "generated" / "oee-it" / "audiences" / "plant-managers.md").read_text()
    assert "text: Scarica la checklist OEE" in variant and "url: https://acme.example/it/checklist/" in variant
    body = variant.split("---\n\n", 1)[1]
    assert "turno" in body and all(s in PAGE_IT for s in body.strip().split(". ") if s)
    assert not (root / "generated" / "oee-it" / "audiences" / "engineers.md").exists()
    notes = [d.message for d in state.diagnostics if "'engineers'" in d.message]
    assert notes and "the page is in 'it'" in notes[0] and "translations: {it:" in notes[0]
    html = (root / "site" / "oee-it" / "index.html").read_text()
    assert "Scarica la checklist OEE" in html and "Stai leggendo come" in html
    assert '{"id":"plant-managers","name":"Direttori di stabilimento",' in html


def test_translation_needs_words_and_not_its_own_language(tmp_path: Path):
    (tmp_path / "brand").mkdir()
    (tmp_path / "brand" / "brand.yml").write_text("organization: {name: Acme, url: 'https://acme.example/'}\n")
    (tmp_path / "brand" / "audiences.yml").write_text(
        "audiences:\n  - id: a\n    name: A\n    lang: it\n    cta: {text: Go, url: /go/}\n    translations:\n"
        "      it: {pains: [x]}\n      de:\n        name: Nur ein Name\n      EN: {pains: [y]}\n"
    )
    with pytest.raises(ConfigError) as err:
        load_brand(tmp_path / "brand", tmp_path)
    text = "\n".join(f"{d.file}:{d.line}: {d.message}" for d in err.value.diagnostics)
    assert (
        "brand/audiences.yml:8: `audiences.0.translations.de`: a translation needs `pains`, `goals` or `keywords`"
        in text
    )
    assert "`audiences.0.translations.EN" in text
    (tmp_path / "brand" / "audiences.yml").write_text(
        "audiences:\n  - id: a\n    name: A\n    lang: it\n    cta: {text: Go, url: /go/}\n    translations:\n"
        "      it: {pains: [x]}\n"
    )
    with pytest.raises(ConfigError) as err:
        load_brand(tmp_path / "brand", tmp_path)
    text = "\n".join(f"{d.file}:{d.line}: {d.message}" for d in err.value.diagnostics)
    assert "brand/audiences.yml:2: `audiences.0`: `translations.it` repeats the audience's own language" in text


def test_hub_page_meets_an_audience_by_naming_it(make_site):
    """A home page rarely states a pain; a sentence that says whom it serves (the audience's name
    or role, all of it) counts, so the page gets an intro."""
    from aeoloop.tailor.intro import extractive_intro

    page = (
        "---\ntitle: Acme\naudiences: [engineers]\n---\n\nAcme sells line sensors and software for food plants.\n\n"
        "## Who uses Acme?\n\nAcme is used by process engineers and plant managers in 40 bakeries and dairies.\n\n"
        "## Products\n\nThe Acme gateway reads machine signals from up to 30 packaging lines at once.\n"
        "Acme software turns raw machine signals into availability and quality figures per line.\n"
    )
    root = _site(make_site, pages={"index.md": page})
    project = Project.load(root / "mkdocs.yml")
    loaded = project.load_pages()[0][0]
    intro = extractive_intro(loaded, project.brand.audiences["engineers"])
    assert intro.why_not is None, intro.why_not
    kinds = {m.kind: m.sentence for m in intro.sentences}
    assert kinds.get("who") == "Acme is used by process engineers and plant managers in 40 bakeries and dairies."


def test_body_reads_the_intro_as_parse_does():
    from aeoloop.tailor.variant import Variant, body, parse, render

    for v in [
        Variant("engineers", "awareness", '"><script>x</script> ---', "/a/?b=1&c=<2>", "One --- two.\n\nThree — four."),
        Variant("a", "decision", "Book\n---\na demo", "https://e.example/", "Intro with a line\n---\nin it."),
    ]:
        text = render(v)
        assert body(text) == parse(text).intro == " ".join(v.intro.split())


def test_audience_block_is_out_of_the_search_index(make_site, build_site):
    root = _site(make_site)
    build_site(root)
    index = (root / "site" / "search" / "search_index.json").read_text()
    assert "OEE" in index  # (the page is indexed; its intros are its own sentences, so only the CTAs tell)
    assert "Get the OEE checklist" not in index and "Request API access" not in index


def test_warm_cache_reuses_unchanged_pages_and_sees_an_edit(make_site, build_site):
    root = _site(make_site)
    build_site(root)
    state = build_site(root)  # the second build stores every page it staged nothing for
    cache = json.loads((root / ".aeoloop" / "tailor-cache.json").read_text())
    assert set(cache["pages"]) == {"oee.md"}
    shown = state.tailor["oee.md"]
    assert build_site(root).tailor["oee.md"] == shown  # from the cache: the same variants
    path = root / "generated" / "oee" / "audiences" / "engineers.md"
    path.write_text(path.read_text().rsplit("\n---\n", 1)[0] + "\n---\n\nA hand-written intro for engineers.\n")
    state = build_site(root)
    assert state.tailor["oee.md"]["engineers"].intro == "A hand-written intro for engineers."
    assert any("engineers.md" in d.file and "edited by hand" in d.message for d in state.diagnostics)
    again = build_site(root)  # cached with its warning: still kept, still reported
    assert again.tailor["oee.md"]["engineers"].intro == "A hand-written intro for engineers."
    assert any("engineers.md" in d.file and "edited by hand" in d.message for d in again.diagnostics)
    assert "A hand-written intro for engineers." in (root / "site" / "oee" / "index.html").read_text()


def test_intro_is_regenerated_when_the_summary_it_avoids_changes(make_site, build_site):
    """The extractive intro avoids the page summary's sentences, so a new summary without a source
    change (a person locks an edited summary, or the summary code changes) must not keep an intro
    that now repeats it."""
    from aeoloop.text import split_sentences

    root = _site(make_site)
    build_site(root)
    folder = root / "generated" / "oee"
    variant = folder / "audiences" / "plant-managers.md"
    before = variant.read_text()
    first = split_sentences(before.split("---\n", 2)[2].strip())[0]
    manifest = json.loads((folder / "manifest.json").read_text())
    key = manifest["audiences"]["plant-managers"]["key"]
    # the summary now says what the intro's first sentence says; locked, so the build keeps it
    (folder / "summary.md").write_text(first + "\n", encoding="utf-8")
    manifest["artifacts"]["summary.md"]["status"] = "locked"
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    build_site(root)
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["audiences"]["plant-managers"]["key"] != key
    assert first not in variant.read_text()


def _normalised(text: str) -> str:
    return " ".join(text.lower().split()).rstrip(".!?;: ")


def test_intro_repeats_neither_the_summary_nor_a_takeaway(make_site, build_site):
    """An audience intro is read right above the summary box and its key takeaways: a sentence the
    reader meets again a few lines below is wasted. On this page the best match for the plant
    managers' pain is a takeaway's sentence."""
    from aeoloop.text import split_sentences

    root = _site(make_site)
    state = build_site(root)
    art = state.results["oee.md"].artifacts
    assert art.takeaways, "the page has key takeaways"
    avoided = [_normalised(s) for s in split_sentences(art.summary)] + [
        _normalised(s) for t in art.takeaways for s in split_sentences(t)
    ]
    shown = state.tailor["oee.md"]
    assert shown, "the page has intros"
    for variant in shown.values():
        for sentence in split_sentences(variant.intro):
            n = _normalised(sentence)
            assert not any(n == a or n in a or a in n for a in avoided), (variant.audience, sentence)


def test_extractive_intro_skips_a_takeaway_worded_differently_only_in_case_and_stop(tmp_path):
    """The avoided texts match whatever their case, spacing and final full stop, and a sentence
    that a takeaway quotes within a longer one is avoided too."""
    from aeoloop.brand import Audience
    from aeoloop.page import load_page
    from aeoloop.tailor.intro import extractive_intro

    text = (
        "# Spare parts\n\nUnplanned stops of the filler cost the plant two shifts of output every month. "
        "A spare parts plan keeps the critical bearings on the shelf before the filler stops. "
        "Planned stops of the capper are scheduled with the supplier every quarter. "
        "Operators log each stop of the capper with its cause and its duration.\n"
    )
    (tmp_path / "spares.md").write_text(text, encoding="utf-8")
    page, _ = load_page(tmp_path / "spares.md", "spares.md")
    assert page is not None
    audience = Audience(
        id="plant",
        name="Plant managers",
        pains=["Unplanned stops of the filler that cost output"],
        goals=["Critical bearings on the shelf with a spare parts plan"],
        cta={"text": "Talk to us", "url": "https://acme.example/"},
    )
    free = extractive_intro(page, audience)
    assert "Unplanned stops of the filler" in free.text and "spare parts plan" in free.text
    avoid = {"unplanned stops of the filler cost the plant two shifts of output every month"}
    avoided = extractive_intro(page, audience, avoid=avoid)
    assert "Unplanned stops of the filler" not in avoided.text
    longer = {"Key point: a spare parts plan keeps the critical bearings on the shelf before the filler stops, always."}
    assert "spare parts plan" not in extractive_intro(page, audience, avoid=longer).text
