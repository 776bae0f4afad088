"""Small records as plain classes with __slots__: what attrs gives them (equality, repr, and
for frozen ones immutability and a hash), without generating code when the module loads.

attrs writes each class's methods as source and compiles it: ~0.4 ms per class, against
~10 us for a plain class, and a `postlint check` loads dozens of classes on every start
(bench/cold_start.py). The syntax tree keeps attrs; internal records that are built a few
times per run use these. A subclass lists its fields in `__slots__` and writes an
`__init__` that takes them in that order (FrozenRecord sets them with `_set`); slots that
are not fields (a cache) are left out of `_fields`.
"""

from __future__ import annotations

from typing import Any, ClassVar, NoReturn, TypeVar

# attrs is loaded anyway (the syntax tree is made of attrs classes): raising its error keeps
# a plugin's `except FrozenInstanceError` working for the records the plugin API hands out.
from attrs.exceptions import FrozenInstanceError

_R = TypeVar("_R", bound="Record")


class Record:
    """Compared and shown by the values of its fields, in order (unhashable, as a mutable
    attrs class is)."""

    # Weakly referable, as an attrs slots class is (a plugin may cache by EffectiveValue
    # or ParameterInfo in a WeakKeyDictionary); one pointer per record.
    __slots__ = ("__weakref__",)
    _fields: ClassVar[tuple[str, ...]] = ()  # default: the class's own __slots__

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "_fields" not in cls.__dict__:
            cls._fields = cls.__slots__
        if "__match_args__" not in cls.__dict__:
            # `case EffectiveValue(name, raw):` matches by the fields in order, as with attrs.
            cls.__match_args__ = cls._fields

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self._fields)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._values() == other._values()  # type: ignore[attr-defined, no-any-return]

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._fields)
        return f"{self.__class__.__qualname__}({fields})"

    def replace(self: _R, **changes: Any) -> _R:
        """A copy with some fields changed (`attrs.evolve`): __init__ takes every field."""
        values = {name: getattr(self, name) for name in self._fields}
        values.update(changes)
        return self.__class__(**values)


class FrozenRecord(Record):
    """A Record whose fields cannot be set after __init__; hashable by its values."""

    __slots__ = ()

    # For __init__: object's own setattr, which the override below does not reach.
    _set = object.__setattr__

    def __setattr__(self, name: str, value: Any) -> NoReturn:
        raise FrozenInstanceError  # ("can't set attribute", as attrs says)

    def __delattr__(self, name: str) -> NoReturn:
        raise FrozenInstanceError

    def __hash__(self) -> int:
        return hash(self._values())

    def __reduce__(self) -> tuple[Any, ...]:
        # Rebuilt through __init__: pickle's default would set the slots with setattr.
        return _rebuild, (self.__class__, {name: getattr(self, name) for name in self._fields})


def _rebuild(cls: type[_R], values: dict[str, Any]) -> _R:
    return cls(**values)
