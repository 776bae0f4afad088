"""Machine formats: json, json-lines, sarif 2.1.0, github annotations, junit."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterator, Sequence
from typing import Any, TextIO

from postlint import __version__
from postlint.report.base import Finding, Report, Streamed
from postlint.report.escape import file_uri, visible, without_surrogates
from postlint.report.json_text import finding_json


class JsonFormatter(Streamed):
    """One finding per line inside the array: readable and diff-friendly."""

    def write(self, report: Report, out: TextIO) -> None:
        """Stream the report: a large file's findings are never all in memory as text."""
        if not report.findings:
            out.write("[]\n")
            return
        chunks = _chunks(report.findings, ",\n  ")
        out.write("[\n  ")
        out.write(next(chunks))
        for chunk in chunks:
            out.write(",\n  ")
            out.write(chunk)
        out.write("\n]\n")


class JsonLinesFormatter(Streamed):
    def write(self, report: Report, out: TextIO) -> None:
        for chunk in _chunks(report.findings, "\n"):
            out.write(chunk)
            out.write("\n")


def _chunks(findings: Sequence[Finding], separator: str, size: int = 1000) -> Iterator[str]:
    """The findings' JSON texts joined `size` at a time: one write per finding costs more
    than encoding it, and the whole report as one string would be all in memory."""
    for start in range(0, len(findings), size):
        yield separator.join([finding_json(f) for f in findings[start : start + size]])


_SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


class SarifFormatter:
    def format(self, report: Report) -> str:
        codes = sorted({f.diagnostic.code for f in report.findings} | set(report.rules))
        index = {code: i for i, code in enumerate(codes)}
        rules = []
        for code in codes:
            rule = report.rules.get(code)
            if rule is None:
                rules.append({"id": code})
                continue
            rules.append(
                {
                    "id": code,
                    "name": rule.name,
                    "shortDescription": {"text": rule.summary()},
                    "fullDescription": {"text": rule.section("What it does") or rule.summary()},
                    "help": {"text": rule.documentation(), "markdown": rule.documentation()},
                    "helpUri": rule.url(),
                    "defaultConfiguration": {"level": _SARIF_LEVEL[rule.severity.value]},
                    "properties": {"family": rule.family},
                }
            )
        results = []
        for f in report.findings:
            d = f.diagnostic
            result: dict[str, Any] = {
                "ruleId": d.code,
                "ruleIndex": index[d.code],
                "level": _SARIF_LEVEL[d.severity.value],
                "message": {"text": without_surrogates(d.message)},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": {"uri": file_uri(f.path)},
                            "region": {
                                "startLine": f.start.line,
                                "startColumn": f.start.column,
                                "endLine": f.end.line,
                                "endColumn": f.end.column,
                            },
                        }
                    }
                ],
            }
            if d.service:
                result["properties"] = {"service": without_surrogates(d.service)}
            if d.fix is not None and f.edits:
                by_file: dict[str, list[Any]] = defaultdict(list)
                for e in f.edits:
                    by_file[e.path].append(
                        {
                            "deletedRegion": {
                                "startLine": e.start.line,
                                "startColumn": e.start.column,
                                "endLine": e.end.line,
                                "endColumn": e.end.column,
                            },
                            "insertedContent": {"text": without_surrogates(e.content)},
                        }
                    )
                result["fixes"] = [
                    {
                        "description": {"text": without_surrogates(d.fix.message)},
                        "artifactChanges": [
                            {"artifactLocation": {"uri": file_uri(path)}, "replacements": reps}
                            for path, reps in by_file.items()
                        ],
                    }
                ]
            results.append(result)
        log = {
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [
                {
                    "tool": {
                        "driver": {
                            "name": "postlint",
                            "version": __version__,
                            "informationUri": "https://github.com/postlint/postlint",
                            "rules": rules,
                        }
                    },
                    "results": results,
                }
            ],
        }
        return json.dumps(log, indent=2) + "\n"


def _escape_data(text: str) -> str:
    # Controls first (the log viewer interprets ANSI sequences), then the command's escapes.
    text = visible(text)
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


_GITHUB_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


class GithubFormatter:
    """GitHub Actions workflow commands: one `::error file=...::message` line each."""

    shows_edits = False  # report.base.shows_edits

    def format(self, report: Report) -> str:
        lines = []
        for f in report.findings:
            d = f.diagnostic
            props = ",".join(
                [
                    f"file={_escape_property(f.path)}",
                    f"line={f.start.line}",
                    f"col={f.start.column}",
                    f"endLine={f.end.line}",
                    f"endColumn={f.end.column}",
                    f"title={_escape_property(f'{d.code} ({d.name})')}",
                ]
            )
            lines.append(
                f"::{_GITHUB_LEVEL[d.severity.value]} {props}::"
                f"{_escape_data(f'{d.code} {d.message}')}\n"
            )
        return "".join(lines)


class JunitFormatter:
    shows_edits = False  # report.base.shows_edits

    def format(self, report: Report) -> str:
        # Imported here: xml.sax pulls in urllib and http, which every other run can skip.
        from xml.sax.saxutils import escape, quoteattr

        # XML 1.0 has no place for most controls and none for lone surrogates: every text
        # from a config (paths, messages) is made visible first.
        by_file: dict[str, list[Finding]] = defaultdict(list)
        for f in report.findings:
            by_file[visible(f.path)].append(f)
        for path in report.files_checked:
            by_file.setdefault(visible(path), [])
        total = len(report.findings)
        out = [
            '<?xml version="1.0" encoding="UTF-8"?>\n',
            f'<testsuites name="postlint" tests="{max(total, len(by_file))}" failures="{total}">\n',
        ]
        for path in sorted(by_file):
            findings = by_file[path]
            out.append(
                f'  <testsuite name={quoteattr(path)} tests="{max(1, len(findings))}" '
                f'failures="{len(findings)}">\n'
            )
            if not findings:
                out.append(f'    <testcase name="postlint" classname={quoteattr(path)}/>\n')
            for f in findings:
                d = f.diagnostic
                name = f"{d.code} at line {f.start.line}, column {f.start.column}"
                message = visible(d.message)
                out.append(
                    f"    <testcase name={quoteattr(name)} classname={quoteattr(path)}>\n"
                    f"      <failure type={quoteattr(d.code)} "
                    f"message={quoteattr(message)}>"
                    f"{escape(f'{path}:{f.start.line}:{f.start.column}: {message}')}"
                    f"</failure>\n    </testcase>\n"
                )
            out.append("  </testsuite>\n")
        out.append("</testsuites>\n")
        return "".join(out)


_GITLAB_SEVERITY = {"error": "major", "warning": "minor", "info": "info"}
_LINE_NUMBERS = re.compile(r"\b(lines?) \d+(?:-\d+)?")


def _marked_text(f: Finding) -> str:
    """The text a finding marks on its first line ("" for an empty span, such as a finding
    about the whole file, which sits at offset 0 but is not about line 1)."""
    if f.start == f.end:
        return ""
    end = f.end.column - 1 if f.end.line == f.start.line else len(f.source_line)
    return f.source_line[f.start.column - 1 : end].strip()


def _identity(f: Finding) -> str:
    """What a finding is about, not where it is: editing other lines (a new header comment)
    must not change it, so line numbers in messages are blanked and rows are left out."""
    d = f.diagnostic
    message = _LINE_NUMBERS.sub(r"\1 N", d.message)
    return "\0".join((d.code, f.path, d.service or "", message, _marked_text(f)))


class GitlabFormatter:
    """GitLab Code Quality report (a JSON array; the fingerprint is stable across runs)."""

    shows_edits = False  # report.base.shows_edits

    def format(self, report: Report) -> str:
        import hashlib

        issues = []
        seen: dict[str, int] = {}
        for f in report.findings:
            d = f.diagnostic
            base = _identity(f)
            # The same finding twice in a file still needs two distinct fingerprints.
            count = seen.get(base, 0)
            seen[base] = count + 1
            data = f"{base}\0{count}".encode("utf-8", "surrogatepass")
            issues.append(
                {
                    "type": "issue",
                    "check_name": d.code,
                    "description": without_surrogates(f"{d.code} {d.message}"),
                    "categories": ["Bug Risk" if d.severity.value == "error" else "Style"],
                    "severity": _GITLAB_SEVERITY[d.severity.value],
                    "fingerprint": hashlib.sha256(data).hexdigest(),
                    "location": {
                        "path": without_surrogates(f.path),
                        "lines": {"begin": f.start.line, "end": f.end.line},
                    },
                }
            )
        return json.dumps(issues, indent=2) + "\n"
