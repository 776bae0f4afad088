"""An edited document re-parsed from its previous parse equals a parse from scratch."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from line_pieces import texts

from postlint.server.engine import Document, ServerEngine
from postlint.syntax import FileKind, NodeReuse, parse

TEXTS = texts(25)
EDITS = st.lists(
    st.tuples(st.integers(0, 400), st.integers(0, 6), TEXTS.map(lambda t: t[:7])),
    min_size=1,
    max_size=8,
)


def _shape(tree) -> list[tuple[str, tuple]]:  # type: ignore[no-untyped-def]
    return [(type(node).__name__, tuple(node.lines)) for node in tree.nodes]


@settings(max_examples=300, deadline=None)
@given(TEXTS, EDITS, st.sampled_from([FileKind.MAIN, FileKind.MASTER]))
def test_reparse_after_edits_equals_a_fresh_parse(text: str, edits, kind: FileKind) -> None:  # type: ignore[no-untyped-def]
    reuse = NodeReuse()
    parse(text, kind, reuse=reuse)
    for at, length, inserted in edits:
        at = min(at, len(text))
        text = text[:at] + inserted + text[at + length :]
        assert _shape(parse(text, kind, reuse=reuse)) == _shape(parse(text, kind)), text


def test_server_findings_after_typing_equal_a_fresh_lint(tmp_path: Path) -> None:
    path = tmp_path / "main.cf"
    lines = [f"# note {i}\n" if i % 3 else f"param_{i} = $undefined_{i}\n" for i in range(300)]
    text = "".join(lines)
    engine = ServerEngine()
    engine.lint(Document(path, text), {})
    middle = text.index("# note 151")
    for typed in (" ", "  smtpd_use_tls = yes\n", "x", "\n  continued\n"):
        text = text[:middle] + typed + text[middle:]
        _unit, incremental = engine.lint(Document(path, text), {})
        _unit, fresh = ServerEngine().lint(Document(path, text), {})
        # Each lint has its own trees: compare the findings by file kind and path.
        assert [d.detached() for d in incremental] == [d.detached() for d in fresh]
