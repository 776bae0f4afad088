"""Lossless parsing of main.cf and master.cf."""

from postlint.syntax.ast import ConfigFile, FileKind
from postlint.syntax.main_cf import parse_main_cf
from postlint.syntax.master_cf import parse_master_cf

__all__ = ["ConfigFile", "FileKind", "parse", "parse_main_cf", "parse_master_cf"]


def parse(text: str, kind: FileKind, path: str | None = None) -> ConfigFile:
    """Parse a decoded file of either kind."""
    if kind is FileKind.MASTER:
        return parse_master_cf(text, path or "master.cf")
    return parse_main_cf(text, path or "main.cf")
