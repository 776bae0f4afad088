"""Attacks on the safe-to-run-as-root work (issue 14) that its own tests did not try.

Each goes through the command line as a user (or an attacker's planted files) would: a
config symlink planted in another user's directory, modules planted in the working
directory of `python -m postlint`, a huge sparse `--config`, control characters in the
names and texts that warnings and errors quote.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from cli_run import run

MAIN = "alias_maps = hash:/etc/aliases # x\n"
OTHER_UID = 4243  # any uid that is neither the invoking user nor root
SECRET = "s3cr3t-4711"


def needs_root() -> None:
    if os.geteuid() != 0:
        pytest.skip("needs root to plant files owned by another user")


@pytest.fixture
def private(tmp_path: Path) -> Path:
    tmp_path.chmod(0o755)
    return tmp_path


def test_a_config_symlink_planted_in_another_users_directory_is_not_read(private: Path) -> None:
    """root lints a checkout another user owns; that user links postlint.toml to a file only
    root may read. The link's directory decides who chose the file: it is not trusted."""
    needs_root()
    secret = private / "secret.toml"
    secret.write_text(f'select = ["{SECRET}"]\n')
    secret.chmod(0o600)
    job = private / "job"
    job.mkdir()
    (job / "main.cf").write_text(MAIN)
    (job / "postlint.toml").symlink_to(secret)
    os.chown(job / "postlint.toml", OTHER_UID, OTHER_UID, follow_symlinks=False)
    os.chown(job / "main.cf", OTHER_UID, OTHER_UID)
    os.chown(job, OTHER_UID, OTHER_UID)
    result = run(["check", "--output-format", "concise", "job/main.cf"], private)
    assert SECRET not in result.stdout + result.stderr
    assert result.returncode == 1, result.stderr
    [warning] = [line for line in result.stderr.splitlines() if "warning:" in line]
    assert f"owned by uid {OTHER_UID}" in warning and "postlint.toml" in warning
    assert "PL101" in result.stdout  # the defaults ran


def plant_modules(directory: Path, marker: Path) -> None:
    """Modules named like a local plugin and like what postlint imports after start-up."""
    code = f"import pathlib\npathlib.Path({str(marker)!r}).write_text(__name__)\n"
    for name in ("site_rules", "tomllib", "pluggy", "pkgutil"):
        (directory / f"{name}.py").write_text(code)
        os.chown(directory / f"{name}.py", OTHER_UID, OTHER_UID)


def test_python_m_does_not_import_from_a_working_directory_others_write(private: Path) -> None:
    """`python -m postlint` puts the working directory first on sys.path: root running it in
    /tmp/job imported a planted tomllib.py, or the module-name plugin of a trusted config."""
    needs_root()
    config = private / "etc"
    config.mkdir()
    (config / "main.cf").write_text(MAIN)
    (config / "postlint.toml").write_text('plugins = ["site_rules"]\n')
    job = private / "job"
    job.mkdir()
    marker = private / "MARKER"
    plant_modules(job, marker)
    os.chown(job, OTHER_UID, OTHER_UID)
    result = run(["check", "--isolated", "--output-format", "concise", str(config)], job)
    assert not marker.exists(), f"ran {marker.read_text()}"
    assert result.returncode == 1, result.stderr
    result = run(["check", str(config)], job)
    assert not marker.exists(), f"ran {marker.read_text()}"
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "site_rules" in result.stderr


def test_a_huge_sparse_config_is_one_line_error(private: Path) -> None:
    """`--config` is trusted by choice but still size-capped: a sparse file of gigabytes
    costs nothing to make and was read whole (MemoryError)."""
    huge = private / "huge.toml"
    with huge.open("wb") as handle:
        handle.truncate(3 * 2**30)
    (private / "main.cf").write_text(MAIN)

    def limit_memory() -> None:  # so the failure is a MemoryError, not a thrashing machine
        resource.setrlimit(resource.RLIMIT_AS, (1536 * 2**20, 1536 * 2**20))

    result = subprocess.run(
        [sys.executable, "-m", "postlint", "check", "--config", "huge.toml", "main.cf"],
        cwd=private,
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=limit_memory,
    )
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    assert "huge.toml" in result.stderr and "larger than" in result.stderr


def test_walk_warnings_escape_controls_in_file_names(private: Path) -> None:
    """A walked directory's name is anyone's text: the `skipped` warning printed it raw."""
    hostile = private / "conf\x1b]0;owned\x07\x1b[2J"
    hostile.mkdir()
    (hostile / "main.cf").symlink_to("/etc/hostname")
    result = run(["check", "."], private)
    assert result.returncode == 2, result.stderr
    assert "skipped" in result.stderr and "\\x1b]0;owned\\x07" in result.stderr
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr


@pytest.mark.parametrize(
    "command", [["check", "."], ["rules"], ["rule", "PL101"], ["explain", "myhostname", "."]]
)
def test_config_errors_escape_controls_in_every_command(private: Path, command: list[str]) -> None:
    """A config's text reaches error messages (a missing plugin is named): `check` escaped
    it, `rules`, `rule` and `explain` wrote the ESC and BEL to the terminal."""
    (private / "main.cf").write_text(MAIN)
    (private / "postlint.toml").write_text('plugins = ["x\\u001b]0;owned\\u0007.py"]\n')
    result = run(command, private)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "\\x1b]0;owned\\x07" in result.stderr
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr


def test_a_walked_file_swapped_for_a_symlink_after_the_walk_is_not_read(
    private: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The walk skips `main.cf -> /etc/shadow`; the owner of the walked tree makes main.cf
    that link just after the walk looked (a rename loop wins the race). Simulated at the
    exact moment: the check is repeated on the open descriptor."""
    from postlint import check_cli
    from postlint.cli import main

    shadow = private / "shadow"
    shadow.write_text(f"root:{SECRET}:19000:0:99999:7:::\n")
    shadow.chmod(0o640)
    tree = private / "tree"
    tree.mkdir()
    (tree / "main.cf").write_text(MAIN)
    walk = check_cli.expand

    def walk_then_swap(paths: list[str]) -> object:
        found = walk(paths)
        (tree / "main.cf").unlink()
        (tree / "main.cf").symlink_to(shadow)
        return found

    monkeypatch.setattr(check_cli, "expand", walk_then_swap)
    code = main(["check", "--isolated", "--output-format", "full", str(tree)])
    out, err = capsys.readouterr()
    assert SECRET not in out + err
    assert code == 2 and "not read" in err


def test_a_setting_naming_many_big_tables_is_read_within_a_budget(
    private: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each table is capped at 8 MB, but virtual_alias_maps may name 300 hard links to one:
    PL706/PL707 then walked 300 x 1.4 million lines (over ten minutes, gigabytes cached).
    What a setting hands to rules is bounded; the lines given out are counted here."""
    from postlint.cli import main
    from postlint.engine import context

    (private / "t0").write_text("ab cd\n" * 20_000)
    names = []
    for index in range(1, 41):
        os.link(private / "t0", private / f"t{index}")
        names.append(f"hash:/etc/postfix/t{index}")
    (private / "main.cf").write_text(
        "myhostname = mx.example.org\nmydomain = example.org\n"
        f"virtual_alias_domains = example.net\nvirtual_alias_maps = {', '.join(names)}\n"
    )
    given: list[int] = []
    real_tables = context.Context.tables

    def counted(self: context.Context, value: object) -> object:
        for table in real_tables(self, value):  # type: ignore[arg-type]
            given.append(len(table.lines))
            yield table

    monkeypatch.setattr(context.Context, "tables", counted)
    code = main(["check", "--isolated", "--select", "PL706,PL707", str(private / "main.cf")])
    capsys.readouterr()
    assert code in (0, 1)
    assert given, "no table was read at all"
    assert sum(given) <= 2 * 200_000, f"{len(given)} tables, {sum(given)} lines"


def test_undefined_references_are_found_in_one_scan_per_value(
    private: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A master.cf of 1,000 `-o xN=$yN` lines (20 KB) took 90 s: PL404 compiled a regex for
    every undefined name in every value. Counted here: regexes compiled during the lint."""
    import re

    from postlint.cli import main

    (private / "main.cf").write_text("myhostname = mx.example.org\nz = ${y1} $y1x $(y1)\n")
    overrides = "".join(f"  -o x{i}=$y{i}\n" for i in range(300))
    (private / "master.cf").write_text(f"smtp inet n - n - - smtpd\n{overrides}")
    compiled = 0
    real_compile = re.compile

    def counting(*args: object, **kwargs: object) -> object:
        nonlocal compiled
        compiled += 1
        return real_compile(*args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(re, "compile", counting)
    code = main(
        ["check", "--isolated", "--select", "PL404", "--output-format", "concise", str(private)]
    )
    out = capsys.readouterr().out
    monkeypatch.undo()
    assert code == 1
    # Every reference is still found, in each form, and only whole names ($y1x is not $y1).
    assert out.count("PL404") == 300 + 2 + 1, out[-500:]
    assert "main.cf:2:5: PL404" in out and "main.cf:2:16: PL404" in out
    assert compiled < 1000, compiled


def test_a_table_directory_swapped_for_a_symlink_while_opening_is_not_read(
    private: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`virtual -> maps/virtual` lies in the config directory when postlint resolves it; the
    owner of `maps` makes it a link to a directory outside just before the open (a rename
    loop wins the race). Simulated at that moment: the opened file itself is judged."""
    from postlint.postfix import tables

    outside = private / "outside"
    outside.mkdir()
    (outside / "virtual").write_text(f"{SECRET}@example.org root\n")
    config = private / "postfix"
    (config / "maps").mkdir(parents=True)
    (config / "maps" / "virtual").write_text("info@example.org admin\n")
    (config / "virtual").symlink_to("maps/virtual")
    real_read = tables.read_regular

    def swap_then_read(path: str, *args: object, **kwargs: object) -> bytes:
        (config / "maps" / "virtual").unlink()
        (config / "maps").rmdir()
        (config / "maps").symlink_to(outside)
        return real_read(path, *args, **kwargs)  # type: ignore[arg-type]

    unswapped = tables.read_table("hash:/etc/postfix/virtual", config)
    assert unswapped is not None and unswapped.lines[0][1] == "info@example.org admin"
    tables._read_lines.cache_clear()
    monkeypatch.setattr(tables, "read_regular", swap_then_read)
    assert tables.read_table("hash:/etc/postfix/virtual", config) is None
