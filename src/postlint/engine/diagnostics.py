"""What rules produce: diagnostics, and fixes made of text edits on the original file."""

from __future__ import annotations

import enum
import functools
from collections.abc import Iterable

import attrs

from postlint.records import FrozenRecord
from postlint.syntax.ast import ConfigFile, FileKind, Span
from postlint.syntax.slots import slot_setters


class Severity(enum.Enum):
    """How serious a finding is (SARIF error/warning/note)."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "info": 1}[self.value]

    # Members are singletons compared by identity: hashed in C, not through Enum's
    # Python-level __hash__ (looked up per finding, as FileKind is).
    __hash__ = object.__hash__


class Applicability(enum.Enum):
    """Whether a fix may be applied by --fix, only with --unsafe-fixes, or never."""

    SAFE = "safe"  # meaning and mail flow are preserved
    UNSAFE = "unsafe"  # mail flow may change; needs --unsafe-fixes
    DISPLAY_ONLY = "display-only"  # advice that needs a human value; never applied

    @property
    def rank(self) -> int:
        return {"safe": 3, "unsafe": 2, "display-only": 1}[self.value]

    __hash__ = object.__hash__  # as Severity's: a report looks one up per fix


class FixAvailability(enum.Enum):
    """Whether a rule offers a fix for none, some or all of its findings."""

    NONE = "none"
    SOMETIMES = "sometimes"
    ALWAYS = "always"


class FileName(FrozenRecord):
    """Which file a finding is about once its parsed file is let go: a finding kept for
    output (or sent back by a worker process) must not hold a whole tree alive. (A record:
    generating an attrs class costs ~0.6 ms of every start.)"""

    __slots__ = ("kind", "path")
    kind: FileKind
    path: str

    def __init__(self, kind: FileKind, path: str) -> None:
        self._set("kind", kind)
        self._set("path", path)


@attrs.frozen(init=False)
class Edit:
    """Replace characters [start, end) of one file's original text with `content`.

    `file` is the parsed file (`ctx.main` or `ctx.master`) the offsets are in."""

    file: ConfigFile
    start: int
    end: int
    content: str

    def __init__(self, file: ConfigFile, start: int, end: int, content: str) -> None:
        # See postlint.syntax.slots: a file that repeats a setting has a fix on every line.
        _set_edit_file(self, file)
        _set_edit_start(self, start)
        _set_edit_end(self, end)
        _set_edit_content(self, content)

    def detached(self) -> Edit:
        """The same edit naming its file by kind and path only (see `FileName`)."""
        return Edit(_name(self.file), self.start, self.end, self.content)  # type: ignore[arg-type]

    def overlaps(self, other: Edit) -> bool:
        if self.file is not other.file:
            return False
        if self.start == self.end or other.start == other.end:
            # Two insertions at one point conflict; an insertion inside a range too.
            return (
                self.start <= other.end
                and other.start <= self.end
                and (self.start != other.end or self.start == other.start)
            )
        return self.start < other.end and other.start < self.end


@attrs.frozen(init=False)
class Fix:
    """Edits that resolve a diagnostic, with what they change in Postfix's effective config.

    `changes` states the effect, as `postconf -n` / `-P` would show it: pairs of a main.cf
    name (or `service/type/name` for a master.cf -o) and its new value, or None when the
    setting disappears; `service/type` names a master.cf entry whose fields or command
    change (what `postconf -M` shows of it). An empty tuple means the effective
    configuration stays the same.

    `resolves` names the spans of the same rule's other findings, in the file of the
    finding that carries this fix, that it repairs too while they carry no fix: a rule
    whose one fix repairs many findings puts it on one of them only (printed with all its
    edits on each, the output would grow with the square of the findings), and the others
    still count as fixable, and as fixed once it is applied.
    """

    message: str
    edits: tuple[Edit, ...]
    applicability: Applicability = Applicability.SAFE
    changes: tuple[tuple[str, str | None], ...] = ()
    resolves: tuple[Span, ...] = ()

    def __init__(
        self,
        message: str,
        edits: tuple[Edit, ...],
        applicability: Applicability = Applicability.SAFE,
        changes: tuple[tuple[str, str | None], ...] = (),
        resolves: tuple[Span, ...] = (),
    ) -> None:
        # See postlint.syntax.slots: a file that repeats a setting has a fix on every line.
        _set_fix_message(self, message)
        _set_fix_edits(self, edits)
        _set_fix_applicability(self, applicability)
        _set_fix_changes(self, changes)
        _set_fix_resolves(self, resolves)

    @classmethod
    def safe(
        cls,
        message: str,
        edits: Iterable[Edit],
        changes: Iterable[tuple[str, str | None]] = (),
        resolves: Iterable[Span] = (),
    ) -> Fix:
        """A fix that keeps every message flowing as today (docs/fix-safety.md)."""
        return cls(message, tuple(edits), Applicability.SAFE, tuple(changes), tuple(resolves))

    @classmethod
    def unsafe(
        cls,
        message: str,
        edits: Iterable[Edit],
        changes: Iterable[tuple[str, str | None]] = (),
        resolves: Iterable[Span] = (),
    ) -> Fix:
        """A fix that may change mail flow or a value the admin wrote: needs --unsafe-fixes."""
        return cls(message, tuple(edits), Applicability.UNSAFE, tuple(changes), tuple(resolves))

    def detached(self) -> Fix:
        """The same fix, its edits naming their files by kind and path only."""
        edits = tuple(edit.detached() for edit in self.edits)
        return Fix(self.message, edits, self.applicability, self.changes, self.resolves)


@attrs.frozen(init=False)
class Diagnostic:
    """One finding: a rule's code and name, where (the parsed file and a span in its text,
    so `file.kind` and `file.path` say which file), and an optional fix."""

    code: str
    name: str
    message: str
    severity: Severity
    file: ConfigFile
    span: Span
    service: str | None = None  # "submission/inet" when a service's view caused it
    fix: Fix | None = None
    url: str | None = None

    def __init__(
        self,
        code: str,
        name: str,
        message: str,
        severity: Severity,
        file: ConfigFile,
        span: Span,
        service: str | None = None,
        fix: Fix | None = None,
        url: str | None = None,
    ) -> None:
        # See postlint.syntax.slots: a dense file has 100,000 findings, each made by its
        # rule and again detached for output.
        _set_code(self, code)
        _set_name(self, name)
        _set_message(self, message)
        _set_severity(self, severity)
        _set_file(self, file)
        _set_span(self, span)
        _set_service(self, service)
        _set_fix(self, fix)
        _set_url(self, url)

    def detached(self) -> Diagnostic:
        """The same finding naming its files by kind and path only, for output that outlives
        the lint (`report.base.locate`): a run over 1,000 configurations keeps every finding
        until the end, but none of the trees (about 300 kB each)."""
        return Diagnostic(
            self.code,
            self.name,
            self.message,
            self.severity,
            _name(self.file),  # type: ignore[arg-type]
            self.span,
            self.service,
            self.fix.detached() if self.fix is not None else None,
            self.url,
        )


_set_code, _set_name, _set_message, _set_severity, _set_file, _set_span = slot_setters(
    Diagnostic, "code", "name", "message", "severity", "file", "span"
)
_set_service, _set_fix, _set_url = slot_setters(Diagnostic, "service", "fix", "url")
_set_edit_file, _set_edit_start, _set_edit_end, _set_edit_content = slot_setters(
    Edit, "file", "start", "end", "content"
)
_set_fix_message, _set_fix_edits, _set_fix_applicability, _set_fix_changes = slot_setters(
    Fix, "message", "edits", "applicability", "changes"
)
(_set_fix_resolves,) = slot_setters(Fix, "resolves")


def _name(file: ConfigFile | FileName) -> FileName:
    return file if isinstance(file, FileName) else _file_name(file.kind, file.path)


@functools.lru_cache(maxsize=64)
def _file_name(kind: FileKind, path: str) -> FileName:
    # One FileName per file, not one per finding (a file can have 100,000); keyed by kind
    # and path, so no tree is kept.
    return FileName(kind, path)
