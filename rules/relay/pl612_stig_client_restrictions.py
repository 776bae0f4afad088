"""PL612 (opt-in, DISA STIG): smtpd_client_restrictions must be permit_mynetworks, reject."""

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
    Span,
    edits,
    split_list,
)

REQUIRED = ["permit_mynetworks", "reject"]


class StigClientRestrictions(Rule):
    """STIG profile: the SMTP server must refuse every client outside `mynetworks`.

    ## What it does
    Off by default: enable it (`extend-select = ["PL612"]`) on hosts that must pass the
    DISA STIG for RHEL (RHEL-07-040480, RHEL-08-040290). It then reports a
    `smtpd_client_restrictions` whose effective value is not exactly
    `permit_mynetworks, reject`.

    ## Why it matters
    The STIG treats a general-purpose server's Postfix as a local mailer: only the hosts in
    `mynetworks` may connect. Auditors scan for this exact value; anything else is a finding,
    even when other lists would stop relaying.

    ## Example
    ```
    smtpd_client_restrictions = permit_mynetworks, permit_sasl_authenticated
    ```

    ## Use instead
    ```
    smtpd_client_restrictions = permit_mynetworks, reject
    ```

    ## Fix safety
    Unsafe: every client outside `mynetworks` is then refused, which is the point on a STIG
    host and an outage on a mail server.

    ## References
    - DISA STIG RHEL-07-040480 / RHEL-08-040290; ComplianceAsCode
      postfix_prevent_unrestricted_relay
    """

    code = "PL612"
    name = "stig-client-restrictions"
    family = "relay"
    severity = Severity.INFO
    fix = FixAvailability.ALWAYS
    default_enabled = False

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        if ctx.main is None:
            return
        value = ctx.effective("smtpd_client_restrictions")
        if [w.lower() for w in split_list(value.value)] == REQUIRED:
            return
        wanted = ", ".join(REQUIRED)
        edit = edits.set_parameter(ctx.main, value.definition, "smtpd_client_restrictions", wanted)
        file, span = ctx.where(value) if value.definition else (ctx.main, Span(0, 0))
        shown = value.value.strip() or "(empty)"
        yield ctx.diagnostic(
            file,
            span,
            f"STIG: smtpd_client_restrictions is {shown}; it must be {wanted} so that only "
            "mynetworks may connect",
            fix=Fix(
                f"Set smtpd_client_restrictions = {wanted}",
                (edit,),
                Applicability.UNSAFE,
                (("smtpd_client_restrictions", wanted),),
            ),
        )
