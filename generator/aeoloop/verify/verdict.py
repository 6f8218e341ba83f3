"""The quality contract's verdict on a page's published units, and its key, without lxml.

Why apart from :mod:`aeoloop.verify.contract`: the generate server judges the units it expects
verify to read back (:func:`expected_verdict`), and should not import the HTML reader for it.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
from functools import cache
from typing import Any

from ..artifacts import QA
from ..quality import CONTRACT_VERSION, Limits


def check_artifacts(**units: Any) -> list[Any]:
    """:func:`aeoloop.quality.check_artifacts`, imported on first use: the contract's modules (word
    tables, rule modules) load only when a page's verdict is not recorded, which in a warm build or
    a CI build of committed manifests is never."""
    from ..quality import check_artifacts as check  # lazy: see above

    return list(check(**units))


@cache
def _lemminflect_version() -> str:
    try:  # the contract recognises verbs with its tables
        return importlib.metadata.version("lemminflect")
    except importlib.metadata.PackageNotFoundError:
        return "missing"


def contract_key(*, summary: str, takeaways: list[str], faq: list[QA], title: str, lang: str, limits: Limits) -> str:
    """Every input of the published units' verdict: the units, title, language, limits, the
    contract's code and the word tables' version."""
    data = [summary, takeaways, [[qa.question, qa.answer] for qa in faq], title, lang, repr(limits)]
    data += [CONTRACT_VERSION, _lemminflect_version()]
    return hashlib.sha256(json.dumps(data).encode()).hexdigest()[:32]


def verdict(summary: str, takeaways: list[str], faq: list[QA], title: str, lang: str, limits: Limits) -> list[str]:
    """The published units' verdict: "unit rule" for each failure of the contract."""
    found = check_artifacts(summary=summary, takeaways=takeaways, faq=faq, title=title, lang=lang, limits=limits)
    return sorted({f"{f.unit.split('.')[0]} {f.rule}" for f in found})


def expected_verdict(
    *, summary: str, takeaways: list[str], faq: list[QA], title: str, lang: str, limits: Limits
) -> tuple[str, list[str]]:
    """(key, verdict) of a page's units as verify will most likely read them back from the built
    page: the texts with their white space collapsed, the questions and answers as written, the
    title, the language's first part. Judged where the page was generated (the contract's word
    tables are loaded there) and handed to verify with the recorded verdicts (:func:`aeoloop.verify.contract.use_verdicts`):
    a page read back as predicted takes it; any other is judged as before (the key holds every
    input of the verdict, so a wrong prediction is a miss, never a wrong verdict)."""
    summary = " ".join(summary.split())
    takeaways = [" ".join(t.split()) for t in takeaways]
    faq = [QA(qa.question, qa.answer) for qa in faq]
    lang = lang.split("-")[0].lower()
    key = contract_key(summary=summary, takeaways=takeaways, faq=faq, title=title, lang=lang, limits=limits)
    return key, verdict(summary, takeaways, faq, title, lang, limits)
