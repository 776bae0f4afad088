"""Running the selected rules over one configuration and post-processing their findings."""

from __future__ import annotations

import operator
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from postlint.engine.context import Context
from postlint.engine.core_rules import (
    CORE_RULES,
    RuleCrashed,
    UnknownSuppressionCode,
    UnusedSuppression,
)
from postlint.engine.diagnostics import Diagnostic, Severity
from postlint.engine.registry import Registry
from postlint.engine.rule import Rule
from postlint.engine.rule_output import diagnostic_problem
from postlint.engine.suppressions import apply_suppressions, find_suppressions
from postlint.engine.units import LintUnit
from postlint.postfix.catalogue import Catalogue
from postlint.postfix.global_expansion import ExpansionCarry
from postlint.postfix.model import Config, HostFacts
from postlint.postfix.versions import Version
from postlint.records import FrozenRecord
from postlint.syntax.ast import ConfigFile, FileKind, Span
from postlint.syntax.templates import OPAQUE, touches

_CORE_CODES = {rule.code for rule in CORE_RULES}


# Findings within a file are ordered by (offset, code). Two stable sorts, by code (the
# rules ran in code order, so that input is nearly sorted already) and then by offset, give
# that order with integer keys: three times faster than tuples on 100,000 findings.
_code = operator.attrgetter("code")
_offset = operator.attrgetter("span.start")


LINT_HOST = HostFacts(hostname="localhost")


class RunOptions(FrozenRecord):
    """Everything that decides what a lint run reports, already resolved (a record, not an
    attrs class: generating one costs ~0.6 ms of every start)."""

    __slots__ = (  # noqa: RUF023 (__init__'s order)
        "version",
        "enabled",
        "version_assumed",
        "profile",
        "ignore_by_kind",
        "severity",
        "rule_options",
        "local_build",
    )
    version: Version
    enabled: frozenset[str]
    version_assumed: bool  # True when the target is only the default release
    profile: str | None  # mx, submission or null-client (None: inferred)
    ignore_by_kind: Mapping[FileKind, frozenset[str]]
    severity: Mapping[str, Severity]
    rule_options: Mapping[str, Mapping[str, Any]]
    local_build: bool  # the target is this host's Postfix (postfix-version auto)

    def __init__(
        self,
        version: Version,
        enabled: frozenset[str],
        version_assumed: bool = False,
        profile: str | None = None,
        ignore_by_kind: Mapping[FileKind, frozenset[str]] | None = None,
        severity: Mapping[str, Severity] | None = None,
        rule_options: Mapping[str, Mapping[str, Any]] | None = None,
        local_build: bool = False,
    ) -> None:
        self._set("version", version)
        self._set("enabled", enabled)
        self._set("version_assumed", version_assumed)
        self._set("profile", profile)
        self._set("ignore_by_kind", {} if ignore_by_kind is None else ignore_by_kind)
        self._set("severity", {} if severity is None else severity)
        self._set("rule_options", {} if rule_options is None else rule_options)
        self._set("local_build", local_build)


def _outside_placeholders(d: Diagnostic) -> Diagnostic | None:
    """Template placeholders are opaque: no finding about them, no fix that edits one."""
    if touches(d.span, d.file.placeholders):
        return None
    if OPAQUE in d.message:
        return None  # the finding quotes a placeholder's (unknown) value
    if d.fix is not None:
        for edit in d.fix.edits:
            if touches(Span(edit.start, edit.end), edit.file.placeholders):
                return attrs.evolve(d, fix=None)
    return d


class Linter:
    def __init__(self, registry: Registry, catalogue: Catalogue):
        self.registry = registry
        self.catalogue = catalogue

    def model(
        self, unit: LintUnit, version: Version, carry: ExpansionCarry | None = None
    ) -> Config:
        # Findings must not depend on the machine postlint runs on (usually not the mail
        # server), so host-derived defaults use a fixed, neutral host name.
        return Config(
            unit.main,
            unit.master,
            version,
            self.catalogue,
            host=LINT_HOST,
            assume_stock_master=True,
            carry=carry,
        )

    def lint(
        self, unit: LintUnit, options: RunOptions, carry: ExpansionCarry | None = None
    ) -> list[Diagnostic]:
        """The findings of the enabled rules. `carry`: what the last lint of the same
        document (in the editor) expanded, reused where it still holds."""
        config = self.model(unit, options.version, carry)
        found: list[Diagnostic] = []
        for code in sorted(options.enabled - _CORE_CODES):
            rule = self.registry.rules[code]
            if rule.applies_to(options.version):
                found.extend(self._run_rule(rule, config, unit, options))
        out: list[Diagnostic] = []
        templated = any(t.placeholders for t in unit.files())
        # File by file, in the order of the sort below (main before master): a large file
        # has 100,000 findings, so each step is one pass over them with what it needs
        # (placeholders, ignored codes, suppressions) looked up once per file.
        for tree in sorted(unit.files(), key=lambda t: t.kind.value):
            if tree.kind not in unit.reported:
                continue
            kind = tree.kind
            if templated:
                mine = [d for d in found if d.file is tree]
                mine = [k for d in mine if (k := _outside_placeholders(d)) is not None]
            else:  # only the message can quote a placeholder's value
                mine = [d for d in found if d.file is tree and OPAQUE not in d.message]
            ignored = self._ignored_codes(options.ignore_by_kind.get(kind, frozenset()))
            if ignored:
                mine = [d for d in mine if d.code not in ignored]
            mine = self._suppress(tree, mine, options, config)
            if options.severity:
                override = options.severity
                mine = [
                    attrs.evolve(d, severity=override[d.code]) if d.code in override else d
                    for d in mine
                ]
            mine.sort(key=_code)
            mine.sort(key=_offset)
            out.extend(mine)
        return out

    def _ignored_codes(self, selectors: Iterable[str]) -> set[str]:
        return set().union(*(self.registry.matches(s) for s in selectors))

    def _run_rule(
        self, rule: type[Rule], config: Config, unit: LintUnit, options: RunOptions
    ) -> list[Diagnostic]:
        ctx = Context(
            config,
            rule,
            options.rule_options.get(rule.code, {}),
            version_assumed=options.version_assumed,
            profile=options.profile,
            local_build=options.local_build,
        )
        try:
            found = list(rule().check(ctx))
        except Exception as exc:  # one broken rule must not stop the others
            import traceback  # here: only a crash needs it

            frame = traceback.extract_tb(exc.__traceback__)[-1]
            where = f"{frame.filename.rsplit('/', 1)[-1]}:{frame.lineno}"
            return [self._crashed(rule, config, unit, f"{type(exc).__name__}: {exc} at {where}")]
        vouched = ctx.vouched
        # Usually every diagnostic came from ctx.diagnostic, once each and in the order
        # made: checked in C.
        if len(found) == len(vouched) and all(map(operator.is_, found, vouched)):
            return found
        # The vouched objects are alive, so no other object can have one of their ids.
        by_id = {id(d): d for d in vouched}
        for diagnostic in found:
            if diagnostic is not None and by_id.get(id(diagnostic)) is diagnostic:
                continue  # made by ctx.diagnostic, which checked it (get() gives None too)
            problem = diagnostic_problem(diagnostic, unit)
            if problem is not None:
                return [self._crashed(rule, config, unit, problem)]
        return found

    def _crashed(self, rule: type[Rule], config: Config, unit: LintUnit, why: str) -> Diagnostic:
        """PL999 in place of a broken rule's findings (an exception, or output the engine
        cannot use)."""
        where = unit.main or unit.master
        assert where is not None
        crash = Context(config, RuleCrashed, {})
        return crash.diagnostic(
            where,
            Span(0, 0),
            f"rule {rule.code} ({rule.name}) crashed: {why}; its findings are missing",
        )

    def _suppress(
        self, tree: ConfigFile, found: list[Diagnostic], options: RunOptions, config: Config
    ) -> list[Diagnostic]:
        suppressions = find_suppressions(tree)
        out = apply_suppressions(found, suppressions, self.registry)
        # Findings about the whole configuration (an empty span at the file's start, such as
        # a missing setting) that no line `ignore` can reach: an unused one points there.
        if not suppressions:  # most files: nothing more to report, no walk of the findings
            return out
        whole_file = {d.code for d in out if d.file is tree and d.span.start == d.span.end == 0}
        out.extend(self._suppression_findings(tree, suppressions, options, config, whole_file))
        return out

    def _suppression_findings(
        self,
        tree: ConfigFile,
        suppressions: list[Any],
        options: RunOptions,
        config: Config,
        whole_file: set[str],
    ) -> list[Diagnostic]:
        out = []
        for sup in suppressions:
            for code in sup.codes:
                matched = self.registry.matches(code)
                if not matched and UnknownSuppressionCode.code in options.enabled:
                    ctx = Context(config, UnknownSuppressionCode, {})
                    out.append(
                        ctx.diagnostic(
                            tree,
                            sup.comment,
                            f"unknown rule code or name '{code}' in suppression; "
                            "fix the spelling or remove it",
                        )
                    )
                elif (
                    matched
                    and code not in sup.used
                    and matched <= options.enabled
                    and UnusedSuppression.code in options.enabled
                ):
                    ctx = Context(config, UnusedSuppression, {})
                    where = "this file" if sup.kind == "file-ignore" else "the next entry"
                    advice = "remove it"
                    if sup.kind != "file-ignore" and matched & whole_file:
                        about = ", ".join(sorted(matched & whole_file))
                        advice = (
                            f"{about} is about the whole file here: "
                            f"use '# postlint: file-ignore[{about}]' instead"
                        )
                    out.append(
                        ctx.diagnostic(
                            tree,
                            sup.comment,
                            f"suppression of '{code}' matches nothing in {where}; {advice}",
                        )
                    )
        return out
