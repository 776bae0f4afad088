"""The fix engine: apply non-overlapping edits, re-lint, repeat until nothing changes."""

from __future__ import annotations

import os
from collections import Counter
from itertools import chain

from postlint.engine.diagnostics import Applicability, Diagnostic, Edit
from postlint.engine.fix_batch import choose, contradicted
from postlint.engine.resolves import resolved_alongside
from postlint.engine.runner import Linter, RunOptions
from postlint.engine.units import LintUnit
from postlint.postfix.master_fields import master_field_problem
from postlint.records import Record
from postlint.syntax import ConfigFile, FileKind, parse
from postlint.syntax.ast import BrokenEntry, Service

MAX_PASSES = 10


class FixError(Exception):
    """Fixes that do not settle; nothing is written (exit code 2)."""


def apply_edits(text: str, edits: list[Edit]) -> str:
    """Apply non-overlapping edits (offsets into `text`): the pieces between them, joined
    once (one slice-and-concatenate per edit would copy the file once per edit)."""
    pieces = []
    position = 0
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        if edit.start < position:  # overlapping edits: apply them one by one, last first
            return _apply_one_by_one(text, edits)
        pieces += (text[position : edit.start], edit.content)
        position = edit.end
    pieces.append(text[position:])
    return "".join(pieces)


def _apply_one_by_one(text: str, edits: list[Edit]) -> str:
    out = text
    for edit in sorted(edits, key=lambda e: (e.start, e.end), reverse=True):
        out = out[: edit.start] + edit.content + out[edit.end :]
    return out


def problems(tree: ConfigFile, options: RunOptions) -> int:
    """How many entries Postfix would reject (a fix must not add any)."""
    count = sum(1 for e in tree.entries() if isinstance(e, BrokenEntry))
    if tree.kind is FileKind.MASTER:
        count += sum(
            1
            for e in tree.entries()
            if isinstance(e, Service) and master_field_problem(e, options.version)
        )
    return count


class FixOutcome(Record):
    __slots__ = (  # noqa: RUF023 (__init__'s order)
        "original",
        "unit",
        "fixed",
        "remaining",
        "dropped",
        "idle",
        "fixable",
        "unsettled",
        "found",
    )

    def __init__(
        self,
        original: LintUnit,
        unit: LintUnit,
        fixed: list[Diagnostic],
        remaining: list[Diagnostic],
        dropped: list[Diagnostic],
        # The findings of the first lint that had an eligible fix: what a lint without
        # --fix calls "fixable", so the count of fixed findings can be told in the same terms.
        fixable: list[Diagnostic] | None = None,
        # Fixes were still being applied when the passes ran out: the result is consistent
        # (every pass was checked), but running --fix again applies more.
        unsettled: bool = False,
        # Fixes that were dropped because they change nothing (a rule bug); `dropped` holds
        # those that would leave a file Postfix rejects.
        idle: list[Diagnostic] | None = None,
        # How many findings of the first lint have each identity, fixable or not.
        found: Counter[tuple[str, str, FileKind, str | None]] | None = None,
    ) -> None:
        self.original = original
        self.unit = unit
        self.fixed = fixed
        self.remaining = remaining
        self.dropped = dropped
        self.fixable = [] if fixable is None else fixable
        self.unsettled = unsettled
        self.idle = [] if idle is None else idle
        self.found = Counter() if found is None else found

    @property
    def resolved(self) -> int:
        """How many of the first lint's fixable findings are gone after the fixes.

        This is the number `postlint check` reports as fixed: it equals the "fixable" count
        of the same lint unless a fix was dropped. Fixes applied in later passes for findings
        the first fixes raised (a new TLS level that is not logged yet) are `follow_ups`.
        """
        left = Counter(_key(d) for d in self.remaining)
        gone = 0
        for key, count in Counter(_key(d) for d in self.fixable).items():
            # Findings of the same identity without a fix (a second stray CR whose fix
            # would break the file) are still there: only the rest of them can be gone.
            gone += min(count, max(0, self.found[key] - left[key]))
        return gone

    @property
    def follow_ups(self) -> int:
        first = {_key(d) for d in self.fixable}
        return sum(1 for d in self.fixed if _key(d) not in first)

    def changed_texts(self) -> dict[FileKind, str]:
        changed = {}
        for kind in (FileKind.MAIN, FileKind.MASTER):
            before, after = self.original.file(kind), self.unit.file(kind)
            if before is not None and after is not None and before.text != after.text:
                changed[kind] = after.text
        return changed

    def diff(self) -> str:
        parts = []
        for kind, text in self.changed_texts().items():
            before = self.original.file(kind)
            assert before is not None
            parts.append(unified_diff(before.text, text, patch_path(before.path)))
        return "".join(parts)


def patch_path(path: str) -> str:
    """A path `git apply` and `patch -p1` accept: relative to the current directory, or for
    a file outside it the absolute path without its leading slash (applied from /): both
    tools refuse a name with `..` in it, as `../x/main.cf` given on the command line was."""
    try:
        rel = os.path.relpath(path)
    except ValueError:
        rel = ".."
    return rel if not rel.startswith("..") else os.path.abspath(path).lstrip("/")


def patch_lines(text: str) -> list[str]:
    """Lines as `patch` and `git apply` see them: ended by LF only (str.splitlines would also
    break at a lone CR, a form feed or U+2028, and the patch would not apply)."""
    lines = text.split("\n")
    return [line + "\n" for line in lines[:-1]] + ([lines[-1]] if lines[-1] else [])


def unified_diff(before: str, after: str, path: str) -> str:
    import difflib  # here: only --diff and --show-fixes need it (~1 ms of every start)

    old = patch_lines(before)
    new = patch_lines(after)
    lines = list(difflib.unified_diff(old, new, header_name(f"a/{path}"), header_name(f"b/{path}")))
    out = []
    for line in lines:
        if line.endswith("\n"):
            out.append(line)
        else:
            out.append(line + "\n\\ No newline at end of file\n")
    return "".join(out)


# How git writes these bytes inside a quoted name; other controls, DEL and bytes outside
# ASCII become three octal digits.
_NAMED_ESCAPES = {7: "a", 8: "b", 9: "t", 10: "n", 11: "v", 12: "f", 13: "r", 34: '"', 92: "\\"}


def header_name(name: str) -> str:
    """`name` for a `---`/`+++` line, written as git writes it, which `git apply` and GNU
    `patch` both read: in double quotes with C escapes when it holds a control, a quote, a
    backslash or a byte outside ASCII (a newline or tab would end the name, and the header
    reaches a terminal), and followed by a tab when it holds a space (where patch would
    otherwise end it)."""
    end = "\t" if " " in name else ""
    try:
        raw = os.fsencode(name)  # undecodable bytes of a path come back as they were
    except UnicodeEncodeError:
        raw = name.encode("utf-8", "surrogatepass")
    if all(32 <= b < 127 and b not in _NAMED_ESCAPES for b in raw):
        return name + end
    quoted = "".join(
        "\\" + _NAMED_ESCAPES[b]
        if b in _NAMED_ESCAPES
        else chr(b)
        if 32 <= b < 127
        else f"\\{b:03o}"
        for b in raw
    )
    return f'"{quoted}"{end}'


def eligible(d: Diagnostic, applicability: Applicability, allowed: frozenset[str] | None) -> bool:
    """Whether `--fix` at `applicability` (with the fixable/unfixable codes) applies d's fix."""
    if d.fix is None or d.fix.applicability is Applicability.DISPLAY_ONLY:
        return False
    if allowed is not None and d.code not in allowed:
        return False
    return d.fix.applicability.rank >= applicability.rank


def _apply(unit: LintUnit, chosen: list[Diagnostic]) -> LintUnit:
    """The unit with the chosen fixes' edits applied, each file they touch parsed again."""
    edits: dict[ConfigFile, list[Edit]] = {}
    for d in chosen:
        assert d.fix is not None
        for edit in d.fix.edits:
            edits.setdefault(edit.file, []).append(edit)
    new = LintUnit(unit.main, unit.master, set(unit.reported), unit.directory)
    for tree, file_edits in edits.items():
        parsed = parse(apply_edits(tree.text, file_edits), tree.kind, tree.path, tree.template)
        if tree.kind is FileKind.MAIN:
            new.main = parsed
        else:
            new.master = parsed
    return new


def _breaks(before: LintUnit, after: LintUnit, options: RunOptions) -> bool:
    for kind in (FileKind.MAIN, FileKind.MASTER):
        old, new = before.file(kind), after.file(kind)
        if old is not None and new is not None and problems(new, options) > problems(old, options):
            return True
    return False


def fix_unit(
    linter: Linter,
    unit: LintUnit,
    options: RunOptions,
    applicability: Applicability,
    allowed: frozenset[str] | None = None,
) -> FixOutcome:
    current = unit
    fixed: list[Diagnostic] = []
    dropped: list[Diagnostic] = []  # would leave a file Postfix rejects
    idle: list[Diagnostic] = []  # change nothing
    seen = {_signature(unit)}
    alone: frozenset[str] = frozenset()  # settings whose fixes contradicted each other
    fixable: list[Diagnostic] | None = None
    found: Counter[tuple[str, str, FileKind, str | None]] = Counter()
    passes = 0
    while True:
        diagnostics = linter.lint(current, options)
        if fixable is None:
            fixable = [d for d in diagnostics if eligible(d, applicability, allowed)]
            # The findings those fixes repair without carrying them count as fixable too.
            fixable += resolved_alongside(diagnostics, fixable)
            found = Counter(_key(d) for d in diagnostics)
        candidates = [
            d
            for d in diagnostics
            if eligible(d, applicability, allowed)
            and not any(_same(d, x) for x in chain(dropped, idle))
        ]
        if not candidates or passes == MAX_PASSES:
            # Out of passes with fixes left (a 100,000-line file): what the checked passes
            # applied is kept, and another run applies the rest.
            unsettled = bool(candidates)
            return FixOutcome(
                unit, current, fixed, diagnostics, dropped, fixable, unsettled, idle, found
            )
        passes += 1
        # Overlapping text, or a change to a setting that another fix changes otherwise,
        # waits a pass (fix_batch).
        chosen = choose(candidates, alone)
        # A fix whose edits write back what is there changes nothing (a rule bug): told
        # apart here, or a pass with other fixes would count it as applied.
        noop = [d for d in chosen if _writes_back(d)]
        if noop:
            idle.extend(noop)
            chosen = [d for d in chosen if not _writes_back(d)]
            if not chosen:
                continue
        candidate_unit = _apply(current, chosen)
        wrong = contradicted(candidate_unit, chosen)
        if wrong:
            # Fixes of one setting that undo each other: one of them per pass from now on.
            alone |= wrong
            chosen = choose(chosen, alone)
            candidate_unit = _apply(current, chosen)
        if _breaks(current, candidate_unit, options):
            # Find the fixes that break the file and drop them; keep the rest.
            good = []
            for d in chosen:
                if _breaks(current, _apply(current, [d]), options):
                    dropped.append(d)
                else:
                    good.append(d)
            if not good:
                continue
            chosen = good
            candidate_unit = _apply(current, chosen)
        signature = _signature(candidate_unit)
        if signature == _signature(current):
            idle.extend(chosen)  # fixes that change nothing: a rule bug, not a loop
            continue
        if signature in seen:
            raise FixError("fixes undo each other and never settle; no file was changed")
        seen.add(signature)
        fixed.extend(chosen)
        current = candidate_unit


def _writes_back(d: Diagnostic) -> bool:
    assert d.fix is not None
    return all(e.file.text[e.start : e.end] == e.content for e in d.fix.edits)


def _same(a: Diagnostic, b: Diagnostic) -> bool:
    return _key(a) == _key(b)


def _key(d: Diagnostic) -> tuple[str, str, FileKind, str | None]:
    """A finding's identity across passes (its offsets move when text above it changes,
    and each pass parses the files again)."""
    return (d.code, d.message, d.file.kind, d.service)


def _signature(unit: LintUnit) -> tuple[str, str]:
    return (unit.main.text if unit.main else "", unit.master.text if unit.master else "")
