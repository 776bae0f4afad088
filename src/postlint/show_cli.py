"""The `postlint show` command: postconf-compatible output."""

from __future__ import annotations

import argparse
import os
import sys

from postlint.files import InputError, load_directory
from postlint.postfix.model import Config
from postlint.postfix.show import ShowError, ShowRequest, show
from postlint.postfix.versions import NEWEST_STABLE, parse_target

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
    parser.add_argument("-n", action="store_true", help="only parameters set in main.cf")
    parser.add_argument("-x", action="store_true", help="expand $name in values")
    parser.add_argument("-M", action="store_true", help="show master.cf services")
    parser.add_argument("-P", action="store_true", help="show master.cf -o parameters")
    parser.add_argument(
        "--postfix-version",
        default=NEWEST_STABLE,
        metavar="X.Y[.Z]",
        help="the release whose postconf to imitate (default: %(default)s)",
    )
    parser.add_argument("names", nargs="*", metavar="NAME", help="only these parameters")


def run(args: argparse.Namespace) -> int:
    if not os.path.isdir(args.config_dir):
        # A wrong -c is a bad option (exit 2); what postconf itself calls fatal stays exit 1.
        print(f"postlint: error: -c {args.config_dir}: not a directory", file=sys.stderr)
        return EXIT_USAGE
    try:
        version = parse_target(args.postfix_version)
        pair = load_directory(args.config_dir)
    except (ValueError, InputError) as exc:
        print(f"postlint: fatal: {exc}", file=sys.stderr)
        return EXIT_FATAL
    config = Config(pair.main, pair.master, version, config_directory=_config_dir(args))
    request = ShowRequest(args.n, args.x, args.M, args.P, tuple(args.names))
    try:
        text, warnings = show(config, request)
    except ShowError as exc:
        print(f"postlint: fatal: {exc}", file=sys.stderr)
        return EXIT_FATAL
    for warning in warnings:
        print(f"postlint: warning: {warning}", file=sys.stderr)
    sys.stdout.buffer.write(text.encode("utf-8", "surrogateescape"))
    return 0


def _config_dir(args: argparse.Namespace) -> str | None:
    # postconf -c DIR records DIR as an explicit config_directory setting.
    return args.config_dir if args.config_dir != "/etc/postfix" else None
