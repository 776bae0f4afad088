"""Help text is as wide as argparse makes it, though postlint finds the width itself (so
that a start does not import shutil)."""

from __future__ import annotations

import argparse

import pytest
from cli_run import imported_modules

from postlint.argparser import ArgumentParser
from postlint.check_options import add_arguments


def _help(formatter: type[argparse.HelpFormatter] | None) -> str:
    parser = ArgumentParser(prog="postlint check", description="Lint main.cf/master.cf.")
    if formatter is not None:
        parser.formatter_class = formatter
    add_arguments(parser)
    return parser.format_help()


@pytest.mark.parametrize("columns", [None, "", "40", "100", "250", "-3", "wide"])
def test_help_wraps_at_the_width_argparse_would_use(
    monkeypatch: pytest.MonkeyPatch, columns: str | None
) -> None:
    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    assert _help(None) == _help(argparse.RawDescriptionHelpFormatter)


def test_a_check_start_does_not_import_shutil(tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "main.cf").write_text("myhostname = mail.example.com\n")
    result, imported = imported_modules(["check", "--format", "concise", "."], tmp_path)
    assert result.returncode in (0, 1), result.stderr[-2000:]
    assert "postlint.argparser" in imported and "shutil" not in imported
