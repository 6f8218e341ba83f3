"""Which audiences a page speaks to, at which buying stage, and the call to action for each.

The stage of a page is its front matter ``stage:``, else that of the first ``page_types`` entry
in brand/audiences.yml whose ``paths`` glob matches the page, else the audience's own ``stage``.
The CTA is the audience's entry for that stage (``ctas:``), else its default ``cta``.

A page in another language than the audience's texts meets the audience's ``translations`` entry
for its language (name, pains, goals, keywords, CTAs in that language) when there is one.
"""

from __future__ import annotations

from dataclasses import dataclass
from fnmatch import fnmatchcase

from ..brand import Audience, Brand, Cta
from ..page import Page


@dataclass(frozen=True)
class Target:
    audience: Audience
    stage: str
    page_type: str | None
    cta: Cta


def page_type(page: Page, brand: Brand) -> tuple[str | None, str | None]:
    """(type, stage) of the first page type whose globs match the page's path, or (None, None)."""
    for entry in brand.page_types:
        if any(fnmatchcase(page.src_uri, pattern) for pattern in entry.paths):
            return entry.type, entry.stage
    return None, None


def targets(page: Page, brand: Brand, language: str) -> list[Target]:
    """The page's audiences (front matter ``audiences:``, unknown ids are reported at load) in
    the order the writer listed them: the first is the page's main audience. ``language`` is the
    site's (the language of audience texts without ``lang:``); each audience comes in the page's
    language when audiences.yml has it (:meth:`Audience.in_language`), else as written."""
    kind, type_stage = page_type(page, brand)
    out = []
    for key in dict.fromkeys(page.meta.audiences):
        audience = brand.audiences.get(key)
        if audience is None:
            continue
        audience = audience.in_language(page.lang, language) or audience
        stage = page.meta.stage or type_stage or audience.stage
        out.append(Target(audience, stage, kind, audience.cta_for(stage)))
    return out
