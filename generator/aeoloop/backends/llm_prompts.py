"""Prompt templates of the llm backend: Jinja2 files shipped in ``aeoloop/prompts/``, each
overridable by a file of the same name in ``brand/prompts/`` (so a brand can rewrite any prompt
without forking the package). Templates run in Jinja's sandbox.

The templates carry the brand voice (tone and examples from ``brand/voice.yml``, terminology,
glossary names), the page's audiences (``brand/audiences.yml``) and the page itself, as data
between ``<page>`` tags. Every template is part of the cache key (:func:`templates_hash`).
"""

from __future__ import annotations

import hashlib
import json
from functools import cached_property
from pathlib import Path
from typing import Any

PACKAGE_PROMPTS = Path(__file__).resolve().parent.parent / "prompts"
BODY_CHARS = 24_000  # a pillar page is 1,000–3,000 words; longer bodies are cut at a paragraph


def templates_hash(override_dir: Path | None) -> str:
    h = hashlib.sha256()
    for root in (PACKAGE_PROMPTS, override_dir):
        if root is None or not root.is_dir():
            continue
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            h.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()[:12]


def _voice_terms(brand_dir: Path | None) -> tuple[list[str], list[dict[str, Any]]]:
    """Banned and preferred terms from brand/voice.yml (best effort: lint reports a broken file)."""
    if brand_dir is None or not (brand_dir / "voice.yml").is_file():
        return [], []
    import yaml

    try:
        data = yaml.safe_load((brand_dir / "voice.yml").read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError):
        return [], []
    terms = data.get("terminology") or {}
    banned = [
        str(b["term"])
        for b in terms.get("banned") or []
        if isinstance(b, dict) and b.get("term") and b.get("level", "error") == "error"
    ]
    preferred = [
        {"term": str(p["term"]), "replaces": [str(r) for r in p.get("replaces") or []]}
        for p in terms.get("preferred") or []
        if isinstance(p, dict) and p.get("term") and p.get("replaces")
    ]
    return banned, preferred


class Prompts:
    def __init__(self, brand: Any, *, brand_dir: Path | None = None, voice: str = "") -> None:
        from jinja2 import ChoiceLoader, FileSystemLoader, StrictUndefined
        from jinja2.sandbox import SandboxedEnvironment

        self.brand = brand
        self.brand_dir = brand_dir
        self.voice = voice
        loaders = []
        override = brand_dir / "prompts" if brand_dir else None
        if override is not None and override.is_dir():
            loaders.append(FileSystemLoader(str(override)))
        loaders.append(FileSystemLoader(str(PACKAGE_PROMPTS)))
        self.env = SandboxedEnvironment(
            loader=ChoiceLoader(loaders),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=False,
            autoescape=False,
        )
        self.banned, self.preferred = _voice_terms(brand_dir)
        self.version = templates_hash(override)

    @cached_property
    def terms(self) -> list[str]:
        return [t.name for t in self.brand.glossary if t.case_sensitive]

    def _common(self, page: Any, task: str, what: str, schema: dict[str, Any]) -> dict[str, Any]:
        audiences = [self.brand.audiences[a] for a in page.meta.audiences if a in self.brand.audiences]
        return {
            "task": task,
            "what": what,
            "org": self.brand.organization,
            "voice": self.voice,
            "terms": self.terms,
            "banned": self.banned,
            "preferred": self.preferred,
            "audiences": audiences,
            "lang": page.lang,
            "schema": json.dumps(schema, separators=(",", ":")),
        }

    @staticmethod
    def body(page: Any) -> str:
        text = page.generation_body.strip()  # without llm-only/llm-ignore/nosnippet blocks
        if len(text) <= BODY_CHARS:
            return text
        cut = text[:BODY_CHARS]
        return cut[: cut.rfind("\n\n")] if "\n\n" in cut else cut

    def messages(
        self,
        template: str,
        page: Any,
        *,
        task: str,
        what: str,
        schema: dict[str, Any],
        url: str,
        artifacts: Any = None,
        **extra: Any,
    ) -> list[dict[str, str]]:
        values = {**self._common(page, task, what, schema), **extra}
        system = self.env.get_template(template).render(**values).strip()
        user = (
            self.env.get_template("user.j2")
            .render(page=page, lang=page.lang, url=url, body=self.body(page), artifacts=artifacts)
            .strip()
        )
        return [{"role": "system", "content": system}, {"role": "user", "content": user}]

    def repair(self, problems: list[str]) -> str:
        return self.env.get_template("repair.j2").render(problems=problems).strip()
