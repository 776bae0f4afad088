"""Fixture snapshots: the converter from fixed/ copies, the diff round trip, the harness."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from postlint.snapshots import Snapshot, SnapshotError, apply_diff, file_diff
from postlint.testing import check_case, expected_fixed

REPO = Path(__file__).resolve().parent.parent
CONVERT = REPO / "scripts" / "convert_fixture_snapshots.py"
INLINE = b"myhostname = mail.example.com\nalias_maps = hash:/etc/aliases # aliases\n"
FIXED = b"myhostname = mail.example.com\n# aliases\nalias_maps = hash:/etc/aliases\n"
FINDING = (
    "main.cf:2:32: PL401 '# aliases' is part of the value of alias_maps, not a comment; "
    "put comments on their own line\n"
)
SNAPSHOT = (
    FINDING + "\n--- a/main.cf\n+++ b/main.cf\n@@ -1,2 +1,3 @@\n myhostname = mail.example.com\n"
    "-alias_maps = hash:/etc/aliases # aliases\n+# aliases\n+alias_maps = hash:/etc/aliases\n"
)


def old_layout(root: Path, expected: str = FINDING) -> Path:
    case = root / "PL401" / "bad"
    (case / "fixed").mkdir(parents=True)
    (case / "main.cf").write_bytes(INLINE)
    (case / "expected.txt").write_text(expected)
    (case / "fixed" / "main.cf").write_bytes(FIXED)
    return case


def convert(*roots: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(CONVERT), *map(str, roots)], capture_output=True, text=True
    )


def test_converter_writes_findings_and_diff_then_leaves_the_case_alone(tmp_path: Path) -> None:
    case = old_layout(tmp_path)
    clean = tmp_path / "PL401" / "good"
    clean.mkdir()
    (clean / "main.cf").write_text("relayhost =\n")
    (clean / "expected.txt").write_text("")
    first = convert(tmp_path)
    assert first.returncode == 0 and first.stdout == "converted PL401/bad\n"
    assert (case / "expected.txt").read_text() == SNAPSHOT
    assert not (case / "fixed").exists()
    second = convert(tmp_path)
    assert second.returncode == 0 and second.stdout == ""
    assert (case / "expected.txt").read_text() == SNAPSHOT
    assert (clean / "expected.txt").read_text() == ""
    check_case(case, "PL401")


def test_converter_keeps_the_written_findings_rather_than_linting(tmp_path: Path) -> None:
    case = old_layout(tmp_path, expected="main.cf:9:9: PL401 a reviewed expectation\n")
    assert convert(tmp_path).returncode == 0
    text = (case / "expected.txt").read_text()
    assert text.startswith("main.cf:9:9: PL401 a reviewed expectation\n\n--- a/main.cf\n")
    with pytest.raises(AssertionError, match=r"(?s)-main.cf:9:9: PL401 a reviewed.*\+main.cf:2"):
        check_case(case, "PL401")


def test_converter_refuses_a_stray_file_in_fixed(tmp_path: Path) -> None:
    case = old_layout(tmp_path)
    (case / "fixed" / "aliases").write_text("x: y\n")
    result = convert(tmp_path)
    assert result.returncode == 2
    assert "only regular main.cf and master.cf belong in fixed/" in result.stderr
    assert (case / "fixed" / "main.cf").exists()


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("a = 1\rb = 2\nc = x\x00y\n", "a = 1\nb = 2\nc = xy\n"),
        ("a = 1\r\nb = 2 # c\r\n", "a = 1\r\n# c\r\nb = 2\r\n"),
        ("a = 1\nb = 2", "a = 1\nb = 3"),
        ("-- a/x\n++ b/y\nz = 1\n", "z = 1\n"),
        ("", "a = 1\n"),
        ("a = 1\n" * 20, "a = 1\n" * 5 + "b = 2\n" + "a = 1\n" * 14 + "c = 3\n"),
    ],
)
def test_diff_round_trip(before: str, after: str) -> None:
    diff = file_diff({"main.cf": before}, {"main.cf": after})
    assert not any(ord(c) < 32 and c not in "\t\n" for c in diff)
    assert apply_diff({"main.cf": before}, diff) == {"main.cf": after}
    snapshot = Snapshot(["main.cf:1:1: X001 m"], diff)
    assert Snapshot.parse(snapshot.render()) == snapshot


def test_a_diff_that_does_not_fit_is_refused() -> None:
    diff = file_diff({"main.cf": "a = 1\nb = 2\n"}, {"main.cf": "a = 1\nb = 3\n"})
    with pytest.raises(SnapshotError, match="does not apply"):
        apply_diff({"main.cf": "a = 1\nb = 9\n"}, diff)
    with pytest.raises(SnapshotError, match="ends before"):
        apply_diff({"main.cf": "a = 1\nb = 2\n"}, diff.rsplit("\n", 2)[0] + "\n")


def test_harness_shows_a_readable_diff_and_updates_on_request(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    case = old_layout(tmp_path)
    with pytest.raises(AssertionError, match="old layout"):
        check_case(case, "PL401")
    (case / "expected.txt").write_text(FINDING)
    monkeypatch.setenv("POSTLINT_UPDATE_SNAPSHOTS", "1")
    check_case(case, "PL401")
    assert (case / "expected.txt").read_text() == SNAPSHOT
    assert not (case / "fixed").exists()
    monkeypatch.delenv("POSTLINT_UPDATE_SNAPSHOTS")
    (case / "expected.txt").write_text(SNAPSHOT.replace("+# aliases\n", "+# other\n"))
    with pytest.raises(AssertionError) as failure:
        check_case(case, "PL401")
    message = str(failure.value)
    assert "POSTLINT_UPDATE_SNAPSHOTS=1" in message
    assert "-+# other\n++# aliases\n" in message


def test_a_stale_snapshot_is_named(tmp_path: Path) -> None:
    case = tmp_path / "PL401" / "bad"
    case.mkdir(parents=True)
    (case / "main.cf").write_bytes(INLINE.replace(b"myhostname", b"mydomain"))
    (case / "expected.txt").write_text(SNAPSHOT)
    with pytest.raises(AssertionError, match="snapshot differs"):
        check_case(case, "PL401")
    with pytest.raises(AssertionError, match="does not apply"):
        expected_fixed(case)


def test_converter_settles_a_merge_of_a_snapshot_with_old_layout_findings(tmp_path: Path) -> None:
    # A branch written before snapshots changed a finding that this side turned into a
    # snapshot: git leaves conflict markers between the two.
    case = tmp_path / "PL401" / "bad"
    case.mkdir(parents=True)
    (case / "main.cf").write_bytes(INLINE)
    theirs = FINDING.replace("put comments", "move comments")
    (case / "expected.txt").write_text(
        f"<<<<<<< HEAD\n{SNAPSHOT}=======\n{theirs}>>>>>>> other-branch\n"
    )
    result = convert(tmp_path)
    assert result.returncode == 0 and result.stdout == "merged PL401/bad\n"
    assert (case / "expected.txt").read_text() == SNAPSHOT.replace(FINDING, theirs)
    # Two sides that both carry a diff (or neither) are left for a human.
    (case / "expected.txt").write_text(f"<<<<<<< HEAD\n{SNAPSHOT}=======\n{SNAPSHOT}>>>>>>> x\n")
    result = convert(tmp_path)
    assert result.returncode == 2 and "merge conflict to resolve by hand" in result.stderr
