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
from collections.abc import Iterable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # scripts/ is no package
from c_sources import (
    COMMENT,
    IDENT,
    Symbols,
    code_text,
    config_tables,
    macro_names,
    make_words,
    sources,
)

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
# The list-valued fields of a program's row, each merged on its own by with_other.
ROW_LISTS = (
    "parameters",
    "own_service_suffixes",
    "transport_suffixes",
    "names_from",
    "any_name_with",
)
# References that change nothing an -o is written for, by file: variable -> how many. A
# different count stops the generator, so a new real use is not hidden.
NOT_A_USE = {
    # Its declaration, and a sanity check: every daemon refuses to start when relayhost
    # equals myhostname (before 3.5 also a warning when it lists more than one host).
    "global/mail_params.c": {"var_relayhost": (2, 5)},
    # The smtp client names relayhost in a warning about an MX pointing back at this host.
    "smtp/smtp_connect.c": {"var_relayhost": (1,)},
}

# (qmgr_feedback_init(fb, name, SUFFIX, ...) reads the feedback settings the same way.)
_SUFFIX_READ = re.compile(
    r"(?:get_mail_conf_\w+2|qmgr_feedback_init)\((?:\s*&[\w>-]+,)?\s*(\w+)\s*,\s*(_\w+)"
)
_DYNAMIC_READ = re.compile(r"mail_conf_lookup_eval\(\s*(\w+)\s*\)")
# One value read outside a table: get_mail_conf_time(VAR_X, ...).
_SINGLE_READ = re.compile(r"get_mail_conf_[a-z]+(?:_fn)?\(\s*(VAR_\w+)")


def _code(text: str, key: str = "") -> str:
    return code_text(text, key, NOT_A_USE)


def generate(source: Path) -> dict[str, object]:
    src = source / "src"
    names = macro_names(src)
    symbols = Symbols(NOT_A_USE)
    for library in LIBRARIES:
        variable = "LIB_OBJ" if library == "master" else "OBJS"
        for path in sources(src / library, variable):
            symbols.add_file(f"{library}/{path.name}", path.read_text(errors="replace"))
        for header in sorted((src / library).glob("*.h")):
            symbols.add_file(f"{library}/{header.name}", header.read_text(errors="replace"))
    global_entries: list[tuple[str, str]] = []
    for table_file in GLOBAL_TABLES:
        for _table, entries in config_tables((src / table_file).read_text(errors="replace"), names):
            global_entries += entries
    skeletons = _skeletons(src)
    programs: dict[str, dict[str, object]] = {}
    commands: set[str] = set()
    for directory in sorted(p for p in src.iterdir() if p.is_dir() and p.name not in SKIPPED):
        if not (directory / "Makefile.in").is_file() or not make_words(directory, "PROG"):
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
    files = sources(directory)
    texts = {path.name: path.read_text(errors="replace") for path in files}
    headers = [h.read_text(errors="replace") for h in sorted(directory.glob("*.h"))]
    code = " ".join(_code(t, f"{directory.name}/{name}") for name, t in texts.items())
    # Calls in its own C files (the master's directory declares the skeletons in headers).
    daemon = not skeletons.isdisjoint(IDENT.findall(code))
    code += " " + " ".join(_code(t) for t in headers)
    mine = set(IDENT.findall(code))
    used = mine | symbols.reach(mine)
    own: dict[str, set[str]] = {}
    own_suffixes: set[str] = set()
    transport_suffixes: set[str] = set()
    names_from: set[str | None] = set()
    any_name_with: set[str] = set()
    mentioned: set[str] = set()
    for file, text in texts.items():
        plain = _code(text)  # the three reads below look at the same code text
        for table, entries in config_tables(text, names):
            program = "lmtp" if table.startswith("lmtp_") else directory.name
            own.setdefault(program, set()).update(name for name, _var in entries)
        for argument, suffix in _SUFFIX_READ.findall(plain):
            target = own_suffixes if argument == OWN_SERVICE_ARGUMENT else transport_suffixes
            target.add(names[suffix])
        for macro in _SINGLE_READ.findall(plain):
            own.setdefault(directory.name, set()).add(names[macro])
        for argument in _DYNAMIC_READ.findall(plain):
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
                mentioned |= set(_TEMPLATE_NAME.findall(COMMENT.sub(" ", texts[builtin])))
    common = {name for name, var in global_entries if var in used}
    unread = mentioned - common - own.get(directory.name, set())
    if unread:
        raise SystemExit(f"{directory.name}: built-in text names {sorted(unread)}, not read")
    rows = {}
    for program in sorted(set(own) | {directory.name}):
        lists = (common | own.get(program, set()), own_suffixes, transport_suffixes)
        values = (*lists, names_from, any_name_with)
        rows[program] = {key: _sorted(v) for key, v in zip(ROW_LISTS, values, strict=True)}
    return rows, daemon


def _sorted(names: Iterable[str | None]) -> list[str | None]:
    return sorted(names, key=lambda n: n or "")  # None (any name) first


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
        for key in ROW_LISTS:
            merged = set(row[key]) | set(old[key])
            if key == "parameters":
                merged = (merged | set(older["every_program"])) - every  # type: ignore[arg-type]
            row[key] = _sorted(merged)
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
