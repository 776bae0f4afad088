"""PL602: no relay control at all, which makes the SMTP server refuse all mail."""

from __future__ import annotations

from collections.abc import Iterator

from postlint.api import Context, Diagnostic, Role, Rule, Severity, relay_verdict


class NoRelayControl(Rule):
    """Neither restriction list contains a relay check, so smtpd refuses to start.

    ## What it does
    Reports smtpd services where neither the effective `smtpd_relay_restrictions` nor
    `smtpd_recipient_restrictions` contains `reject_unauth_destination`,
    `defer_unauth_destination`, `reject`, `defer` or `defer_if_permit`, with the defaults of
    the target release: 2.10 to 3.2 always have the safe `smtpd_relay_restrictions` list;
    from 3.3 on it is empty while `compatibility_level` is below 1. A master.cf linted
    without its main.cf is reported only where the service's `-o` settings set both lists.

    ## Why it matters
    The SMTP server stops with a fatal error ("specify at least one working instance of ..."):
    every incoming message is refused. Typical causes: no `compatibility_level` on Postfix
    3.3 or later with empty recipient restrictions, emptying `smtpd_relay_restrictions`, or a
    `-o smtpd_relay_restrictions=` override.

    ## Example
    ```
    smtpd_relay_restrictions =
    smtpd_recipient_restrictions = permit_mynetworks
    ```

    ## Use instead
    ```
    smtpd_relay_restrictions = permit_mynetworks, permit_sasl_authenticated,
        defer_unauth_destination
    ```

    ## Fix safety
    No automatic fix.

    ## References
    - postconf(5) smtpd_relay_restrictions; smtpd/smtpd_check.c
    """

    code = "PL602"
    name = "no-relay-control"
    family = "relay"
    severity = Severity.ERROR

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        seen = set()
        for role in ctx.roles("server"):
            verdict = relay_verdict(ctx.config, role.service)
            if verdict.has_control or not _known(ctx, role):
                continue
            file, span = verdict.where(ctx)
            if (file.kind, span) in seen:
                continue
            seen.add((file.kind, span))
            yield ctx.diagnostic(
                file,
                span,
                f"{role.label} has no relay control in its restriction lists{_why(ctx, role)}, "
                "so smtpd refuses to start; add reject_unauth_destination",
                service=role.service,
            )


def _known(ctx: Context, role: Role) -> bool:
    """Whether both lists are known: with a master.cf linted alone, main.cf (its lists and
    its compatibility_level) is unknown, so only the service's own -o settings decide."""
    if ctx.main is not None:
        return True
    return all(
        ctx.config.effective(name, role.service).source == "override"
        for name in ("smtpd_relay_restrictions", "smtpd_recipient_restrictions")
    )


def _why(ctx: Context, role: Role) -> str:
    """Name the level when the empty relay list is the release's default below level 1."""
    relay = ctx.config.effective("smtpd_relay_restrictions", role.service)
    release = ctx.catalogue.release(ctx.version)
    if relay.source == "default" and release.depends_on_level("smtpd_relay_restrictions"):
        level = ctx.config.compatibility_level
        return (
            f" (the Postfix {ctx.version} default smtpd_relay_restrictions is empty at "
            f"compatibility_level {level})"
        )
    return ""
