"""The schema.org JSON-LD ``@graph`` of a page, and its safe serialisation into ``<script>``.

One graph per page, nodes linked by stable ``@id``s (site-level nodes use the site URL, page
nodes the canonical page URL plus a fragment), so answer engines can join the Organization,
the author and the page's questions without guessing.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from .. import answer_code
from ..artifacts import Entity, PageArtifacts
from ..escaping import web_url
from ..brand import Brand, Offer, Term
from ..imagelicense import Creator, ImageLicense
from ..page import Page
from .keyphrases import is_keyphrase

HOWTO_TITLE = re.compile(r"^(how (to|do (you|i|we))|come\b|guida\b|step[- ]by[- ]step)", re.I)
SPEAKABLE = ["#aeoloop-summary .aeoloop-summary-text"]


@dataclass(frozen=True)
class SiteInfo:
    name: str
    url: str  # absolute, ends with "/"
    description: str | None
    language: str


def absolute(site_url: str, ref: str | None) -> str | None:
    """An absolute URL for a path relative to the docs root (or an http(s) URL as it is); None
    for anything else (``javascript:``, ``data:``, ``file:``: loading refuses or warns first)."""
    if not ref:
        return None
    ref = web_url(ref)
    if ref is None:
        return None
    if re.match(r"^[a-z][a-z0-9+.-]*://", ref, re.I):
        return ref
    return site_url + ref.lstrip("/")


def person_id(site_url: str, author_id: str) -> str:
    return f"{site_url}#person-{author_id}"


def dumps_for_script(data: Any) -> str:
    """JSON for inside ``<script type="application/ld+json">``.

    Every ``<``, ``>`` and ``&`` becomes a JSON unicode escape, so no text can close the
    script (``</script>``) or open a comment that swallows the page (``<!--<script``);
    the JSON value is unchanged for any parser.
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def howto_steps(page: Page) -> tuple[str, list[dict[str, str]]] | None:
    """(name, steps) when the page is a how-to with an ordered list of at least 3 steps."""
    for heading, items in page.facts.step_lists:  # the ordered lists of 3 items or more
        if (
            HOWTO_TITLE.search(page.title)
            or HOWTO_TITLE.search(heading)
            or re.search(r"\bsteps?\b|\bpassi\b|\bpassaggi\b", heading, re.I)
        ):
            steps = []
            for item in items:
                lead, sep, _rest = item.partition(": ")
                if sep and len(lead.split()) <= 10:
                    name = lead.rstrip(".")
                else:
                    name = re.split(r"(?<=[.!?])\s", item, maxsplit=1)[0].rstrip(".")
                steps.append({"name": name, "text": item})
            name = page.title if HOWTO_TITLE.search(page.title) else heading or page.title
            return name, steps
    return None


def site_nodes(site: SiteInfo, brand: Brand) -> list[dict[str, Any]]:
    org = brand.organization
    org_node: dict[str, Any] = {
        "@type": "Organization",
        "@id": f"{site.url}#organization",
        "name": org.name,
        "url": str(org.url),
    }
    if org.legal_name:
        org_node["legalName"] = org.legal_name
    if org.description:
        org_node["description"] = org.description
    if org.logo:
        org_node["logo"] = {"@id": f"{site.url}#logo"}
    if org.same_as:
        org_node["sameAs"] = [str(u) for u in org.same_as]
    if org.email:
        org_node["email"] = org.email
    if org.founding_date:
        org_node["foundingDate"] = org.founding_date
    nodes = [org_node]
    if org.logo:
        logo = {
            "@type": "ImageObject",
            "@id": f"{site.url}#logo",
            "url": absolute(site.url, org.logo),
            "caption": org.name,
        }
        nodes.append(logo | logo_license(site, brand).jsonld())
    website: dict[str, Any] = {
        "@type": "WebSite",
        "@id": f"{site.url}#website",
        "url": site.url,
        "name": site.name,
        "publisher": {"@id": f"{site.url}#organization"},
        "inLanguage": site.language,
    }
    if site.description:
        website["description"] = site.description
    nodes.append(website)
    return nodes


def person_node(site: SiteInfo, brand: Brand, author_id: str) -> dict[str, Any]:
    author = brand.authors.get(author_id)
    node: dict[str, Any] = {
        "@type": "Person",
        "@id": person_id(site.url, author_id),
        "name": author.name if author else author_id,
    }
    if author:
        if author.job_title:
            node["jobTitle"] = author.job_title
        if author.bio:
            node["description"] = author.bio
        if author.url:
            node["url"] = str(author.url)
        if author.same_as:
            node["sameAs"] = [str(u) for u in author.same_as]
        if author.image:
            node["image"] = absolute(site.url, author.image)
        node["worksFor"] = {"@id": f"{site.url}#organization"}
    return node


def logo_license(site: SiteInfo, brand: Brand) -> ImageLicense:
    """The logo is the organization's own mark: it is its creator, unless brand.yml says otherwise."""
    org = brand.organization
    own = ImageLicense(
        creator=Creator(name=org.name, type="Organization", url=org.url),
        copyright_notice=org.legal_name or org.name,
    )
    return brand.images.over(own)


def page_image_license(brand: Brand, page: Page) -> ImageLicense:
    """Front matter ``image_license`` over brand.yml ``images`` over crediting the publisher.

    The default is only ``creditText`` (the organization that publishes the page), never a claim
    of authorship or copyright: those must be stated by the site owner.
    """
    base = brand.images.over(ImageLicense(credit_text=brand.organization.name))
    return page.meta.image_license.over(base) if page.meta.image_license else base


def entity_type(term: Term) -> str:
    """The schema.org type the glossary data supports.

    A ``Product`` without ``offers`` and ``image`` is not a valid Product for Google's product
    rules (which also apply to items nested in ``mentions``), so such a term is a ``Thing`` whose
    ``additionalType`` still says it is a product.
    """
    if term.type == "Product" and not (term.offers and term.image):
        return "Thing"
    return term.type


def _offer_node(offer: Offer) -> dict[str, Any]:
    node: dict[str, Any] = {"@type": "Offer", "price": offer.price, "priceCurrency": offer.price_currency}
    if offer.availability:
        node["availability"] = f"https://schema.org/{offer.availability}"
    if offer.url:
        node["url"] = str(offer.url)
    if offer.price_valid_until:
        node["priceValidUntil"] = offer.price_valid_until
    return node


def entity_node(brand: Brand, key: str, site_url: str = "") -> dict[str, Any]:
    term = brand.term(key)
    kind = entity_type(term)
    node: dict[str, Any] = {"@type": kind, "name": term.name}
    if kind != term.type:
        node["additionalType"] = f"https://schema.org/{term.type}"
    elif term.offers:
        node["offers"] = [_offer_node(o) for o in term.offers]
        if term.image:
            node["image"] = absolute(site_url, term.image)
    if term.description:
        node["description"] = term.description
    if term.same_as:
        node["sameAs"] = [str(u) for u in term.same_as]
    return node


def keyphrase_node(entity: Entity, page: Page) -> dict[str, Any]:
    """A keyphrase is what the page talks about, not a product or an organisation we could vouch
    for: a ``Thing``, or a ``DefinedTerm`` when the page gives it a heading of its own (the section
    under it is where the page explains it)."""
    headings = {" ".join(text.lower().split()) for text in page.facts.heading_texts()}
    defined = entity.name.lower() in headings
    return {"@type": "DefinedTerm" if defined else "Thing", "name": entity.name}


def graph_entity(brand: Brand, entity: Entity, page: Page, site_url: str = "") -> dict[str, Any]:
    return keyphrase_node(entity, page) if is_keyphrase(entity) else entity_node(brand, entity.key, site_url)


def page_graph(
    *,
    site: SiteInfo,
    brand: Brand,
    page: Page,
    art: PageArtifacts,
    url: str,
    description: str,
    breadcrumbs: list[tuple[str, str]],
    site_graph: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """The full ``@graph`` for one page. ``breadcrumbs`` are (name, absolute URL), home first, page last.

    ``site_graph``: :func:`site_nodes` of this site and brand, when the caller made them once for
    every page (the nodes are the same on each; they are not modified here).

    Every value read here must be in :func:`aeoloop.amplify.fragments.graph_key` (the rendered graph is cached by it).
    """
    graph = list(site_graph) if site_graph is not None else site_nodes(site, brand)
    # The page image is a node of its own (licence data belongs to the image, and validators
    # require it on top-level ImageObjects); without one the organization's logo stands in.
    image_ref: dict[str, str] | None = None
    if page.meta.image:
        image_ref = {"@id": f"{url}#primaryimage"}
        graph.append(
            {"@type": "ImageObject", "@id": image_ref["@id"], "url": absolute(site.url, page.meta.image)}
            | page_image_license(brand, page).jsonld()
        )
    elif brand.organization.logo:
        image_ref = {"@id": f"{site.url}#logo"}
    graph.extend(person_node(site, brand, a) for a in page.authors)
    webpage: dict[str, Any] = {
        "@type": ["WebPage", "FAQPage"] if art.faq else "WebPage",
        "@id": f"{url}#webpage",
        "url": url,
        "name": page.title,
        "description": description,
        "isPartOf": {"@id": f"{site.url}#website"},
        "inLanguage": page.lang,
        "breadcrumb": {"@id": f"{url}#breadcrumb"},
        "datePublished": page.date_published.isoformat() if page.date_published else None,
        "dateModified": page.date_modified.isoformat() if page.date_modified else None,
    }
    if art.summary:
        webpage["speakable"] = {"@type": "SpeakableSpecification", "cssSelector": SPEAKABLE}
    if image_ref:
        webpage["primaryImageOfPage"] = image_ref
    if art.faq:
        webpage["mainEntity"] = [
            {
                "@type": "Question",
                "name": qa.question,
                "acceptedAnswer": {"@type": "Answer", "text": answer_code.plain(qa.answer)},
            }
            for qa in art.faq
        ]
    graph.append({k: v for k, v in webpage.items() if v is not None})
    article: dict[str, Any] = {
        "@type": "Article",
        "@id": f"{url}#article",
        "headline": page.title[:110],
        "description": description,
        "datePublished": webpage.get("datePublished"),
        "dateModified": webpage.get("dateModified"),
        "author": [{"@id": person_id(site.url, a)} for a in page.authors],
        "publisher": {"@id": f"{site.url}#organization"},
        "mainEntityOfPage": {"@id": f"{url}#webpage"},
        "isPartOf": {"@id": f"{site.url}#website"},
        "inLanguage": page.lang,
        "wordCount": page.word_count,
    }
    if image_ref:
        article["image"] = image_ref
    keywords = page.meta.keywords or [e.name for e in art.entities]  # the writer's, else the page's entities
    if keywords:
        article["keywords"] = ", ".join(keywords)
    if art.about:
        article["about"] = [graph_entity(brand, e, page, site.url) for e in art.about]
    if art.mentions:
        article["mentions"] = [graph_entity(brand, e, page, site.url) for e in art.mentions]
    if page.meta.audiences:
        article["audience"] = [
            {"@type": "Audience", "audienceType": brand.audiences[a].name if a in brand.audiences else a}
            for a in page.meta.audiences
        ]
    graph.append({k: v for k, v in article.items() if v is not None})
    graph.append(
        {
            "@type": "BreadcrumbList",
            "@id": f"{url}#breadcrumb",
            "itemListElement": [
                {"@type": "ListItem", "position": i, "name": name, "item": item_url}
                for i, (name, item_url) in enumerate(breadcrumbs, start=1)
            ],
        }
    )
    howto = howto_steps(page)
    if howto:
        name, steps = howto
        graph.append(
            {
                "@type": "HowTo",
                "@id": f"{url}#howto",
                "name": name,
                "description": description,
                "mainEntityOfPage": {"@id": f"{url}#webpage"},
                "step": [
                    {"@type": "HowToStep", "position": i, "name": s["name"], "text": s["text"]}
                    for i, s in enumerate(steps, start=1)
                ],
            }
        )
    graph.extend(writer_nodes(page, url))
    return {"@context": "https://schema.org", "@graph": graph}


def writer_nodes(page: Page, url: str) -> list[dict[str, Any]]:
    """The writer's own ld+json nodes (validated at load), each with an ``@id`` on this page.

    The ``#source-jsonld-N`` id is how verify tells them from aeoloop's nodes: what they break
    is a warning for the writer, not a failed build (see ``verify.jsonld.WRITER_ID``).
    """
    out = []
    for i, node in enumerate(page.jsonld, start=1):
        data = dict(node.data)
        data.setdefault("@id", f"{url}#source-jsonld-{i}")
        out.append(data)
    return out
