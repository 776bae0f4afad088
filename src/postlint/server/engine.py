"""The lint engine as the language server uses it: documents in, findings and fixes out."""

from __future__ import annotations

from pathlib import Path

import attrs

from postlint.config import ConfigError, Settings, SettingsResolver
from postlint.engine.diagnostics import Applicability, Diagnostic, Severity
from postlint.engine.fixes import FixError, fix_unit
from postlint.engine.plugins import load_plugins
from postlint.engine.registry import Registry
from postlint.engine.runner import Linter, RunOptions
from postlint.engine.units import LintUnit
from postlint.files import InputError, load, template_for_path
from postlint.postfix.catalogue import Catalogue, fresh_catalogue
from postlint.postfix.versions import NEWEST_STABLE, Version, parse_target
from postlint.syntax import ConfigFile, FileKind, NodeReuse, parse
from postlint.syntax.templates import SUFFIXES


@attrs.frozen
class Document:
    path: Path
    text: str


def kind_of(path: Path) -> FileKind:
    return FileKind.MASTER if path.name.startswith("master.cf") else FileKind.MAIN


def sibling_path(path: Path) -> Path:
    other = "main.cf" if kind_of(path) is FileKind.MASTER else "master.cf"
    suffix = path.name.split(".cf", 1)[1] if ".cf" in path.name else ""
    return path.with_name(other + (suffix if suffix in SUFFIXES else ""))


class ServerEngine:
    """Plugins, rules and settings loaded once; each lint is in-process."""

    def __init__(self) -> None:
        plugins = load_plugins()
        self.registry = Registry(plugins.rules)
        self.catalogue: Catalogue = fresh_catalogue()
        for info in plugins.parameters:
            self.catalogue.add(info)
        self.linter = Linter(self.registry, self.catalogue)
        self.resolver = SettingsResolver()
        # Per open file: nodes of its last parse, so an edit rebuilds only what changed.
        self._reuse: dict[Path, NodeReuse] = {}

    def forget(self, path: Path) -> None:
        """A document was closed: drop what its last parse kept."""
        self._reuse.pop(path, None)

    def _parse(self, text: str, kind: FileKind, path: Path) -> ConfigFile:
        reuse = self._reuse.setdefault(path, NodeReuse())
        return parse(text, kind, str(path), template_for_path(path), reuse)

    def settings(self, path: Path) -> Settings:
        try:
            return self.resolver.for_path(path)
        except ConfigError:
            return Settings()

    def version(self, path: Path) -> Version:
        text = self.settings(path).postfix_version or NEWEST_STABLE
        try:
            return parse_target(text)
        except ValueError:
            return parse_target(NEWEST_STABLE)

    def unit(self, doc: Document, open_docs: dict[Path, str]) -> LintUnit:
        """The document with its sibling (the open buffer if there is one, else the disk)."""
        kind = kind_of(doc.path)
        tree = self._parse(doc.text, kind, doc.path)
        unit = LintUnit(None, None, {kind}, doc.path.parent)
        other_path = sibling_path(doc.path)
        other: ConfigFile | None = None
        other_kind = FileKind.MAIN if kind is FileKind.MASTER else FileKind.MASTER
        if other_path in open_docs:
            other = self._parse(open_docs[other_path], other_kind, other_path)
        elif other_path.is_file():
            try:
                other = load(other_path, other_kind)
            except InputError:
                other = None
        if kind is FileKind.MAIN:
            unit.main, unit.master = tree, other
        else:
            unit.main, unit.master = other, tree
        return unit

    def options(self, path: Path, unit: LintUnit) -> RunOptions:
        settings = self.settings(path)
        try:
            enabled = self.registry.select(settings.select, settings.extend_select, settings.ignore)
        except ValueError:
            enabled = self.registry.select(None, (), ())
        ignore = {t.kind: frozenset(settings.ignored_for(t.path)) for t in unit.files()}
        severity = {}
        for selector, level in settings.severity.items():
            for code in self.registry.matches(selector):
                severity[code] = Severity(level)
        return RunOptions(
            self.version(path),
            frozenset(enabled),
            version_assumed=settings.postfix_version is None,
            ignore_by_kind=ignore,
            severity=severity,
            rule_options={
                self.registry.get(k).code: v  # type: ignore[union-attr]
                for k, v in settings.rule_options.items()
                if self.registry.get(k) is not None
            },
        )

    def lint(self, doc: Document, open_docs: dict[Path, str]) -> tuple[LintUnit, list[Diagnostic]]:
        unit = self.unit(doc, open_docs)
        return unit, self.linter.lint(unit, self.options(doc.path, unit))

    def fix_all(self, doc: Document, open_docs: dict[Path, str]) -> str | None:
        """The document with all safe fixes applied (None when nothing changes)."""
        unit = self.unit(doc, open_docs)
        try:
            outcome = fix_unit(self.linter, unit, self.options(doc.path, unit), Applicability.SAFE)
        except FixError:
            return None
        return outcome.changed_texts().get(kind_of(doc.path))
