"""PL307: parameters Postfix says not to specify at all."""

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

# Each name with why it should go (the message says it).
WHY = {
    "smtp_cname_overrides_servername": "obsolete since Postfix 2.11",
    "lmtp_cname_overrides_servername": "obsolete since Postfix 2.11",
    "tlsproxy_client_loglevel_parameter": "internal to Postfix",
    # Documented as obsolete, or read only by a feature that is gone or deprecated
    # (reject_maps_rbl, permit_mx_backup); no postconf warns about these.
    "sun_mailtool_compatibility": "obsolete (mailbox_delivery_lock = dotlock does its job)",
    "qmgr_fudge_factor": "obsolete (only the old oqmgr reads it)",
    "maps_rbl_domains": "read only by reject_maps_rbl, which Postfix 3.9 removed",
    "permit_mx_backup_networks": "read only by permit_mx_backup, deprecated since Postfix 3.9",
}
DEAD = tuple(WHY)


class DeadParameter(Rule):
    """A parameter whose documentation says "do not specify".

    ## What it does
    Reports `smtp_cname_overrides_servername`, `lmtp_cname_overrides_servername` (deprecated
    in 3.11), `tlsproxy_client_loglevel_parameter` (removed in 3.12) and the obsolete
    `sun_mailtool_compatibility`, `qmgr_fudge_factor`, `maps_rbl_domains` and
    `permit_mx_backup_networks`, in main.cf and in
    master.cf `-o` (an `-o` is only reported, not deleted).

    ## Why it matters
    They exist only for compatibility or internal use; postconf warns about them, and a
    non-default value changes which name TLS checks against.

    ## Example
    ```
    smtp_cname_overrides_servername = no
    ```

    ## Use instead
    Delete the line.

    ## Fix safety
    Safe when the value is the default (or the parameter is gone in the target release):
    deleting changes nothing. Unsafe otherwise.

    ## References
    - DEPRECATION_README
    """

    code = "PL307"
    name = "dead-parameter"
    family = "deprecated"
    severity = Severity.WARNING
    fix = FixAvailability.SOMETIMES

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        for setting in ctx.settings(DEAD):
            info = ctx.catalogue.get(setting.name)
            gone = info is None or not info.exists_in(ctx.version)
            default = None if info is None else info.default_for(ctx.version)
            safe = gone or setting.value.strip() == (default or "").strip()
            fix = None
            if setting.parameter is not None:
                fix = Fix(
                    f"Delete {setting.name}",
                    (edits.delete_entry(setting.file, setting.parameter),),
                    Applicability.SAFE if safe else Applicability.UNSAFE,
                    ((setting.name, None),),
                )
            yield ctx.diagnostic(
                setting.file,
                setting.span,
                f"{setting.label} should not be specified: it is {WHY[setting.name]}; delete it",
                service=setting.service,
                fix=fix,
            )
