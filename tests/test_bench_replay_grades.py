"""bench/replay_grades.py: graded pairs matched against a listing of what is published now."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "bench" / "replay_grades.py"

GRADED_OLD = """# Q&A sample: demo-r1 (3 of 3 pairs)

## 1. How do you reset a password?

- page: `account.md`
- contract: pass
- grade: weak
- why: misses the second step

Open the account page.

## 2. What is a workspace?

- page: `concepts.md`
- grade: good

A workspace is a shared folder for one team.
"""

GRADED_NEW = """##### Q&A sample: demo-r2 (2 of 3 pairs)

###### 1. How do you reset a password?

- page: `account.md`
- contract: pass
- grade: weak
- round 1 #1, question and answer identical; re-read, grade kept

Open the account page.

###### 2. How do you invite a colleague?

- page: `team.md`
- grade: wrong
- why: leans on a picture

As shown above, click the button.

###### 3. Why is my chart empty?

- page: `charts.md`
- grade: good

Charts stay empty until the first event arrives, which can take a minute.
"""

LISTING = """# Q&A sample: replay (3 of 3 pairs)

## 1. How do you reset a password?

- page: `account.md`
- contract: pass
- grade:

Open the account page, choose Reset, and follow the link in the email.

## 2. What is a workspace?

- page: `concepts.md`
- contract: pass
- grade:

A workspace is a shared folder for one team.

## 3. What does an empty chart mean?

- page: `charts.md`
- contract: pass
- grade:

Charts stay empty until the first event arrives, which can take a minute.
"""


def replay(tmp_path: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    (tmp_path / "old.md").write_text(GRADED_OLD, encoding="utf-8")
    (tmp_path / "new.md").write_text(GRADED_NEW, encoding="utf-8")
    (tmp_path / "now.md").write_text(LISTING, encoding="utf-8")
    cmd = [sys.executable, str(SCRIPT), "--listing", str(tmp_path / "now.md"), str(tmp_path / "old.md")]
    cmd += [str(tmp_path / "new.md"), *extra]
    return subprocess.run(cmd, capture_output=True, text=True, check=False)


def test_counts_unchanged_changed_and_gone_per_old_grade(tmp_path: Path) -> None:
    done = replay(tmp_path, "--json", str(tmp_path / "out.json"))
    assert done.returncode == 0, done.stderr
    assert "| good | 2 | 1 | 1 | 0 |" in done.stdout  # workspace unchanged; chart question reworded
    assert "| weak | 1 | 0 | 1 | 0 |" in done.stdout  # the later round's label wins; its answer grew
    assert "| wrong | 1 | 0 | 0 | 1 |" in done.stdout
    assert "published now: 3 pairs, of which 3 were graded" in done.stdout


def test_show_prints_old_beside_new_without_the_grader_notes(tmp_path: Path) -> None:
    done = replay(tmp_path, "--show")
    assert "A now: Open the account page, choose Reset, and follow the link in the email." in done.stdout
    assert "Q now: What does an empty chart mean?" in done.stdout
    assert "round 1 #1" not in done.stdout


def test_a_pair_without_a_page_line_is_an_error_naming_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "bad.md").write_text("## 1. A question?\n\n- grade: good\n\nAn answer.\n", encoding="utf-8")
    (tmp_path / "now.md").write_text(LISTING, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--listing", str(tmp_path / "now.md"), str(tmp_path / "bad.md")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert "bad.md:1: pair 'A question?' has no '- page:' line" in done.stderr
