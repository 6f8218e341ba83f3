"""Image licence metadata: who made an image, how to credit it, under which licence.

Why: Google's image metadata (and validators that apply its rules, such as Adobe's
structured-data validator) treat an ``ImageObject`` without any of ``creator``, ``creditText``,
``copyrightNotice`` or ``license`` as incomplete. The values are facts only the site owner
knows, so they come from ``brand.yml`` (``images:``, site-wide) and may be overridden per page
in front matter (``image_license:``); nothing is invented beyond crediting the publishing
organization, which is documented as the default.

The model lives at the top of the package because both ``brand.yml`` (express layer) and front
matter (the page model) use it.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, HttpUrl, model_validator


class Creator(BaseModel):
    """The person or organization that made an image. A plain string is a person's name."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1)
    type: Literal["Person", "Organization"] = "Person"
    url: HttpUrl | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_name(cls, value: Any) -> Any:
        return {"name": value} if isinstance(value, str) else value


class ImageLicense(BaseModel):
    """Licence data of an image, as in schema.org ``ImageObject`` (snake_case keys in YAML)."""

    model_config = ConfigDict(extra="forbid")

    creator: Creator | None = None
    credit_text: str | None = None
    copyright_notice: str | None = None
    license: HttpUrl | None = None
    acquire_license_page: HttpUrl | None = None

    def over(self, base: ImageLicense) -> ImageLicense:
        """This licence with every unset field taken from ``base`` (page over brand over default)."""
        merged = base.model_dump()
        merged.update({k: v for k, v in self.model_dump().items() if v is not None})
        return ImageLicense.model_validate(merged)

    def jsonld(self) -> dict[str, Any]:
        """The schema.org properties for an ``ImageObject`` (only the ones that are set)."""
        out: dict[str, Any] = {}
        if self.creator is not None:
            creator: dict[str, Any] = {"@type": self.creator.type, "name": self.creator.name}
            if self.creator.url is not None:
                creator["url"] = str(self.creator.url)
            out["creator"] = creator
        if self.credit_text:
            out["creditText"] = self.credit_text
        if self.copyright_notice:
            out["copyrightNotice"] = self.copyright_notice
        if self.license is not None:
            out["license"] = str(self.license)
        if self.acquire_license_page is not None:
            out["acquireLicensePage"] = str(self.acquire_license_page)
        return out
