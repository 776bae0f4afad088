"""What rules produce: diagnostics, and fixes made of text edits on the original file."""

from __future__ import annotations

import enum
from collections.abc import Iterable

import attrs

from postlint.syntax.ast import FileKind, Span


class Severity(enum.Enum):
    """How serious a finding is (SARIF error/warning/note)."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "info": 1}[self.value]


class Applicability(enum.Enum):
    """Whether a fix may be applied by --fix, only with --unsafe-fixes, or never."""

    SAFE = "safe"  # meaning and mail flow are preserved
    UNSAFE = "unsafe"  # mail flow may change; needs --unsafe-fixes
    DISPLAY_ONLY = "display-only"  # advice that needs a human value; never applied

    @property
    def rank(self) -> int:
        return {"safe": 3, "unsafe": 2, "display-only": 1}[self.value]


class FixAvailability(enum.Enum):
    """Whether a rule offers a fix for none, some or all of its findings."""

    NONE = "none"
    SOMETIMES = "sometimes"
    ALWAYS = "always"


@attrs.frozen
class Edit:
    """Replace characters [start, end) of one file's original text with `content`."""

    file: FileKind
    start: int
    end: int
    content: str

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


@attrs.frozen
class Fix:
    """Edits that resolve a diagnostic, with what they change in Postfix's effective config.

    `changes` states the effect, as `postconf -n` / `-P` would show it: pairs of a main.cf
    name (or `service/type/name` for a master.cf -o) and its new value, or None when the
    setting disappears. An empty tuple means the effective configuration stays the same.
    """

    message: str
    edits: tuple[Edit, ...]
    applicability: Applicability = Applicability.SAFE
    changes: tuple[tuple[str, str | None], ...] = ()

    @classmethod
    def safe(
        cls,
        message: str,
        edits: Iterable[Edit],
        changes: Iterable[tuple[str, str | None]] = (),
    ) -> Fix:
        """A fix that keeps every message flowing as today (docs/fix-safety.md)."""
        return cls(message, tuple(edits), Applicability.SAFE, tuple(changes))

    @classmethod
    def unsafe(
        cls,
        message: str,
        edits: Iterable[Edit],
        changes: Iterable[tuple[str, str | None]] = (),
    ) -> Fix:
        """A fix that may change mail flow or a value the admin wrote: needs --unsafe-fixes."""
        return cls(message, tuple(edits), Applicability.UNSAFE, tuple(changes))


@attrs.frozen
class Diagnostic:
    """One finding: a rule's code and name, where (file kind and span), and an optional fix."""

    code: str
    name: str
    message: str
    severity: Severity
    file: FileKind
    span: Span
    service: str | None = None  # "submission/inet" when a service's view caused it
    fix: Fix | None = None
    url: str | None = None
