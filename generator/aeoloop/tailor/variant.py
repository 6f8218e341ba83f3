"""``generated/<page>/audiences/<id>.md``: one audience's intro and CTA for one page.

YAML front matter holds the audience, the stage and the CTA (any text is safe there: YAML quotes
it); the body is the intro, a plain paragraph a person can edit in a pull request.
``parse(render(v)) == v``.
"""

from __future__ import annotations

import yaml

from ..produced import Variant
from ..yamlload import marks


def render(v: Variant) -> str:
    head = yaml.safe_dump(
        {"audience": v.audience, "stage": v.stage, "cta": {"text": v.cta_text, "url": v.cta_url}},
        sort_keys=False,
        allow_unicode=True,
        width=1000,
    )
    return f"---\n{head}---\n\n{' '.join(v.intro.split())}\n"


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # read on every build: libyaml's is ~10x faster


class VariantError(ValueError):
    """A variant file a person broke while editing it."""


def body(text: str) -> str:
    """The intro of a file :func:`render` wrote, without reading its front matter (whose values
    the caller knows: they are in the cache key it matched). ``parse(t).intro == body(t)``."""
    return " ".join(text[4:].split("\n---\n", 1)[-1].split())


def parse(text: str) -> Variant:
    if not text.startswith("---\n") or "\n---\n" not in text[3:]:
        raise VariantError("the file must start with a `---` front matter block (audience, stage, cta)")
    head, body = text[4:].split("\n---\n", 1)
    try:
        data = yaml.load(head, Loader=_LOADER) or {}  # noqa: S506 - a safe loader (libyaml's when installed)
    except yaml.YAMLError as err:
        marked = marks(err)
        raise VariantError(f"invalid YAML in the front matter: {marked.problem if marked is err else err}") from None
    cta = data.get("cta") if isinstance(data, dict) else None
    if not isinstance(data, dict) or not isinstance(cta, dict):
        raise VariantError("the front matter needs `audience`, `stage` and `cta: {text, url}`")
    values = [data.get("audience"), data.get("stage"), cta.get("text"), cta.get("url")]
    texts = [x for x in values if isinstance(x, str) and x.strip()]
    if len(texts) != len(values):
        raise VariantError("the front matter needs `audience`, `stage` and `cta: {text, url}`, each a non-empty text")
    audience, stage, cta_text, url = texts
    return Variant(audience, stage, " ".join(cta_text.split()), url.strip(), " ".join(body.split()))
