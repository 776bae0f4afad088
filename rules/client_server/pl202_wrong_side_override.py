"""PL202: a client (smtp_) parameter on a server service, or the reverse, in master.cf."""

from __future__ import annotations

from collections.abc import Iterator

from postlint.api import Context, Diagnostic, Rule, Severity

SERVER_PROGRAMS = ("smtpd", "postscreen", "tlsproxy")
CLIENT_PROGRAMS = ("smtp", "lmtp")


class WrongSideOverride(Rule):
    """An `-o` override that the service's program never reads.

    ## What it does
    Reports `-o smtp_*` or `-o lmtp_*` (client parameters) on services that run `smtpd`,
    `postscreen` or `tlsproxy`, and `-o smtpd_*` or `-o postscreen_*` on services that run
    `smtp` or `lmtp`.

    ## Why it matters
    postconf accepts any valid name in any service, so nothing warns; the override silently
    does nothing. `-o smtp_tls_security_level=encrypt` on the submission service does not
    require TLS from mail clients.

    ## Example
    ```
    submission inet n - n - - smtpd
      -o smtp_tls_security_level=encrypt
    ```

    ## Use instead
    ```
    submission inet n - n - - smtpd
      -o smtpd_tls_security_level=encrypt
    ```

    ## Fix safety
    No automatic fix: the intended parameter is usually, but not always, the twin.

    ## References
    - master(5) "-o name=value"; SMTP_VS_SMTPD reference notes
    """

    code = "PL202"
    name = "wrong-side-override"
    family = "client-server"
    severity = Severity.WARNING

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        if ctx.master is None:
            return
        service_names = ctx.config.service_defaults
        for svc in ctx.master.services():
            program = svc.program
            for override in svc.overrides:
                name = override.name
                if not name or name in service_names or name_span_missing(override):
                    continue
                info = ctx.catalogue.get(name)
                if info is None or info.side is None:
                    continue
                if (
                    program in SERVER_PROGRAMS
                    and info.side == "client"
                    and not name.startswith("smtpd_")
                ):
                    twin = "smtpd_" + name.split("_", 1)[1]
                    yield ctx.diagnostic(
                        ctx.master,
                        override.span,
                        f"{name} is an SMTP client (outbound) parameter; {svc.key} runs "
                        f"{program}, which ignores it"
                        + (f"; did you mean {twin}?" if twin in ctx.config.builtin_names else ""),
                        service=svc,
                    )
                elif program in CLIENT_PROGRAMS and info.side == "server":
                    yield ctx.diagnostic(
                        ctx.master,
                        override.span,
                        f"{name} is an SMTP server (inbound) parameter; {svc.key} runs "
                        f"{program}, which ignores it",
                        service=svc,
                    )


def name_span_missing(override: object) -> bool:
    return getattr(override, "name_span", None) is None
