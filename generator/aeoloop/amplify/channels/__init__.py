"""Channel derivatives of every page (Amplify): AI answer, LinkedIn post and carousel, X thread,
short-video script, newsletter. One module per channel; each has a typed model, limits, an
extractive builder and a renderer (:mod:`.base`). :mod:`.step` is the build step that decides,
per page and channel, what to reuse, keep (locked or edited) or produce, and stages the files in
``generated/<page>/channels/`` with their provenance in the page manifest.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ...registry import Registry

if TYPE_CHECKING:
    from .base import Channel, ChannelType

    CHANNELS: Registry[ChannelType[Any]]  # built on first use, by __getattr__ below

__all__ = ["CHANNELS", "Channel", "ChannelType", "channel_files"]


BUILTIN: dict[str, str] = {
    "ai-answer": "aeoloop.amplify.channels.ai_answer:AiAnswerChannel",
    "linkedin-post": "aeoloop.amplify.channels.linkedin_post:LinkedInPostChannel",
    "linkedin-carousel": "aeoloop.amplify.channels.linkedin_carousel:LinkedInCarouselChannel",
    "x-thread": "aeoloop.amplify.channels.x_thread:XThreadChannel",
    "short-video-script": "aeoloop.amplify.channels.short_video_script:ShortVideoScriptChannel",
    "newsletter": "aeoloop.amplify.channels.newsletter:NewsletterChannel",
}
"""The built-in channels, in the order the build produces them, as ``module:Class`` paths: a channel's
module (its builder, renderer and what they import: the question rules, the quality contract, the
carousel's PDF writer) is imported the first time the channel itself is asked for, which a build
with nothing to produce never does. Their file names are in :data:`.config.CHANNEL_FILES`."""


def _channels() -> Registry[ChannelType[Any]]:
    """Every channel, in the order the build produces them; add one with ``CHANNELS.register(name, instance)``."""
    return Registry("channel", BUILTIN, load=_instance)


def _instance(cls: object) -> ChannelType[Any]:
    assert isinstance(cls, type), cls
    channel: ChannelType[Any] = cls()
    return channel


def channel_files(name: str) -> tuple[str, ...]:
    """The files a registered channel writes under ``generated/<page>/``, without importing a built-in
    channel's module (a warm build checks every page's files and produces none)."""
    from .config import CHANNEL_FILES  # lazy: as CHANNELS (importing this package costs no pydantic model)

    registry: Registry[ChannelType[Any]] = globals().get("CHANNELS") or __getattr__("CHANNELS")
    if name in CHANNEL_FILES and registry.path(name) == BUILTIN[name]:  # not replaced by an extension
        return CHANNEL_FILES[name]
    return tuple(registry[name].files)


def __getattr__(name: str) -> Any:
    """``CHANNELS`` and ``Channel`` are built on first use: importing ``.config`` (the channel
    names, for the CLI's options) must not import every channel and what they need (start-up)."""
    if name == "CHANNELS":
        value: Any = _channels()
    elif name == "Channel":
        from .base import Channel as value  # lazy: see above
    elif name == "ChannelType":
        from .base import ChannelType as value  # lazy: see above
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value
