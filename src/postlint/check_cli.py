"""The `postlint check` command: lint, report, optionally fix."""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from postlint.argparser import ArgumentParser
from postlint.check_options import add_arguments
from postlint.check_result import PoolError, UnitResult, worker_count
from postlint.config import ConfigError
from postlint.engine.diagnostics import Applicability, Diagnostic, Severity
from postlint.engine.fixes import MAX_PASSES, FixError, FixOutcome, eligible, fix_unit
from postlint.engine.plugins import LoadedPlugins, PluginError
from postlint.engine.registry import SelectionError
from postlint.engine.resolves import Place, place, places_resolved
from postlint.engine.units import (
    LintUnit,
    UnitPlan,
    expand,
    load_unit,
    plan_units,
    unit_from_text,
)
from postlint.files import InputError, encode, error_for
from postlint.report import BUILTIN_FORMATS
from postlint.report.base import Finding, Report, locate_all, shows_edits
from postlint.report.escape import visible
from postlint.report.text import statistics
from postlint.session import (
    CommandLine,
    Resolved,
    Session,
    UsageError,
    session_for,
)
from postlint.stdout import OutputError, stdout_guard
from postlint.syntax import FileKind

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def _codes(text: str | None) -> tuple[str, ...] | None:
    if text is None:
        return None
    return tuple(c.strip() for c in text.split(",") if c.strip())


class CheckCommand:
    def __init__(self, args: argparse.Namespace):
        self.args = args
        if args.stdin_filename is not None and args.paths != ["-"]:
            raise UsageError("--stdin-filename names standard input: give '-' as the only PATH")
        first = Path(args.paths[0]) if args.paths and args.paths[0] != "-" else Path.cwd()
        command_line = CommandLine(
            _codes(args.select),
            _codes(args.extend_select) or (),
            _codes(args.ignore) or (),
            args.postfix_version,
        )
        # Each unit is linted with its own config's settings and local plugins; output
        # formats from plugins are those of the config of the first path.
        try:
            self.resolver, self.sessions, first_session = session_for(args, first, command_line)
        except OSError as exc:  # a parent without search permission, a symlink loop
            raise error_for(first, exc) from None
        self.plugins: LoadedPlugins = first_session.plugins
        formats = {**BUILTIN_FORMATS, **self.plugins.output_formats}
        name = args.output_format or ("full" if sys.stdout.isatty() else "concise")
        if name not in formats:
            raise UsageError(f"unknown output format '{name}' (choose from {', '.join(formats)})")
        self.formatter = formats[name]()
        self.output_name = name
        # Whether the output shows where fix edits are: a text report, statistics or a
        # diff (the findings are not printed) need no edit located (report.base.locate_all).
        self._locate_edits = (
            shows_edits(self.formatter)
            and not args.diff
            and not (args.statistics and name in ("full", "concise"))
        )
        self._keep_trees = False  # set by _run

    def shown_applicability(self) -> Applicability:
        """The least safe fix the run counts as fixable: --unsafe-fixes only enables more."""
        return Applicability.UNSAFE if self.args.unsafe_fixes else Applicability.SAFE

    def fix_applicability(self) -> Applicability | None:
        """What to apply; as in ruff, nothing is written or diffed without --fix or --diff."""
        if self.args.fix or self.args.diff:
            return self.shown_applicability()
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
        items = self._work_items()
        for item in items:
            # Every config read, checked and its plugins loaded before any work (and before
            # workers fork): a config error stops the run before any output.
            self._resolve(item.directory)
        jobs = worker_count(self.args.jobs, items)
        # One configuration in one process: its tree lives until the report is written, so
        # its findings may refer to it (report.base.locate_all).
        self._keep_trees = jobs == 1 and len(items) == 1
        if self.args.verbose:
            sys.stderr.write(f"{len(items)} configuration(s), {jobs} process(es)\n")
        # Configurations written (--fix) before an error stops the run: named then, as the
        # report that would have said so is not printed. Past the failed one: another
        # process (--jobs) had written them before the error was known.
        written: list[str] = []  # their directories (not the results: a big run's findings)
        past: list[UnitResult] = []
        if jobs > 1:
            from postlint.check_pool import run_parallel  # only a run of several processes

            results = run_parallel(self._process, items, jobs, past.append)
        else:
            results = (self._process(item) for item in items)
        findings: list[Finding] = []
        checked: list[str] = []
        fixed_total = follow_ups = 0
        diffs: list[str] = []
        shown_fixes: list[tuple[str, Diagnostic]] = []
        assumed: str | None = None
        try:
            for result in results:
                assumed = assumed or result.assumed_version
                for warning in result.warnings:
                    sys.stderr.write(warning)
                findings.extend(result.findings)
                checked.extend(result.checked)
                fixed_total += result.fixed
                follow_ups += result.follow_ups
                if result.diff is not None:
                    diffs.append(result.diff)
                shown_fixes.extend(result.shown)
                if (directory := _fixed_directory(result)) is not None:
                    written.append(directory)
        except Exception:
            for directory in written:
                _say_fixed(directory, "before the error below stopped the run")
            for result in past:
                if (directory := _fixed_directory(result)) is not None:
                    _say_fixed(
                        directory, "by another process before the error below stopped the run"
                    )
            raise
        report = Report(
            findings,
            self.sessions.registry.rules,
            checked,
            fixed_total,
            bool(self.args.unsafe_fixes),
            assumed_version=assumed,
        )
        return self._finish(report, diffs, shown_fixes, follow_ups)

    def _process(self, item: LintUnit | UnitPlan) -> UnitResult:
        """Lint (and fix) one unit; runs in the main process or in a worker."""
        args = self.args
        unit = item if isinstance(item, LintUnit) else load_unit(item, args.template)
        session, resolved = self._resolve(unit.directory)
        options = resolved.run_options(unit)
        allowed = resolved.fixable
        applicability = self.fix_applicability()
        result = UnitResult()
        if options.version_assumed:
            result.assumed_version = str(options.version)
        if applicability is not None:
            outcome = fix_unit(session.linter, unit, options, applicability, allowed)
            if not args.diff and self._touches_linted_only(outcome, result):
                outcome = FixOutcome(unit, unit, [], session.linter.lint(unit, options), [])
            result.fixed = outcome.resolved
            result.follow_ups = outcome.follow_ups
            set_aside = (
                (outcome.dropped, "it would leave a line Postfix rejects"),
                (outcome.idle, "it changes nothing (a bug in that rule)"),
            )
            for fixes, why in set_aside:
                for d in fixes:
                    # d.file is the text that pass linted, so the line is right in it even
                    # when an earlier pass moved it.
                    line = d.file.position(d.span.start).line
                    result.warnings.append(
                        f"postlint: warning: {visible(d.file.path)}:{line}: dropped the "
                        f"{d.code} fix: {why}\n"
                    )
            if outcome.unsettled:
                where = visible(str(unit.directory))
                result.warnings.append(
                    f"postlint: warning: {where}: fixes still left after {MAX_PASSES} passes; "
                    "the ones applied are kept, run the command again for the rest\n"
                )
            result.shown.extend((d.file.path, d.detached()) for d in outcome.fixed)
            if args.diff:
                result.diff = outcome.diff()
            else:
                self._write(unit, outcome)
            diagnostics = outcome.remaining
            unit = outcome.unit
            del outcome  # its diagnostics are let go below, one by one
        else:
            diagnostics = session.linter.lint(unit, options)
        result.checked.extend(t.path for t in unit.files() if t.kind in unit.reported)
        shown = self.shown_applicability()
        # Whether --fix (and --fix --unsafe-fixes) would apply a finding's fix depends only
        # on the fix's applicability and the code: judged once per pair, not per finding.
        judged: dict[tuple[object, str], tuple[bool, bool]] = {}

        # Findings without a fix that a fix on another one repairs (Fix.resolves): they are
        # as fixable as that one.
        resolved: dict[Place, tuple[bool, bool]] = {}

        def fixability(d: Diagnostic) -> tuple[bool, bool]:
            assert d.fix is not None
            key = (d.fix.applicability, d.code)
            judgement = judged.get(key) or judged.setdefault(
                key, (eligible(d, shown, allowed), eligible(d, Applicability.UNSAFE, allowed))
            )
            if d.fix.resolves:
                resolved.update(dict.fromkeys(places_resolved(d), judgement))
            return judgement

        result.findings = locate_all(
            diagnostics, fixability, keep_tree=self._keep_trees, with_edits=self._locate_edits
        )
        if resolved:
            for finding in result.findings:
                if finding.diagnostic.fix is None:
                    judgement = resolved.get(place(finding.diagnostic))
                    if judgement is not None:
                        finding.fixable, finding.unsafe_fixable = judgement
        return result

    def _resolve(self, directory: Path) -> tuple[Session, Resolved]:
        return self.sessions.resolve(self.resolver.for_path(directory / "main.cf"))

    def _touches_linted_only(self, outcome: FixOutcome, result: UnitResult) -> bool:
        """Whether fixes would write a file read through a symlink out of the walked tree.

        Such a unit is linted but not fixed at all: its fixes may span both files, and
        writing only one of them could leave a configuration half changed.
        """
        unit = outcome.original
        touched = unit.linted_only & set(outcome.changed_texts())
        for tree in unit.files():
            if tree.kind not in touched:
                continue
            result.warnings.append(
                f"postlint: warning: {visible(tree.path)}: linted, not fixed: a "
                "symlink out of the linted directory, not named (name it on the command line to "
                "fix it)\n"
            )
        return bool(touched)

    def _finish(
        self,
        report: Report,
        diffs: list[str],
        shown_fixes: list[tuple[str, Diagnostic]],
        follow_ups: int = 0,
    ) -> int:
        args = self.args
        out = sys.stdout
        # The formats escape what they print; a plugin's format or a terminal that is not
        # UTF-8 must still not end the run with UnicodeEncodeError.
        if hasattr(out, "reconfigure"):
            out.reconfigure(errors="backslashreplace")
        with stdout_guard():
            if args.diff:
                out.buffer.write(encode("".join(diffs)))
                out.flush()
            elif args.paths == ["-"] and args.fix:
                # stdout carries the fixed text; the findings go to stderr.
                sys.stderr.write(self.formatter.format(report))
            elif not args.quiet or report.findings:
                if args.statistics and self.output_name in ("full", "concise"):
                    out.write(statistics(report))
                elif hasattr(self.formatter, "write"):
                    self.formatter.write(report, out)  # streams: big reports stay small
                else:
                    out.write(self.formatter.format(report))
        if args.fix:
            if args.show_fixes:
                for path, d in shown_fixes:
                    message = d.fix.message if d.fix else ""
                    sys.stderr.write(f"fixed {visible(path)}: {d.code} {visible(message)}\n")
            if not args.diff and not args.quiet:
                plural = "es" if follow_ups != 1 else ""
                more = f" (and {follow_ups} follow-up fix{plural})" if follow_ups else ""
                sys.stderr.write(f"{report.fixed} fixed{more}, {len(report.findings)} remaining.\n")
        if args.verbose:
            sys.stderr.write("".join(f"checked {path}\n" for path in report.files_checked))
        if args.exit_zero:
            return EXIT_OK
        threshold = Severity(args.fail_on).rank
        # The severities at or above the threshold, ranked once (not once per finding).
        failing_levels = {s for s in Severity if s.rank >= threshold}
        if any(f.diagnostic.severity in failing_levels for f in report.findings):
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
            # Without a name, stdin is called what it is read as (findings name the file).
            default = "master.cf" if forced is FileKind.MASTER else "main.cf"
            name = args.stdin_filename or default
            if sys.stdin is None:  # closed (`<&-`): not an empty config
                raise InputError("cannot read standard input: it is closed")
            return [unit_from_text(sys.stdin.buffer.read(), name, forced, args.template)]
        if "-" in paths:
            raise UsageError("'-' (stdin) cannot be combined with other paths")
        found = expand(paths)
        for path, reason in found.skipped:
            sys.stderr.write(
                f"postlint: warning: {visible(str(path))}: skipped: {visible(reason)}\n"
            )
        if not found.files:
            raise InputError(f"no main.cf or master.cf found in {' '.join(paths)}")
        return list(plan_units(found.files, forced, found.linted_only, found.within))

    def _write(self, unit: LintUnit, outcome: FixOutcome) -> None:
        from postlint.writer import Replacement, write_all  # only --fix writes files

        if self.args.paths != ["-"]:
            # All files of the unit or none: a fix may move a setting from one to the other.
            replacements = []
            for kind, text in outcome.changed_texts().items():
                tree = unit.file(kind)
                assert tree is not None
                replacements.append(Replacement(Path(tree.path), encode(text), encode(tree.text)))
            write_all(replacements)
        if self.args.paths == ["-"] and self.args.fix:
            kind = next(iter(unit.reported))
            final = outcome.unit.file(kind)
            assert final is not None
            with stdout_guard():
                sys.stdout.buffer.write(encode(final.text))


def _fixed_directory(result: UnitResult) -> str | None:
    """The directory of a configuration whose files --fix wrote (not --diff), else None."""
    if result.fixed and result.diff is None and result.checked:
        return os.path.dirname(result.checked[0]) or "."
    return None


def _say_fixed(directory: str, when: str) -> None:
    """Say that a configuration was fixed, whole, though an error stopped the run."""
    sys.stderr.write(f"postlint: warning: {visible(directory)}: fixed {when}\n")


def run(args: argparse.Namespace) -> int:
    try:
        return CheckCommand(args).run()
    except (
        InputError,
        ConfigError,
        PluginError,
        SelectionError,
        UsageError,
        FixError,
        OutputError,
        PoolError,
    ) as exc:
        print(f"postlint: error: {visible(str(exc))}", file=sys.stderr)
        return EXIT_ERROR


def parse(argv: Sequence[str]) -> argparse.Namespace:
    parser = ArgumentParser(prog="postlint check", description="Lint (and fix) main.cf/master.cf.")
    add_arguments(parser)
    args, left = parser.parse_known_args(list(argv))
    if left:
        # Paths may come before and after options (`postlint main.cf --diff master.cf`), as
        # in ruff. Only then the intermixed parse: it formats the usage (~0.3 ms a start).
        args = parser.parse_intermixed_args(list(argv))
    return args
