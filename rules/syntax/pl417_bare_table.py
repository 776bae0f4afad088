"""PL417: a bare type:table in a restriction list that has no implied access check."""

from __future__ import annotations

from collections.abc import Iterator

from postlint.api import (
    Context,
    Diagnostic,
    Rule,
    Severity,
    restriction_list_names,
    restriction_lists,
    walk_restrictions,
)

# Lists the SMTP server reads without a default check_*_access for bare tables.
NO_IMPLIED_CHECK = ("smtpd_data_restrictions", "smtpd_end_of_data_restrictions")


class BareTable(Rule):
    """A lookup table stands alone in `smtpd_data_restrictions` or the end-of-data list.

    ## What it does
    Reports a `type:table` word that is not the argument of a `check_*_access` restriction
    in `smtpd_data_restrictions` or `smtpd_end_of_data_restrictions` (main.cf or `-o`).

    ## Why it matters
    In the client, HELO, sender, recipient, relay and ETRN lists a bare table is short for
    the list's own access check (`check_client_access` and so on). The DATA and end-of-data
    lists have none: the SMTP server logs "specify one of (check_client_access, ...) before
    ... restriction" and answers every message with "451 4.3.5 Server configuration error".

    ## Example
    ```
    smtpd_data_restrictions = hash:/etc/postfix/data_access, reject_unauth_pipelining
    ```

    ## Use instead
    ```
    smtpd_data_restrictions = check_client_access hash:/etc/postfix/data_access,
        reject_unauth_pipelining
    ```

    ## Fix safety
    No automatic fix: which address the table is keyed on (client, sender, recipient) is
    your choice.

    ## References
    - Postfix src/smtpd/smtpd_check.c, generic_checks() (NO_DEF_ACL lists)
    """

    code = "PL417"
    name = "bare-table"
    family = "syntax"
    severity = Severity.ERROR

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        classes = restriction_list_names(ctx.config)
        for restriction_list in restriction_lists(ctx.config):
            if restriction_list.name not in NO_IMPLIED_CHECK:
                continue
            for step in walk_restrictions(list(restriction_list.words), classes):
                if step.kind == "table":
                    yield ctx.diagnostic(
                        restriction_list.file,
                        step.span,
                        f"{step.word} stands alone in {restriction_list.name}, which has no "
                        "implied access check: every message gets a 451 error; put "
                        "check_client_access (or check_sender_access ...) before it",
                        service=restriction_list.service,
                    )
