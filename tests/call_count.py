"""Work counted in function calls (no timing), for tests that assert it grows linearly."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TypeVar

_T = TypeVar("_T")


def calls_made(action: Callable[[], _T]) -> tuple[int, _T]:
    """How many Python and C function calls `action` makes, and what it returns."""
    calls = 0

    def count(_frame: object, event: str, _arg: object) -> None:
        nonlocal calls
        calls += event in ("call", "c_call")

    sys.setprofile(count)
    try:
        result = action()
    finally:
        sys.setprofile(None)
    return calls, result
