"""Command line entry point (argument parsing only; each command lives in its own module)."""

from __future__ import annotations

import argparse
import sys


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["show"]:
        from postlint import show_cli

        parser = argparse.ArgumentParser(prog="postlint show")
        show_cli.add_arguments(parser)
        return show_cli.run(parser.parse_args(args[1:]))
    print("postlint: only `show` exists yet", file=sys.stderr)
    return 2
