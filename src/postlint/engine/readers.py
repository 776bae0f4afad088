"""Which rules look at a parameter: found by running them on the configuration.

Rules do not declare the parameters they read; a declared list would drift from the code
(helpers such as services.tls_level read a dozen names on a rule's behalf). Instead the
enabled rules run once on this configuration while the model notes every effective value
each one asks for. What is reported is therefore exactly what each rule looked at for this
config (a rule that stops early, say because the host is no MX, did not look), plus the
rules whose findings point at a line that sets the parameter.
"""

from __future__ import annotations

import attrs

from postlint.engine.diagnostics import Diagnostic
from postlint.engine.rule import Rule
from postlint.engine.runner import Linter, RunOptions
from postlint.engine.units import LintUnit
from postlint.postfix.global_expansion import ExpansionCarry
from postlint.postfix.model import Config
from postlint.postfix.versions import Version
from postlint.syntax.ast import FileKind, Span


@attrs.frozen
class FindingAt:
    file: str  # the path of the file, as given
    line: int
    column: int
    message: str


@attrs.frozen
class RuleUse:
    code: str
    name: str
    summary: str
    reads: bool  # the rule asked the model for the parameter's effective value
    findings: tuple[FindingAt, ...]  # its findings on the lines that set the parameter


class _ReadingLinter(Linter):
    """A Linter that notes, per rule, the names whose effective value the rule asked for."""

    def __init__(self, linter: Linter):
        super().__init__(linter.registry, linter.catalogue)
        self.reads: dict[str, set[str]] = {}
        self._current: set[str] | None = None

    def model(
        self, unit: LintUnit, version: Version, carry: ExpansionCarry | None = None
    ) -> Config:
        config = super().model(unit, version, carry)
        config.observer = self._note
        return config

    def _note(self, name: str) -> None:
        if self._current is not None:
            self._current.add(name)

    def _run_rule(
        self, rule: type[Rule], config: Config, unit: LintUnit, options: RunOptions
    ) -> list[Diagnostic]:
        self._current = self.reads.setdefault(rule.code, set())
        try:
            return super()._run_rule(rule, config, unit, options)
        finally:
            self._current = None


def rules_for(
    linter: Linter,
    unit: LintUnit,
    options: RunOptions,
    name: str,
    spans: dict[FileKind, list[Span]],
) -> list[RuleUse]:
    """The enabled rules that read `name`, or report on `spans` (the lines that set it)."""
    reading = _ReadingLinter(linter)
    found = reading.lint(unit, options)
    uses = []
    for code, rule in linter.registry.rules.items():
        if code not in options.enabled:
            continue
        mine = tuple(
            _at(d)
            for d in found
            if d.code == code and any(_overlaps(d.span, s) for s in spans.get(d.file.kind, ()))
        )
        reads = name in reading.reads.get(code, ())
        if reads or mine:
            uses.append(RuleUse(code, rule.name, rule.summary(), reads, mine))
    return uses


def _at(d: Diagnostic) -> FindingAt:
    where = d.file.position(d.span.start)
    return FindingAt(d.file.path, where.line, where.column, d.message)


def _overlaps(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < max(a.end, a.start + 1)
