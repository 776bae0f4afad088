"""The `postlint explain` command: how one effective value is derived."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from postlint.argparser import ArgumentParser, add_format_argument
from postlint.engine.readers import rules_for
from postlint.engine.units import LintUnit, build_units
from postlint.explain_output import as_json, full
from postlint.explain_reads import override_reads
from postlint.files import InputError, error_for
from postlint.postfix.catalogue import Catalogue
from postlint.postfix.derivation import UnknownName, derive
from postlint.postfix.model import Config
from postlint.postfix.stock_master import stock_master
from postlint.postfix.versions import NEWEST_STABLE, Version
from postlint.report.escape import visible
from postlint.session import SETUP_ERRORS, CommandLine, add_config_arguments, session_for
from postlint.stdout import OutputError, stdout_guard
from postlint.syntax.ast import FileKind, Span

DEFAULT_PATH = "/etc/postfix"
EPILOG = """\
PATH is a configuration directory (main.cf and master.cf in it) or one of the two files
(its sibling is read too); default /etc/postfix.

--output-format json prints one object (docs/explain.md shows an example):
  name, postfix_version, service   the question (service: "name/type" or null)
  kind          parameter | per-service | read-only | user-defined (set and used as $name)
                | unused (set, but Postfix ignores it; see note)
  value, raw    the effective value expanded (null if it cannot be), and before expansion
  error         the expansion error Postfix would stop on, or null
  expanded      false for raw parameters (Postfix never expands them)
  note          why Postfix ignores an unused setting (with a "did you mean"), or null
  templated     true when the value depends on a template placeholder (written <template>)
  stock_master  true when there is no master.cf: the services are Postfix's stock ones (as
                check assumes), and a file of "<stock master.cf>" is its lines without comments
  origin        {kind: override|main.cf|default|service|undefined, file, line, service}
  default       null, or {value, since, deprecated_since, replacement (a name or null),
                instead (what to do instead, in words, or null), compatibility_level:
                null or {threshold, below, from_threshold, level, level_set_at, chosen}}
  main_cf       [{file, line, value, in_effect}] in file order; in_effect marks the line
                that decides the value (none when the service's -o does)
  override      {file, line, value, service, service_line, read} for --service, or null
                (service_line: where that service's master.cf entry starts; read: whether
                the service's program reads the name, null when the facts cannot tell)
  other_overrides   [{file, line, value, service, service_line, read}]: other services' -o
  program       null, or for --service {name, reads, via, read_by, facts}: the service's
                program (its command), whether it reads the name (via: the parameter whose
                value refers to it), the programs that do when it does not, and the Postfix
                release whose sources the facts come from
  expansion     [{name, depth, raw, value, error, repeated, tested,
                origin}] each $name looked up,
                in order (depth 1: named in the value itself; tested: only checked
                for a value by ${name?text} or ${name:text}); expansion_left_off: count
                of steps beyond the listed ones
  rules         [{code, name, summary, reads, findings: [{file, line, column, message}]}]
                rules that read the value for this config, or report on a line setting it
Exit status: 0, or 2 for an unknown name, a bad option or an unreadable config."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("name", metavar="NAME", help="the parameter to explain")
    parser.add_argument(
        "path",
        nargs="?",
        default=DEFAULT_PATH,
        metavar="PATH",
        # Not %(default)s: parse_intermixed_args hides a positional's default while --help runs.
        help=f"config directory, or its main.cf or master.cf (default: {DEFAULT_PATH})",
    )
    parser.add_argument(
        "--service", default=None, metavar="NAME/TYPE", help="the value for this master.cf service"
    )
    parser.add_argument(
        "--postfix-version",
        default=None,
        metavar="X.Y[.Z]|DISTRO|auto",
        help="the release whose defaults apply (X.Y, X.Y.Z or a distribution such as rhel9; "
        "auto asks the local postconf; default: postfix-version in the config file, else "
        f"{NEWEST_STABLE})",
    )
    add_format_argument(parser, ("full", "json"), "full")
    add_config_arguments(parser)


def parser() -> argparse.ArgumentParser:
    # postlint's parser: a bad option is one line, as in every other command.
    made = ArgumentParser(
        "postlint explain",
        "How Postfix derives the effective value of one parameter.",
        epilog=EPILOG,
    )
    add_arguments(made)
    return made


def run(args: argparse.Namespace) -> int:
    try:
        with stdout_guard():
            return _run(args)
    except (InputError, UnknownName, OutputError, *SETUP_ERRORS) as exc:
        print(f"postlint: error: {visible(str(exc))}", file=sys.stderr)
        return 2


def _run(args: argparse.Namespace) -> int:
    unit = load_unit_at(Path(args.path))
    command_line = CommandLine(postfix_version=args.postfix_version)
    resolver, _sessions, session = session_for(args, unit.directory, command_line)
    resolved = session.resolve(resolver.for_path(unit.directory))
    config = model_for(unit, resolved.version, session.catalogue)
    derivation = derive(config, args.name, args.service)
    options = resolved.run_options(unit)
    uses = rules_for(session.linter, unit, options, args.name, _setting_spans(config, args.name))
    reads = override_reads(config, derivation)
    if args.fmt == "json":
        text = json.dumps(as_json(derivation, uses, reads), indent=2, ensure_ascii=True)
    else:
        text = full(derivation, uses, reads)
    sys.stdout.write(text + "\n")
    return 0


def model_for(unit: LintUnit, version: Version, catalogue: Catalogue) -> Config:
    """The model as `postconf -c DIR` computes it on this host (not the lint's neutral host):
    the value a running Postfix uses. Without a master.cf, Postfix's stock services, as
    `check` assumes (a deployed Postfix almost surely runs them)."""
    directory = None if unit.directory == Path(DEFAULT_PATH) else str(unit.directory)
    master = unit.master if unit.master is not None else stock_master()
    return Config(unit.main, master, version, catalogue, config_directory=directory)


def load_unit_at(path: Path) -> LintUnit:
    """The unit a PATH names: a directory's main.cf and master.cf, or a file and its sibling."""
    try:
        if path.is_dir():
            files = [path / n for n in ("main.cf", "master.cf") if (path / n).is_file()]
            if not files:
                raise InputError(f"{path}: no main.cf or master.cf in this directory")
        elif path.exists():
            files = [path]
        else:
            raise InputError(f"{path}: no such file or directory")
        unit = build_units(files)[0]
    except OSError as exc:
        raise error_for(path, exc) from None
    unit.reported = {t.kind for t in unit.files()}  # findings in either file count
    return unit


def _setting_spans(config: Config, name: str) -> dict[FileKind, list[Span]]:
    """The lines that set `name`: main.cf entries and every -o for it."""
    spans: dict[FileKind, list[Span]] = {FileKind.MAIN: [], FileKind.MASTER: []}
    for param in config.definitions.get(name, ()):
        spans[FileKind.MAIN].append(param.span_without_newline)
    for svc in config.services:
        for override in svc.overrides:
            if override.name == name:
                spans[FileKind.MASTER].append(override.span)
    return spans
