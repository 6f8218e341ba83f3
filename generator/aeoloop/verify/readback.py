"""A page's read-back (its findings and score facts), recorded in its committed manifest.

Why: verify reads every built page back as a crawler does (:func:`aeoloop.verify.page._analyze_page`,
~1.2 ms a page in a worker process). A warm build takes the result from ``.aeoloop/verify-cache.json``;
a fresh clone (CI) has no such file, so it read back every page, on the core the render's second
process needs. The analysis is a function of the page's reading view (:func:`reading_view`: the
head, the main article and any JSON-LD in the body; not Material's navigation), its URL, the site
URL, the word limits and the checks' code: :func:`read_key` hashes exactly these, so each page's
manifest records ``"readback": {"key": …, "result": …}`` and a build whose page has that key takes
the result instead of reading the page back. A page that differs in anything the checks read is a
miss and is read back as before: a recorded result is never stale, only unused.

When it is written (:func:`aeoloop.build.step_verify`): by a build with a verify cache (the project's
own machine) wherever the key changed, and by any build into a manifest it writes anyway (a changed
page, a cold build). A fresh clone never writes one on its own: the reading view holds the git dates
of the page (JSON-LD ``dateModified``), which a CI checkout of a commit may see differently from the
writer's build before that commit, and a CI build must leave ``generated/`` as committed. (Its pages
that missed are read back as before; the writer's next build records them.)

No lxml here: the build process computes keys while MkDocs renders (see :mod:`.prefetch`).
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import re
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from .. import text as text_module
from ..quality import CONTRACT_VERSION, Limits
from .facts import _PageFacts, _PageResult
from .report import _version

ENTRY = "readback"
"""The manifest entry (one of ``generated.RECORDED``)."""

_LD_SCRIPT_RE = re.compile(rb"<script\b[^>]*application/ld\+json[^>]*>.*?</script>", re.S | re.I)


def reading_view(data: bytes) -> bytes:
    """The parts of a page that the checks read: ``<head>``, the main ``<article>`` and any
    JSON-LD in the body.

    Material renders the whole section nav into every page, so pages grow with the site and
    parsing them whole made verify quadratic in the number of pages. Answer engines extract
    the main content too. Pages without one ``<article>`` are read whole.
    """
    head_end = data.find(b"</head>")
    start = data.find(b"<article")
    end = data.rfind(b"</article>")
    if head_end == -1 or start == -1 or end < start or data.count(b"<article", start + 1, end):
        return data
    body_scripts = b"".join(m.group(0) for m in _LD_SCRIPT_RE.finditer(data, head_end) if not start <= m.start() < end)
    return (
        data[:head_end] + b"</head><body>" + data[start : end + len(b"</article>")] + body_scripts + b"</body></html>"
    )


def _library_version(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "missing"


@cache
def analysis_version() -> str:
    """The checks' code: every module of this package, the text helpers the page checks use, the
    quality contract, the verify cache's version and the parsers' and word tables' versions."""
    h = hashlib.sha256()
    for module in sorted(Path(__file__).parent.glob("*.py")):
        h.update(module.name.encode() + b"\0" + module.read_bytes())
    h.update(Path(text_module.__file__ or "").read_bytes())
    for part in (CONTRACT_VERSION, _version(), *(_library_version(n) for n in ("lxml", "extruct", "lemminflect"))):
        h.update(b"\0" + part.encode())
    return h.hexdigest()


def read_key(data: bytes, page_url: str, site_url: str, limits: Limits) -> str:
    """Every input of a page's analysis: its reading view, URL, the site URL, the limits, the code."""
    h = hashlib.sha256(analysis_version().encode())
    for part in (page_url, site_url, repr(limits)):
        h.update(b"\0" + part.encode("utf-8", "surrogatepass"))
    h.update(b"\0" + reading_view(data))
    return h.hexdigest()[:40]


def result_text(result: _PageResult) -> str:
    """The analysis as one line of compact JSON (the manifest's ``"result"``)."""
    data = {"findings": [list(f) for f in result.findings], "facts": result.facts.to_dict()}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


_FIELD_TYPES: dict[str, tuple[type, ...]] = {
    "bool": (bool,),
    "int": (int,),
    "int | None": (int, type(None)),
    "str | None": (str, type(None)),
    "list[str]": (list,),
}


def parse_result(text: object) -> _PageResult | None:
    """:func:`result_text` read back; None when it is not that shape (a hand edit, a merge gone
    wrong): the page is read back, never a traceback."""
    if not isinstance(text, str):
        return None
    try:
        data = json.loads(text)
    except ValueError:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("findings"), list):
        return None
    findings: list[Any] = []
    for f in data["findings"]:
        if not (
            isinstance(f, list) and len(f) == 3 and f[0] in ("error", "warning") and all(isinstance(x, str) for x in f)
        ):
            return None
        findings.append((f[0], f[1], f[2]))
    facts = data.get("facts")
    if not isinstance(facts, dict) or set(facts) != set(_PageFacts.__dataclass_fields__):
        return None
    for name, field in _PageFacts.__dataclass_fields__.items():
        value, types = facts[name], _FIELD_TYPES.get(str(field.type))
        if types is None or not isinstance(value, types) or isinstance(value, bool) and bool not in types:
            return None
        if isinstance(value, list) and not all(isinstance(x, str) for x in value):
            return None
    return _PageResult(findings, _PageFacts.from_dict(facts))


def recorded_results(entries: Mapping[str, object]) -> dict[str, tuple[str, str]]:
    """``{rel: (key, result text)}`` of the ``"readback"`` entries given by the page's HTML path;
    entries without a key and a text are left out (their pages are read back)."""
    out: dict[str, tuple[str, str]] = {}
    for rel, entry in entries.items():
        if (
            isinstance(entry, dict)
            and isinstance(key := entry.get("key"), str)
            and isinstance(entry.get("result"), str)
        ):
            out[rel] = (key, entry["result"])
    return out
