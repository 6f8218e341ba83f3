"""The audience block on a static page: default CTA for everyone, the audience's intro and CTA for
a visitor who arrives with ``?for=<audience>`` (or ``utm_content=<audience>``), without a server
or cookies.

- Without JavaScript the page is the canonical page: its own opening and the default CTA (the
  page's main audience, i.e. the first one it lists). The switcher stays ``hidden``.
- Each variant is a ``<template>`` (inert: not rendered, not run) whose intro and CTA are escaped
  text; the script copies them with ``textContent`` and ``setAttribute('href')``, so no text from a
  URL, a generated file or audiences.yml is ever parsed as HTML. ``?for=`` values are looked up in
  the ids the templates declare; anything else is ignored.
- The script is inline, right after the block, and runs while the page is parsed: the intro is in
  place before the first paint (no layout shift) and no other request is made. The choice is kept
  in ``localStorage`` (no cookie) so the next page opens for the same audience; the switcher (a
  labelled ``<select>``, keyboard-usable) changes or clears it.
- An intro experiment may publish an audience's intro as the page's lead paragraph
  (``p.aeoloop-lead``, :mod:`aeoloop.amplify.variant_html`); while the same text is shown as the
  audience intro the lead is ``hidden``, so a visitor never reads one intro twice.
"""

from __future__ import annotations

import json
from html import escape

from ..amplify.variant_html import LEAD_CLASS
from ..escaping import web_url
from .targets import Target
from .variant import Variant

BLOCK_ID = "aeoloop-tailor"
STORAGE_KEY = "aeoloop-audience"

LABELS = {
    "en": ("Reading as", "Everyone"),
    "it": ("Stai leggendo come", "Tutti"),
    "de": ("Lesen als", "Alle"),
    "fr": ("Lecture en tant que", "Tout le monde"),
    "es": ("Leyendo como", "Todos"),
}

# Inline, ES5, no network, no cookies. Reads ids only from the page's own templates.
SCRIPT = """<script>(function(){
var root=document.getElementById("aeoloop-tailor");if(!root)return;
var ids=Object.create(null),ts=root.parentNode.querySelectorAll("template[data-aeoloop-audience]"),i;
for(i=0;i<ts.length;i++)ids[ts[i].getAttribute("data-aeoloop-audience")]=ts[i];
var K="%(key)s",intro=root.querySelector(".aeoloop-tailor-intro"),a=root.querySelector(".aeoloop-tailor-cta a"),
sel=root.querySelector("select"),sw=root.querySelector(".aeoloop-tailor-switch"),
lead=root.parentNode.querySelector("p.%(lead)s");
if(!intro||!a||!sel||!sw)return;
var def={t:a.textContent,h:a.getAttribute("href")};
function known(v){return typeof v==="string"&&Object.prototype.hasOwnProperty.call(ids,v)?v:null;}
function keep(v){try{if(v)localStorage.setItem(K,v);else localStorage.removeItem(K);}catch(e){}}
function kept(){try{return localStorage.getItem(K);}catch(e){return null;}}
function apply(v){var t=v&&ids[v],p=t&&t.content.querySelector(".aeoloop-tailor-intro"),c=t&&t.content.querySelector("a");
if(p&&c){intro.textContent=p.textContent;intro.hidden=false;a.textContent=c.textContent;a.setAttribute("href",c.getAttribute("href"));
root.setAttribute("data-audience",v);}else{intro.textContent="";intro.hidden=true;a.textContent=def.t;a.setAttribute("href",def.h);
root.removeAttribute("data-audience");}sel.value=t?v:"";
if(lead)lead.hidden=!!(p&&c)&&norm(p.textContent)===norm(lead.textContent);}
function norm(x){return x.replace(/\\s+/g," ").replace(/^ | $/g,"");}
var q=null;try{var s=new URLSearchParams(window.location.search);q=known(s.get("for"))||known(s.get("utm_content"));}catch(e){}
if(q)keep(q);var v=q||known(kept());
sw.hidden=false;apply(v);
sel.addEventListener("change",function(){var n=known(sel.value);keep(n);apply(n);});
})();</script>""" % {"key": STORAGE_KEY, "lead": LEAD_CLASS}


def _cta_link(text: str, url: str) -> str:
    return f'<a class="md-button md-button--primary" href="{escape(url, quote=True)}">{escape(text)}</a>'


def audience_block(targets: list[Target], variants: dict[str, Variant], lang: str) -> str:
    """The block, its templates and the script; "" when the page has no audience."""
    if not targets:
        return ""
    default = targets[0].cta
    default_url = web_url(default.url)
    if default_url is None:
        return ""
    label, everyone = LABELS.get(lang, LABELS["en"])
    usable = []
    for t in targets:
        v = variants.get(t.audience.id)
        url = web_url(v.cta_url) if v is not None else None
        if v is not None and url is not None and v.intro.strip() and v.cta_text.strip():
            usable.append((t, v, url))
    parts = [
        f'<div class="aeoloop-tailor" id="{BLOCK_ID}" data-search-exclude>',
        '<p class="aeoloop-tailor-intro" hidden></p>',
        f'<p class="aeoloop-tailor-cta">{_cta_link(default.text, default_url)}</p>',
    ]
    if usable:
        options = [f'<option value="">{escape(everyone)}</option>'] + [
            f'<option value="{escape(t.audience.id, quote=True)}">{escape(t.audience.name)}</option>'
            for t, _, _ in usable
        ]
        parts.append(
            f'<p class="aeoloop-tailor-switch" hidden><label for="{BLOCK_ID}-for">{escape(label)}</label> '
            f'<select id="{BLOCK_ID}-for">{"".join(options)}</select></p>'
        )
    parts.append("</div>")
    for t, v, url in usable:
        parts.append(
            f'<template data-aeoloop-audience="{escape(t.audience.id, quote=True)}" data-search-exclude>'
            f'<p class="aeoloop-tailor-intro">{escape(v.intro)}</p>{_cta_link(v.cta_text, url)}</template>'
        )
    if usable:
        parts.append(SCRIPT)
    return "\n".join(parts)


def landing_block(target: Target, variant: Variant | None, lang: str) -> str:
    """The block of a landing page ``/for/<audience>/<page>/``: that audience's intro and CTA in
    the HTML itself (no template, no switcher: the page works the same without JavaScript), and a
    one-line script that remembers the audience, as ``?for=`` does, so the next page of the site
    opens for it too. The id is a validated slug, written as a JSON string with ``<``, ``>`` and
    ``&`` escaped all the same."""
    cta_text, cta_url = (
        (variant.cta_text, variant.cta_url) if variant is not None else (target.cta.text, target.cta.url)
    )
    url = web_url(cta_url) or web_url(target.cta.url)
    intro = variant.intro.strip() if variant is not None else ""
    audience = escape(target.audience.id, quote=True)
    parts = [f'<div class="aeoloop-tailor aeoloop-tailor-landing" id="{BLOCK_ID}" data-audience="{audience}">']
    if intro:
        parts.append(f'<p class="aeoloop-tailor-intro">{escape(intro)}</p>')
    if url is not None and cta_text.strip():
        parts.append(f'<p class="aeoloop-tailor-cta">{_cta_link(cta_text, url)}</p>')
    parts.append("</div>")
    key = json.dumps(target.audience.id).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    parts.append(f'<script>try{{localStorage.setItem("{STORAGE_KEY}",{key})}}catch(e){{}}</script>')
    return "\n".join(parts)
