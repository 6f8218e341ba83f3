"""The options of the ``aeoloop`` plugin entry in mkdocs.yml, as one typed model.

The same model serves the MkDocs plugin and the CLI (which reads mkdocs.yml without MkDocs),
so an option is declared, defaulted and documented exactly once. The larger groups have modules
of their own here (:mod:`.robots`, :mod:`.llm`, :mod:`.evolve`): the settings are the config
layer, below every phase, and import none of them.
"""

from __future__ import annotations

import hashlib
import json
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from .evolve import EvolveOptions
from .llm import LlmOptions
from .robots import RobotsPolicy

HeadersMode = Literal["pages", "site", "off"]
"""What site/_headers holds: ``pages`` (Link and Content-Type per page), ``site`` (wildcards only), ``off``."""
MirrorForm = Literal["page.html.md", "page.md"]
"""The URL form of a page's Markdown mirror."""


class _Options(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SummaryOptions(_Options):
    """Length of the answer-first summary and of each FAQ answer, in words."""

    min_words: int = Field(40, ge=10, le=200)
    max_words: int = Field(60, ge=10, le=300)
    takeaways: int = Field(5, ge=1, le=10, description="maximum number of key takeaways")

    @model_validator(mode="after")
    def _order(self) -> SummaryOptions:
        if self.min_words > self.max_words:
            raise ValueError("min_words must not be larger than max_words")
        return self


class FaqOptions(_Options):
    min_words: int = Field(40, ge=5, le=200)
    max_words: int = Field(60, ge=10, le=300)
    max_items: int = Field(8, ge=0, le=30)
    heading_levels: list[int] = Field(default_factory=lambda: [2, 3])


class LlmsScope(_Options):
    """An llms.txt for one folder of the site (a section or a language), llms.txt v2 scoping."""

    path: str = Field(description="site folder, e.g. `guides/` or `it/`; its llms.txt covers the pages under it")
    title: str | None = Field(None, description="H1 of that llms.txt; default: site name and the folder's nav title")
    lang: str | None = Field(None, pattern=r"^[a-z]{2,3}$", description="list only pages in this language")
    description: str | None = Field(
        None, description="the `> summary` line of that llms.txt; default: site_description"
    )

    @model_validator(mode="before")
    @classmethod
    def _from_path(cls, value: object) -> object:
        return {"path": value} if isinstance(value, str) else value

    @field_validator("path")
    @classmethod
    def _folder(cls, path: str) -> str:
        path = path.strip().strip("/")
        if not path or ".." in path.split("/") or any(c in path for c in '\\#?*<>"') or any(c.isspace() for c in path):
            raise ValueError(f"scope path {path!r} must be a folder of the site such as `guides/`")
        return path + "/"


class KeyphrasesOptions(_Options):
    """Keyphrases (YAKE) as entities beside the glossary's: what pages without glossary terms are about."""

    enabled: bool = Field(True, description="extract keyphrases; false: only glossary terms become entities")
    max: int = Field(8, ge=0, le=20, description="most keyphrases per page")
    min_count: int = Field(2, ge=1, le=10, description="times a phrase must occur on the page")
    about: int = Field(2, ge=0, le=5, description="most entities (glossary + keyphrases) the page is 'about'")


class LlmsTxtOptions(_Options):
    enabled: bool = True
    full: bool = True
    mirrors: bool = True
    mirror_url: MirrorForm = Field(
        "page.html.md",
        description="mirror URL form: `page.html.md` (guides/oee/index.html.md) or `page.md` (guides/oee.md)",
    )
    optional: list[str] = Field(
        default_factory=list,
        description="nav section titles or source path prefixes listed under `## Optional` in llms.txt",
    )
    scopes: list[LlmsScope] = Field(
        default_factory=list,
        description="folders (sections, languages) that get an llms.txt of their own; a page's describedby link points to the most specific",
    )
    links: bool = Field(
        True,
        description='`<link rel="alternate" type="text/markdown">` and `<link rel="describedby">` in every page head',
    )
    copy_button: bool = Field(True, description='a "Copy page as Markdown" link/button that copies the mirror')

    @model_validator(mode="after")
    def _unique_scopes(self) -> LlmsTxtOptions:
        paths = [s.path for s in self.scopes]
        if len(set(paths)) != len(paths):
            raise ValueError("llms_txt.scopes lists the same folder twice")
        return self


class Settings(_Options):
    """Everything configurable under ``plugins: - aeoloop:`` in mkdocs.yml."""

    backend: str = Field("extractive", description="registered backend name: extractive or llm")
    model: str | None = Field(None, description="litellm model string for the llm backend (AEOLOOP_MODEL overrides it)")
    llm: LlmOptions = Field(
        default_factory=LlmOptions, description="llm backend: endpoint, parameters, concurrency, retries, budget"
    )
    nlp_model: str | None = Field(None, description="installed spaCy pipeline to use instead of a blank one")
    brand_dir: str = "brand"
    generated_dir: str = "generated"
    reports_dir: str = "reports"
    cache_dir: str = ".aeoloop"
    summary: SummaryOptions = Field(default_factory=SummaryOptions)
    faq: FaqOptions = Field(default_factory=FaqOptions)
    keyphrases: KeyphrasesOptions = Field(default_factory=KeyphrasesOptions)
    llms_txt: LlmsTxtOptions = Field(default_factory=LlmsTxtOptions)
    robots: RobotsPolicy = Field(default_factory=RobotsPolicy)
    evolve: EvolveOptions = Field(default_factory=EvolveOptions)
    verify: Literal["error", "warn", "off"] = Field("error", description="what verify findings do to the build")
    jobs: int | None = Field(
        None,
        ge=0,
        description="worker processes for per-page work (generate, channels, verify); unset or 0: one per core; "
        "`aeoloop build -j N` overrides it. Output is the same for any number",
    )
    summary_box: bool = True
    faq_section: bool = True
    landing_pages: bool | list[Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$")]] = Field(
        False,
        description="static pages /for/<audience>/<page>/ that open with the audience's intro and CTA "
        "(rel=canonical to the page; not in the sitemap, llms.txt or mirrors): false, true (every audience "
        "of every page) or a list of audience ids",
    )
    max_snippet: int | None = Field(
        None,
        ge=-1,
        description="robots meta max-snippet for every page (characters; 0 none, -1 no limit); front matter `max_snippet` overrides it",
    )
    headers: HeadersMode = Field(
        "pages",
        description="site/_headers for Netlify/Cloudflare Pages: `pages` (Link and Content-Type per page), `site` (wildcards only), `off`",
    )

    def options_hash(self) -> str:
        """Hash of the options that shape page artifacts (summary, faq, keyphrases): part of their cache key."""
        data = self.model_dump(mode="json", include={"summary", "faq", "keyphrases"})
        return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:16]
