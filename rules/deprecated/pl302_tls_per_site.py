"""PL302: the deprecated *_tls_per_site table."""

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

PER_SITE = ("smtp_tls_per_site", "lmtp_tls_per_site", "tlsproxy_client_per_site")


class TlsPerSite(Rule):
    """`smtp_tls_per_site` (and its lmtp/tlsproxy twins) is deprecated.

    ## What it does
    Reports the per-site TLS tables in main.cf and master.cf. A main.cf line that sets one
    to its default (empty, as in a `postconf -d` dump) has no entries to move: it is only
    deleted.

    ## Why it matters
    They predate `*_tls_policy_maps`, mix poorly with security levels, and postconf warns
    "will be removed" since 3.9. The table format differs, so converting needs a person.

    ## Example
    ```
    smtp_tls_per_site = hash:/etc/postfix/tls_per_site
    ```

    ## Use instead
    ```
    smtp_tls_policy_maps = hash:/etc/postfix/tls_policy
    ```

    ## Fix safety
    No automatic fix for a table: it has to be rewritten. Deleting a main.cf line that
    sets the default is safe (Postfix reads the same value, and 3.9+ stops warning).

    ## References
    - DEPRECATION_README; TLS_README "TLS policy table"
    """

    code = "PL302"
    name = "tls-per-site"
    family = "deprecated"
    severity = Severity.WARNING
    fix = FixAvailability.SOMETIMES

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        for setting in ctx.settings(PER_SITE):
            info = ctx.catalogue.get(setting.name)
            default = None if info is None else info.default_for(ctx.version)
            if (
                setting.parameter is not None
                and default is not None
                and setting.value.strip() == default.strip()
            ):
                shown = default.strip() or "empty"
                yield ctx.diagnostic(
                    setting.file,
                    setting.span,
                    f"{setting.name} is deprecated and set to its default ({shown}); delete it",
                    fix=Fix(
                        f"Delete {setting.name}",
                        (edits.delete_entry(setting.file, setting.parameter),),
                        Applicability.SAFE,
                        ((setting.name, None),),
                    ),
                )
                continue
            replacement = setting.name.replace("per_site", "policy_maps")
            yield ctx.diagnostic(
                setting.file,
                setting.span,
                f"{setting.label} is deprecated; move the entries to "
                f"{replacement} (different table format)",
                service=setting.service,
            )
