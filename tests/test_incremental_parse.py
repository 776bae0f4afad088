"""An edited document re-parsed from its previous parse equals a parse from scratch."""

from __future__ import annotations

import tempfile
from pathlib import Path

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st
from line_pieces import PIECES, texts
from lsprotocol import types
from pygls.workspace.position_codec import PositionCodec

from postlint.server.engine import Document, ServerEngine
from postlint.server.positions import LineIndex
from postlint.server.publish import DiagnosticsEncoder
from postlint.syntax import FileKind, NodeReuse, parse
from postlint.syntax.lines import parse_nodes
from postlint.syntax.main_cf import split_parameter
from postlint.syntax.physical import LogicalLine, PhysicalLines

TEXTS = texts(25)
EDITS = st.lists(
    st.tuples(st.integers(0, 400), st.integers(0, 6), TEXTS.map(lambda t: t[:7])),
    min_size=1,
    max_size=8,
)


def _deep(value: object) -> object:
    """Every attribute of a node, recursively (nodes compare by identity, not by value)."""
    if isinstance(value, LogicalLine):
        # Compared by what it means: where a big entry's lines start is worked out when
        # first asked for, so a fresh parse and a re-parse may hold it or not yet.
        offsets = tuple(value.offset_of(i) for i in range(len(value.text) + 1))
        return ("LogicalLine", _deep(value.lines), value.text, offsets)
    if attrs.has(type(value)):
        # An entry's logical line is made when first asked for: compared by what it holds.
        names = ["logical" if f.name == "_logical" else f.name for f in attrs.fields(type(value))]
        return (type(value).__name__, *(_deep(getattr(value, name)) for name in names))
    if isinstance(value, (tuple, list, PhysicalLines)):  # big entries' lines are made lazily
        return tuple(_deep(item) for item in value)
    return value


def _shape(tree) -> object:  # type: ignore[no-untyped-def]
    return _deep(tree.nodes)


@settings(max_examples=300, deadline=None)
@given(TEXTS, EDITS, st.sampled_from([FileKind.MAIN, FileKind.MASTER]))
def test_reparse_after_edits_equals_a_fresh_parse(text: str, edits, kind: FileKind) -> None:  # type: ignore[no-untyped-def]
    reuse = NodeReuse()
    parse(text, kind, reuse=reuse)
    for at, length, inserted in edits:
        at = min(at, len(text))
        text = text[:at] + inserted + text[at + length :]
        assert _shape(parse(text, kind, reuse=reuse)) == _shape(parse(text, kind)), text


def test_typing_at_the_top_builds_only_the_edited_line() -> None:
    """Every line below an edit moves; its node is moved too, not parsed again."""
    text = "".join(f"# note {i}\nparam_{i} = value {i}\n  continued\n" for i in range(500))
    reuse = NodeReuse()
    built = []

    def build(lines):  # type: ignore[no-untyped-def]
        built.append(lines)
        return split_parameter(lines)

    parse_nodes("lines.lark", text, build, reuse)
    assert len(built) == 500
    for typed in ("x", "#", "\n"):
        built.clear()
        text = text[:8] + typed + text[8:]
        parse_nodes("lines.lark", text, build, reuse)
        assert len(built) <= 1


def test_typing_below_the_last_setting_lexes_only_around_the_edit(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A stock main.cf ends with thousands of comment lines after its last setting. Matching
    an entry scans the comment lines after it (a continuation line may follow them); that
    scan must not hand the rest of the file to the lexer on every keystroke."""
    from postlint.syntax import incremental

    handed: list[int] = []
    real = incremental.lexemes

    def counted(grammar_file: str, text: str, offset: int = 0):  # type: ignore[no-untyped-def]
        handed.append(len(text))
        return real(grammar_file, text, offset)

    monkeypatch.setattr(incremental, "lexemes", counted)
    text = "last_setting = yes\n" + "".join(f"# comment {i}\n\n" for i in range(2000))
    reuse = NodeReuse()
    parse_nodes("lines.lark", text, split_parameter, reuse)
    middle = text.index("# comment 1000")
    for typed in ("x", "#", " ", "\n", "smtpd_use_tls = yes\n"):
        handed.clear()
        text = text[:middle] + typed + text[middle:]
        parse_nodes("lines.lark", text, split_parameter, reuse)
        assert sum(handed) < 200, (typed, handed)
        assert reuse.found == list(real("lines.lark", text))


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


_LINT_PIECES = (
    *PIECES,
    "# postlint: ignore[PL301]\n",
    "relayhost = [\u00e9x.example]\n",
    "\U0001f4eb",
)
_LINT_TEXTS = st.lists(st.sampled_from(_LINT_PIECES), max_size=30).map("".join)
_TYPED = st.lists(
    st.tuples(st.integers(0, 600), st.integers(0, 4), st.sampled_from(_LINT_PIECES)),
    min_size=1,
    max_size=6,
)
_ENGINES: list[ServerEngine] = []
_PLACES = Path(tempfile.mkdtemp(prefix="postlint-incremental-"))


@settings(max_examples=60, deadline=None)
@given(_LINT_TEXTS, _TYPED, st.sampled_from(["main.cf", "master.cf"]))
def test_findings_and_published_json_after_random_typing_equal_a_fresh_lint(
    text: str, typed: list[tuple[int, int, str]], name: str
) -> None:
    if not _ENGINES:
        _ENGINES.extend([ServerEngine(), ServerEngine()])
    engine, fresh = _ENGINES
    codec = PositionCodec(types.PositionEncodingKind.Utf16)
    place = Path(tempfile.mkdtemp(dir=_PLACES))
    path = place / name
    encoder = DiagnosticsEncoder()
    engine.lint(Document(path, text), {})
    for at, length, piece in typed:
        at = min(at, len(text))
        text = text[:at] + piece + text[at + length :]
        _unit, incremental = engine.lint(Document(path, text), {})
        fresh.forget(path)  # no previous parse: parsed from scratch
        _unit, expected = fresh.lint(Document(path, text), {})
        assert [d.detached() for d in incremental] == [d.detached() for d in expected]
        index = LineIndex(text, codec)
        sent = encoder.params("file:///m", 1, incremental, index, engine.registry)
        assert sent == DiagnosticsEncoder().params("file:///m", 1, expected, index, fresh.registry)
    engine.forget(path)


def test_sibling_on_disk_is_read_on_every_lint_and_parsed_again_only_where_it_changed(
    tmp_path: Path,
) -> None:
    master = tmp_path / "master.cf"
    services = "".join(f"svc{i} unix - - n - - smtp\n  -o smtp_use_tls=yes\n" for i in range(50))
    master.write_text(services)
    main = Document(tmp_path / "main.cf", "smtp_tls_security_level = may\n")
    engine = ServerEngine()
    first, _found = engine.lint(main, {})
    again, _found = engine.lint(main, {})
    assert first.master is not None and again.master is not None
    assert all(a is b for a, b in zip(first.master.nodes, again.master.nodes, strict=True))
    master.write_text(services.replace("svc49", "relay", 1))
    changed, found = engine.lint(main, {})
    assert changed.master is not None and "relay unix" in changed.master.text
    assert changed.master.nodes[0] is first.master.nodes[0]
    again_found = ServerEngine().lint(main, {})[1]
    assert [d.detached() for d in found] == [d.detached() for d in again_found]
