"""PL303: disable_dns_lookups, replaced by smtp_dns_support_level."""

from __future__ import annotations

from collections.abc import Iterator

import attrs

from postlint.api import (
    Applicability,
    Context,
    Diagnostic,
    Fix,
    FixAvailability,
    Rule,
    Service,
    Setting,
    Severity,
    edits,
    yes,
)

SMTP_LEVEL = "smtp_dns_support_level"
LMTP_LEVEL = "lmtp_dns_support_level"


class DisableDnsLookups(Rule):
    """`disable_dns_lookups` is deprecated.

    ## What it does
    Reports `disable_dns_lookups` in main.cf and in master.cf `-o` (the target release must
    know `smtp_dns_support_level`, Postfix 2.11+).

    ## Why it matters
    Deprecated since 2.11, warned about since 3.9; `smtp_dns_support_level` says the same
    and more (`dnssec` for DANE).

    ## Example
    ```
    disable_dns_lookups = yes
    ```

    ## Use instead
    ```
    smtp_dns_support_level = disabled
    ```

    ## Fix safety
    Safe, an exact equivalent: `yes` in main.cf becomes `smtp_dns_support_level = disabled`
    and `lmtp_dns_support_level = disabled` (the old switch served the SMTP and the LMTP
    client alike); in an `-o`, the level that service's client reads
    (`lmtp_dns_support_level` on an `lmtp` service). `no` (the default) is deleted from
    main.cf. A level that is already set wins over the old switch, so only the empty ones
    are written, and the main.cf line is deleted when none is. An `-o` that would have to
    be deleted is only reported.

    ## References
    - DEPRECATION_README; postconf(5) smtp_dns_support_level
    """

    code = "PL303"
    name = "disable-dns-lookups"
    family = "deprecated"
    severity = Severity.WARNING
    fix = FixAvailability.ALWAYS
    min_version = "2.11"

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        for setting in ctx.settings(("disable_dns_lookups",)):
            targets = self._targets(ctx, setting.service)
            # A set *_dns_support_level wins, which makes disable_dns_lookups dead for that
            # client; an empty one defers to it.
            deciding = [t for t in targets if not ctx.effective(t, setting.service).value.strip()]
            target = (deciding or targets)[0]
            fix = None
            if yes(setting.value) and deciding:
                fix = self._replace(setting, deciding)
            elif setting.parameter is not None:
                fix = Fix(
                    "Delete disable_dns_lookups",
                    (edits.delete_entry(setting.file, setting.parameter),),
                    Applicability.SAFE,
                    (("disable_dns_lookups", None),),
                )
            shown = f"-o {target}" if setting.service else target
            if yes(setting.value):
                shown += "=disabled" if setting.service else " = disabled"
            yield ctx.diagnostic(
                setting.file,
                setting.span,
                f"{setting.label} is deprecated; use {shown}",
                service=setting.service,
                fix=fix,
            )

    @staticmethod
    def _targets(ctx: Context, service: Service | None) -> tuple[str, ...]:
        """The levels that take over: on a service, the one its program reads (smtp(8) run
        as lmtp reads lmtp_dns_support_level); main.cf's setting served both clients."""
        if service is not None:
            return (LMTP_LEVEL,) if service.program == "lmtp" else (SMTP_LEVEL,)
        lmtp = ctx.catalogue.get(LMTP_LEVEL)
        return (SMTP_LEVEL, LMTP_LEVEL) if lmtp and lmtp.exists_in(ctx.version) else (SMTP_LEVEL,)

    @staticmethod
    def _replace(setting: Setting, names: list[str]) -> Fix:
        """Replace `disable_dns_lookups = yes` by `<name> = disabled` for each name."""
        edit = setting.replace(names[0], "disabled")
        if len(names) > 1:  # main.cf only: one line each
            eol = edits.line_ending(setting.file)
            rest = "".join(f"{eol}{name} = disabled" for name in names[1:])
            edit = attrs.evolve(edit, content=edit.content + rest)
        return Fix(
            f"Replace with {' and '.join(f'{n} = disabled' for n in names)}",
            (edit,),
            Applicability.SAFE,
            (
                *((setting.key(name), "disabled") for name in names),
                (setting.key("disable_dns_lookups"), None),
            ),
        )
