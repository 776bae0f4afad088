"""PL301's reading of a legacy client switch that was meant for the server.

`smtp_use_tls = yes` (or `smtp_enforce_tls = yes`) next to a server certificate and key,
while no SMTP server offers TLS: the admin wanted STARTTLS offered to clients (the classic
smtp_/smtpd_ mix-up), and converting the switch to `smtp_tls_security_level` alone would
leave inbound TLS off.
"""

from __future__ import annotations

from postlint.api import (
    MANDATORY_CLIENT_LEVELS,
    Applicability,
    Context,
    Edit,
    Fix,
    Parameter,
    edits,
    yes,
)

SERVER_CERTIFICATES = (
    ("smtpd_tls_cert_file", "smtpd_tls_key_file"),
    ("smtpd_tls_eccert_file", "smtpd_tls_eckey_file"),
    ("smtpd_tls_dcert_file", "smtpd_tls_dkey_file"),
    ("smtpd_tls_chain_files", "smtpd_tls_chain_files"),
)
SERVER_LEVEL = "smtpd_tls_security_level"
# Anything that already decides inbound TLS in main.cf: then the admin chose it.
SERVER_SWITCHES = (SERVER_LEVEL, "smtpd_use_tls", "smtpd_enforce_tls")


class ServerIntent:
    """The server-side reading: its message, and the fix that acts on it (if any).

    A plain class: an attrs one costs ~0.3 ms of every start to build."""

    __slots__ = ("fix",)

    def __init__(self, fix: Fix | None) -> None:
        self.fix = fix

    def message(self, name: str) -> str:
        return (
            f"{name} is deprecated and only turns on TLS for outbound mail, but a server "
            "certificate is configured and no SMTP server offers STARTTLS: to offer it to "
            f"clients set {SERVER_LEVEL} = may (smtp_tls_security_level is the outbound one)"
        )


def _has_server_certificate(ctx: Context) -> bool:
    return any(
        ctx.effective(cert).value.strip() and ctx.effective(key).value.strip()
        for cert, key in SERVER_CERTIFICATES
        if cert in ctx.config.builtin_names
    )


def _inbound_tls_off(ctx: Context) -> bool:
    roles = ctx.roles("server")
    return bool(roles) and all(
        ctx.tls_level("smtpd", role.service).level == "none" for role in roles
    )


def server_side_intent(
    ctx: Context,
    prefix: str,
    params: list[Parameter],
    fix: Fix | None,
    rewritten: list[Parameter] | None = None,
) -> ServerIntent | None:
    """The server-side reading of `prefix`'s legacy switches, or None if it does not apply.

    `rewritten` are the switches `fix` rewrites (all of `params` unless given); the
    others, overridden duplicates, are deleted by fixes of their own.
    """
    main = ctx.main
    if main is None or prefix != "smtp" or not any(yes(p.value) for p in params):
        return None
    if any(name in ctx.config.definitions for name in SERVER_SWITCHES):
        return None
    if not _has_server_certificate(ctx) or not _inbound_tls_off(ctx):
        return None
    if fix is None:
        return ServerIntent(None)
    if rewritten is not None:
        params = rewritten
    add = edits.insert_parameter(main, SERVER_LEVEL, "may")
    enforced = any(yes(p.value) for p in params if p.name.endswith("_enforce_tls"))
    # The switches' exact equivalent is `encrypt`, or `verify` while
    # smtp_tls_enforce_peername is yes (its default).
    mandatory = any(
        name == "smtp_tls_security_level" and value in MANDATORY_CLIENT_LEVELS
        for name, value in fix.changes
    )
    if enforced and mandatory:
        # Mandatory outbound TLS was most likely meant for the server too; opportunistic
        # on both sides changes the outbound policy, so a person has to confirm it.
        first = params[0]
        replace = Edit(
            main,
            first.name_span.start,
            first.value_span.end,
            "smtp_tls_security_level = may",
        )
        deletes = tuple(edits.delete_entry(main, p) for p in params[1:])
        return ServerIntent(
            Fix(
                f"Set {SERVER_LEVEL} = may and smtp_tls_security_level = may",
                (replace, *deletes, add),
                Applicability.UNSAFE,
                (
                    ("smtp_tls_security_level", "may"),
                    (SERVER_LEVEL, "may"),
                    *((p.name, None) for p in params),
                ),
            ),
        )
    # Offering STARTTLS inbound is not in the policy's safe additions (fix_policy): whether
    # a failed handshake falls back to plain text is up to each remote client (some defer),
    # and postscreen and tlsproxy inherit the level. The rename alone would be safe, but it
    # would remove the finding and with it the advice, so the whole fix is unsafe.
    return ServerIntent(
        Fix(
            f"{fix.message}, and set {SERVER_LEVEL} = may",
            (*fix.edits, add),
            Applicability.UNSAFE,
            (*fix.changes, (SERVER_LEVEL, "may")),
        ),
    )
