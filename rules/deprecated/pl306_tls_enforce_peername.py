"""PL306: smtp_tls_enforce_peername / lmtp_tls_enforce_peername are deprecated."""

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

NAMES = {
    "smtp_tls_enforce_peername": "smtp_tls_security_level",
    "lmtp_tls_enforce_peername": "lmtp_tls_security_level",
}


class TlsEnforcePeername(Rule):
    """`*_tls_enforce_peername` belongs to the pre-2.3 TLS interface.

    ## What it does
    Reports `smtp_tls_enforce_peername` and `lmtp_tls_enforce_peername`, in main.cf and in
    master.cf `-o`.

    ## Why it matters
    They only matter together with the legacy `*_enforce_tls` switch, are ignored when a
    security level is set, and postconf 3.11+ warns about them. Use the levels `verify` or
    `secure` (peer name checked) or `encrypt` (not checked).

    ## Example
    ```
    smtp_tls_security_level = may
    smtp_tls_enforce_peername = no
    ```

    ## Use instead
    ```
    smtp_tls_security_level = may
    ```

    ## Fix safety
    Safe when the security level is set (the parameter is ignored then): it is deleted.
    Otherwise no fix: choosing between verify and encrypt is a policy decision.

    ## References
    - DEPRECATION_README; TLS_README
    """

    code = "PL306"
    name = "tls-enforce-peername"
    family = "deprecated"
    severity = Severity.WARNING
    fix = FixAvailability.SOMETIMES

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        for setting in ctx.settings(NAMES):
            level_name = NAMES[setting.name]
            level = ctx.config.definition(level_name)
            fix = None
            if setting.parameter is not None and level is not None and level.value.strip():
                fix = Fix(
                    f"Delete {setting.name} (ignored because {level_name} is set)",
                    (edits.delete_entry(setting.file, setting.parameter),),
                    Applicability.SAFE,
                    ((setting.name, None),),
                )
            yield ctx.diagnostic(
                setting.file,
                setting.span,
                f"{setting.label} is deprecated; express it with {level_name} "
                "(verify or secure check the peer name)",
                service=setting.service,
                fix=fix,
            )
