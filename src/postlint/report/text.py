"""Human formats: `full` (excerpt, caret, colour on a TTY) and `concise` (one line each)."""

from __future__ import annotations

import os
import sys
from collections import Counter

from postlint.report.base import Finding, Report

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
    fixable = sum(
        1
        for f in report.findings
        if f.diagnostic.fix and f.diagnostic.fix.applicability.value == "safe"
    )
    if count == 0:
        line = "All checks passed!"
    else:
        line = f"Found {count} problem{'s' if count != 1 else ''}"
        if fixable:
            line += f" ({fixable} fixable with `postlint --fix`)"
        line += "."
    if report.assumed_version:
        line += (
            f" Assumed Postfix {report.assumed_version}; choose the release with "
            "--postfix-version X.Y (or auto on the Postfix host)."
        )
    return line + "\n"


class ConciseFormatter:
    def format(self, report: Report) -> str:
        lines = [
            f"{f.path}:{f.start.line}:{f.start.column}: {f.diagnostic.code} "
            f"[{f.diagnostic.severity.value}] {f.diagnostic.message}"
            for f in report.findings
        ]
        return "".join(line + "\n" for line in lines) + summary(report)


class FullFormatter:
    def __init__(self, colour: bool | None = None):
        self.colour = use_colour() if colour is None else colour

    def format(self, report: Report) -> str:
        parts = [self._one(f) for f in report.findings]
        return "".join(parts) + summary(report)

    def _one(self, finding: Finding) -> str:
        c = self.colour
        d = finding.diagnostic
        where = f"{finding.path}:{finding.start.line}:{finding.start.column}:"
        head = f"{_paint(where, 'bold', c)} {_paint(d.code, d.severity.value, c)} {d.message}\n"
        if d.service:
            head += f"  {_paint('service:', 'dim', c)} {d.service}\n"
        number = str(finding.start.line)
        gutter = " " * len(number)
        source = finding.source_line.replace("\t", " ").rstrip("\r")
        width = (
            finding.end.column - finding.start.column
            if finding.end.line == finding.start.line
            else len(source) - finding.start.column + 1
        )
        caret = " " * (finding.start.column - 1) + "^" * max(1, width)
        out = [
            head,
            f" {gutter} |\n",
            f" {number} | {source}\n",
            f" {gutter} | {_paint(caret, d.severity.value, c)}\n",
        ]
        if d.fix is not None:
            label = (
                "fix"
                if d.fix.applicability.value == "safe"
                else (f"fix ({d.fix.applicability.value})")
            )
            out.append(f" {gutter} = {_paint(label + ':', 'help', c)} {d.fix.message}\n")
        out.append("\n")
        return "".join(out)


def statistics(report: Report) -> str:
    counts = Counter((f.diagnostic.code, f.diagnostic.name) for f in report.findings)
    fixable = {f.diagnostic.code for f in report.findings if f.diagnostic.fix}
    lines = [
        f"{n:5d}\t{code}\t{name}{'  [*]' if code in fixable else ''}"
        for (code, name), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    ]
    return "".join(line + "\n" for line in lines)
