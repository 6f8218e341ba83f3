"""Client IPs never reach the store in clear, not even in the quarantine of unreadable rows.

Readable rows keep a client IP only as an HMAC (:class:`~.normalize.IpHasher`) or not at all.
An unreadable row has no field structure to trust, so its excerpt is scrubbed as text before it
is stored: every IPv4 or IPv6 literal in it becomes ``<ip>`` (or ``<ip:HMAC>`` when
``AEOLOOP_IP_HMAC_KEY`` is set, so quarantined rows of one client can still be grouped and
matched with ``visits.ip_hash``). The same scrub applies to the reason (it may quote a value) and
to the free-text columns kept from access logs (request target, user agent, referrer, host),
where apps and proxies put client addresses too (``/pixel?ip=…``, ``X-Forwarded-For`` echoed in
a user agent). Log adapters also blank the field they know holds the client (the first field of a
Combined Log line, CloudFront's ``c-ip``, the IP keys of JSON logs) before the text scrub, so a
client written as a resolved host name (``HostnameLookups On``) is not kept either.

Candidates are found with two regular expressions (linear: no nested quantifiers) and IPv6
candidates are confirmed with :mod:`ipaddress`, so times such as ``13:55:36`` stay as they are.
"""

from __future__ import annotations

import ipaddress
import re
from typing import Any

from .normalize import IpHasher

_OCTET = r"(?:25[0-5]|2[0-4][0-9]|[01]?[0-9]?[0-9])"
_IPV4_RE = re.compile(rf"(?<![0-9])(?:{_OCTET}\.){{3}}{_OCTET}(?![0-9])")
_IPV6_RE = re.compile(
    r"(?<![0-9A-Za-z:])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f.]{0,15}){2,8}(?:%[0-9A-Za-z_.\-]{1,32})?(?![0-9A-Za-z:])"
)

IP_KEYS = frozenset(
    {
        "clientip",
        "client_ip",
        "c-ip",
        "c_ip",
        "ip",
        "remoteaddr",
        "remote_addr",
        "remoteip",
        "remote_ip",
        "x-forwarded-for",
        "x_forwarded_for",
        "xforwardedfor",
        "forwarded",
        "clientipv6",
        "true-client-ip",
        "cf-connecting-ip",
        "originip",
        "clientips",
    }
)
"""JSON keys and log field names (lowercased) that hold a client address."""

PLACEHOLDER = "<ip>"


def _is_ipv6(candidate: str) -> bool:
    core = candidate.split("%", 1)[0]
    if not core.strip(":.") or core.count(":") < 2:
        return False
    try:
        ipaddress.IPv6Address(core)
    except ValueError:
        return False
    return True


def has_ip(text: str) -> bool:
    """True when ``text`` holds an IPv4 or IPv6 literal (what the privacy tests grep for)."""
    if _IPV4_RE.search(text):
        return True
    return any(_is_ipv6(m.group(0)) for m in _IPV6_RE.finditer(text))


class IpScrubber:
    """Replaces IP literals in text with ``<ip>`` or ``<ip:HMAC>`` (see the module doc)."""

    def __init__(self, hasher: IpHasher | None = None) -> None:
        self.hasher = hasher if hasher is not None else IpHasher()

    def token(self, ip: str) -> str:
        digest = self.hasher(ip)
        return PLACEHOLDER if digest is None else f"<ip:{digest & 0xFFFFFFFFFFFFFFFF:016x}>"

    def __call__(self, text: str | None) -> str | None:
        if not text:
            return text
        if ":" in text:
            text = _IPV6_RE.sub(lambda m: self.token(m.group(0)) if _is_ipv6(m.group(0)) else m.group(0), text)
        if "." in text:
            text = _IPV4_RE.sub(lambda m: self.token(m.group(0)), text)
        return text

    def json_excerpt(self, obj: Any, limit: int = 500) -> str:
        """A short JSON excerpt of a log record with its client-IP keys blanked, then scrubbed."""
        import json

        if isinstance(obj, dict):
            obj = {k: (PLACEHOLDER if isinstance(k, str) and k.lower() in IP_KEYS else v) for k, v in obj.items()}
        try:
            text = json.dumps(obj, default=str, ensure_ascii=False)[: limit * 4]
        except (ValueError, RecursionError, TypeError):
            text = "(unprintable JSON value)"
        return self(text[:limit]) or ""


def blank_client(value: str) -> str:
    """A field known to hold the client: an IP literal stays for the scrub (which writes it as
    ``<ip:HMAC>`` when a key is set), anything else (a resolved host name) becomes ``<ip>``."""
    stripped = value.strip().strip("[]")
    if _IPV4_RE.fullmatch(stripped) or _is_ipv6(stripped):
        return value
    return PLACEHOLDER if value and value != "-" else value


def blank_first_field(line: str) -> str:
    """A Combined Log line with its client field (the first token) blanked (see :func:`blank_client`)."""
    head, sep, rest = line.lstrip().partition(" ")
    return f"{blank_client(head)}{sep}{rest}" if sep else (blank_client(head) if head else line)
