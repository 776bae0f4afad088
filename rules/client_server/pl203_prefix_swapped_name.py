"""PL203: an unknown name that exists with the smtp_/smtpd_/lmtp_ prefix swapped."""

from __future__ import annotations

from collections.abc import Iterator

from postlint_rules.client_server.daemons import daemon_reads

from postlint.api import (
    Applicability,
    Context,
    Diagnostic,
    Fix,
    FixAvailability,
    Rule,
    Setting,
    Severity,
    edits,
    fits,
    prefix_twin,
)


class PrefixSwappedName(Rule):
    """An unknown parameter whose client/server twin exists: the side was mixed up.

    ## What it does
    Reports names such as `smtpd_bind_address` (the client's is `smtp_bind_address`),
    `smtp_helo_required` (the server's is `smtpd_helo_required`) or
    `lmtpd_tls_security_level`, in main.cf and in master.cf `-o`.

    In master.cf, the twin is suggested only when the service's program reads it: an unknown
    `-o smtpd_bind_address` on an smtpd (a re-injection listener, say) is a line to delete,
    since smtpd ignores `smtp_bind_address` too.

    ## Why it matters
    Postfix ignores the unknown name (postconf calls it "unused"), so the setting meant for
    the other side never takes effect.

    ## Example
    ```
    smtpd_sasl_password_maps = hash:/etc/postfix/sasl_passwd
    ```

    ## Use instead
    ```
    smtp_sasl_password_maps = hash:/etc/postfix/sasl_passwd
    ```

    ## Fix safety
    Unsafe: the renamed setting starts to take effect. Offered only in main.cf and only when
    the twin is not already set.

    ## References
    - postconf(1) "unused parameter"; SMTP_VS_SMTPD reference notes
    """

    code = "PL203"
    name = "prefix-swapped-name"
    family = "client-server"
    severity = Severity.ERROR
    fix = FixAvailability.SOMETIMES

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        config = ctx.config
        known = config.builtin_or_service
        for setting in ctx.settings(lambda name: not config.is_known(name)):
            twin = prefix_twin(setting.name, known)
            if twin is None:
                continue
            if setting.service is None:  # main.cf
                yield ctx.diagnostic(
                    setting.file,
                    setting.name_span,
                    f"{setting.name} does not exist, so Postfix ignores it; the "
                    f"{_side(twin)} parameter is {twin}",
                    fix=_rename(ctx, setting, twin),
                )
                continue
            svc = setting.service
            if daemon_reads(svc, twin):
                advice = f"the {_side(twin)} parameter is {twin}"
            else:  # renaming would only trade an unknown name for an ignored one
                advice = (
                    f"{svc.program} does not read its {_side(twin)} twin {twin} either; "
                    "delete this -o"
                )
            yield ctx.diagnostic(
                setting.file,
                setting.name_span,
                f"{setting.name} does not exist, so this -o is ignored; {advice}",
                service=svc,
            )


def _rename(ctx: Context, setting: Setting, twin: str) -> Fix | None:
    """Rename a main.cf line to its twin, unless the twin is set already or the value does
    not fit it."""
    target = ctx.catalogue.get(twin)
    if twin in ctx.config.definitions or (target is not None and not fits(target, setting.value)):
        return None
    assert setting.parameter is not None
    return Fix(
        f"Rename to {twin}",
        (edits.rename_parameter(setting.file, setting.parameter, twin),),
        Applicability.UNSAFE,
        ((twin, setting.value),),
    )


def _side(name: str) -> str:
    return "server (inbound)" if name.startswith(("smtpd_", "postscreen_")) else "client (outbound)"
