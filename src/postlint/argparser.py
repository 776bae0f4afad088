"""The argument parser every sub-command uses: a bad option is one line on stderr and exit 2."""

from __future__ import annotations

import argparse
import sys
from typing import NoReturn

EXIT_USAGE = 2


class ArgumentParser(argparse.ArgumentParser):
    """argparse, but errors follow postlint's contract instead of printing the whole usage."""

    def __init__(self, prog: str, description: str | None = None) -> None:
        super().__init__(
            prog=prog,
            description=description,
            # Defaults are shown where a help text names them with %(default)s.
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )

    def error(self, message: str) -> NoReturn:
        sys.stderr.write(f"postlint: error: {message} (see `{self.prog} --help`)\n")
        sys.exit(EXIT_USAGE)
