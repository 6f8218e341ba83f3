"""verify's crawler view of JSON-LD without extruct, when every script is valid JSON.

``jsonld_parse._crawler_items_of`` says what extruct finds on a page whose every ld+json script a
strict parser read; extruct itself is then never imported. These tests hold that answer equal to
extruct's own on generated pages (values of every shape, empty ones included), and check that
verifying a valid page does not import extruct while an invalid one still goes through it.
"""

from __future__ import annotations

import json
import subprocess
import sys
from html import escape
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from aeoloop.verify.html import _X_JSONLD, _parse_html
from aeoloop.verify.jsonld_parse import _crawler_items_of, _crawler_jsonld, _strict_json

SCALARS = (
    st.none() | st.booleans() | st.integers() | st.text(max_size=8) | st.floats(allow_nan=False, allow_infinity=False)
)
JSON = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=12,
)


def _script(value: Any) -> str:
    text = json.dumps(value).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/ld+json">{text}</script>'


def _page(values: list[Any], body_scripts: list[Any]) -> bytes:
    head = "".join(_script(v) for v in values)
    body = "".join(_script(v) for v in body_scripts)
    return (
        f"<!doctype html><html><head><title>{escape('t')}</title>{head}</head><body><p>x</p>{body}</body></html>"
    ).encode()


@settings(max_examples=300, deadline=None)
@given(st.lists(JSON, max_size=3), st.lists(JSON, max_size=2))
def test_valid_scripts_are_read_as_extruct_reads_them(values: list[Any], body_scripts: list[Any]) -> None:
    tree = _parse_html(_page(values, body_scripts))
    parsed = []
    for script in _X_JSONLD(tree):
        data, err, _ = _strict_json(script.text or "")
        assert err is None
        parsed.append(data)
    if not parsed:
        return  # verify asks for a crawler view only when the page has ld+json scripts
    assert _crawler_items_of(parsed) == _crawler_jsonld(tree, "https://example.com/p/")


def test_empty_values_give_no_items() -> None:
    # extruct: an empty object, an empty list or a scalar is no item; a page of only those shows nothing
    tree = _parse_html(_page([{}, [], "text", 3], []))
    assert _crawler_jsonld(tree, "https://example.com/") is None
    assert _crawler_items_of([{}, [], "text", 3]) is None
    assert _crawler_items_of([[{"a": 1}, {}], {"b": 2}]) == [{"a": 1}, {"b": 2}]


CHECK = """
import sys
from aeoloop.verify.page import _analyze_page
ok = b'<!doctype html><html lang="en"><head><script type="application/ld+json" id="aeoloop-jsonld">%s</script></head><body><article><h1>T</h1><p>x</p></article></body></html>'
result = _analyze_page("p/index.html", ok % sys.argv[1].encode(), "https://example.com/p/", "https://example.com/")
print("extruct" in sys.modules, sorted({check for _, check, _ in result.findings}))
"""


def _analyse_in_fresh_process(jsonld: str) -> str:
    done = subprocess.run([sys.executable, "-c", CHECK, jsonld], capture_output=True, text=True, check=True)
    return done.stdout.strip()


def test_a_valid_page_never_imports_extruct() -> None:
    out = _analyse_in_fresh_process('{"@context": "https://schema.org", "@graph": [{"@type": "WebPage"}]}')
    assert out.startswith("False"), out


def test_an_invalid_script_still_asks_extruct() -> None:
    out = _analyse_in_fresh_process('{"@context": "https://schema.org", "@graph": [}')
    assert out.startswith("True") and "jsonld-extruct" in out and "jsonld-strict" in out, out
