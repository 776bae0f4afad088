"""Fix behaviour at the edges the rest of the suite did not pin down (found by hand-made
mutants: each test here failed on one deliberate bug that every other test let through)."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import run_postlint

HOST = "compatibility_level = 3.6\nmyhostname = mail.example.com\n"


def _fixes(tmp_path: Path, *args: str) -> list[dict]:
    result = run_postlint("--output-format", "json", *args, "main.cf", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    return [f["fix"] for f in json.loads(result.stdout)]


def test_deleting_the_last_crlf_line_without_final_newline_leaves_no_lone_cr(
    tmp_path: Path,
) -> None:
    # PL305 deletes the old name when the new one is set (and wins): the last line here.
    main = tmp_path / "main.cf"
    main.write_bytes(
        b"myhostname = mail.example.com\r\nvirtual_alias_maps = hash:/etc/postfix/a\r\n"
        b"virtual_maps = hash:/etc/postfix/b"
    )
    result = run_postlint("--fix", "--select", "PL305", "main.cf", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert main.read_bytes() == (
        b"myhostname = mail.example.com\r\nvirtual_alias_maps = hash:/etc/postfix/a"
    )


def _unsafe_fix_is_not_written(tmp_path: Path, code: str, text: str, *args: str) -> str:
    """`code`'s one fix on `text` is unsafe and --fix leaves the file alone; its message."""
    main = tmp_path / "main.cf"
    main.write_text(text)
    (fix,) = _fixes(tmp_path, "--select", code, *args)
    assert fix["applicability"] == "unsafe"
    run_postlint("--fix", "--select", code, *args, "main.cf", cwd=tmp_path)
    assert main.read_text() == text
    return fix["message"]


def test_a_fix_that_needs_a_newer_release_is_unsafe_while_the_release_is_assumed(
    tmp_path: Path,
) -> None:
    # postscreen_denylist_action exists from Postfix 3.6 on: a safe rename only once the
    # admin says which release runs (DESIGN.md, "Postfix version").
    text = HOST + "postscreen_blacklist_action = drop\n"
    message = _unsafe_fix_is_not_written(tmp_path, "PL305", text)
    assert "assumes Postfix 3.6 or later" in message
    chosen = ("--select", "PL305", "--postfix-version", "3.11")
    (fix,) = _fixes(tmp_path, *chosen)
    assert fix["applicability"] == "safe"
    run_postlint("--fix", *chosen, "main.cf", cwd=tmp_path)
    assert (tmp_path / "main.cf").read_text() == HOST + "postscreen_denylist_action = drop\n"


def test_a_tls_level_that_would_override_a_legacy_switch_is_not_added_by_a_safe_fix(
    tmp_path: Path,
) -> None:
    # `smtp_use_tls = no` is the admin's choice: a new smtp_tls_security_level would
    # silently override it, so PL101's fix is unsafe here (it is safe where nothing is set).
    _unsafe_fix_is_not_written(tmp_path, "PL101", HOST + "smtp_use_tls = no\n")
    (tmp_path / "main.cf").write_text(HOST)
    (fix,) = _fixes(tmp_path, "--select", "PL101")
    assert fix["applicability"] == "safe"


def test_two_fixes_to_one_setting_wait_for_each_other(tmp_path: Path) -> None:
    # PL301 writes the level the legacy switch meant (none) in place; PL101 wants the level
    # `may`. Applied in one pass they would leave two definitions; one after the other, the
    # second changes the first's line.
    main = tmp_path / "main.cf"
    main.write_text(HOST + "smtp_use_tls = no\n")
    result = run_postlint(
        "--fix", "--unsafe-fixes", "--select", "PL101,PL301", "main.cf", cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert main.read_text() == HOST + "smtp_tls_security_level = may\n"


SAME_VALUE_PLUGIN = '''
from postlint.api import Edit, Fix, Rule, hookimpl


class Same(Rule):
    """Offers a fix that writes back the value it replaces (a rule bug)."""

    code = "ZZ021"
    name = "same-value"
    family = "test"

    def check(self, ctx):
        for p in ctx.main.parameters():
            if p.name == "myhostname":
                span = p.value_span
                fix = Fix("rewrite", (Edit(ctx.main, span.start, span.end, p.value),))
                yield ctx.diagnostic(ctx.main, span, "same", fix=fix)


@hookimpl
def postlint_rules():
    return [Same]
'''


def test_a_fix_that_changes_nothing_is_dropped_and_not_counted(tmp_path: Path) -> None:
    # Not a loop (exit 2, nothing written): the other fixes are applied, and only the
    # findings whose fixes took effect count as fixed.
    (tmp_path / "same.py").write_text(SAME_VALUE_PLUGIN)
    (tmp_path / "postlint.toml").write_text('plugins = ["same.py"]\nselect = ["ZZ021", "PL401"]\n')
    main = tmp_path / "main.cf"
    main.write_text("myhostname = mail.example.com\nalias_maps = hash:/etc/aliases # a\n")
    result = run_postlint("--fix", "main.cf", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert "dropped the ZZ021 fix: it changes nothing" in result.stderr
    assert "rejects" not in result.stderr  # not the reason of a fix that breaks the file
    assert "1 fixed, 1 remaining." in result.stderr
    assert (
        main.read_text() == "myhostname = mail.example.com\n# a\nalias_maps = hash:/etc/aliases\n"
    )


def test_a_fix_that_changes_nothing_is_not_shown_as_fixed_beside_real_fixes(
    tmp_path: Path,
) -> None:
    # Applied in one pass with a fix that does change the file, the idle fix must not be
    # listed as fixed while the warning says it was dropped for changing nothing.
    (tmp_path / "same.py").write_text(SAME_VALUE_PLUGIN)
    (tmp_path / "postlint.toml").write_text('plugins = ["same.py"]\nselect = ["ZZ021", "PL401"]\n')
    (tmp_path / "main.cf").write_text(
        "myhostname = mail.example.com\nalias_maps = hash:/etc/aliases # a\n"
    )
    result = run_postlint("--fix", "--show-fixes", "main.cf", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert "dropped the ZZ021 fix: it changes nothing" in result.stderr
    assert "fixed main.cf: PL401" in result.stderr
    assert "ZZ021 rewrite" not in result.stderr


def test_pl101_fix_is_unsafe_when_a_service_turns_legacy_tls_off(tmp_path: Path) -> None:
    # smtp_tls_security_level = may in main.cf silences relay's own -o smtp_use_tls=no
    # (Postfix reads the legacy switches only while the level is empty): a choice the
    # admin wrote is overridden, as with smtp_use_tls = no in main.cf.
    main = tmp_path / "main.cf"
    main.write_text(HOST)
    (tmp_path / "master.cf").write_text(
        "smtp unix - - n - - smtp\nrelay unix - - n - - smtp\n  -o smtp_use_tls=no\n"
    )
    result = run_postlint("--fix", "--select", "PL101", "main.cf", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert main.read_text() == HOST
    result = run_postlint("--fix", "--unsafe-fixes", "--select", "PL101", "main.cf", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert main.read_text() == HOST + "smtp_tls_security_level = may\n"


def test_pl514_repair_read_as_another_option_value_is_unsafe(tmp_path: Path) -> None:
    # The daemons' getopt takes `-o` after `-s` (or -t, -n...) as that option's value,
    # while postconf's walk gives only -o a value and shows a new -o setting: the fix
    # declared no such change (the real postconf disagreed with it), so it is not safe.
    main = tmp_path / "main.cf"
    main.write_text(HOST)
    for before in ("-s", "-t", "-n"):
        master = tmp_path / "master.cf"
        text = f"submission inet n - n - - smtpd\n  {before} \u2013o smtpd_sasl_auth_enable=yes\n"
        master.write_text(text)
        result = run_postlint("--fix", "--select", "PL514", "master.cf", cwd=tmp_path)
        assert result.returncode == 1, (before, result.stderr)
        assert master.read_text() == text, before
    # The plain case stays a safe repair.
    master.write_text("submission inet n - n - - smtpd\n  \u2013o smtpd_sasl_auth_enable=yes\n")
    result = run_postlint("--fix", "--select", "PL514", "master.cf", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "-o smtpd_sasl_auth_enable=yes" in master.read_text()
