"""The one check of a ``site_url``, shared by ``aeoloop new --url`` and the loading of mkdocs.yml.

``site_url`` is pasted into canonical links, JSON-LD, sitemaps, llms.txt and robots.txt: a value
with a line break or a space would split those files, so it is refused where it is written.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

_BAD_CHARS = re.compile(r"[\x00-\x20\x7f\"'<>\\^`{|}]")


def site_url_problem(value: object) -> str | None:
    """What is wrong with ``value`` as a site URL, or None when it is fine."""
    if not isinstance(value, str):
        return f"must be an absolute http(s) URL such as https://www.example.com/, not {value!r}"
    bad = _BAD_CHARS.search(value)
    if bad is not None:
        what = (
            "a line break"
            if bad.group() in "\r\n"
            else "a space"
            if bad.group() == " "
            else f"the character {bad.group()!r}"
        )
        return f"contains {what} at position {bad.start() + 1}; write one absolute URL such as https://www.example.com/"
    if not value.startswith(("http://", "https://")):
        return f"must be an absolute http(s) URL such as https://www.example.com/, not {value!r}"
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018  # raises ValueError for a port that is not a number
    except ValueError as err:
        return f"is not a valid URL ({err}): {value!r}"
    if not parts.hostname:
        return f"has no host name: {value!r}"
    if parts.query or parts.fragment:
        return f"must not have a query or a fragment (?… or #…): {value!r}"
    return None
