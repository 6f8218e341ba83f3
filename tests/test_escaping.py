"""Escaping by output type: hostile text in every writer and config field, a real build, and
every output file scanned for live tags, handlers and dangerous links (tests/hostile_scan.py).

Covers defect 9 (site_name/site_description reach Material's templates unescaped), defect 10
(front matter, brand text and generated text live in .md mirrors and llms files) and the URL
part of defect 11 (javascript:/file: images copied into JSON-LD).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from click.testing import CliRunner

from aeoloop.escaping import html_fragment, html_text, md_link_text, md_text, plain, web_url
from aeoloop.scaffold import create_site

from conftest import PAGE_OEE
from hostile_scan import scan_markdown, scan_tree

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(2)>",
    "</script><!--<script",
    "javascript:alert(3)",
    "{{ config }}",
    "${alert(4)}",
    '"><svg onload=alert(5)>',
    "[x](javascript:alert(6))",
]
HOSTILE = " ".join(PAYLOADS)


def _jsonld(html: str) -> list[dict]:
    soup = BeautifulSoup(html, "html.parser")
    return [json.loads(s.get_text()) for s in soup.find_all("script", type="application/ld+json")]


def _url_values(value: object, key: str = "") -> list[str]:
    if isinstance(value, dict):
        return [u for k, v in value.items() for u in _url_values(v, k)]
    if isinstance(value, list):
        return [u for v in value for u in _url_values(v, key)]
    if isinstance(value, str) and key in (
        "url",
        "image",
        "logo",
        "item",
        "sameAs",
        "@id",
        "contentUrl",
        "thumbnailUrl",
    ):
        return [value]
    return []


def _hostile_project(root: Path) -> Path:
    create_site(root, name=HOSTILE, site_url="https://www.example.com/")
    cfg = yaml.safe_load((root / "mkdocs.yml").read_text())
    cfg["site_description"] = "Guides " + HOSTILE
    cfg["site_author"] = HOSTILE
    cfg["copyright"] = (
        '&copy; 2026 <a href="https://www.example.com/" onclick="alert(7)">Us</a>'
        '<script>alert(8)</script><a href="javascript:alert(9)">x</a> ' + HOSTILE
    )
    cfg["repo_url"] = 'https://github.com/x/y"onmouseover="alert(10)'
    cfg["repo_name"] = HOSTILE
    cfg["extra"] = {
        "scope": '"</script><script>alert(11)</script>',
        "status": {"new": HOSTILE},
        "consent": {"title": HOSTILE, "description": 'Cookies <a href="https://x.example/">info</a>' + HOSTILE},
        "social": [{"icon": "fontawesome/brands/github", "link": "https://github.com/x", "name": HOSTILE}],
    }
    cfg["nav"] = [
        {HOSTILE: "index.md"},
        {
            "Guides " + PAYLOADS[1]: [
                {PAYLOADS[0]: "guides/getting-started.md"},
                {"OEE " + PAYLOADS[5]: "guides/oee.md"},
            ]
        },
    ]
    (root / "mkdocs.yml").write_text(yaml.safe_dump(cfg, sort_keys=False, allow_unicode=True))

    brand = yaml.safe_load((root / "brand" / "brand.yml").read_text())
    org = brand["organization"]
    org.update(legal_name=HOSTILE, description="We help. " + HOSTILE)
    brand["authors"][0].update(name="Ada " + PAYLOADS[1], job_title=HOSTILE, bio=HOSTILE)
    (root / "brand" / "brand.yml").write_text(yaml.safe_dump(brand, sort_keys=False, allow_unicode=True))
    glossary = yaml.safe_load((root / "brand" / "glossary.yml").read_text())
    glossary["terms"].append(
        {"name": "OEE", "aliases": ["overall equipment effectiveness"], "type": "DefinedTerm", "description": HOSTILE}
    )
    (root / "brand" / "glossary.yml").write_text(yaml.safe_dump(glossary, sort_keys=False, allow_unicode=True))
    audiences = yaml.safe_load((root / "brand" / "audiences.yml").read_text())
    audiences["audiences"][0].update(name=HOSTILE, description=HOSTILE, pains=[HOSTILE], goals=[HOSTILE])
    audiences["audiences"][0]["cta"]["text"] = HOSTILE
    (root / "brand" / "audiences.yml").write_text(yaml.safe_dump(audiences, sort_keys=False, allow_unicode=True))
    (root / "brand" / "channels.yml").write_text(
        yaml.safe_dump(
            {
                "version": 1,
                "publish": True,
                "utm": {"campaign": "c<script>alert(12)</script>"},
                "hashtags": {"extra": ["Safe", "AlsoSafe"]},
            }
        )
    )

    # front matter, headings and body: text fields hold raw payloads; in Markdown they are written
    # the ways a writer shows markup as text (inline code, entities, backslash escapes, fences)
    page = PAGE_OEE.replace("title: What is OEE?", "title: " + json.dumps("What is OEE? " + HOSTILE))
    page = page.replace(
        "description: OEE measures how much of planned production time is truly productive.",
        "description: " + json.dumps("OEE measures productive time. " + HOSTILE) + '\nimage: "javascript:alert(13)"\n'
        "summary: " + json.dumps("OEE is availability times performance times quality. " + HOSTILE) + "\n"
        "takeaways: " + json.dumps(["Track it daily. " + HOSTILE, "Count losses honestly."]) + "\n"
        "faq:\n  - question: "
        + json.dumps("Is " + PAYLOADS[1] + " safe?")
        + "\n    answer: "
        + json.dumps("Yes, shown as text: " + HOSTILE),
    )
    page = page.replace("authors: [ada]\n", "")
    page = page.replace("keywords: [OEE, downtime]", "keywords: " + json.dumps(["OEE", HOSTILE]))
    page = page.replace("## Why OEE matters", "## Why `<script>alert(14)</script>` matters")
    page = page.replace("## Common mistakes", "## What is &lt;img src=x onerror=alert(15)&gt;?")
    page = page.replace(
        "It multiplies availability, performance and quality into one percentage.",
        "It multiplies availability, performance and quality into one percentage, written `<img src=x onerror=alert(16)>` "
        "or &lt;script&gt;alert(17)&lt;/script&gt;.",
    )
    page += "\n```html\n<script>alert(19)</script>\n```\n"
    (root / "content" / "guides" / "oee.md").write_text(page)
    (root / "reports").mkdir(exist_ok=True)
    (root / "reports" / "citations.csv").write_text(
        "date,engine,prompt,cited_url\n"
        f"2026-10-05,ChatGPT,{json.dumps(HOSTILE)},https://www.example.com/guides/oee/\n"
        "2026-10-05,ChatGPT,p,javascript:alert(20)\n"
        "2026-10-05,ChatGPT,p,https://[www.example.com/x\n"
    )
    return root


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory: pytest.TempPathFactory):
    from aeoloop.build import run_build
    from aeoloop.project import Project

    root = _hostile_project(tmp_path_factory.mktemp("hostile") / "site-project")
    state = run_build(Project.load(root / "mkdocs.yml"))
    return root, state


def test_hostile_site_has_no_live_tag_or_handler_in_any_output(hostile_build):
    root, state = hostile_build
    assert (root / "site" / "index.html").exists()
    n_site, site_findings = scan_tree(root / "site", "site/")
    channels = [p for p in (root / "generated").rglob("channels") if p.is_dir()]
    assert channels, "no channel derivatives were written"
    n_channels, channel_findings = 0, []
    for folder in channels:
        n, found = scan_tree(folder, folder.relative_to(root).as_posix() + "/")
        n_channels += n
        channel_findings += found
    assert n_site >= 8 and n_channels >= 2
    assert [str(f) for f in site_findings + channel_findings] == []


def test_hostile_text_is_shown_as_text(hostile_build):
    root, _ = hostile_build
    html = (root / "site" / "guides" / "oee" / "index.html").read_text()
    soup = BeautifulSoup(html, "html.parser")
    assert HOSTILE in soup.find("title").get_text() or PAYLOADS[0] in soup.find("title").get_text()
    header = soup.select_one(".md-header__topic .md-ellipsis").get_text().strip()
    assert header == HOSTILE  # the site name, as text, escaped exactly once
    assert soup.find("meta", attrs={"name": "description"})["content"].startswith(
        "OEE measures productive time. <script>"
    )
    assert "&amp;amp;" not in html and "&amp;lt;" not in html  # nothing escaped twice
    graph = {n.get("@type") if isinstance(n.get("@type"), str) else "": n for g in _jsonld(html) for n in g["@graph"]}
    assert graph["WebSite"]["name"] == HOSTILE  # JSON-LD holds the raw text, safely serialised
    urls = _url_values(_jsonld(html))
    assert urls and all(u.startswith("https://") for u in urls), urls
    mirror = (root / "site" / "guides" / "oee" / "index.html.md").read_text()
    assert mirror.startswith("# What is OEE? &lt;script&gt;alert(1)&lt;/script&gt;")


def test_hostile_image_url_warned_with_file_and_line(hostile_build):
    _, state = hostile_build
    messages = [str(d) for d in state.diagnostics]
    assert any(
        re.match(r"content/guides/oee\.md:\d+: warning: front matter `image`: 'javascript:alert\(13\)'", m)
        for m in messages
    ), messages


def test_new_site_with_hostile_name_has_no_live_handler(tmp_path: Path):
    """The repro of defect 9: `aeoloop new x --name "<img src=x onerror=alert(1)>"`, then build."""
    from aeoloop.cli import main

    root = tmp_path / "x"
    result = CliRunner().invoke(main, ["new", str(root), "--name", "<img src=x onerror=alert(1)>"])
    assert result.exit_code == 0, result.output
    result = CliRunner().invoke(main, ["build", "-f", str(root / "mkdocs.yml")])
    assert result.exit_code == 0, result.output
    n, findings = scan_tree(root / "site", "site/")
    assert n >= 5 and [str(f) for f in findings] == []
    assert (
        "<img src=x onerror=alert(1)>"
        in BeautifulSoup((root / "site" / "index.html").read_text(), "html.parser").get_text()
    )


def test_normal_name_with_ampersand_is_escaped_once(make_site, build_site):
    root = make_site(
        {
            "index.md": "---\ntitle: R&D at Smith & Co\n---\n\nSmith & Co does research and development for factories "
            "in a way that answer engines can quote, with numbers and sources on every page.\n"
        },
        config={
            "site_name": "Smith & Co",
            "site_description": 'R&D "notes" for <factories>',
            "copyright": "&copy; Smith &amp; Co",
        },
    )
    build_site(root, verify=False)
    html = (root / "site" / "index.html").read_text()
    assert "Smith &amp; Co" in html and "&amp;amp;" not in html
    assert 'title="Smith &amp; Co"' in html  # Material's own `| e` leaves the escaped value alone
    soup = BeautifulSoup(html, "html.parser")
    content = soup.find("meta", attrs={"name": "description"})["content"]
    assert content.startswith("Smith & Co does research") and "&amp;" not in content
    assert "© Smith &amp; Co" in html or "&copy; Smith &amp; Co" in html
    llms = (root / "site" / "llms.txt").read_text()
    assert llms.startswith("# Smith & Co\n")


def test_text_safe_on_the_page_stays_text_in_the_mirror(make_site, build_site):
    body = (
        "---\ntitle: Escaping in templates\n---\n\nTemplates print `<script>alert(1)</script>` as text when they escape, "
        "and &lt;img src=x onerror=alert(2)&gt; stays text too, so the summary quotes both without running anything at all. "
        "This matters for every page that documents markup.\n\n## Why escaping matters\n\nEscaping matters because "
        "`<b onmouseover=alert(3)>` in a heading or an answer must stay text in every output a reader or a model sees.\n"
    )
    root = make_site({"escaping.md": body})
    build_site(root, verify=False)
    for name in ("escaping/index.html.md", "llms-full.txt", "llms.txt"):
        assert [str(f) for f in scan_markdown(root / "site" / name, name)] == []
    mirror = (root / "site" / "escaping" / "index.html.md").read_text()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in mirror  # the summary, inert
    assert "`<script>alert(1)</script>`" in mirror  # the writer's body, as written


# --- units ---------------------------------------------------------------------------------------


def test_escaping_units():
    assert str(html_text("Smith & Co <b>")) == "Smith &amp; Co &lt;b&gt;"
    assert html_text(html_text("a & b")) == html_text("a & b")  # never twice
    assert plain(html_text("a & <b>")) == "a & <b>"
    frag = str(
        html_fragment('<a href="https://x.example/" onclick="x">x</a><script>y</script><a href="javascript:z">z</a>')
    )
    assert (
        "onclick" not in frag
        and "<script" not in frag
        and "javascript" not in frag
        and 'href="https://x.example/"' in frag
    )
    assert md_text("a <b> [c](javascript:d) ![e](data:f)") == "a &lt;b&gt; [c]\\(javascript:d) ![e]\\(data:f)"
    assert md_link_text("x](javascript:y) [z") == "x\\](javascript:y) \\[z"
    assert [
        web_url(u)
        for u in (
            "https://a.example/x",
            "/img.png",
            "img/a.png",
            "javascript:alert(1)",
            "JAVASCRIPT:x",
            "java\tscript:x",
            "data:image/png;base64,AA",
            "file:///etc/passwd",
            "//evil.example/x",
            "vbscript:x",
        )
    ] == ["https://a.example/x", "/img.png", "img/a.png"] + [None] * 7


def test_brand_image_with_a_script_url_is_a_config_error(make_site):
    from aeoloop.errors import AeoloopError
    from aeoloop.project import Project

    root = make_site({"index.md": "---\ntitle: Home\n---\n\nHome page.\n"})
    brand = yaml.safe_load((root / "brand" / "brand.yml").read_text())
    brand["organization"]["logo"] = "javascript:alert(1)"
    (root / "brand" / "brand.yml").write_text(yaml.safe_dump(brand, sort_keys=False))
    with pytest.raises(AeoloopError) as err:
        Project.load(root / "mkdocs.yml").brand  # noqa: B018
    text = str(err.value) + " ".join(str(d) for d in getattr(err.value, "diagnostics", []))
    assert "brand/brand.yml" in text and "logo" in text and "http(s)" in text


# --- defect 11: a null byte in a FAQ answer -----------------------------------------------------


def test_null_byte_in_faq_answer_is_removed_with_a_warning_not_a_false_verify_error(make_site, build_site):
    from conftest import PAGE_OEE

    page = PAGE_OEE.replace(
        "keywords: [OEE, downtime]",
        'keywords: [OEE]\nfaq:\n  - question: "Is a\\0b fine?"\n    answer: "Yes\\0 it is fine\\x01 really."',
    )
    root = make_site({"oee.md": page})
    state = build_site(root)  # verify on: it used to fail with faq-not-visible naming oee/index.html
    messages = [str(d) for d in state.diagnostics]
    assert any(
        re.match(r"content/oee\.md:\d+: warning: front matter `faq`: control characters", m) for m in messages
    ), messages
    html = (root / "site" / "oee" / "index.html").read_text()
    text = json.dumps(_jsonld(html))
    answers = re.findall(r'"acceptedAnswer": \{[^{}]*"text": "((?:[^"\\]|\\.)*)"', text)
    answers = [json.loads(f'"{a}"') for a in answers]
    assert "Yes it is fine really." in answers and not any("\x00" in a for a in answers)


def test_verify_ignores_invisible_controls_when_matching_faq_text():
    from aeoloop.verify.html import _answer_candidates, _norm

    assert _norm("Yes\x00 it is\ufffd fine") == _norm("Yes it is fine")
    assert _norm("Yes it is fine") in _answer_candidates("Yes\x00 it is fine")


@pytest.mark.parametrize("where", ["logo", "author", "term"])
def test_brand_images_must_be_web_urls(make_site, where: str):
    from aeoloop.errors import AeoloopError
    from aeoloop.project import Project

    root = make_site({"index.md": "---\ntitle: Home\n---\n\nHome page.\n"})
    name = "glossary.yml" if where == "term" else "brand.yml"
    data = yaml.safe_load((root / "brand" / name).read_text())
    if where == "logo":
        data["organization"]["logo"] = "file:///etc/passwd"
    elif where == "author":
        data["authors"][0]["image"] = "data:image/svg+xml,<svg onload=alert(1)>"
    else:
        data["terms"][0]["image"] = "javascript:alert(1)"
    (root / "brand" / name).write_text(yaml.safe_dump(data, sort_keys=False))
    with pytest.raises(AeoloopError) as err:
        Project.load(root / "mkdocs.yml").brand  # noqa: B018
    text = str(err.value) + " ".join(str(d) for d in getattr(err.value, "diagnostics", []))
    assert f"brand/{name}:" in text and "http(s)" in text
