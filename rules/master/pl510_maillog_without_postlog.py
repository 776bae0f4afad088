"""PL510: maillog_file without the postlog service that writes it."""

from __future__ import annotations

from collections.abc import Iterator

from postlint.api import Context, Diagnostic, Rule, Severity


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
    No automatic fix.

    ## References
    - MAILLOG_README; postconf(5) maillog_file (Postfix 3.4+)
    """

    code = "PL510"
    name = "maillog-without-postlog"
    family = "master"
    severity = Severity.ERROR
    min_version = "3.4"

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        value = ctx.effective("maillog_file")
        if ctx.master is None or not value.value.strip() or value.is_default:
            return
        if any(s.program == "postlogd" for s in ctx.config.services):
            return
        file, span = ctx.where(value)
        yield ctx.diagnostic(
            file,
            span,
            "maillog_file is set but master.cf has no postlogd "
            "service, so Postfix will not start; add 'postlog unix-dgram n - n "
            "- 1 postlogd'",
        )
