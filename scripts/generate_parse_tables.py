"""Write the Lark parse tables of every grammar into the package, as JSON next to the grammar.

Usage: .venv/bin/python scripts/generate_parse_tables.py
Run it after changing a grammar (*.lark) or the Lark version; tests/test_parse_tables.py
fails until the committed tables match. Lark numbers its states differently from run to run,
so a table file that already means the same is left as it is (no diff without a change).
"""

from __future__ import annotations

import sys
from pathlib import Path

from postlint.syntax.parse_tables import canonical, serialise, table_file

SYNTAX = Path(__file__).resolve().parent.parent / "src" / "postlint" / "syntax"
GRAMMARS = ("lines.lark", "value.lark")


def _same_meaning(path: Path, text: str) -> bool:
    """Whether the table file at path already holds tables equal to text (a missing, stale or
    mangled file, a merge conflict say, does not)."""
    try:
        return canonical(path.read_text(encoding="utf-8")) == canonical(text)
    except (OSError, ValueError, KeyError, TypeError):
        return False


def main() -> int:
    for grammar in GRAMMARS:
        path = SYNTAX / table_file(grammar)
        text = serialise(grammar)
        if _same_meaning(path, text):
            continue
        path.write_text(text, encoding="utf-8")
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
