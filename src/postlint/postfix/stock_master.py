"""Postfix's stock master.cf as a parsed file, for a configuration directory without one.

`check` assumes the stock services when master.cf is missing (a deployed Postfix almost
surely runs them); `explain --service` answers for them the same way instead of saying the
service does not exist. Built from data (stock_services.json): the entries and their -o,
none of the stock file's comments.
"""

from __future__ import annotations

from functools import cache

from postlint.postfix.data_files import data_json
from postlint.syntax import parse
from postlint.syntax.ast import ConfigFile, FileKind

# Not a file on disk: shown where a path would be (an -o's origin), and says so.
STOCK_MASTER_PATH = "<stock master.cf>"


@cache
def stock_master() -> ConfigFile:
    """One line per stock service (its fields other than type and command left at their
    defaults: nothing postlint's model reads), each -o on its own continuation line. Parsed
    once: a tree never changes after parsing (a fix makes a new one)."""
    lines = []
    for row in data_json("stock_services.json"):
        lines.append(f"{row['service']} {row['type']} - - - - - {row['program']}")
        lines.extend(f"  -o {option}" for option in row.get("options", ()))
    text = "".join(line + "\n" for line in lines)
    return parse(text, FileKind.MASTER, STOCK_MASTER_PATH)


def is_stock_master(tree: ConfigFile | None) -> bool:
    return tree is not None and tree.path == STOCK_MASTER_PATH
