"""PL117: TLS is on, but whether a session was encrypted is never logged."""

from __future__ import annotations

from collections.abc import Iterator

from postlint.api import Context, Diagnostic, FixAvailability, Rule, Severity, receives_mail


class TlsNotLogged(Rule):
    """TLS is enabled while `smtp_tls_loglevel` or `smtpd_tls_loglevel` is 0.

    ## What it does
    Reports, for the client and the server side separately, TLS in use (main.cf level not
    `none`) with log level 0 (the default).

    ## Why it matters
    Level 1 logs one "TLS connection established" line per session: the only evidence that
    mail was encrypted, which you need when Gmail's Postmaster Tools report otherwise.

    ## Example
    ```
    smtp_tls_security_level = may
    ```

    ## Use instead
    ```
    smtp_tls_security_level = may
    smtp_tls_loglevel = 1
    ```

    ## Fix safety
    Safe when the log level is unset: the fix adds level 1, and only logging changes. Unsafe
    when you wrote `0`: the fix then changes a value you chose.

    ## References
    - TLS_README (quick-start sets smtpd_tls_loglevel = 1); postconf(5) smtp_tls_loglevel
    """

    code = "PL117"
    name = "tls-not-logged"
    family = "tls"
    severity = Severity.INFO
    fix = FixAvailability.ALWAYS
    min_version = "2.3"

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        if ctx.main is None:
            return
        for prefix, side in (("smtp", "outbound"), ("smtpd", "inbound")):
            if ctx.tls_level(prefix, None).level == "none":
                continue
            if prefix == "smtpd" and not receives_mail(ctx.config):
                continue  # nothing comes in to log; PL201 says the smtpd_ level was a mix-up
            name = f"{prefix}_tls_loglevel"
            value = ctx.effective(name)
            if value.value.strip() != "0":
                continue
            file, span, fix = ctx.set_parameter(name, "1")
            yield ctx.diagnostic(
                file,
                span,
                f"{side} TLS is on but {name} is 0, so nothing shows whether "
                f"mail was encrypted; set {name} = 1",
                fix=fix,
            )
