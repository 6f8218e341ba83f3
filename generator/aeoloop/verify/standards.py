"""Checks of the 2026 discovery standards: llms.txt v2 links, ``_headers``, usage signals.

Why: a page that names a Markdown version or an llms.txt that does not exist sends agents to a
404, and a usage signal with a typo (``ai-trian=no``, ``train-ai=no``) states no preference at
all while the site owner believes it does. These checks read the built files back, independently
of the code that wrote them:

* every aeoloop page has ``<link rel="alternate" type="text/markdown">`` and
  ``<link rel="describedby">``, both resolve to files of the site, and describedby names the most
  specific llms.txt that covers the page (llms.txt v2: an llms.txt in a folder covers the pages
  under it). ``rel`` is read as the HTML token set, so aeoloop's own ``rel="alternate "`` (written
  so that mkdocs-material's whole-value ``link[rel=alternate]`` does not fetch a sitemap beside the
  mirror, see ``amplify.llmstxt.MARKDOWN_ALTERNATE_REL``) and a hand-written ``rel="alternate"``
  both count;
* every scoped llms.txt is llmstxt.org-shaped and its links resolve;
* ``_headers`` (Netlify/Cloudflare Pages) parses, its ``Link`` targets resolve, and its
  ``Content-Usage`` values follow the IETF aipref vocabulary;
* ``Content-Signal`` (contentsignals.org) and ``Content-Usage`` lines in robots.txt parse.
"""

from __future__ import annotations

import re
from pathlib import Path

from .facts import _PageFacts
from .report import Finding, _short
from .site_files import _check_llms, _resolve_link

#: Content-Signal keys and values of Cloudflare's Content Signals Policy.
SIGNAL_KEYS = frozenset({"search", "ai-input", "ai-train"})
#: Usage categories of draft-ietf-aipref-vocab (-08): train-ai, ai-use, search.
USAGE_KEYS = frozenset({"train-ai", "ai-use", "search"})
_SF_KEY_RE = re.compile(r"^[a-z*][a-z0-9_.*-]*$")
_LINK_VALUE_RE = re.compile(r"<([^>]*)>\s*((?:;\s*[^;,]+)*)")


def parse_signal(value: str) -> tuple[dict[str, str], list[str]]:
    """A ``Content-Signal`` value (``search=yes, ai-train=no``) → (pairs, problems)."""
    pairs: dict[str, str] = {}
    problems: list[str] = []
    for part in value.split(","):
        part = part.strip()
        key, sep, val = part.partition("=")
        key, val = key.strip(), val.strip()
        if not sep or not key:
            problems.append(f"{part!r} is not key=value")
        elif key not in SIGNAL_KEYS:
            problems.append(f"unknown signal {key!r} (known: {', '.join(sorted(SIGNAL_KEYS))})")
        elif val not in ("yes", "no"):
            problems.append(f"{key}={val!r}: the value must be yes or no")
        elif key in pairs:
            problems.append(f"{key} is given twice")
        else:
            pairs[key] = val
    return pairs, problems


def parse_usage(value: str) -> tuple[dict[str, str], list[str], list[str]]:
    """An aipref preference (an RFC 9651 dictionary: ``train-ai=n, search=y``) →
    (pairs, errors, unknown keys). Unknown keys are allowed by the vocabulary (extensions)."""
    pairs: dict[str, str] = {}
    errors: list[str] = []
    unknown: list[str] = []
    for member in value.split(","):
        member = member.strip()
        item = member.split(";", 1)[0]  # parameters are allowed and carry no meaning here
        key, sep, val = item.partition("=")
        key, val = key.strip(), val.strip()
        if not _SF_KEY_RE.match(key):
            errors.append(f"{member!r}: {key!r} is not a dictionary key (lowercase letters, digits, -, _, ., *)")
            continue
        if not sep:
            errors.append(f"{key} has no value; write {key}=y or {key}=n")
            continue
        if val not in ("y", "n"):
            errors.append(f"{key}={val}: the value must be the token y or n (not yes/no, not quoted)")
            continue
        if key not in USAGE_KEYS:
            unknown.append(key)
        pairs[key] = val
    return pairs, errors, unknown


def _most_specific_llms(rel: str, llms_files: list[str]) -> str | None:
    """The llms.txt with the longest folder that contains the page file ``rel``."""
    best: str | None = None
    for name in llms_files:
        folder = name[: -len("llms.txt")]
        if rel.startswith(folder) and (best is None or len(name) > len(best)):
            best = name
    return best


def check_page_links(
    rel: str, facts: _PageFacts, site_url: str, files: set[str], llms_files: list[str], out: list[Finding]
) -> None:
    """The two llms.txt v2 relations of one aeoloop page, resolved against the built files."""
    if not facts.jsonld:
        return
    if facts.md_alternate is None:
        out.append(
            Finding(
                "warning",
                rel,
                "llms-page-links",
                'No <link rel="alternate" type="text/markdown" href="..."> in <head>; agents look for '
                "the page's Markdown version there (llms.txt v2). Enable llms_txt.mirrors and llms_txt.links.",
            )
        )
    else:
        internal, found = _resolve_link(facts.md_alternate, site_url, files)
        if internal and found is None:
            out.append(
                Finding(
                    "error",
                    rel,
                    "llms-link-broken",
                    f"The page's Markdown alternate {facts.md_alternate} is no file of the site; rebuild "
                    "the mirrors or fix llms_txt.mirror_url.",
                )
            )
    if not llms_files:
        return
    if facts.describedby is None:
        out.append(
            Finding(
                "warning",
                rel,
                "llms-page-links",
                '<head> has no <link rel="describedby" href=".../llms.txt">; name the llms.txt that covers '
                "the page (llms.txt v2). Enable llms_txt.links.",
            )
        )
        return
    internal, found = _resolve_link(facts.describedby, site_url, files)
    if internal and found is None:
        out.append(
            Finding(
                "error",
                rel,
                "llms-link-broken",
                f"The page's describedby link {facts.describedby} is no file of the site; write that "
                "llms.txt or fix llms_txt.scopes.",
            )
        )
        return
    best = _most_specific_llms(rel, llms_files)
    if found is not None and best is not None and found != best:
        out.append(
            Finding(
                "warning",
                rel,
                "llms-describedby",
                f"describedby names {found}, but {best} is the most specific llms.txt above this page; "
                "llms.txt v2 agents use the most specific one. Point the link there.",
            )
        )


def llms_files_of(files: set[str]) -> list[str]:
    return sorted(f for f in files if f == "llms.txt" or f.endswith("/llms.txt"))


def check_scoped_llms(site_dir: Path, site_url: str, files: set[str], out: list[Finding]) -> None:
    """Each llms.txt in a folder gets the same format and link checks as the root one."""
    for name in llms_files_of(files):
        if name != "llms.txt":
            _check_llms(site_dir, site_url, files, out, page=name)


def _link_targets(value: str) -> list[str]:
    return [m.group(1).strip() for m in _LINK_VALUE_RE.finditer(value)]


def check_headers(site_dir: Path, site_url: str, files: set[str], out: list[Finding]) -> None:
    """``_headers``: path lines, indented ``Name: value`` lines; Link targets and Content-Usage."""
    page = "_headers"
    if page not in files:
        return
    try:
        text = (site_dir / page).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        out.append(Finding("error", page, "headers-invalid", f"site/_headers cannot be read as UTF-8 ({exc})."))
        return
    current: str | None = None
    for lineno, raw in enumerate(text.splitlines(), 1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        if not raw[0].isspace():
            if not (raw.startswith("/") or raw.startswith("https://")):
                out.append(
                    Finding(
                        "error",
                        page,
                        "headers-invalid",
                        f"_headers line {lineno}: {_short(raw, 60)!r} is neither a path (starting with / or "
                        "https://) nor an indented `Name: value` line.",
                    )
                )
            current = raw.strip()
            continue
        name, sep, value = raw.strip().partition(":")
        if current is None or not sep or not name.strip() or " " in name.strip():
            out.append(
                Finding(
                    "error",
                    page,
                    "headers-invalid",
                    f"_headers line {lineno}: {_short(raw.strip(), 60)!r} must be an indented `Name: value` "
                    "line under a path line.",
                )
            )
            continue
        name, value = name.strip().lower(), value.strip()
        if name == "link":
            for target in _link_targets(value):
                internal, found = _resolve_link(target, site_url, files)
                if internal and found is None:
                    out.append(
                        Finding(
                            "error",
                            page,
                            "llms-link-broken",
                            f"_headers line {lineno} links <{target}>, which is no file of the site.",
                        )
                    )
        elif name == "content-usage":
            _usage_findings(value, page, f"_headers line {lineno}", out)


def _usage_findings(prefs: str, page: str, where: str, out: list[Finding]) -> None:
    """Findings for one ``Content-Usage`` preference list, wherever it is written (robots.txt, _headers)."""
    _, errors, unknown = parse_usage(prefs)
    for problem in errors:
        out.append(Finding("error", page, "usage-signal-invalid", f"{where}: Content-Usage {problem}."))
    for name in unknown:
        out.append(
            Finding(
                "warning",
                page,
                "usage-signal-invalid",
                f"{where}: Content-Usage category {name!r} is not in the aipref vocabulary "
                f"({', '.join(sorted(USAGE_KEYS))}); recipients will ignore it. Check the spelling.",
            )
        )


def check_usage_signals(site_dir: Path, files: set[str], out: list[Finding]) -> None:
    """``Content-Signal`` and ``Content-Usage`` lines of robots.txt must parse, or they say nothing."""
    page = "robots.txt"
    if page not in files:
        return
    try:
        text = (site_dir / page).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return
    for lineno, raw in enumerate(text.splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        key, sep, value = line.partition(":")
        key, value = key.strip().lower(), value.strip()
        if not sep:
            continue
        if key == "content-signal":
            _, problems = parse_signal(value)
            if not value:
                problems = ["the value is empty"]
            for problem in problems:
                out.append(
                    Finding(
                        "error",
                        page,
                        "usage-signal-invalid",
                        f"robots.txt line {lineno}: Content-Signal {problem}; write e.g. "
                        "`Content-Signal: search=yes, ai-input=yes, ai-train=no`.",
                    )
                )
        elif key == "content-usage":
            path, _, prefs = value.partition(" ")
            if not path.startswith("/"):
                out.append(
                    Finding(
                        "error",
                        page,
                        "usage-signal-invalid",
                        f"robots.txt line {lineno}: Content-Usage needs a path first (`Content-Usage: / train-ai=n`), "
                        f"got {_short(value, 40)!r}.",
                    )
                )
                continue
            _usage_findings(prefs.strip(), page, f"robots.txt line {lineno}", out)
