"""PL511: SMTP AUTH offered on the public port 25."""

from __future__ import annotations

from collections.abc import Iterator

from postlint.api import Context, Diagnostic, Rule, Severity, receives_on_port_25, yes


class AuthOnPort25(Rule):
    """SASL authentication is enabled on the port-25 server.

    ## What it does
    Reports `smtpd_sasl_auth_enable = yes` in effect for the smtpd that receives mail on
    port 25 (typically set globally in main.cf instead of on the submission service).

    ## Why it matters
    Port 25 is for other mail servers; offering AUTH there invites password guessing from the
    whole Internet. Mail clients belong on 587/465.

    ## Example
    ```
    smtpd_sasl_auth_enable = yes
    ```

    ## Use instead
    ```
    # master.cf, submission service only
      -o smtpd_sasl_auth_enable=yes
    ```

    ## Fix safety
    No automatic fix: clients that send on port 25 with AUTH would stop working.

    ## References
    - the stock master.cf (SASL only on submission/submissions)
    """

    code = "PL511"
    name = "auth-on-port-25"
    family = "master"
    severity = Severity.INFO

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        for svc in ctx.config.services:
            if svc.program != "smtpd" or not receives_on_port_25(ctx.config, svc):
                continue
            sasl = ctx.effective("smtpd_sasl_auth_enable", svc)
            if yes(sasl.value):
                file, span = ctx.where(sasl)
                yield ctx.diagnostic(
                    file,
                    span,
                    f"{svc.key} (port 25) offers AUTH; enable SASL only on the submission services",
                    service=svc,
                )
