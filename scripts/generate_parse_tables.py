"""Write the Lark parse tables of every grammar into the package, as JSON next to the grammar.

Usage: python scripts/generate_parse_tables.py
Run it after changing a grammar (*.lark) or the Lark version; tests/test_parse_tables.py
fails until the committed tables match.
"""

from __future__ import annotations

import sys
from pathlib import Path

from postlint.syntax.parse_tables import serialise, table_file

SYNTAX = Path(__file__).resolve().parent.parent / "src" / "postlint" / "syntax"
GRAMMARS = ("lines.lark", "value.lark")


def main() -> int:
    for grammar in GRAMMARS:
        (SYNTAX / table_file(grammar)).write_text(serialise(grammar), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
