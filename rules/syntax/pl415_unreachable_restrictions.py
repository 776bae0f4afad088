"""PL415: restrictions after an unconditional permit, reject or defer never run."""

from __future__ import annotations

from collections.abc import Iterator

from postlint.api import Context, Diagnostic, Rule, Severity, Span, restriction_items

TERMINAL = ("permit", "reject", "defer")


class UnreachableRestrictions(Rule):
    """Entries after `permit`, `reject` or `defer` in a restriction list are never reached.

    ## What it does
    Reports the first entry that follows an unconditional `permit`, `reject` or `defer` in
    the same restriction list.

    ## Why it matters
    smtpd stops at the first decision; later entries (often the spam checks someone added at
    the end) never run, and smtpd logs "restriction ... after ... is ignored".

    ## Example
    ```
    smtpd_client_restrictions = permit_mynetworks, reject, reject_rbl_client zen.example
    ```

    ## Use instead
    ```
    smtpd_client_restrictions = permit_mynetworks, reject_rbl_client zen.example, reject
    ```

    ## Fix safety
    No automatic fix: moving restrictions changes which mail is accepted.

    ## References
    - postconf(5) smtpd_client_restrictions; smtpd/smtpd_check.c
    """

    code = "PL415"
    name = "unreachable-restrictions"
    family = "syntax"
    severity = Severity.WARNING

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        # Per list (per service for -o lists): the terminal entry met so far, if any.
        stopped: dict[tuple[object, ...], str] = {}
        for item in restriction_items(ctx.config):
            key = (item.list_name, item.file.kind, item.origin)
            state = stopped.get(key)
            if state == "":
                continue  # already reported for this list
            if state is not None:
                stopped[key] = ""
                yield ctx.diagnostic(
                    item.file,
                    Span(item.span.start, item.span.end),
                    f"{item.name} in {item.list_name} comes after '{state}' and "
                    "is never reached; move it before that",
                    service=item.service,
                )
            elif item.name in TERMINAL:
                stopped[key] = item.name
