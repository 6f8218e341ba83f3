"""What a forked worker of the render's page loops (:mod:`aeoloop.render_split`,
:mod:`aeoloop.populate_split`) and the build process share about logging and failure: the worker's
log records kept and handed back, the build process emitting them as its own (its handlers, so
``--strict`` counts them once), the message a failed share fails the build with."""

from __future__ import annotations

import logging

__all__ = ["Capture", "NotForked", "capture_logs", "failure", "replay"]


class Capture(logging.Handler):
    """A worker's log records, kept to be emitted by the build process (its handlers, its counts)."""

    def __init__(self) -> None:
        super().__init__(logging.NOTSET)
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.name, record.levelno, record.getMessage()))


def capture_logs() -> Capture:
    """Every record a logger lets through goes to one handler on the root, once (in the worker only)."""
    capture = Capture()
    for logger in logging.root.manager.loggerDict.values():
        if isinstance(logger, logging.Logger):
            logger.handlers = []
            logger.propagate = True
    logging.root.handlers = [capture]
    return capture


def replay(logs: list[tuple[str, int, str]]) -> None:
    for name, level, message in logs:
        record = logging.makeLogRecord(
            {"name": name, "levelno": level, "levelname": logging.getLevelName(level), "msg": message}
        )
        logging.getLogger(name).handle(record)


class NotForked(Exception):
    """A share was about to be rendered in the build process itself (no fork): it must not be."""


def failure(records: list[tuple[str, int, str]], err: BaseException) -> str:
    errors = [message for _, level, message in records if level >= logging.ERROR]
    return errors[-1] if errors else f"{type(err).__name__}: {err}"
