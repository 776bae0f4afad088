"""PL114: TLS wrapper mode turned on in main.cf, for every smtpd."""

from __future__ import annotations

from collections.abc import Iterator

from postlint.api import (
    Applicability,
    Context,
    Diagnostic,
    Fix,
    FixAvailability,
    Rule,
    Severity,
    edits,
    is_server,
    is_smtps,
    yes,
)


class WrappermodeGlobal(Rule):
    """`smtpd_tls_wrappermode = yes` in main.cf applies to every smtpd.

    ## What it does
    Reports wrapper mode (implicit TLS, port 465) set in main.cf instead of on the 465
    service.

    ## Why it matters
    Port 25 and 587 clients speak plain SMTP first and then STARTTLS; in wrapper mode the
    server expects a TLS handshake immediately, so those connections hang and fail.

    ## Example
    ```
    smtpd_tls_wrappermode = yes
    ```

    ## Use instead
    ```
    # master.cf
    submissions inet n - n - - smtpd
      -o smtpd_tls_wrappermode=yes
    ```

    ## Fix safety
    Unsafe: the fix deletes the main.cf line and adds `-o smtpd_tls_wrappermode=yes` to the
    465 service (both files change). It is offered only when such a service exists.

    ## References
    - postconf(5) smtpd_tls_wrappermode; RFC 8314
    """

    code = "PL114"
    name = "wrappermode-global"
    family = "tls"
    severity = Severity.ERROR
    fix = FixAvailability.SOMETIMES
    min_version = "2.3"

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        main = ctx.main
        definition = ctx.config.definition("smtpd_tls_wrappermode")
        if main is None or definition is None or not yes(definition.value):
            return
        fix = None
        target = next((s for s in ctx.config.services if is_server(s) and is_smtps(s)), None)
        if target is not None and ctx.master is not None:
            fix = Fix(
                f"Move wrapper mode to -o on {target.key}",
                (
                    edits.delete_entry(main, definition),
                    edits.set_override(ctx.master, target, "smtpd_tls_wrappermode", "yes"),
                ),
                Applicability.UNSAFE,
                (("smtpd_tls_wrappermode", None), (f"{target.key}/smtpd_tls_wrappermode", "yes")),
            )
        yield ctx.diagnostic(
            main,
            definition.span_without_newline,
            "wrapper mode in main.cf applies to every smtpd, so STARTTLS clients "
            "on ports 25 and 587 fail; set it with -o on the port-465 service "
            "only",
            fix=fix,
        )
