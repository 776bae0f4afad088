"""PL106: SMTP AUTH may happen before TLS, so passwords can cross the network in clear."""

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
)
from postlint.postfix.services import server_roles, tls_level, yes


class SaslOverPlaintext(Rule):
    """SASL authentication is offered without requiring TLS first.

    ## What it does
    Reports smtpd services with `smtpd_sasl_auth_enable = yes` where neither
    `smtpd_tls_auth_only = yes`, nor level `encrypt`, nor wrapper mode keeps AUTH behind TLS.

    ## Why it matters
    Mail clients then may send passwords (PLAIN/LOGIN) unencrypted, and anyone on the path
    can read them.

    ## Example
    ```
    smtpd_sasl_auth_enable = yes
    smtpd_tls_security_level = may
    ```

    ## Use instead
    ```
    smtpd_sasl_auth_enable = yes
    smtpd_tls_security_level = may
    smtpd_tls_auth_only = yes
    ```

    ## Fix safety
    Unsafe: clients that authenticate without TLS (very old ones) stop working.

    ## References
    - SASL_README "Enabling SASL authentication"; TLS_README smtpd_tls_auth_only
    """

    code = "PL106"
    name = "sasl-over-plaintext"
    family = "tls"
    severity = Severity.ERROR
    fix = FixAvailability.SOMETIMES
    min_version = "2.3"

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        for role in server_roles(ctx.config):
            svc = role.service
            sasl = ctx.effective("smtpd_sasl_auth_enable", svc)
            if not yes(sasl.value):
                continue
            if yes(ctx.effective("smtpd_tls_auth_only", svc).value):
                continue
            if tls_level(ctx.config, "smtpd", svc).level == "encrypt":
                continue
            if yes(ctx.effective("smtpd_tls_wrappermode", svc).value):
                continue
            fix = None
            auth = ctx.effective("smtpd_tls_auth_only", svc)
            # Fix where the effective values come from: a service override wins over main.cf.
            if (
                svc is not None
                and ctx.master is not None
                and "override" in (sasl.source, auth.source)
            ):
                fix = Fix(
                    f"Set -o smtpd_tls_auth_only=yes on {svc.key}",
                    (edits.set_override(ctx.master, svc, "smtpd_tls_auth_only", "yes"),),
                    Applicability.UNSAFE,
                    ((f"{svc.key}/smtpd_tls_auth_only", "yes"),),
                )
            elif ctx.main is not None:
                fix = Fix(
                    "Set smtpd_tls_auth_only = yes",
                    (
                        edits.set_parameter(
                            ctx.main,
                            ctx.config.definition("smtpd_tls_auth_only"),
                            "smtpd_tls_auth_only",
                            "yes",
                        ),
                    ),
                    Applicability.UNSAFE,
                    (("smtpd_tls_auth_only", "yes"),),
                )
            file, span = ctx.where(sasl)
            yield ctx.diagnostic(
                file,
                span,
                f"{role.label} accepts AUTH before TLS, so passwords may travel in clear text; "
                "set smtpd_tls_auth_only = yes",
                service=svc,
                fix=fix,
            )
