"""PL504: an inet service marked private, which the master daemon refuses."""

from __future__ import annotations

from collections.abc import Iterator

from postlint.api import (
    Applicability,
    Context,
    Diagnostic,
    Edit,
    Fix,
    FixAvailability,
    Rule,
    Severity,
)


class PrivateInetService(Rule):
    """An `inet` service with private `y` or `-` (which means `y`).

    ## What it does
    Reports inet services whose private field (the third) is not `n`.

    ## Why it matters
    The master daemon stops with "inet service cannot be private": Postfix does not start.
    postconf does not check this.

    ## Example
    ```
    submission inet - - n - - smtpd
    ```

    ## Use instead
    ```
    submission inet n - n - - smtpd
    ```

    ## Fix safety
    Safe: `n` is the only value the master daemon accepts for inet services.

    ## References
    - master(5) "private"; master/master_ent.c
    """

    code = "PL504"
    name = "private-inet-service"
    family = "master"
    severity = Severity.ERROR
    fix = FixAvailability.ALWAYS

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        master = ctx.master
        if master is None:
            return
        for service in master.services():
            if service.type != "inet" or service.private not in ("y", "-"):
                continue
            field = service.fields[2]
            yield ctx.diagnostic(
                master,
                field.span,
                f"{service.key} is an inet service, which cannot be private"
                f"{' (- means y)' if service.private == '-' else ''}; the master daemon will "
                "not start; use n",
                service=service,
                fix=Fix(
                    "Set private to n",
                    (Edit(master, field.span.start, field.span.end, "n"),),
                    Applicability.SAFE,
                    ((service.key, "private=n"),),
                ),
            )
