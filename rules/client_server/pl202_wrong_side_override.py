"""PL202: a client (smtp_) parameter on a server service, or the reverse, in master.cf."""

from __future__ import annotations

from collections.abc import Iterator

from postlint_rules.client_server.daemons import own_twin

from postlint.api import Context, Diagnostic, Rule, Severity

SERVER_PROGRAMS = ("smtpd", "postscreen", "tlsproxy")
CLIENT_PROGRAMS = ("smtp", "lmtp")


class WrongSideOverride(Rule):
    """An `-o` override that the service's program never reads.

    ## What it does
    Reports `-o smtp_*` or `-o lmtp_*` (client parameters) on services that run `smtpd`,
    `postscreen` or `tlsproxy`, and `-o smtpd_*` or `-o postscreen_*` on services that run
    `smtp` or `lmtp`.

    The message names the twin the service's program reads (`smtpd_` for smtpd,
    `postscreen_` for postscreen, `smtp_`/`lmtp_` for the clients) when it exists, and
    otherwise says to delete the line.

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
                    twin = own_twin(svc, name, ctx.config.builtin_names)
                    yield ctx.diagnostic(
                        ctx.master,
                        override.span,
                        f"{name} is an SMTP client (outbound) parameter; {svc.key} runs "
                        f"{program}, which ignores it" + _advice(twin),
                        service=svc,
                    )
                elif program in CLIENT_PROGRAMS and info.side == "server":
                    twin = own_twin(svc, name, ctx.config.builtin_names)
                    yield ctx.diagnostic(
                        ctx.master,
                        override.span,
                        f"{name} is an SMTP server (inbound) parameter; {svc.key} runs "
                        f"{program}, which ignores it" + _advice(twin),
                        service=svc,
                    )


def _advice(twin: str | None) -> str:
    """Name the twin the program reads, else say the line does nothing."""
    return f"; did you mean {twin}?" if twin else "; delete this -o"


def name_span_missing(override: object) -> bool:
    return getattr(override, "name_span", None) is None
