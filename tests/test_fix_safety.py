"""--fix never loses or corrupts a file, whatever the file or the run does."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

INLINE = "myhostname = mail.example.com\nalias_maps = hash:/etc/aliases # aliases\n"
FIXED = "myhostname = mail.example.com\n# aliases\nalias_maps = hash:/etc/aliases\n"


def postlint(*args: str, cwd: Path, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "postlint", *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        timeout=120,
        env={**os.environ, "NO_COLOR": "1"},
    )


def test_fix_writes_and_keeps_mode(tmp_path: Path) -> None:
    main = tmp_path / "main.cf"
    main.write_text(INLINE)
    main.chmod(0o640)
    result = postlint("--fix", "--select", "PL401", "main.cf", cwd=tmp_path)
    assert main.read_text() == FIXED
    assert stat.S_IMODE(main.stat().st_mode) == 0o640
    assert b"1 fixed, 0 remaining." in result.stderr
    assert result.returncode == 0
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_read_only_file_is_left_alone_with_a_clear_message(tmp_path: Path) -> None:
    main = tmp_path / "main.cf"
    main.write_text(INLINE)
    main.chmod(0o444)
    result = postlint("--fix", "--select", "PL401", "main.cf", cwd=tmp_path)
    assert result.returncode == 2
    assert b"read-only; not fixed" in result.stderr
    assert main.read_text() == INLINE


def test_file_replaced_during_the_run_is_not_overwritten(tmp_path: Path) -> None:
    # A misbehaving rule rewrites the file while postlint is checking it.
    (tmp_path / "meddle.py").write_text(
        "from postlint.api import Rule, hookimpl\n"
        "class Meddle(Rule):\n"
        '    """Rewrites main.cf behind postlint\'s back."""\n'
        "    code = 'ZZ002'\n    name = 'meddle'\n    family = 'test'\n"
        "    def check(self, ctx):\n"
        "        open(ctx.main.path, 'w').write('replaced = yes\\n')\n"
        "        return []\n"
        "@hookimpl\ndef postlint_rules():\n    return [Meddle]\n"
    )
    (tmp_path / "postlint.toml").write_text('plugins = ["meddle.py"]\nextend-select = ["ZZ002"]\n')
    main = tmp_path / "main.cf"
    main.write_text(INLINE)
    result = postlint("--fix", "--select", "PL401", "main.cf", cwd=tmp_path)
    assert result.returncode == 2
    assert b"changed on disk during the run; not fixed" in result.stderr
    assert main.read_text() == "replaced = yes\n"


def test_symlink_is_written_through_to_its_target(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    (real / "main.cf").write_text(INLINE)
    link_dir = tmp_path / "etc"
    link_dir.mkdir()
    (link_dir / "main.cf").symlink_to(real / "main.cf")
    postlint("--fix", "--select", "PL401", "main.cf", cwd=link_dir)
    assert (link_dir / "main.cf").is_symlink()
    assert (real / "main.cf").read_text() == FIXED


def test_crlf_no_final_newline_and_latin1_survive(tmp_path: Path) -> None:
    data = (
        b"# caf\xe9 configuration\r\nmyhostname = mail.example.com\r\n"
        b"alias_maps = hash:/etc/aliases # aliases\r\nrelayhost = [r\xe9lais]"
    )
    main = tmp_path / "main.cf"
    main.write_bytes(data)
    postlint("--fix", "--select", "PL401", "main.cf", cwd=tmp_path)
    assert main.read_bytes() == (
        b"# caf\xe9 configuration\r\nmyhostname = mail.example.com\r\n"
        b"# aliases\r\nalias_maps = hash:/etc/aliases\r\n"
        b"relayhost = [r\xe9lais]"
    )


def test_diff_applies_with_patch_p1(tmp_path: Path) -> None:
    (tmp_path / "main.cf").write_bytes(b"alias_maps = hash:/etc/aliases # a\nrelayhost = x")
    result = postlint("--diff", "--select", "PL401", "main.cf", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.startswith(b"--- a/main.cf\n+++ b/main.cf\n")
    assert b"\\ No newline at end of file" in result.stdout
    subprocess.run(["patch", "-p1", "--quiet"], input=result.stdout, cwd=tmp_path, check=True)
    assert (tmp_path / "main.cf").read_bytes() == (
        b"# a\nalias_maps = hash:/etc/aliases\nrelayhost = x"
    )


def test_diff_with_a_lone_carriage_return_applies_with_patch_p1(tmp_path: Path) -> None:
    # A CR not followed by LF is inside a line for patch; the diff must not end a line there.
    original = b"myhostname = mail.example.com\rinet_interfaces = all\nmydomain = example.com\n"
    (tmp_path / "main.cf").write_bytes(original)
    result = postlint("--diff", "--unsafe-fixes", "--select", "PL410", "main.cf", cwd=tmp_path)
    assert result.returncode == 1
    subprocess.run(["patch", "-p1", "--quiet"], input=result.stdout, cwd=tmp_path, check=True)
    patched = (tmp_path / "main.cf").read_bytes()
    (tmp_path / "main.cf").write_bytes(original)
    postlint("--fix", "--unsafe-fixes", "--select", "PL410", "main.cf", cwd=tmp_path)
    assert patched == (tmp_path / "main.cf").read_bytes()
    assert b"\r" not in patched


def test_stdin_fix_prints_the_fixed_text(tmp_path: Path) -> None:
    result = postlint(
        "-",
        "--fix",
        "--select",
        "PL401",
        "--stdin-filename",
        "main.cf",
        cwd=tmp_path,
        stdin=INLINE.encode(),
    )
    assert result.stdout.decode() == FIXED


LOOP_PLUGIN = '''
from postlint.api import Applicability, Fix, Rule, edits, hookimpl

class Flip(Rule):
    """Sets relayhost to b when it is a."""
    code = "ZZ010"
    name = "flip"
    family = "test"
    def check(self, ctx):
        for p in ctx.main.parameters():
            if p.name == "relayhost" and p.value == "a":
                yield ctx.diagnostic(ctx.main, p.value_span, "a",
                                     fix=Fix("to b", (edits.replace_value(ctx.main, p, "b"),)))

class Flop(Rule):
    """Sets relayhost to a when it is b."""
    code = "ZZ011"
    name = "flop"
    family = "test"
    def check(self, ctx):
        for p in ctx.main.parameters():
            if p.name == "relayhost" and p.value == "b":
                yield ctx.diagnostic(ctx.main, p.value_span, "b",
                                     fix=Fix("to a", (edits.replace_value(ctx.main, p, "a"),)))

class Breaker(Rule):
    """Offers a fix that removes the '='."""
    code = "ZZ012"
    name = "breaker"
    family = "test"
    def check(self, ctx):
        for p in ctx.main.parameters():
            if p.name == "myhostname":
                yield ctx.diagnostic(ctx.main, p.name_span, "break it",
                                     fix=Fix("drop =", (edits.Edit(ctx.main,
                                             p.equals_offset, p.equals_offset + 1, ""),)))

@hookimpl
def postlint_rules():
    return [Flip, Flop, Breaker]
'''


def _loop_dir(tmp_path: Path, select: str) -> Path:
    (tmp_path / "loop.py").write_text(
        LOOP_PLUGIN.replace("edits.Edit", "Edit").replace(
            "from postlint.api import Applicability,",
            "from postlint.api import Edit, Applicability,",
        )
    )
    (tmp_path / "postlint.toml").write_text(f'plugins = ["loop.py"]\nselect = ["{select}"]\n')
    return tmp_path


def test_fixes_that_never_settle_exit_two_and_touch_nothing(tmp_path: Path) -> None:
    _loop_dir(tmp_path, "ZZ01")
    main = tmp_path / "main.cf"
    main.write_text("relayhost = a\n")
    result = postlint("--fix", "main.cf", cwd=tmp_path)
    assert result.returncode == 2
    assert b"never settle" in result.stderr
    assert main.read_text() == "relayhost = a\n"


def test_a_fix_that_breaks_the_file_is_dropped_and_reported(tmp_path: Path) -> None:
    _loop_dir(tmp_path, "ZZ012")
    main = tmp_path / "main.cf"
    main.write_text("myhostname = mail.example.com\n")
    result = postlint("--fix", "main.cf", cwd=tmp_path)
    assert b"dropped the ZZ012 fix" in result.stderr
    assert main.read_text() == "myhostname = mail.example.com\n"
    assert result.returncode == 1


LATE_BREAKER_PLUGIN = '''
from postlint.api import Edit, Fix, Rule, Span, hookimpl

class Header(Rule):
    """Adds a header comment on top."""
    code = "ZZ013"
    name = "header"
    family = "test"
    def check(self, ctx):
        if not ctx.main.text.startswith("# managed"):
            yield ctx.diagnostic(ctx.main, Span(0, 0), "no header",
                                 fix=Fix("add it", (Edit(ctx.main, 0, 0, "# managed\\n"),)))

class LateBreaker(Rule):
    """Once the header is there, offers a fix that removes myhostname's '='."""
    code = "ZZ014"
    name = "late-breaker"
    family = "test"
    def check(self, ctx):
        if not ctx.main.text.startswith("# managed"):
            return
        for p in ctx.main.parameters():
            if p.name == "myhostname":
                yield ctx.diagnostic(ctx.main, p.name_span, "break it",
                                     fix=Fix("drop =", (Edit(ctx.main,
                                             p.equals_offset, p.equals_offset + 1, ""),)))

@hookimpl
def postlint_rules():
    return [Header, LateBreaker]
'''


def test_a_fix_dropped_in_a_later_pass_names_its_line_in_that_pass(tmp_path: Path) -> None:
    # The dropped finding is about the text the second pass linted (the header added above
    # it), so its line is 2, as in the file that is written; not 1, its line before the fixes.
    (tmp_path / "late.py").write_text(LATE_BREAKER_PLUGIN)
    (tmp_path / "postlint.toml").write_text('plugins = ["late.py"]\nselect = ["ZZ013", "ZZ014"]\n')
    main = tmp_path / "main.cf"
    main.write_text("myhostname = mail.example.com\n")
    result = postlint("--fix", "main.cf", cwd=tmp_path)
    assert b"main.cf:2: dropped the ZZ014 fix" in result.stderr, result.stderr
    assert main.read_text() == "# managed\nmyhostname = mail.example.com\n"
