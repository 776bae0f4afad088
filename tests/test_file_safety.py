"""Files postlint reads or writes as root: nothing outside what was meant, nothing lost.

Through the CLI: tables and walked configs stay inside their directory, only regular files
of bounded size are read, and --fix keeps owner, ACLs, xattrs and hard links, writes all
files of a configuration or none, and turns file-system failures into one line, exit 2.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import struct
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

INLINE = "myhostname = mail.example.com\nalias_maps = hash:/etc/aliases # aliases\n"
FIXED = "myhostname = mail.example.com\n# aliases\nalias_maps = hash:/etc/aliases\n"
FORWARDING = (
    "myhostname = mx.example.org\nmydomain = example.org\n"
    "virtual_alias_domains = example.net\nvirtual_alias_maps = hash:/etc/postfix/virtual\n"
)
SECRET = "s3cr3t-token-4711"
# Users and groups only these tests use (root creates files owned by them).
OWNER, GROUP, MEMBER = 47101, 47102, 47103


def postlint(
    *args: str, cwd: Path, prefix: tuple[str, ...] = (), env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*prefix, sys.executable, "-m", "postlint", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "NO_COLOR": "1", **(env or {})},
    )


def one_line_error(result: subprocess.CompletedProcess[str], text: str) -> None:
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if "error:" in line]
    assert len(errors) == 1 and text in errors[0], result.stderr


def unavailable(reason: str) -> None:
    """A test that needs root powers: skipped on a developer machine, a failure in CI."""
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


def without_dac_override() -> tuple[str, ...]:
    """Run as root without the capabilities that ignore file modes (so EACCES happens)."""
    if os.geteuid() != 0:
        return ()
    return ("setpriv", "--bounding-set=-dac_override,-dac_read_search", "--")


def as_member() -> tuple[str, ...]:
    """Run as MEMBER, a user in GROUP (needs root to switch)."""
    if os.geteuid() != 0:
        unavailable("needs root to run as another user")
    return ("setpriv", f"--reuid={MEMBER}", f"--regid={MEMBER}", f"--groups={GROUP}", "--")


@pytest.fixture
def shared_dir() -> Iterator[Path]:
    """A directory other users can reach (pytest's own tmp_path is private to root)."""
    base = Path(tempfile.mkdtemp(prefix="postlint-files-"))
    base.chmod(0o755)
    try:
        yield base
    finally:
        shutil.rmtree(base, ignore_errors=True)


# Tables (item 2): only regular files inside the config directory, only plausible entries.


def test_table_symlink_to_proc_environ_leaks_nothing(tmp_path: Path) -> None:
    (tmp_path / "main.cf").write_text(FORWARDING)
    (tmp_path / "virtual").symlink_to("/proc/self/environ")
    env = {"AAA_TOKEN": f"{SECRET}@gmail.com"}
    for fmt in ("json", "full", "sarif"):
        result = postlint("main.cf", "--output-format", fmt, cwd=tmp_path, env=env)
        assert SECRET not in result.stdout + result.stderr, fmt
        assert result.returncode in (0, 1)


def test_table_symlink_out_of_the_directory_is_not_read(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "virtual").write_text(f"{SECRET}@example.net  someone@gmail.com\n")
    config = tmp_path / "etc"
    config.mkdir()
    (config / "main.cf").write_text(FORWARDING)
    (config / "virtual").symlink_to(elsewhere / "virtual")
    result = postlint("main.cf", "--select", "PL707", "--output-format", "json", cwd=config)
    assert SECRET not in result.stdout and "PL707" not in result.stdout
    # A symlink that stays inside the directory is the admin's own layout: read.
    (config / "virtual").unlink()
    (config / "virtual.real").write_text("alice@example.net  alice@gmail.com\n")
    (config / "virtual").symlink_to("virtual.real")
    result = postlint("main.cf", "--select", "PL707", "--output-format", "concise", cwd=config)
    assert "PL707" in result.stdout and "alice@gmail.com" in result.stdout


def test_table_text_that_is_no_table_is_never_quoted(tmp_path: Path) -> None:
    (tmp_path / "main.cf").write_text(FORWARDING)
    # NUL-separated data (an environment dump) is not a table source.
    (tmp_path / "virtual").write_bytes(f"A=1\0TOKEN={SECRET}@gmail.com\0B=2\0".encode())
    result = postlint("main.cf", "--select", "PL707", "--output-format", "json", cwd=tmp_path)
    assert SECRET not in result.stdout
    # Control characters make a line no table entry; a long key is quoted short.
    long_key = "k" * 300 + "@example.net"
    (tmp_path / "virtual").write_text(
        f"x\x1b]0;{SECRET}\x07@example.net  a@gmail.com\n{long_key}  b@gmail.com\n"
    )
    result = postlint("main.cf", "--select", "PL707", "--output-format", "json", cwd=tmp_path)
    assert SECRET not in result.stdout and "\\u001b" not in result.stdout
    assert "PL707" in result.stdout and "k" * 41 not in result.stdout


# Walked symlinks (items 2 and 12).


def test_walked_symlink_to_a_secret_file_is_skipped_not_quoted(tmp_path: Path) -> None:
    secret = tmp_path / "shadow"
    secret.write_text(f"root:{SECRET}:19000:0:99999:7:::\n")
    secret.chmod(0o640)
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "main.cf").symlink_to(secret)
    (repo / "master.cf").write_text("smtp inet n - n - - smtpd\n")
    result = postlint("repo", "--output-format", "full", cwd=tmp_path)
    assert SECRET not in result.stdout + result.stderr
    assert "repo/main.cf: skipped: a symlink out of repo" in result.stderr
    assert result.returncode in (0, 1)


def test_walked_symlink_out_of_the_tree_is_linted_not_fixed(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "main.cf").write_text(INLINE)
    (outside / "main.cf").chmod(0o644)
    repo = tmp_path / "repo"
    (repo / "etc").mkdir(parents=True)
    (repo / "etc" / "main.cf").symlink_to(outside / "main.cf")
    result = postlint("--fix", "--select", "PL401", "repo", cwd=tmp_path)
    assert result.returncode == 1
    assert "repo/etc/main.cf:2:32: PL401" in result.stdout
    assert "repo/etc/main.cf: linted, not fixed: a symlink out of the linted" in result.stderr
    assert (outside / "main.cf").read_text() == INLINE
    # Named on the command line, the symlink is the user's choice: written through.
    result = postlint("--fix", "--select", "PL401", "repo/etc/main.cf", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (outside / "main.cf").read_text() == FIXED
    assert (repo / "etc" / "main.cf").is_symlink()


def test_sibling_symlink_out_of_the_directory(tmp_path: Path) -> None:
    """The master.cf next to a named main.cf is read as a walk would read it."""
    services = "smtp inet n - n - - smtpd\nsubmissions inet n - n - - smtpd\n"
    secret = tmp_path / "shadow"
    secret.write_text(f"# root:{SECRET}:19000:0:99999:7:::\n{services}")
    secret.chmod(0o640)
    config = tmp_path / "etc"
    config.mkdir()
    # With a certificate, so that PL114 has its cross-file fix.
    main = "smtpd_tls_wrappermode = yes\nsmtpd_tls_chain_files = /etc/postfix/chain.pem\n"
    (config / "main.cf").write_text(main)
    (config / "master.cf").symlink_to(secret)
    args = ("main.cf", "--unsafe-fixes", "--select", "PL114")
    result = postlint(*args, "--diff", cwd=config)
    assert SECRET not in result.stdout + result.stderr
    # A world-readable master.cf elsewhere is context: linted, but the cross-file fix that
    # would write it is not applied to either file.
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "master.cf").write_text(services)
    (shared / "master.cf").chmod(0o644)
    (config / "master.cf").unlink()
    (config / "master.cf").symlink_to(shared / "master.cf")
    result = postlint(*args, "--fix", cwd=config)
    assert "master.cf: linted, not fixed" in result.stderr and result.returncode == 1
    assert (config / "main.cf").read_text() == main
    assert (shared / "master.cf").read_text() == services


# Only regular files, bounded (item 6).


def test_device_fifo_and_huge_configs_are_one_line_errors(tmp_path: Path) -> None:
    (tmp_path / "main.cf").symlink_to("/dev/zero")
    one_line_error(postlint("main.cf", cwd=tmp_path), "main.cf: is a device, not a regular file")
    os.mkfifo(tmp_path / "master.cf")
    one_line_error(postlint("master.cf", cwd=tmp_path), "master.cf: is a named pipe")
    (tmp_path / "main.cf").unlink()
    with open(tmp_path / "main.cf", "wb") as sparse:  # no disk blocks: a hole
        sparse.truncate(65 * 1024 * 1024)
    one_line_error(postlint("main.cf", cwd=tmp_path), "main.cf: larger than 64 MB")


# --fix keeps owner, group, ACLs, xattrs, hard links (item 9).


def _acl(entries: list[tuple[int, int, int]]) -> bytes:
    """A POSIX ACL as Linux stores it in system.posix_acl_access (version 2)."""
    return struct.pack("<I", 2) + b"".join(struct.pack("<HHI", *e) for e in entries)


UNDEFINED = 0xFFFFFFFF
ACL = _acl([(0x01, 6, UNDEFINED), (0x02, 6, MEMBER), (0x04, 4, UNDEFINED), (0x10, 6, UNDEFINED),
            (0x20, 0, UNDEFINED)])  # fmt: skip


def test_fix_keeps_owner_group_acl_and_xattrs(tmp_path: Path) -> None:
    if os.geteuid() != 0:
        unavailable("needs root to give a file another owner")
    main = tmp_path / "main.cf"
    main.write_text(INLINE)
    os.chown(main, OWNER, GROUP)
    try:
        os.setxattr(main, "user.postlint-test", b"keep me")
        os.setxattr(main, "system.posix_acl_access", ACL)
    except OSError as exc:
        pytest.skip(f"this file system keeps no xattrs or ACLs: {exc}")
    main.chmod(0o660)
    before = {n: os.getxattr(main, n) for n in os.listxattr(main)}
    result = postlint("--fix", "--select", "PL401", "main.cf", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert main.read_text() == FIXED
    info = main.stat()
    assert (info.st_uid, info.st_gid, stat.S_IMODE(info.st_mode)) == (OWNER, GROUP, 0o660)
    assert {n: os.getxattr(main, n) for n in os.listxattr(main)} == before


def test_fix_refuses_to_change_the_owner(shared_dir: Path) -> None:
    prefix = as_member()
    config = shared_dir / "etc"
    config.mkdir()
    os.chown(config, 0, GROUP)
    config.chmod(0o775)
    main = config / "main.cf"
    main.write_text(INLINE)
    os.chown(main, OWNER, GROUP)
    main.chmod(0o664)
    env = {"HOME": str(shared_dir)}
    result = postlint("--fix", "--select", "PL401", "main.cf", cwd=config, prefix=prefix, env=env)
    one_line_error(result, "main.cf: owned by 47101:47102; fixing it as 47103:47103 would")
    assert main.read_text() == INLINE
    assert (main.stat().st_uid, main.stat().st_gid) == (OWNER, GROUP)
    assert [p.name for p in config.iterdir()] == ["main.cf"]


def test_fix_does_not_split_hard_links(tmp_path: Path) -> None:
    main = tmp_path / "main.cf"
    main.write_text(INLINE)
    os.link(main, tmp_path / "main.cf.link")
    result = postlint("--fix", "--select", "PL401", "main.cf", cwd=tmp_path)
    one_line_error(result, "main.cf: has 2 hard links; not fixed")
    assert main.stat().st_nlink == 2 and main.read_text() == INLINE


# Read-only directory, disk full (item 10); cross-file fixes all or nothing (item 11).


def test_read_only_directory_is_a_one_line_error(shared_dir: Path) -> None:
    main = shared_dir / "main.cf"
    main.write_text(INLINE)
    shared_dir.chmod(0o555)
    result = postlint(
        "--fix", "--select", "PL401", "main.cf", cwd=shared_dir, prefix=without_dac_override()
    )
    shared_dir.chmod(0o755)
    one_line_error(result, "cannot create a file in")
    assert main.read_text() == INLINE and sorted(shared_dir.iterdir()) == [main]


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A 64 KB tmpfs (mounting needs root)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)], capture_output=True
    )
    if done.returncode != 0:
        unavailable(f"cannot mount a tmpfs: {done.stderr.decode().strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=True)


def fill(disk: Path) -> None:
    """Use up every free block of a file system."""
    with open(disk / "filler", "wb", buffering=0) as filler, contextlib.suppress(OSError):
        while True:
            filler.write(b"x" * 4096)


def test_disk_full_is_a_one_line_error(tiny_disk: Path) -> None:
    main = tiny_disk / "main.cf"
    main.write_text(INLINE)
    fill(tiny_disk)
    result = postlint("--fix", "--select", "PL401", "main.cf", cwd=tiny_disk)
    one_line_error(result, "No space left on device; not fixed")
    assert main.read_text() == INLINE
    assert sorted(p.name for p in tiny_disk.iterdir()) == ["filler", "main.cf"]


def test_cross_file_fix_writes_both_files_or_neither(tmp_path: Path) -> None:
    main_text = "smtpd_tls_wrappermode = yes\nsmtpd_tls_chain_files = /etc/ssl/mail.pem\n"
    master_text = "smtp inet n - n - - smtpd\nsubmissions inet n - n - - smtpd\n"
    (tmp_path / "main.cf").write_text(main_text)
    (tmp_path / "master.cf").write_text(master_text)
    (tmp_path / "master.cf").chmod(0o444)
    args = ("--fix", "--unsafe-fixes", "--select", "PL114", "main.cf")
    one_line_error(postlint(*args, cwd=tmp_path), "master.cf: file is read-only; not fixed")
    assert (tmp_path / "main.cf").read_text() == main_text
    assert (tmp_path / "master.cf").read_text() == master_text
    (tmp_path / "master.cf").chmod(0o644)  # writable: the fix moves the setting
    assert postlint(*args, cwd=tmp_path).returncode == 0
    assert "wrappermode" not in (tmp_path / "main.cf").read_text()
    assert "-o smtpd_tls_wrappermode=yes" in (tmp_path / "master.cf").read_text()


def test_cross_file_fix_is_all_or_nothing_on_a_full_disk(tmp_path: Path, tiny_disk: Path) -> None:
    main_text = "smtpd_tls_wrappermode = yes\nsmtpd_tls_chain_files = /etc/ssl/mail.pem\n"
    master_text = "smtp inet n - n - - smtpd\nsubmissions inet n - n - - smtpd\n"
    (tmp_path / "main.cf").write_text(main_text)
    (tiny_disk / "master.cf").write_text(master_text)
    fill(tiny_disk)
    (tmp_path / "master.cf").symlink_to(tiny_disk / "master.cf")
    args = ("--fix", "--unsafe-fixes", "--select", "PL114", "main.cf", "master.cf")
    one_line_error(postlint(*args, cwd=tmp_path), "master.cf: cannot write: No space left")
    assert (tmp_path / "main.cf").read_text() == main_text
    assert (tiny_disk / "master.cf").read_text() == master_text
    assert sorted(p.name for p in tmp_path.iterdir()) == ["disk", "main.cf", "master.cf"]


def test_walk_reports_a_directory_it_cannot_list(shared_dir: Path) -> None:
    (shared_dir / "main.cf").write_text(INLINE)
    (shared_dir / "locked").mkdir()
    (shared_dir / "locked" / "main.cf").write_text(INLINE)
    (shared_dir / "locked").chmod(0)
    result = postlint(".", "--select", "PL401", cwd=shared_dir, prefix=without_dac_override())
    (shared_dir / "locked").chmod(0o755)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "locked: skipped: cannot list it (Permission denied)" in result.stderr


# Every remaining traceback path of the file system (item 15).


def test_symlink_loop_argument(tmp_path: Path) -> None:
    (tmp_path / "main.cf").symlink_to("loop.cf")
    (tmp_path / "loop.cf").symlink_to("main.cf")
    one_line_error(postlint("main.cf", cwd=tmp_path), "main.cf: too many levels of symbolic")
    one_line_error(postlint("loop.cf", cwd=tmp_path), "loop.cf: too many levels of symbolic")


def test_file_in_a_directory_without_search_permission(shared_dir: Path) -> None:
    locked = shared_dir / "locked"
    locked.mkdir()
    (locked / "main.cf").write_text(INLINE)
    locked.chmod(0o600)
    result = postlint("locked/main.cf", cwd=shared_dir, prefix=without_dac_override())
    locked.chmod(0o755)
    one_line_error(result, "locked/main.cf: permission denied")


@pytest.mark.parametrize("fmt", ["concise", "json", "sarif"])
def test_unwritable_output_is_a_one_line_error(tmp_path: Path, fmt: str) -> None:
    (tmp_path / "main.cf").write_text(INLINE)
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [sys.executable, "-m", "postlint", "main.cf", "--output-format", fmt],
            cwd=tmp_path,
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
        )
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr == "postlint: error: cannot write the output: No space left on device\n"


def _old_pair(directory: Path) -> tuple[Path, Path]:
    """A unit's two files with their old content, for writes that must leave them so."""
    first, second = directory / "main.cf", directory / "master.cf"
    first.write_bytes(b"old main\n")
    second.write_bytes(b"old master\n")
    return first, second


def _assert_old_pair(directory: Path) -> None:
    """Both files as they were, and no temp file left behind."""
    assert (directory / "main.cf").read_bytes() == b"old main\n"
    assert (directory / "master.cf").read_bytes() == b"old master\n"
    assert sorted(p.name for p in directory.iterdir()) == ["main.cf", "master.cf"]


def test_failed_rename_puts_back_the_files_already_renamed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The last step of an all-or-nothing write: a rename that fails after another
    succeeded restores the first file (no CLI can make a rename fail on demand)."""
    from postlint.files import InputError
    from postlint.writer import Replacement, write_all

    first, second = _old_pair(tmp_path)
    real_replace = os.replace
    calls: list[str] = []

    def flaky_replace(src: str, dst: str | os.PathLike[str]) -> None:
        calls.append(str(dst))
        if len(calls) == 2:
            raise OSError(5, "Input/output error")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", flaky_replace)
    with pytest.raises(InputError, match=r"master\.cf: cannot replace: .*; no file was changed"):
        write_all([Replacement(first, b"new main\n"), Replacement(second, b"new master\n")])
    _assert_old_pair(tmp_path)


@pytest.mark.parametrize("after_rename", [False, True])
def test_an_interrupt_between_renames_puts_back_the_files_already_renamed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, after_rename: bool
) -> None:
    """Ctrl-C, or `--jobs` stopping a worker with SIGINT, while a unit's files are being
    renamed: the unit stays all old (all or nothing per configuration)."""
    from postlint.writer import Replacement, write_all

    first, second = _old_pair(tmp_path)
    real_replace = os.replace
    calls: list[str] = []

    def interrupted_replace(src: str, dst: str | os.PathLike[str]) -> None:
        calls.append(str(dst))
        if len(calls) == (1 if after_rename else 2):
            if after_rename:
                real_replace(src, dst)
            raise KeyboardInterrupt
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", interrupted_replace)
    with pytest.raises(KeyboardInterrupt):
        write_all([Replacement(first, b"new main\n"), Replacement(second, b"new master\n")])
    monkeypatch.undo()
    _assert_old_pair(tmp_path)
