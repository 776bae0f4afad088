"""Which lines postconf 3.7 complains about (from the corpus oracle), and which postlint flags."""

from __future__ import annotations

import re
from pathlib import Path

import attrs

from postlint.config import Settings
from postlint.engine.units import LintUnit
from postlint.files import load
from postlint.session import Session
from postlint.syntax import ConfigFile, FileKind, parse

_FILE = {"main.cf": FileKind.MAIN, "master.cf": FileKind.MASTER}
_LINE = re.compile(r"CONFIG_DIR/(main|master)\.cf, line (\d+): (.*)")
_MASTER_LINE = re.compile(r"file CONFIG_DIR/master\.cf: line (\d+): (.*)")
_NAMED = re.compile(
    r"CONFIG_DIR/(main|master)\.cf: (unused parameter|read-only parameter assignment|"
    r"undefined parameter): ([^=\s]+)"
)
_FIELD = re.compile(r'fatal: invalid (\w+) field "(.*?)" in "(.*)"$')
_STRAY = re.compile(r"CONFIG_DIR/(main|master)\.cf: logical line must not start with whitespace")
MACHINE_DEPENDENT = re.compile(r'open "\w+" configuration')


@attrs.frozen
class Expected:
    kind: FileKind
    lines: frozenset[int]  # any of these lines matches
    text: str


def _lines_of(tree: ConfigFile | None, predicate) -> frozenset[int]:
    if tree is None:
        return frozenset()
    return frozenset(tree.position(span.start).line for span in predicate(tree))


def _definitions(name: str):
    def find(tree: ConfigFile):
        if tree.kind is FileKind.MAIN:
            return [p.span for p in tree.parameters() if p.name == name]
        return [o.span for s in tree.services() for o in s.overrides if o.name == name]

    return find


def _references(name: str):
    pattern = re.compile(r"\$(\{|\()?\s*" + re.escape(name) + r"(?![A-Za-z0-9_])")

    def find(tree: ConfigFile):
        from postlint.syntax.ast import Span

        return [Span(m.start(), m.end()) for m in pattern.finditer(tree.text)]

    return find


def expected(directory: Path) -> tuple[list[Expected], int]:
    """Expected locations, and the count of machine-dependent warnings left out."""
    trees = {
        k: (load(directory / n, k, "none") if (directory / n).exists() else None)
        for n, k in _FILE.items()
    }
    found: dict[tuple[FileKind, frozenset[int], str], Expected] = {}
    skipped = 0
    for raw in (directory / "postconf-warnings.txt").read_text().splitlines():
        if raw.startswith("#") or not raw.strip():
            continue
        line = raw.removeprefix("postconf: ")
        if MACHINE_DEPENDENT.search(line):
            skipped += 1
            continue
        item = None
        if m := _LINE.search(line):
            kind = FileKind.MAIN if m.group(1) == "main" else FileKind.MASTER
            item = Expected(kind, frozenset({int(m.group(2))}), m.group(3))
        elif m := _MASTER_LINE.search(line):
            item = Expected(FileKind.MASTER, frozenset({int(m.group(1))}), m.group(2))
        elif m := _NAMED.search(line):
            kind = FileKind.MAIN if m.group(1) == "main" else FileKind.MASTER
            name = m.group(3)
            finder = (
                _references(name) if m.group(2) == "undefined parameter" else _definitions(name)
            )
            lines = _lines_of(trees[FileKind.MAIN], finder) | _lines_of(
                trees[FileKind.MASTER], finder
            )
            if m.group(2) == "undefined parameter":
                # postconf names the file that was read, not where the reference is
                in_main = _lines_of(trees[FileKind.MAIN], finder)
                kind = FileKind.MAIN if in_main else FileKind.MASTER
                lines = in_main or _lines_of(trees[FileKind.MASTER], finder)
            else:
                lines = _lines_of(trees[kind], finder)
            item = Expected(kind, lines, line)
        elif m := _FIELD.search(line):
            master = trees[FileKind.MASTER]
            assert master is not None
            entry_text = m.group(3)
            lines = frozenset(
                master.position(s.span.start).line
                for s in master.services()
                if s.logical.text.replace("\n", " ") == entry_text
            )
            item = Expected(FileKind.MASTER, lines, line)
        elif m := _STRAY.search(line):
            kind = FileKind.MAIN if m.group(1) == "main" else FileKind.MASTER
            tree = trees[kind]
            assert tree is not None
            first = next(iter(tree.entries()))
            item = Expected(kind, frozenset({tree.position(first.span.start).line}), line)
        elif "macro processing error" in line or line.startswith("fatal: dictionary"):
            continue  # consequence of an earlier, located expansion warning
        else:
            item = Expected(FileKind.MAIN, frozenset(), line)  # unmatched: counts as missed
        found[(item.kind, item.lines, item.text)] = item
    return list(found.values()), skipped


def postlint_lines(directory: Path, version: str = "3.7.11") -> set[tuple[FileKind, int]]:
    session = Session()
    # Templates off: postconf reads template tags as text, so postlint must too to compare.
    main = (
        load(directory / "main.cf", FileKind.MAIN, "none")
        if (directory / "main.cf").exists()
        else None
    )
    # Like the oracle: a missing file is an empty one (so no stock master.cf is assumed).
    master = (
        load(directory / "master.cf", FileKind.MASTER, "none")
        if (directory / "master.cf").exists()
        else parse("", FileKind.MASTER, str(directory / "master.cf"))
    )
    unit = LintUnit(main, master, {FileKind.MAIN, FileKind.MASTER}, directory)
    # Every rule, the opt-in ones too (named by code), through the same settings path.
    every = Settings(select=tuple(session.registry.rules), postfix_version=version)
    out = set()
    for d in session.linter.lint(unit, session.run_options(every, unit)):
        if d.span.start == d.span.end == 0:
            continue  # a whole-file finding (e.g. a missing setting) is not about line 1
        tree = d.file
        start, end = tree.position(d.span.start).line, tree.position(max(d.span.end - 1, 0)).line
        out.update((tree.kind, line) for line in range(start, end + 1))
    return out


def coverage(directory: Path) -> tuple[int, list[Expected], int]:
    """(expected count, the ones postlint misses, machine-dependent warnings left out)."""
    wanted, skipped = expected(directory)
    have = postlint_lines(directory)
    missed = [e for e in wanted if not any((e.kind, line) in have for line in e.lines)]
    return len(wanted), missed, skipped
