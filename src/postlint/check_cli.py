"""The `postlint check` command: lint, report, optionally fix."""

from __future__ import annotations

import argparse
import gc
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import attrs

from postlint.argparser import ArgumentParser
from postlint.config import ConfigError, Settings, SettingsResolver
from postlint.engine.diagnostics import Applicability, Diagnostic, Severity
from postlint.engine.fixes import FixError, FixOutcome, fix_unit
from postlint.engine.plugins import LoadedPlugins, PluginError, load_plugins
from postlint.engine.registry import Registry, SelectionError
from postlint.engine.runner import Linter, RunOptions
from postlint.engine.units import (
    LintUnit,
    UnitPlan,
    expand_paths,
    load_unit,
    plan_units,
    unit_from_text,
)
from postlint.files import InputError, encode, write_atomically
from postlint.jobs import automatic_jobs, idle_cores, total_size
from postlint.postfix.catalogue import fresh_catalogue
from postlint.postfix.versions import NEWEST_STABLE, Version, parse_target
from postlint.report import BUILTIN_FORMATS
from postlint.report.base import Finding, Report, locate
from postlint.report.text import statistics
from postlint.syntax import FileKind

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


@attrs.define
class UnitResult:
    """What linting one unit produced, in a form a worker process can send back."""

    findings: list[Finding] = attrs.Factory(list)
    checked: list[str] = attrs.Factory(list)
    fixed: int = 0
    diff: str | None = None
    shown: list[tuple[str, Diagnostic]] = attrs.Factory(list)
    warnings: list[str] = attrs.Factory(list)
    assumed_version: str | None = None  # the default release, when nothing chose one


# The command a forked worker runs (set just before the pool starts, inherited by fork).
_ACTIVE: CheckCommand | None = None


def _work(index: int) -> UnitResult:
    assert _ACTIVE is not None
    return _ACTIVE._process(_ACTIVE._items[index])


def _run_parallel(command: CheckCommand, count: int, jobs: int) -> list[UnitResult]:
    """Lint units in forked workers; results come back in input order, errors as raised."""
    # Imported here: they cost a cold start ~10 ms and a single configuration needs neither.
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    global _ACTIVE
    _ACTIVE = command
    # Everything loaded so far (rules, catalogue, grammars) lives as long as the run: keep
    # it out of the collector's generations, so a worker never walks (and so never copies)
    # the pages it shares with this process.
    gc.freeze()
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
            chunk = max(1, count // (jobs * 4))
            return list(pool.map(_work, range(count), chunksize=chunk))
    finally:
        _ACTIVE = None
        gc.unfreeze()


class UsageError(Exception):
    """Bad options (exit code 2)."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths", nargs="*", metavar="PATH", help="files or directories ('-': stdin)"
    )
    parser.add_argument("--fix", action="store_true", help="apply safe fixes in place")
    parser.add_argument("--unsafe-fixes", action="store_true", help="also apply unsafe fixes")
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
        metavar="X.Y|X.Y.Z|auto",
        help="the Postfix release the config is for: defaults, parameters and fixes follow it; "
        f"auto asks the local postconf (default: postfix-version in the config file, else "
        f"{NEWEST_STABLE}, the newest stable release)",
    )
    parser.add_argument(
        "--config", default=None, metavar="FILE", help="use this config file, not the nearest"
    )
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
        "--stdin-filename", default=None, metavar="NAME", help="the name of the file read from -"
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
        help="worker processes (default: one per idle core when there is enough to lint to "
        "pay for them, else 1)",
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


def _codes(text: str | None) -> tuple[str, ...] | None:
    if text is None:
        return None
    return tuple(c.strip() for c in text.split(",") if c.strip())


def detect_version() -> Version:
    try:
        out = subprocess.run(
            ["postconf", "-h", "mail_version"],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError) as exc:
        raise UsageError(f"--postfix-version auto: cannot run postconf ({exc})") from None
    return Version.parse(out)


class CheckCommand:
    def __init__(self, args: argparse.Namespace):
        self.args = args
        self.resolver = SettingsResolver(Path(args.config) if args.config else None)
        first = Path(args.paths[0]) if args.paths and args.paths[0] != "-" else Path.cwd()
        base_settings = self.resolver.for_path(first)
        self.plugins: LoadedPlugins = load_plugins(
            base_settings.plugins,
            base_settings.base,
            autoload=os.environ.get("POSTLINT_DISABLE_PLUGIN_AUTOLOAD") is None,
        )
        self.registry = Registry(self.plugins.rules)
        catalogue = fresh_catalogue()
        for info in self.plugins.parameters:
            catalogue.add(info)
        self.linter = Linter(self.registry, catalogue)
        formats = {**BUILTIN_FORMATS, **self.plugins.output_formats}
        name = args.output_format or ("full" if sys.stdout.isatty() else "concise")
        if name not in formats:
            raise UsageError(f"unknown output format '{name}' (choose from {', '.join(formats)})")
        self.formatter = formats[name]()
        self.output_name = name
        self._version_cache: dict[str, Version] = {}
        self._items: list[LintUnit | UnitPlan] = []

    def version(self, settings: Settings) -> Version:
        text = self.args.postfix_version or settings.postfix_version or NEWEST_STABLE
        if text not in self._version_cache:
            try:
                self._version_cache[text] = (
                    detect_version() if text == "auto" else parse_target(text)
                )
            except ValueError as exc:
                raise UsageError(f"--postfix-version: {exc}") from None
        return self._version_cache[text]

    def options(self, unit: LintUnit, settings: Settings) -> RunOptions:
        args = self.args
        select = _codes(args.select) if args.select is not None else settings.select
        enabled = self.registry.select(
            select,
            (*settings.extend_select, *(_codes(args.extend_select) or ())),
            (*settings.ignore, *(_codes(args.ignore) or ())),
        )
        ignore_by_kind = {}
        for tree in unit.files():
            ignore_by_kind[tree.kind] = frozenset(settings.ignored_for(tree.path))
        severity = {}
        for selector, level in settings.severity.items():
            for code in self.registry.resolve([selector]):
                severity[code] = Severity(level)
        rule_options = {}
        for key, values in settings.rule_options.items():
            rule = self.registry.get(key)
            if rule is None:
                raise ConfigError(f"{settings.source}: [rules.{key}] names no rule")
            unknown = set(values) - set(rule.options)
            if unknown:
                raise ConfigError(
                    f"{settings.source}: rule {rule.code} has no option(s) "
                    f"{', '.join(sorted(unknown))}"
                )
            rule_options[rule.code] = values
        assumed = not (args.postfix_version or settings.postfix_version)
        return RunOptions(
            self.version(settings),
            frozenset(enabled),
            version_assumed=assumed,
            profile=settings.profile,
            ignore_by_kind=ignore_by_kind,
            severity=severity,
            rule_options=rule_options,
        )

    def fix_applicability(self) -> Applicability | None:
        if self.args.unsafe_fixes:
            return Applicability.UNSAFE
        if self.args.fix or self.args.diff:
            return Applicability.SAFE
        return None

    def run(self) -> int:
        # A check builds big, acyclic structures (trees, findings) and then ends: the cyclic
        # collector would rescan them over and over for nothing (6-20% of the CPU time on
        # large files, measured with bench/check_throughput.py). Restored when done.
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            return self._run()
        finally:
            if was_enabled:
                gc.enable()

    def _run(self) -> int:
        items = self._items = self._work_items()
        jobs = self._jobs(items)
        if self.args.verbose:
            sys.stderr.write(f"{len(items)} configuration(s), {jobs} process(es)\n")
        if jobs > 1:
            results = _run_parallel(self, len(items), jobs)
        else:
            results = (self._process(item) for item in items)
        findings: list[Finding] = []
        checked: list[str] = []
        fixed_total = 0
        diffs: list[str] = []
        shown_fixes: list[tuple[str, Diagnostic]] = []
        assumed: str | None = None
        for result in results:
            assumed = assumed or result.assumed_version
            for warning in result.warnings:
                sys.stderr.write(warning)
            findings.extend(result.findings)
            checked.extend(result.checked)
            fixed_total += result.fixed
            if result.diff is not None:
                diffs.append(result.diff)
            shown_fixes.extend(result.shown)
        report = Report(
            findings, self.registry.rules, checked, fixed_total, assumed_version=assumed
        )
        return self._finish(report, diffs, shown_fixes)

    def _jobs(self, items: list[LintUnit | UnitPlan]) -> int:
        """Worker processes: --jobs, else as many as the work and the idle cores pay for."""
        count = len(items)
        wanted = self.args.jobs
        if wanted is None:
            plans = [item for item in items if isinstance(item, UnitPlan)]
            size = total_size(path for plan in plans for path, _kind in plan.files)
            wanted = automatic_jobs(count, size, idle_cores())
        if wanted <= 1 or count <= 1 or not hasattr(os, "fork"):
            return 1
        return min(wanted, count)

    def _process(self, item: LintUnit | UnitPlan) -> UnitResult:
        """Lint (and fix) one unit; runs in the main process or in a worker."""
        args = self.args
        unit = item if isinstance(item, LintUnit) else load_unit(item, args.template)
        settings = self.resolver.for_path(unit.directory / "main.cf")
        options = self.options(unit, settings)
        allowed = self._fixable_codes(settings)
        applicability = self.fix_applicability()
        result = UnitResult()
        if options.version_assumed:
            result.assumed_version = str(options.version)
        if applicability is not None:
            outcome = fix_unit(self.linter, unit, options, applicability, allowed)
            result.fixed = len(outcome.fixed)
            for d in outcome.dropped:
                tree = unit.file(d.file)
                line = tree.position(d.span.start).line if tree else 0
                result.warnings.append(
                    f"postlint: warning: {self._path(unit, d.file)}:{line}: dropped the "
                    f"{d.code} fix: it would leave a line Postfix rejects\n"
                )
            result.shown.extend((self._path(unit, d.file), d) for d in outcome.fixed)
            if args.diff:
                result.diff = outcome.diff(self._path)
            else:
                self._write(unit, outcome)
            diagnostics = outcome.remaining
            unit = outcome.unit
        else:
            diagnostics = self.linter.lint(unit, options)
        files = {t.kind: t for t in unit.files()}
        paths = {t.kind: self._path(unit, t.kind) for t in unit.files()}
        result.checked.extend(
            paths[k] for k in sorted(unit.reported, key=lambda k: k.value) if k in paths
        )
        result.findings.extend(locate(d, files, paths) for d in diagnostics)
        return result

    def _fixable_codes(self, settings: Settings) -> frozenset[str] | None:
        if settings.fixable is None and not settings.unfixable:
            return None
        allowed = (
            self.registry.resolve(settings.fixable)
            if settings.fixable is not None
            else set(self.registry.rules)
        )
        return frozenset(allowed - self.registry.resolve(settings.unfixable))

    def _finish(
        self, report: Report, diffs: list[str], shown_fixes: list[tuple[str, Diagnostic]]
    ) -> int:
        args = self.args
        out = sys.stdout
        if args.diff:
            out.buffer.write(encode("".join(diffs)))
            out.flush()
        elif args.paths == ["-"] and (args.fix or args.unsafe_fixes):
            # stdout carries the fixed text; the findings go to stderr.
            sys.stderr.write(self.formatter.format(report))
        elif not args.quiet or report.findings:
            if args.statistics and self.output_name in ("full", "concise"):
                out.write(statistics(report))
            elif hasattr(self.formatter, "write"):
                self.formatter.write(report, out)  # streams: large reports stay small in memory
            else:
                out.write(self.formatter.format(report))
        if args.fix or args.unsafe_fixes:
            if args.show_fixes:
                for path, d in shown_fixes:
                    sys.stderr.write(f"fixed {path}: {d.code} {d.fix.message if d.fix else ''}\n")
            if not args.diff and not args.quiet:
                sys.stderr.write(f"{report.fixed} fixed, {len(report.findings)} remaining.\n")
        if args.verbose:
            sys.stderr.write("".join(f"checked {path}\n" for path in report.files_checked))
        if args.exit_zero:
            return EXIT_OK
        threshold = Severity(args.fail_on).rank
        failing = [f for f in report.findings if f.diagnostic.severity.rank >= threshold]
        if failing:
            return EXIT_FINDINGS
        if args.diff and any(diffs):
            return EXIT_FINDINGS
        if args.exit_non_zero_on_fix and report.fixed:
            return EXIT_FINDINGS
        return EXIT_OK

    def _work_items(self) -> list[LintUnit | UnitPlan]:
        """Standard input as a loaded unit; files as plans that are read where they are linted."""
        args = self.args
        forced = FileKind(args.file_type) if args.file_type else None
        paths = args.paths or ["."]
        if paths == ["-"]:
            name = args.stdin_filename or "main.cf"
            return [unit_from_text(sys.stdin.buffer.read(), name, forced, args.template)]
        if "-" in paths:
            raise UsageError("'-' (stdin) cannot be combined with other paths")
        files = expand_paths(paths)
        if not files:
            raise InputError(f"no main.cf or master.cf found in {' '.join(paths)}")
        return list(plan_units(files, forced))

    def _path(self, unit: LintUnit, kind: FileKind) -> str:
        tree = unit.file(kind)
        return tree.path if tree is not None else kind.value

    def _write(self, unit: LintUnit, outcome: FixOutcome) -> None:
        for kind, text in outcome.changed_texts().items():
            tree = unit.file(kind)
            assert tree is not None
            if self.args.paths == ["-"]:
                continue
            write_atomically(Path(tree.path), encode(text), expected=encode(tree.text))
        if self.args.paths == ["-"] and (self.args.fix or self.args.unsafe_fixes):
            kind = next(iter(unit.reported))
            final = outcome.unit.file(kind)
            assert final is not None
            sys.stdout.buffer.write(encode(final.text))
            sys.stdout.flush()


def run(args: argparse.Namespace) -> int:
    try:
        return CheckCommand(args).run()
    except (InputError, ConfigError, PluginError, SelectionError, UsageError, FixError) as exc:
        print(f"postlint: error: {exc}", file=sys.stderr)
        return EXIT_ERROR


def parse(argv: Sequence[str]) -> argparse.Namespace:
    parser = ArgumentParser(prog="postlint check", description="Lint (and fix) main.cf/master.cf.")
    add_arguments(parser)
    return parser.parse_args(list(argv))
