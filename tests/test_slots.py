"""Hand-written __init__ of frozen classes (postlint.syntax.slots) match their fields: attrs'
own for attrs classes, `_fields` for records (postlint.records)."""

from __future__ import annotations

import copy
import inspect

import attrs
import pytest

from postlint.engine.diagnostics import Diagnostic, Edit, Fix, Severity
from postlint.engine.written import Setting
from postlint.syntax.ast import ConfigFile, FileKind, Span

QUICK = [Span, Diagnostic, Setting, Edit, Fix]


@pytest.mark.parametrize("cls", QUICK, ids=lambda c: c.__name__)
def test_init_takes_the_fields_in_order_with_their_defaults(cls: type) -> None:
    parameters = list(inspect.signature(cls.__init__).parameters.values())[1:]
    assert [(p.name, p.default) for p in parameters] == _fields(cls)


@pytest.mark.parametrize("cls", QUICK, ids=lambda c: c.__name__)
def test_still_frozen(cls: type) -> None:
    tree = ConfigFile(FileKind.MAIN, "a = b\n", [])
    made = {
        Span: lambda: Span(1, 2),
        Diagnostic: lambda: Diagnostic("PL1", "x", "m", Severity.INFO, tree, Span(0, 1)),
        Setting: lambda: Setting("a", "b", tree, Span(0, 1), Span(4, 5)),
        Edit: lambda: Edit(tree, 0, 1, "c"),
        Fix: lambda: Fix("drop it", (Edit(tree, 0, 6, ""),)),
    }[cls]()
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        setattr(made, _fields(cls)[0][0], 3)
    again = copy.copy(made)  # (attrs.evolve for an attrs class)
    assert again == made and hash(again) == hash(made)
    names = [name for name, _default in _fields(cls)]
    changed = cls(*(getattr(made, name) for name in names[:-1]), 3)
    assert changed != made


def test_a_setting_is_compared_and_shown_by_its_fields() -> None:
    tree = ConfigFile(FileKind.MAIN, "a = b\n", [])
    setting = Setting("a", "b", tree, Span(0, 1), Span(4, 5))
    assert setting == Setting("a", "b", tree, Span(0, 1), Span(4, 5))
    assert setting != Setting("a", "c", tree, Span(0, 1), Span(4, 5))
    assert repr(setting).startswith("Setting(name='a', value='b', file=")
    match setting:
        case Setting(name, value):
            assert (name, value) == ("a", "b")


def _fields(cls: type) -> list[tuple[str, object]]:
    """(name, default) of each field, in order; a record's defaults are its __init__'s."""
    if attrs.has(cls):
        return [
            (f.name, inspect.Parameter.empty if f.default is attrs.NOTHING else f.default)
            for f in attrs.fields(cls)
        ]
    defaults = inspect.signature(cls.__init__).parameters
    return [(name, defaults[name].default) for name in cls._fields]  # type: ignore[attr-defined]
