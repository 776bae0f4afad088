"""Rule selection: codes, code prefixes (PL1, PL40) and kebab-case names, everywhere."""

from __future__ import annotations

from collections.abc import Iterable

from postlint.engine.rule import Rule


class SelectionError(ValueError):
    """A selector that matches no rule (exit code 2)."""


class Registry:
    def __init__(self, rules: dict[str, type[Rule]]):
        self.rules = dict(sorted(rules.items()))
        self._by_name = {rule.name: code for code, rule in self.rules.items()}

    def get(self, code_or_name: str) -> type[Rule] | None:
        if code_or_name in self.rules:
            return self.rules[code_or_name]
        code = self._by_name.get(code_or_name)
        return self.rules[code] if code else None

    def matches(self, selector: str) -> set[str]:
        """Codes a selector stands for (empty set if none)."""
        selector = selector.strip()
        if selector.upper() == "ALL":
            return set(self.rules)
        if selector in self._by_name:
            return {self._by_name[selector]}
        return {code for code in self.rules if code.startswith(selector)}

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
