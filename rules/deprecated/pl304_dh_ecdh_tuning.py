"""PL304: DH and ECDH tuning parameters that Postfix no longer uses."""

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
    Version,
    edits,
    fix_policy,
)


def tuning_items(ctx: Context) -> dict[str, str]:
    """DH/ECDH parameters marked "do not specify" in deprecated.tsv, with their version."""
    found = {}
    for entry in ctx.catalogue.deprecations:
        if entry.item_type != "parameter" or not entry.deprecated_since:
            continue
        if ("dh1024" in entry.item or "dh512" in entry.item or "eecdh" in entry.item) and (
            entry.replacement or ""
        ).startswith("(do not specify"):
            found[entry.item] = entry.deprecated_since
    return found


class DhEcdhTuning(Rule):
    """`smtpd_tls_dh1024_param_file`, `smtpd_tls_eecdh_grade` and similar are obsolete.

    ## What it does
    Reports DH and ECDH tuning parameters that deprecated.tsv marks "do not specify":
    `smtpd_tls_dh1024_param_file`, `smtpd_tls_dh512_param_file`, `smtpd_tls_eecdh_grade`,
    `tls_eecdh_strong_curve`, `tls_eecdh_ultra_curve` and their postscreen/tlsproxy forms,
    in main.cf and in master.cf `-o`.

    ## Why it matters
    Since Postfix 3.6 the built-in groups are better than hand-picked ones; the settings
    are ignored or harmful, and postconf 3.9+ warns about the first two.

    ## Example
    ```
    smtpd_tls_dh1024_param_file = /etc/postfix/dh2048.pem
    ```

    ## Use instead
    Delete the line.

    ## Fix safety
    Safe when the target release ignores the parameter (the eecdh grades and curves and the
    512-bit DH file since 3.6) or the value is the default: deleting it changes nothing.
    Unsafe otherwise: a DH parameter file is still read after its deprecation in 3.9, so
    deleting it changes the TLS handshake. Unsafe for targets older than the deprecation.
    Only main.cf lines are deleted; an `-o` is only reported.

    ## References
    - DEPRECATION_README; postconf(5) smtpd_tls_eecdh_grade, tls_eecdh_auto_curves
    """

    code = "PL304"
    name = "dh-ecdh-tuning"
    family = "deprecated"
    severity = Severity.WARNING
    fix = FixAvailability.SOMETIMES
    min_version = "3.6"

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        items = tuning_items(ctx)
        for setting in ctx.settings(items):
            since = items[setting.name]
            if ctx.version < Version.parse(since):
                continue
            fix = None
            if setting.parameter is not None:
                value = ctx.effective(setting.name)
                ignored = fix_policy.ignored_since(ctx.catalogue, setting.name, ctx.version)
                wanted = Applicability.SAFE if ignored or value.is_default else Applicability.UNSAFE
                safety, title = ctx.fix_for_release(since, wanted, f"Delete {setting.name}")
                deletion = edits.delete_entry(setting.file, setting.parameter)
                fix = Fix(title, (deletion,), safety, ((setting.name, None),))
            yield ctx.diagnostic(
                setting.file,
                setting.span,
                f"{setting.label} is obsolete since Postfix {since}; delete it and "
                "let Postfix choose the key exchange groups",
                service=setting.service,
                fix=fix,
            )
