"""What every channel is: a typed model, its limits, an extractive builder and a renderer.

Both producers fill the same model: the extractive one from the page's own summary, takeaways,
FAQ and title (no invented facts), the llm backend from a model's JSON. Either way the value is
sanitized (:mod:`.sanitize`), checked against the channel's limits (:meth:`Channel.check`) and the
brand rules, and only then rendered into the files that are posted or sent.
"""

from __future__ import annotations

from functools import lru_cache, partial
from typing import Any, ClassVar, Generic, Protocol, TypeVar

from pydantic import BaseModel, ConfigDict

from .config import ChannelOptions
from .context import ChannelContext, url_allowed
from .sanitize import clean_text

M = TypeVar("M", bound=BaseModel)


class ChannelModel(BaseModel):
    """Channel models accept what a model sends (extra keys ignored) but every field is typed."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)


class ChannelType(Protocol[M]):
    """A channel: every member the channels step, the finalize gate, the llm producer and Tailor
    use. ``M`` is the channel's value model; the registry holds channels of every model, as
    ``ChannelType[Any]``. :class:`Channel` implements the shared parts; register an instance in
    :data:`aeoloop.amplify.channels.CHANNELS`. Its options come from ``channels.<name>`` in
    ``brand/channels.yml``, validated against :attr:`options_model`.
    """

    @property
    def name(self) -> str:
        """The registered name: the key in channels.yml, the ``--channels`` value, the provenance."""
        ...

    @property
    def files(self) -> tuple[str, ...]:
        """The files it writes under ``generated/<page>/``."""
        ...

    @property
    def model(self) -> type[BaseModel]:
        """The value model a producer fills (the llm backend asks for its JSON schema)."""
        ...

    @property
    def options_model(self) -> type[ChannelOptions]:
        """Its options in ``channels.yml`` (``enabled`` and ``utm``, plus its limits)."""
        ...

    @property
    def expected_output_tokens(self) -> int:
        """Rough size of a model's answer, for dry-run cost estimates."""
        ...

    def extractive(self, ctx: ChannelContext) -> M:
        """The value made from the page's own summary, takeaways, FAQ and title."""
        ...

    def check(self, value: M, ctx: ChannelContext) -> list[str]:
        """Limit violations, each an instruction a writer or a model can act on."""
        ...

    def shortfalls(self, value: M, ctx: ChannelContext) -> list[str]:
        """Where a valid value stays under the configured target (information, never blocking)."""
        ...

    def texts(self, value: M) -> list[tuple[str, str]]:
        """(text, guardrail scope) pairs that the brand rules check."""
        ...

    def render(self, value: M, ctx: ChannelContext) -> dict[str, str | bytes]:
        """The files, by path under ``generated/<page>/``."""
        ...

    def limits(self, ctx: ChannelContext) -> dict[str, Any]:
        """The limits as the prompt states them."""
        ...

    def sanitize(self, value: M, ctx: ChannelContext) -> tuple[M, list[str]]:
        """Every string field as safe plain text; returns what was removed."""
        ...

    def derived(self, files: dict[str, str | bytes], ctx: ChannelContext) -> dict[str, str | bytes]:
        """Files rebuilt from an edited source file (the carousel PDF from its .md)."""
        ...


class Channel(Generic[M]):
    """The shared parts of a :class:`ChannelType`: options, limits, sanitizing; a subclass sets
    ``name``, ``files``, ``model`` (and ``options_model`` when it has limits of its own) and writes
    ``extractive``, ``check``, ``texts`` and ``render``."""

    name: ClassVar[str]
    files: ClassVar[tuple[str, ...]]
    model: ClassVar[type[BaseModel]]
    options_model: ClassVar[type[ChannelOptions]] = ChannelOptions
    multiline_fields: ClassVar[frozenset[str]] = frozenset()
    #: rough size of a model's answer, for dry-run cost estimates
    expected_output_tokens: ClassVar[int] = 500

    def options(self, ctx: ChannelContext) -> Any:
        return ctx.config.options(self.name)

    # -- to implement -----------------------------------------------------------------------

    def extractive(self, ctx: ChannelContext) -> M:
        raise NotImplementedError

    def check(self, value: M, ctx: ChannelContext) -> list[str]:
        """Limit violations, each an instruction a writer or a model can act on."""
        raise NotImplementedError

    def shortfalls(self, value: M, ctx: ChannelContext) -> list[str]:
        """Where a valid value stays under the configured target because the page has less to say
        (reported as information, never blocking: a shorter derivative beats none)."""
        return []

    def texts(self, value: M) -> list[tuple[str, str]]:
        """(text, guardrail scope) pairs that the brand rules check."""
        raise NotImplementedError

    def render(self, value: M, ctx: ChannelContext) -> dict[str, str | bytes]:
        raise NotImplementedError

    def limits(self, ctx: ChannelContext) -> dict[str, Any]:
        """The limits as the prompt states them."""
        return self.options(ctx).model_dump(exclude={"enabled", "utm"})

    # -- shared -----------------------------------------------------------------------------

    def sanitize(self, value: M, ctx: ChannelContext) -> tuple[M, list[str]]:
        """Every string field as safe plain text; returns what was removed."""
        problems: list[str] = []

        def walk(data: Any, key: str = "") -> Any:
            if isinstance(data, str):
                text, found = _clean(ctx, data, multiline=key in self.multiline_fields)
                problems.extend(found)
                return text
            if isinstance(data, list):
                return [walk(v, key) for v in data]
            if isinstance(data, dict):
                return {k: walk(v, k) for k, v in data.items()}
            return data

        data = value.model_dump()
        cleaned = walk(data)
        # nothing cleaned (the usual case for the page's own sentences): validating the same dump
        # again would give an equal value, at a pydantic round trip per channel and page
        return (value if cleaned == data else type(value).model_validate(cleaned)), sorted(set(problems))

    def derived(self, files: dict[str, str | bytes], ctx: ChannelContext) -> dict[str, str | bytes]:
        """Files rebuilt from an edited source file (the carousel PDF from its .md); default none."""
        return {}


def _clean(ctx: ChannelContext, text: str, *, multiline: bool) -> tuple[str, tuple[str, ...]]:
    """:func:`.sanitize.clean_text` with the context's allowed URLs (:func:`.context.url_allowed`)."""
    return _cleaned(text, multiline, ctx.site_url, ctx.outbound)


@lru_cache(maxsize=1024)  # a page's jobs run one after another: the repeats come within a page
def _cleaned(text: str, multiline: bool, site_url: str, outbound: frozenset[str]) -> tuple[str, tuple[str, ...]]:
    """Memoised by everything it reads: a page's channels are made of the same points and sentences
    (16,196 strings cleaned in a 300-page build, 6,887 distinct)."""
    out, problems = clean_text(text, partial(url_allowed, site_url=site_url, outbound=outbound), multiline=multiline)
    return out, tuple(problems)
