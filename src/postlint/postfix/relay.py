"""Relay control: what the effective restriction lists do for an outside client that is not
authenticated, not in mynetworks, and sends to a domain this server is not responsible for."""

from __future__ import annotations

from typing import TYPE_CHECKING

from postlint.postfix.model import Config, EffectiveValue
from postlint.postfix.services import split_list
from postlint.records import FrozenRecord
from postlint.syntax.ast import ConfigFile, Service, Span

if TYPE_CHECKING:
    from postlint.engine.context import Context

# What smtpd requires in at least one of the two lists (else it refuses to run).
CONTROL = frozenset(
    {"reject_unauth_destination", "defer_unauth_destination", "reject", "defer", "defer_if_permit"}
)
# What stops relaying for such a client when the walk reaches it.
BLOCKS = frozenset({"reject_unauth_destination", "defer_unauth_destination", "reject", "defer"})


def _walk(items: list[str]) -> tuple[bool, str]:
    """Whether a list lets the message through: (allows, the deciding token or "")."""
    for token in items:
        if token == "permit":
            return True, token  # unconditional
        if token in BLOCKS:
            return False, token
        # permit_mynetworks, permit_sasl_authenticated, check_*_access, classes...:
        # conditions such a client does not meet (or that postlint cannot know offline).
    return True, ""  # the end of a list means "permit"


class RelayVerdict(FrozenRecord):
    __slots__ = ("open", "has_control", "reason", "cause")  # noqa: RUF023 (__init__'s order)
    open: bool
    has_control: bool
    reason: str
    cause: EffectiveValue

    def __init__(self, open: bool, has_control: bool, reason: str, cause: EffectiveValue) -> None:
        self._set("open", open)
        self._set("has_control", has_control)
        self._set("reason", reason)
        self._set("cause", cause)

    def where(self, ctx: Context) -> tuple[ConfigFile, Span]:
        return ctx.where(self.cause)


def relay_verdict(config: Config, service: Service | None) -> RelayVerdict:
    """Whether the SMTP server of `service` (or main.cf) can relay for strangers, and why."""
    relay = config.effective("smtpd_relay_restrictions", service)
    recipient = config.effective("smtpd_recipient_restrictions", service)
    # The effective value already follows the release and the level: 2.10-3.2 default to
    # the safe list; 3.3 and later have an empty one below compatibility_level 1.
    relay_items = split_list(relay.value)
    recipient_items = split_list(recipient.value)
    has_control = any(t in CONTROL for t in relay_items + recipient_items)
    if not has_control:
        cause = relay if not relay.is_default or recipient.is_default else recipient
        return RelayVerdict(False, False, "no relay check", cause)
    relay_allows, relay_token = _walk(relay_items)
    recipient_allows, recipient_token = _walk(recipient_items)
    if not (relay_allows and recipient_allows):
        return RelayVerdict(False, True, "", relay)
    parts = []
    for name, items, token in (
        ("smtpd_relay_restrictions", relay_items, relay_token),
        ("smtpd_recipient_restrictions", recipient_items, recipient_token),
    ):
        if not items:
            parts.append(f"{name} is empty")
        elif token == "permit":
            parts.append(f"{name} reaches 'permit' before a relay check")
        else:
            parts.append(f"{name} has no relay check")
    cause = relay if relay_token == "permit" or recipient.is_default else recipient
    return RelayVerdict(True, True, " and ".join(parts), cause)
