"""Channel derivatives of every page (Amplify): AI answer, LinkedIn post and carousel, X thread,
short-video script, newsletter. One module per channel; each has a typed model, limits, an
extractive builder and a renderer (:mod:`.base`). :mod:`.step` is the build step that decides,
per page and channel, what to reuse, keep (locked or edited) or produce, and stages the files in
``generated/<page>/channels/`` with their provenance in the page manifest.
"""

from __future__ import annotations

from ...registry import Registry
from .ai_answer import AiAnswerChannel
from .base import Channel
from .linkedin_carousel import LinkedInCarouselChannel
from .linkedin_post import LinkedInPostChannel
from .newsletter import NewsletterChannel
from .short_video_script import ShortVideoScriptChannel
from .x_thread import XThreadChannel

CHANNELS: Registry[Channel] = Registry("channel", {
    c.name: c
    for c in (AiAnswerChannel(), LinkedInPostChannel(), LinkedInCarouselChannel(), XThreadChannel(),
              ShortVideoScriptChannel(), NewsletterChannel())
})
"""Every channel, in the order the build produces them; add one with ``CHANNELS.register(name, instance)``."""

__all__ = ["CHANNELS", "Channel"]
