"""Work grows linearly with the input on the pathological shapes of issue 19.

Counted in Python function calls through the real CLI (no timing): twice the input may
cost at most 2.6 times the calls, and the report at most 2.6 times the bytes.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from call_count import calls_made

from postlint.cli import main


def repeated_switches(count: int) -> str:
    """The legacy TLS switches of three prefixes, round and round."""
    kinds = [(p, k) for p in ("smtpd", "smtp", "lmtp") for k in ("use", "enforce")]
    return "".join(
        f"{kinds[i % 6][0]}_{kinds[i % 6][1]}_tls = {'yes' if i % 2 else 'no'}\n"
        for i in range(count)
    )


def unknown_names(count: int) -> str:
    return "".join(f"site_option_{i} = value {i}\n" for i in range(count))


def dense_lines(count: int) -> str:
    """A finding or two on every line: the same names again (PL403), values of the wrong
    type (PL407), comments between them."""
    values = ("maybe", "10M", "$myhostname {i}", "[mail.example.com]:{i}")
    names = ("smtpd_helo_required", "message_size_limit", "smtpd_banner", "relayhost")
    return "".join(
        f"# setting {i}\n{names[i % 4]} = {values[i % 4].format(i=i)}\n" for i in range(count)
    )


def suppressed_lines(count: int) -> str:
    """A suppression before each unknown name, and a finding it does not suppress."""
    return "".join(
        f"# postlint: ignore[PL402]\nsite_option_{i} = value {i}\nsmtpd_use_tls = yes\n"
        for i in range(count)
    )


def unknown_overrides(count: int) -> str:
    """One master.cf service with `count` -o names Postfix does not know (PL402 each)."""
    head = "smtp      inet  n       -       y       -       -       smtpd\n"
    return head + "".join(f"  -o site_option_{i}=value{i}\n" for i in range(count))


def repeated_override_switches(count: int) -> str:
    """One master.cf service repeating a legacy TLS switch as -o (PL301 on each): a fix
    shared by all k findings must not be located and printed k times."""
    head = "smtp      inet  n       -       y       -       -       smtpd\n"
    return head + "".join(f"  -o smtpd_use_tls={'yes' if i % 2 else 'no'}\n" for i in range(count))


def table_typos(count: int) -> str:
    """One list of misspelt table types (PL423 on each, all repaired by one fix): the fix
    must not be printed with all its edits on every finding."""
    return "virtual_alias_maps = " + " ".join(f"hahs:/etc/postfix/v{i}" for i in range(count))


SHARED_FIX_PLUGIN = '''
from postlint.api import Edit, Fix, Rule, hookimpl


class Shared(Rule):
    """A finding on every parameter, all with one fix that edits each of them."""

    code = "ZZ031"
    name = "shared-fix"
    family = "test"

    def check(self, ctx):
        params = list(ctx.main.parameters())
        edits = tuple(Edit(ctx.main, p.name_span.start, p.name_span.start, "x") for p in params)
        fix = Fix("all", edits)
        for p in params:
            yield ctx.diagnostic(ctx.main, p.name_span, "shared", fix=fix)


@hookimpl
def postlint_rules():
    return [Shared]
'''


def _measure(
    directory: Path, text: str, capsys: pytest.CaptureFixture[str], name: str = "main.cf"
) -> tuple[int, int]:
    directory.mkdir()
    (directory / name).write_text(text)
    capsys.readouterr()
    calls, _code = calls_made(lambda: main(["check", "--format", "json", str(directory)]))
    return calls, len(capsys.readouterr().out)


@pytest.mark.parametrize(
    ("make", "name"),
    [
        (repeated_switches, "main.cf"),
        (unknown_names, "main.cf"),
        (suppressed_lines, "main.cf"),
        (dense_lines, "main.cf"),
        (unknown_overrides, "master.cf"),
        (repeated_override_switches, "master.cf"),
        (table_typos, "main.cf"),
    ],
)
def test_twice_the_input_is_at_most_2_6_times_the_work(
    make: Callable[[int], str], name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _measure(tmp_path / "warm-up", make(50), capsys, name)  # imports and per-release tables
    small_calls, small_bytes = _measure(tmp_path / "small", make(400), capsys, name)
    large_calls, large_bytes = _measure(tmp_path / "large", make(800), capsys, name)
    assert large_calls <= 2.6 * small_calls, (small_calls, large_calls)
    assert large_bytes <= 2.6 * small_bytes, (small_bytes, large_bytes)


def undefined_references(count: int) -> str:
    """Every line references a name defined nowhere (PL404 on every line)."""
    return "".join(f"site_{i} = $undefined_{i} ${{undefined_{i}}}\n" for i in range(count))


def test_undefined_references_are_found_in_linear_work(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _measure(tmp_path / "warm-up", undefined_references(50), capsys)
    small_calls, _ = _measure(tmp_path / "small", undefined_references(300), capsys)
    large_calls, large_bytes = _measure(tmp_path / "large", undefined_references(600), capsys)
    assert large_calls <= 2.6 * small_calls, (small_calls, large_calls)
    assert large_bytes > 0


def test_fixing_repeated_switches_is_linear(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def diff_calls(directory: Path, count: int) -> int:
        directory.mkdir()
        (directory / "main.cf").write_text(repeated_switches(count))
        args = ["check", "--diff", "--format", "concise", str(directory)]
        calls, _code = calls_made(lambda: main(args))
        assert "smtpd_tls_security_level" in capsys.readouterr().out
        return calls

    diff_calls(tmp_path / "warm-up", 50)
    small, large = diff_calls(tmp_path / "small", 300), diff_calls(tmp_path / "large", 600)
    assert large <= 2.6 * small, (small, large)


def test_one_fix_on_many_findings_is_checked_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # A plugin's rule may put one fix of k edits on k findings: the engine checked the
    # fix's edits again for each finding (k * k). Concise output prints no edits.
    (tmp_path / "shared.py").write_text(SHARED_FIX_PLUGIN)
    (tmp_path / "postlint.toml").write_text('plugins = ["shared.py"]\nselect = ["ZZ031"]\n')
    monkeypatch.chdir(tmp_path)

    def calls(count: int) -> int:
        directory = tmp_path / f"c{count}"
        directory.mkdir()
        (directory / "main.cf").write_text(unknown_names(count))
        capsys.readouterr()
        made, _code = calls_made(lambda: main(["check", "--format", "concise", str(directory)]))
        assert capsys.readouterr().out.count("ZZ031") == count
        return made

    calls(50)
    small, large = calls(400), calls(800)
    assert large <= 2.6 * small, (small, large)
