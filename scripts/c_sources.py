"""Postfix's C sources read as text, for scripts/generate_daemon_parameters.py: comments,
literals and `#if 0` blocks taken out, Makefile.in variables, `#define` names, CONFIG tables,
and which identifiers a library's functions and macros reach.
"""

from __future__ import annotations

import re
from pathlib import Path

# Per file: variable -> how many references to it change nothing (generator's NOT_A_USE).
NotAUse = dict[str, dict[str, tuple[int, ...]]]

COMMENT = re.compile(r"/\*.*?\*/|//[^\n]*", re.S)
_STRING = re.compile(r'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'')
IDENT = re.compile(r"\b[A-Za-z_]\w*\b")
_DEFINE = re.compile(r"^[ \t]*#[ \t]*define[ \t]+(\w+)[ \t]+(.*)$", re.M)
_PIECE = re.compile(r'"[^"\n]*"|\w+|\S')
_MACRO = re.compile(r"^[ \t]*#[ \t]*define[ \t]+(\w+)((?:[^\n\\]|\\\n|\\.)*)", re.M)
_TABLE = re.compile(r"CONFIG_\w+_TABLE\s+(\w+)\s*\[\]\s*=\s*\{(.*?)\n\s*\};", re.S)
_ENTRY = re.compile(r"\b(VAR_\w+)\s*,[^,]*,\s*&(var_\w+)")


def code_text(text: str, key: str = "", not_a_use: NotAUse | None = None) -> str:
    """C text without comments, literals (identifiers in them are no references), CONFIG
    tables (they read values; a use is elsewhere) and the references `not_a_use` lists for
    file `key` (variable -> how many there may be; another count stops the generator)."""
    code = _TABLE.sub(" ", _STRING.sub('""', compiled(text)))
    for variable, counts in (not_a_use or {}).get(key, {}).items():
        code, found = re.subn(rf"\b{variable}\b", " ", code)
        if found not in counts:
            expected = " or ".join(map(str, counts))
            raise SystemExit(f"{key}: {variable} is referenced {found} times, not {expected}")
    return code


def compiled(text: str) -> str:
    """Without comments and `#if 0` blocks (text the compiler never sees)."""
    lines = []
    skipping = 0  # nesting depth inside an #if 0
    for line in COMMENT.sub(" ", text).split("\n"):
        directive = line.strip().replace(" ", "").replace("\t", "")
        if skipping:
            if directive.startswith("#if"):
                skipping += 1
            elif directive.startswith("#endif") or (skipping == 1 and directive == "#else"):
                skipping -= 1
            continue
        if directive == "#if0":
            skipping = 1
            continue
        lines.append(line)
    return "\n".join(lines)


def sources(directory: Path, variable: str = "OBJS") -> list[Path]:
    """The C files a directory's Makefile.in builds into its program or library."""
    names = make_words(directory, variable)
    files = [directory / re.sub(r"\.[oc]$", ".c", n) for n in names]
    # #include'd parameter tables (smtp_params.c) are part of the program too.
    extra = [p for p in directory.glob("*_params.c") if p not in files]
    return [f for f in files + extra if f.is_file()]


def make_words(directory: Path, variable: str) -> list[str]:
    """The words of `variable = ...` in a directory's Makefile.in (PROG, OBJS, LIB_OBJ)."""
    make = (directory / "Makefile.in").read_text(errors="replace").replace("\\\n", " ")
    found = re.search(rf"^{variable}\s*=(.*)$", make, re.M)
    return found.group(1).split() if found else []


class Symbols:
    """Library functions and macros: name -> (file, identifiers in its body)."""

    def __init__(self, not_a_use: NotAUse | None = None) -> None:
        self.not_a_use = not_a_use
        self.bodies: dict[str, tuple[str, set[str]]] = {}
        self.file_statics: dict[str, set[str]] = {}  # file -> identifiers outside functions

    def add_file(self, key: str, text: str) -> None:
        code = code_text(text, key, self.not_a_use)
        for macro in _MACRO.finditer(code):
            self.bodies.setdefault(macro.group(1), (key, set(IDENT.findall(macro.group(2)))))
        code = _MACRO.sub("", code)
        outside: set[str] = set()
        for head, body in top_level_blocks(code):
            function = re.search(r"(\w+)\s*\([^()]*(?:\([^()]*\)[^()]*)*\)\s*$", head)
            if function and "=" not in head:
                self.bodies.setdefault(function.group(1), (key, set(IDENT.findall(body))))
            else:
                outside |= set(IDENT.findall(head + body))
        self.file_statics[key] = outside

    def reach(self, identifiers: set[str]) -> set[str]:
        """Every identifier used by the library code these identifiers reach."""
        seen: set[str] = set()
        files: set[str] = set()
        todo = [i for i in identifiers if i in self.bodies]
        used: set[str] = set()
        while todo:
            name = todo.pop()
            if name in seen:
                continue
            seen.add(name)
            file, body = self.bodies[name]
            more = set(body)
            if file not in files:
                files.add(file)
                more |= self.file_statics.get(file, set())
            used |= more
            todo.extend(i for i in more if i in self.bodies and i not in seen)
        return used


def top_level_blocks(code: str) -> list[tuple[str, str]]:
    """(text before, text inside) of each brace block at file level."""
    blocks = []
    depth = 0
    start = 0
    head_start = 0
    for i, char in enumerate(code):
        if char == "{":
            if depth == 0:
                start = i
            depth += 1
        elif char == "}" and depth:
            depth -= 1
            if depth == 0:
                head = code[head_start:start]
                head = head[max(head.rfind(";"), head.rfind("}")) + 1 :]
                blocks.append((head, code[start + 1 : i]))
                head_start = i + 1
        elif char == ";" and depth == 0:
            head_start = i + 1
    return blocks


def macro_names(src: Path) -> dict[str, str]:
    """`#define VAR_X "name"` (and suffixes `_X`) from every header and C file, including
    names pasted together: `#define VAR_LOCAL_CON_LIMIT "local" _DEST_CON_LIMIT`."""
    bodies: dict[str, list[str]] = {}
    for path in sorted(src.glob("*/*.[ch]")):
        text = COMMENT.sub(" ", path.read_text(errors="replace")).replace("\\\n", " ")
        for macro, body in _DEFINE.findall(text):
            pieces = _PIECE.findall(body)
            # Only string literals and other macros, with at least one literal.
            if any(p.startswith('"') for p in pieces) and all(
                p.startswith('"') or p[0].isalnum() or p[0] == "_" for p in pieces
            ):
                bodies.setdefault(macro, pieces)
    names: dict[str, str] = {}

    def resolve(macro: str, depth: int = 0) -> str | None:
        if macro in names or depth > 10:
            return names.get(macro)
        parts = []
        for piece in bodies.get(macro, ["?"]):
            part = piece[1:-1] if piece.startswith('"') else resolve(piece, depth + 1)
            if part is None:
                return None
            parts.append(part)
        names[macro] = "".join(parts)
        return names[macro]

    for macro in bodies:
        resolve(macro)
    return names


def config_tables(text: str, names: dict[str, str]) -> list[tuple[str, list[tuple[str, str]]]]:
    """Each CONFIG table of a file: (C name, [(parameter, var_ variable)])."""
    return [
        (table, [(names[macro], var) for macro, var in _ENTRY.findall(body)])
        for table, body in _TABLE.findall(compiled(text))
    ]
