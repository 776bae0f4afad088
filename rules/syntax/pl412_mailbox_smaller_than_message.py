"""PL412: mailbox_size_limit smaller than message_size_limit."""

from __future__ import annotations

from collections.abc import Iterator

from postlint.api import Context, Diagnostic, Rule, Severity


def _number(text: str) -> int | None:
    text = text.strip()
    return int(text) if text.isdigit() else None


class MailboxSmallerThanMessage(Rule):
    """The mailbox limit is below the message limit (or the message limit is unlimited).

    ## What it does
    Compares the effective `mailbox_size_limit` (and `virtual_mailbox_limit`) with
    `message_size_limit`; 0 means unlimited.

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
        for name in ("mailbox_size_limit", "virtual_mailbox_limit"):
            if name == "virtual_mailbox_limit" and not virtual_used:
                continue  # only virtual(8) reads it
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
