"""A build's own process loads lxml only when verify parses a page there (aeoloop.verify.driver,
site_files): a warm build, whose pages come from verify's cache or its prefetch, never does
(~4 MB of the build's peak memory, which comes at its end); the sitemap is checked with the
standard library's expat, with the same verdicts."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from test_verify import one_page_site, run

CHECK_WARM_BUILD = """
import sys
from aeoloop.build import run_build
from pathlib import Path
from aeoloop.project import Project
state = run_build(Project.load(Path(sys.argv[1])), jobs=2)
assert state.regenerated == 0 and state.report is not None and state.report.pages_cached > 0
print("lxml" if any(name.split(".")[0] == "lxml" for name in sys.modules) else "no lxml")
"""


def test_a_warm_build_never_loads_lxml(bench_site, build_site, monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    root = bench_site("site")
    build_site(root, jobs=1)  # cold: verify parses every page here and fills its cache
    done = subprocess.run(
        [sys.executable, "-c", CHECK_WARM_BUILD, str(root / "mkdocs.yml")],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "no lxml"


@pytest.mark.parametrize(
    ("sitemap", "error"),
    [
        ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"/>', None),
        ("\ufeff<urlset><url><loc>https://a.example/\u00e9t\u00e9/</loc></url></urlset>", None),
        ('<?xml version="1.0" encoding="ISO-8859-1"?><urlset><url/></urlset>', None),
        ("<urlset><url><loc>https://a.example/</url></urlset>", "mismatched tag"),
        ("<urlset><loc>a & b</loc></urlset>", "not well-formed"),
        ("", "no element found"),
        ("<urlset></urlset><urlset></urlset>", "junk after document element"),
        ('<!DOCTYPE u [<!ENTITY x SYSTEM "file:///etc/passwd">]><urlset>&x;</urlset>', None),
    ],
)
def test_the_sitemap_is_checked_for_well_formed_xml(tmp_path: Path, sitemap: str, error: str | None) -> None:
    root = one_page_site(tmp_path)
    (root / "sitemap.xml").write_bytes(sitemap.encode("latin-1" if "ISO-8859-1" in sitemap else "utf-8"))
    found = [f for f in run(root).findings if f.check == "sitemap-invalid"]
    if error is None:
        assert found == []
        return
    assert len(found) == 1 and found[0].level == "error"
    assert error in found[0].message and "not well-formed XML" in found[0].message
