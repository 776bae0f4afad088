"""PL513: a second master.cf entry glued onto a service's command line."""

from __future__ import annotations

import re
from collections.abc import Iterator

from postlint.api import Context, Diagnostic, Rule, Service, Severity, Span

SERVICE_TYPES = frozenset({"inet", "unix", "unix-dgram", "fifo", "pass"})
# The five fields after the type, as master.cf allows them (y/n/- flags, wakeup, limit).
# Compiled on first use (re keeps them): only an entry with extra fields is looked at.
FIELD_PATTERNS = (r"[yn-]", r"[yn-]", r"[yn-]", r"-|[0-9]+\??", r"-|[0-9]+")
# The type, the five fields and the command: what is left of an entry after its name.
WINDOW = 1 + len(FIELD_PATTERNS) + 1


class GluedServiceEntries(Rule):
    """A service's arguments hold the fields of another master.cf entry.

    ## What it does
    Reports a command line whose arguments contain a service type followed by five
    master.cf fields and a command (`unix n - n - - showq`): the shape of a whole entry,
    with only its name missing or stuck to the word before it.

    ## Why it matters
    A line break went missing, often when a script appended an entry to a master.cf
    whose last line had no newline. postconf accepts the result, but the master daemon
    runs a command that does not exist (`postlogdshowq`) or passes the other entry's
    fields as arguments, and the second service does not exist at all.

    ## Example
    ```
    postlog unix-dgram n - n - 1 postlogdshowq unix n - n - - showq
    ```

    ## Use instead
    ```
    postlog unix-dgram n - n - 1 postlogd
    showq   unix n - n - - showq
    ```

    ## Fix safety
    No automatic fix: where the two names are glued together, only the admin knows where
    one ends.

    ## References
    - master(5): one service per logical line, continuation lines start with whitespace
    - Mailu issue 2757 (an override appended to master.cf without a newline)
    """

    code = "PL513"
    name = "glued-service-entries"
    family = "master"
    severity = Severity.ERROR

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        master = ctx.master
        if master is None:
            return
        for entry in master.services():
            start = _glued_entry(entry)
            if start is None:
                continue
            window = entry.fields[start : start + WINDOW]
            before = entry.fields[start - 1].text
            shown = " ".join(f.text for f in window)
            yield ctx.diagnostic(
                master,
                Span(window[0].span.start, window[-1].span.end),
                f"'{shown}' after '{before}' are the fields of another service: a line break "
                "is missing; put each service on its own line",
                service=entry,
            )


def _glued_entry(service: Service) -> int | None:
    """The index of the first argument that starts a whole entry's fields, if any."""
    fields = service.fields
    index = 8
    while index + WINDOW <= len(fields):
        if fields[index].text == "-o":
            index += 2  # an -o value is a setting, never the start of an entry
            continue
        if fields[index].text in SERVICE_TYPES and all(
            re.fullmatch(pattern, fields[index + 1 + n].text)
            for n, pattern in enumerate(FIELD_PATTERNS)
        ):
            return index
        index += 1
    return None
