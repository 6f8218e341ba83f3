"""Everything a channel needs to know about one page: its artifacts, URLs, links, hashtags, labels."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urljoin, urlsplit, urlunsplit

from ...artifacts import PageArtifacts
from ...brand import Brand
from ...page import Page
from ...siteurl import display_url, page_url
from ..keyphrases import is_keyphrase
from .config import ChannelsFile
from .sanitize import normalize_url

#: a longer hashtag reads as a sentence run together
HASHTAG_CHARS = 30

# The page's own links: Markdown links and autolinks (a bare URL in a sentence is not a link)
LINK_RE = re.compile(r"\]\(\s*<?(https?://[^)\s>]+)>?|<(https?://[^>\s]+)>")

LABELS: dict[str, dict[str, str]] = {
    "en": {
        "key_facts": "Key facts",
        "source": "Source",
        "read_more": "Read the full guide",
        "takeaways": "Key takeaways",
        "thread": "A thread",
        "link_in_bio": "Full guide: link in bio.",
        "format": "Format",
        "vertical": "vertical 9:16 (1080×1920) for TikTok, Instagram Reels and YouTube Shorts",
        "length": "Length",
        "seconds": "s",
        "at_wpm": "at {wpm} words per minute",
        "hook": "Hook",
        "beat": "Beat",
        "cta": "Call to action",
        "voiceover": "Voiceover",
        "on_screen": "On screen",
        "from": "From",
        "view_online": "You receive this because you subscribed to updates from {org}.",
        "unsubscribe": "Unsubscribe",
        "slide": "Slide",
        "swipe": "Swipe »",
        "faq": "Questions people ask",
        "guide_by": "A guide by {org}",
    },
    "it": {
        "key_facts": "Fatti chiave",
        "source": "Fonte",
        "read_more": "Leggi la guida completa",
        "takeaways": "Punti chiave",
        "thread": "Un thread",
        "link_in_bio": "Guida completa: link in bio.",
        "format": "Formato",
        "vertical": "verticale 9:16 (1080×1920) per TikTok, Instagram Reels e YouTube Shorts",
        "length": "Durata",
        "seconds": "s",
        "at_wpm": "a {wpm} parole al minuto",
        "hook": "Gancio",
        "beat": "Passaggio",
        "cta": "Invito all'azione",
        "voiceover": "Voce",
        "on_screen": "A schermo",
        "from": "Da",
        "view_online": "Ricevi questa email perché sei iscritto agli aggiornamenti di {org}.",
        "unsubscribe": "Annulla l'iscrizione",
        "slide": "Slide",
        "swipe": "Scorri »",
        "faq": "Domande frequenti",
        "guide_by": "Una guida di {org}",
    },
}


def url_allowed(url: str, site_url: str, outbound: frozenset[str]) -> bool:
    """A link a channel may carry: one into the site, or one the page itself links to."""
    url = url.strip()
    if not re.match(r"https?://", url, re.I):
        return False
    site = urlsplit(site_url)
    target = urlsplit(url)
    if target.netloc.lower() == site.netloc.lower() and target.path.startswith(site.path or "/"):
        return True
    return normalize_url(url) in outbound


@lru_cache(maxsize=1024)
def hashtag(name: str) -> str:
    """A glossary name as a hashtag: "Predictive maintenance" → "PredictiveMaintenance".
    Memoised: every page's hashtags and allowed tags go through the whole glossary (a 300-page
    build made 14,504 hashtags of 362 names)."""
    words = re.findall(r"[^\W_]+", name)
    return "".join(w if w[:1].isupper() or any(c.isdigit() for c in w) else w[:1].upper() + w[1:] for w in words)


def outbound_links(page: Page) -> frozenset[str]:
    found = set()
    for m in LINK_RE.finditer(page.body):
        url = next(g for g in m.groups() if g)
        found.add(normalize_url(url))
    return frozenset(found)


@dataclass(frozen=True)
class AudienceView:
    """One audience's variant of a page (from Tailor): the derivative opens with its intro, ends
    with its CTA, and its links carry ``utm_content=<id>`` so visits and key events are
    attributed to the audience."""

    id: str
    intro: str
    cta_text: str
    cta_url: str


@dataclass
class ChannelContext:
    page: Page
    artifacts: PageArtifacts
    brand: Brand
    config: ChannelsFile
    site_url: str
    url: str
    brand_dir: Path | None = None
    outbound: frozenset[str] = field(default_factory=frozenset)
    #: phrases a brand rule rejected in an earlier extractive attempt: sentences with them are skipped
    avoid: set[str] = field(default_factory=set)
    #: set for a per-audience derivative (tailor), None for the page's own
    audience: AudienceView | None = None
    #: what pure functions of this context found, by their name and arguments (with ``avoid`` when
    #: they read it) and the page and artifacts they read: up to eight of a page's channels ask for
    #: the page's points (:func:`~aeoloop.amplify.channels.points.page_points`) and its question
    kept: dict[tuple[Any, ...], tuple[Any, ...]] = field(default_factory=dict, init=False, repr=False, compare=False)

    @property
    def opening(self) -> str:
        """What the derivative opens with: the audience's intro, else the page's summary."""
        return self.audience.intro if self.audience is not None else self.artifacts.summary

    def usable(self, text: str) -> bool:
        low = (text or "").lower()
        return bool(low.strip()) and not any(a in low for a in self.avoid)

    def pick(self, texts: list[str]) -> list[str]:
        return [t for t in texts if self.usable(t)]

    @classmethod
    def for_page(
        cls,
        page: Page,
        artifacts: PageArtifacts,
        *,
        brand: Brand,
        config: ChannelsFile,
        site_url: str,
        use_directory_urls: bool = True,
        brand_dir: Path | None = None,
    ) -> ChannelContext:
        site_url = site_url if site_url.endswith("/") else site_url + "/"
        url = page_url(site_url, page.src_uri, use_directory_urls=use_directory_urls)  # percent-encoded, as MkDocs'
        return cls(page, artifacts, brand, config, site_url, url, brand_dir, outbound_links(page))

    @property
    def shown_url(self) -> str:
        """The page's URL as a person reads or types it from a slide or a video (``example.com/notes/café%20%231``):
        no scheme, no ``www.``, no trailing ``/``, letters unescaped as an address bar shows them."""
        return display_url(self.url.split("://", 1)[-1].removeprefix("www.").rstrip("/"))

    @property
    def lang(self) -> str:
        return self.page.lang if self.page.lang in LABELS else "en"

    @property
    def title(self) -> str:
        return self.page.title

    @property
    def org(self) -> str:
        return self.brand.organization.name

    def label(self, key: str, **values: Any) -> str:
        return LABELS[self.lang][key].format(org=self.org, **values)

    def link(self, channel: str) -> str:
        """The canonical URL with the channel's UTM parameters."""
        utm = self.config.utm_for(channel)
        slug = self.page.slug.replace("/", "-")
        params = [
            (f"utm_{k}", v.format(slug=slug, channel=channel))
            for k, v in utm.model_dump().items()
            if v and not (k == "content" and self.audience is not None)
        ]
        if self.audience is not None:
            params.append(("utm_content", self.audience.id))
        if not params:
            return self.url
        scheme, netloc, path, query, _ = urlsplit(self.url)
        query = "&".join(q for q in (query, urlencode(params)) if q)
        return urlunsplit((scheme, netloc, path, query, ""))

    def allowed_url(self, url: str) -> bool:
        return url_allowed(url, self.site_url, self.outbound)

    @cached_property
    def keyphrase_tags(self) -> list[str]:
        """Hashtags from the page's keyphrases (when the glossary names too little), about first."""
        found = [e for e in self.artifacts.entities if is_keyphrase(e)]
        tags = [hashtag(e.name) for e in sorted(found, key=lambda e: (e.role != "about", -e.count, e.name))]
        return [t for t in tags if 3 <= len(t) <= HASHTAG_CHARS and not t.isdigit()]

    @cached_property
    def hashtags(self) -> list[str]:
        """Hashtags for this page, most relevant first: its glossary entities, the configured extras,
        its keyphrases, then the brand's own names and the rest of the glossary (so a short page
        still has enough)."""
        exclude = {h.lower().lstrip("#") for h in self.config.hashtags.exclude}
        tags: list[str] = []
        entities = sorted(self.artifacts.entities, key=lambda e: (e.role != "about", -e.count, e.name))
        for entity in entities:
            if is_keyphrase(entity):
                continue
            try:
                term = self.brand.term(entity.key)
            except KeyError:
                continue
            short = next((a for a in term.aliases if a.isupper() and 2 <= len(a) <= 5 and a.isalnum()), None)
            tags.append(short or hashtag(term.name))
        tags += [h.lstrip("#") for h in self.config.hashtags.extra]
        tags += self.keyphrase_tags
        # too few for a post: the brand's own names, then the rest of the glossary, in its order
        kinds = ("Organization", "Product", "SoftwareApplication")
        rest = sorted(self.brand.glossary, key=lambda t: (t.type not in kinds,))
        tags += [hashtag(t.name) for t in rest]
        out: list[str] = []
        for tag in tags:
            if tag and tag.lower() not in exclude and tag.lower() not in {t.lower() for t in out}:
                out.append(tag)
        return out

    def allowed_hashtags(self) -> set[str]:
        """Every glossary-derived tag (any page), this page's keyphrase tags and the configured extras, lower-cased."""
        tags = {hashtag(t.name).lower() for t in self.brand.glossary} | {t.lower() for t in self.keyphrase_tags}
        tags |= {a.lower() for t in self.brand.glossary for a in t.aliases if a.isalnum()}
        tags |= {h.lstrip("#").lower() for h in self.config.hashtags.extra}
        return tags - {h.lower().lstrip("#") for h in self.config.hashtags.exclude}

    @property
    def audience_cta(self) -> tuple[str, str] | None:
        if self.audience is not None:
            url = urljoin(self.site_url, self.audience.cta_url)  # a site path as the page's button resolves it
            return (self.audience.cta_text, url) if self.allowed_url(url) else None
        for key in self.page.meta.audiences:
            audience = self.brand.audiences.get(key)
            cta = audience and (audience.cta or audience.cta_for(audience.stage))
            if cta and self.allowed_url(cta.url):
                return cta.text, cta.url
        return None

    @property
    def audiences(self) -> list[Any]:
        return [self.brand.audiences[a] for a in self.page.meta.audiences if a in self.brand.audiences]
