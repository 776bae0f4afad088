"""PL412: mailbox_size_limit smaller than message_size_limit."""

from __future__ import annotations

from collections.abc import Iterator

from postlint.api import Context, Diagnostic, Rule, Severity, is_number


def _number(text: str) -> int | None:
    text = text.strip()
    return int(text) if is_number(text) else None


def local_delivery(ctx: Context) -> bool:
    """Whether local(8) delivers anything: it serves only the domains in mydestination, and
    only when local_transport names a service that runs `local`."""
    if not ctx.expanded(ctx.effective("mydestination").value).strip():
        return False
    transport = ctx.expanded(ctx.effective("local_transport").value).split(":")[0].strip()
    if ctx.master is None:
        return transport == "local"
    return any(s.name == transport and s.program == "local" for s in ctx.config.services)


class MailboxSmallerThanMessage(Rule):
    """The mailbox limit is below the message limit (or the message limit is unlimited).

    ## What it does
    Compares the effective `mailbox_size_limit` (and `virtual_mailbox_limit`) with
    `message_size_limit`; 0 means unlimited. Only when the daemon that reads the limit
    delivers mail: local(8) for a non-empty `mydestination` through a `local_transport` that
    runs `local`, virtual(8) for virtual mailbox domains through `virtual_transport = virtual`.

    ## Why it matters
    local(8) and virtual(8) refuse to start: "main.cf configuration error: mailbox_size_limit
    is smaller than message_size_limit". Mail to local mailboxes stays in the queue.

    ## Example
    ```
    message_size_limit = 104857600
    ```
    (the default mailbox_size_limit is 51200000)

    ## Use instead
    ```
    message_size_limit = 104857600
    mailbox_size_limit = 0
    ```

    ## Fix safety
    No automatic fix.

    ## References
    - postconf(5) mailbox_size_limit, virtual_mailbox_limit
    """

    code = "PL412"
    name = "mailbox-smaller-than-message"
    family = "syntax"
    severity = Severity.ERROR

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        message = ctx.effective("message_size_limit")
        message_limit = _number(message.value)
        if message_limit is None:
            return
        # virtual(8) reads virtual_mailbox_limit only if it delivers (not LMTP to Dovecot).
        virtual_used = ctx.effective("virtual_transport").value.strip() == "virtual" and any(
            ctx.effective(n).value.strip()
            for n in ("virtual_mailbox_domains", "virtual_mailbox_maps")
        )
        used = {"mailbox_size_limit": local_delivery(ctx), "virtual_mailbox_limit": virtual_used}
        for name in ("mailbox_size_limit", "virtual_mailbox_limit"):
            if not used[name]:
                continue  # only local(8) / virtual(8) read these, and neither runs
            box = ctx.effective(name)
            limit = _number(box.value)
            if limit is None or limit == 0 or (box.is_default and message.is_default):
                continue
            if message_limit == 0 or limit < message_limit:
                cause = box if not box.is_default else message
                file, span = ctx.where(cause)
                shown = "unlimited" if message_limit == 0 else str(message_limit)
                yield ctx.diagnostic(
                    file,
                    span,
                    f"{name} ({limit}) is smaller than message_size_limit "
                    f"({shown}), so delivery refuses to start; raise {name} or "
                    "set it to 0",
                )
