"""Engine names (the canonical key of every answer engine) and AI referrers: which engine a
referrer host or a ``utm_source`` stands for."""

from __future__ import annotations

import re
from functools import lru_cache

from .urls import url_host

# --- engines ----------------------------------------------------------------------------------

ENGINES: dict[str, str] = {
    "chatgpt": "ChatGPT",
    "perplexity": "Perplexity",
    "google-ai-overviews": "Google AI Overviews",
    "google-ai-mode": "Google AI Mode",
    "gemini": "Gemini",
    "copilot": "Microsoft Copilot",
    "claude": "Claude",
    "grok": "Grok",
    "deepseek": "DeepSeek",
    "meta-ai": "Meta AI",
    "mistral": "Mistral Le Chat",
    "you": "You.com",
    "poe": "Poe",
}
"""The engine vocabulary: canonical id -> display name."""

# Every spelling seen in the tools' exports (lowercased, ``_`` and spaces as ``-``) -> engine.
ENGINE_ALIASES: dict[str, str] = {
    # OpenAI
    "chatgpt": "chatgpt",
    "chat-gpt": "chatgpt",
    "openai": "chatgpt",
    "gpt": "chatgpt",
    "searchgpt": "chatgpt",
    "chatgpt-search": "chatgpt",
    "gpt-4o": "chatgpt",
    "gpt-4o-mini": "chatgpt",
    "gpt-4.1": "chatgpt",
    "gpt-5": "chatgpt",
    "o3": "chatgpt",
    "o4-mini": "chatgpt",
    "openai-chatgpt": "chatgpt",
    "chatgpt.com": "chatgpt",
    "chat.openai.com": "chatgpt",
    # Perplexity
    "perplexity": "perplexity",
    "perplexity-ai": "perplexity",
    "perplexity.ai": "perplexity",
    "sonar": "perplexity",
    "sonar-pro": "perplexity",
    # Google
    "google": "google-ai-overviews",
    "google-ai-overviews": "google-ai-overviews",
    "google-ai-overview": "google-ai-overviews",
    "ai-overviews": "google-ai-overviews",
    "ai-overview": "google-ai-overviews",
    "aio": "google-ai-overviews",
    "google-aio": "google-ai-overviews",
    "sge": "google-ai-overviews",
    "google-sge": "google-ai-overviews",
    "google-ai-mode": "google-ai-mode",
    "ai-mode": "google-ai-mode",
    "googleaimode": "google-ai-mode",
    "gemini": "gemini",
    "google-gemini": "gemini",
    "bard": "gemini",
    "gemini.google.com": "gemini",
    # Microsoft
    "copilot": "copilot",
    "microsoft-copilot": "copilot",
    "bing-copilot": "copilot",
    "bing-chat": "copilot",
    "bing": "copilot",
    "copilot.microsoft.com": "copilot",
    # Anthropic
    "claude": "claude",
    "anthropic": "claude",
    "claude.ai": "claude",
    # others
    "grok": "grok",
    "xai": "grok",
    "x.ai": "grok",
    "deepseek": "deepseek",
    "meta-ai": "meta-ai",
    "meta": "meta-ai",
    "llama": "meta-ai",
    "mistral": "mistral",
    "le-chat": "mistral",
    "mistral-le-chat": "mistral",
    "you": "you",
    "you.com": "you",
    "poe": "poe",
}

# Model-name prefixes (Peec's ``claude-sonnet-4``, Profound's ``gpt-4o-search``...).
_ENGINE_PREFIXES: tuple[tuple[str, str], ...] = (
    ("google-ai-overview", "google-ai-overviews"),
    ("google-ai-mode", "google-ai-mode"),
    ("chatgpt", "chatgpt"),
    ("gpt-", "chatgpt"),
    ("openai", "chatgpt"),
    ("o1", "chatgpt"),
    ("o3", "chatgpt"),
    ("o4", "chatgpt"),
    ("claude", "claude"),
    ("gemini", "gemini"),
    ("perplexity", "perplexity"),
    ("sonar", "perplexity"),
    ("copilot", "copilot"),
    ("microsoft-copilot", "copilot"),
    ("grok", "grok"),
    ("deepseek", "deepseek"),
    ("llama", "meta-ai"),
    ("meta-ai", "meta-ai"),
    ("mistral", "mistral"),
)

_SLUG_RE = re.compile(r"[^a-z0-9.]+")


def engine_key(raw: str) -> str:
    """Spelling key: lowercase, runs of anything but letters, digits and dots as one ``-``."""
    return _SLUG_RE.sub("-", raw.strip().lower()).strip("-")


@lru_cache(maxsize=4096)
def normalize_engine(raw: str | None) -> tuple[str | None, bool]:
    """``(engine, known)``. Unknown names keep their spelling key (``known`` False): a new engine
    appears in a tool before it reaches this table, and dropping its rows would lose data."""
    if raw is None:
        return None, False
    key = engine_key(raw)
    if not key:
        return None, False
    for suffix in ("-scraper", "-scrapper", "-search", "-web"):
        if key.endswith(suffix) and key[: -len(suffix)] in ENGINE_ALIASES:
            key = key[: -len(suffix)]
            break
    if key in ENGINE_ALIASES:
        return ENGINE_ALIASES[key], True
    for prefix, engine in _ENGINE_PREFIXES:
        if key.startswith(prefix):
            return engine, True
    return key, False


def engine_name(engine: str) -> str:
    return ENGINES.get(engine, engine)


# --- AI referrers -----------------------------------------------------------------------------

AI_REFERRER_HOSTS: dict[str, str] = {
    "chatgpt.com": "chatgpt",
    "chat.openai.com": "chatgpt",
    "openai.com": "chatgpt",
    "perplexity.ai": "perplexity",
    "gemini.google.com": "gemini",
    "bard.google.com": "gemini",
    "copilot.microsoft.com": "copilot",
    "edgeservices.bing.com": "copilot",
    "copilot.cloud.microsoft": "copilot",
    "claude.ai": "claude",
    "grok.com": "grok",
    "x.ai": "grok",
    "deepseek.com": "deepseek",
    "chat.deepseek.com": "deepseek",
    "you.com": "you",
    "poe.com": "poe",
    "chat.mistral.ai": "mistral",
    "meta.ai": "meta-ai",
}
"""Referrer host (without ``www.``) -> engine. Subdomains match too (``www.perplexity.ai``)."""

AI_APP_IDS: dict[str, str] = {
    "com.openai.chatgpt": "chatgpt",
    "ai.perplexity.app.android": "perplexity",
    "com.anthropic.claude": "claude",
    "com.google.android.apps.bard": "gemini",
}


@lru_cache(maxsize=65536)
def referrer_engine(referrer: str | None) -> str | None:
    """The AI engine a ``Referer`` header (or a bare host) points at, else None."""
    if not referrer or referrer == "-":
        return None
    ref = referrer.strip()
    if ref.startswith("android-app://"):
        app = ref[len("android-app://") :].split("/", 1)[0].lower()
        return AI_APP_IDS.get(app)
    host = url_host(ref)
    return host_engine(host) if host else None


def host_engine(host: str) -> str | None:
    host = host.lower().rstrip(".")
    if host.startswith("www."):
        host = host[4:]
    while host:
        if host in AI_REFERRER_HOSTS:
            return AI_REFERRER_HOSTS[host]
        _, dot, rest = host.partition(".")
        if not dot:
            return None
        host = rest
    return None


@lru_cache(maxsize=4096)
def source_engine(source: str | None) -> str | None:
    """Engine for a ``utm_source`` or GA4 session source: a host (``chatgpt.com``) or a name."""
    if not source:
        return None
    s = source.strip().lower()
    if not s or s in ("(direct)", "(not set)", "-"):
        return None
    engine = host_engine(url_host(s) or s) if ("." in s or "/" in s) else None
    if engine:
        return engine
    engine, known = normalize_engine(s)
    if known and engine in ENGINES and s not in ("google", "bing", "meta"):  # plain google/bing are search
        return engine
    return None
