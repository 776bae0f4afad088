"""Whether this Postfix hands all outbound mail to a smarthost it authenticates to.

Then the smarthost, not this host, meets the receivers: they never see this host's HELO
name, and the smarthost vouches for the sender (it authenticated the account).
"""

from __future__ import annotations

from postlint.api import Context, relayhost_is_loopback, yes


def authenticated_smarthost(ctx: Context) -> bool:
    if not ctx.effective("relayhost").value.strip() or relayhost_is_loopback(ctx.config):
        return False
    if not ctx.effective("smtp_sasl_password_maps").value.strip():
        return False
    roles = ctx.roles("client")
    return bool(roles) and all(
        yes(ctx.effective("smtp_sasl_auth_enable", role.service).value) for role in roles
    )
