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

__all__ = ["CHANNELS", "Channel", "ChannelType"]


def _channels() -> Registry[ChannelType[Any]]:
    """Every channel, in the order the build produces them; add one with ``CHANNELS.register(name, instance)``."""
    # lazy: every channel module and what it needs (pydantic models, the carousel's PDF writer);
    # importing .config, for the CLI's --channels names, must not load them
    from .ai_answer import AiAnswerChannel
    from .linkedin_carousel import LinkedInCarouselChannel
    from .linkedin_post import LinkedInPostChannel
    from .newsletter import NewsletterChannel
    from .short_video_script import ShortVideoScriptChannel
    from .x_thread import XThreadChannel

    return Registry(
        "channel",
        {
            c.name: c
            for c in (
                AiAnswerChannel(),
                LinkedInPostChannel(),
                LinkedInCarouselChannel(),
                XThreadChannel(),
                ShortVideoScriptChannel(),
                NewsletterChannel(),
            )
        },
    )


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
