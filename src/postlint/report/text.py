"""Human formats: `full` (excerpt, caret, colour on a TTY) and `concise` (one line each)."""

from __future__ import annotations

import os
import sys
from collections import Counter
from typing import TextIO

from postlint.report.base import Finding, Report, Streamed
from postlint.report.escape import visible

_COLOURS = {
    "error": "\033[1;31m",
    "warning": "\033[1;33m",
    "info": "\033[1;36m",
    "bold": "\033[1m",
    "dim": "\033[2m",
    "reset": "\033[0m",
    "help": "\033[1;32m",
}


def use_colour(stream: object = None) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    stream = stream or sys.stdout
    return bool(getattr(stream, "isatty", lambda: False)())


def _paint(text: str, style: str, colour: bool) -> str:
    return f"{_COLOURS[style]}{text}{_COLOURS['reset']}" if colour else text


def summary(report: Report) -> str:
    count = len(report.findings)
    # The same judgement --fix makes, so "N fixable" here is "N fixed" there.
    fixable = sum(1 for f in report.findings if f.is_fixable)
    hidden = sum(1 for f in report.findings if f.has_unsafe_fix)
    if count == 0:
        line = "All checks passed!"
    else:
        line = f"Found {count} problem{'s' if count != 1 else ''}"
        if fixable:
            command = "postlint --fix --unsafe-fixes" if report.unsafe_fixes else "postlint --fix"
            line += f" ({fixable} fixable with `{command}`)"
        if hidden and not report.unsafe_fixes:
            # "N more" only after a count of fixable findings; alone it read as N more problems.
            if fixable:
                line += f"; {hidden} more with `--unsafe-fixes`"
            else:
                line += f" ({hidden} fixable with `postlint --fix --unsafe-fixes`)"
        line += "."
    if report.assumed_version:
        line += (
            f" Assumed Postfix {report.assumed_version}; choose the release with "
            "--postfix-version X.Y (or auto on the Postfix host)."
        )
    return line + "\n"


# Findings written per batch: one write per finding costs more than formatting it, and the
# whole report as one string would be all in memory.
_BATCH = 1000


class ConciseFormatter(Streamed):
    shows_edits = False  # report.base.shows_edits

    def write(self, report: Report, out: TextIO) -> None:
        findings = report.findings
        paths: dict[str, str] = {}  # each file's path made visible once, not per finding
        for start in range(0, len(findings), _BATCH):
            out.write("".join([_concise(f, paths) for f in findings[start : start + _BATCH]]))
        out.write(summary(report))


def _concise(f: Finding, paths: dict[str, str]) -> str:
    d = f.diagnostic
    path = paths.get(f.path)
    if path is None:
        path = paths[f.path] = visible(f.path)
    # `_value_`, not `.value`: the latter is a Python-level descriptor call per access.
    return (
        f"{path}:{f.start.line}:{f.start.column}: {d.code} "
        f"[{d.severity._value_}] {visible(d.message)}\n"
    )


class FullFormatter(Streamed):
    shows_edits = False  # a fix's message, not its edits

    def __init__(self, colour: bool | None = None):
        self.colour = use_colour() if colour is None else colour

    def write(self, report: Report, out: TextIO) -> None:
        findings = report.findings
        for start in range(0, len(findings), _BATCH):
            out.write("".join([self._one(f) for f in findings[start : start + _BATCH]]))
        out.write(summary(report))

    def _one(self, finding: Finding) -> str:
        c = self.colour
        d = finding.diagnostic
        level = d.severity.value
        where = f"{visible(finding.path)}:{finding.start.line}:{finding.start.column}:"
        # The severity in words too: colour is lost in logs and on terminals without it.
        head = (
            f"{_paint(where, 'bold', c)} {_paint(d.code, level, c)} "
            f"{_paint(f'[{level}]', level, c)} {visible(d.message)}\n"
        )
        if d.service:
            head += f"  {_paint('service:', 'dim', c)} {visible(d.service)}\n"
        number = str(finding.start.line)
        gutter = " " * len(number)
        raw = finding.source_line.replace("\t", " ").rstrip("\r")
        # Columns count characters of the raw line; the caret follows the escaped one.
        first = min(finding.start.column - 1, len(raw))
        last = finding.end.column - 1 if finding.end.line == finding.start.line else len(raw)
        before, marked = visible(raw[:first]), visible(raw[first : max(first, last)])
        source = before + marked + visible(raw[max(first, last) :])
        caret = " " * len(before) + "^" * max(1, len(marked))
        out = [
            head,
            f" {gutter} |\n",
            f" {number} | {source}\n",
            f" {gutter} | {_paint(caret, level, c)}\n",
        ]
        if d.fix is not None:
            label = (
                "fix"
                if d.fix.applicability.value == "safe"
                else (f"fix ({d.fix.applicability.value})")
            )
            out.append(f" {gutter} = {_paint(label + ':', 'help', c)} {visible(d.fix.message)}\n")
        out.append("\n")
        return "".join(out)


def statistics(report: Report) -> str:
    counts = Counter((f.diagnostic.code, f.diagnostic.name) for f in report.findings)
    # [*]: --fix (with the same options) fixes at least one finding of the rule.
    fixable = {f.diagnostic.code for f in report.findings if f.is_fixable}
    lines = [
        f"{n:5d}\t{code}\t{name}{'  [*]' if code in fixable else ''}"
        for (code, name), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    ]
    return "".join(line + "\n" for line in lines)
