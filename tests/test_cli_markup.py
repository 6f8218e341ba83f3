"""Terminal output prints text as written: brackets in a rule id, a file name or a report's text
are not read as rich markup (a note's ``[sentence-length]`` once vanished from ``build -v``)."""

from __future__ import annotations

from click.testing import CliRunner

from aeoloop.cli import _print_diagnostics, main
from aeoloop.errors import Diagnostic


def test_bracketed_rule_id_is_printed(capsys) -> None:
    _print_diagnostics(
        [Diagnostic("content/[draft] a.md", 3, "[sentence-length] 41 words; the brand allows 35", "warning")]
    )
    err = capsys.readouterr().err
    assert "[sentence-length]" in err
    assert "content/[draft] a.md:3" in err


def test_markup_lookalike_in_an_error_is_not_styled(tmp_path) -> None:
    result = CliRunner().invoke(main, ["build", "-f", str(tmp_path / "[bold]nowhere[/]" / "mkdocs.yml")])
    assert "[bold]nowhere[/]" in result.output
