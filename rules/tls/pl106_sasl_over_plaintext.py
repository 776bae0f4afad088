"""PL106: SMTP AUTH may happen before TLS, so passwords can cross the network in clear."""

from __future__ import annotations

from collections.abc import Iterator

from postlint.api import (
    Applicability,
    ConfigFile,
    Context,
    Diagnostic,
    EffectiveValue,
    Fix,
    FixAvailability,
    Role,
    Rule,
    Severity,
    Span,
    edits,
    is_loopback_listener,
    yes,
)


class SaslOverPlaintext(Rule):
    """SASL authentication is offered without requiring TLS first.

    ## What it does
    Reports smtpd services with `smtpd_sasl_auth_enable = yes` where neither
    `smtpd_tls_auth_only = yes`, nor level `encrypt`, nor wrapper mode keeps AUTH behind TLS.
    Listeners on the loopback address (a content filter's reinjection port such as
    `127.0.0.1:10025`) are left out: a password sent there never crosses the network.
    The finding points at the setting to change: a service's `-o smtpd_tls_auth_only=no`
    or `-o smtpd_sasl_auth_enable=yes`, else an explicit `smtpd_tls_auth_only = no`, else
    the line that turns SASL on.

    ## Why it matters
    Mail clients then may send passwords (PLAIN/LOGIN) unencrypted, and anyone on the path
    can read them.

    ## Example
    ```
    smtpd_sasl_auth_enable = yes
    smtpd_tls_security_level = may
    ```

    ## Use instead
    ```
    smtpd_sasl_auth_enable = yes
    smtpd_tls_security_level = may
    smtpd_tls_auth_only = yes
    ```

    ## Fix safety
    Unsafe: clients that authenticate without TLS (very old ones) stop working. No fix
    where TLS is off altogether: `smtpd_tls_auth_only = yes` alone would turn AUTH off
    there, so TLS has to be set up first (it needs a certificate).

    ## References
    - SASL_README "Enabling SASL authentication"; TLS_README smtpd_tls_auth_only
    """

    code = "PL106"
    name = "sasl-over-plaintext"
    family = "tls"
    severity = Severity.ERROR
    fix = FixAvailability.SOMETIMES
    min_version = "2.3"

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        # One finding per cause and fix: main.cf settings shared by services are named once.
        groups: dict[tuple[object, ...], tuple[ConfigFile, Span, Fix | None, list[Role]]] = {}
        for role in ctx.roles("server"):
            svc = role.service
            if svc is not None and is_loopback_listener(svc):
                continue  # a reinjection listener: a password sent there stays on this host
            sasl = ctx.effective("smtpd_sasl_auth_enable", svc)
            auth = ctx.effective("smtpd_tls_auth_only", svc)
            if not yes(sasl.value) or yes(auth.value):
                continue
            level = ctx.tls_level("smtpd", svc).level
            if level == "encrypt":
                continue
            if yes(ctx.effective("smtpd_tls_wrappermode", svc).value):
                continue
            # Without TLS, smtpd_tls_auth_only = yes alone turns AUTH off: no fix then.
            tls_off = level == "none"
            fix = None if tls_off else self._fix(ctx, role, sasl, auth)
            file, span = ctx.where(_cause(sasl, auth))
            key = (file.kind, span, fix.edits if fix else None, tls_off)
            groups.setdefault(key, (file, span, fix, []))[3].append(role)
        for (*_, tls_off), (file, span, fix, roles) in groups.items():
            labels = ", ".join(r.label for r in roles)
            verb = f"accept{'s' if len(roles) == 1 else ''}"
            if tls_off:
                message = (
                    f"{labels} {verb} AUTH without TLS (TLS is off), so passwords travel in "
                    "clear text; turn TLS on (a certificate and smtpd_tls_security_level = "
                    "may), then set smtpd_tls_auth_only = yes"
                )
            else:
                message = (
                    f"{labels} {verb} AUTH before TLS, so passwords may travel in clear "
                    "text; set smtpd_tls_auth_only = yes"
                )
            yield ctx.diagnostic(
                file,
                span,
                message,
                service=roles[0].service if len(roles) == 1 else None,
                fix=fix,
            )

    def _fix(
        self, ctx: Context, role: Role, sasl: EffectiveValue, auth: EffectiveValue
    ) -> Fix | None:
        svc = role.service
        # Fix where the effective values come from: a service override wins over main.cf.
        if svc is not None and ctx.master is not None and "override" in (sasl.source, auth.source):
            return Fix(
                f"Set -o smtpd_tls_auth_only=yes on {svc.key}",
                (edits.set_override(ctx.master, svc, "smtpd_tls_auth_only", "yes"),),
                Applicability.UNSAFE,
                ((f"{svc.key}/smtpd_tls_auth_only", "yes"),),
            )
        if ctx.main is None:
            return None
        edit = edits.set_parameter(
            ctx.main, ctx.config.definition("smtpd_tls_auth_only"), "smtpd_tls_auth_only", "yes"
        )
        return Fix(
            "Set smtpd_tls_auth_only = yes",
            (edit,),
            Applicability.UNSAFE,
            (("smtpd_tls_auth_only", "yes"),),
        )


def _cause(sasl: EffectiveValue, auth: EffectiveValue) -> EffectiveValue:
    """The setting to point at: the service's own -o first (that is what the fix edits),
    then an explicit `smtpd_tls_auth_only = no`, else where SASL was turned on."""
    for value in (auth, sasl):
        if value.source == "override":
            return value
    return sasl if auth.source == "default" else auth
