"""Tailor in a real browser: headless Chromium (Debian's ``chromium``) driven over the DevTools
protocol (tests/cdp.py, a pipe: nothing downloaded), on a site built by ``aeoloop`` and served
over HTTP from 127.0.0.1.

What a visitor gets: ``?for=<audience>`` (or ``utm_content=``) swaps intro and CTA, the choice
holds on the next page, with JavaScript off the page is the canonical one, no console errors, no
request leaves the site, the switcher works from the keyboard, and hostile ``?for=`` or stored
values change nothing.
"""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest

from cdp import Browser, chromium_binary
from test_tailor import _site, oee_page

pytestmark = pytest.mark.skipif(
    chromium_binary() is None, reason="chromium is not installed (Debian package `chromium`)"
)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """A three-page site (two with two audiences, one with none), built once for the module with
    ``site_url`` = the local server, so every request of the site's own stays on one origin."""
    import conftest

    from aeoloop.build import run_build
    from aeoloop.project import Project

    tmp = tmp_path_factory.mktemp("browser")
    site = tmp / "project" / "site"
    site.mkdir(parents=True)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        make_site = conftest.make_site.__wrapped__(tmp)
        page = oee_page().replace(
            "keywords: [OEE, downtime]", "keywords: [OEE, downtime]\naudiences: [plant-managers, engineers]"
        )
        more = (
            "---\ntitle: More about OEE\naudiences: [plant-managers, engineers]\n---\n\n"
            + oee_page().split("---\n", 2)[2]
        )
        plain = "---\ntitle: Lunch\n---\n\nThe canteen serves soup on Mondays and fish on Fridays. Coffee is free all day long.\n"
        # Material loads Roboto from Google Fonts unless told not to: a site that promises no
        # third-party request sets `font: false` (the example and `aeoloop new` do)
        config = {"site_url": base, "theme": {"name": "material", "features": ["navigation.prune"], "font": False}}
        root = _site(
            lambda pages, options=None: make_site(pages, options=options, config=config),
            pages={"oee.md": page, "more.md": more, "lunch.md": plain},
            options={"verify": "warn"},
        )
        run_build(Project.load(root / "mkdocs.yml"))
        assert (site / "oee" / "index.html").is_file()  # (published into the folder being served)
        yield root, base
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def browser(tmp_path):
    with Browser(tmp_path / "profile") as b:
        yield b


def _variant(root: Path, page: str, audience: str) -> tuple[str, str]:
    """(intro, CTA text) of a generated variant file."""
    import yaml

    text = (root / "generated" / page / "audiences" / f"{audience}.md").read_text()
    head, body = text[4:].split("\n---\n", 1)
    return " ".join(body.split()), yaml.safe_load(head)["cta"]["text"]


STATE = (
    "(function(){var r=document.getElementById('aeoloop-tailor'),i=r.querySelector('.aeoloop-tailor-intro'),"
    "a=r.querySelector('.aeoloop-tailor-cta a'),s=r.querySelector('.aeoloop-tailor-switch');"
    "return {audience:r.getAttribute('data-audience'),intro:i.textContent,introHidden:i.hidden,cta:a.textContent,"
    "href:a.getAttribute('href'),switchHidden:s?s.hidden:null,select:s?s.querySelector('select').value:null,"
    "imgs:document.querySelectorAll('#aeoloop-tailor img, #aeoloop-tailor script').length,"
    "stored:(function(){try{return localStorage.getItem('aeoloop-audience')}catch(e){return 'n/a'}})()};})()"
)


def _errors(page) -> list[str]:
    """Console errors and warnings of a page: there must be none. (Material 9.x used to log a 404
    for ``<page>/sitemap.xml`` on every page, taking the Markdown mirror's ``rel="alternate"`` for a
    language version; aeoloop now writes ``rel="alternate "``, which its selector does not match.)"""
    return list(page.errors)


def _outside(requests: list[str], base: str) -> list[str]:
    """Requests that leave the site (data: URLs are inline)."""
    return [u for u in requests if not u.startswith("data:") and urlsplit(u).netloc != urlsplit(base).netloc]


def test_for_swaps_intro_and_cta_and_holds_on_the_next_page(served, browser):
    root, base = served
    intro, cta = _variant(root, "oee", "engineers")
    page = browser.page()
    page.goto(base + "oee/?for=engineers")
    state = page.eval(STATE)
    assert state["audience"] == "engineers" and state["select"] == "engineers" and state["stored"] == "engineers"
    assert (state["intro"], state["introHidden"], state["cta"], state["href"]) == (intro, False, cta, "/developers/")
    assert state["switchHidden"] is False
    # the next page, no query: the same audience, from localStorage
    page.goto(base + "more/")
    state = page.eval(STATE)
    more_intro, _ = _variant(root, "more", "engineers")
    assert (state["audience"], state["intro"], state["cta"]) == ("engineers", more_intro, cta)
    # a page without audiences is untouched and does not fail
    page.goto(base + "lunch/")
    assert page.eval("document.getElementById('aeoloop-tailor')") is None
    # utm_content works as ?for= does (campaign links as they are), and wins over the stored choice
    page.goto(base + "oee/?utm_source=newsletter&utm_medium=email&utm_content=plant-managers")
    state = page.eval(STATE)
    assert state["audience"] == "plant-managers" and state["stored"] == "plant-managers"
    assert state["cta"] == _variant(root, "oee", "plant-managers")[1]
    assert _errors(page) == []
    assert _outside(page.requests, base) == []
    assert any(u.startswith(base + "oee/") for u in page.requests)  # (the log is real)
    # Material fetches the site's own sitemap only, none beside the Markdown mirror's link
    assert {u for u in page.requests if u.endswith("/sitemap.xml")} <= {base + "sitemap.xml"}


def test_without_javascript_the_page_is_the_canonical_one(served, browser):
    root, base = served
    page = browser.page(javascript=False)
    page.goto(base + "oee/?for=engineers")
    # the DOM as served: the script did not run
    state = page.eval(
        STATE.replace(
            "(function(){try{return localStorage.getItem('aeoloop-audience')}catch(e){return 'n/a'}})()", "null"
        )
    )
    assert state["audience"] is None and state["introHidden"] is True and state["intro"] == ""
    assert (state["cta"], state["href"]) == (
        "Get the OEE checklist",
        "https://acme.example/checklist/",
    )  # main audience's
    assert state["switchHidden"] is None  # a switcher that cannot work is not there
    visible = page.eval("document.querySelector('article').innerText")
    engineers, _ = _variant(root, "oee", "engineers")
    assert engineers not in visible and "Get the OEE checklist" in visible
    assert page.eval("document.querySelector('h1').getBoundingClientRect().height") > 0
    assert _errors(page) == []
    assert _outside(page.requests, base) == []


def test_switcher_works_from_the_keyboard(served, browser):
    root, base = served
    page = browser.page()
    page.goto(base + "oee/")
    assert page.eval(STATE)["audience"] is None
    assert page.eval("document.querySelector('#aeoloop-tailor select').labels[0].textContent") == "Reading as"
    for _ in range(80):  # Tab through the page as a keyboard user would, until the switcher has focus
        page.key("Tab", "Tab", 9)
        if page.eval("document.activeElement && document.activeElement.id") == "aeoloop-tailor-for":
            break
    else:
        pytest.fail("the audience switcher is not reachable with Tab")
    page.key("ArrowDown", "ArrowDown", 40)
    state = page.eval(STATE)
    intro, cta = _variant(root, "oee", "plant-managers")
    assert (state["audience"], state["intro"], state["cta"], state["stored"]) == (
        "plant-managers",
        intro,
        cta,
        "plant-managers",
    )
    page.key("ArrowUp", "ArrowUp", 38)  # back to "Everyone": the default page, the choice forgotten
    state = page.eval(STATE)
    assert state["audience"] is None and state["introHidden"] is True and state["stored"] is None
    assert state["cta"] == "Get the OEE checklist"
    assert _errors(page) == []


HOSTILE = [
    '"><img src=x onerror=alert(1)>',
    "</script><script>alert(1)</script>",
    "__proto__",
    "constructor",
    "hasOwnProperty",
    "toString",
    "engineers ",
    "ENGINEERS",
    "engineers<",
    "javascript:alert(1)",
    "x" * 5000,
]


@pytest.mark.parametrize("field", ["for", "utm_content"])
def test_hostile_values_change_nothing(served, browser, field):
    root, base = served
    page = browser.page()
    dialogs = len(browser.events)
    for value in HOSTILE:
        page.goto(f"{base}oee/?{field}={quote(value, safe='')}")
        state = page.eval(STATE)
        assert state["audience"] is None and state["introHidden"] is True and state["imgs"] == 0, value
        assert state["stored"] is None and state["cta"] == "Get the OEE checklist", value
    # a poisoned localStorage value is ignored as well
    page.eval("localStorage.setItem('aeoloop-audience', '__proto__')")
    page.goto(base + "oee/")
    assert page.eval(STATE)["audience"] is None
    assert not [e for e in browser.events[dialogs:] if e["method"] == "Page.javascriptDialogOpening"]
    assert _errors(page) == []
    assert _outside(page.requests, base) == []


def test_an_intro_experiment_lead_is_not_shown_twice_with_its_audience_intro(
    make_site, build_site, browser, tmp_path, monkeypatch
):
    """An intro experiment publishes an audience's intro as the lead under the H1; a visitor who
    picks that audience sees the intro once (the lead steps aside), and the lead is back for
    everyone; another audience's different intro leaves the lead alone."""
    import datetime as dt

    import yaml
    from click.testing import CliRunner

    from aeoloop.cli import main

    config = {"theme": {"name": "material", "features": ["navigation.prune"], "font": False}}  # no Google Fonts
    root = _site(
        lambda pages, options=None: make_site(pages, options=options, config=config), options={"verify": "warn"}
    )
    build_site(root)
    out = CliRunner().invoke(
        main,
        [
            "experiment",
            "start",
            "-f",
            str(root / "mkdocs.yml"),
            "oee.md",
            "--element",
            "intro",
            "--variants",
            "3",
            "--start",
            "2026-01-05",
        ],
    )
    assert out.exit_code == 0, out.output
    data = yaml.safe_load((root / "experiments" / "oee--intro.yml").read_text())
    intro, _ = _variant(root, "oee", "plant-managers")
    other, _ = _variant(root, "oee", "engineers")
    name = next(n for n, text in data["variants"].items() if text == intro)
    day = next(p["from"] for p in data["schedule"] if p["variant"] == name)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(dt.datetime.fromisoformat(f"{day}T12:00:00+00:00").timestamp())))
    build_site(root)
    served = root / "site"
    assert '<p class="aeoloop-lead">' in (served / "oee" / "index.html").read_text()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(served)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    visible = "document.querySelector('article').innerText.split({!r}).length - 1"
    try:
        page = browser.page()
        page.goto(base + "oee/")
        assert page.eval(visible.format(intro)) == 1  # the lead, for everyone
        page.goto(base + "oee/?for=plant-managers")
        assert page.eval(STATE)["intro"] == intro
        assert page.eval(visible.format(intro)) == 1  # once, not twice
        page.goto(base + "oee/?for=engineers")
        assert page.eval(visible.format(other)) == 1 and page.eval(visible.format(intro)) == 1
        page.eval("localStorage.removeItem('aeoloop-audience')")
        page.goto(base + "oee/")
        assert page.eval(visible.format(intro)) == 1
        assert _errors(page) == []
    finally:
        server.shutdown()
        server.server_close()
