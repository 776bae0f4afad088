"""The Rule base class: metadata as class attributes, documentation in the docstring."""

from __future__ import annotations

import enum
import inspect
import re
from collections.abc import Iterable
from functools import cache
from typing import TYPE_CHECKING, ClassVar

from postlint.engine.diagnostics import Diagnostic, FixAvailability, Severity
from postlint.postfix.versions import Version

if TYPE_CHECKING:
    from postlint.engine.context import Context

DOC_SECTIONS = (
    "What it does",
    "Why it matters",
    "Example",
    "Use instead",
    "Fix safety",
    "References",
)
CODE_PATTERN = re.compile(r"^[A-Z]{2,4}\d{3}$")
NAME_PATTERN = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
DOCS_URL = "https://github.com/postlint/postlint/blob/main/docs/rules.md#{code_lower}"


class Tag(enum.Enum):
    """How an editor may show a rule's findings (LSP diagnostic tags)."""

    DEPRECATED = "deprecated"  # struck through: the setting is obsolete
    UNNECESSARY = "unnecessary"  # faded: the setting does nothing


class Rule:
    """Subclass, set the metadata, write the docs in the docstring, implement check()."""

    code: ClassVar[str]
    name: ClassVar[str]
    family: ClassVar[str]
    severity: ClassVar[Severity] = Severity.WARNING
    # Severities some findings get instead, and when: documented next to `severity`, so the
    # docs never say "warning" for a finding that is reported as info.
    other_severities: ClassVar[dict[Severity, str]] = {}
    fix: ClassVar[FixAvailability] = FixAvailability.NONE
    min_version: ClassVar[str] = "2.0"  # first Postfix release the rule applies to
    max_version: ClassVar[str | None] = None  # last one (None: still applies)
    options: ClassVar[dict[str, object]] = {}  # option name -> default
    # Option name -> what a config may set it to (yamllint's CONF next to its DEFAULT): a
    # type (bool, int, float, str, list, dict), or a tuple of types and allowed values.
    # Without an entry, the type of the default; a None default then takes any value.
    option_types: ClassVar[dict[str, object]] = {}
    # False: runs only when selected by code, prefix or name (a policy not every site wants).
    default_enabled: ClassVar[bool] = True
    # Editor tags; a rule of the `deprecated` family is tagged DEPRECATED without saying so.
    tags: ClassVar[frozenset[Tag]] = frozenset()

    def check(self, ctx: Context) -> Iterable[Diagnostic]:  # pragma: no cover - abstract
        raise NotImplementedError

    @classmethod
    def applies_to(cls, version: Version) -> bool:
        if version < Version.parse(cls.min_version):
            return False
        return cls.max_version is None or not Version.parse(cls.max_version) < version

    @classmethod
    def option_problem(cls, name: str, value: object) -> str | None:
        """Why `value` cannot be option `name` (None when it can)."""
        if name not in cls.options:
            return f"rule {cls.code} has no option {name!r}"
        default = cls.options[name]
        wanted = cls.option_types.get(name, type(default) if default is not None else object)
        choices = wanted if isinstance(wanted, tuple) else (wanted,)
        if any(_fits(value, choice) for choice in choices):
            return None
        return f"expected {_describe(choices)}, got {value!r}"

    @classmethod
    def documentation(cls) -> str:
        return inspect.cleandoc(cls.__doc__ or "")

    @classmethod
    def summary(cls) -> str:
        doc = cls.documentation()
        return doc.splitlines()[0] if doc else cls.name

    @classmethod
    def section(cls, title: str) -> str:
        """The text of one `## Title` section of the docs."""
        match = re.search(
            rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", cls.documentation(), re.M | re.S
        )
        return match.group(1).strip() if match else ""

    @classmethod
    def severity_text(cls) -> str:
        """The severity as the docs state it: `warning`, or `warning (info: CRLF endings)`."""
        others = "; ".join(f"{s.value}: {when}" for s, when in cls.other_severities.items())
        return f"{cls.severity.value} ({others})" if others else cls.severity.value

    @classmethod
    def editor_tags(cls) -> frozenset[Tag]:
        """The declared tags, plus DEPRECATED for the `deprecated` family."""
        family = frozenset({Tag.DEPRECATED}) if cls.family == "deprecated" else frozenset()
        return cls.tags | family

    @classmethod
    def url(cls) -> str:
        return _docs_url(cls.code)


def _fits(value: object, choice: object) -> bool:
    if not isinstance(choice, type):
        return type(value) is type(choice) and value == choice  # an allowed value
    if choice is float:
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if choice is int:
        return isinstance(value, int) and not isinstance(value, bool)  # True is not a number
    return isinstance(value, choice)


def _describe(choices: tuple[object, ...]) -> str:
    names = [c.__name__ if isinstance(c, type) else repr(c) for c in choices]
    return " or ".join(names)


@cache
def _docs_url(code: str) -> str:
    """One string per rule, shared by all its findings (a large file can have 100,000)."""
    return DOCS_URL.format(code_lower=code.lower())
