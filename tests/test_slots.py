"""Hand-written __init__ of frozen classes (postlint.syntax.slots) match attrs' own."""

from __future__ import annotations

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
    fields = attrs.fields(cls)
    assert [p.name for p in parameters] == [f.name for f in fields]
    for parameter, field in zip(parameters, fields, strict=True):
        expected = inspect.Parameter.empty if field.default is attrs.NOTHING else field.default
        assert parameter.default == expected, field.name


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
        setattr(made, attrs.fields(cls)[0].name, 3)
    again = attrs.evolve(made)
    assert again == made and hash(again) == hash(made)
