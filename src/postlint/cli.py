"""Command line entry point: picks the sub-command; each lives in its own module."""

from __future__ import annotations

import argparse
import sys

from postlint import __version__

COMMANDS = ("check", "show", "explain", "rules", "rule", "server")


def _version() -> str:
    """The version, the installed plugins, and the local plugins that the config found from
    the working directory would load (listed, not run)."""
    from pathlib import Path

    from postlint.discovery import SettingsResolver
    from postlint.engine.plugins import load_plugins
    from postlint.session import SETUP_ERRORS, PluginPolicy

    lines = [f"postlint {__version__}"]
    policy = PluginPolicy.from_environment()
    try:
        for name, version in load_plugins(third_party=policy.third_party).plugins:
            lines.append(f"  plugin {name} {version}")
        settings = SettingsResolver().for_path(Path.cwd())
    except SETUP_ERRORS as exc:
        lines.append(f"  plugins failed to load: {exc}")
        return "\n".join(lines)
    off = "" if policy.local else f" (not loaded: {policy.why_not})"
    for spec in settings.plugins:
        lines.append(f"  local plugin {spec} (from {settings.source}){off}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    from postlint.safe_path import drop_working_directory

    drop_working_directory()  # the `postlint` command, with "" on sys.path from PYTHONPATH
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] in (["--version"], ["-V"]):
        print(_version())
        return 0
    if args[:1] in (["-h"], ["--help"]):
        print(
            "usage: postlint [check] [PATH ...] [options]\n"
            "       postlint show [-c DIR] [-d] [-n] [-x] [-M] [-P] [NAME ...]\n"
            "       postlint explain NAME [--service NAME/TYPE] [PATH] [--output-format json]\n"
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
    if command == "explain":
        from postlint import explain_cli

        # NAME and PATH may come before or after the options.
        return explain_cli.run(explain_cli.parser().parse_intermixed_args(rest))
    if command == "rules":
        from postlint import rules_cli

        parser = argparse.ArgumentParser(prog="postlint rules")
        parser.add_argument(
            "--output-format", "--format", dest="fmt", default="text", choices=("text", "json")
        )
        rules_cli.add_arguments(parser)
        return rules_cli.list_rules(parser.parse_args(rest))
    if command == "rule":
        from postlint import rules_cli

        parser = argparse.ArgumentParser(prog="postlint rule")
        parser.add_argument("code")
        rules_cli.add_arguments(parser)
        return rules_cli.show_rule(parser.parse_args(rest))
    if command == "server":
        try:
            from postlint.server.main import serve
        except ImportError as exc:
            print(f"postlint: error: the language server needs pygls: {exc}", file=sys.stderr)
            return 2
        return serve()
    from postlint import check_cli

    return check_cli.run(check_cli.parse(rest))
