"""The argument parser every sub-command uses: a bad option is one line on stderr and exit 2."""

from __future__ import annotations

import argparse
import os
import sys
from typing import IO, NoReturn

EXIT_USAGE = 2


def terminal_columns() -> int:
    """`shutil.get_terminal_size().columns`, without importing shutil: argparse makes a help
    formatter for every option it adds, and that import (with bz2 and lzma) is ~2 ms of
    every start. COLUMNS wins when it is a positive number, then the terminal on stdout,
    else 80."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns > 0:
        return columns
    try:
        return os.get_terminal_size(sys.__stdout__.fileno()).columns or 80
    except (AttributeError, ValueError, OSError):
        return 80


class HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """argparse's formatter, as wide as argparse would make it (see terminal_columns)."""

    def __init__(
        self,
        prog: str,
        indent_increment: int = 2,
        max_help_position: int = 24,
        width: int | None = None,
    ) -> None:
        if width is None:
            width = terminal_columns() - 2  # what argparse subtracts from the terminal width
        super().__init__(prog, indent_increment, max_help_position, width)


class ArgumentParser(argparse.ArgumentParser):
    """argparse, but errors follow postlint's contract instead of printing the whole usage."""

    def __init__(
        self, prog: str, description: str | None = None, epilog: str | None = None
    ) -> None:
        super().__init__(
            prog=prog,
            description=description,
            epilog=epilog,
            # Defaults are shown where a help text names them with %(default)s.
            formatter_class=HelpFormatter,
        )

    def print_help(self, file: IO[str] | None = None) -> None:
        # --help on a full disk: one line and exit 2, on every Python (argparse exits right
        # after; its own writer raises on 3.10 and says nothing from 3.11 on).
        from postlint.stdout import stdout_guard

        with stdout_guard():
            (file or sys.stdout).write(self.format_help())

    def error(self, message: str) -> NoReturn:
        sys.stderr.write(f"postlint: error: {message} (see `{self.prog} --help`)\n")
        sys.exit(EXIT_USAGE)


def add_format_argument(
    parser: argparse.ArgumentParser, choices: tuple[str, ...], default: str, meaning: str = ""
) -> None:
    """`--output-format` (alias `--format`) of a command with a fixed set of formats."""
    parser.add_argument(
        "--output-format",
        "--format",
        dest="fmt",
        default=default,
        choices=choices,
        help=f"{meaning} (default: %(default)s)".lstrip(),
    )
