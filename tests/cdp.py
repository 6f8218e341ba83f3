"""A small Chrome DevTools Protocol client over ``--remote-debugging-pipe``, for browser tests.

Debian's ``chromium`` is driven as it is installed: no driver binary, no WebSocket library, nothing
downloaded at run time. Chromium reads JSON commands from file descriptor 3 and writes responses
and events to descriptor 4, each message ending with a NUL byte.

One :class:`Browser` is one headless Chromium with its own profile; :meth:`Browser.page` attaches
to a fresh tab (flat session) with the Page, Runtime, Log and Network domains on, and records
every request URL, console message and uncaught exception, so a test can assert on them.
"""

from __future__ import annotations

import json
import os
import select
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


class CdpError(RuntimeError):
    """A DevTools command failed or the browser did not answer in time."""


def chromium_binary() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


class Browser:
    def __init__(self, profile: Path, *, timeout: float = 60.0) -> None:
        binary = chromium_binary()
        if binary is None:
            raise CdpError("chromium is not installed (Debian package `chromium`)")
        self.timeout = timeout
        to_chrome_r, self._w = os.pipe()
        self._r, from_chrome_w = os.pipe()

        def fds() -> None:  # in the child: our pipe ends become its descriptors 3 and 4
            import fcntl

            high_r, high_w = fcntl.fcntl(to_chrome_r, fcntl.F_DUPFD, 10), fcntl.fcntl(from_chrome_w, fcntl.F_DUPFD, 10)
            os.dup2(high_r, 3)
            os.dup2(high_w, 4)

        self.proc = subprocess.Popen(
            [
                binary,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--no-first-run",
                "--disable-extensions",
                "--disable-component-update",
                "--disable-default-apps",
                "--disable-sync",
                f"--user-data-dir={profile}",
                "--remote-debugging-pipe",
                "about:blank",
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=fds,
            pass_fds=(3, 4),  # kept open: close_fds runs after preexec_fn
        )
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self._buf = b""
        self._next = 0
        self.events: list[dict[str, Any]] = []

    # -- wire ------------------------------------------------------------------------------------

    def _send(self, method: str, params: dict[str, Any] | None = None, session: str | None = None) -> int:
        self._next += 1
        msg: dict[str, Any] = {"id": self._next, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self._w, json.dumps(msg).encode() + b"\0")
        return self._next

    def _read_one(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buf:
            left = deadline - time.monotonic()
            if left <= 0:
                raise CdpError("chromium did not answer in time")
            ready, _, _ = select.select([self._r], [], [], left)
            if ready:
                chunk = os.read(self._r, 1 << 16)
                if not chunk:
                    raise CdpError("chromium closed the DevTools pipe")
                self._buf += chunk
        raw, self._buf = self._buf.split(b"\0", 1)
        return json.loads(raw)

    def call(self, method: str, params: dict[str, Any] | None = None, session: str | None = None) -> dict[str, Any]:
        wanted = self._send(method, params, session)
        deadline = time.monotonic() + self.timeout
        while True:
            msg = self._read_one(deadline)
            if msg.get("id") == wanted:
                if "error" in msg:
                    raise CdpError(f"{method}: {msg['error']}")
                return msg.get("result", {})
            if "method" in msg:
                self.events.append(msg)

    def wait_for(self, method: str, session: str | None, after: int, timeout: float | None = None) -> dict[str, Any]:
        """The first event ``method`` (of ``session``) recorded at index ≥ ``after``, reading until it comes."""
        deadline = time.monotonic() + (timeout or self.timeout)
        i = after
        while True:
            while i < len(self.events):
                e = self.events[i]
                i += 1
                if e["method"] == method and (session is None or e.get("sessionId") == session):
                    return e
            msg = self._read_one(deadline)
            if "method" in msg:
                self.events.append(msg)

    # -- pages -----------------------------------------------------------------------------------

    def page(self, *, javascript: bool = True) -> Page:
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.call(f"{domain}.enable", {}, session)
        if not javascript:
            self.call("Emulation.setScriptExecutionDisabled", {"value": True}, session)
        return Page(self, session, len(self.events))

    def close(self) -> None:
        try:
            self._send("Browser.close")
            self.proc.wait(timeout=10)
        except Exception:  # noqa: BLE001 - closing; kill below
            pass
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        for fd in (self._w, self._r):
            try:
                os.close(fd)
            except OSError:
                pass

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@dataclass
class Page:
    browser: Browser
    session: str
    start: int  # index of the first event of this page in browser.events
    _seen: int = field(default=0)

    def _events(self, method: str) -> list[dict[str, Any]]:
        return [
            e for e in self.browser.events[self.start :] if e.get("sessionId") == self.session and e["method"] == method
        ]

    def call(self, method: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        return self.browser.call(method, params, self.session)

    def goto(self, url: str) -> None:
        """Navigate and wait for the load event."""
        mark = len(self.browser.events)
        self.call("Page.navigate", {"url": url})
        self.browser.wait_for("Page.loadEventFired", self.session, mark)

    def eval(self, expression: str) -> Any:
        out = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        if "exceptionDetails" in out:
            raise CdpError(f"{expression}: {out['exceptionDetails']}")
        return out["result"].get("value")

    def key(self, key: str, code: str, keycode: int) -> None:
        """Press and release one key (as a keyboard user would)."""
        for kind in ("rawKeyDown", "keyUp"):
            self.call(
                "Input.dispatchKeyEvent",
                {
                    "type": kind,
                    "key": key,
                    "code": code,
                    "windowsVirtualKeyCode": keycode,
                    "nativeVirtualKeyCode": keycode,
                },
            )

    @property
    def requests(self) -> list[str]:
        return [e["params"]["request"]["url"] for e in self._events("Network.requestWillBeSent")]

    @property
    def errors(self) -> list[str]:
        """Console errors and warnings, uncaught exceptions and browser log errors of this page."""
        out = [
            f"console.{e['params']['type']}: {e['params'].get('args')}"
            for e in self._events("Runtime.consoleAPICalled")
            if e["params"]["type"] in ("error", "warning", "assert")
        ]
        out += [f"exception: {e['params']['exceptionDetails']}" for e in self._events("Runtime.exceptionThrown")]
        out += [
            f"log.{e['params']['entry']['level']}: {e['params']['entry'].get('text')} {e['params']['entry'].get('url', '')}"
            for e in self._events("Log.entryAdded")
            if e["params"]["entry"]["level"] in ("error", "warning")
        ]
        return out
