"""PL105: the SMTP server offers TLS but has no certificate."""

from __future__ import annotations

from collections.abc import Iterator

from postlint.api import Context, Diagnostic, Rule, Severity, has_server_certificate, yes


class TlsWithoutCertificate(Rule):
    """STARTTLS or TLS wrapper mode is on, but no server certificate is configured.

    ## What it does
    For each smtpd service with an effective level of `may` or `encrypt`, or with
    `smtpd_tls_wrappermode = yes`, checks that one of `smtpd_tls_cert_file`,
    `smtpd_tls_eccert_file`, `smtpd_tls_dcert_file` or `smtpd_tls_chain_files` is set.

    ## Why it matters
    Without a certificate the server answers STARTTLS with "454 4.7.0 TLS not available due
    to local problem", and `encrypt` or wrapper-mode services refuse every client.

    ## Example
    ```
    smtpd_tls_security_level = may
    ```

    ## Use instead
    ```
    smtpd_tls_security_level = may
    smtpd_tls_chain_files = /etc/ssl/private/mail.example.com.pem
    ```

    ## Fix safety
    No automatic fix: only you know where the certificate is.

    ## References
    - postconf(5) smtpd_tls_cert_file, smtpd_tls_chain_files; TLS_README
    """

    code = "PL105"
    name = "tls-without-certificate"
    family = "tls"
    severity = Severity.ERROR
    min_version = "2.3"

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        # One finding per cause: a main.cf line shared by several services is named once.
        causes: dict[tuple[int, int, str], list] = {}
        for role in ctx.roles("server"):
            level = ctx.tls_level("smtpd", role.service)
            wrapper = ctx.effective("smtpd_tls_wrappermode", role.service)
            if level.level == "none" and not yes(wrapper.value):
                continue
            if has_server_certificate(ctx.config, role.service):
                continue
            cause = wrapper if yes(wrapper.value) and level.level == "none" else level.source
            file, span = ctx.where(cause)
            causes.setdefault((span.start, span.end, file.kind.value), [file, span, []])[2].append(
                role
            )
        # Recommend only what the target release has (smtpd_tls_chain_files is 3.4+).
        if "smtpd_tls_chain_files" in ctx.config.builtin_names:
            advice = "set smtpd_tls_chain_files (or smtpd_tls_cert_file and smtpd_tls_key_file)"
        else:
            advice = "set smtpd_tls_cert_file and smtpd_tls_key_file"
        for file, span, roles in causes.values():
            labels = ", ".join(r.label for r in roles)
            yield ctx.diagnostic(
                file,
                span,
                f"{labels} offer{'s' if len(roles) == 1 else ''} TLS but no server certificate "
                f"is set; {advice}",
                service=roles[0].service if len(roles) == 1 else None,
            )
