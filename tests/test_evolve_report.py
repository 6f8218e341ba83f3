"""`aeoloop report`: the loop dashboard as one self-contained HTML file.

Structure (every section, inline SVG charts, no script, a CSP that forbids fetching), hostile
names from the reports escaped everywhere, a page with no data that says so, bad options, and a
real headless Chromium that loads the file with no console error and no request.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from click.testing import CliRunner

from aeoloop.cli import main

FIX = Path(__file__).parent / "fixtures" / "reports"
SITE = "https://www.ridgeline-telemetry.example"
HOSTILE = "<script>alert(1)</script>"
SECTIONS = ("share", "crawlers", "referrals", "plan", "anomalies", "experiments", "backtest", "velocity", "gaps")
PAGE = "---\ntitle: {title}\n---\n\n{title} explains one thing well. It has two sentences.\n"


def run(root: Path, *args: str):
    return CliRunner().invoke(main, [args[0], "-f", str(root / "mkdocs.yml"), *args[1:]])


@pytest.fixture
def market(make_site: Callable[..., Path]) -> Path:
    slugs = ("guides/predictive-maintenance", "guides/oee", "product/monitor", "guides/vibration-analysis")
    pages = {f"{s}.md": PAGE.format(title=s.rsplit("/", 1)[-1].replace("-", " ").capitalize()) for s in slugs}
    pages["index.md"] = PAGE.format(title="Ridgeline")
    root = make_site(pages, config={"site_url": SITE + "/"})
    reports = root / "reports"
    reports.mkdir()
    for name in ("citations.csv", "Pages.csv", "access.log"):
        shutil.copy(FIX / "market" / name, reports / name)
    # hostile names in an export: an engine, a prompt and a page title an attacker controls
    (reports / "hostile.csv").write_text(
        "date,engine,prompt,cited_url,position\n"
        f'2026-11-02,"{HOSTILE}","<img src=x onerror=alert(2)> best sensors",https://evil.example/x,1\n'
        f'2026-11-03,"{HOSTILE}","<img src=x onerror=alert(2)> best sensors",{SITE}/guides/oee/,2\n'
        '2026-11-04,chatgpt,"what is a gap <script>alert(4)</script> prompt",https://evil.example/y,1\n',
        encoding="utf-8",
    )
    (root / "experiments").mkdir()
    schedule = [
        {"from": f"2026-{m:02d}-{d:02d}", "to": f"2026-{m2:02d}-{d2:02d}", "variant": v}
        for (m, d, m2, d2), v in zip(
            [(9, 28, 10, 4), (10, 5, 10, 11), (10, 12, 10, 18), (10, 19, 10, 25), (10, 26, 11, 1), (11, 2, 11, 8)],
            ["A", "B<svg onload=alert(3)>", "B<svg onload=alert(3)>", "A", "A", "B<svg onload=alert(3)>"],
        )
    ]
    (root / "experiments" / "guides--oee--summary.yml").write_text(
        yaml.safe_dump(
            {
                "page": "guides/oee.md",
                "element": "summary",
                "status": "running",
                "start": "2026-09-28",
                "period_days": 7,
                "washout_days": 2,
                "variants": {"A": "The control summary.", "B<svg onload=alert(3)>": "The variant summary."},
                "schedule": schedule,
            },
            sort_keys=False,
        ),
        encoding="utf-8",
    )
    assert run(root, "ingest").exit_code == 0
    return root


def _check_inert(html: str) -> BeautifulSoup:
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("script") is None
    assert not soup.find_all(lambda t: any(a.lower().startswith("on") for a in t.attrs))
    assert soup.find("img") is None and soup.find("iframe") is None and soup.find("link") is None
    for svg_el in soup.find_all("svg"):
        assert not svg_el.find_all(["script", "foreignobject", "image", "use", "a"])
    csp = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
    assert csp is not None and "default-src 'none'" in csp["content"]
    for a in soup.find_all("a"):
        assert a["href"].startswith(("#", "https://", "http://")), a
    return soup


def test_report_sections_charts_and_escaping(market: Path):
    result = run(market, "report")
    assert result.exit_code == 0, result.output
    out = market / "reports" / "dashboard.html"
    assert "wrote reports/dashboard.html" in result.output
    html = out.read_text(encoding="utf-8")
    soup = _check_inert(html)
    for section in SECTIONS:
        assert soup.find(id=section) is not None, section
    assert len(soup.select("section svg.chart")) >= 5  # share, crawlers, referrals, experiment, velocity
    # hostile names are text, never markup
    assert "<script" not in html and "<img" not in html
    assert "script-alert-1-script" in html  # the engine name, normalized at ingest, shown as text
    assert "what is a gap &lt;script&gt;alert(4)&lt;/script&gt; prompt" in html
    assert "<svg onload" not in html and "B&lt;svg onload=alert(3)&gt;" in html
    # what the loop shows
    legend = soup.select_one("#share .legend").get_text(" ")
    assert "chatgpt" in legend and "perplexity" in legend and "all engines" in legend
    crawlers = soup.select_one("#crawlers .legend").get_text(" ")
    assert "search" in crawlers or "training" in crawlers
    plan_rows = soup.select("#plan tbody tr")
    assert plan_rows and "guides/predictive-maintenance.md" in soup.select_one("#plan").get_text()
    assert soup.select("#experiments table tbody tr") and "P(best)" in soup.select_one("#experiments").get_text()
    assert "weekly plans" in soup.select_one("#backtest").get_text()
    gaps = soup.select_one("#gaps").get_text()
    assert "what is a gap <script>alert(4)</script> prompt" in gaps  # text as written, escaped in the markup
    assert "best sensors" not in gaps  # cited us too on one engine: not a gap


def test_report_is_deterministic(market: Path, tmp_path: Path):
    assert run(market, "report", "-o", str(tmp_path / "a.html")).exit_code == 0
    assert run(market, "report", "-o", str(tmp_path / "b.html")).exit_code == 0
    assert (tmp_path / "a.html").read_bytes() == (tmp_path / "b.html").read_bytes()


def test_report_with_no_data_says_so(make_site: Callable[..., Path]):
    root = make_site()
    result = run(root, "report", "--out", str(root / "dash.html"))
    assert result.exit_code == 0, result.output
    assert "no reports ingested yet" in result.output
    soup = _check_inert((root / "dash.html").read_text(encoding="utf-8"))
    assert "No data yet" in soup.get_text()
    for section in SECTIONS:
        assert soup.find(id=section) is not None, section
    assert soup.select("#plan tbody tr")  # the plan still ranks pages (staleness, changes)


def test_report_refuses_to_write_into_the_site_or_content(make_site: Callable[..., Path]):
    root = make_site()
    for target in (root / "site" / "dashboard.html", root / "content" / "dashboard.html"):
        result = run(root, "report", "--out", str(target))
        assert result.exit_code == 2, result.output
        assert "would be published" in result.output
        assert not target.exists()


def test_report_bad_backtest_range(make_site: Callable[..., Path]):
    root = make_site()
    result = run(root, "report", "--backtest", "2026-11-01")
    assert result.exit_code == 2 and "FROM..TO" in result.output
    both = run(root, "report", "--backtest", "2026-10-01..2026-10-31", "--no-backtest")
    assert both.exit_code == 2


def test_report_backtest_range_without_reports(market: Path):
    result = run(market, "report", "--backtest", "2020-01-06..2020-03-30")
    assert result.exit_code == 0, result.output
    soup = BeautifulSoup((market / "reports" / "dashboard.html").read_text(), "html.parser")
    assert "2020" in soup.select_one("#backtest").get_text()


def test_report_in_a_real_browser_no_console_error_no_request(market: Path, tmp_path: Path):
    """Headless Chromium (Debian's ``chromium``, tests/cdp.py) opens the file from disk: no
    console error or warning, no request but the file itself, and the charts are laid out."""
    from cdp import Browser, chromium_binary

    if chromium_binary() is None:
        pytest.skip("chromium is not installed (Debian package `chromium`)")
    assert run(market, "report").exit_code == 0
    url = (market / "reports" / "dashboard.html").resolve().as_uri()
    with Browser(tmp_path / "profile") as browser:
        page = browser.page()
        page.goto(url)
        charts = page.eval(
            "Array.from(document.querySelectorAll('svg.chart')).map(s => Math.round(s.getBoundingClientRect().width))"
        )
        title = page.eval("document.title")
        errors, requests = list(page.errors), list(page.requests)
    assert errors == []
    assert requests == [url]
    assert len(charts) >= 5 and all(w > 300 for w in charts), charts
    assert title.startswith("Acme Guides · aeoloop report")
