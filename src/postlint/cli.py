"""Command line entry point: picks the sub-command; each lives in its own module."""

from __future__ import annotations

import argparse
import sys

from postlint import __version__

COMMANDS = ("check", "show", "rules", "rule", "server")


def _version() -> str:
    from postlint.engine.plugins import PluginError, load_plugins

    lines = [f"postlint {__version__}"]
    try:
        for name, version in load_plugins().plugins:
            lines.append(f"  plugin {name} {version}")
    except PluginError as exc:
        lines.append(f"  plugins failed to load: {exc}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] in (["--version"], ["-V"]):
        print(_version())
        return 0
    if args[:1] in (["-h"], ["--help"]):
        print(
            "usage: postlint [check] [PATH ...] [options]\n"
            "       postlint show [-c DIR] [-d] [-n] [-x] [-M] [-P] [NAME ...]\n"
            "       postlint rules [--output-format json]\n"
            "       postlint rule CODE|NAME\n"
            "       postlint server\n"
            "       postlint --version\n\n"
            "Run `postlint check --help` for the lint options."
        )
        return 0
    command = args[0] if args and args[0] in COMMANDS else "check"
    rest = args[1:] if args and args[0] in COMMANDS else args
    try:
        return _dispatch(command, rest)
    except KeyboardInterrupt:
        return 130


def _dispatch(command: str, rest: list[str]) -> int:
    if command == "show":
        from postlint import show_cli

        parser = argparse.ArgumentParser(prog="postlint show")
        show_cli.add_arguments(parser)
        return show_cli.run(parser.parse_args(rest))
    if command == "rules":
        from postlint.rules_cli import list_rules

        parser = argparse.ArgumentParser(prog="postlint rules")
        parser.add_argument(
            "--output-format", "--format", dest="fmt", default="text", choices=("text", "json")
        )
        return list_rules(parser.parse_args(rest).fmt)
    if command == "rule":
        from postlint.rules_cli import show_rule

        parser = argparse.ArgumentParser(prog="postlint rule")
        parser.add_argument("code")
        return show_rule(parser.parse_args(rest).code)
    if command == "server":
        try:
            from postlint.server.main import serve
        except ImportError as exc:
            print(f"postlint: error: the language server needs pygls: {exc}", file=sys.stderr)
            return 2
        return serve()
    from postlint import check_cli

    return check_cli.run(check_cli.parse(rest))
