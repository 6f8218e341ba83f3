"""Client IPs: HMAC or nothing, never in clear (see :class:`IpHasher`)."""

from __future__ import annotations

import hmac
import os

# --- client IPs -------------------------------------------------------------------------------

IP_KEY_ENV = "AEOLOOP_IP_HMAC_KEY"


class IpHasher:
    """Client IPs never reach the store in clear: HMAC-SHA256 with a key from the environment
    (``AEOLOOP_IP_HMAC_KEY``), truncated to a signed 64-bit integer, or dropped (None) when no
    key is set. The same key gives the same value across files, so distinct visitors can be
    counted; without the key the value cannot be reversed by trying all IPv4 addresses."""

    def __init__(self, key: str | None = None) -> None:
        key = key if key is not None else os.environ.get(IP_KEY_ENV)
        self.key = key.encode() if key else None
        self._cache: dict[str | bytes, int] = {}
        self._base = hmac.new(self.key, digestmod="sha256") if self.key else None  # keyed once, copied per IP

    def many(self, ips: list[str] | list[bytes]) -> list[int | None]:
        """The HMAC of every IP of a list (dictionary lookups, hashing only new IPs)."""
        out = list(map(self._cache.get, ips))
        if None in out:  # fill the gaps in place: a second pass over a big dictionary costs more
            for i, h in enumerate(out):
                if h is None:
                    out[i] = self(ips[i])
        return out

    def __call__(self, ip: str | bytes | None) -> int | None:
        if self._base is None or not ip or ip in ("-", b"-"):  # (no key, no base)
            return None
        hit = self._cache.get(ip)
        if hit is None:
            mac = self._base.copy()
            mac.update(ip if isinstance(ip, bytes) else ip.encode())
            digest = mac.digest()
            hit = int.from_bytes(digest[:8], "big", signed=True)
            if len(self._cache) > 500_000:
                self._cache.clear()
            self._cache[ip] = hit
        return hit
