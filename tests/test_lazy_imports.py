"""What a build knows without importing the modules that make or check text (issue 11, start-up).

A warm build keys every page by the extractive backend's version, every channel by its file
names, every verdict by the contract's version; each of these is now known from a table or from
the files' bytes instead of an import. Each stand-in must equal what the real module says, or
caches would be keyed by a value nobody produced. (That a warm build imports none of those
modules is tested end to end in ``tests/test_speed.py``.)
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from aeoloop import quality
from aeoloop.amplify import channels
from aeoloop.amplify.channels import BUILTIN, CHANNELS, channel_files
from aeoloop.amplify.channels.config import CHANNEL_FILES, CHANNEL_NAMES
from aeoloop.backends import extractive, front, registry
from aeoloop.brand import load_brand
from aeoloop.settings import Settings


ROOT = Path(__file__).parent.parent


def test_the_front_keys_pages_as_the_extractive_backend_does():
    assert front.TEMPLATE_VERSION == extractive.TEMPLATE_VERSION
    brand = load_brand(ROOT / "brand", ROOT)
    made = registry.create("extractive", Settings(), brand)
    assert isinstance(made, front.ExtractiveFront)
    real = extractive.ExtractiveBackend(Settings(), brand)
    assert (made.name, made.template_version, made.deterministic) == (
        real.name,
        real.template_version,
        real.deterministic,
    )
    assert made.model_id("en") == real.model_id("en") and made.model_id("it") == real.model_id("it")


def test_the_front_version_follows_every_file_the_backend_hashes(tmp_path):
    """A change to a hashed file changes both versions alike: recomputed over a copy of the package
    with one byte added to one file of each kind in turn (a kind left out of one of them fails)."""
    package = Path(extractive.__file__).parent.parent
    copy = tmp_path / "aeoloop"
    shutil.copytree(package, copy, ignore=shutil.ignore_patterns("__pycache__"))
    hashed = [  # one of each kind of hashed file
        sorted((copy / "backends").glob("extractive*.py"))[-1],
        sorted((copy / "amplify" / "questions").glob("*.py"))[-1],
        copy / "amplify" / "keyphrases.py",
        copy / "quality" / "__init__.py",
        copy / "answer_code.py",
    ]
    probe = (
        "import aeoloop.backends.front as f, aeoloop.backends.extractive as e; "
        "print(f.TEMPLATE_VERSION, e.TEMPLATE_VERSION)"
    )

    def versions() -> tuple[str, str]:
        out = subprocess.run(
            [sys.executable, "-c", probe],
            cwd=tmp_path,
            env={"PYTHONPATH": str(tmp_path)},
            capture_output=True,
            text=True,
        )
        assert out.returncode == 0, out.stderr[-2000:]
        assert out.stdout.strip().startswith("extractive-"), out.stdout
        a, b = out.stdout.split()
        return a, b

    before = versions()
    assert before[0] == before[1]
    for path in hashed:
        path.write_bytes(path.read_bytes() + b"\n")
        after = versions()
        assert after[0] == after[1] != before[0], path.name
        before = after


def test_channel_file_names_are_the_channels_own():
    assert tuple(CHANNEL_FILES) == CHANNEL_NAMES == tuple(BUILTIN)
    for name in CHANNEL_NAMES:
        assert channel_files(name) == tuple(CHANNELS[name].files), name


def test_a_channel_registered_over_a_built_in_name_brings_its_own_files():
    class Replacement:
        name = "x-thread"
        files = ("channels/x-thread.txt",)

    try:
        CHANNELS.register("x-thread", Replacement())  # type: ignore[arg-type]
        assert channel_files("x-thread") == ("channels/x-thread.txt",)
        assert channel_files("ai-answer") == CHANNEL_FILES["ai-answer"]
    finally:
        CHANNELS.register("x-thread", BUILTIN["x-thread"])
    assert channel_files("x-thread") == CHANNEL_FILES["x-thread"]
    assert CHANNELS["x-thread"].files == CHANNEL_FILES["x-thread"]
    assert channels.CHANNELS is CHANNELS


def test_the_quality_package_names_load_on_first_use():
    for name in quality.__all__:
        assert getattr(quality, name) is not None, name
    from aeoloop.quality.contract import check_item
    from aeoloop.quality.contract_rules import Limits

    assert quality.check_item is check_item and quality.Limits is Limits
    with pytest.raises(AttributeError):
        quality.no_such_check  # noqa: B018
    fresh = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from aeoloop.quality import CONTRACT_VERSION, Limits; "
            "print(len(CONTRACT_VERSION), 'aeoloop.quality.contract' in sys.modules)",
        ],
        capture_output=True,
        text=True,
    )
    assert fresh.stdout.split() == ["12", "False"], fresh.stderr[-2000:]
