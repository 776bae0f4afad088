"""PL603: the pre-2.10 setup where recipient restrictions alone guard against relaying."""

from __future__ import annotations

from collections.abc import Iterator

from postlint.api import Context, Diagnostic, Rule, Severity, split_list

RELAY_CHECKS = ("reject_unauth_destination", "defer_unauth_destination")


class LegacyRecipientOrdering(Rule):
    """Relay control rests on smtpd_recipient_restrictions alone, with permits first.

    ## What it does
    Reports an explicitly empty `smtpd_relay_restrictions` while
    `smtpd_recipient_restrictions` has `check_*_access`, a policy service or a `permit_*`
    (other than `permit_mynetworks` / `permit_sasl_authenticated`) before
    `reject_unauth_destination`.

    ## Why it matters
    That is the pre-2.10 layout in which one careless access-map entry (`OK`) turns the
    server into an open relay; Postfix 2.10 added `smtpd_relay_restrictions` as a safety net,
    and this config switched it off.

    ## Example
    ```
    smtpd_relay_restrictions =
    smtpd_recipient_restrictions = check_sender_access hash:/etc/postfix/senders,
        reject_unauth_destination
    ```

    ## Use instead
    ```
    smtpd_relay_restrictions = permit_mynetworks, permit_sasl_authenticated,
        reject_unauth_destination
    ```

    ## Fix safety
    No automatic fix.

    ## References
    - SMTPD_ACCESS_README "Dangerous use of smtpd_recipient_restrictions"
    """

    code = "PL603"
    name = "legacy-recipient-ordering"
    family = "relay"
    severity = Severity.WARNING
    min_version = "2.10"

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        relay = ctx.effective("smtpd_relay_restrictions")
        if relay.is_default or relay.value.strip():
            return
        recipient = ctx.effective("smtpd_recipient_restrictions")
        for token in split_list(recipient.value):
            if token in RELAY_CHECKS:
                return
            if token.startswith(("check_", "permit_")) and token not in (
                "permit_mynetworks",
                "permit_sasl_authenticated",
            ):
                file, span = ctx.where(recipient)
                yield ctx.diagnostic(
                    file,
                    span,
                    f"smtpd_relay_restrictions is empty and {token} comes before "
                    "reject_unauth_destination in smtpd_recipient_restrictions: "
                    f"{_danger(token)}; restore smtpd_relay_restrictions",
                )
                return


def _danger(token: str) -> str:
    """How `token` can let mail through before the relay check."""
    if token == "check_policy_service":
        return "one OK answer from the policy service makes an open relay"
    if token.startswith("permit_"):
        return "every client it permits may relay to any destination"
    return "one access-map OK makes an open relay"
