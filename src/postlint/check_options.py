"""The options of `postlint check`: names, choices, defaults and help texts."""

from __future__ import annotations

import argparse

from postlint.postfix.versions import NEWEST_STABLE
from postlint.report import BUILTIN_FORMATS
from postlint.session import add_config_arguments


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths", nargs="*", metavar="PATH", help="files or directories ('-': stdin)"
    )
    parser.add_argument("--fix", action="store_true", help="apply safe fixes in place")
    parser.add_argument(
        "--unsafe-fixes",
        action="store_true",
        help="enable unsafe fixes: counted and shown, applied only with --fix or --diff",
    )
    parser.add_argument("--diff", action="store_true", help="print fixes as a unified diff")
    parser.add_argument("--show-fixes", action="store_true", help="list what was fixed")
    parser.add_argument(
        "--output-format",
        "--format",
        dest="output_format",
        default=None,
        metavar="FORMAT",
        help=f"{'|'.join(BUILTIN_FORMATS)} or one a plugin adds "
        "(default: full on a terminal, else concise)",
    )
    parser.add_argument(
        "--select",
        default=None,
        metavar="CODES",
        help="comma-separated codes, prefixes (PL1) or names, ALL for every rule; replaces "
        "the default set (default: every rule not marked off by default)",
    )
    parser.add_argument("--extend-select", default="", metavar="CODES", help="add to the set")
    parser.add_argument("--ignore", default="", metavar="CODES", help="remove from the set")
    parser.add_argument(
        "--postfix-version",
        default=None,
        metavar="X.Y[.Z]|DISTRO|auto",
        help="the Postfix release the config is for (X.Y, X.Y.Z or a distribution such as "
        "rhel9): defaults, parameters and fixes follow it; "
        f"auto asks the local postconf (default: postfix-version in the config file, else "
        f"{NEWEST_STABLE}, the newest stable release)",
    )
    add_config_arguments(parser)
    parser.add_argument("--exit-zero", action="store_true", help="exit 0 even with findings")
    parser.add_argument(
        "--exit-non-zero-on-fix", action="store_true", help="exit 1 when a fix was applied"
    )
    parser.add_argument(
        "--fail-on",
        choices=("error", "warning", "info"),
        default="warning",
        help="lowest severity that makes the exit code 1 (default: warning)",
    )
    parser.add_argument("--statistics", action="store_true", help="count findings per rule")
    parser.add_argument(
        "--stdin-filename",
        default=None,
        metavar="NAME",
        help="the name of the file read from - (only with the PATH -; otherwise an error)",
    )
    parser.add_argument(
        "--file-type",
        choices=("main", "master"),
        default=None,
        help="read every file as main.cf or master.cf (default: by name)",
    )
    parser.add_argument(
        "--template",
        choices=("jinja", "erb", "tt", "auto", "none"),
        default=None,
        help="treat files as templates (default: by name, .j2 .erb .tmpl .in, else by content)",
    )
    parser.add_argument(
        "--jobs",
        "-j",
        type=_positive_int,
        default=None,
        metavar="N",
        help="processes that lint, this one included (default: one per idle core when there "
        "is enough to lint to pay for them, else 1)",
    )
    parser.add_argument(
        "-q", "--quiet", action="store_true", help="print nothing when there are no findings"
    )
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="also list the files checked (on stderr)"
    )


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value
