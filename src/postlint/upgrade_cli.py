"""The `postlint upgrade` command: what a Postfix upgrade changes for one configuration,
and (--fix) the main.cf settings that keep today's behaviour or adopt the new defaults."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from postlint.argparser import add_format_argument
from postlint.config import Settings
from postlint.engine.diagnostics import Applicability, Diagnostic, Severity
from postlint.engine.fixes import apply_edits, patch_path, unified_diff
from postlint.engine.units import CONFIG_NAMES, LintUnit
from postlint.files import InputError, encode, load_directory
from postlint.postfix.compat import parse_level
from postlint.postfix.releases import Release, release_table
from postlint.report.upgrade_json import render_json
from postlint.report.upgrade_text import render_full, render_markdown
from postlint.session import SETUP_ERRORS, PluginPolicy, Session
from postlint.stdout import OutputError, stdout_guard
from postlint.syntax import parse
from postlint.syntax.ast import ConfigFile
from postlint.upgrade_fix import adopt, empty_main, pin
from postlint.upgrade_plan import plan
from postlint.writer import Replacement, write_all

EXIT_ERROR = 2
# What postconf of the newer release warns about: deprecated and unknown names, and
# master.cf entries it cannot use. postlint's own rules for those stand in for it.
WARNING_RULES = ("PL3", "PL402", "PL503", "PL510")
# Rules whose safe fixes add a master.cf service the newer release needs for main.cf.
NEEDED_SERVICE_RULES = ("PL510",)
RENDERERS = {"full": render_full, "json": render_json, "markdown": render_markdown}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    accepted = "X.Y, X.Y.Z or a distribution such as centos7, rhel9, debian12, ubuntu2404"
    parser.add_argument(
        "path",
        nargs="?",
        default="/etc/postfix",
        metavar="PATH",
        help="config directory, or its main.cf or master.cf (default: %(default)s)",
    )
    parser.add_argument(
        "--from",
        dest="old",
        required=True,
        metavar="VERSION",
        help=f"the release running today: {accepted}",
    )
    parser.add_argument(
        "--to",
        dest="new",
        required=True,
        metavar="VERSION",
        help="the release to upgrade to (same forms)",
    )
    parser.add_argument(
        "--compatibility-level",
        metavar="L",
        help="also show what raising compatibility_level to L changes on "
        "the newer release (with --fix --adopt: the level to raise to)",
    )
    parser.add_argument(
        "--fix",
        action="store_true",
        help="write main.cf settings that keep today's behaviour (pins), and the "
        "master.cf services the newer release needs (postlog for maillog_file)",
    )
    parser.add_argument(
        "--adopt",
        action="store_true",
        help="with --fix/--diff: move to the new defaults instead (raise "
        "compatibility_level, current names, drop settings equal to defaults)",
    )
    parser.add_argument(
        "--diff", action="store_true", help="print the --fix changes as a patch and write nothing"
    )
    add_format_argument(parser, tuple(RENDERERS), "full", "markdown: tables for a change ticket")


def run(args: argparse.Namespace) -> int:
    try:
        return _run(args)
    except (InputError, ValueError, OutputError, *SETUP_ERRORS) as exc:
        print(f"postlint: error: {exc}", file=sys.stderr)
        return EXIT_ERROR


def _release(text: str) -> Release:
    return release_table().release(text)


def _run(args: argparse.Namespace) -> int:
    if args.adopt and not (args.fix or args.diff):
        raise ValueError("--adopt needs --fix or --diff")
    old, new = _release(args.old), _release(args.new)
    if new.version.key < old.version.key:
        raise ValueError(f"--to {args.new} is older than --from {args.old}")
    level = args.compatibility_level
    if level is not None and parse_level(level) is None:
        raise ValueError(f"--compatibility-level {level!r}: expected a level such as 2 or 3.6")
    if level is not None and not new.has_compatibility_level:
        raise ValueError(f"Postfix {new.mail_version} has no compatibility_level")
    directory = Path(args.path)
    if directory.name in CONFIG_NAMES and directory.is_file():
        directory = directory.parent
    pair = load_directory(directory)
    main = pair.main or empty_main(str(directory / "main.cf"))
    if args.fix or args.diff:
        return _fix(args, main, pair.master, old, new, level)
    result = plan(main, pair.master, old, new, level)
    result.warnings.extend(target_warnings(main, pair.master, new))
    with stdout_guard():
        sys.stdout.write(RENDERERS[args.fmt](result, str(directory)))
    return 0


def _fix(
    args: argparse.Namespace,
    main: ConfigFile,
    master: ConfigFile | None,
    old: Release,
    new: Release,
    level: str | None,
) -> int:
    if args.adopt:
        fixed = adopt(main, master, old, new, level)
    else:
        fixed, left = pin(main, master, old, new)
        if left:
            names = ", ".join(sorted({c.name for c in left}))
            print(
                "postlint: not pinned (deprecated values, lists the newer release's own "
                f"programs need, values that show the release's version): {names}",
                file=sys.stderr,
            )
    pairs = [(main, fixed)]
    if master is not None:
        pairs.append((master, master_for(fixed, master, new)))
    changed = [(before, after) for before, after in pairs if after.text != before.text]
    if not changed:
        print("postlint: nothing to change", file=sys.stderr)
        return 0
    if args.diff:
        with stdout_guard():
            for before, after in changed:
                sys.stdout.write(
                    unified_diff(before.text, after.text, patch_path(before.path or ""))
                )
        return 0
    write_all(
        Replacement(Path(before.path or ""), encode(after.text), encode(before.text))
        for before, after in changed
    )
    what = "adopted the new defaults in" if args.adopt else "pinned today's behaviour in"
    print(f"postlint: {what} {', '.join(b.path or '' for b, _a in changed)}", file=sys.stderr)
    return 0


def master_for(main: ConfigFile, master: ConfigFile, new: Release) -> ConfigFile:
    """master.cf with the services the newer release needs for this main.cf (the postlog
    entry that maillog_file needs): the safe master.cf fixes of those rules, applied."""
    found = _lint(main, master, new, NEEDED_SERVICE_RULES)
    edits = [
        edit
        for d in found
        if d.fix is not None and d.fix.applicability is Applicability.SAFE
        for edit in d.fix.edits
        if edit.file is master
    ]
    if not edits:
        return master
    return parse(apply_edits(master.text, edits), master.kind, master.path, None)


def target_warnings(main: ConfigFile, master: ConfigFile | None, new: Release) -> list[str]:
    """postlint's own warnings at the newer release for deprecated and unknown names and
    unusable master.cf entries: a proxy for what that release's postconf prints."""
    found = _lint(main, master, new, WARNING_RULES)
    out = []
    for diagnostic in found:
        if diagnostic.severity in (Severity.ERROR, Severity.WARNING):
            line = diagnostic.file.position(diagnostic.span.start).line
            name = f"{diagnostic.file.kind.value}.cf"
            out.append(f"{name}:{line}: {diagnostic.code} {diagnostic.message}")
    return out


def _lint(
    main: ConfigFile, master: ConfigFile | None, new: Release, select: tuple[str, ...]
) -> list[Diagnostic]:
    """The chosen rules' findings at the newer release (built-in and installed plugins)."""
    session = Session(policy=PluginPolicy(third_party=True, local=False))
    settings = Settings(select=select, postfix_version=new.mail_version)
    unit = LintUnit(main, master, set(), Path(main.path or ".").parent)
    if master is not None:
        unit.reported.add(master.kind)
    unit.reported.add(main.kind)
    return list(session.linter.lint(unit, session.run_options(settings, unit)))
