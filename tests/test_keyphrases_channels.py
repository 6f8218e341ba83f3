"""Keyphrases as entities on pages the glossary does not cover, and channel derivatives that
degrade gracefully: unit tests on written-out sentences, then a real site made with `aeoloop new`,
an empty glossary and pages of prose, built with the CLI."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from aeoloop.amplify.channels.config import NewsletterOptions
from aeoloop.amplify.channels.limits import weighted_length, words
from aeoloop.amplify.channels.points import clean, leans_on_unseen, refers_to_unseen, speakable
from aeoloop.amplify.keyphrases import is_keyphrase, keyphrases, singular, variant_key
from aeoloop.cli import main
from aeoloop.brand import Term
from aeoloop.page import load_page
from aeoloop.settings import KeyphrasesOptions

BOT_PAGE = """---
title: Filter bot traffic from your reports
---

Bot traffic inflates visitor counts and hides what real people do on your site. The analytics
script ignores known crawlers by their user agent, and the server drops requests from data
centre IP ranges before they reach your reports.

## How the bot filter works

The bot filter compares every request with a list of crawler user agents that is updated every
week. Requests from data centre IP ranges are dropped as well, because real visitors rarely browse
from a cloud server. The filter runs before a pageview is stored, so filtered requests never
appear in your reports.

## Why do bot visits still show up?

Some scrapers pretend to be a desktop browser and send a normal user agent. Bot visits of this
kind show a bounce rate close to 100% and a visit duration of zero seconds. Add the scraper's IP
range to the block list in the site settings to drop its requests.

## Block list limits

Each site can hold up to 500 entries in its block list. An entry is a single IP address or an IP
range written in CIDR notation, such as `203.0.113.0/24`. Changes to the block list apply to new
requests within a minute.

```js
window.analytics.ignoreBots({ userAgent: true })
```
"""


def page_from(tmp_path: Path, text: str, name: str = "bots.md"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    page, diags = load_page(path, name)
    assert page is not None, diags
    return page


# -- keyphrases ---------------------------------------------------------------------------------


def test_keyphrases_name_the_subjects_without_junk(tmp_path):
    page = page_from(tmp_path, BOT_PAGE)
    found = keyphrases(page, glossary=[], found=[], options=KeyphrasesOptions())
    names = [e.name for e in found]
    assert found and all(is_keyphrase(e) for e in found)
    assert "bot traffic" in [n.lower() for n in names] or "bot filter" in [n.lower() for n in names], names
    assert any(e.role == "about" for e in found)
    stop = {"the", "your", "this", "of", "to", "a", "and", "every"}
    for name in names:
        low = name.lower().split()
        assert low[0] not in stop and low[-1] not in stop, name
        assert not re.search(r"[`<>{}()\[\]/=_.]|\d", name), name  # no markup, code or numbers
        assert low[0] not in {"add", "drop", "send", "filter"}, name  # a task is not a subject
        assert "ignorebots" not in name.lower() and "useragent" not in name.lower()
    keys = [variant_key(n) for n in names]
    assert len(keys) == len(set(keys))  # one phrase per case/plural variant


def test_keyphrases_are_deterministic_and_count_plural_variants(tmp_path):
    page = page_from(tmp_path, BOT_PAGE)
    first = keyphrases(page, glossary=[], found=[], options=KeyphrasesOptions())
    assert first == keyphrases(page, glossary=[], found=[], options=KeyphrasesOptions())
    assert singular("properties") == "property" and singular("address") == "address" and singular("visits") == "visit"
    lists = {e.name.lower(): e.count for e in first}
    if "block list" in lists:
        assert lists["block list"] >= 3  # "block list" counted in every sentence that says it


def test_glossary_is_the_authority(tmp_path):
    page = page_from(tmp_path, BOT_PAGE)
    term = Term(name="Bot traffic", type="DefinedTerm")
    found = keyphrases(page, glossary=[term], found=[], options=KeyphrasesOptions())
    for e in found:
        assert not ({"bot", "traffic"} <= set(variant_key(e.name)) or set(variant_key(e.name)) <= {"bot", "traffic"}), (
            e.name
        )
    assert keyphrases(page, glossary=[], found=[], options=KeyphrasesOptions(enabled=False)) == []


def test_unsupported_language_says_so(tmp_path):
    page = page_from(tmp_path, "---\nlang: eo\ntitle: Saluton\n---\n\n" + "La vortaro estas granda kaj bela. " * 20)
    notes: list[str] = []
    assert keyphrases(page, glossary=[], found=[], options=KeyphrasesOptions(), notes=notes) == []
    assert notes and "eo" in notes[0]


# -- points a channel can say on their own ------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "This was by far the hardest thing to figure out.",
        "The above recipe works fine for small tables.",
        "These features are available but are not enabled by default.",
        "It then re-includes the test that has the tag.",
        "As mentioned, the import runs in the background.",
    ],
)
def test_sentences_that_lean_on_unseen_text(text):
    assert leans_on_unseen(text, "en") and refers_to_unseen(text, "en")


@pytest.mark.parametrize(
    "text",
    [
        "If the chart spikes overnight, run through these steps to confirm that the visits are automated.",
        "To add a second property, go through the process above again and pick the other property.",
        "The options are explained below, one per setting.",
    ],
)
def test_sentences_that_point_at_unseen_text_inside(text):
    assert not leans_on_unseen(text, "en") and refers_to_unseen(text, "en")


@pytest.mark.parametrize(
    "text",
    [
        "The bot filter compares every request with a list of crawler user agents.",
        "Thresholds for vibration alarms come from ISO 20816.",
        "Theme colours follow the brand file.",  # "Theme" is not "The"
    ],
)
def test_sentences_that_stand_alone(text):
    assert not refers_to_unseen(text, "en")


def test_speakable_drops_paths_urls_and_markup():
    text = "A typical funnel: pricing page (/pricing), sign-up page (/register) and the dashboard (/app)."
    assert speakable(text) == "A typical funnel: pricing page, sign-up page and the dashboard."
    assert speakable("Read `mix test` docs at https://example.com/docs now.") == "Read mix test docs at now."
    assert not clean("Enter yourdomain.com in the Domain field.")
    assert clean("Next.js sites load the script from the layout.")


# -- newsletter unsubscribe -----------------------------------------------------------------------


def test_unsubscribe_setting_accepts_merge_tags_and_urls_only():
    assert NewsletterOptions().unsubscribe_url == "*|UNSUB|*"
    for ok in ("{{ unsubscribe_url }}", "https://news.example.com/unsubscribe", "mailto:leave@example.com", None):
        assert NewsletterOptions(unsubscribe_url=ok).unsubscribe_url == ok
    for bad in ("javascript:alert(1)", "click here", '"><script>'):
        with pytest.raises(ValueError):
            NewsletterOptions(unsubscribe_url=bad)


# -- a real site without a glossary ---------------------------------------------------------------

SHORT_NOTE = """# Rotate the signing key without downtime

The signing key of the API can be rotated while clients keep working. A new key is added next to
the old one, and tokens signed with either key are accepted for 24 hours. After that window the
old key is removed and only tokens signed with the new key pass. Clients that refresh their tokens
daily never notice the change. Rotating the signing key once a quarter limits what a leaked key
can sign.
"""

TABLE_ONLY = """# Release matrix

| Version | Support |
| --- | --- |
| 3.x | active |
| 2.x | security fixes |
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("kp") / "site"
    runner = CliRunner()
    result = runner.invoke(main, ["new", str(root), "--name", "Northwind", "--url", "https://docs.northwind.example/"])
    assert result.exit_code == 0, result.output
    (root / "brand" / "glossary.yml").write_text("terms: []\n", encoding="utf-8")
    (root / "content" / "bots.md").write_text(BOT_PAGE, encoding="utf-8")
    (root / "content" / "signing-key.md").write_text(SHORT_NOTE, encoding="utf-8")
    (root / "content" / "matrix.md").write_text(TABLE_ONLY, encoding="utf-8")
    result = runner.invoke(main, ["build", "-f", str(root / "mkdocs.yml")])
    assert result.exit_code == 0, result.output
    return root, result.output


CHANNEL_FILES = [
    "ai-answer.md",
    "linkedin-post.md",
    "linkedin-carousel.md",
    "linkedin-carousel.pdf",
    "x-thread.md",
    "short-video-script.md",
    "newsletter.html",
    "newsletter.txt",
]


@pytest.mark.parametrize("slug", ["bots", "signing-key"])
def test_pages_without_a_glossary_get_entities_and_every_channel(site, slug):
    root, _ = site
    folder = root / "generated" / slug
    entities = json.loads((folder / "entities.json").read_text(encoding="utf-8"))
    assert entities and all(e["key"].startswith("keyphrase:") for e in entities)
    for name in CHANNEL_FILES:
        assert (folder / "channels" / name).is_file(), (slug, name)

    html = (root / "site" / slug / "index.html").read_text(encoding="utf-8")
    graphs = [json.loads(m) for m in re.findall(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html, re.S)]
    article = next(n for g in graphs for n in g["@graph"] if n.get("@type") == "Article")
    things = article.get("about", []) + article.get("mentions", [])
    assert things and {t["@type"] for t in things} <= {"Thing", "DefinedTerm"}
    assert article["keywords"] and entities[0]["name"] in article["keywords"]

    post = (folder / "channels" / "linkedin-post.md").read_text(encoding="utf-8")
    tags = [t for t in post.strip().splitlines()[-1].split() if t.startswith("#")]
    assert tags and len(tags) <= 5 and len(post) <= 3000

    thread = (folder / "channels" / "x-thread.md").read_text(encoding="utf-8").strip().split("\n\n")
    assert 3 <= len(thread) <= 10 and all(weighted_length(p) <= 280 for p in thread)
    assert "utm_source=x" in thread[-1]
    for post in thread[1:-1]:
        assert not leans_on_unseen(re.sub(r"^\d+/\d+ ", "", post), "en"), post

    script = (folder / "channels" / "short-video-script.md").read_text(encoding="utf-8")
    spoken = [line.split(": ", 1)[1] for line in script.splitlines() if line.startswith(("Voiceover: ", "On screen: "))]
    assert spoken and all(clean(s.rstrip()) or s.startswith("docs.northwind.example") for s in spoken), spoken
    assert "(/" not in script and "`" not in script

    scaffold = (root / "brand" / "channels.yml").read_text(encoding="utf-8")
    assert (
        'unsubscribe_url: "*|UNSUB|*"' in scaffold and '"{{ unsubscribe_url }}"' in scaffold
    )  # documented where it is set
    txt = (folder / "channels" / "newsletter.txt").read_text(encoding="utf-8")
    html_mail = (folder / "channels" / "newsletter.html").read_text(encoding="utf-8")
    assert "Unsubscribe: *|UNSUB|*" in txt and 'href="*|UNSUB|*"' in html_mail


def test_short_page_gets_shorter_derivatives_and_says_so(site):
    root, output = site
    thread = (root / "generated" / "signing-key" / "channels" / "x-thread.md").read_text(encoding="utf-8")
    assert words(thread) > 20
    assert "channel x-thread not written" not in output.split("signing-key")[0][-200:]


def test_page_with_nothing_to_say_is_reported_with_the_reason(site):
    root, output = site
    assert not (root / "generated" / "matrix" / "channels" / "x-thread.md").exists()
    assert "matrix.md" in output and "not written" in output


@pytest.mark.parametrize(
    "value, html_href, text_line",
    [
        (
            "<%asm_group_unsubscribe_raw_url%>",
            'href="<%asm_group_unsubscribe_raw_url%>"',
            "Unsubscribe: <%asm_group_unsubscribe_raw_url%>",
        ),
        (
            "https://news.acme.example/leave?list=3&u=x",
            'href="https://news.acme.example/leave?list=3&amp;u=x"',
            "Unsubscribe: https://news.acme.example/leave?list=3&u=x",
        ),
    ],
)
def test_unsubscribe_link_from_channels_yml(make_site, build_site, value, html_href, text_line):
    root = make_site()
    (root / "brand" / "channels.yml").write_text(
        f"channels:\n  newsletter:\n    unsubscribe_url: '{value}'\n", encoding="utf-8"
    )
    build_site(root)
    folder = root / "generated" / "oee" / "channels"
    assert html_href in (folder / "newsletter.html").read_text(
        encoding="utf-8"
    )  # a merge tag reaches the service as written
    assert text_line in (folder / "newsletter.txt").read_text(encoding="utf-8")


def test_unsubscribe_link_can_be_left_to_the_service(make_site, build_site):
    root = make_site()
    (root / "brand" / "channels.yml").write_text(
        "channels:\n  newsletter:\n    unsubscribe_url: null\n", encoding="utf-8"
    )
    build_site(root)
    folder = root / "generated" / "oee" / "channels"
    assert "Unsubscribe" not in (folder / "newsletter.txt").read_text(encoding="utf-8")
    assert "Unsubscribe" not in (folder / "newsletter.html").read_text(encoding="utf-8")
