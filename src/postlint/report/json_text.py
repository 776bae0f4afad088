"""One finding as JSON text: exactly what `json.dumps` writes for it as a dict, faster.

A dense file has 100,000 findings: building a dict per finding and handing it to
`json.dumps` (which sets up an encoder per call) was a third of the report's time. Here
strings go through the C string encoder json itself uses, numbers through `int.__repr__`,
and what is the same for every finding of a rule (code, name, severity, url) or of a file
(the path) is encoded once. Key order and separators (", " and ": ") follow json.dumps'
defaults; a test compares both on random findings.
"""

from __future__ import annotations

from functools import lru_cache
from json.encoder import encode_basestring_ascii as _string

from postlint.report.base import Finding, LocatedEdit
from postlint.report.escape import without_surrogates
from postlint.syntax.ast import Position


def _text(value: str) -> str:
    return _string(without_surrogates(value))


@lru_cache(maxsize=1024)
def _rule(code: str, name: str, severity: str, url: str | None) -> tuple[str, str]:
    """The text before the message and the text after the fix: the same for every finding
    of a rule."""
    head = f'{{"code": {_string(code)}, "name": {_string(name)}, "severity": {_string(severity)}'
    return head, "null" if url is None else _string(url)


@lru_cache(maxsize=256)
def _path(path: str) -> str:
    return _text(path)


def _where(start: Position, end: Position) -> str:
    return (
        f'"location": {{"row": {start.line}, "column": {start.column}}}, '
        f'"end_location": {{"row": {end.line}, "column": {end.column}}}'
    )


def _edit(edit: LocatedEdit, path: str) -> str:
    own = f', "filename": {_path(edit.path)}' if edit.path != path else ""
    return f'{{"content": {_text(edit.content)}, {_where(edit.start, edit.end)}{own}}}'


def finding_json(f: Finding) -> str:
    # `_value_`, not `.value`: the latter is a Python-level descriptor call per access.
    d = f.diagnostic
    head, url = _rule(d.code, d.name, d.severity._value_, d.url)
    fix = "null"
    if d.fix is not None:
        edits = ", ".join([_edit(e, f.path) for e in f.edits])
        fix = (
            f'{{"applicability": {_string(d.fix.applicability._value_)}, '
            f'"message": {_text(d.fix.message)}, "edits": [{edits}]}}'
        )
    service = "null" if d.service is None else _text(d.service)
    message = d.message
    # `_text` inline: most messages are ASCII, and this runs once per finding.
    message = _string(message if message.isascii() else without_surrogates(message))
    start, end = f.start, f.end
    # `_where` inline: one call less per finding.
    return (
        f'{head}, "message": {message}, "filename": {_path(f.path)}, "service": {service}, '
        f'"location": {{"row": {start.line}, "column": {start.column}}}, '
        f'"end_location": {{"row": {end.line}, "column": {end.column}}}, '
        f'"fix": {fix}, "url": {url}}}'
    )
