"""Which parameter names a master.cf service's daemon reads, by their prefix.

A name meant for the other side is worth suggesting only when the service's own program
reads it: `smtpd` reads `smtpd_*`, never `smtp_*`, so an unknown `-o smtpd_bind_address` on
an smtpd is a line to delete, not a rename to the client's `smtp_bind_address`.
"""

from __future__ import annotations

from postlint.api import Service

# The prefix of the side-specific names each mail daemon reads (smtp(8) run as `lmtp`
# reads the lmtp_ names).
OWN_PREFIX = {
    "smtpd": "smtpd_",
    "postscreen": "postscreen_",
    "tlsproxy": "tlsproxy_",
    "smtp": "smtp_",
    "lmtp": "lmtp_",
}
SIDED_PREFIXES = ("smtpd_", "smtp_", "lmtp_", "postscreen_", "tlsproxy_")


def daemon_reads(service: Service, name: str) -> bool:
    """Whether the service's program reads `name` (unknown programs: assume it might)."""
    own = OWN_PREFIX.get(service.program or "")
    if own is None:
        return True
    if name.startswith("tlsproxy_client_"):
        return service.program == "tlsproxy"
    return name.startswith(own) or not name.startswith(SIDED_PREFIXES)


def own_twin(service: Service, name: str, known: set[str]) -> str | None:
    """`name` with its side prefix replaced by the one the service's program reads."""
    own = OWN_PREFIX.get(service.program or "")
    prefix = next((p for p in SIDED_PREFIXES if name.startswith(p)), None)
    if own is None or prefix is None or prefix == own:
        return None
    twin = own + name[len(prefix) :]
    return twin if twin in known else None
