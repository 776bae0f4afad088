"""Lossless parsing of main.cf and master.cf."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from postlint.syntax.ast import ConfigFile, FileKind
from postlint.syntax.main_cf import parse_main_cf
from postlint.syntax.master_cf import parse_master_cf
from postlint.syntax.templates import mask, sniff

__all__ = [
    "ConfigFile",
    "FileKind",
    "NodeReuse",
    "parse",
    "parse_main_cf",
    "parse_master_cf",
]

if TYPE_CHECKING:
    from postlint.syntax.incremental import NodeReuse


def __getattr__(name: str) -> Any:
    # NodeReuse serves the editor only: a `check` start need not import it.
    if name == "NodeReuse":
        from postlint.syntax.incremental import NodeReuse

        return NodeReuse
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def parse(
    text: str,
    kind: FileKind,
    path: str | None = None,
    template: str | None = None,
    reuse: NodeReuse | None = None,
) -> ConfigFile:
    """Parse a decoded file of either kind; a template is parsed with placeholders masked.

    `template` is a flavour (jinja, erb, tt, auto), "sniff" (decide from the text), or None.
    `reuse` (one per document, kept between calls) lets a re-parse keep unchanged nodes.
    """
    if template == "sniff":
        template = sniff(text)
    masked = mask(text, template) if template else None
    source = masked.text if masked else text
    if kind is FileKind.MASTER:
        tree = parse_master_cf(source, path or "master.cf", reuse)
    else:
        tree = parse_main_cf(source, path or "main.cf", reuse)
    if masked is not None:
        # Same length, so every span is valid in the template; fixes edit the original.
        tree.text = text
        tree.template = template
        tree.placeholders = masked.placeholders
    return tree
