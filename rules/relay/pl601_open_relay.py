"""PL601: restriction lists that let anyone relay through this server."""

from __future__ import annotations

from collections.abc import Iterator

from postlint.api import Context, Diagnostic, Rule, Severity, is_loopback_listener, relay_verdict


class OpenRelay(Rule):
    """An SMTP server that relays mail for anyone (an open relay).

    ## What it does
    For every smtpd service that listens beyond loopback, walks the effective
    `smtpd_relay_restrictions` and `smtpd_recipient_restrictions` (master.cf `-o`, main.cf,
    or the defaults of the target version and `compatibility_level`) the way Postfix does for
    an unauthenticated client outside `mynetworks` sending to a foreign domain. If both lists
    let such a message through (an unconditional `permit` before the relay check, or no
    relay check at all in a list that is not empty), the server is an open relay.

    ## Why it matters
    Spammers find open relays within hours; the server's address lands on blocklists and
    all its mail is rejected.

    ## Example
    ```
    smtpd_relay_restrictions = permit_mynetworks, permit, reject_unauth_destination
    ```

    ## Use instead
    ```
    smtpd_relay_restrictions = permit_mynetworks, permit_sasl_authenticated,
        reject_unauth_destination
    ```

    ## Fix safety
    No automatic fix: which clients may relay is a policy decision.

    ## References
    - SMTPD_ACCESS_README "Protecting against open relay"; postconf(5)
      smtpd_relay_restrictions
    """

    code = "PL601"
    name = "open-relay"
    family = "relay"
    severity = Severity.ERROR

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        seen = set()
        for role in ctx.roles("server"):
            svc = role.service
            if svc is not None and svc.type == "inet" and is_loopback_listener(svc):
                continue
            verdict = relay_verdict(ctx.config, svc)
            if not verdict.open:
                continue
            file, span = verdict.where(ctx)
            key = (file.kind, span)
            if key in seen:
                continue
            seen.add(key)
            yield ctx.diagnostic(
                file,
                span,
                f"{role.label} relays mail for anyone: {verdict.reason}; end "
                "the relay rules with reject_unauth_destination before any "
                "unconditional permit",
                service=svc,
            )
