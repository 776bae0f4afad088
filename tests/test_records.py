"""The records the plugin API hands out (EffectiveValue, ParameterInfo, Role, Setting,
TlsLevel, Version) behave as the attrs classes they replaced did, for what a plugin can write."""

from __future__ import annotations

import weakref

import pytest
from attrs.exceptions import FrozenInstanceError

from postlint.api import (
    ConfigFile,
    EffectiveValue,
    FileKind,
    ParameterInfo,
    Role,
    Setting,
    Span,
    TlsLevel,
    Version,
)


def _records() -> list[object]:
    value = EffectiveValue("smtp_tls_security_level", "may", "main.cf")
    info = ParameterInfo(
        name="site_tag", default="", since="2.0", kind="string", ctype="str", status="builtin"
    )
    tree = ConfigFile(FileKind.MAIN, "a = b\n", [])
    setting = Setting("a", "b", tree, Span(0, 1), Span(4, 5))
    return [value, info, Role(None), setting, TlsLevel("may", value), Version(3, 7)]


def test_a_match_statement_takes_the_fields_in_order() -> None:
    match EffectiveValue("myhostname", "mail.example.com", "main.cf"):
        case EffectiveValue(name, raw, source):
            assert (name, raw, source) == ("myhostname", "mail.example.com", "main.cf")
        case _:
            pytest.fail("no positional match")
    match Version(3, 7):
        case Version(major, minor, patch):
            assert (major, minor, patch) == (3, 7, None)


@pytest.mark.parametrize("record", _records(), ids=lambda record: type(record).__name__)
def test_weakly_referable(record: object) -> None:
    cache: weakref.WeakKeyDictionary[object, str] = weakref.WeakKeyDictionary()
    cache[record] = "seen"
    assert weakref.ref(record)() is record
    assert cache[record] == "seen"


@pytest.mark.parametrize("record", _records(), ids=lambda record: type(record).__name__)
def test_setting_a_field_raises_the_attrs_error(record: object) -> None:
    name = type(record)._fields[0]  # type: ignore[attr-defined]
    with pytest.raises(FrozenInstanceError):
        setattr(record, name, "changed")
    with pytest.raises(FrozenInstanceError):
        delattr(record, name)
