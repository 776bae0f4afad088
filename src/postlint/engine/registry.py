"""Rule selection: codes, code prefixes (PL1, PL40) and kebab-case names, everywhere."""

from __future__ import annotations

from collections.abc import Iterable

from postlint.engine.diagnostics import FixAvailability, Severity
from postlint.engine.rule import Rule
from postlint.postfix.versions import Version


class SelectionError(ValueError):
    """A selector that matches no rule (exit code 2)."""


def metadata_problem(rule: type[Rule]) -> str | None:
    """What is wrong with a rule class's metadata (None if nothing): checked when a plugin
    loads, so `severity = "warning"` is a one-line load error, not a crash in some later
    sort, formatter or severity override."""
    severity = getattr(rule, "severity", None)
    if not isinstance(severity, Severity):
        return f"severity must be Severity.ERROR, WARNING or INFO, not {severity!r:.30}"
    others = getattr(rule, "other_severities", None)
    if not isinstance(others, dict) or not all(isinstance(s, Severity) for s in others):
        return "other_severities must map Severity values to when they apply"
    fix = getattr(rule, "fix", None)
    if not isinstance(fix, FixAvailability):
        return f"fix must be FixAvailability.NONE, SOMETIMES or ALWAYS, not {fix!r:.30}"
    for field in ("min_version", "max_version"):
        value = getattr(rule, field, None)
        if value is None and field == "max_version":
            continue
        try:
            Version.parse(value)  # type: ignore[arg-type]
        except (TypeError, ValueError, AttributeError):
            return f"{field} must be a Postfix version such as '3.6', not {value!r:.30}"
    if not isinstance(getattr(rule, "family", None), str):
        return "family must be text"
    if not isinstance(getattr(rule, "options", None), dict):
        return "options must be a dict of option names and defaults"
    return None


class Registry:
    def __init__(self, rules: dict[str, type[Rule]]):
        self.rules = dict(sorted(rules.items()))
        # Codes are capitals and names kebab-case, so case never tells two rules apart:
        # `pl101`, `PL101` and `Outbound-TLS-Disabled` are all accepted.
        self._by_name = {rule.name.lower(): code for code, rule in self.rules.items()}

    def get(self, code_or_name: str) -> type[Rule] | None:
        if code_or_name.upper() in self.rules:
            return self.rules[code_or_name.upper()]
        code = self._by_name.get(code_or_name.lower())
        return self.rules[code] if code else None

    def matches(self, selector: str) -> set[str]:
        """Codes a selector stands for (empty set if none)."""
        selector = selector.strip()
        if selector.upper() == "ALL":
            return set(self.rules)
        if selector.lower() in self._by_name:
            return {self._by_name[selector.lower()]}
        return {code for code in self.rules if code.startswith(selector.upper())}

    def resolve(self, selectors: Iterable[str]) -> set[str]:
        codes: set[str] = set()
        for selector in selectors:
            found = self.matches(selector)
            if not found:
                raise SelectionError(f"unknown rule code, prefix or name: {selector}")
            codes |= found
        return codes

    def _enabling(self, selectors: Iterable[str]) -> set[str]:
        """Codes that selectors turn on: opt-in rules (a profile such as the STIG one)
        only when named by code or name, never through a prefix or ALL."""
        codes: set[str] = set()
        for selector in selectors:
            found = self.resolve([selector])
            if len(found) > 1 or selector.strip().upper() == "ALL":
                found = {c for c in found if self.rules[c].default_enabled}
            codes |= found
        return codes

    def select(
        self, select: Iterable[str] | None, extend: Iterable[str], ignore: Iterable[str]
    ) -> set[str]:
        """The enabled codes: (select or the defaults) + extend - ignore."""
        if select is None:
            enabled = {c for c, r in self.rules.items() if r.default_enabled}
        else:
            enabled = self._enabling(select)
        enabled |= self._enabling(extend)
        enabled -= self.resolve(ignore)
        return enabled
