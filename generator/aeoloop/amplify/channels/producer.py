"""What the channels step hands a producer that writes channel derivatives itself, and gets back.

The extractive templates make every channel unless the build's backend is a
:class:`ChannelProducer` (the llm backend is): a backend that writes channels subclasses it next to
:class:`~aeoloop.backends.registry.BaseBackend`. The channels step asks ``isinstance`` of this
class, so the backend protocol the build state holds (:class:`aeoloop.state.Backend`) needs no
channel types, and the state stays below the phases.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # types only
    from ...page import Page
    from ...publish import StagedFile
    from .base import ChannelType
    from .context import ChannelContext
    from .finalize import Checked


@dataclass
class ChannelJob:
    """One page × channel to produce, with the inputs that key its cache entry."""

    page: Page
    channel: ChannelType[Any]
    ctx: ChannelContext
    inputs: dict[str, str]
    recorded: dict[str, Any] | None
    protected: dict[str, str]


@dataclass
class ChannelOutcome:
    """What a producer returns per job: a checked value, or why it has none."""

    checked: Checked | None = None
    faults: list[str] = field(default_factory=list)
    error: str | None = None
    attempts: int = 0
    files: dict[str, str | bytes] | dict[str, StagedFile] | None = (
        None  # rendered already (by a worker thread, while others wait on the network; written by a worker process)
    )


class ChannelProducer(ABC):
    """A backend that writes channel derivatives itself (the llm backend)."""

    @abstractmethod
    def channel_provenance(self) -> dict[str, str]:
        """backend, model and template version recorded for (and keying) what it produces."""

    @abstractmethod
    def plan_channels(self, jobs: list[ChannelJob]) -> None:
        """``--dry-run``: record the calls it would make (no call)."""

    @abstractmethod
    def produce_channels(self, jobs: list[ChannelJob]) -> list[ChannelOutcome]:
        """One outcome per job, in order."""
