"""publishDiagnostics as JSON text, each finding encoded once while its place stays the same.

On every keystroke the server sends all findings of the document again. Through pygls, each
one becomes an lsprotocol object, then a dict (cattrs), then JSON: on a dense file that costs
more than the lint. Here a finding becomes JSON text directly, and the text of each finding is
kept for the next publish of the same document: typing inside one line moves no other
finding's line or column, so the next publish re-encodes only the findings of that line.
The text is exactly what pygls would send for the same `to_lsp` diagnostic (a test compares).
"""

from __future__ import annotations

import json
from collections.abc import Hashable, Sequence

from postlint.engine.diagnostics import Diagnostic
from postlint.engine.registry import Registry
from postlint.server.findings import SEVERITY, editor_tags, lsp_message
from postlint.server.positions import LineIndex


class DiagnosticsEncoder:
    """The JSON of one document's findings, reusing what its earlier publishes encoded.

    Used from one thread at a time (the lint worker), one per open document.
    """

    def __init__(self) -> None:
        # Text by finding (what it says and where), across publishes: a publish only adds
        # what is new, so a finding seen before costs one look-up (filling a fresh dict on
        # every publish was a fifth of a dense file's publish time).
        self._texts: dict[Hashable, str] = {}

    def params(
        self,
        uri: str,
        version: int,
        found: Sequence[Diagnostic],
        index: LineIndex,
        registry: Registry,
    ) -> str:
        """The JSON text of PublishDiagnosticsParams for these findings."""
        texts = self._texts
        tags: dict[str, list[int]] = {}
        parts = []
        keys = []
        span_at = index.span_at
        for d in found:
            span = d.span
            # The severity's _value_, not the member: Enum hashes in Python, slowly.
            key = (
                d.code,
                d.message,
                d.service,
                d.severity._value_,
                d.url,
                span_at(span.start, span.end),
            )
            text = texts.get(key)
            if text is None:
                code_tags = tags.get(d.code)
                if code_tags is None:
                    code_tags = tags[d.code] = [t.value for t in editor_tags(registry, d.code)]
                text = texts[key] = json.dumps(_unstructured(d, key[5], code_tags))
            parts.append(text)
            keys.append(key)
        if len(texts) > 2 * len(parts) + _SPARE:
            # Mostly findings gone since: keep those of this publish only.
            self._texts = {key: texts[key] for key in keys}
        diagnostics = ", ".join(parts)
        return f'{{"uri": {json.dumps(uri)}, "version": {version}, "diagnostics": [{diagnostics}]}}'


_SPARE = 1000  # texts of findings gone that a document's cache may hold beyond twice its own


def _unstructured(d: Diagnostic, at: tuple[int, ...], tags: list[int]) -> dict[str, object]:
    """What cattrs makes of `findings.to_lsp(d)`: lsprotocol's field names, None left out."""
    start_line, start_column, end_line, end_column = at
    out: dict[str, object] = {
        "range": {
            "start": {"line": start_line, "character": start_column},
            "end": {"line": end_line, "character": end_column},
        },
        "message": lsp_message(d),
        "severity": SEVERITY[d.severity].value,
        "code": d.code,
    }
    if d.url:
        out["codeDescription"] = {"href": d.url}
    out["source"] = "postlint"
    if tags:
        out["tags"] = tags
    return out
