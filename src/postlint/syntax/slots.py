"""Quick construction of the frozen attrs classes a large file makes by the hundred thousand.

attrs' generated `__init__` for a frozen class binds `object.__setattr__` to each new
instance and sets every field through it: twice as slow as setting the slots through their
own descriptors, which is what a class here does in a hand-written `__init__` (the class
stays frozen: assignment still raises). tests/test_slots.py checks that each such
`__init__` takes the attrs fields, in order, with their defaults.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def slot_setters(cls: type, *names: str) -> tuple[Callable[[Any, Any], None], ...]:
    """The setters of `cls`'s slots `names` (they skip the frozen check)."""
    return tuple(cls.__dict__[name].__set__ for name in names)
