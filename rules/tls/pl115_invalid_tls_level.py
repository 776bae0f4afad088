"""PL115: a TLS security level the client or server does not know."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from postlint.api import (
    CLIENT_LEVELS,
    SERVER_LEVELS,
    ConfigFile,
    Context,
    Diagnostic,
    Rule,
    Service,
    Severity,
    Span,
)

CLIENT_PARAMETERS = (
    "smtp_tls_security_level",
    "lmtp_tls_security_level",
    "tlsproxy_client_security_level",
)
SERVER_PARAMETERS = (
    "smtpd_tls_security_level",
    "postscreen_tls_security_level",
    "tlsproxy_tls_security_level",
)


class InvalidTlsLevel(Rule):
    """A `*_tls_security_level` value that is not a level, or a client-only level on a server.

    ## What it does
    Client levels are none, may, encrypt, dane, dane-only, fingerprint, verify, secure.
    Server levels are none, may, encrypt. Anything else is reported; a client-only level on
    the server side is reported as "works as encrypt".

    ## Why it matters
    An unknown level is fatal: the smtp or smtpd process dies with "Invalid TLS level" and
    mail stops. On the server, `verify`/`secure` are downgraded to `encrypt` with a warning:
    the config does not do what it says.

    ## Example
    ```
    smtpd_tls_security_level = verify
    smtp_tls_security_level = opportunistic
    ```

    ## Use instead
    ```
    smtpd_tls_security_level = encrypt
    smtp_tls_security_level = may
    ```

    ## Fix safety
    No automatic fix.

    ## References
    - postconf(5) smtp_tls_security_level, smtpd_tls_security_level
    """

    code = "PL115"
    name = "invalid-tls-level"
    family = "tls"
    severity = Severity.ERROR
    other_severities: ClassVar[dict[Severity, str]] = {
        Severity.WARNING: "a client-side level on the server, read as encrypt"
    }
    min_version = "2.3"

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        for setting in ctx.settings({*CLIENT_PARAMETERS, *SERVER_PARAMETERS}, only_read=True):
            yield from self._check(
                ctx, setting.file, setting.name, setting.value, setting.span, setting.service
            )

    def _check(
        self,
        ctx: Context,
        file: ConfigFile,
        name: str,
        value: str,
        span: Span,
        service: Service | None,
    ) -> Iterator[Diagnostic]:
        level = value.strip()
        if not level or "$" in level:
            return
        if name in CLIENT_PARAMETERS and level not in CLIENT_LEVELS:
            yield ctx.diagnostic(
                file,
                span,
                f"'{level}' is not a TLS level; the client stops "
                f"with 'Invalid TLS level'; use one of {', '.join(CLIENT_LEVELS)}",
                service=service,
            )
        elif name in SERVER_PARAMETERS and level not in SERVER_LEVELS:
            if level in CLIENT_LEVELS:
                yield ctx.diagnostic(
                    file,
                    span,
                    f"'{level}' is a client-side level; the server "
                    "treats it as encrypt; write none, may or encrypt",
                    service=service,
                    severity=Severity.WARNING,
                )
            else:
                yield ctx.diagnostic(
                    file,
                    span,
                    f"'{level}' is not a TLS level; the server "
                    "stops with 'Invalid TLS level'; use none, may or encrypt",
                    service=service,
                )
