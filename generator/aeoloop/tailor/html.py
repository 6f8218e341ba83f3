"""The audience block on a static page: default CTA for everyone, the audience's intro and CTA for
a visitor who arrives with ``?for=<audience>`` (or ``utm_content=<audience>``), without a server
or cookies.

- Without JavaScript the page is the canonical page: its own opening and the default CTA (the
  page's main audience, i.e. the first one it lists), and no switcher (it could not work).
- The variants travel as one JSON data element (``<script type="application/json">``: never run,
  never shown), with every ``<``, ``>`` and ``&`` written as ``\\u003c``, ``\\u003e``, ``\\u0026``,
  so no text from a generated file or audiences.yml can end the element or start markup. The script
  copies them with ``textContent`` and ``setAttribute('href')``, so none is ever parsed as HTML;
  ``?for=`` values are looked up in the ids the data declares; anything else is ignored.
- Why JSON and not one ``<template>`` per audience with a ready-made ``<select>``: those were about
  twenty tags a page that Python-Markdown's serializer, Material's search indexer and verify all
  walk, on every page of every build; the data element is one.
- The script is inline, right after the block, and runs while the page is parsed: the intro is in
  place and the switcher (a labelled ``<select>``, keyboard-usable, built by the script) is shown
  before the first paint (no layout shift) and no other request is made. The choice is kept in
  ``localStorage`` (no cookie) so the next page opens for the same audience; the switcher changes
  or clears it.
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
DATA_ID = "aeoloop-tailor-data"
STORAGE_KEY = "aeoloop-audience"

LABELS = {
    "en": ("Reading as", "Everyone"),
    "it": ("Stai leggendo come", "Tutti"),
    "de": ("Lesen als", "Alle"),
    "fr": ("Lecture en tant que", "Tout le monde"),
    "es": ("Leyendo como", "Todos"),
}

# Inline, ES5, no network, no cookies. Reads ids only from the page's own data element.
SCRIPT = """<script>(function(){
var root=document.getElementById("%(block)s"),el=document.getElementById("%(data)s"),d;if(!root||!el)return;
try{d=JSON.parse(el.textContent);}catch(e){return;}
var list=d&&d.audiences,ids=Object.create(null),i;if(!list||!list.length)return;
for(i=0;i<list.length;i++)ids[list[i].id]=list[i];
var K="%(key)s",intro=root.querySelector(".aeoloop-tailor-intro"),a=root.querySelector(".aeoloop-tailor-cta a"),
lead=root.parentNode.querySelector("p.%(lead)s");
if(!intro||!a)return;
var def={t:a.textContent,h:a.getAttribute("href")},sw=document.createElement("p"),
lab=document.createElement("label"),sel=document.createElement("select");
sw.className="aeoloop-tailor-switch";sel.id="%(block)s-for";lab.setAttribute("for",sel.id);lab.textContent=d.label;
function opt(v,t){var o=document.createElement("option");o.value=v;o.textContent=t;sel.appendChild(o);}
opt("",d.everyone);for(i=0;i<list.length;i++)opt(list[i].id,list[i].name);
sw.appendChild(lab);sw.appendChild(document.createTextNode(" "));sw.appendChild(sel);root.appendChild(sw);
function known(v){return typeof v==="string"&&Object.prototype.hasOwnProperty.call(ids,v)?v:null;}
function keep(v){try{if(v)localStorage.setItem(K,v);else localStorage.removeItem(K);}catch(e){}}
function kept(){try{return localStorage.getItem(K);}catch(e){return null;}}
function norm(x){return x.replace(/\\s+/g," ").replace(/^ | $/g,"");}
function apply(v){var t=v?ids[v]:null;
if(t){intro.textContent=t.intro;intro.hidden=false;a.textContent=t.cta;a.setAttribute("href",t.href);
root.setAttribute("data-audience",v);}else{intro.textContent="";intro.hidden=true;a.textContent=def.t;
a.setAttribute("href",def.h);root.removeAttribute("data-audience");}sel.value=t?v:"";
if(lead)lead.hidden=!!t&&norm(t.intro)===norm(lead.textContent);}
var q=null;try{var s=new URLSearchParams(window.location.search);q=known(s.get("for"))||known(s.get("utm_content"));}catch(e){}
if(q)keep(q);apply(q||known(kept()));
sel.addEventListener("change",function(){var n=known(sel.value);keep(n);apply(n);});
})();</script>""" % {"key": STORAGE_KEY, "lead": LEAD_CLASS, "block": BLOCK_ID, "data": DATA_ID}


def script_json(value: object) -> str:
    """``value`` as JSON that can sit inside a ``<script>`` element whatever its strings hold:
    ``<``, ``>`` and ``&`` escaped (``</script>`` cannot end the element, ``<!--`` cannot start
    a comment state), U+2028 and U+2029 too (line ends in older JavaScript parsers)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def _cta_link(text: str, url: str) -> str:
    return f'<a class="md-button md-button--primary" href="{escape(url, quote=True)}">{escape(text)}</a>'


def audience_block(targets: list[Target], variants: dict[str, Variant], lang: str) -> str:
    """The block, the variants' data and the script; "" when the page has no audience."""
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
            usable.append(
                {"id": t.audience.id, "name": t.audience.name, "intro": v.intro, "cta": v.cta_text, "href": url}
            )
    html = (
        f'<div class="aeoloop-tailor" id="{BLOCK_ID}" data-search-exclude>\n'
        '<p class="aeoloop-tailor-intro" hidden></p>\n'
        f'<p class="aeoloop-tailor-cta">{_cta_link(default.text, default_url)}</p>\n</div>'
    )
    if not usable:
        return html
    data = script_json({"label": label, "everyone": everyone, "audiences": usable})
    return f'{html}\n<script type="application/json" id="{DATA_ID}">{data}</script>\n{SCRIPT}'


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
