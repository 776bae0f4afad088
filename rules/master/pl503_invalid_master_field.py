"""PL503: a master.cf entry with a bad field count or an invalid field value."""

from __future__ import annotations

from collections.abc import Iterator

from postlint.api import (
    BrokenEntry,
    Context,
    Diagnostic,
    ErrorKind,
    Rule,
    Service,
    Severity,
    Span,
    master_field_problem,
)

_FIELD_INDEX = {
    "type": 1,
    "private": 2,
    "unprivileged": 3,
    "chroot": 4,
    "wakeup": 5,
    "process_limit": 6,
}


class InvalidMasterField(Rule):
    """A master.cf service entry that Postfix rejects.

    ## What it does
    Reports entries with fewer than 8 fields, a type other than `inet`, `unix`,
    `unix-dgram`, `fifo` or `pass`, private/unprivileged/chroot values other than `y`, `n`
    or `-` (`yes`/`no` are not accepted), a wakeup that is not `-`, `N` or `N?`, a process
    limit that is not `-` or a number, and `-o { ... }` groups without `=` or with
    unbalanced braces.

    ## Why it matters
    postconf and the master daemon stop with a fatal error: Postfix does not start.

    ## Example
    ```
    submission inet n - yes - - smtpd
    ```

    ## Use instead
    ```
    submission inet n - y - - smtpd
    ```

    ## Fix safety
    No automatic fix.

    ## References
    - master(5); postconf_master.c pcf_check_master_entry(); SYNTAX.md 5.2
    """

    code = "PL503"
    name = "invalid-master-field"
    family = "master"
    severity = Severity.ERROR

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        master = ctx.master
        if master is None:
            return
        for entry in master.entries():
            if isinstance(entry, BrokenEntry) and entry.error is ErrorKind.FIELD_COUNT:
                first = entry.lines[0]
                yield ctx.diagnostic(
                    master,
                    Span(first.start, first.start + len(first.content.rstrip("\r"))),
                    "a master.cf entry needs 8 fields (service type private unpriv chroot "
                    "wakeup maxproc command); Postfix will not start",
                )
            elif isinstance(entry, Service):
                problem = master_field_problem(entry, ctx.version)
                if problem:
                    field = problem.split(" ", 2)[1]
                    span = entry.fields[_FIELD_INDEX.get(field, 0)].span
                    yield ctx.diagnostic(
                        master,
                        span,
                        f"{problem.split(' in ')[0]}; Postfix will not start",
                        service=entry,
                    )
                for warning in entry.warnings:
                    yield ctx.diagnostic(
                        master,
                        entry.fields[7].span,
                        f"{warning}; the daemon stops when it starts",
                        service=entry,
                    )
