"""Reading config files losslessly: bytes decode to text and encode back unchanged."""

from __future__ import annotations

import os
from pathlib import Path

import attrs

from postlint.syntax import ConfigFile, FileKind, parse
from postlint.syntax.templates import flavour_for_path

ENCODING = "utf-8"
ERRORS = "surrogateescape"  # undecodable bytes survive the round trip
BINARY_SAMPLE = 8192


class InputError(Exception):
    """A file postlint cannot read; the message is one line for the user."""


def decode(data: bytes) -> str:
    return data.decode(ENCODING, ERRORS)


def encode(text: str) -> bytes:
    return text.encode(ENCODING, ERRORS)


def looks_binary(data: bytes) -> bool:
    """A file that is mostly not text (a config may hold a stray NUL; an ELF file is not one)."""
    sample = data[:BINARY_SAMPLE]
    if not sample:
        return False
    control = sum(1 for b in sample if b < 32 and b not in (9, 10, 11, 12, 13))
    return control > max(8, len(sample) // 10)


def read_bytes(path: str | os.PathLike[str]) -> bytes:
    p = Path(path)
    try:
        if p.is_dir():
            raise InputError(f"{path}: is a directory")
        return p.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory") from None
    except OSError as exc:
        raise InputError(f"{path}: {exc.strerror or exc}") from None


def kind_for_path(path: str | os.PathLike[str], forced: FileKind | None = None) -> FileKind:
    if forced is not None:
        return forced
    return FileKind.MASTER if Path(path).name.startswith("master.cf") else FileKind.MAIN


def template_for_path(path: str | os.PathLike[str], option: str | None = None) -> str | None:
    """The template language to mask: --template wins ("none" turns it off), then the
    name (main.cf.j2), else "sniff": the text decides (plain names can hold templates)."""
    if option == "none":
        return None
    if option in ("jinja", "erb", "tt"):
        return option
    found = flavour_for_path(str(path))
    if option == "auto" and found is None:
        return "auto"
    return found or "sniff"


def load(
    path: str | os.PathLike[str], kind: FileKind | None = None, template: str | None = None
) -> ConfigFile:
    data = read_bytes(path)
    if looks_binary(data):
        raise InputError(f"{path}: binary file, not a Postfix configuration")
    return parse(
        decode(data), kind_for_path(path, kind), str(path), template_for_path(path, template)
    )


@attrs.frozen
class ConfigPair:
    """A main.cf and its sibling master.cf (either may be missing)."""

    main: ConfigFile | None
    master: ConfigFile | None


def sibling(path: Path, kind: FileKind) -> Path:
    return path.with_name("master.cf" if kind is FileKind.MAIN else "main.cf")


def load_directory(directory: str | os.PathLike[str]) -> ConfigPair:
    d = Path(directory)
    if not d.is_dir():
        raise InputError(f"{directory}: not a directory")
    main_path, master_path = d / "main.cf", d / "master.cf"
    if not main_path.exists():
        raise InputError(f"open {main_path}: No such file or directory")
    # As postconf reads them: template tags are text (no masking), like any other value.
    main = load(main_path, FileKind.MAIN, "none")
    master = load(master_path, FileKind.MASTER, "none") if master_path.exists() else None
    return ConfigPair(main, master)
