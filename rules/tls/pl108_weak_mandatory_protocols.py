"""PL108: TLS 1.0/1.1 still accepted where TLS is mandatory."""

from __future__ import annotations

from collections.abc import Iterator

from postlint_rules.tls.protocols import floor_value

from postlint.api import (
    Applicability,
    Context,
    Diagnostic,
    EffectiveValue,
    Fix,
    FixAvailability,
    Rule,
    Severity,
    Version,
    edits,
    enabled_protocols,
    without_protocols,
)

MODERN = ">=TLSv1.2"
OLD = ("TLSv1", "TLSv1.1")


def admits_old_tls(value: str) -> bool:
    return bool(enabled_protocols(value) & {"TLSv1", "TLSv1.1"})


class WeakMandatoryProtocols(Rule):
    """Services that require TLS still accept TLS 1.0 and 1.1.

    ## What it does
    For smtpd services with level `encrypt` (typically submission), checks whether the
    effective `smtpd_tls_mandatory_protocols` admits TLSv1 or TLSv1.1 (the default does).
    Opportunistic TLS floors are not raised: a weak TLS beats clear text.

    ## Why it matters
    TLS 1.0 and 1.1 are deprecated (RFC 8996); mail clients have supported TLS 1.2 for a
    decade.

    ## Example
    ```
    submission inet n - n - - smtpd
      -o smtpd_tls_security_level=encrypt
    ```

    ## Use instead
    ```
    smtpd_tls_mandatory_protocols = >=TLSv1.2
    ```

    ## Fix safety
    Unsafe: very old clients lose access. Where the setting is unset the fix adds `>=TLSv1.2`
    (that syntax needs Postfix 3.6); where you wrote a list, it adds `!TLSv1`/`!TLSv1.1` and
    keeps every other entry, so nothing you excluded comes back.

    ## References
    - RFC 8996; postconf(5) smtpd_tls_mandatory_protocols
    """

    code = "PL108"
    name = "weak-mandatory-protocols"
    family = "tls"
    severity = Severity.WARNING
    fix = FixAvailability.SOMETIMES
    min_version = "2.3"

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        seen_main = False
        for role in ctx.roles("server"):
            if ctx.tls_level("smtpd", role.service).level != "encrypt":
                continue
            protocols = ctx.effective("smtpd_tls_mandatory_protocols", role.service)
            if not admits_old_tls(protocols.value):
                continue
            # `>=TLSv1.2` only from 3.6; older releases read the same as an exclusion list.
            modern = floor_value("TLSv1.2", ctx.version)
            if protocols.source == "override":
                file, span = ctx.where(protocols)
                yield ctx.diagnostic(
                    file,
                    span,
                    f"{role.label} requires TLS but accepts TLS 1.0/1.1; use {modern}",
                    service=role.service,
                )
                continue
            if seen_main or ctx.main is None:
                continue
            seen_main = True
            fix = self._fix(ctx, protocols)
            file, span = ctx.where(protocols)
            if protocols.is_default and role.service is not None:
                file, span = ctx.where(ctx.tls_level("smtpd", role.service).source)
            yield ctx.diagnostic(
                file,
                span,
                f"{role.label} requires TLS but smtpd_tls_mandatory_protocols still accepts TLS "
                f"1.0/1.1; set it to {modern}",
                service=role.service,
                fix=fix,
            )

    def _fix(self, ctx: Context, protocols: EffectiveValue) -> Fix | None:
        assert ctx.main is not None
        name = "smtpd_tls_mandatory_protocols"
        written = protocols.definition
        if written is not None:
            # Keep the admin's list; only exclude the old versions (never re-enable one).
            value = None if "$" in written.value else without_protocols(written.value, OLD)
            if value is None:
                return None
            edit = edits.replace_value(ctx.main, written, value)
        elif ctx.version >= Version(3, 6):
            value = MODERN
            edit = edits.insert_parameter(ctx.main, name, value)
        else:
            return None
        return Fix(f"Set {name} = {value}", (edit,), Applicability.UNSAFE, ((name, value),))
