"""`ctx.settings` by names looks them up in an index; it finds what a scan finds, in order."""

from __future__ import annotations

from postlint.engine.written import written_settings
from postlint.syntax import parse
from postlint.syntax.ast import FileKind

MAIN = "b = 1\nother = x\na = 2\n  continued\nb = 3\n# a = commented\nunrelated = $a\n"
MASTER = (
    "smtp inet n - y - - smtpd\n  -o b=4\n  -o c=5\n  -o a=6\n"
    "relay unix - - n - - smtp\n  -o { a = 7 }\n  -o b=8\n"
)


def _places(wanted: object) -> list[tuple[str, str, int, str | None]]:
    main = parse(MAIN, FileKind.MAIN, "main.cf")
    master = parse(MASTER, FileKind.MASTER, "master.cf")
    return [
        (s.name, s.value, s.span.start, s.service.key if s.service else None)
        for s in written_settings(main, master, wanted)  # type: ignore[arg-type]
    ]


def test_names_find_what_a_scan_finds_in_file_order() -> None:
    scanned = _places(lambda name: name in ("a", "b"))
    assert [p[:2] for p in scanned] == [
        ("b", "1"),
        ("a", "2  continued"),
        ("b", "3"),
        ("b", "4"),
        ("a", "6"),
        ("a", "7"),
        ("b", "8"),
    ]
    for wanted in (
        ("a", "b"),
        ["b", "a", "b"],
        {"a", "b", "missing"},
        frozenset("ab"),
        {"a": 1, "b": 2},
    ):
        assert _places(wanted) == scanned


def test_one_name_and_no_name() -> None:
    assert [p[:2] for p in _places(("c",))] == [("c", "5")]
    assert _places(()) == []
