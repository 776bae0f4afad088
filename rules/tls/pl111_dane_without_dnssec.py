"""PL111: DANE configured while DNSSEC lookups are off."""

from __future__ import annotations

from collections.abc import Iterator

from postlint.api import Context, Diagnostic, Rule, Severity, split_list, yes


class DaneWithoutDnssec(Rule):
    """TLS level `dane` or `dane-only` without DNSSEC-validated lookups.

    ## What it does
    For each SMTP client transport with level `dane` or `dane-only`, checks that
    `smtp_dns_support_level = dnssec`, that `smtp_host_lookup` includes `dns` and that
    `disable_dns_lookups` is not `yes`.

    ## Why it matters
    Without DNSSEC Postfix cannot trust TLSA records: `dane` silently behaves like `may`
    (no authentication) and `dane-only` defers all mail ("configured with dnssec lookups
    disabled").

    ## Example
    ```
    smtp_tls_security_level = dane
    ```

    ## Use instead
    ```
    smtp_tls_security_level = dane
    smtp_dns_support_level = dnssec
    ```
    (and a validating resolver in /etc/resolv.conf)

    ## Fix safety
    No automatic fix: DNSSEC needs a validating resolver first.

    ## References
    - TLS_README "Mandatory server certificate verification"; RFC 7672
    """

    code = "PL111"
    name = "dane-without-dnssec"
    family = "tls"
    severity = Severity.ERROR
    min_version = "2.11"

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        for role in ctx.roles("client"):
            level = ctx.tls_level("smtp", role.service)
            if level.level not in ("dane", "dane-only"):
                continue
            problems = []
            if ctx.effective("smtp_dns_support_level", role.service).value.strip() != "dnssec":
                problems.append("smtp_dns_support_level is not dnssec")
            if "dns" not in split_list(ctx.effective("smtp_host_lookup", role.service).value):
                problems.append("smtp_host_lookup does not use dns")
            if "disable_dns_lookups" in ctx.config.builtin_names and yes(
                ctx.effective("disable_dns_lookups", role.service).value
            ):
                problems.append("disable_dns_lookups = yes")
            if not problems:
                continue
            file, span = ctx.where(level.source)
            effect = "defers all mail" if level.level == "dane-only" else "works like may"
            yield ctx.diagnostic(
                file,
                span,
                f"TLS level {level.level} {effect} here because "
                f"{' and '.join(problems)}; set smtp_dns_support_level = dnssec",
                service=role.service,
            )
