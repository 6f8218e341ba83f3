"""Fuzzing harness for the files people write: pages, brand files, voice rules, Vale styles,
channels.yml and manifests. Shared by ``tests/test_fuzz_inputs.py`` (bounded, CI time) and
``bench/fuzz.py`` (10,000+ inputs).

Each ``check_*`` function feeds one input to the real loaders and returns the outcome kind
(``"ok"`` or ``"error"``); it raises ``AssertionError`` when a problem lacks its file (or its line,
where the input has lines) and lets any other exception through: that is a traceback, the bug
the fuzzing looks for.
"""

from __future__ import annotations

import json
import string
from pathlib import Path
from typing import Any

import yaml
from hypothesis import strategies as st

from aeoloop.errors import AeoloopError, Diagnostic

# -- strategies -----------------------------------------------------------------------------

NASTY = [
    "",
    " ",
    "\n",
    "\t",
    "\x00",
    "\u2028",
    "'",
    '"',
    "{",
    "}",
    "{slug}",
    "{x}",
    "[",
    "]",
    "*",
    "_",
    "`",
    "<",
    ">",
    "&",
    "#",
    "%s",
    "%",
    "\\",
    "(a+)+$",
    "(a|a)+$",
    "[[:alpha:]]",
    r"\p{L}",
    r"\Q.\E",
    "(?i)",
    "a(?i)b",
    "(?U)a",
    "(",
    ")",
    "2026-13-45",
    "2026-01-01T25:00:00Z",
    "2026-02-30",
    "99999-01-01",
    "1e999",
    "-1",
    "0",
    "null",
    "~",
    "yes",
    "on",
    "!!int x",
    "!!binary ~",
    "&a x",
    "*a",
    "<<: {}",
    "?",
    ": ",
    "- ",
    "---",
    "...",
    "https://[www.example.com/",
    "javascript:alert(1)",
    "file:///etc/passwd",
    "é",
    "😀",
    "\u202e",
    "a" * 300,
]
WORDS = [
    "title",
    "description",
    "date",
    "updated",
    "authors",
    "audiences",
    "keywords",
    "lang",
    "summary",
    "takeaways",
    "faq",
    "question",
    "answer",
    "image",
    "llms_optional",
    "extends",
    "message",
    "level",
    "tokens",
    "swap",
    "scope",
    "exceptions",
    "raw",
    "token",
    "max",
    "min",
    "either",
    "first",
    "second",
    "match",
    "prefix",
    "metrics",
    "grade",
    "formula",
    "condition",
    "ignorecase",
    "nonword",
    "vocab",
    "action",
    "name",
    "params",
    "limit",
    "append",
    "terminology",
    "preferred",
    "banned",
    "term",
    "pattern",
    "use",
    "replaces",
    "patterns",
    "case_sensitive",
    "limits",
    "sentence",
    "paragraph",
    "max_words",
    "readability",
    "en",
    "metric",
    "headings",
    "capitalization",
    "disclaimers",
    "claim",
    "disclaimer",
    "rules",
    "vale",
    "path",
    "languages",
    "vocabularies",
    "overrides",
    "tone",
    "organization",
    "url",
    "logo",
    "authors",
    "id",
    "default_author",
    "terms",
    "aliases",
    "type",
    "same_as",
    "utm",
    "source",
    "medium",
    "campaign",
    "channels",
    "ai-answer",
    "enabled",
    "hashtags",
    "publish",
    "version",
    "artifacts",
    "provenance",
    "sha256",
    "status",
    "summary.md",
    "faq.md",
    "locked",
    "draft",
    "existence",
    "substitution",
    "occurrence",
    "repetition",
    "consistency",
    "conditional",
    "capitalization",
    "metric",
    "error",
    "warning",
    "suggestion",
    "text",
    "heading",
    "$title",
    "$sentence",
    "Ridgeline",
    "x",
]

scalars = st.one_of(
    st.sampled_from(NASTY),
    st.sampled_from(WORDS),
    st.integers(-(10**6), 10**6),
    st.booleans(),
    st.none(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.dates().map(str),
    st.text(alphabet=string.printable, max_size=60),
)
keys = st.one_of(st.sampled_from(WORDS), st.text(max_size=8))
values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=5)),
    max_leaves=25,
)
documents = st.dictionaries(keys, values, max_size=8)


def _dump(data: Any) -> str:
    try:
        return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    except yaml.YAMLError:
        return str(data)


@st.composite
def yaml_texts(draw: st.DrawFn, base: st.SearchStrategy[Any] = documents) -> str:
    """YAML from a random structure, often mutated: truncated, spliced with nasty text, or raw."""
    text = _dump(draw(base))
    how = draw(st.sampled_from(["as-is", "as-is", "truncate", "splice", "raw", "nest"]))
    if how == "truncate" and text:
        text = text[: draw(st.integers(0, len(text)))]
    elif how == "splice":
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(NASTY) | st.text(max_size=10)) + text[at:]
    elif how == "raw":
        text = draw(st.text(max_size=200))
    elif how == "nest":
        depth = draw(st.integers(50, 3000))
        text = (
            "a: " + "[" * depth + "]" * depth + "\n"
            if draw(st.booleans())
            else "".join(" " * i + "k:\n" for i in range(depth))
        )
    return text


md_pieces = st.sampled_from(
    [
        "[",
        "]",
        "(",
        ")",
        "![",
        "*",
        "**",
        "_",
        "`",
        "``",
        "<",
        ">",
        "<!--",
        "-->",
        "&amp;",
        "{#x}",
        "[^1]",
        "\n",
        "\n\n",
        "# ",
        "## ",
        "- ",
        "1. ",
        "> ",
        "| a | b |\n|---|---|\n",
        "```\n",
        "    ",
        "http://x.org/",
        "word",
        "The plant runs. ",
        "Yes! ",
        "e.g. ",
        "\\",
        "---\n",
        "$",
        "😀",
        "!!! note\n    ",
        ":::",
        "<div>",
        "</div>",
        "\u00a0",
        "\r\n",
    ]
)


@st.composite
def pages(draw: st.DrawFn) -> bytes:
    front: dict[str, Any] = draw(st.dictionaries(st.sampled_from(WORDS[:15]) | keys, values, max_size=6))
    if draw(st.booleans()):
        front.setdefault(
            "title", draw(st.sampled_from(["A page", "What is OEE?", "", "x" * 200]) | st.text(max_size=20))
        )
    head = _dump(front) if draw(st.integers(0, 9)) else draw(yaml_texts())
    body = "".join(draw(st.lists(md_pieces | st.text(max_size=20), max_size=40)))
    if draw(st.integers(0, 19)) == 0:
        body += draw(st.sampled_from(["[", "*", "`", "<!--", "(", "!"])) * draw(st.integers(1000, 20000))
    text = ("---\n" + head + "---\n\n" + body) if draw(st.integers(0, 9)) else body
    data = text.encode("utf-8", errors="surrogatepass")
    if draw(st.integers(0, 29)) == 0:
        data += b"\xff\xfe"
    return data


# -- checks ---------------------------------------------------------------------------------


def _check_diags(diags: list[Diagnostic], files: tuple[str, ...], lines: bool) -> None:
    for d in diags:
        assert d.file, d
        assert d.file.startswith(files), (d, files)
        if lines and d.level == "error":
            assert d.line is not None and d.line >= 1, d


def check_page(root: Path, data: bytes, ruleset: Any) -> str:
    from aeoloop.backends import nlp as nlp_mod
    from aeoloop.express.lint import lint_page
    from aeoloop.express.markup import parse_markdown
    from aeoloop.page import load_page

    path = root / "content" / "fuzz.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    page, diags = load_page(path, "fuzz.md", display="content/fuzz.md")
    _check_diags(diags, ("content/fuzz.md",), lines=True)
    if page is None:
        return "error"
    lint_page(page, ruleset, "content/fuzz.md")
    parse_markdown(page.source)
    texts = [page.title] + [b.text for s in page.sections for b in s.blocks if b.kind in ("paragraph", "list")]
    nlp_mod.analyse(nlp_mod.pipeline(page.lang if page.lang in ("en", "it") else "en", []), texts)
    return "ok"


def _brand_root(root: Path) -> Path:
    brand = root / "brand"
    brand.mkdir(parents=True, exist_ok=True)
    return brand


def check_brand_file(root: Path, name: str, text: str) -> str:
    from aeoloop.brand import load_brand

    brand = _brand_root(root)
    (brand / "brand.yml").write_text(
        "organization:\n  name: Acme\n  url: https://acme.example/\n  logo: logo.svg\nauthors: []\n", encoding="utf-8"
    )
    for other in ("glossary.yml", "audiences.yml"):
        (brand / other).unlink(missing_ok=True)
    (brand / name).write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        load_brand(brand, root)
    except AeoloopError as err:
        assert err.diagnostics, err
        _check_diags(err.diagnostics, (f"brand/{name}",), lines=bool(text.strip()))
        return "error"
    return "ok"


def check_voice(root: Path, text: str, page_text: str) -> str:
    brand = _brand_root(root)
    (brand / "voice.yml").write_text(text, encoding="utf-8", errors="surrogatepass")
    return _lint_with(root, brand, page_text, ("brand/voice.yml", "brand/vale"), bool(text.strip()))


def check_vale(root: Path, text: str, page_text: str) -> str:
    brand = _brand_root(root)
    (brand / "voice.yml").unlink(missing_ok=True)
    style = brand / "vale" / "Fuzz"
    style.mkdir(parents=True, exist_ok=True)
    (style / "Rule.yml").write_text(text, encoding="utf-8", errors="surrogatepass")
    return _lint_with(root, brand, page_text, ("brand/vale/Fuzz/Rule.yml", "brand/vale"), bool(text.strip()))


def _lint_with(root: Path, brand: Path, page_text: str, files: tuple[str, ...], lines: bool) -> str:
    from aeoloop.express.lint import lint_files, load_rules

    rules = load_rules(brand, root)
    _check_diags(rules.diagnostics, files, lines=lines)
    page = root / "page.md"
    page.write_text(page_text, encoding="utf-8", errors="surrogatepass")
    report = lint_files([page], rules, root)
    for d in report.diagnostics:
        assert d.file and (d.file.startswith(files) or d.file == "page.md"), d
        assert " failed on " not in d.message, d  # a rule that crashed (caught, but a bug)
    return "error" if rules.diagnostics else "ok"


def check_channels(root: Path, text: str) -> str:
    from aeoloop.amplify.channels.config import load_channels

    brand = _brand_root(root)
    (brand / "channels.yml").write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        config = load_channels(brand, root)
    except AeoloopError as err:
        assert err.diagnostics, err
        _check_diags(err.diagnostics, ("brand/channels.yml",), lines=bool(text.strip()))
        return "error"
    for name in ("ai-answer", "linkedin-post", "x-thread", "newsletter"):
        utm = config.utm_for(name)
        for value in utm.model_dump().values():
            if value:
                value.format(slug="page", channel=name)  # what the build does with them
    return "ok"


def check_manifest(root: Path, text: str) -> str:
    from aeoloop.artifacts import PageArtifacts
    from aeoloop.generated import GeneratedStore, Provenance

    store = GeneratedStore(root / "generated", root)
    folder = store.folder("p")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "manifest.json").write_text(text, encoding="utf-8", errors="surrogatepass")
    (folder / "summary.md").write_text("A summary a person may have written.\n", encoding="utf-8")
    prov = Provenance("p.md", "h", "extractive", "m", "t", "b", "o")
    art = PageArtifacts()
    art.summary = "A fresh summary."
    result = store.resolve(prov, lambda: art)
    for d in result.notes:
        assert d.file.startswith("generated/p/"), d
    # the locked-file promise: a file that may be a person's is never overwritten
    assert (folder / "summary.md") not in store.pending or _recorded_as_generated(text)
    store.pending.clear()
    return "error" if any("manifest.json" in d.file for d in result.notes) else "ok"


def _recorded_as_generated(text: str) -> bool:
    """The manifest says summary.md is the generator's own text (its hash), not locked."""
    from aeoloop.generated import sha

    try:
        data = json.loads(text)
        rec = data["artifacts"]["summary.md"]
        return rec.get("status") != "locked" and rec.get("sha256") == sha("A summary a person may have written.\n")
    except Exception:
        return False


@st.composite
def manifests(draw: st.DrawFn) -> str:
    from aeoloop.generated import sha

    good = {
        "version": 1,
        "provenance": {"page": "p.md"},
        "artifacts": {
            "summary.md": {
                "status": draw(st.sampled_from(["draft", "approved", "locked", "x"])),
                "sha256": draw(st.sampled_from([sha("A summary a person may have written.\n"), "0" * 64])),
            }
        },
    }
    data: Any = draw(st.one_of(st.just(good), documents, values))
    text = json.dumps(data, default=str)
    how = draw(st.sampled_from(["as-is", "truncate", "splice", "raw"]))
    if how == "truncate":
        text = text[: draw(st.integers(0, len(text)))]
    elif how == "splice":
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(['"', "{", "[", "]", "}", ",", "null", "1e999", "\x00"])) + text[at:]
    elif how == "raw":
        text = draw(st.text(max_size=100))
    return text
