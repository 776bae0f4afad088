"""PL101: outbound mail (the SMTP client) is sent without TLS."""

from __future__ import annotations

from collections.abc import Iterator

from postlint.api import (
    Context,
    Diagnostic,
    EffectiveValue,
    FixAvailability,
    Rule,
    Service,
    Severity,
    loopback_only_transports,
    relayhost_is_loopback,
    sends_over_smtp,
)


class OutboundTlsDisabled(Rule):
    """Outbound mail (smtp client) is sent without TLS.

    ## What it does
    Computes the TLS level each SMTP client transport really uses (master.cf `-o`, else
    main.cf, else the default of the target version and the config's `compatibility_level`,
    including the legacy `smtp_use_tls`/`smtp_enforce_tls`) and reports `none`.

    ## Why it matters
    Mail to other servers leaves in clear text. Gmail's sender guidelines require TLS, and
    receivers rate unencrypted senders down. Postfix's default is "no TLS" before 3.11 (and
    from 3.11 on while `compatibility_level` is below 3.11); CentOS 7 and Amazon Linux 2 ship
    without `smtp_tls_security_level`, so admins who set `smtpd_tls_security_level` (the
    server side) believe TLS is on while outbound mail is plain text.

    ## Example
    ```
    smtpd_tls_security_level = may
    ```

    ## Use instead
    ```
    smtpd_tls_security_level = may
    smtp_tls_security_level = may
    ```

    ## Fix safety
    Safe when `smtp_tls_security_level` is unset: the fix adds `may`, opportunistic TLS;
    when a receiver's TLS fails, Postfix still delivers in plain text, so no mail is held
    back. Unsafe when main.cf says `none` (or the legacy `smtp_use_tls = no`) explicitly, or
    a master.cf `-o smtp_use_tls` / `-o smtp_enforce_tls` sets a switch the new level
    silences: the fix then changes what you wrote. A master.cf
    `-o smtp_tls_security_level=none`, or a service's `-o smtp_use_tls=no` while main.cf
    uses TLS, is reported without a fix. Not reported when all mail goes to a relay on this
    machine (`relayhost = [127.0.0.1]...`), nor for a transport used only towards this
    machine, such as the amavis transport of
    `content_filter = smtp-amavis:[127.0.0.1]:10024`, nor when no mail leaves through an
    SMTP client at all (`default_transport = error` and `relay_transport = error`: local
    delivery only).

    ## References
    - TLS_README "SMTP client: opportunistic TLS"; postconf(5) smtp_tls_security_level
    - Gmail email sender guidelines (TLS for transmitting email)
    - Postfix 3.11 release notes (new default with compatibility_level 3.11)
    """

    code = "PL101"
    name = "outbound-tls-disabled"
    family = "tls"
    severity = Severity.ERROR
    fix = FixAvailability.SOMETIMES
    min_version = "2.3"

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        if relayhost_is_loopback(ctx.config) or ctx.main is None:
            return
        reported_main = False
        local_only: set[str] | None = None  # computed on the first finding only
        sends = False  # whether mail leaves through an SMTP client: asked once, lazily
        for role in ctx.roles("client"):
            level = ctx.tls_level("smtp", role.service)
            if level.level != "none":
                continue
            if role.service is not None:
                if local_only is None:
                    local_only = loopback_only_transports(ctx.config)
                if role.service.name in local_only:
                    continue
            sends = sends or sends_over_smtp(ctx.config)
            if not sends:
                return  # local delivery only (default_transport = error): nothing to protect
            value = level.source
            # main.cf's client may use TLS while this service's own -o switch turns it off.
            switch = None if value.source == "override" else _legacy_override(ctx, role.service)
            if value.source == "override" or switch is not None:
                written = value if switch is None else switch
                advice = "use may" if switch is None else "use -o smtp_tls_security_level=may"
                file, span = ctx.where(written)
                yield ctx.diagnostic(
                    file,
                    span,
                    f"outbound mail through {role.label} is sent without TLS (-o "
                    f"{written.name}={written.value}); {advice}",
                    service=role.service,
                )
                continue
            if reported_main:
                continue
            reported_main = True
            yield self._main_finding(ctx, value)

    def _main_finding(self, ctx: Context, value: EffectiveValue) -> Diagnostic:
        assert ctx.main is not None
        # A legacy `smtp_use_tls = no` the admin wrote is a choice too (PL301 renames it).
        switches = [
            name
            for name in ("smtp_use_tls", "smtp_enforce_tls")
            if ctx.config.definition(name) is not None
        ]
        # A service's own -o switch is silenced by the level too (read only while it is empty).
        overridden = any(
            s.service for s in ctx.settings(("smtp_use_tls", "smtp_enforce_tls"), only_read=True)
        )
        # The fix goes into main.cf, so a default-caused finding points there too.
        file, span, fix = ctx.set_parameter(
            "smtp_tls_security_level", "may", overrides_admin=bool(switches) or overridden
        )
        if value.definition is not None:
            why = f"smtp_tls_security_level is '{value.raw}'"
        elif switches:
            # An empty level leaves the choice to the legacy switches the admin wrote.
            said = ", ".join(f"{name} = {ctx.effective(name).value}" for name in switches)
            verb = "decides" if len(switches) == 1 else "decide"
            why = f"the legacy {said} {verb} while smtp_tls_security_level is unset"
        else:
            why = f"the Postfix {ctx.version} default is no TLS"
            if ctx.catalogue.release(ctx.version).depends_on_level("smtp_tls_security_level"):
                why = (
                    f"the Postfix {ctx.version} default with compatibility_level "
                    f"{ctx.config.compatibility_level} is no TLS"
                )
        return ctx.diagnostic(
            file,
            span,
            f"outbound mail (smtp client) is sent without TLS ({why}); "
            "set smtp_tls_security_level = may",
            fix=fix,
        )


def _legacy_override(ctx: Context, service: Service | None) -> EffectiveValue | None:
    """The service's -o smtp_use_tls / smtp_enforce_tls that leaves it without TLS while
    main.cf's client uses TLS; None otherwise (main.cf's finding then says why)."""
    if service is None or ctx.tls_level("smtp").level == "none":
        return None
    for name in ("smtp_use_tls", "smtp_enforce_tls"):
        switch = ctx.effective(name, service)
        if switch.source == "override":
            return switch
    return None
