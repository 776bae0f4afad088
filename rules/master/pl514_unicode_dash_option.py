"""PL514: a master.cf option written with an en dash or another look-alike of '-'."""

from __future__ import annotations

from collections.abc import Iterator

from postlint.api import (
    FIELD_COUNT,
    ConfigFile,
    Context,
    DaemonOption,
    Diagnostic,
    Edit,
    Fix,
    FixAvailability,
    Rule,
    Service,
    Severity,
    daemon_options,
    read_override,
)

# Characters that editors, word processors and web pages put where '-' was typed.
DASHES = {
    "\u2010": "HYPHEN",
    "\u2011": "NON-BREAKING HYPHEN",
    "\u2012": "FIGURE DASH",
    "\u2013": "EN DASH",
    "\u2014": "EM DASH",
    "\u2015": "HORIZONTAL BAR",
    "\u2212": "MINUS SIGN",
    "\ufe63": "SMALL HYPHEN-MINUS",
    "\uff0d": "FULLWIDTH HYPHEN-MINUS",
    # A file saved in Windows-1252: its en and em dash bytes are not UTF-8 and are read as
    # these stand-ins (surrogateescape), one per byte.
    chr(0xDC96): "EN DASH in Windows-1252",
    chr(0xDC97): "EM DASH in Windows-1252",
}


class UnicodeDashOption(Rule):
    """`–o name=value` with an en dash (or another dash that is not '-').

    ## What it does
    Reports a master.cf command argument, before any `argv=`, that starts with a dash other
    than the ASCII hyphen-minus and a letter: `–o`, `—v`, `−o`, or the en/em dash bytes
    (0x96, 0x97) of a master.cf saved in Windows-1252.

    ## Why it matters
    Text copied from a web page or a word processor often has `-o` turned into `–o`. The
    program does not see an option but a plain argument: Postfix daemons stop with
    "unexpected command-line argument" on every connection or request, and the setting
    that `-o` should have made is not made.

    ## Example
    ```
    submission inet n - n - - smtpd
      –o smtpd_tls_security_level=encrypt
    ```

    ## Use instead
    ```
    submission inet n - n - - smtpd
      -o smtpd_tls_security_level=encrypt
    ```

    ## Fix safety
    Safe for `–o name=value`: the service cannot run with the stray argument, and `-o` is
    the only reading under which it starts. Unsafe for any other option, whose meaning
    postlint does not check, also one the repair lets through after it (`-D` runs the
    daemon under the debugger command), and after an option that takes a value (`-s –o`:
    the daemon reads `-o` as that value, postconf as an option).

    ## References
    - master(5) command arguments; the daemons' "unexpected command-line argument" check
    """

    code = "PL514"
    name = "unicode-dash-option"
    family = "master"
    severity = Severity.ERROR
    fix = FixAvailability.ALWAYS

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        master = ctx.master
        if master is None or master.text.isascii():
            return
        for service in master.services():
            stray = _stray_dashes(service)
            if not stray:
                continue
            fix = _fix(master, service, stray)
            for index in stray:
                field = service.arguments[index]
                dash = field.text[0]
                yield ctx.diagnostic(
                    master,
                    field.span,
                    f"{field.text} starts with {_code(dash)} {DASHES[dash]}, not '-': "
                    f"{service.key} gets a plain argument instead of an option and stops "
                    f'with "unexpected command-line argument"; type -{field.text[1:]}',
                    service=service,
                    fix=fix if index == stray[0] else None,
                )


def _code(dash: str) -> str:
    """U+2013, or the byte of a dash that was not UTF-8 (byte 0x96)."""
    code = ord(dash)
    return f"byte 0x{code - 0xDC00:02X}" if 0xDC80 <= code <= 0xDCFF else f"U+{code:04X}"


def _stray_dashes(service: Service) -> list[int]:
    """Indexes of the arguments, before any argv=, that start with a look-alike dash and a
    letter (an option as typed)."""
    found = []
    for index, field in enumerate(service.arguments):
        if field.text.startswith("argv="):
            break  # the rest is an external command's own arguments
        if field.text[:1] in DASHES and field.text[1:2].isalpha():
            found.append(index)
    return found


def _fix(master: ConfigFile, service: Service, stray: list[int]) -> Fix:
    """One fix per service for all its look-alike dashes: postconf stops reading options at
    the first of them, so the -o options after it take effect only once all are fixed."""
    words = [field.text for field in service.arguments]
    for index in stray:
        words[index] = "-" + words[index][1:]
    edits = []
    for index in stray:
        start = service.arguments[index].span.start
        edits.append(Edit(master, start, start + 1, "-"))
    # Every -o from the first repaired dash on takes effect, in whichever form it is
    # written (-o name=value, -oname=value, -vo name=value, -o { name = value }).
    # The entry's command changes in any case; -M shows the repaired words.
    fields = [field.text for field in service.fields[:FIELD_COUNT]]
    changes: list[tuple[str, str | None]] = [(service.key, " ".join(fields + words))]
    options = list(daemon_options(words))
    # A repaired word that the daemons' getopt takes as the value of an option before it
    # (`-s –o x=y`) is an -o to postconf, whose walk gives only -o a value: the two then
    # read the entry differently, and the change postconf shows is not the one declared.
    safe = not any(o.letter not in ("o", "") and o.value_index in stray for o in options)
    for option in options:
        if option.index < stray[0]:
            continue  # read before the repair too
        if option.flags or option.letter not in ("o", ""):
            # An option other than -o that the repair lets through (-v, -D: the
            # debugger) is a change this fix does not declare.
            safe = False
        if option.letter != "o":
            continue
        setting = _setting(words, option)
        if setting is None:
            safe = False  # an -o postconf warns about: not a change this fix can declare
        else:
            changes.append((f"{service.key}/{setting[0]}", setting[1]))
    if any(words[index] != "-o" for index in stray):
        safe = False  # an option other than -o: what it does is not checked here
    title = "Write the options with '-'"
    # The first dash's finding carries the fix; the others' findings are repaired too.
    others = [service.arguments[index].span for index in stray[1:]]
    if safe:
        return Fix.safe(title, edits, changes, others)
    return Fix.unsafe(title, edits, changes, others)


def _setting(words: list[str], option: DaemonOption) -> tuple[str, str] | None:
    """(name, value) that an -o sets; None when postconf would not read one from it (no
    value, no '=', no name, a malformed { } form)."""
    if option.value_index is None:
        return None
    read = read_override(words[option.value_index][option.value_offset :])
    if read.name is None or read.value is None or read.error:
        return None
    name = read.inner[read.name[0] : read.name[1]]
    if not name or name.startswith("{"):
        return None
    return name, read.inner[read.value[0] : read.value[1]]
