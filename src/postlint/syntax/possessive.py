"""Possessive repeats (`*+`), which Python's regex engine has from 3.11 on."""

from __future__ import annotations

import re
import sys

SUPPORTED = sys.version_info >= (3, 11)


def compile_possessive(pattern: str) -> re.Pattern[str]:
    """`pattern` compiled; before Python 3.11 with its possessive repeats (`*+`) made
    plain (`*`), which finds the same matches, more slowly. Only for patterns where every
    `*+` is a possessive repeat (no escaped `\\*` followed by `+`)."""
    return re.compile(pattern if SUPPORTED else pattern.replace("*+", "*"))
