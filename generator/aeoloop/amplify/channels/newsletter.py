"""``newsletter.html`` + ``newsletter.txt``: one email per page. Subject at most 50 characters,
preheader at most 100, responsive HTML (a 600 px table that goes full width on phones) with every
style inlined (css-inline; no remote stylesheet is ever loaded), a plain-text alternative, and
links back to the page with the channel's UTM parameters, and an unsubscribe link in the footer
(``unsubscribe_url`` in ``brand/channels.yml``: the email service's merge tag, ``*|UNSUB|*`` by
default, which the service replaces with each reader's own link when it sends).

All text is escaped by the template (Jinja2 autoescape): model text cannot become markup.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pydantic import Field

from ... import answer_code
from .base import Channel, ChannelModel
from .context import ChannelContext
from .config import MERGE_TAG_RE, NewsletterOptions
from .limits import sentences, shorten, words
from .phrases import short_phrase
from .points import page_points

CTA_CHARS = 40


class Section(ChannelModel):
    heading: str
    text: str


class Newsletter(ChannelModel):
    subject: str
    preheader: str
    intro: str
    sections: list[Section] = Field(default_factory=list)
    cta: str


HTML = """<!DOCTYPE html>
<html lang="{{ lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="x-apple-disable-message-reformatting">
<title>{{ n.subject }}</title>
<style>
body { margin: 0; padding: 0; background: {{ c.background }}; }
.wrap { width: 100%; background: {{ c.background }}; }
.container { width: 600px; max-width: 600px; background: #ffffff; border-collapse: collapse; }
.brandbar { background: {{ c.primary }}; color: #ffffff; padding: 20px 32px; font-family: {{ font }}; font-size: 18px; font-weight: bold; }
.content { padding: 32px; font-family: {{ font }}; color: {{ c.text }}; font-size: 16px; line-height: 1.55; }
h1 { font-family: {{ font }}; color: {{ c.primary }}; font-size: 26px; line-height: 1.25; margin: 0 0 16px 0; }
h2 { font-family: {{ font }}; color: {{ c.primary }}; font-size: 19px; line-height: 1.3; margin: 28px 0 8px 0; }
p { margin: 0 0 14px 0; }
.button { display: inline-block; background: {{ c.accent }}; color: #ffffff; text-decoration: none; font-weight: bold; padding: 14px 24px; border-radius: 4px; font-family: {{ font }}; }
.footer { padding: 20px 32px; font-family: {{ font }}; color: #5c5c5c; font-size: 12px; line-height: 1.5; background: {{ c.background }}; }
.footer a { color: #5c5c5c; }
.preheader { display: none; max-height: 0; overflow: hidden; mso-hide: all; font-size: 1px; line-height: 1px; color: {{ c.background }}; opacity: 0; }
</style>
<style>
@media only screen and (max-width: 620px) {
  .container { width: 100% !important; }
  .content, .brandbar, .footer { padding-left: 18px !important; padding-right: 18px !important; }
  h1 { font-size: 22px !important; }
}
</style>
</head>
<body>
<div class="preheader">{{ n.preheader }}</div>
<table role="presentation" class="wrap" width="100%" cellpadding="0" cellspacing="0" border="0"><tr><td align="center">
<table role="presentation" class="container" width="600" cellpadding="0" cellspacing="0" border="0">
<tr><td class="brandbar">{{ org }}</td></tr>
<tr><td class="content">
<h1>{{ title }}</h1>
<p>{{ n.intro }}</p>
{% for s in n.sections %}<h2>{{ s.heading }}</h2>
<p>{{ s.text }}</p>
{% endfor %}<p style="margin-top: 28px;"><a class="button" href="{{ link }}">{{ n.cta }}</a></p>
{% if cta %}<p><a href="{{ cta[1] }}" style="color: {{ c.primary }};">{{ cta[0] }}</a></p>{% endif %}
</td></tr>
<tr><td class="footer">{{ footer }}<br><a href="{{ home }}">{{ home_label }}</a>{% if unsubscribe %} · <a href="{{ unsubscribe }}">{{ unsubscribe_label }}</a>{% endif %}</td></tr>
</table>
</td></tr></table>
</body>
</html>
"""


@lru_cache(maxsize=1)
def _template():  # noqa: ANN202
    from jinja2 import Environment

    return Environment(autoescape=True, trim_blocks=False).from_string(HTML)


def _font(ctx: ChannelContext) -> str:
    family = ctx.brand.organization.fonts.get("body") or ctx.brand.organization.fonts.get("heading")
    stack = "Helvetica, Arial, sans-serif"
    if family and re.fullmatch(r"[\w ,.-]+", family):
        return f"'{family}', {stack}"
    return stack


def _colors(ctx: ChannelContext) -> dict[str, str]:
    given = ctx.brand.organization.colors
    ok = {k: v for k, v in given.items() if re.fullmatch(r"#[0-9A-Fa-f]{3}(?:[0-9A-Fa-f]{3})?", v or "")}
    return {
        "primary": ok.get("primary", "#1f3a5f"),
        "accent": ok.get("accent", ok.get("primary", "#1f3a5f")),
        "background": ok.get("background", "#f4f4f4"),
        "text": ok.get("text", "#1b1b1b"),
    }


def subject_from_title(title: str, limit: int) -> str:
    if len(title) <= limit:
        return title
    short = re.sub(r"^(how to|how do you|what is|what are|why|come)\s+", "", title, flags=re.I).rstrip("?")
    short = short[:1].upper() + short[1:]
    if len(short) <= limit:
        return short
    # a subject cut mid-phrase ("Get traffic spike or drop notifications through…") reads as a
    # mistake in the inbox: the longest complete leading phrase that fits, else the cut
    for n in range(words(short) - 1, 1, -1):
        phrase = short_phrase(short, n)
        if phrase and len(phrase) <= limit:
            return phrase
    return shorten(short, limit)


class NewsletterChannel(Channel[Newsletter]):
    options_model = NewsletterOptions
    name = "newsletter"
    files = ("channels/newsletter.html", "channels/newsletter.txt")
    model = Newsletter
    expected_output_tokens = 800

    def extractive(self, ctx: ChannelContext) -> Newsletter:
        opts = self.options(ctx)
        art = ctx.artifacts
        description = ctx.page.meta.description or ""
        own = ctx.usable(description) and ctx.audience is None  # an audience's email opens with its intro
        pre_source = description if own else (ctx.pick(sentences(ctx.opening))[:1] or [""])[0]
        faq = [
            qa
            for qa in art.faq
            if ctx.usable(qa.answer) and ctx.usable(qa.question) and not answer_code.has_code(qa.answer)
        ]
        sections = [Section(heading=qa.question, text=qa.answer) for qa in faq[: min(3, opts.sections.max)]]
        if not sections and ctx.pick(art.takeaways):
            sections = [Section(heading=ctx.label("takeaways"), text=" ".join(ctx.pick(art.takeaways)))]
        intro = " ".join(ctx.pick(sentences(ctx.opening))) or (description if ctx.usable(description) else "")
        points = [p.text for p in page_points(ctx, with_summary=False)] if not sections or not intro else []
        if not intro:  # no summary: the page's first points open the email
            intro, points = " ".join(points[:2]), points[2:]
        if not sections and points:  # a short page: its other points, under one heading
            sections = [Section(heading=ctx.label("key_facts"), text=" ".join(points[:4]))]
        if not intro:
            raise ValueError(
                "no summary, description or sentence of the page to send; the page is only headings, tables or code"
            )
        return Newsletter(
            subject=subject_from_title(ctx.title, opts.subject_chars),
            preheader=shorten(pre_source or intro, opts.preheader_chars),
            intro=intro,
            sections=sections,
            cta=ctx.label("read_more"),
        )

    def check(self, value: Newsletter, ctx: ChannelContext) -> list[str]:
        opts = self.options(ctx)
        out = []
        if not value.subject or len(value.subject) > opts.subject_chars:
            out.append(f"subject: {len(value.subject)} characters; 1 to {opts.subject_chars}")
        if not value.preheader or len(value.preheader) > opts.preheader_chars:
            out.append(f"preheader: {len(value.preheader)} characters; 1 to {opts.preheader_chars}")
        if not value.intro:
            out.append("intro: empty")
        if len(value.sections) > opts.sections.max:  # fewer is fine: the intro carries a short page
            out.append(f"sections: {len(value.sections)} given; write {opts.sections.min} to {opts.sections.max}")
        for i, s in enumerate(value.sections, 1):
            if not s.heading or not s.text:
                out.append(f"sections[{i}]: needs a heading and a text")
        if not value.cta or len(value.cta) > CTA_CHARS:
            out.append(f"cta: {len(value.cta)} characters; a button label of 1 to {CTA_CHARS}")
        return out

    def shortfalls(self, value: Newsletter, ctx: ChannelContext) -> list[str]:
        opts = self.options(ctx)
        n = len(value.sections)
        return (
            [f"{n} sections, target {opts.sections.min} to {opts.sections.max}: the intro carries the page"]
            if n < opts.sections.min
            else []
        )

    def texts(self, value: Newsletter) -> list[tuple[str, str]]:
        return (
            [
                (value.subject, "heading"),
                (value.preheader, "sentence"),
                (value.intro, "paragraph"),
                (value.cta, "sentence"),
            ]
            + [(s.heading, "heading") for s in value.sections]
            + [(s.text, "paragraph") for s in value.sections]
        )

    def render(self, value: Newsletter, ctx: ChannelContext) -> dict[str, str | bytes]:
        import css_inline

        link = ctx.link(self.name)
        cta = ctx.audience_cta
        org = ctx.org
        footer = ctx.label("view_online")
        from markupsafe import Markup

        unsubscribe = self.options(ctx).unsubscribe_url
        # a validated merge tag ("<%...%>", "{{ ... }}") must reach the service unescaped; URLs are escaped
        unsub_href = Markup(unsubscribe) if unsubscribe and MERGE_TAG_RE.match(unsubscribe) else unsubscribe

        # colours and font are validated (hex colours, a plain family name), so CSS may carry them unescaped
        colors = {k: Markup(v) for k, v in _colors(ctx).items()}
        html = _template().render(
            n=value,
            lang=ctx.page.lang,
            title=ctx.title,
            org=org,
            link=link,
            cta=cta,
            c=colors,
            font=Markup(_font(ctx)),
            footer=footer,
            home=ctx.site_url,
            home_label=ctx.site_url.split("://", 1)[-1].rstrip("/"),
            unsubscribe=unsub_href,
            unsubscribe_label=ctx.label("unsubscribe"),
        )
        inliner = css_inline.CSSInliner(keep_at_rules=True, load_remote_stylesheets=False)
        html = inliner.inline(html)
        text = [
            f"Subject: {value.subject}",
            f"Preheader: {value.preheader}",
            "",
            ctx.title,
            "=" * min(len(ctx.title), 72),
            "",
            value.intro,
            "",
        ]
        for s in value.sections:
            text += [s.heading, "-" * min(len(s.heading), 72), s.text, ""]
        text += [f"{value.cta}: {link}", ""]
        if cta:
            text += [f"{cta[0]}: {cta[1]}", ""]
        text += ["--", footer, ctx.site_url]
        if unsubscribe:
            text += [f"{ctx.label('unsubscribe')}: {unsubscribe}"]
        text += [""]
        return {self.files[0]: html if html.endswith("\n") else html + "\n", self.files[1]: "\n".join(text)}
