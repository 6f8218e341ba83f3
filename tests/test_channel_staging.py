"""Channel files written where they are made and staged by reference (issue 11: a cold build's memory).

The channel jobs' files go to a scratch folder of the cache as they are made (in the channel
server's workers with ``-j 2``, in the build process with ``-j 1``); the store's pending writes
hold a :class:`~aeoloop.publish.StagedFile` (path and hash), not the bytes, and publish links the
file into its transaction. What is published must be the same bytes as before, the transaction
must still leave ``generated/`` as it was when the build fails, and no scratch folder may stay.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Callable

import pytest
from conftest import tree_bytes

from aeoloop import build
from aeoloop import publish as publish_mod
from aeoloop.publish import SCRATCH_PREFIX, StagedFile


@pytest.fixture
def corpus(bench_site: Callable[..., Path]) -> Callable[[str], Path]:
    return lambda name: bench_site(name, seed=3)


def _spy_publish(monkeypatch) -> list[dict[str, object]]:
    """What the store held for publish, per build: path under generated/ → the pending value."""
    seen: list[dict[str, object]] = []
    real = build.step_publish

    def spy(state):
        assert state.store is not None
        root = state.project.generated_dir
        seen.append({p.relative_to(root).as_posix(): v for p, v in state.store.pending.items()})
        real(state)

    monkeypatch.setattr(build, "AFTER_RENDER", (build.AFTER_RENDER[0], build.Step("publish", spy)))
    monkeypatch.setattr(build, "STEPS", (*build.ENGINE_STEPS, build.RENDER, *build.AFTER_RENDER))
    return seen


def _scratch(root: Path) -> list[Path]:
    cache = root / ".aeoloop"
    return sorted(cache.glob(SCRATCH_PREFIX + "*")) if cache.is_dir() else []


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_cold_builds_channel_files_are_staged_on_disk_and_published_unchanged(corpus, build_site, monkeypatch, jobs):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    seen = _spy_publish(monkeypatch)
    root = corpus("cold")
    build_site(root, jobs=jobs)
    (pending,) = seen
    channel_files = {name: value for name, value in pending.items() if "/channels/" in name}
    assert any(name.endswith("linkedin-carousel.pdf") for name in channel_files), sorted(channel_files)[:5]
    assert len(channel_files) >= 12 * 5
    for name, value in channel_files.items():
        assert isinstance(value, StagedFile), f"{name} was held as {type(value).__name__}"
        published = (root / "generated" / name).read_bytes()
        assert hashlib.sha256(published).hexdigest() == value.sha256, name
    # the rest (summaries, FAQ, manifests) is held as text as before
    assert all(isinstance(v, str) for n, v in pending.items() if "/channels/" not in n)
    assert _scratch(root) == [], "the scratch folder should be gone after publish"
    assert not list((root / ".aeoloop").glob("publish-*"))


def test_one_and_two_jobs_publish_the_same_channel_files(corpus, build_site, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    one, two = corpus("one"), corpus("two")
    build_site(one, jobs=1)
    build_site(two, jobs=2)
    a, b = tree_bytes(one / "generated"), tree_bytes(two / "generated")
    assert a.keys() == b.keys()
    assert [n for n in a if a[n] != b[n]] == []


def _fail_in_verify(monkeypatch) -> None:
    """A verify step that lets the channels finish (their files staged) and then fails."""

    def verify(state):
        state.finish_deferred()
        assert state.store is not None
        assert any(isinstance(v, StagedFile) for v in state.store.pending.values()), "no channel file staged"
        assert _scratch(state.project.root), "the staged channel files should be in a scratch folder"
        raise RuntimeError("verify failed on purpose")

    monkeypatch.setattr(build, "AFTER_RENDER", (build.Step("verify", verify), build.AFTER_RENDER[1]))
    monkeypatch.setattr(build, "STEPS", (*build.ENGINE_STEPS, build.RENDER, *build.AFTER_RENDER))


def _fail_in_publish(monkeypatch) -> None:
    """Publish fails once its transaction holds every file (the staged ones linked in)."""

    def checkpoint(name: str) -> None:
        if name == "publish:staged":
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(publish_mod, "checkpoint", checkpoint)


@pytest.mark.parametrize("where", ["verify", "publish"])
@pytest.mark.parametrize("jobs", [1, 2])
def test_a_build_that_fails_after_the_channels_leaves_generated_as_it_was(corpus, build_site, monkeypatch, where, jobs):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    root = corpus("p")
    build_site(root, jobs=jobs)
    before = tree_bytes(root / "generated")
    site_before = tree_bytes(root / "site")
    for page in sorted((root / "content").rglob("*.md"))[:4]:  # new headings: their channel files change
        text = page.read_text(encoding="utf-8")
        page.write_text(text.replace("\n## ", "\n## Revised: "), encoding="utf-8")
    (_fail_in_verify if where == "verify" else _fail_in_publish)(monkeypatch)
    with pytest.raises(Exception, match="on purpose" if where == "verify" else "No space left"):
        build_site(root, jobs=jobs)
    assert tree_bytes(root / "generated") == before
    assert tree_bytes(root / "site") == site_before
    assert _scratch(root) == [], "a failed build's staged files should be deleted"
    assert not list((root / ".aeoloop").glob("publish-*")), "nothing of the failed transaction should stay"
