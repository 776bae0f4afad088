"""Command line entry point: picks the sub-command; each lives in its own module."""

from __future__ import annotations

import gc
import os
import sys
from typing import Any

from postlint import __version__
from postlint.argparser import ArgumentParser, add_format_argument
from postlint.stdout import OutputError, flush_stdout, reserve_closed_streams, stdout_guard

COMMANDS = ("check", "show", "explain", "upgrade", "rules", "rule", "server")
SERVER_HELP = "The language server (LSP over stdio) for editors; see docs/editors.md."


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


USAGE = """usage: postlint [check] [PATH ...] [options]
       postlint show [-c DIR] [-d] [-n] [-x] [-M] [-P] [--postfix-version X.Y[.Z]] [NAME ...]
       postlint explain NAME [--service NAME/TYPE] [PATH] [--output-format json]
       postlint upgrade [PATH] --from VERSION --to VERSION
                        [--compatibility-level L] [--fix [--adopt]] [--diff]
       postlint rules [--output-format json]
       postlint rule CODE|NAME
       postlint server
       postlint --version

Run `postlint COMMAND --help` for a command's options (`postlint check --help`: linting)."""


def main(argv: list[str] | None = None) -> int:
    from postlint.safe_path import drop_working_directory

    drop_working_directory()  # the `postlint` command, with "" on sys.path from PYTHONPATH
    problem = reserve_closed_streams()
    if problem is not None:
        sys.stderr.write(f"postlint: error: {problem}\n")
        return 2
    args = list(sys.argv[1:] if argv is None else argv)
    # A command starts by importing ~300 modules and building classes, rules and the
    # catalogue: tens of thousands of objects that live until exit, so the cyclic collector
    # would rescan them dozens of times for no garbage (~10% of a cold start). Off for the
    # short-lived commands; the language server turns it back on (_dispatch).
    was_enabled = gc.isenabled()
    gc.disable()
    sys.unraisablehook = _note_interrupt
    try:
        status = _main(args)
        if _interrupted:
            return 130
        # Here, so a closed pipe is caught below and not at exit. The language server's
        # `exit` has pygls close stdout itself; flushing that would raise ValueError.
        if not sys.stdout.closed:
            flush_stdout()
        return status
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return _closed_pipe()
    except OutputError as exc:  # what a command without its own handler could not print
        sys.stderr.write(f"postlint: error: {exc}\n")
        return 2
    finally:
        if argv is None:
            # The command line's own run, and the process ends next: all that the run
            # built lives until exit, so it goes to the collector's permanent generation,
            # which the collections of interpreter shutdown skip (they would walk it all:
            # ~5% of a cold start). A caller that passes argv keeps its process as it was.
            gc.freeze()
        if was_enabled:
            gc.enable()


_interrupted = False


def _note_interrupt(unraisable: Any) -> None:
    """A Ctrl-C that lands where Python cannot raise it (a callback run when an object is
    freed) would be printed with a traceback and lost: note it, and the command exits with
    130 when it returns, as for any other Ctrl-C."""
    global _interrupted
    if issubclass(unraisable.exc_type, KeyboardInterrupt):
        _interrupted = True
        return
    sys.__unraisablehook__(unraisable)


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
        with stdout_guard():
            print(_version())
        return 0
    if args[:1] in (["-h"], ["--help"]):
        with stdout_guard():
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
        with stdout_guard():
            return show_cli.run(parser.parse_args(rest))
    if command == "explain":
        from postlint import explain_cli

        # NAME and PATH may come before or after the options.
        return explain_cli.run(explain_cli.parser().parse_intermixed_args(rest))
    if command == "upgrade":
        from postlint import upgrade_cli

        parser = ArgumentParser(
            prog="postlint upgrade",
            description="What a Postfix upgrade changes in this configuration.",
        )
        upgrade_cli.add_arguments(parser)
        return upgrade_cli.run(parser.parse_args(rest))
    if command == "rules":
        from postlint import rules_cli

        parser = ArgumentParser(prog="postlint rules", description="List the loaded rules.")
        add_format_argument(parser, ("text", "json"), "text")
        rules_cli.add_arguments(parser)
        with stdout_guard():
            return rules_cli.list_rules(parser.parse_args(rest))
    if command == "rule":
        from postlint import rules_cli

        parser = ArgumentParser(prog="postlint rule", description="Print a rule's documentation.")
        parser.add_argument("code", metavar="CODE|NAME", help="PL101, pl101 or a rule name")
        rules_cli.add_arguments(parser)
        with stdout_guard():
            return rules_cli.show_rule(parser.parse_args(rest))
    if command == "server":
        parser = ArgumentParser(prog="postlint server", description=SERVER_HELP)
        # Some clients (vscode-languageclient) pass --stdio; stdio is the only transport.
        parser.add_argument("--stdio", action="store_true", help="the default; accepted")
        parser.parse_args(rest)
        if sys.stdin is None:  # closed (`<&-`): the editor's requests cannot arrive
            sys.stderr.write("postlint: error: cannot read standard input: it is closed\n")
            return 2
        try:
            from postlint.server.main import serve
        except ImportError as exc:
            print(
                # postlint is not on a package index: `pip install 'postlint[server]'` would
                # find nothing, or someone else's package of that name.
                f"postlint: error: the language server needs the server extra ({exc}); "
                "install postlint again with it: pip install '.[server]' in a checkout, or "
                "pip install 'postlint[server] @ git+https://github.com/postlint/postlint@<rev>'",
                file=sys.stderr,
            )
            return 2
        gc.enable()  # a long-lived process: its garbage must be collected
        return serve()
    from postlint import check_cli

    return check_cli.run(check_cli.parse(rest))
