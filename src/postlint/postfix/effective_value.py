"""An effective value: what one parameter is for one service (or globally), and where the
value comes from."""

from __future__ import annotations

from postlint.records import FrozenRecord
from postlint.syntax.ast import Override, Parameter, Service
from postlint.syntax.templates import OPAQUE


class EffectiveValue(FrozenRecord):
    """A parameter's value for one service: where it came from, raw and expanded."""

    __slots__ = (  # noqa: RUF023 (__init__'s order)
        "name",
        "raw",
        "source",
        "definition",
        "override",
        "service",
        "expanded",
        "error",
        "same_as_default",
    )
    name: str
    raw: str
    source: str  # "override" (master.cf -o), "main.cf", or "default"
    definition: Parameter | None
    override: Override | None
    service: Service | None
    expanded: str | None  # None when the value cannot be expanded
    error: str | None
    same_as_default: bool  # a main.cf line that writes the built-in default

    def __init__(
        self,
        name: str,
        raw: str,
        source: str,
        definition: Parameter | None = None,
        override: Override | None = None,
        service: Service | None = None,
        expanded: str | None = None,
        error: str | None = None,
        same_as_default: bool = False,
    ) -> None:
        set_field = self._set
        set_field("name", name)
        set_field("raw", raw)
        set_field("source", source)
        set_field("definition", definition)
        set_field("override", override)
        set_field("service", service)
        set_field("expanded", expanded)
        set_field("error", error)
        set_field("same_as_default", same_as_default)

    @property
    def is_default(self) -> bool:
        """Postfix would behave the same without the setting: none, or the default written
        out (as in a `postconf -d` dump saved as main.cf)."""
        return self.source == "default" or self.same_as_default

    @property
    def value(self) -> str:
        """The expanded value (the raw one if it cannot be expanded)."""
        return self.expanded if self.expanded is not None else self.raw

    @property
    def templated(self) -> bool:
        """The value depends on a template placeholder, so it is unknown here."""
        return OPAQUE in self.raw or OPAQUE in (self.expanded or "")
