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

from postlint.engine.diagnostics import Applicability, Fix
from postlint.report.base import Finding, LocatedEdit
from postlint.report.escape import without_surrogates


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


def _edit(edit: LocatedEdit, path: str) -> str:
    own = f', "filename": {_path(edit.path)}' if edit.path != path else ""
    content = edit.content
    # `_text` and the locations inline, as for the finding's own (one call per part less):
    # a file that repeats a setting has a fix on every line.
    content = _string(content if content.isascii() else without_surrogates(content))
    start, end = edit.start, edit.end
    return (
        f'{{"content": {content}, '
        f'"location": {{"row": {start.line}, "column": {start.column}}}, '
        f'"end_location": {{"row": {end.line}, "column": {end.column}}}{own}}}'
    )


# Each applicability's JSON text, encoded once.
_APPLICABILITY = {a: _string(a._value_) for a in Applicability}


def _fix(f: Finding, fix: Fix) -> str:
    edits, path = f.edits, f.path
    if len(edits) == 1:  # most fixes: no list and join for one edit
        listed = _edit(edits[0], path)
    else:
        listed = ", ".join([_edit(e, path) for e in edits])
    message = fix.message
    message = _string(message if message.isascii() else without_surrogates(message))
    return (
        f'{{"applicability": {_APPLICABILITY[fix.applicability]}, '
        f'"message": {message}, "edits": [{listed}]}}'
    )


def finding_json(f: Finding) -> str:
    # `_value_`, not `.value`: the latter is a Python-level descriptor call per access.
    d = f.diagnostic
    head, url = _rule(d.code, d.name, d.severity._value_, d.url)
    fix = "null" if d.fix is None else _fix(f, d.fix)
    service = "null" if d.service is None else _text(d.service)
    message = d.message
    # `_text` inline: most messages are ASCII, and this runs once per finding.
    message = _string(message if message.isascii() else without_surrogates(message))
    start, end = f.start, f.end
    return (
        f'{head}, "message": {message}, "filename": {_path(f.path)}, "service": {service}, '
        f'"location": {{"row": {start.line}, "column": {start.column}}}, '
        f'"end_location": {{"row": {end.line}, "column": {end.column}}}, '
        f'"fix": {fix}, "url": {url}}}'
    )
