"""Extension points: a backend, a report format, a lint rule type and a channel, each added by
one class and one registration, work end to end (build, ingest, lint)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import Field
from click.testing import CliRunner

from aeoloop.amplify.channels import CHANNELS
from aeoloop.amplify.channels.base import Channel, ChannelModel
from aeoloop.amplify.channels.config import ChannelOptions
from aeoloop.amplify.channels.context import ChannelContext
from aeoloop.artifacts import PageArtifacts
from aeoloop.backends import registry as backends
from aeoloop.backends.extractive import ExtractiveBackend
from aeoloop.backends.registry import BaseBackend
from aeoloop.cli import main
from aeoloop.evolve import adapters
from aeoloop.evolve.adapters.citations_csv import GenericCitationsCsv
from aeoloop.express import rules
from aeoloop.brand import Brand
from aeoloop.express.markup import Document
from aeoloop.express.rules import BuildContext, Hit, Rule
from aeoloop.page import Page
from aeoloop.registry import Registry
from aeoloop.settings import Settings

REPORTS = Path(__file__).parent / "fixtures" / "reports"


@pytest.fixture
def registered() -> Iterator[list[tuple[Registry[object], str]]]:
    """Registrations made by a test, removed afterwards (registries are process-wide)."""
    made: list[tuple[Registry[object], str]] = []
    yield made
    for reg, name in made:
        reg.remove(name)


class ShoutingBackend(BaseBackend):
    """The extractive artifacts with a marker in front of the summary."""

    name = "shouting"
    template_version = "shouting-1"

    def __init__(self, settings: Settings, brand: Brand) -> None:
        self.inner = ExtractiveBackend(settings, brand)

    def model_id(self, lang: str) -> str:
        return "shouting|" + self.inner.model_id(lang)

    def generate(self, page: Page) -> PageArtifacts:
        art = self.inner.generate(page)
        art.summary = "Loudly: " + art.summary
        return art


class Motto(ChannelModel):
    line: str


class MottoOptions(ChannelOptions):
    max_chars: int = Field(300, ge=20, le=1000)


class MottoChannel(Channel[Motto]):
    name = "motto"
    files = ("channels/motto.md",)
    model = Motto
    options_model = MottoOptions

    def extractive(self, ctx: ChannelContext) -> Motto:
        return Motto(line=f"{ctx.title}: read it at {ctx.url}")

    def check(self, value: Motto, ctx: ChannelContext) -> list[str]:
        limit = self.options(ctx).max_chars
        return [] if len(value.line) <= limit else [f"the motto is longer than {limit} characters"]

    def texts(self, value: Motto) -> list[tuple[str, str]]:
        return [(value.line, "sentence")]

    def render(self, value: Motto, ctx: ChannelContext) -> dict[str, str | bytes]:
        return {"channels/motto.md": value.line + "\n"}


class NoDigits(Rule):
    """Flags every run of digits (a rule type with no keys of its own)."""

    def setup(self, cfg: dict[str, object], ctx: BuildContext) -> None:
        return None

    def check(self, doc: Document) -> Iterator[Hit]:
        import re

        v = rules.view(doc, self.scope)
        for m in re.finditer(r"\d+", v.text):
            where = v.locate(m.start(), m.end())
            if where is not None:
                seg, a, b = where
                yield Hit(seg, a, b, rules.format_message(self.message, m.group()))


class MyTool(GenericCitationsCsv):
    """A citation tool whose exports are the generic CSV under their own file extension."""

    name = "my-tool"
    title = "My Tool citation export"
    detection = "files named *.mytool"
    load_native = None  # streamed

    def detect(self, head: str, filename: str) -> float:
        return 1.0 if filename.endswith(".mytool") else 0.0


def test_a_registered_backend_and_channel_run_in_the_build(make_site, build_site, registered):
    backends.register("shouting", ShoutingBackend)
    CHANNELS.register("motto", MottoChannel())
    registered += [(backends.BACKENDS, "shouting"), (CHANNELS, "motto")]  # type: ignore[list-item]
    root = make_site(options={"backend": "shouting"})
    state = build_site(root, verify=False)
    html = (root / "site" / "oee" / "index.html").read_text()
    assert "Loudly: " in html
    manifest = json.loads((root / "generated" / "oee" / "manifest.json").read_text())
    assert manifest["provenance"]["backend"] == "shouting"
    assert (
        root / "generated" / "oee" / "channels" / "motto.md"
    ).read_text() == "What is OEE?: read it at https://acme.example/oee/\n"
    assert state.channel_results["oee.md"]["motto"] == "generated"


def test_generate_channels_accepts_a_registered_channel(make_site, registered):
    """`--channels` takes any registered channel, not just the built-in ones, and an unknown name
    is a usage error naming every valid one."""
    CHANNELS.register("motto", MottoChannel())
    registered.append((CHANNELS, "motto"))  # type: ignore[arg-type]
    root = make_site()
    args = ["-f", str(root / "mkdocs.yml")]
    result = CliRunner().invoke(main, ["generate", "--channels", "motto", *args])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (root / "generated" / "oee" / "channels").iterdir()) == ["motto.md"]
    result = CliRunner().invoke(main, ["generate", "--channels", "mottos", *args])
    assert result.exit_code == 2, result.output
    assert "unknown channel 'mottos'; use one of: ai-answer, " in result.output, result.output
    assert ", newsletter, motto" in result.output, result.output


def test_a_registered_rule_type_lints(make_site, registered):
    rules.register("no-digits")(NoDigits)
    registered.append((rules.RULE_TYPES, "no-digits"))  # type: ignore[arg-type]
    root = make_site()
    (root / "brand" / "voice.yml").write_text(
        "version: 1\nrules:\n  - name: NoDigits\n    extends: no-digits\n    message: \"Spell out '%s'.\"\n    level: warning\n"
    )
    result = CliRunner().invoke(main, ["lint", "-f", str(root / "mkdocs.yml")])
    assert result.exit_code == 0, result.output
    assert "NoDigits" in result.output and "Spell out '85'" in result.output


def test_a_registered_report_format_is_detected_and_ingested(make_site, registered, monkeypatch):
    adapters.register("my-tool", MyTool)
    registered.append((adapters.ADAPTERS, "my-tool"))  # type: ignore[arg-type]
    root = make_site()
    shutil.copy(REPORTS / "citations.csv", root / "export.mytool")
    monkeypatch.chdir(root)
    listed = CliRunner().invoke(main, ["ingest", "--list-formats"])
    assert "my-tool" in listed.output, listed.output
    result = CliRunner().invoke(main, ["ingest", "export.mytool"])
    assert result.exit_code == 0, result.output
    assert "my-tool" in result.output and "rows" in result.output


def test_an_unknown_name_lists_the_registered_ones():
    reg: Registry[int] = Registry("widget", {"a": 1, "b": "json:JSONDecodeError"})
    assert reg.names() == ["a", "b"] and list(reg) == ["a", "b"]
    assert reg["b"].__name__ == "JSONDecodeError"  # type: ignore[attr-defined]  # imported on first use
    assert reg.unknown("c") == "unknown widget 'c'; use one of: a, b"
    with pytest.raises(KeyError):
        reg["c"]


def test_a_registered_channel_is_configured_in_channels_yml(make_site, build_site, registered):
    """An extension channel has its own key in brand/channels.yml, validated by its options model
    with the file and line of a mistake, like the built-in channels."""
    CHANNELS.register("motto", MottoChannel())
    registered.append((CHANNELS, "motto"))  # type: ignore[arg-type]
    root = make_site()
    channels_yml = root / "brand" / "channels.yml"
    channels_yml.write_text("version: 1\nchannels:\n  motto:\n    enabled: false\n", encoding="utf-8")
    state = build_site(root, verify=False)
    assert "motto" not in state.channel_results.get("oee.md", {})
    assert not (root / "generated" / "oee" / "channels" / "motto.md").exists()

    channels_yml.write_text("version: 1\nchannels:\n  motto:\n    max_chars: 5\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "-f", str(root / "mkdocs.yml")])
    assert result.exit_code == 2, result.output
    assert "brand/channels.yml:4" in result.output and "max_chars" in result.output, result.output

    channels_yml.write_text("version: 1\nchannels:\n  motto:\n    max_chars: 40\n", encoding="utf-8")
    state = build_site(root, verify=False)
    assert state.channel_results["oee.md"]["motto"] == "not written"  # its own limit, from channels.yml
    assert any("the motto is longer than 40 characters" in d.message for d in state.diagnostics)
