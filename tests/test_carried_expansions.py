"""The editor's lint reuses the values its last lint of the document expanded where what they
read is unchanged (postfix/global_expansion.py): its findings equal a lint from scratch."""

from __future__ import annotations

import random
import tempfile
from pathlib import Path

import pytest
from conftest import corpus_dirs
from hypothesis import given, settings
from hypothesis import strategies as st

from postlint.postfix.expansion import MAX_TOTAL_EXPANSION
from postlint.postfix.model import Config
from postlint.server.engine import Document, ServerEngine

# Lines that define and mention each other's names: chains, conditionals, loops, names that
# a master.cf -o changes, the host names Postfix derives, and typed values that may break.
_MAIN_PIECES = (
    "mydomain = example.com\n",
    "mydomain = $myhostname\n",
    "myhostname = mail.$mydomain\n",
    "myhostname = $a\n",
    "a = $b\n",
    "a = ${c?{x}:{y}}\n",
    "b = ${c?{1}:{2}}$c\n",
    "c = yes\n",
    "c =\n",
    "x = $x\n",
    "message_size_limit = 1$b\n",
    "smtpd_tls_auth_only = $c\n",
    "relay_domains = $mydestination, $a\n",
    "smtp_helo_name = $myhostname\n",
    "myorigin = $mydomain\n",
    "delay_warning_time = ${a}h\n",
    "# a comment\n",
    "  continued $b\n",
    "$",
    "x",
    "\n",
)
_MASTER = (
    "smtp inet n - n - - smtpd\n  -o c=\n"
    "relay unix - - n - - smtp\n  -o b=3\n  -o myhostname=relay.example\n"
)
_EDITS = st.lists(
    st.tuples(st.integers(0, 400), st.integers(0, 6), st.sampled_from(_MAIN_PIECES)),
    min_size=1,
    max_size=8,
)
_ENGINES: list[ServerEngine] = []
_PLACES = Path(tempfile.mkdtemp(prefix="postlint-carried-"))


def _same_as_fresh(
    engine: ServerEngine, fresh: ServerEngine, path: Path, text: str, open_docs: dict[Path, str]
) -> None:
    _unit, carried = engine.lint(Document(path, text), open_docs)
    fresh.forget(path)  # nothing kept from an earlier lint
    _unit, expected = fresh.lint(Document(path, text), open_docs)
    # Each lint has its own trees: compare the findings by file kind and path.
    assert [d.detached() for d in carried] == [d.detached() for d in expected], text


@settings(max_examples=80, deadline=None)
@given(st.lists(st.sampled_from(_MAIN_PIECES), max_size=25).map("".join), _EDITS, st.booleans())
def test_findings_after_random_edits_equal_a_lint_from_scratch(
    text: str, edits: list[tuple[int, int, str]], with_master: bool
) -> None:
    if not _ENGINES:
        _ENGINES.extend([ServerEngine(), ServerEngine()])
    engine, fresh = _ENGINES
    path = Path(tempfile.mkdtemp(dir=_PLACES)) / "main.cf"
    open_docs = {path.with_name("master.cf"): _MASTER} if with_master else {}
    engine.lint(Document(path, text), open_docs)
    for at, length, piece in edits:
        at = min(at, len(text))
        text = text[:at] + piece + text[at + length :]
        _same_as_fresh(engine, fresh, path, text, open_docs)
    engine.forget(path)


@pytest.mark.parametrize("directory", corpus_dirs(), ids=lambda d: d.name)
def test_corpus_files_typed_into_lint_as_from_scratch(directory: Path, tmp_path: Path) -> None:
    """Random typing in each real main.cf (its master.cf open beside it), and in the master.cf."""
    rng = random.Random(directory.name)
    engine, fresh = ServerEngine(), ServerEngine()
    texts = {
        name: (directory / name).read_text(errors="replace")
        for name in ("main.cf", "master.cf")
        if (directory / name).exists()
    }
    for name, text in texts.items():
        path = tmp_path / name
        open_docs = {tmp_path / other: body for other, body in texts.items() if other != name}
        engine.lint(Document(path, text), open_docs)
        for _ in range(4):
            at = rng.randrange(len(text) + 1)
            piece = rng.choice(
                ("x", "#", "\n", "$", "$mydomain", " ", "mydomain = d.example\n", "")
            )
            text = text[:at] + piece + text[at + rng.randrange(3) :]
            _same_as_fresh(engine, fresh, path, text, open_docs)


def test_a_changed_value_is_expanded_again(tmp_path: Path) -> None:
    """The value a reused expansion read changed: the finding follows the new value."""
    path = tmp_path / "main.cf"
    engine = ServerEngine()
    text = "mydomain = example.com\nmessage_size_limit = 1$mydomain\n"

    def type_errors(text: str) -> list[str]:
        _unit, found = engine.lint(Document(path, text), {})
        return [d.message for d in found if d.code == "PL407"]

    assert "(= 1example.com)" in type_errors(text)[0]
    assert type_errors(text.replace("example.com", "5")) == []
    assert "(= 1x)" in type_errors(text.replace("example.com", "x"))[0]


def test_an_edit_reuses_the_expansions_of_unchanged_values(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What makes the editor faster: after typing in one line, the other values are not
    expanded again (only the edited one and those reading it)."""
    expanded: list[str] = []
    real = Config._expand_globally

    def counted(self: Config, value: str):  # type: ignore[no-untyped-def]
        expanded.append(value)
        return real(self, value)

    monkeypatch.setattr(Config, "_expand_globally", counted)
    lines = [f"p{i} = value{i} $mydomain\n" for i in range(200)]
    text = "mydomain = example.com\n" + "".join(lines)
    path = tmp_path / "main.cf"
    engine = ServerEngine()
    engine.lint(Document(path, text), {})
    assert len(expanded) >= 200
    expanded.clear()
    text = text.replace("value100 ", "value100x ")
    engine.lint(Document(path, text), {})
    assert expanded == ["value100x $mydomain"]
    expanded.clear()
    engine.lint(Document(path, text.replace("example.com", "example.net")), {})
    assert len(expanded) >= 200  # every value read mydomain


def test_values_over_the_shared_size_budget_fail_as_from_scratch(tmp_path: Path) -> None:
    """Reused expansions count against the configuration's size budget as fresh ones do, so
    the values that fail for the size of all expansions together stay the same."""
    chunk = "a" * (1 << 20)
    count = MAX_TOTAL_EXPANSION // (2 * len(chunk)) + 3  # each value is charged twice its size
    lines = [f"big = {chunk}\n"] + [f"y{i} = $big {i}\n" for i in range(count)]
    text = "".join(lines)
    path = tmp_path / "main.cf"
    engine, fresh = ServerEngine(), ServerEngine()
    _unit, found = engine.lint(Document(path, text), {})
    assert any(f"over {MAX_TOTAL_EXPANSION} characters in all" in d.message for d in found)
    for edited in (text.replace("y3 ", "y3x "), text.replace("y1 ", "#y1 ")):
        _same_as_fresh(engine, fresh, path, edited, {})
        text = edited
