"""PL510: maillog_file without the postlog service that writes it."""

from __future__ import annotations

import re
from collections.abc import Iterator

from postlint.api import (
    ConfigFile,
    Context,
    Diagnostic,
    Edit,
    Fix,
    FixAvailability,
    Rule,
    Severity,
    edits,
)

# A word a master.cf service field can hold: printable ASCII, no '#' (a comment) or braces.
# (Compiled on first use, which re keeps: only asked when maillog_file is set.)
_PLAIN_NAME = r"^[!-\"$-z|~]+$"


class MaillogWithoutPostlog(Rule):
    """`maillog_file` is set, but master.cf has no `postlog` (postlogd) service.

    ## What it does
    Reports `maillog_file` when master.cf exists and no service runs `postlogd`.

    ## Why it matters
    `postfix check` and `postfix start` stop with a fatal error; logging to a file (common
    in containers) needs the postlogd service.

    ## Example
    ```
    maillog_file = /dev/stdout
    ```

    ## Use instead
    ```
    # master.cf
    postlog   unix-dgram n  -       n       -       1       postlogd
    ```

    ## Fix safety
    Safe: appends the stock `postlog` entry (named after `postlog_service_name`) to the end
    of master.cf. Postfix does not start without it, and the new service only writes the
    log file the admin asked for. No fix when master.cf already has a `unix-dgram` entry of
    that name running another program: a second entry of the same name would stop Postfix.

    ## References
    - MAILLOG_README; postconf(5) maillog_file (Postfix 3.4+)
    """

    code = "PL510"
    name = "maillog-without-postlog"
    family = "master"
    severity = Severity.ERROR
    min_version = "3.4"
    fix = FixAvailability.SOMETIMES

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        value = ctx.effective("maillog_file")
        master = ctx.master
        if master is None or not value.value.strip() or value.is_default:
            return
        if any(s.program == "postlogd" for s in ctx.config.services):
            return
        name = ctx.effective("postlog_service_name").value.strip() or "postlog"
        entry = f"{name}   unix-dgram n  -       n       -       1       postlogd"
        taken = [s for s in ctx.config.services if s.name == name and s.type == "unix-dgram"]
        file, span = ctx.where(value)
        if not re.match(_PLAIN_NAME, name):
            yield ctx.diagnostic(
                file,
                span,
                "maillog_file is set but master.cf has no postlogd service, so Postfix will "
                f"not start, and postlog_service_name = '{name}' cannot name one "
                "(blanks, '#' or braces); set postlog_service_name = postlog and add "
                "'postlog unix-dgram n - n - 1 postlogd'",
            )
            return
        if taken:
            message = (
                f"maillog_file is set but master.cf's {name} service runs "
                f"{taken[0].program}, not postlogd, so Postfix will not start; make that "
                f"entry run postlogd ('{' '.join(entry.split())}')"
            )
        else:
            message = (
                "maillog_file is set but master.cf has no postlogd service, so Postfix "
                f"will not start; add '{' '.join(entry.split())}'"
            )
        fix = None if taken else _append_entry(master, name, entry)
        yield ctx.diagnostic(file, span, message, fix=fix)


def _append_entry(master: ConfigFile, name: str, entry: str) -> Fix:
    """The entry as master.cf's last line, in the file's own line ending."""
    text, newline = master.text, edits.line_ending(master)
    prefix = newline if text and not text.endswith("\n") else ""
    end = len(text)
    return Fix.safe(
        f"Add the {name} service to master.cf",
        (Edit(master, end, end, prefix + entry + newline),),
        ((f"{name}/unix-dgram", " ".join(entry.split())),),
    )
