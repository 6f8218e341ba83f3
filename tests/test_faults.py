"""Faults during a build: kill -9 at every step boundary and inside publish, concurrent builds,
read-only generated/, a full disk. After the recovery step the outputs must equal the previous or
the next clean build (hashes of every file in site/ and generated/), never a mix.

The kill scenarios run in one driver subprocess (``tests/faultrun.py``) that forks a real child
per scenario and SIGKILLs it at a named point; see its docstring.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import aeoloop.publish as publish_mod
from aeoloop.publish import JOURNAL, PublishError, build_lock, publish, recover

HERE = Path(__file__).parent
BEFORE_JOURNAL = {
    "step:paths",
    "step:load",
    "step:lint",
    "step:generate",
    "step:guardrails",
    "step:channels",
    "step:render",
    "step:verify",
    "publish:staged",
}


@pytest.fixture(scope="module")
def faults(tmp_path_factory) -> tuple[dict, Path]:
    work = tmp_path_factory.mktemp("faults")
    proc = subprocess.run(
        [sys.executable, str(HERE / "faultrun.py"), str(work)], capture_output=True, text=True, timeout=600
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return json.loads((work / "report.json").read_text()), work


def test_two_clean_builds_are_identical_and_differ_from_the_previous(faults):
    report, _ = faults
    assert report["b1"]["exit"] == 0 and report["b2"]["exit"] == 0, report["b1"]["stderr"]
    assert report["b"] == report["b_again"]  # the oracle "next clean build" is well defined
    assert report["a"] != report["b"] and report["replaces"] >= 10


def test_every_kill_point_recovers_to_previous_or_next_never_a_mix(faults):
    report, _ = faults
    points = report["points"]
    assert len(points) >= 17
    for point, entry in points.items():
        assert entry["killed"], f"{point} was never reached: {entry['stderr_tail']}"
        expected = "previous" if point in BEFORE_JOURNAL else "next"
        assert entry["state"] == expected, f"{point}: {entry['state']} {entry.get('diff')}"
        assert entry["leftovers_after_recovery"] == [], point  # stale render and staging folders are gone
    assert points["publish:replace:1"]["journal_after_kill"]
    # the killed render left a site-* folder and the channel files staged in a scratch folder: recovery deleted them
    left = points["step:render"]["leftovers_after_kill"]
    assert any(name.startswith("site-") for name in left), left
    assert any(name.startswith(publish_mod.SCRATCH_PREFIX) for name in left), left
    assert any(f"deleted {len(left)} temporary folder" in line for line in points["step:render"]["recovered"])
    assert points["publish:site-moved"]["recovered"][0].startswith("completed an interrupted publish")


def test_build_after_a_crash_never_keeps_a_file_as_edited_by_hand(faults):
    report, _ = faults
    for point, entry in report["points"].items():
        if point.startswith("publish:"):
            nxt = entry["next_build"]
            assert nxt["exit"] == 0, nxt["stderr_tail"]
            assert not nxt["edited_by_hand"], f"{point}: {nxt['stderr_tail']}"
            assert nxt["equals_b"], point


def test_a_kill_during_recovery_is_recovered_too(faults):
    report, _ = faults
    entry = report["kill_during_recovery"]
    assert entry["killed"] and entry["equals_b"]


def test_the_next_build_says_it_completed_an_interrupted_publish(faults):
    report, _ = faults
    entry = report["recovery_message"]
    assert entry["exit"] == 0 and entry["equals_b"]
    assert "completed an interrupted publish (build pid" in entry["stderr"]


def test_a_second_build_is_refused_naming_the_first_ones_pid(faults):
    report, _ = faults
    entry = report["concurrent"]
    assert entry["second"]["exit"] == 2
    assert f"another aeoloop build (pid {entry['first_pid']}) is running" in entry["second"]["stderr"]
    assert "Traceback" not in entry["second"]["stderr"]
    assert entry["first"]["exit"] == 0 and entry["equals_b"]


@pytest.mark.parametrize("which", ["page_folder", "generated"])
def test_read_only_generated_is_a_clear_error_and_nothing_changes(faults, which):
    report, _ = faults
    entry = report["readonly"][which]
    if "skipped" in entry:
        pytest.skip(entry["skipped"])
    assert entry["exit"] == 2, entry["stderr"]
    assert "read-only" in entry["stderr"] and "Traceback" not in entry["stderr"]
    assert entry["state"] == "previous" and entry["leftovers"] == [] and not entry["journal"]
    assert entry["after_fix"] == {"exit": 0, "equals_b": True}


def test_generated_files_and_site_get_the_normal_mode(faults):
    report, _ = faults
    mask = int(report["umask"], 8)
    for path, mode in report["modes"].items():
        is_dir = path in ("site", "generated/downtime")
        assert int(mode, 8) == (0o777 if is_dir else 0o666) & ~mask, (path, mode)


# --- publish() itself: failures while staging and while applying ----------------------------


def _tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".aeoloop" not in p.parts
    }


def _project(tmp_path: Path) -> tuple[Path, Path, dict[Path, str], Path]:
    root = tmp_path / "p"
    gen = root / "generated"
    for i in range(4):
        (gen / f"page{i}").mkdir(parents=True)
        (gen / f"page{i}" / "summary.md").write_text(f"old {i}\n")
        (gen / f"page{i}" / "manifest.json").write_text(f'{{"old": {i}}}\n')
    (root / "site").mkdir()
    (root / "site" / "index.html").write_text("old site")
    new_site = root / ".aeoloop" / "site-new"
    new_site.mkdir(parents=True)
    (new_site / "index.html").write_text("new site")
    files = {gen / f"page{i}" / "summary.md": f"new {i}\n" for i in range(4)}
    files |= {gen / f"page{i}" / "manifest.json": f'{{"new": {i}}}\n' for i in range(4)}
    files[gen / "fresh" / "deep" / "summary.md"] = "a new page\n"
    return root, gen, files, new_site


def test_full_disk_while_staging_changes_nothing(tmp_path, monkeypatch):
    root, gen, files, new_site = _project(tmp_path)
    before = _tree(root)
    real = publish_mod.write_new
    calls = []

    def full(path, data):
        calls.append(path)
        if len(calls) == 3:
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        real(path, data)

    monkeypatch.setattr(publish_mod, "write_new", full)
    with pytest.raises(PublishError, match="No space left on device.*left as they were"):
        publish(root, root / ".aeoloop", files, site=(new_site, root / "site"), allowed=[gen])
    assert _tree(root) == before
    assert sorted(p.name for p in (root / ".aeoloop").iterdir()) == ["site-new"]  # no staging, no journal


def test_failure_while_applying_rolls_back_every_file_and_the_site(tmp_path, monkeypatch):
    root, gen, files, new_site = _project(tmp_path)
    before = _tree(root)
    real = os.replace
    calls = []

    def flaky(src, dst, **kw):
        calls.append(dst)
        if len(calls) == 6:
            raise OSError(errno.EIO, "Input/output error", str(dst))
        return real(src, dst, **kw)

    monkeypatch.setattr(publish_mod.os, "replace", flaky)
    with pytest.raises(PublishError, match="Input/output error.*undone"):
        publish(root, root / ".aeoloop", files, site=(new_site, root / "site"), allowed=[gen])
    monkeypatch.setattr(publish_mod.os, "replace", real)
    assert _tree(root) == before
    assert not (gen / "fresh").exists()  # folders the publish created are removed again
    assert not (root / ".aeoloop" / JOURNAL).exists()


def test_publish_writes_manifests_last_and_records_the_journal(tmp_path, monkeypatch):
    root, gen, files, new_site = _project(tmp_path)
    seen: list[str] = []
    journal: list[dict] = []

    def spy(name):
        if name == "publish:journal":
            journal.append(json.loads((root / ".aeoloop" / JOURNAL).read_text()))
        if name.startswith("publish:replace:"):
            seen.append(journal[0]["files"][int(name.rsplit(":", 1)[1]) - 1]["target"])

    monkeypatch.setattr(publish_mod, "checkpoint", spy)
    written = publish(root, root / ".aeoloop", files, site=(new_site, root / "site"), allowed=[gen])
    assert len(written) == len(files) and (root / "site" / "index.html").read_text() == "new site"
    names = [Path(t).name for t in seen]
    assert names.index("manifest.json") == names.count("summary.md")  # every manifest after every other file
    assert journal[0]["site"]["target"] == "site"
    assert sorted(p.name for p in (root / ".aeoloop").iterdir()) == []  # staging, journal and old site removed


def test_recover_without_a_journal_deletes_stale_folders_only(tmp_path):
    cache = tmp_path / ".aeoloop"
    for name in ("site-abc", "publish-123", "site-old-1", "failed-site", "lint-cache.json"):
        (cache / name).mkdir(parents=True) if "." not in name else (cache / name).write_text("{}")
    lines = recover(tmp_path, cache)
    assert sorted(p.name for p in cache.iterdir()) == ["failed-site", "lint-cache.json"]
    assert lines == ["deleted 3 temporary folder(s) left in .aeoloop/ by an interrupted build"]


def test_unreadable_journal_is_a_clear_error(tmp_path):
    cache = tmp_path / ".aeoloop"
    cache.mkdir()
    (cache / JOURNAL).write_text("{not json")
    with pytest.raises(PublishError, match=r"publish-journal.json: error: unreadable publish journal"):
        recover(tmp_path, cache)


def test_the_lock_is_reentrant_in_one_process_and_names_the_holder(tmp_path):
    cache = tmp_path / ".aeoloop"
    with build_lock(cache, tmp_path):
        with build_lock(cache, tmp_path):  # `aeoloop build` runs the MkDocs plugin inside its own lock
            pass
        code = (
            "import sys; from pathlib import Path; from aeoloop.publish import build_lock, BuildLockedError\n"
            f"try:\n  build_lock(Path({str(cache)!r}), Path({str(tmp_path)!r})).__enter__()\n"
            "except BuildLockedError as e:\n  print(e.message); sys.exit(3)\n"
        )
        proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
        assert proc.returncode == 3 and f"(pid {os.getpid()})" in proc.stdout
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stdout  # released


def test_a_real_full_disk_fails_cleanly(faults, tmp_path):
    """The build on a full tmpfs (in a private mount namespace): exit 2, no traceback, outputs unchanged."""
    if (
        shutil.which("unshare") is None
        or subprocess.run(["unshare", "-m", "true"], capture_output=True).returncode != 0
    ):
        pytest.skip("needs `unshare -m` (a private mount namespace) to mount a small tmpfs")
    _, work = faults
    mnt = tmp_path / "mnt"
    mnt.mkdir()
    aeoloop = Path(sys.executable).parent / "aeoloop"
    script = f"""
set -e
mount -t tmpfs -o size=30m tmpfs {mnt}
cp -a {work / "start"}/. {mnt}/
{sys.executable} -c 'import sys; sys.path.insert(0, "{HERE}"); import faultrun, json; print(json.dumps(faultrun.tree_hash(__import__("pathlib").Path("{mnt}"))))' > {tmp_path}/before.json
dd if=/dev/zero of={mnt}/.fill bs=64k >/dev/null 2>&1 || true
set +e
cd {mnt} && {aeoloop} build > {tmp_path}/out.txt 2>&1
echo $? > {tmp_path}/rc
{sys.executable} -c 'import sys; sys.path.insert(0, "{HERE}"); import faultrun, json; print(json.dumps(faultrun.tree_hash(__import__("pathlib").Path("{mnt}"))))' > {tmp_path}/after.json
"""
    proc = subprocess.run(["unshare", "-m", "sh", "-c", script], capture_output=True, text=True, timeout=300)
    if not (tmp_path / "rc").exists():
        pytest.skip(f"could not mount a tmpfs here: {proc.stderr[-300:]}")
    out = (tmp_path / "out.txt").read_text()
    assert (tmp_path / "rc").read_text().strip() == "2", out
    assert "No space left on device" in out and "Traceback" not in out
    assert json.loads((tmp_path / "before.json").read_text()) == json.loads((tmp_path / "after.json").read_text())


def test_many_files_are_made_durable_with_one_syncfs(tmp_path, monkeypatch):
    root = tmp_path / "p"
    gen = root / "generated"
    files = {gen / f"page{i // 4}" / f"f{i}.md": f"text {i}\n" for i in range(publish_mod.FSYNC_EACH_UP_TO + 8)}
    synced: list[Path] = []
    real = publish_mod._syncfs
    monkeypatch.setattr(publish_mod, "_syncfs", lambda path: (synced.append(path), real(path)))
    written = publish(root, root / ".aeoloop", files, allowed=[gen])
    assert len(written) == len(files) and all(p.read_text() == t for p, t in files.items())
    assert len(synced) == 1  # the staged files before the journal (the replaces touch only 10 folders)


def test_plain_mkdocs_build_takes_the_same_lock(make_site):
    """`mkdocs build` (the plugin prepares its own state) is refused while an aeoloop build runs."""
    root = make_site()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from pathlib import Path; from aeoloop.publish import build_lock\n"
            f"with build_lock(Path({str(root / '.aeoloop')!r}), Path({str(root)!r})):\n  print('ready', flush=True); sys.stdin.read()",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        mkdocs = Path(sys.executable).parent / "mkdocs"
        proc = subprocess.run(
            [str(mkdocs), "build", "-f", str(root / "mkdocs.yml")],
            capture_output=True,
            text=True,
            timeout=300,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )
    finally:
        holder.communicate("", timeout=60)
    assert proc.returncode != 0
    assert f"another aeoloop build (pid {holder.pid}) is running" in proc.stdout + proc.stderr
    assert not (root / "generated").exists() and not (root / "site").exists()


def test_site_dir_that_is_a_symlink_is_replaced_not_followed(tmp_path):
    root = tmp_path / "p"
    elsewhere = tmp_path / "www"
    elsewhere.mkdir()
    (elsewhere / "keep.html").write_text("served elsewhere")
    root.mkdir()
    os.symlink(elsewhere, root / "site")
    new_site = root / ".aeoloop" / "site-new"
    new_site.mkdir(parents=True)
    (new_site / "index.html").write_text("new site")
    publish(root, root / ".aeoloop", {}, site=(new_site, root / "site"), allowed=[root / "generated"])
    assert not (root / "site").is_symlink() and (root / "site" / "index.html").read_text() == "new site"
    assert (elsewhere / "keep.html").read_text() == "served elsewhere"  # nothing deleted through the link
    assert list((root / ".aeoloop").iterdir()) == []
