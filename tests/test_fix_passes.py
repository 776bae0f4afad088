"""--fix that runs out of passes keeps what it applied and says to run again (no exit 2)."""

from __future__ import annotations

from pathlib import Path

import pytest

from postlint.cli import main

# Outbound TLS added (PL101) is not logged yet (PL117): a follow-up fix in a second pass.
MAIN_CF = "myhostname = mail.example.com\n"
SETTLED = MAIN_CF + "smtp_tls_security_level = may\nsmtp_tls_loglevel = 1\n"


def _fix(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    args = ["check", "--fix", "--select", "PL101,PL117", "--fail-on", "info"]
    code = main([*args, str(tmp_path)])
    return code, capsys.readouterr().err


def test_out_of_passes_keeps_the_applied_fixes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "main.cf").write_bytes(MAIN_CF.encode())
    monkeypatch.setattr("postlint.engine.fixes.MAX_PASSES", 1)
    code, err = _fix(tmp_path, capsys)
    assert code == 1  # findings remain; not 2 ("could not do its job")
    assert "fixes still left after" in err and "run the command again" in err
    first_pass = (tmp_path / "main.cf").read_bytes().decode()
    assert first_pass not in (MAIN_CF, SETTLED)  # one pass applied, then kept
    monkeypatch.undo()
    code, err = _fix(tmp_path, capsys)
    assert (tmp_path / "main.cf").read_bytes().decode() == SETTLED
    assert "fixes still left" not in err


def test_enough_passes_settle_in_one_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "main.cf").write_bytes(MAIN_CF.encode())
    _code, err = _fix(tmp_path, capsys)
    assert (tmp_path / "main.cf").read_bytes().decode() == SETTLED
    assert "fixes still left" not in err


def test_fixes_of_one_setting_on_many_lines_apply_in_one_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Fifteen lines set one name, each with an inline comment (PL401, a fix each): one
    # fix per setting per pass left five of them for another run.
    lines = [f"smtpd_banner = $myhostname ESMTP # note {i}\n" for i in range(15)]
    (tmp_path / "main.cf").write_text("".join(lines))
    args = ["check", "--fix", "--select", "PL401,PL403", "--output-format", "concise"]
    main([*args, str(tmp_path)])
    err = capsys.readouterr().err
    comments = "".join(f"# note {i}\n" for i in range(15))
    assert (tmp_path / "main.cf").read_text() == comments + "smtpd_banner = $myhostname ESMTP\n"
    assert err == "15 fixed (and 14 follow-up fixes), 0 remaining.\n"
    main([*args, str(tmp_path)])
    assert capsys.readouterr().err == "0 fixed, 0 remaining.\n"
    assert (tmp_path / "main.cf").read_text() == comments + "smtpd_banner = $myhostname ESMTP\n"


CONTRADICTING_PLUGIN = '''
from postlint.api import Edit, Fix, Rule, hookimpl


class Twins(Rule):
    """Each of two identical definitions is fixed by deleting it: each fix alone leaves
    the value as it is, both together delete it."""

    code = "ZZ041"
    name = "twins"
    family = "test"

    def check(self, ctx):
        params = [p for p in ctx.main.parameters() if p.name == "site_twin"]
        if len(params) != 2 or params[0].value != params[1].value:
            return
        for p in params:
            fix = Fix("delete", (Edit(ctx.main, p.span.start, p.span.end, ""),),
                      changes=(("site_twin", p.value),))
            yield ctx.diagnostic(ctx.main, p.name_span, "twin", fix=fix)


@hookimpl
def postlint_rules():
    return [Twins]
'''


def test_fixes_of_one_setting_that_contradict_each_other_take_turns(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Both fixes declare the value the setting keeps, but applied together they delete it:
    # the engine sees that and applies one of them per pass.
    (tmp_path / "twins.py").write_text(CONTRADICTING_PLUGIN)
    (tmp_path / "postlint.toml").write_text('plugins = ["twins.py"]\nselect = ["ZZ041"]\n')
    config = tmp_path / "config"
    config.mkdir()
    (config / "main.cf").write_text("site_twin = 1\nmyhostname = mx\nsite_twin = 1\n")
    monkeypatch.chdir(tmp_path)
    main(["check", "--fix", "--output-format", "concise", str(config)])
    assert capsys.readouterr().err == "2 fixed, 0 remaining.\n"
    assert (config / "main.cf").read_text() == "myhostname = mx\nsite_twin = 1\n"


def test_an_old_mac_file_is_fixed_in_one_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # CR-only line ends make one entry of fifteen lines: a fix per pass for its first CR
    # left five for another run, and the summary counted one of the fifteen as fixable.
    lines = [f"site_option_{i} = {i}" for i in range(15)]
    (tmp_path / "main.cf").write_bytes(("\r".join(lines) + "\n").encode())
    args = ["check", "--select", "PL410", "--postfix-version", "3.11", "--output-format"]
    main([*args, "concise", "--unsafe-fixes", str(tmp_path)])
    assert capsys.readouterr().out.endswith(
        "Found 14 problems (14 fixable with `postlint --fix --unsafe-fixes`).\n"
    )
    main([*args, "concise", "--unsafe-fixes", "--fix", str(tmp_path)])
    assert capsys.readouterr().err == "14 fixed, 0 remaining.\n"
    assert (tmp_path / "main.cf").read_bytes().decode() == "\n".join(lines) + "\n"
