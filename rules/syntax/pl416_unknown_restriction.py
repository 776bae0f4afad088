"""PL416: a restriction list names something the SMTP server does not know, or lacks an argument."""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from typing import ClassVar

from postlint.api import (
    Context,
    Diagnostic,
    Rule,
    Severity,
    known_restrictions,
    restriction_list_names,
    restriction_lists,
    shorten,
    walk_restrictions,
)


@lru_cache(maxsize=4096)
def _closest(word: str) -> str | None:
    """The known restriction nearest in spelling (memoised: editors re-lint on each key)."""
    import difflib  # here: only for a name to suggest (~1 ms of every start)

    near = difflib.get_close_matches(word, known_restrictions(), n=1)
    return near[0] if near else None


class UnknownRestriction(Rule):
    """A restriction list has an unknown name, or a restriction without its argument.

    ## What it does
    Reads every `smtpd_*_restrictions` list and restriction class, in main.cf and master.cf
    `-o`, after `$name` expansion, the way the SMTP server does: restriction names (in any
    case), the word each one consumes (`check_*_access` a `type:table`,
    `check_policy_service` a `transport:server`, `sleep` a number, `reject_rbl_client` and
    the other DNS list checks a domain), bare tables and restriction class names. Anything
    else is an unknown restriction.

    ## Why it matters
    Postfix does not check these names when it starts. When a mail reaches an unknown name,
    a `check_*_access` without a table or a `check_policy_service` without a server, the
    SMTP server answers "451 4.3.5 Server configuration error": every mail at that stage is
    refused until the list is fixed. A DNS list check without its domain is skipped with a
    warning, so the protection you meant to have is not there.

    ## Example
    ```
    smtpd_recipient_restrictions = permit_mynetworks, reject_unauth_destinaton,
        check_client_access
    ```

    ## Use instead
    ```
    smtpd_recipient_restrictions = permit_mynetworks, reject_unauth_destination,
        check_client_access hash:/etc/postfix/client_access
    ```

    ## Fix safety
    No automatic fix: a near miss is named in the message, but only you know what the
    list should do.

    ## References
    - Postfix src/smtpd/smtpd_check.c, generic_checks(); postconf(5) smtpd_*_restrictions
    """

    code = "PL416"
    name = "unknown-restriction"
    family = "syntax"
    severity = Severity.ERROR
    other_severities: ClassVar[dict[Severity, str]] = {
        Severity.WARNING: "a word Postfix skips with a warning"
    }

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        classes = restriction_list_names(ctx.config)
        for restriction_list in restriction_lists(ctx.config):
            for step in walk_restrictions(list(restriction_list.words), classes):
                message = self._problem(step.word, step.kind, step.problem)
                if message is None:
                    continue
                skipped = step.problem is not None and "domain" in step.problem
                yield ctx.diagnostic(
                    restriction_list.file,
                    step.span,
                    f"{restriction_list.name}: {message}",
                    service=restriction_list.service,
                    severity=Severity.WARNING if skipped else Severity.ERROR,
                )

    @staticmethod
    def _problem(word: str, kind: str, problem: str | None) -> str | None:
        if kind == "unknown":
            near = _closest(word.lower())
            hint = f" (did you mean {near}?)" if near else ""
            return (
                f"unknown restriction '{shorten(word)}'{hint}: every mail that reaches it gets "
                "'451 4.3.5 Server configuration error'"
            )
        if problem is None:
            return None
        if "domain" in problem:
            return f"{shorten(word)} {problem}; Postfix skips it with a warning"
        return f"{shorten(word)} {problem}; every mail that reaches it gets a 451 error"
