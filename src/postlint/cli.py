"""Command line entry point: picks the sub-command; each lives in its own module."""

from __future__ import annotations

import os
import sys

from postlint import __version__
from postlint.argparser import ArgumentParser

COMMANDS = ("check", "show", "rules", "rule", "server")
SERVER_HELP = "The language server (LSP over stdio) for editors; see docs/editors.md."


def _version() -> str:
    from postlint.engine.plugins import PluginError, load_plugins

    lines = [f"postlint {__version__}"]
    try:
        for name, version in load_plugins().plugins:
            lines.append(f"  plugin {name} {version}")
    except PluginError as exc:
        lines.append(f"  plugins failed to load: {exc}")
    return "\n".join(lines)


USAGE = """usage: postlint [check] [PATH ...] [options]
       postlint show [-c DIR] [-n] [-x] [-M] [-P] [--postfix-version X.Y] [NAME ...]
       postlint rules [--output-format json]
       postlint rule CODE|NAME
       postlint server
       postlint --version

Run `postlint COMMAND --help` for a command's options (`postlint check --help`: linting)."""


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        status = _main(args)
        sys.stdout.flush()  # here, so a closed pipe is caught below and not at exit
        return status
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return _closed_pipe()


def _closed_pipe() -> int:
    """The reader went away (`postlint rules | head -1`): stop quietly, as `cat` would.

    Python would complain at exit when it flushes what is still buffered, so stdout is
    pointed at /dev/null first. The status is the shell's for a SIGPIPE death (128 + 13).
    """
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
    return 141


def _main(args: list[str]) -> int:
    if args[:1] in (["--version"], ["-V"]):
        print(_version())
        return 0
    if args[:1] in (["-h"], ["--help"]):
        print(USAGE)
        return 0
    if args and args[0] in COMMANDS:
        return _dispatch(args[0], args[1:])
    return _dispatch("check", args)


def _dispatch(command: str, rest: list[str]) -> int:
    if command == "show":
        from postlint import show_cli

        parser = ArgumentParser(
            prog="postlint show",
            description="Print what `postconf -c DIR` of that release would print.",
        )
        show_cli.add_arguments(parser)
        return show_cli.run(parser.parse_args(rest))
    if command == "rules":
        from postlint.rules_cli import list_rules

        parser = ArgumentParser(prog="postlint rules", description="List the loaded rules.")
        parser.add_argument(
            "--output-format",
            "--format",
            dest="fmt",
            default="text",
            choices=("text", "json"),
            help="(default: %(default)s)",
        )
        return list_rules(parser.parse_args(rest).fmt)
    if command == "rule":
        from postlint.rules_cli import show_rule

        parser = ArgumentParser(prog="postlint rule", description="Print a rule's documentation.")
        parser.add_argument("code", metavar="CODE|NAME", help="PL101, pl101 or a rule name")
        return show_rule(parser.parse_args(rest).code)
    if command == "server":
        parser = ArgumentParser(prog="postlint server", description=SERVER_HELP)
        # Some clients (vscode-languageclient) pass --stdio; stdio is the only transport.
        parser.add_argument("--stdio", action="store_true", help="the default; accepted")
        parser.parse_args(rest)
        try:
            from postlint.server.main import serve
        except ImportError as exc:
            print(
                f"postlint: error: the language server needs the server extra ({exc}); "
                "install it with: pip install 'postlint[server]' (or, from a checkout: "
                "pip install '.[server]')",
                file=sys.stderr,
            )
            return 2
        return serve()
    from postlint import check_cli

    return check_cli.run(check_cli.parse(rest))
