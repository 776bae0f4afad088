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
    has_server_certificate,
    is_server,
    is_smtps,
    yes,
)

NAME = "smtpd_tls_wrappermode"


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
    Unsafe: the fix deletes the main.cf line and adds `-o smtpd_tls_wrappermode=yes` to
    every port-465 service that has no such `-o` of its own (both files change). It is
    offered only when such a service exists and has a server certificate (without one,
    wrapper mode cannot work on any port: PL105).

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
        # Every port-465 service that takes wrapper mode from main.cf keeps it (one left out
        # would start to fail its clients); one with its own -o keeps that.
        targets = [
            s
            for s in ctx.config.services
            if is_server(s) and is_smtps(s) and NAME not in ctx.config.overrides(s)
        ]
        # Without a certificate wrapper mode cannot work on any port (PL105): moving it
        # would only turn one finding into one per service.
        certified = all(has_server_certificate(ctx.config, t) for t in targets)
        if targets and certified and ctx.master is not None:
            master = ctx.master
            fix = Fix(
                f"Move wrapper mode to -o on {', '.join(t.key for t in targets)}",
                (
                    edits.delete_entry(main, definition),
                    *(
                        edits.set_override(master, t, "smtpd_tls_wrappermode", "yes")
                        for t in targets
                    ),
                ),
                Applicability.UNSAFE,
                (
                    ("smtpd_tls_wrappermode", None),
                    *((f"{t.key}/{NAME}", "yes") for t in targets),
                ),
            )
        yield ctx.diagnostic(
            main,
            definition.span_without_newline,
            "wrapper mode in main.cf applies to every smtpd, so STARTTLS clients "
            "on ports 25 and 587 fail; set it with -o on the port-465 service "
            "only",
            fix=fix,
        )
