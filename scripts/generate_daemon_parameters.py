"""Generate which Postfix program reads which parameter, from a Postfix source tree.

A program reads a parameter when
- one of the CONFIG_*_TABLE arrays in its own directory lists it (smtp.c serves both smtp and
  lmtp: the lmtp_* tables are lmtp's), or
- a global table (src/global/mail_params.c, src/tls/tls_misc.c) reads it into a `var_*`
  variable that the program's code uses: its own files, or a library function (global, tls,
  milter, xsasl, dns, the master skeletons) it reaches through calls or macros. The global
  tables are read by every daemon, but a value nothing looks at has no effect there; the
  references in mail_params.c itself (the table, sanity checks) do not count as uses.
- it reads `<transport><suffix>` (qmgr: per-transport limits) or `<own service><suffix>`
  (pipe, spawn: the time limit), or names found in another parameter's value (restriction
  classes) or anywhere (bounce: templates may name any parameter).

The programs that run without a master.cf entry are listed too ("commands": sendmail,
postqueue ..., and the master daemon itself): they read main.cf whatever master.cf says.
A daemon is a program whose code calls a master skeleton (`single_server_main` and the
others src/master/mail_server.h declares); every other program is a command.

Over-approximated on purpose: a file-level static or macro counts as reached with its
function, so a parameter is never said to be unread where it is read.

A program also reads what it reads in the other releases given after OUTPUT_DIR (smtpd read
smtpd_tls_session_cache_timeout itself up to 2.10): one data file serves every release
--postfix-version names, so an -o is called unread only when no given release reads it.

Usage: .venv/bin/python scripts/generate_daemon_parameters.py POSTFIX_SOURCE_DIR [OUTPUT_DIR
[OTHER_SOURCE_DIR ...]] (each holds src/global/mail_params.c, e.g. a checkout of the Postfix
sources; the shipped file: 3.11.6, with the last patch release of each of 2.6, 2.8 ... 3.10
and a 3.12 snapshot as the others).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = REPO / "src" / "postlint" / "postfix" / "data"
OUTPUT_NAME = "daemon_parameters.json"

LIBRARIES = ("global", "tls", "milter", "xsasl", "dns", "master")
# Directories that are no program a configuration reaches: the library of utilities (no
# parameters), postconf (it knows every parameter), tests and benchmarks. (src/master is
# both: the master daemon, which reads main.cf only, and the skeletons of the others.)
SKIPPED = {"util", "postconf", "testing", "fsstone", "smtpstone", "ptest", *LIBRARIES} - {"master"}
GLOBAL_TABLES = ("global/mail_params.c", "tls/tls_misc.c")
# The skeletons a daemon's main() hands over to (`extern NORETURN single_server_main(...)`).
_SKELETON = re.compile(r"\bextern\s+NORETURN\s+(\w+_server_main)\s*\(")
# Lookups of names computed at run time (mail_conf_lookup_eval(x) with x not a VAR_ macro),
# per program: the parameter whose value lists the names, or None when any name can be
# read (bounce templates). Checked against the source: a new one stops the generator.
DYNAMIC = {
    ("smtpd", "smtpd_check.c"): "smtpd_restriction_classes",
    ("proxymap", "proxymap.c"): "smtpd_restriction_classes",
    ("bounce", "bounce_template.c"): None,
}
# Where a program that may read any name (None above) finds the names: the parameter that
# names its file, and the C file of the built-in text used while that is empty (the names
# the built-in text mentions must be ones the program reads; else the generator stops).
ANY_NAME_FILES = {("bounce", "bounce_template.c"): ("bounce_template_file", "bounce_templates.c")}
# A `$name` of a template, with the unit a time value is shown in (`$myhostname`,
# `$delay_warning_time_hours`).
_TEMPLATE_NAME = re.compile(r"\$\{?(\w+?)(?:_(?:seconds|minutes|hours|days|weeks))?\b")
# `get_mail_conf_*2(first, SUFFIX, ...)`: the first argument is the program's own service
# name (pipe, spawn) or the name of any transport (qmgr).
OWN_SERVICE_ARGUMENT = "service"
# References that change nothing an -o is written for, by file: variable -> how many. A
# different count stops the generator, so a new real use is not hidden.
NOT_A_USE = {
    # Its declaration, and a sanity check: every daemon refuses to start when relayhost
    # equals myhostname (before 3.5 also a warning when it lists more than one host).
    "global/mail_params.c": {"var_relayhost": (2, 5)},
    # The smtp client names relayhost in a warning about an MX pointing back at this host.
    "smtp/smtp_connect.c": {"var_relayhost": (1,)},
}

_COMMENT = re.compile(r"/\*.*?\*/|//[^\n]*", re.S)
_STRING = re.compile(r'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'')
_IDENT = re.compile(r"\b[A-Za-z_]\w*\b")
_DEFINE = re.compile(r"^[ \t]*#[ \t]*define[ \t]+(\w+)[ \t]+(.*)$", re.M)
_PIECE = re.compile(r'"[^"\n]*"|\w+|\S')
_MACRO = re.compile(r"^[ \t]*#[ \t]*define[ \t]+(\w+)((?:[^\n\\]|\\\n|\\.)*)", re.M)
_TABLE = re.compile(r"CONFIG_\w+_TABLE\s+(\w+)\s*\[\]\s*=\s*\{(.*?)\n\s*\};", re.S)
_ENTRY = re.compile(r"\b(VAR_\w+)\s*,[^,]*,\s*&(var_\w+)")
# (qmgr_feedback_init(fb, name, SUFFIX, ...) reads the feedback settings the same way.)
_SUFFIX_READ = re.compile(
    r"(?:get_mail_conf_\w+2|qmgr_feedback_init)\((?:\s*&[\w>-]+,)?\s*(\w+)\s*,\s*(_\w+)"
)
_DYNAMIC_READ = re.compile(r"mail_conf_lookup_eval\(\s*(\w+)\s*\)")
# One value read outside a table: get_mail_conf_time(VAR_X, ...).
_SINGLE_READ = re.compile(r"get_mail_conf_[a-z]+(?:_fn)?\(\s*(VAR_\w+)")


def _code(text: str, key: str = "") -> str:
    """C text without comments, literals (identifiers in them are no references), CONFIG
    tables (they read values; a use is elsewhere) and the references NOT_A_USE lists."""
    code = _TABLE.sub(" ", _STRING.sub('""', _compiled(text)))
    for variable, counts in NOT_A_USE.get(key, {}).items():
        code, found = re.subn(rf"\b{variable}\b", " ", code)
        if found not in counts:
            expected = " or ".join(map(str, counts))
            raise SystemExit(f"{key}: {variable} is referenced {found} times, not {expected}")
    return code


def _compiled(text: str) -> str:
    """Without comments and `#if 0` blocks (text the compiler never sees)."""
    lines = []
    skipping = 0  # nesting depth inside an #if 0
    for line in _COMMENT.sub(" ", text).split("\n"):
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


def _sources(directory: Path, variable: str = "OBJS") -> list[Path]:
    """The C files a directory's Makefile.in builds into its program or library."""
    make = (directory / "Makefile.in").read_text(errors="replace").replace("\\\n", " ")
    found = re.search(rf"^{variable}\s*=(.*)$", make, re.M)
    names = found.group(1).split() if found else []
    files = [directory / re.sub(r"\.[oc]$", ".c", n) for n in names]
    # #include'd parameter tables (smtp_params.c) are part of the program too.
    extra = [p for p in directory.glob("*_params.c") if p not in files]
    return [f for f in files + extra if f.is_file()]


def _programs(directory: Path) -> list[str]:
    make = (directory / "Makefile.in").read_text(errors="replace").replace("\\\n", " ")
    found = re.search(r"^PROG\s*=(.*)$", make, re.M)
    return found.group(1).split() if found else []


class Symbols:
    """Library functions and macros: name -> (file, identifiers in its body)."""

    def __init__(self) -> None:
        self.bodies: dict[str, tuple[str, set[str]]] = {}
        self.file_statics: dict[str, set[str]] = {}  # file -> identifiers outside functions

    def add_file(self, key: str, text: str) -> None:
        code = _code(text, key)
        for macro in _MACRO.finditer(code):
            self.bodies.setdefault(macro.group(1), (key, set(_IDENT.findall(macro.group(2)))))
        code = _MACRO.sub("", code)
        outside: set[str] = set()
        for head, body in _top_level_blocks(code):
            function = re.search(r"(\w+)\s*\([^()]*(?:\([^()]*\)[^()]*)*\)\s*$", head)
            if function and "=" not in head:
                self.bodies.setdefault(function.group(1), (key, set(_IDENT.findall(body))))
            else:
                outside |= set(_IDENT.findall(head + body))
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


def _top_level_blocks(code: str) -> list[tuple[str, str]]:
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


def _names(src: Path) -> dict[str, str]:
    """`#define VAR_X "name"` (and suffixes `_X`) from every header and C file, including
    names pasted together: `#define VAR_LOCAL_CON_LIMIT "local" _DEST_CON_LIMIT`."""
    bodies: dict[str, list[str]] = {}
    for path in sorted(src.glob("*/*.[ch]")):
        text = _COMMENT.sub(" ", path.read_text(errors="replace")).replace("\\\n", " ")
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


def _tables(text: str, names: dict[str, str]) -> list[tuple[str, list[tuple[str, str]]]]:
    """Each CONFIG table of a file: (C name, [(parameter, var_ variable)])."""
    return [
        (table, [(names[macro], var) for macro, var in _ENTRY.findall(body)])
        for table, body in _TABLE.findall(_compiled(text))
    ]


def generate(source: Path) -> dict[str, object]:
    src = source / "src"
    names = _names(src)
    symbols = Symbols()
    for library in LIBRARIES:
        variable = "LIB_OBJ" if library == "master" else "OBJS"
        for path in _sources(src / library, variable):
            symbols.add_file(f"{library}/{path.name}", path.read_text(errors="replace"))
        for header in sorted((src / library).glob("*.h")):
            symbols.add_file(f"{library}/{header.name}", header.read_text(errors="replace"))
    global_entries: list[tuple[str, str]] = []
    for table_file in GLOBAL_TABLES:
        for _table, entries in _tables((src / table_file).read_text(errors="replace"), names):
            global_entries += entries
    skeletons = _skeletons(src)
    programs: dict[str, dict[str, object]] = {}
    commands: set[str] = set()
    for directory in sorted(p for p in src.iterdir() if p.is_dir() and p.name not in SKIPPED):
        if not (directory / "Makefile.in").is_file() or not _programs(directory):
            continue
        rows, daemon = _read_by(directory, names, symbols, global_entries, skeletons)
        programs.update(rows)
        if not daemon:
            commands.update(rows)
    every = set.intersection(*(set(row["parameters"]) for row in programs.values()))
    for row in programs.values():
        row["parameters"] = sorted(set(row["parameters"]) - every)
    version = (src / "global" / "mail_version.h").read_text(errors="replace")
    release = re.search(r'#define\s+MAIL_VERSION_NUMBER\s+"([^"]+)"', version)
    return {
        "source": f"Postfix {release.group(1) if release else 'unknown'}",
        "every_program": sorted(every),
        "commands": sorted(commands),
        "programs": dict(sorted(programs.items())),
    }


def _skeletons(src: Path) -> set[str]:
    """The master skeleton functions a daemon calls (stops when there are none: without
    them every program would be taken for a command)."""
    header = src / "master" / "mail_server.h"
    found = (
        set(_SKELETON.findall(header.read_text(errors="replace"))) if header.is_file() else set()
    )
    if not found:
        raise SystemExit(f"{header}: no *_server_main declarations")
    return found


def _read_by(
    directory: Path,
    names: dict[str, str],
    symbols: Symbols,
    global_entries: list[tuple[str, str]],
    skeletons: set[str],
) -> tuple[dict[str, dict[str, object]], bool]:
    """The rows of the program(s) a directory builds, and whether they are daemons (run
    from master.cf through a master skeleton)."""
    files = _sources(directory)
    texts = {path.name: path.read_text(errors="replace") for path in files}
    headers = [h.read_text(errors="replace") for h in sorted(directory.glob("*.h"))]
    code = " ".join(_code(t, f"{directory.name}/{name}") for name, t in texts.items())
    # Calls in its own C files (the master's directory declares the skeletons in headers).
    daemon = not skeletons.isdisjoint(_IDENT.findall(code))
    code += " " + " ".join(_code(t) for t in headers)
    mine = set(_IDENT.findall(code))
    used = mine | symbols.reach(mine)
    own: dict[str, set[str]] = {}
    own_suffixes: set[str] = set()
    transport_suffixes: set[str] = set()
    names_from: set[str | None] = set()
    any_name_with: set[str] = set()
    mentioned: set[str] = set()
    for file, text in texts.items():
        for table, entries in _tables(text, names):
            program = "lmtp" if table.startswith("lmtp_") else directory.name
            own.setdefault(program, set()).update(name for name, _var in entries)
        for argument, suffix in _SUFFIX_READ.findall(_code(text)):
            target = own_suffixes if argument == OWN_SERVICE_ARGUMENT else transport_suffixes
            target.add(names[suffix])
        for macro in _SINGLE_READ.findall(_code(text)):
            own.setdefault(directory.name, set()).add(names[macro])
        for argument in _DYNAMIC_READ.findall(_code(text)):
            if argument.startswith("VAR_"):
                own.setdefault(directory.name, set()).add(names[argument])
                continue
            key = (directory.name, file)
            if key not in DYNAMIC:
                raise SystemExit(f"{directory.name}/{file}: unknown run-time lookup {argument}")
            names_from.add(DYNAMIC[key])
            if DYNAMIC[key] is None:
                parameter, builtin = ANY_NAME_FILES[key]
                any_name_with.add(parameter)
                mentioned |= set(_TEMPLATE_NAME.findall(_COMMENT.sub(" ", texts[builtin])))
    common = {name for name, var in global_entries if var in used}
    unread = mentioned - common - own.get(directory.name, set())
    if unread:
        raise SystemExit(f"{directory.name}: built-in text names {sorted(unread)}, not read")
    rows = {}
    for program in sorted(set(own) | {directory.name}):
        parameters = common | own.get(program, set())
        rows[program] = {
            "parameters": sorted(parameters),
            "own_service_suffixes": sorted(own_suffixes),
            "transport_suffixes": sorted(transport_suffixes),
            "names_from": sorted(names_from, key=lambda n: n or ""),
            "any_name_with": sorted(any_name_with),
        }
    return rows, daemon


def with_other(data: dict[str, object], older: dict[str, object]) -> dict[str, object]:
    """`data` where each of its programs also reads what it reads in `older`, another release
    (a program only `older` has is left out: the facts of `data` cannot tell about it)."""
    every = set(data["every_program"])  # type: ignore[arg-type]
    rows: dict[str, dict[str, list[str | None]]] = data["programs"]  # type: ignore[assignment]
    old_rows: dict[str, dict[str, list[str | None]]] = older["programs"]  # type: ignore[assignment]
    for program, row in rows.items():
        old = old_rows.get(program)
        if old is None:
            continue
        for key in (
            "parameters",
            "own_service_suffixes",
            "transport_suffixes",
            "names_from",
            "any_name_with",
        ):
            merged = set(row[key]) | set(old[key])
            if key == "parameters":
                merged = (merged | set(older["every_program"])) - every  # type: ignore[arg-type]
            row[key] = sorted(merged, key=lambda n: n or "")
    sources = [*data.get("also_sources", []), older["source"]]  # type: ignore[list-item]
    # A command in either release counts as one (it reads main.cf with no master.cf entry).
    commands = set(data["commands"]) | (set(older["commands"]) & set(rows))  # type: ignore[arg-type]
    return {**data, "commands": sorted(commands), "also_sources": sources}


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    output = Path(argv[1]) if len(argv) > 1 else DEFAULT_OUTPUT
    data = generate(Path(argv[0]))
    for other in argv[2:]:
        data = with_other(data, generate(Path(other)))
    (output / OUTPUT_NAME).write_text(json.dumps(data, indent=1) + "\n")
    print(f"{len(data['programs'])} programs written to {output / OUTPUT_NAME}")  # type: ignore[arg-type]
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
