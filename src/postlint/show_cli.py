"""The `postlint show` command: postconf-compatible output."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from postlint.files import InputError, load
from postlint.postfix.model import Config
from postlint.postfix.show import READS_MASTER, ShowError, ShowRequest, show
from postlint.postfix.versions import NEWEST_STABLE, Version, parse_target
from postlint.report.escape import visible
from postlint.syntax.ast import ConfigFile, FileKind

EXIT_FATAL = 1  # postconf exits 1 on a fatal error; `show` keeps that contract
EXIT_USAGE = 2


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-c",
        dest="config_dir",
        default="/etc/postfix",
        metavar="DIR",
        help="the directory with main.cf and master.cf (default: %(default)s)",
    )
    parser.add_argument("-d", action="store_true", help="show built-in defaults")
    parser.add_argument("-n", action="store_true", help="only parameters set in main.cf")
    parser.add_argument("-x", action="store_true", help="expand $name in values")
    parser.add_argument("-M", action="store_true", help="show master.cf services")
    parser.add_argument("-P", action="store_true", help="show master.cf -o parameters")
    parser.add_argument(
        "--postfix-version",
        default=NEWEST_STABLE,
        metavar="X.Y[.Z]",
        help="target release: X.Y, X.Y.Z or a distribution such as rhel9 (default: %(default)s)",
    )
    parser.add_argument("names", nargs="*", metavar="NAME", help="only these parameters")


def run(args: argparse.Namespace) -> int:
    if not os.path.isdir(args.config_dir):
        # A wrong -c is a bad option (exit 2); what postconf itself calls fatal stays exit 1.
        print(f"postlint: error: -c {args.config_dir}: not a directory", file=sys.stderr)
        return EXIT_USAGE
    try:
        version = parse_target(args.postfix_version)
    except ValueError as exc:  # postlint's own option, not postconf's: exit 2 as elsewhere
        print(f"postlint: error: --postfix-version: {visible(str(exc))}", file=sys.stderr)
        return EXIT_USAGE
    request = ShowRequest(args.n, args.x, args.M, args.P, tuple(args.names), args.d)
    warnings: list[str] = []
    try:
        main, master = _load(Path(args.config_dir), version, request, warnings)
    except (ValueError, InputError, ShowError) as exc:
        _print_warnings(warnings)
        print(f"postlint: fatal: {visible(str(exc))}", file=sys.stderr)
        return EXIT_FATAL
    config = Config(main, master, version, config_directory=_config_dir(args))
    try:
        text, found = show(config, request)
    except ShowError as exc:
        _print_warnings(warnings)
        print(f"postlint: fatal: {visible(str(exc))}", file=sys.stderr)
        return EXIT_FATAL
    _print_warnings(warnings + found)
    sys.stdout.buffer.write(text.encode("utf-8", "surrogateescape"))
    return 0


def _load(
    directory: Path, version: Version, request: ShowRequest, warnings: list[str]
) -> tuple[ConfigFile | None, ConfigFile | None]:
    """Read the files the way postconf of `version` does: master.cf first (a missing one is
    fatal for -M/-P, a warning otherwise), then main.cf (not needed for -d)."""
    if not directory.is_dir():
        raise InputError(f"{directory}: not a directory")
    master = None
    master_path = directory / "master.cf"
    if version >= READS_MASTER or request.reads_master:
        if master_path.exists():
            master = load(master_path, FileKind.MASTER, "none")
        elif request.reads_master:
            raise ShowError(f"open {master_path}: No such file or directory")
        else:
            warnings.append(f"open {master_path}: No such file or directory")
    main_path = directory / "main.cf"
    if main_path.exists():
        # As postconf reads them: template tags are text (no masking), like any other value.
        return load(main_path, FileKind.MAIN, "none"), master
    if not request.defaults:
        raise ShowError(f"open {main_path}: No such file or directory")
    return None, master


def _print_warnings(warnings: list[str]) -> None:
    for warning in warnings:
        print(f"postlint: warning: {visible(warning)}", file=sys.stderr)


def _config_dir(args: argparse.Namespace) -> str | None:
    # postconf -c DIR records DIR as an explicit config_directory setting.
    return args.config_dir if args.config_dir != "/etc/postfix" else None
