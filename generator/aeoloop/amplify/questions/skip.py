"""The first rule of both languages: navigation and wrapper headings are not FAQ material.

Why: "Conclusion", "Next steps", "Step 3: ..." or "Prossimi passi" would become questions nobody
asks; recognising them up front (``NOT_FAQ``) stops later rules from inventing one.
"""

from __future__ import annotations

import re

from .heading import NOT_FAQ, Heading, RuleResult
from .text import _bare


_EN_SKIP_EXACT = frozenset(
    {
        line.strip()
        for line in """
conclusion|conclusions|in conclusion|to conclude|next steps|next step|what's next|what next
references|reference|further reading|introduction|intro|summary|in summary|to summarise
to summarize|summing up|related articles|related posts|related reading|related resources
related content|related guides|related links|table of contents|contents|toc|key takeaways
takeaways|takeaway|tl;dr|tldr|tl dr|final thoughts|closing thoughts|final words|wrapping up
wrap-up|wrap up|the bottom line|bottom line|recap|about the author|about the authors|about us
about|contact|contact us|get in touch|sources|source|bibliography|footnotes|notes|see also
resources|additional resources|more resources|learn more|read more|appendix|glossary
acknowledgements|acknowledgments|changelog|faq|faqs|frequently asked questions
common questions|questions|book a demo|request a demo|schedule a demo|get a demo|start here
sign up|subscribe|try it free|start your free trial|start a free trial|share this article
comments|disclaimer|legal|privacy policy|terms|terms of service|who we are|what we do
our story|our mission|our team|our values|careers|press|news|updates|in this article
in this guide|what you'll learn|what you will learn|key terms|terminology|further resources
case study|case studies|customer stories|success stories|testimonials|lessons learned|background
methodology|the problem|the solution|the challenge|the approach|the results|results|assumptions
example|an example|examples in practice|worked example|example calculation|for example
release notes|roadmap|product roadmap|what's new|whats new|how we calculated this
other|others|misc|miscellaneous|extras|quick reference|quick checklist|cheat sheet|sections
ok|not ok|yes|no|dos|don'ts
""".replace("\n", "|").split("|")
        if line.strip()
    }
)
_EN_SKIP_PATTERN = re.compile(
    r"^(?:(?:step|part|phase|stage|chapter|section|module|lesson|day|week|appendix|tip|option|method)"
    r"(?:\s*\d+|\s+(?:[a-z]|one|two|three|four|five|six|seven|eight|nine|ten))\b"
    r"|next steps\b|key takeaways\b|further reading\b|related (?:articles|posts|reading|resources|guides)\b"
    r"|in conclusion\b|about the author\b|frequently asked questions\b|table of contents\b"
    r"|a day in the life\b|case study\b|questions about\b)"
)
_IT_SKIP_EXACT = frozenset(
    {
        line.strip()
        for line in """
conclusione|conclusioni|in conclusione|per concludere|prossimi passi|passi successivi|prossimi step
riferimenti|fonti|bibliografia|introduzione|sommario|riepilogo|riassunto|indice
indice dei contenuti|letture consigliate|per approfondire|approfondimenti|articoli correlati
contenuti correlati|vedi anche|in sintesi|in breve|note|domande frequenti|faq|chi siamo
dove siamo|contatti|contattaci|scopri di più|per saperne di più|richiedi una demo
prenota una demo|considerazioni finali|conclusioni finali|punti chiave|glossario|appendice
risorse|risorse utili|iscriviti alla newsletter|cosa imparerai|in questo articolo
in questa guida|la nostra storia|il nostro team|lavora con noi|esempio|esempio pratico
un esempio|esempi pratici|caso di studio|casi di studio|case study|testimonianze|storie di clienti
risultati|i risultati|metodologia|il problema|la soluzione|la sfida|novità
""".replace("\n", "|").split("|")
        if line.strip()
    }
)
_IT_SKIP_PATTERN = re.compile(
    r"^(?:(?:passo|passaggio|fase|step|parte|capitolo|sezione|modulo|lezione|giorno|settimana|punto"
    r"|appendice)(?:\s*\d+|\s+(?:[a-z]|uno|due|tre|quattro|cinque|sei|sette|otto|nove|dieci))\b"
    r"|(?:richiedi|prenota|scarica|iscriviti|contattaci|scrivici|chiamaci|prova gratis)\b"
    r"|prossimi passi\b|domande frequenti\b|articoli correlati\b|per approfondire\b)"
)


# Calls to action ('Book a demo', 'Contact us', 'Download the guide'): short, or addressed to 'us'.
_EN_CTA = re.compile(
    r"^(?:try|book|request|download|subscribe|sign up|join|follow|watch|read|contact|call|email|register)"
    r"(?:\s+(?:a|an|the|us|our|it|this|me|now|today|free|for|and|more|up)\b|$)"
)


def _skip_key(text: str) -> str:
    return " ".join(_bare(t) for t in text.replace("&", " and ").split() if _bare(t))


def _rule_skip(h: Heading) -> RuleResult:
    """Navigation and wrapper headings ('Conclusion', 'Step 3: ...') are not questions."""
    key = _skip_key(h.text)
    if h.lang == "it":
        if key in _IT_SKIP_EXACT or _IT_SKIP_PATTERN.match(key):
            return NOT_FAQ
    elif key in _EN_SKIP_EXACT or _EN_SKIP_PATTERN.match(key):
        return NOT_FAQ
    elif _EN_CTA.match(key) and (len(key.split()) <= 5 or " us " in f" {key} "):
        return NOT_FAQ
    return None
