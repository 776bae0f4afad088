"""The json formats write each finding exactly as json.dumps would write it as a dict."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from postlint.engine.diagnostics import Applicability, Diagnostic, Edit, Fix, Severity
from postlint.report.base import Finding, LocatedEdit, Report
from postlint.report.escape import without_surrogates
from postlint.report.machine import JsonFormatter, JsonLinesFormatter
from postlint.syntax.ast import FileKind, Position, Span

# Quotes, backslashes, controls, non-ASCII, an astral character and lone surrogates
# (undecodable bytes), next to plain letters.
TEXT = st.text(
    st.sampled_from(
        [
            "a",
            "Z",
            " ",
            '"',
            "\\",
            "\n",
            "\t",
            "\x00",
            "\x1b",
            "é",
            "\u2028",
            "\U0001f600",
            "\udcff",
            "\udc80",
            "/",
            "#",
        ]
    )
)
NUMBER = st.integers(min_value=1, max_value=10**7)
POSITION = st.builds(Position, NUMBER, NUMBER)
EDIT = st.builds(
    LocatedEdit, st.sampled_from(["main.cf", "dir/master.cf"]), POSITION, POSITION, TEXT
)


def _reference(f: Finding) -> dict[str, Any]:
    """The documented schema (DESIGN.md, JSON output), built as a dict."""
    d = f.diagnostic
    fix = None
    if d.fix is not None:
        fix = {
            "applicability": d.fix.applicability.value,
            "message": without_surrogates(d.fix.message),
            "edits": [
                {
                    "content": without_surrogates(e.content),
                    "location": {"row": e.start.line, "column": e.start.column},
                    "end_location": {"row": e.end.line, "column": e.end.column},
                    **({"filename": without_surrogates(e.path)} if e.path != f.path else {}),
                }
                for e in f.edits
            ],
        }
    return {
        "code": d.code,
        "name": d.name,
        "severity": d.severity.value,
        "message": without_surrogates(d.message),
        "filename": without_surrogates(f.path),
        "service": without_surrogates(d.service) if d.service is not None else None,
        "location": {"row": f.start.line, "column": f.start.column},
        "end_location": {"row": f.end.line, "column": f.end.column},
        "fix": fix,
        "url": d.url,
    }


@st.composite
def findings(draw: st.DrawFn) -> Finding:
    edits = draw(st.lists(EDIT, max_size=3))
    fix = draw(
        st.none()
        | st.builds(
            Fix,
            TEXT,
            st.just(tuple(Edit(FileKind.MAIN, 0, 0, e.content) for e in edits)),
            st.sampled_from(list(Applicability)),
        )
    )
    diagnostic = Diagnostic(
        code=draw(st.sampled_from(["PL101", "PL402", "XY9"])),
        name=draw(st.sampled_from(["unknown-parameter", 'a"b'])),
        message=draw(TEXT),
        severity=draw(st.sampled_from(list(Severity))),
        file=FileKind.MAIN,
        span=Span(0, 0),
        service=draw(st.none() | TEXT),
        fix=fix,
        url=draw(st.none() | st.just("https://example.org/rules/#pl101")),
    )
    path = draw(st.sampled_from(["main.cf", "dir/master.cf", 'we"ird\udcff/main.cf']))
    return Finding(
        diagnostic, path, draw(POSITION), draw(POSITION), "", tuple(edits) if fix else ()
    )


@given(st.lists(findings(), max_size=5))
def test_json_is_what_json_dumps_writes(found: list[Finding]) -> None:
    report = Report(found, {})
    expected = [json.dumps(_reference(f)) for f in found]
    as_array = "[\n  " + ",\n  ".join(expected) + "\n]\n" if found else "[]\n"
    assert JsonFormatter().format(report) == as_array
    assert JsonLinesFormatter().format(report) == "".join(e + "\n" for e in expected)


def test_more_findings_than_one_chunk_keep_their_order() -> None:
    found = [
        Finding(
            Diagnostic(
                "PL402", "unknown-parameter", f"m{i}", Severity.WARNING, FileKind.MAIN, Span(0, 0)
            ),
            "main.cf",
            Position(i + 1, 1),
            Position(i + 1, 2),
            "",
        )
        for i in range(2500)
    ]
    rows = [
        item["location"]["row"] for item in json.loads(JsonFormatter().format(Report(found, {})))
    ]
    assert rows == list(range(1, 2501))
