"""The ``robots`` options: what AI crawlers may fetch, and the usage signals robots.txt carries.

Part of the settings (the config layer), so reading mkdocs.yml never imports the phases;
:mod:`aeoloop.amplify.robots` renders robots.txt from a :class:`RobotsPolicy`.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ..crawlers import Purpose, product_token

__all__ = ["UNSAFE_CHARS_RE", "ContentSignals", "ContentUsage", "Decision", "RobotsPolicy"]

Decision = Literal["allow", "disallow"]

UNSAFE_CHARS_RE = re.compile(r"[\x00-\x1f\x7f#]")  # cannot stand in a robots.txt line (control characters, comments)


def _yes_no(value: object) -> object:
    """YAML reads ``yes``/``no`` as booleans already; accept the spelled forms (and y/n) too."""
    if isinstance(value, str):
        word = value.strip().lower()
        if word in ("yes", "y", "true", "allow"):
            return True
        if word in ("no", "n", "false", "disallow"):
            return False
    return value


class ContentSignals(BaseModel):
    """Cloudflare's Content Signals Policy (contentsignals.org): ``Content-Signal:`` in robots.txt.

    ``search``: build a search index and link to results; ``ai-input``: use the content as input
    to an AI answer at query time (RAG, grounding); ``ai-train``: train or fine-tune AI models.
    An unset key states no preference.
    """

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    search: bool | None = None
    ai_input: bool | None = Field(None, alias="ai-input")
    ai_train: bool | None = Field(None, alias="ai-train")

    _yes_no = field_validator("*", mode="before")(classmethod(lambda cls, v: _yes_no(v)))

    def value(self) -> str | None:
        """``search=yes, ai-input=yes, ai-train=no`` (set keys only, fixed order), or None."""
        pairs = [("search", self.search), ("ai-input", self.ai_input), ("ai-train", self.ai_train)]
        text = ", ".join(f"{k}={'yes' if v else 'no'}" for k, v in pairs if v is not None)
        return text or None


class ContentUsage(BaseModel):
    """The IETF aipref usage preference (draft-ietf-aipref-vocab, -attach): ``Content-Usage``.

    Categories of the vocabulary: ``train-ai`` (training AI models), ``ai-use`` (use as input to
    a generative AI model), ``search`` (search applications that link to the source; overrides
    the others). Values ``y``/``n``; an unset category is "unknown". Written as a robots.txt rule
    (``Content-Usage: / train-ai=n``) and as an HTTP header in ``_headers``.
    """

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    train_ai: bool | None = Field(None, alias="train-ai")
    ai_use: bool | None = Field(None, alias="ai-use")
    search: bool | None = None

    _yes_no = field_validator("*", mode="before")(classmethod(lambda cls, v: _yes_no(v)))

    def value(self) -> str | None:
        """An RFC 9651 dictionary such as ``train-ai=n, search=y`` (set keys only), or None."""
        pairs = [("train-ai", self.train_ai), ("ai-use", self.ai_use), ("search", self.search)]
        text = ", ".join(f"{k}={'y' if v else 'n'}" for k, v in pairs if v is not None)
        return text or None


class RobotsPolicy(BaseModel):
    """What AI crawlers may fetch, as configured in mkdocs.yml.

    Everything defaults to ``allow``: aeoloop publishes to be found, and blocking is a choice the
    site owner should make knowingly (``training: disallow`` is the common one).
    """

    model_config = ConfigDict(extra="forbid")

    training: Decision = "allow"
    search: Decision = "allow"
    user: Decision = "allow"
    other: Decision = "allow"
    disallow_paths: list[str] = Field(default_factory=list)
    """Paths no crawler may fetch (named AI groups and ``*`` alike), e.g. ``/drafts/``."""
    extra: str = ""
    """Raw robots.txt lines appended after the ``User-agent: *`` group, verbatim."""
    overrides: dict[str, Decision] = Field(default_factory=dict)
    """Per-token exceptions, e.g. ``{"GPTBot": "allow"}``; the token gets a group of its own."""
    content_signals: ContentSignals | None = None
    """Cloudflare content signals, e.g. ``{search: yes, ai-input: yes, ai-train: no}``."""
    content_usage: ContentUsage | None = None
    """IETF aipref usage preferences, e.g. ``{train-ai: n, search: y}``."""

    @field_validator("disallow_paths")
    @classmethod
    def _check_paths(cls, paths: list[str]) -> list[str]:
        """Paths must be RFC 9309 path patterns; duplicates are dropped (order kept)."""
        seen: list[str] = []
        for path in paths:
            if not path.startswith(("/", "*")):
                raise ValueError(f"disallow path {path!r} must start with '/' (or '*')")
            if UNSAFE_CHARS_RE.search(path) or any(ch.isspace() for ch in path):
                raise ValueError(
                    f"disallow path {path!r} contains whitespace, '#' or a control character; percent-encode it"
                )
            if path not in seen:
                seen.append(path)
        return seen

    @field_validator("overrides")
    @classmethod
    def _check_overrides(cls, overrides: dict[str, Decision]) -> dict[str, Decision]:
        """Tokens must fit on a ``User-agent`` line; spellings of one crawler must agree."""
        decided: dict[str, tuple[str, Decision]] = {}
        cleaned: dict[str, Decision] = {}
        for token, decision in overrides.items():
            token = token.strip()
            if not token or token == "*" or UNSAFE_CHARS_RE.search(token):
                raise ValueError(
                    f"override token {token!r} must be a crawler name "
                    "(not empty, not '*', no '#' or control characters)"
                )
            key = product_token(token)
            if key in decided and decided[key][1] != decision:
                raise ValueError(
                    f"overrides {decided[key][0]!r} and {token!r} name the same crawler with different decisions"
                )
            decided.setdefault(key, (token, decision))
            cleaned[token] = decision
        return cleaned

    @field_validator("extra")
    @classmethod
    def _normalise_extra(cls, extra: str) -> str:
        """Unify line endings and drop trailing blank lines so output stays deterministic."""
        return "\n".join(line.rstrip() for line in extra.splitlines()).strip("\n")

    def signal_lines(self) -> list[str]:
        """The usage lines every crawlable group carries (a crawler reads only its own group)."""
        lines = []
        signals = self.content_signals.value() if self.content_signals else None
        if signals:
            lines.append(f"Content-Signal: {signals}")
        usage = self.content_usage_header()
        if usage:
            lines.append(f"Content-Usage: / {usage}")
        return lines

    def content_usage_header(self) -> str | None:
        """The ``Content-Usage`` HTTP header value, or None when no preference is configured."""
        return self.content_usage.value() if self.content_usage else None

    def decision(self, purpose: Purpose) -> Decision:
        """The configured decision for one purpose group."""
        return {
            Purpose.TRAINING: self.training,
            Purpose.SEARCH: self.search,
            Purpose.USER: self.user,
            Purpose.OTHER: self.other,
        }[purpose]
