"""PL206: smarthost credentials may be sent before (or without) TLS."""

from __future__ import annotations

from collections.abc import Iterator

from postlint.api import Context, Diagnostic, Rule, Severity, split_list, yes


class SmarthostCredentialsWithoutTls(Rule):
    """The client logs in to a relay while TLS for that relay is optional.

    ## What it does
    Reports `smtp_sasl_auth_enable = yes` with a `relayhost` (or
    `sender_dependent_relayhost_maps`) while the client's TLS level is `none` or `may` and
    `smtp_sasl_security_options` does not contain `noplaintext`.

    ## Why it matters
    With `may`, a relay (or an attacker in the path) that does not offer STARTTLS gets the
    password in clear text: PLAIN and LOGIN send it base64-encoded, not encrypted.

    ## Example
    ```
    relayhost = [smtp.example.net]:587
    smtp_sasl_auth_enable = yes
    smtp_sasl_password_maps = hash:/etc/postfix/sasl_passwd
    smtp_tls_security_level = may
    ```

    ## Use instead
    ```
    smtp_tls_policy_maps = hash:/etc/postfix/tls_policy
    # tls_policy:  [smtp.example.net]:587  encrypt
    ```
    or `smtp_tls_security_level = encrypt` when all mail goes to that relay.

    ## Fix safety
    No automatic fix: mandatory TLS defers mail if the relay lacks TLS.

    ## References
    - SASL_README "SMTP client: TLS and SASL"; TLS_README "Mandatory TLS encryption"
    """

    code = "PL206"
    name = "smarthost-credentials-without-tls"
    family = "client-server"
    severity = Severity.ERROR

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        enabled = ctx.effective("smtp_sasl_auth_enable")
        if not yes(enabled.value):
            return
        relay = ctx.effective("relayhost").value.strip()
        dependent = ctx.effective("sender_dependent_relayhost_maps").value.strip()
        if not (relay or dependent):
            return
        if ctx.effective("smtp_tls_policy_maps").value.strip():
            return  # per-destination levels: cannot judge offline
        if ctx.tls_level("smtp", None).level not in ("none", "may"):
            return
        if "noplaintext" in split_list(ctx.effective("smtp_sasl_security_options").value):
            return
        file, span = ctx.where(enabled)
        yield ctx.diagnostic(
            file,
            span,
            "the relay password may be sent without TLS (TLS level is not "
            "mandatory and plaintext mechanisms are allowed); require encrypt "
            "for the relay in smtp_tls_policy_maps",
        )
