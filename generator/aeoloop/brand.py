"""Brand files: who publishes (brand.yml), the entities we talk about (glossary.yml), and for
whom (audiences.yml). Loaded once per build, validated with file:line errors.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    HttpUrl,
    ValidationError,
    field_validator,
    model_validator,
)

from .errors import ConfigError, Diagnostic, rel
from .imagelicense import ImageLicense
from .escaping import web_url
from .yamlsrc import load_yaml


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _web_ref(value: str | None) -> str | None:
    """Image references end up in JSON-LD and pages: http(s) or site-relative only."""
    if value is not None and web_url(value) is None:
        raise ValueError(
            "use an http(s) URL or a path relative to the content folder (javascript:, data:, file: and other "
            "schemes are never published)"
        )
    return value


WebRef = Annotated[str, AfterValidator(_web_ref)]


class Organization(Strict):
    name: str
    legal_name: str | None = None
    url: HttpUrl
    logo: WebRef | None = None
    description: str | None = None
    founding_date: str | None = None
    same_as: list[HttpUrl] = Field(default_factory=list)
    email: str | None = None
    colors: dict[str, str] = Field(default_factory=dict)
    fonts: dict[str, str] = Field(default_factory=dict)


class Author(Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    name: str
    job_title: str | None = None
    bio: str | None = None
    url: HttpUrl | None = None
    same_as: list[HttpUrl] = Field(default_factory=list)
    image: WebRef | None = None


class BrandFile(Strict):
    organization: Organization
    default_author: str | None = None
    authors: list[Author] = Field(default_factory=list)
    images: ImageLicense = Field(default_factory=ImageLicense)
    """Licence data of the site's images (creator, credit_text, copyright_notice, license,
    acquire_license_page); front matter ``image_license:`` overrides it per page."""

    @model_validator(mode="after")
    def _default_author_exists(self) -> BrandFile:
        ids = [a.id for a in self.authors]
        if len(set(ids)) != len(ids):
            raise ValueError("author ids must be unique")
        if self.default_author and self.default_author not in ids:
            raise ValueError(f"default_author {self.default_author!r} is not one of the authors: {', '.join(ids)}")
        return self


class Offer(Strict):
    """A price at which a glossary product is sold: what makes it a schema.org ``Product`` that
    Google's product rules accept (a ``Product`` needs ``offers``, ``review`` or ``aggregateRating``)."""

    price: float = Field(ge=0)
    price_currency: str = Field(pattern=r"^[A-Z]{3}$", description="ISO 4217 code, e.g. EUR")
    availability: (
        Literal["InStock", "OutOfStock", "PreOrder", "BackOrder", "Discontinued", "OnlineOnly", "LimitedAvailability"]
        | None
    ) = None
    url: HttpUrl | None = None
    price_valid_until: str | None = Field(None, pattern=r"^\d{4}-\d{2}-\d{2}$")


class Term(Strict):
    name: str
    aliases: list[str] = Field(default_factory=list)
    type: Literal["DefinedTerm", "Product", "SoftwareApplication", "Organization", "Thing", "Person", "Place"] = (
        "DefinedTerm"
    )
    description: str | None = None
    same_as: list[HttpUrl] = Field(default_factory=list)
    case_sensitive: bool = False
    offers: list[Offer] = Field(default_factory=list)
    image: WebRef | None = None
    """``offers`` and ``image`` of a ``type: Product`` term. Google's product rules (which apply to
    nested items too) require both; without them the term is published as a ``Thing`` with
    ``additionalType`` Product instead of an invalid ``Product``."""

    @model_validator(mode="after")
    def _offers_need_product(self) -> Term:
        if self.offers and self.type not in ("Product", "SoftwareApplication"):
            raise ValueError(f"`offers` only apply to type Product or SoftwareApplication, not {self.type}")
        return self

    @property
    def key(self) -> str:
        return "-".join(self.name.lower().split())


class GlossaryFile(Strict):
    terms: list[Term] = Field(default_factory=list)


STAGES = ("awareness", "consideration", "decision")
Stage = Literal["awareness", "consideration", "decision"]


def _one_line(value: str) -> str:
    """Audience texts are shown on pages and in prompts: one line of plain text, never empty."""
    text = " ".join(value.split())
    if not text:
        raise ValueError("is empty; write the text or remove the key")
    return text


Line = Annotated[str, AfterValidator(_one_line)]


class Cta(Strict):
    """A call to action: a button label and where it goes (http(s) or a site-relative path)."""

    text: Line
    url: WebRef


class PageType(Strict):
    """Pages whose path (under the content folder) matches one of ``paths`` (globs) are of this
    type and sit at this buying ``stage``: pricing or comparison pages → decision (demo), guides →
    awareness (checklist). The first matching type wins; front matter ``stage:`` overrides it."""

    type: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    paths: list[str] = Field(min_length=1)
    stage: Stage


class AudienceText(Strict):
    """An audience's texts in another language (``translations: {it: {...}}``): what a page in that
    language is matched with and shows. Keys left out keep the audience's own (a CTA only when the
    translation gives neither ``cta`` nor ``ctas``)."""

    name: Line | None = None
    description: str | None = None
    role: Line | None = None
    industry: Line | None = None
    keywords: list[Line] = Field(default_factory=list)
    pains: list[Line] = Field(default_factory=list)
    goals: list[Line] = Field(default_factory=list)
    cta: Cta | None = None
    ctas: dict[Stage, Cta] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _has_words(self) -> AudienceText:
        if not (self.pains or self.goals or self.keywords):
            raise ValueError(
                "a translation needs `pains`, `goals` or `keywords` in its language: without them no page "
                "in that language can be matched to the audience"
            )
        return self


class Audience(Strict):
    """An ideal customer profile: who they are, what hurts, what they want, and what to ask of them
    at each buying stage."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    name: Line
    description: str | None = None
    role: Line | None = None
    industry: Line | None = None
    stage: Stage = "awareness"
    """Where this audience usually is; the stage of a page that no page type or front matter sets."""
    keywords: list[Line] = Field(default_factory=list)
    pains: list[Line] = Field(default_factory=list)
    goals: list[Line] = Field(default_factory=list)
    cta: Cta | None = None
    """The CTA for any stage without its own entry in ``ctas``."""
    ctas: dict[Stage, Cta] = Field(default_factory=dict)
    lang: str | None = Field(None, pattern=r"^[a-z]{2,3}$")
    """The language its texts are written in (default: the site's): pages in another language get
    no tailored intro unless ``translations`` has that language, since the audience's words
    cannot be matched to them."""
    translations: dict[Annotated[str, Field(pattern=r"^[a-z]{2,3}$")], AudienceText] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _has_a_cta(self) -> Audience:
        if self.cta is None and not self.ctas:
            raise ValueError(
                f"audience {self.id!r} has no call to action; add `cta: {{text: ..., url: ...}}` "
                "or `ctas:` per stage (awareness, consideration, decision)"
            )
        return self

    @model_validator(mode="after")
    def _not_its_own_language(self) -> Audience:
        if self.lang is not None and self.lang in self.translations:
            raise ValueError(
                f"`translations.{self.lang}` repeats the audience's own language (`lang: {self.lang}`); "
                "remove it or change `lang`"
            )
        return self

    def in_language(self, lang: str, default_lang: str) -> Audience | None:
        """The audience as a page in ``lang`` meets it: itself (its texts are in that language), its
        translation merged over it, or None (nothing to match a page in that language with)."""
        own = self.lang or default_lang
        if lang == own:
            return self
        t = self.translations.get(lang)
        if t is None:
            return None
        ctas = (t.cta, t.ctas) if (t.cta is not None or t.ctas) else (self.cta, self.ctas)
        return self.model_copy(
            update={
                "name": t.name or self.name,
                "description": t.description or self.description,
                "role": t.role or self.role,
                "industry": t.industry or self.industry,
                "keywords": t.keywords,
                "pains": t.pains,
                "goals": t.goals,
                "cta": ctas[0],
                "ctas": ctas[1],
                "lang": lang,
                "translations": {},
            }
        )

    def cta_for(self, stage: str) -> Cta:
        """The CTA of a stage: its own entry, else the default, else the nearest stage's."""
        found = self.ctas.get(stage) or self.cta  # type: ignore[call-overload]
        if found is not None:
            return found
        return self.ctas[min(self.ctas, key=lambda s: abs(STAGES.index(s) - STAGES.index(stage)))]


class AudiencesFile(Strict):
    page_types: list[PageType] = Field(default_factory=list)
    audiences: list[Audience] = Field(default_factory=list)

    @field_validator("audiences")
    @classmethod
    def _unique(cls, audiences: list[Audience]) -> list[Audience]:
        ids = [a.id for a in audiences]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"audience ids must be unique: {', '.join(dupes)} appears more than once")
        return audiences


class Brand(BaseModel):
    """Everything under brand/ that the build needs, plus a hash that changes when any of it does."""

    organization: Organization
    authors: dict[str, Author]
    default_author: str | None
    glossary: list[Term]
    audiences: dict[str, Audience]
    rules_hash: str
    page_types: list[PageType] = Field(default_factory=list)
    images: ImageLicense = Field(default_factory=ImageLicense)

    def term(self, key: str) -> Term:
        """The glossary term with this key (dict built once: called for every entity of every page)."""
        index = self.__dict__.get("_terms")
        if index is None:
            index = {t.key: t for t in self.glossary}
            object.__setattr__(self, "_terms", index)
        return index[key]

    def author_ids_for(self, requested: list[str]) -> list[str]:
        if requested:
            return requested
        if self.default_author:
            return [self.default_author]
        return [next(iter(self.authors))] if self.authors else []


def _load_yaml(path: Path, root: Path) -> tuple[Any, dict[tuple[str | int, ...], int]]:
    """Load YAML and remember the line of every mapping key / list item, for error messages.
    Unreadable files, bytes that are not UTF-8 and YAML that cannot be read raise ConfigError
    naming the file and line (:func:`aeoloop.yamlsrc.load_yaml` does the reading)."""
    src, bad = load_yaml(path, rel(path, root))
    if src is None:
        raise ConfigError("invalid YAML", [bad] if bad else [])
    return src.data, src.lines


M = TypeVar("M", bound=BaseModel)


def _validate(model: type[M], path: Path, root: Path) -> tuple[M | None, list[Diagnostic]]:
    data, lines = _load_yaml(path, root)
    try:
        return model.model_validate(data or {}), []
    except ValidationError as err:
        diags = []
        for e in err.errors():
            loc = tuple(e["loc"])
            line = None
            for k in range(len(loc), -1, -1):
                if loc[:k] in lines:
                    line = lines[loc[:k]]
                    break
            where = ".".join(str(p) for p in loc) or "(top level)"
            msg = str(e["msg"]).removeprefix("Value error, ")
            if e["type"] == "extra_forbidden":
                msg = "unknown key; remove it or check its spelling"
            diags.append(Diagnostic(rel(path, root), line, f"`{where}`: {msg}"))
        return None, diags


def load_brand(brand_dir: Path, root: Path) -> Brand:
    """Load and validate brand.yml, glossary.yml and audiences.yml; raise one ConfigError listing all problems."""
    diags: list[Diagnostic] = []
    brand_path = brand_dir / "brand.yml"
    if not brand_path.is_file():
        raise ConfigError(
            "brand file missing",
            [
                Diagnostic(
                    rel(brand_path, root),
                    None,
                    "create it with an `organization:` (name, url, logo) and `authors:`; `aeoloop new` writes an example",
                )
            ],
        )
    brand, d = _validate(BrandFile, brand_path, root)
    diags += d
    glossary: GlossaryFile | None = GlossaryFile()
    if (brand_dir / "glossary.yml").is_file():
        glossary, d = _validate(GlossaryFile, brand_dir / "glossary.yml", root)
        diags += d
    audiences: AudiencesFile | None = AudiencesFile()
    if (brand_dir / "audiences.yml").is_file():
        audiences, d = _validate(AudiencesFile, brand_dir / "audiences.yml", root)
        diags += d
    if diags or brand is None or glossary is None or audiences is None:
        raise ConfigError("invalid brand files", diags)
    assert isinstance(brand, BrandFile) and isinstance(glossary, GlossaryFile) and isinstance(audiences, AudiencesFile)
    return Brand(
        organization=brand.organization,
        authors={a.id: a for a in brand.authors},
        default_author=brand.default_author,
        glossary=glossary.terms,
        audiences={a.id: a for a in audiences.audiences},
        page_types=audiences.page_types,
        rules_hash=hash_tree(brand_dir),
        images=brand.images,
    )


def hash_tree(folder: Path) -> str:
    """Hash of every file under a folder (names and bytes): the brand-rules version in manifests."""
    h = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        h.update(path.relative_to(folder).as_posix().encode())
        h.update(b"\0")
        h.update(path.read_bytes())
        h.update(b"\0")
    return h.hexdigest()[:16]
