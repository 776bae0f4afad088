"""Parse tables ship inside the package as JSON; nothing is read from or written to a user cache."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO

from postlint.syntax.parse_tables import (
    build_parser,
    canonical,
    load_parser,
    serialise,
    table_file,
)

EXAMPLES = REPO / "examples"
GRAMMARS = ("lines.lark", "value.lark")
SYNTAX = REPO / "src" / "postlint" / "syntax"


@pytest.mark.parametrize("grammar", GRAMMARS)
def test_committed_tables_equal_regenerated_tables(grammar: str) -> None:
    # Lark numbers states differently from run to run: compare what the tables mean.
    committed = (SYNTAX / table_file(grammar)).read_text(encoding="utf-8")
    assert canonical(committed) == canonical(serialise(grammar)), (
        "run scripts/generate_parse_tables.py"
    )


def test_generator_leaves_tables_that_mean_the_same_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # A contributor who runs the generator without changing a grammar gets no diff, although
    # Lark numbers its states differently each run; a stale table file is rewritten.
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "generate_parse_tables", REPO / "scripts" / "generate_parse_tables.py"
    )
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    committed = {g: (SYNTAX / table_file(g)).read_bytes() for g in GRAMMARS}
    for grammar, data in committed.items():
        (tmp_path / table_file(grammar)).write_bytes(data)
    # value.lark's file as a merge conflict leaves it: not JSON at all.
    (tmp_path / table_file("value.lark")).write_text("<<<<<<< HEAD\n{}\n", encoding="utf-8")
    monkeypatch.setattr(script, "SYNTAX", tmp_path)
    assert script.main() == 0
    assert (tmp_path / table_file("lines.lark")).read_bytes() == committed["lines.lark"]
    rewritten = (tmp_path / table_file("value.lark")).read_text(encoding="utf-8")
    assert canonical(rewritten) == canonical(committed["value.lark"].decode())
    assert capsys.readouterr().out == f"{tmp_path / table_file('value.lark')}\n"


def test_shipped_tables_parse_like_the_grammar() -> None:
    shipped, built = load_parser("lines.lark"), build_parser("lines.lark")
    texts = [p.read_text(errors="replace") for p in sorted(EXAMPLES.iterdir()) if p.is_file()]
    texts += ["", "\n", "  stray\nname = v\n  more\n# c\n\n  tail", "a = b", "#x"]
    for text in texts:
        assert shipped.parse(text).pretty() == built.parse(text).pretty()


def test_shipped_value_tables_parse_like_the_grammar() -> None:
    shipped, built = load_parser("value.lark"), build_parser("value.lark")
    for text in ("", "a $b ${c} $(d(e)) $$ $", "${{$a} == {b}}", "${x?{y}:z}", "$(a"):
        try:
            expected = built.parse(text).pretty()
        except Exception as error:  # an unbalanced bracket: both must fail alike
            expected = type(error).__name__
        try:
            got = shipped.parse(text).pretty()
        except Exception as error:
            got = type(error).__name__
        assert got == expected, text


class _Planted:
    """What an attacker's pickle does when loaded: create a file."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (open, (str(self.marker), "w"))


def _check(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "postlint", "check", "--format", "concise", str(EXAMPLES)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def test_no_pickle_is_read_from_a_cache_another_user_controls(tmp_path: Path) -> None:
    # `sudo -E postlint` keeps HOME/XDG_CACHE_HOME of a user who may not be root.
    home, cache, marker = tmp_path / "home", tmp_path / "cache", tmp_path / "owned"
    home.mkdir()
    cache.mkdir()
    env = {**os.environ, "HOME": str(home), "XDG_CACHE_HOME": str(cache)}
    env["POSTLINT_CACHE_DIR"] = str(cache / "postlint")
    reference = _check(env)
    # Whatever the first run left in the cache keeps its header; its pickles are replaced.
    targets = [p for p in (cache / "postlint").glob("*")] if (cache / "postlint").exists() else []
    targets = targets or [cache / "postlint" / f"{g}.tables" for g in GRAMMARS]
    for target in targets:
        target.parent.mkdir(parents=True, exist_ok=True)
        header = target.read_bytes().split(b"\n", 1)[0] if target.exists() else b"x"
        evil = pickle.dumps(_Planted(marker))
        target.write_bytes(header + b"\n" + evil + evil)
    result = _check(env)
    assert not marker.exists(), "a planted pickle was loaded"
    assert (result.returncode, result.stdout) == (reference.returncode, reference.stdout)


def test_check_writes_nothing_into_the_users_cache(tmp_path: Path) -> None:
    env = {**os.environ, "HOME": str(tmp_path), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    env.pop("POSTLINT_CACHE_DIR", None)
    result = _check(env)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []
