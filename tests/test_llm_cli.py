"""`aeoloop generate` options of the Amplify issue: --channels, --max-calls, --budget-usd, --dry-run."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "llm"))
from fake_openai import FakeOpenAI  # noqa: E402

from aeoloop.cli import main  # noqa: E402

# litellm builds pydantic models lazily; their warnings are litellm's, not ours
pytestmark = pytest.mark.filterwarnings("ignore:.*ReadOnly.*:UserWarning")
KEY_ENV = "AEOLOOP_TEST_LLM_KEY"


@pytest.fixture
def fake():
    server = FakeOpenAI()
    yield server
    server.close()


def invoke(root: Path, *args: str):
    return CliRunner().invoke(main, [*args, "-f", str(root / "mkdocs.yml")])


def llm_options(fake: FakeOpenAI) -> dict:
    return {
        "backend": "llm",
        "model": "openai/fake-model",
        "llm": {"api_base": fake.api_base, "api_key_env": KEY_ENV, "backoff_base": 0.01, "concurrency": 2},
    }


def test_generate_channels_option_offline(make_site):
    root = make_site()
    result = invoke(root, "generate", "--channels", "ai-answer", "--channels", "x-thread")
    assert result.exit_code == 0, result.output
    folder = root / "generated" / "oee" / "channels"
    assert sorted(p.name for p in folder.iterdir()) == ["ai-answer.md", "x-thread.md"]
    assert "x-thread" in result.output and "generated" in result.output
    result = invoke(root, "generate", "--channels", "tiktok")
    assert result.exit_code == 2 and "unknown channel 'tiktok'; use one of: ai-answer, linkedin-post" in result.output


def test_generate_help_names_every_built_in_channel():
    from aeoloop.amplify.channels.config import CHANNEL_NAMES

    help_text = " ".join(CliRunner().invoke(main, ["generate", "--help"]).output.split())
    assert all(name in help_text.replace("- ", "-") for name in CHANNEL_NAMES), help_text


def test_generate_dry_run_lists_estimates_and_writes_nothing(make_site, fake, monkeypatch):
    monkeypatch.setenv(KEY_ENV, "sk-test-abcdefgh")
    root = make_site(options=llm_options(fake))
    result = invoke(root, "generate", "--dry-run")
    assert result.exit_code == 0, result.output
    assert fake.requests == []
    assert not (root / "generated").exists()
    assert "linkedin-carousel" in result.output and "tokens" in result.output
    assert "dry run: 7 LLM calls would be made" in result.output and "cost unknown" in result.output
    monkeypatch.setenv("AEOLOOP_MODEL", "openai/gpt-4o-mini")
    result = invoke(root, "generate", "--dry-run", "--channels", "x-thread")
    assert result.exit_code == 0, result.output
    assert "dry run: 2 LLM calls would be made" in result.output and "about $" in result.output


def test_generate_max_calls_and_budget(make_site, fake, monkeypatch):
    monkeypatch.setenv(KEY_ENV, "sk-test-abcdefgh")
    root = make_site(options=llm_options(fake))
    result = invoke(root, "generate", "--max-calls", "0")
    assert result.exit_code == 0, result.output
    assert fake.requests == []
    assert "max_calls (0) reached" in result.output and "used the extractive output" in result.output
    manifest = json.loads((root / "generated/oee/manifest.json").read_text(encoding="utf-8"))
    assert manifest["provenance"]["backend"] == "extractive"
    result = invoke(root, "generate", "--budget-usd", "5")
    assert result.exit_code == 0, result.output
    assert len(fake.requests) == 7
    assert "llm openai/fake-model: 7 calls" in result.output and "cost unknown" in result.output
    result = invoke(root, "generate", "--max-calls", "-1")
    assert result.exit_code == 2
