"""``brand/channels.yml``: which channel derivatives are made, their limits, UTM parameters and
hashtags. Validated with ``file:line`` errors like every brand file; every key is optional::

    version: 1
    publish: false               # true: copy each page's channels/ into site/<page>/channels/
    utm:                         # defaults for every link back to the site ({slug}, {channel})
      campaign: "{slug}"
    hashtags:
      extra: []                  # tags allowed besides the glossary's (without '#')
      exclude: []                # glossary tags never used
    channels:
      ai-answer:          {enabled: true, max_words: 60, facts: 3}
      linkedin-post:      {enabled: true, max_chars: 3000, fold_chars: 200, hashtags: {min: 3, max: 5},
                           utm: {source: linkedin, medium: social}}
      linkedin-carousel:  {enabled: true, slides: {min: 6, max: 10}, width: 1080, height: 1350}
      x-thread:           {enabled: true, posts: {min: 4, max: 10}, max_weighted: 280}
      short-video-script: {enabled: true, max_seconds: 60, words_per_minute: 150, hook_seconds: 3}
      newsletter:         {enabled: true, subject_chars: 50, preheader_chars: 100,
                           unsubscribe_url: "*|UNSUB|*"}   # your email service's merge tag or a URL
"""

from __future__ import annotations

import hashlib
import json
import string
from pathlib import Path
import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, create_model, field_validator, model_validator

from ...errors import ConfigError

CHANNELS_FILE = "channels.yml"
UTM_PLACEHOLDERS = ("slug", "channel")
CHANNEL_NAMES = ("ai-answer", "linkedin-post", "linkedin-carousel", "x-thread", "short-video-script", "newsletter")
CHANNEL_FILES: dict[str, tuple[str, ...]] = {
    "ai-answer": ("channels/ai-answer.md",),
    "linkedin-post": ("channels/linkedin-post.md",),
    "linkedin-carousel": ("channels/linkedin-carousel.md", "channels/linkedin-carousel.pdf"),
    "x-thread": ("channels/x-thread.md",),
    "short-video-script": ("channels/short-video-script.md",),
    "newsletter": ("channels/newsletter.html", "channels/newsletter.txt"),
}
"""The files each built-in channel writes under ``generated/<page>/`` (its class's ``files``; a test
keeps them equal), so that checking them in a warm build imports no channel module."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Range(_Strict):
    min: int = Field(ge=0)
    max: int = Field(ge=1)

    @model_validator(mode="after")
    def _order(self) -> Range:
        if self.min > self.max:
            raise ValueError("min must not be larger than max")
        return self


class Utm(_Strict):
    source: str | None = None
    medium: str | None = None
    campaign: str | None = None
    content: str | None = None
    term: str | None = None

    @field_validator("source", "medium", "campaign", "content", "term")
    @classmethod
    def _placeholders(cls, value: str | None) -> str | None:
        """Only {slug} and {channel} are filled in; anything else would fail at build time."""
        if value is None:
            return value
        try:
            fields = [f for _, f, spec, conv in string.Formatter().parse(value) if f is not None or spec or conv]
        except ValueError as err:
            raise ValueError(f"{value!r}: {err}; write a literal brace as {{{{ or }}}}") from None
        unknown = [f for f in fields if f not in UTM_PLACEHOLDERS]
        if unknown:
            raise ValueError(
                f"{value!r}: unknown placeholder {{{unknown[0]}}}; use {{slug}} or {{channel}} "
                "(write a literal brace as {{ or }})"
            )
        return value

    def merged(self, base: Utm) -> Utm:
        data = base.model_dump()
        data.update({k: v for k, v in self.model_dump().items() if v is not None})
        return Utm(**data)

    def as_tuple(self) -> tuple[str | None, ...]:
        """The fields' values in their declared order: the key :func:`_merged` keeps a merge by."""
        return tuple(getattr(self, name) for name in type(self).model_fields)


@lru_cache(maxsize=64)
def _merged(own: tuple[str | None, ...], base: tuple[str | None, ...]) -> Utm:
    """:meth:`Utm.merged` kept by the two models' values (:meth:`Utm.as_tuple`): the same few merges (a
    channel's UTM over the file's) for every link of every page, each a pydantic validation of five
    placeholders. One rule, :meth:`Utm.merged`; a miss rebuilds the two models from their values."""
    fields = list(Utm.model_fields)
    return Utm(**dict(zip(fields, own))).merged(Utm(**dict(zip(fields, base))))


class ChannelOptions(_Strict):
    enabled: bool = True
    utm: Utm = Field(default_factory=Utm)


class AiAnswerOptions(ChannelOptions):
    max_words: int = Field(60, ge=10, le=200)
    facts: int = Field(3, ge=1, le=10)


class LinkedInPostOptions(ChannelOptions):
    utm: Utm = Field(default_factory=lambda: Utm(source="linkedin", medium="social"))
    max_chars: int = Field(3000, ge=200, le=3000)
    fold_chars: int = Field(200, ge=50, le=400, description="the hook must end before LinkedIn's 'see more' fold")
    hashtags: Range = Field(default_factory=lambda: Range(min=3, max=5))


class CarouselOptions(ChannelOptions):
    utm: Utm = Field(default_factory=lambda: Utm(source="linkedin", medium="social", content="carousel"))
    slides: Range = Field(default_factory=lambda: Range(min=6, max=10))
    width: int = Field(1080, ge=320, le=4000)
    height: int = Field(1350, ge=320, le=4000)
    title_chars: int = Field(60, ge=10, le=120, description="longest slide title")
    body_words: int = Field(40, ge=5, le=120, description="longest slide body")


class XThreadOptions(ChannelOptions):
    utm: Utm = Field(default_factory=lambda: Utm(source="x", medium="social"))
    posts: Range = Field(default_factory=lambda: Range(min=4, max=10))
    max_weighted: int = Field(
        280, ge=50, le=25000, description="twitter-text weighted length of one post, numbering included"
    )


class VideoOptions(ChannelOptions):
    max_seconds: int = Field(60, ge=10, le=600)
    words_per_minute: int = Field(150, ge=60, le=250)
    hook_seconds: float = Field(3, ge=1, le=10)
    on_screen_words: int = Field(8, ge=2, le=20)
    beats: Range = Field(default_factory=lambda: Range(min=3, max=8))


#: Mailchimp's merge tag; Buttondown and Kit use ``{{ unsubscribe_url }}``
DEFAULT_UNSUBSCRIBE = "*|UNSUB|*"
MERGE_TAG_RE = re.compile(
    r"^(\*\|[A-Z0-9_:]+\|\*|\{\{\{?\s*[\w.]+\s*\}?\}\}|%[\w.]+%|<%[\w.]+%>|\[[\w.]+\]|\$\{?[\w.]+\}?)$"
)


class NewsletterOptions(ChannelOptions):
    utm: Utm = Field(default_factory=lambda: Utm(source="newsletter", medium="email"))
    subject_chars: int = Field(50, ge=10, le=150)
    preheader_chars: int = Field(100, ge=20, le=200)
    sections: Range = Field(default_factory=lambda: Range(min=1, max=5))
    unsubscribe_url: str | None = Field(
        DEFAULT_UNSUBSCRIBE,
        description="the unsubscribe link of the footer: your email service's merge tag (it puts each reader's own "
        "link there when it sends) or an https:// or mailto: URL; null only if the service adds its own",
    )

    @field_validator("unsubscribe_url")
    @classmethod
    def _unsubscribe(cls, value: str | None) -> str | None:
        if value is None:
            return None
        value = value.strip()
        if MERGE_TAG_RE.match(value) or re.match(r"^(https://|mailto:)[^\s<>\"']+$", value):
            return value
        raise ValueError(
            f"{value!r} is neither a merge tag (e.g. {DEFAULT_UNSUBSCRIBE} or {{{{ unsubscribe_url }}}}) "
            "nor an https:// or mailto: URL"
        )


class Channels(_Strict):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    ai_answer: AiAnswerOptions = Field(default_factory=AiAnswerOptions, alias="ai-answer")
    linkedin_post: LinkedInPostOptions = Field(default_factory=LinkedInPostOptions, alias="linkedin-post")
    linkedin_carousel: CarouselOptions = Field(default_factory=CarouselOptions, alias="linkedin-carousel")
    x_thread: XThreadOptions = Field(default_factory=XThreadOptions, alias="x-thread")
    short_video_script: VideoOptions = Field(default_factory=VideoOptions, alias="short-video-script")
    newsletter: NewsletterOptions = Field(default_factory=NewsletterOptions)


class Hashtags(_Strict):
    extra: list[str] = Field(default_factory=list)
    exclude: list[str] = Field(default_factory=list)


class ChannelsFile(_Strict):
    version: int = 1
    publish: bool = Field(False, description="copy channel files into site/<page>/channels/")
    utm: Utm = Field(default_factory=lambda: Utm(campaign="{slug}"))
    hashtags: Hashtags = Field(default_factory=Hashtags)
    channels: Channels = Field(default_factory=Channels)

    def options(self, name: str) -> ChannelOptions:
        """A channel's options from channels.yml (its defaults when the file does not name it).
        Extension channels have fields too: :func:`load_channels` validates with their models."""
        value = _field(self.channels, name.replace("-", "_"))
        return value if isinstance(value, ChannelOptions) else ChannelOptions()

    def utm_for(self, name: str) -> Utm:
        """The channel's UTM tags over the file's (shared: read it, do not change it)."""
        return _merged(self.options(name).utm.as_tuple(), self.utm.as_tuple())

    def digest(self, name: str) -> str:
        """Hash of everything channels.yml says about one channel (part of its cache key)."""
        data = {
            "channel": self.options(name).model_dump(mode="json"),
            "utm": self.utm.model_dump(),
            "hashtags": self.hashtags.model_dump(),
        }
        return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:16]


def _field(model: BaseModel, key: str) -> Any:
    """``dict(model).get(key)`` without building the dict: a model's fields, then its extra keys,
    as its iteration gives them. Asked some 50 times a page (every channel's options, its UTM tags)."""
    if not key.startswith("_") and key in model.__dict__:
        return model.__dict__[key]
    return (model.__pydantic_extra__ or {}).get(key)


def file_model(extensions: Mapping[str, type[ChannelOptions]]) -> type[ChannelsFile]:
    """The model of channels.yml with a ``channels.<name>`` key for each registered extension
    channel, validated by its own options model like the built-in ones."""
    if not extensions:
        return ChannelsFile
    fields: dict[str, Any] = {
        name.replace("-", "_"): (model, Field(default_factory=model, alias=name)) for name, model in extensions.items()
    }
    channels = create_model("Channels", __base__=Channels, **fields)
    return create_model("ChannelsFile", __base__=ChannelsFile, channels=(channels, Field(default_factory=channels)))


def load_channels(
    brand_dir: Path, root: Path, extensions: Mapping[str, type[ChannelOptions]] | None = None
) -> ChannelsFile:
    """brand/channels.yml, or the defaults when the file does not exist; ``extensions`` are the
    options models of registered extension channels (see ``channels.step.channel_config``)."""
    from ...brand import _validate  # same file:line errors as the other brand files

    model = file_model(extensions or {})
    path = brand_dir / CHANNELS_FILE
    if not path.is_file():
        return model()
    validated, diags = _validate(model, path, root)
    if diags or validated is None:
        raise ConfigError("invalid brand/channels.yml", diags)
    return validated


def project_channels(project: Any, extensions: Mapping[str, type[ChannelOptions]] | None = None) -> ChannelsFile:
    """The project's channels.yml, loaded once per set of extension channels."""
    cache: dict[tuple[str, ...], ChannelsFile] = project.__dict__.setdefault("_channels_files", {})
    key = tuple(sorted(extensions or {}))
    if key not in cache:
        cache[key] = load_channels(project.brand_dir, project.root, extensions)
    return cache[key]
