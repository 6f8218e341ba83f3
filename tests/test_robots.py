"""robots.txt rendering and AI-crawler classification (aeoloop.amplify.robots / .crawlers).

The rendered file is checked two ways: with Python's ``urllib.robotparser`` (a first-match,
substring parser, i.e. the kind of naive client the layout must also survive) and with a small
RFC 9309 evaluator below (most specific group, merged groups, longest match, allow wins ties),
which is what Google, OpenAI and Anthropic implement.

Regenerate the golden file after an intended change (or a data refresh) with
``AEOLOOP_UPDATE_GOLDEN=1 pytest tests/test_robots.py``.
"""

from __future__ import annotations

import json
import os
import re
from importlib.resources import files
from pathlib import Path
from urllib.robotparser import RobotFileParser

import pytest
from pydantic import ValidationError

from aeoloop.crawlers import (
    PURPOSE_OVERRIDES,
    Crawler,
    Purpose,
    classify_user_agent,
    crawlers_by_purpose,
    function_purpose,
    load_crawlers,
    product_token,
)
from aeoloop.amplify.robots import render_robots_txt
from aeoloop.settings.robots import RobotsPolicy

GOLDEN = Path(__file__).parent / "fixtures" / "robots" / "training-disallow.txt"
SITEMAP = "https://example.com/sitemap.xml"
URL = "https://example.com/guide/what-is-aeo/"
PRIVATE_URL = "https://example.com/drafts/next.html"


def _raw() -> dict[str, dict[str, object]]:
    path = files("aeoloop") / "data" / "ai-robots-txt" / "robots.json"
    return json.loads(path.read_text(encoding="utf-8"))


def _robotparser(text: str) -> RobotFileParser:
    parser = RobotFileParser()
    parser.parse(text.splitlines())
    return parser


# --- a minimal RFC 9309 evaluator -------------------------------------------------------------

_PRODUCT_RE = re.compile(r"[A-Za-z0-9_-]+")


def _product(agent: str) -> str:
    match = _PRODUCT_RE.match(agent.strip())
    return match.group(0).casefold() if match else agent.strip().casefold()


def _groups(text: str) -> list[tuple[list[str], list[tuple[str, str]]]]:
    """(agents, rules) per group; blank lines and comments ignored as RFC 9309 does."""
    groups: list[tuple[list[str], list[tuple[str, str]]]] = []
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line or ":" not in line:
            continue
        key, value = (part.strip() for part in line.split(":", 1))
        key = key.casefold()
        if key == "user-agent":
            if not groups or groups[-1][1]:
                groups.append(([], []))
            groups[-1][0].append(value)
        elif key in ("allow", "disallow") and groups:
            groups[-1][1].append((key, value))
    return groups


def _rfc_allowed(text: str, agent: str, path: str) -> bool:
    groups = _groups(text)
    me = _product(agent)
    rules = [r for agents, rs in groups for r in rs if any(_product(a) == me for a in agents)]
    if not any(any(_product(a) == me for a in agents) for agents, _ in groups):
        rules = [r for agents, rs in groups for r in rs if "*" in agents]
    best: tuple[int, bool] | None = None
    for kind, pattern in rules:
        if not pattern:
            continue
        regex = re.escape(pattern).replace(r"\*", ".*").replace(r"\$", "$")
        if re.match(regex, path):
            candidate = (len(pattern), kind == "allow")
            if best is None or candidate > best:  # longer wins; on a tie allow (True) wins
                best = candidate
    return True if best is None else best[1]


def _expected(policy: RobotsPolicy, crawler: Crawler) -> bool:
    key = product_token(crawler.token)
    for token, decision in policy.overrides.items():
        if product_token(token) == key:
            return decision == "allow"
    return policy.decision(crawler.purpose) == "allow"


# --- data and purpose mapping -----------------------------------------------------------------


def test_no_unmapped_function_spelling() -> None:
    """An upstream refresh that adds a new ``function`` spelling must be mapped on purpose."""
    unmapped = sorted({str(e["function"]) for e in _raw().values() if function_purpose(str(e["function"])) is None})
    assert unmapped == [], f"add these to _FUNCTION_TABLE in crawlers.py: {unmapped}"


def test_overrides_name_shipped_tokens() -> None:
    """A renamed or dropped upstream token must not leave a silently dead override."""
    shipped = {product_token(t) for t in _raw()}
    assert sorted(set(PURPOSE_OVERRIDES) - shipped) == []


def test_spellings_of_one_crawler_agree_or_are_overridden() -> None:
    """Rows sharing a product token must map alike, or an override must settle it."""
    families: dict[str, set[Purpose | None]] = {}
    for token, entry in _raw().items():
        families.setdefault(product_token(token), set()).add(function_purpose(str(entry["function"])))
    conflicts = sorted(k for k, ps in families.items() if len(ps) > 1 and k not in PURPOSE_OVERRIDES)
    assert conflicts == []


def test_load_crawlers_covers_every_token() -> None:
    crawlers = load_crawlers()
    assert len(crawlers) == len(_raw()) == 166
    assert [c.token for c in crawlers] == sorted((c.token for c in crawlers), key=lambda t: (t.casefold(), t))
    assert all(c.operator and "](" not in c.operator for c in crawlers)
    groups = crawlers_by_purpose()
    assert all(groups[p] for p in Purpose)
    assert sum(len(g) for g in groups.values()) == 166


@pytest.mark.parametrize(
    ("token", "purpose"),
    [
        ("GPTBot", Purpose.TRAINING),
        ("ClaudeBot", Purpose.TRAINING),
        ("anthropic-ai", Purpose.TRAINING),
        ("CCBot", Purpose.TRAINING),
        ("Google-Extended", Purpose.TRAINING),
        ("Applebot-Extended", Purpose.TRAINING),
        ("Bytespider", Purpose.TRAINING),
        ("meta-externalagent", Purpose.TRAINING),
        ("Meta-ExternalAgent", Purpose.TRAINING),
        ("cohere-training-data-crawler", Purpose.TRAINING),
        ("OAI-SearchBot", Purpose.SEARCH),
        ("Claude-SearchBot", Purpose.SEARCH),
        ("PerplexityBot", Purpose.SEARCH),
        ("Amzn-SearchBot", Purpose.SEARCH),
        ("Applebot", Purpose.SEARCH),
        ("ChatGPT-User", Purpose.USER),
        ("Claude-User", Purpose.USER),
        ("Perplexity-User", Purpose.USER),
        ("MistralAI-User", Purpose.USER),
        ("MistralAI-User/1.0", Purpose.USER),
        ("meta-externalfetcher", Purpose.USER),
        ("facebookexternalhit", Purpose.OTHER),
        ("GoogleOther", Purpose.OTHER),
    ],
)
def test_well_known_purposes(token: str, purpose: Purpose) -> None:
    by_token = {c.token: c for c in load_crawlers()}
    assert by_token[token].purpose is purpose


# --- robots.txt: urllib.robotparser -----------------------------------------------------------


def test_training_disallow_with_robotparser() -> None:
    parser = _robotparser(render_robots_txt(RobotsPolicy(training="disallow"), sitemap_url=SITEMAP))
    assert not parser.can_fetch("GPTBot", URL)
    assert not parser.can_fetch("ClaudeBot", URL)
    assert not parser.can_fetch("CCBot", URL)
    assert not parser.can_fetch("Google-Extended", URL)
    assert parser.can_fetch("OAI-SearchBot", URL)
    assert parser.can_fetch("Claude-SearchBot", URL)
    assert parser.can_fetch("PerplexityBot", URL)
    assert parser.can_fetch("ChatGPT-User", URL)
    assert parser.can_fetch("Perplexity-User", URL)
    assert parser.can_fetch("Mozilla/5.0", URL)
    assert parser.can_fetch("Googlebot", URL)
    assert parser.site_maps() == [SITEMAP]


def test_all_allowed_by_default() -> None:
    text = render_robots_txt(RobotsPolicy(), sitemap_url=None)
    parser = _robotparser(text)
    for crawler in load_crawlers():
        assert parser.can_fetch(crawler.token, URL), crawler.token
    assert "Sitemap:" not in text
    assert "\nDisallow:" not in text


def test_disallow_paths_apply_to_every_group_robotparser() -> None:
    policy = RobotsPolicy(search="disallow", disallow_paths=["/drafts/", "/drafts/", "/*.pdf$"])
    parser = _robotparser(render_robots_txt(policy, sitemap_url=SITEMAP))
    for agent in ("GPTBot", "OAI-SearchBot", "ChatGPT-User", "facebookexternalhit", "Mozilla/5.0"):
        assert not parser.can_fetch(agent, PRIVATE_URL), agent
    assert parser.can_fetch("GPTBot", URL)
    assert not parser.can_fetch("OAI-SearchBot", URL)
    assert parser.can_fetch("Mozilla/5.0", URL)


# --- robots.txt: RFC 9309 semantics -----------------------------------------------------------

POLICIES = [
    RobotsPolicy(),
    RobotsPolicy(training="disallow"),
    RobotsPolicy(training="disallow", other="disallow", disallow_paths=["/drafts/", "/internal/"]),
    RobotsPolicy(search="disallow", user="disallow", disallow_paths=["/drafts/"]),
    RobotsPolicy(
        training="disallow",
        disallow_paths=["/drafts/"],
        overrides={
            "GPTBot": "allow",
            "meta-externalagent": "allow",
            "Brightbot 1.0": "allow",
            "ChatGPT-User": "disallow",
            "SemrushBot": "disallow",
        },
    ),
    RobotsPolicy(disallow_paths=["/"]),
]


@pytest.mark.parametrize("policy", POLICIES)
def test_rfc9309_every_token_gets_its_decision(policy: RobotsPolicy) -> None:
    text = render_robots_txt(policy, sitemap_url=SITEMAP)
    for crawler in load_crawlers():
        allowed = _expected(policy, crawler) and "/" not in policy.disallow_paths
        assert _rfc_allowed(text, crawler.token, "/guide/what-is-aeo/") is allowed, crawler.token
        if policy.disallow_paths:
            assert _rfc_allowed(text, crawler.token, "/drafts/next.html") is False, crawler.token
    assert _rfc_allowed(text, "Googlebot", "/guide/") is ("/" not in policy.disallow_paths)


@pytest.mark.parametrize("policy", POLICIES)
def test_no_crawler_is_named_in_two_groups(policy: RobotsPolicy) -> None:
    """RFC 9309 would merge such groups, mixing Allow: / and Disallow: /."""
    seen: dict[str, int] = {}
    for index, (agents, rules) in enumerate(_groups(render_robots_txt(policy, sitemap_url=None))):
        assert rules, f"group {agents} has no rule and would swallow the next one"
        for agent in agents:
            assert seen.setdefault(_product(agent), index) == index, agent


def test_overrides_move_tokens_to_their_own_group() -> None:
    policy = RobotsPolicy(training="disallow", overrides={"gptbot": "allow", "SemrushBot": "disallow"})
    text = render_robots_txt(policy, sitemap_url=None)
    parser = _robotparser(text)
    assert parser.can_fetch("GPTBot", URL)
    assert not parser.can_fetch("ClaudeBot", URL)
    assert not parser.can_fetch("SemrushBot", URL)
    assert "# override: GPTBot -> allow\nUser-agent: GPTBot\nAllow: /\n" in text
    assert "User-agent: gptbot" not in text  # the data's spelling is used, once
    assert text.count("User-agent: GPTBot\n") == 1


def test_override_moves_every_spelling_of_a_crawler() -> None:
    text = render_robots_txt(RobotsPolicy(overrides={"Meta-ExternalAgent": "disallow"}), sitemap_url=None)
    group = next(agents for agents, _ in _groups(text) if "Meta-ExternalAgent" in agents)
    assert sorted(group) == ["Meta-ExternalAgent", "meta-externalagent"]


def test_conflicting_overrides_are_rejected() -> None:
    with pytest.raises(ValidationError, match="same crawler"):
        RobotsPolicy(overrides={"GPTBot": "allow", "gptbot": "disallow"})


@pytest.mark.parametrize(
    "bad",
    [
        {"training": "block"},
        {"disallow_paths": ["drafts/"]},
        {"disallow_paths": ["/a b/"]},
        {"overrides": {"*": "disallow"}},
        {"overrides": {"Bad\nBot": "disallow"}},
        {"trainig": "disallow"},
    ],
)
def test_invalid_policy_is_rejected(bad: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        RobotsPolicy.model_validate(bad)


def test_bad_sitemap_url_is_rejected() -> None:
    with pytest.raises(ValueError, match="sitemap_url"):
        render_robots_txt(RobotsPolicy(), sitemap_url="/sitemap.xml")


def test_extra_is_appended_verbatim_before_sitemap() -> None:
    extra = "User-agent: SomeBot\r\nCrawl-delay: 10\r\nDisallow: /search\r\n\r\n"
    text = render_robots_txt(RobotsPolicy(extra=extra), sitemap_url=SITEMAP)
    assert text.endswith(
        f"User-agent: *\nAllow: /\n\nUser-agent: SomeBot\nCrawl-delay: 10\nDisallow: /search\n\nSitemap: {SITEMAP}\n"
    )


def test_output_is_deterministic_and_matches_golden() -> None:
    policy = RobotsPolicy(training="disallow")
    text = render_robots_txt(policy, sitemap_url=SITEMAP)
    assert text == render_robots_txt(RobotsPolicy.model_validate({"training": "disallow"}), sitemap_url=SITEMAP)
    if os.environ.get("AEOLOOP_UPDATE_GOLDEN"):
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_text(text, encoding="utf-8")
    assert text == GOLDEN.read_text(encoding="utf-8")
    assert text.endswith("\n") and not text.endswith("\n\n")
    assert "\r" not in text and text.isascii()


# --- user-agent classification ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("ua", "token", "purpose"),
    [
        (
            "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.2; +https://openai.com/gptbot)",
            "GPTBot",
            Purpose.TRAINING,
        ),
        (
            "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko); compatible; OAI-SearchBot/1.0; "
            "+https://openai.com/searchbot",
            "OAI-SearchBot",
            Purpose.SEARCH,
        ),
        (
            "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko); compatible; ChatGPT-User/1.0; +https://openai.com/bot",
            "ChatGPT-User",
            Purpose.USER,
        ),
        (
            "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; ClaudeBot/1.0; +claudebot@anthropic.com)",
            "ClaudeBot",
            Purpose.TRAINING,
        ),
        (
            "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; Claude-User/1.0; "
            "+Claude-User@anthropic.com)",
            "Claude-User",
            Purpose.USER,
        ),
        (
            "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; Claude-SearchBot/1.0; "
            "+Claude-SearchBot@anthropic.com)",
            "Claude-SearchBot",
            Purpose.SEARCH,
        ),
        (
            "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; PerplexityBot/1.0; "
            "+https://perplexity.ai/perplexitybot)",
            "PerplexityBot",
            Purpose.SEARCH,
        ),
        (
            "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; Perplexity-User/1.0; "
            "+https://perplexity.ai/perplexity-user)",
            "Perplexity-User",
            Purpose.USER,
        ),
        (
            "Mozilla/5.0 (Linux; Android 5.0) AppleWebKit/537.36 (KHTML, like Gecko) Mobile "
            "Safari/537.36 (compatible; Bytespider; spider-feedback@bytedance.com)",
            "Bytespider",
            Purpose.TRAINING,
        ),
        (
            "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; MistralAI-User/1.0; "
            "+https://docs.mistral.ai/robots)",
            "MistralAI-User",
            Purpose.USER,
        ),
        (
            "meta-externalagent/1.1 (+https://developers.facebook.com/docs/sharing/webmasters/crawler)",
            "meta-externalagent",
            Purpose.TRAINING,
        ),
        (
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_5) AppleWebKit/605.1.15 (KHTML, like Gecko) "
            "Version/13.1.1 Safari/605.1.15 (Applebot/0.1; +http://www.apple.com/go/applebot)",
            "Applebot",
            Purpose.SEARCH,
        ),
        ("CCBot/2.0 (https://commoncrawl.org/faq/)", "CCBot", Purpose.TRAINING),
        (
            "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
            "facebookexternalhit",
            Purpose.OTHER,
        ),
        ("gptbot/1.0", "GPTBot", Purpose.TRAINING),  # case-insensitive
        (
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Code/1.96.2 Chrome/128.0.6613.186 Electron/32.2.6 Safari/537.36",
            "Code",
            Purpose.USER,
        ),
    ],
)
def test_classify_ai_user_agents(ua: str, token: str, purpose: Purpose) -> None:
    crawler = classify_user_agent(ua)
    assert crawler is not None
    assert (crawler.token, crawler.purpose) == (token, purpose)


@pytest.mark.parametrize(
    "ua",
    [
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/124.0.0.0 Safari/537.36",
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like "
        "Gecko) Chrome/124.0.6367.201 Mobile Safari/537.36 (compatible; Googlebot/2.1; "
        "+http://www.google.com/bot.html)",
        "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; bingbot/2.0; "
        "+http://www.bing.com/bingbot.htm) Chrome/116.0.1938.76 Safari/537.36",
        "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)",
        "Sogou web spider/4.0(+http://www.sogou.com/docs/help/webmasters.htm#07)",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like "
        "Gecko) Version/17.4 Mobile/15E148 Safari/604.1 (Operator of this device)",
        "curl/8.5.0",
        "",
    ],
)
def test_classify_non_ai_user_agents(ua: str) -> None:
    assert classify_user_agent(ua) is None


def test_longest_token_wins_and_hyphen_is_part_of_a_word() -> None:
    found = classify_user_agent("Mozilla/5.0 (compatible; GoogleOther-Image/1.0)")
    assert found is not None and found.token == "GoogleOther-Image"
    found = classify_user_agent("Claude-Code/1.0.3 (external, cli)")
    assert found is not None and found.token == "Claude-Code"


def test_robots_only_tokens_are_still_rendered() -> None:
    text = render_robots_txt(RobotsPolicy(), sitemap_url=None)
    assert "User-agent: Google-Extended\n" in text
    assert "User-agent: Applebot-Extended\n" in text
