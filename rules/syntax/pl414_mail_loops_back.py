"""PL414: the relayhost is this host itself, so mail loops."""

from __future__ import annotations

from collections.abc import Iterator

from postlint.api import Context, Diagnostic, Rule, Severity, split_list


def relay_host(value: str) -> str:
    host = value.strip().split(",")[0].strip()
    if host.startswith("["):
        return host[1:].split("]", 1)[0].lower()
    return host.rsplit(":", 1)[0].lower() if host.count(":") == 1 else host.lower()


class MailLoopsBack(Rule):
    """`relayhost` (or `smtp_fallback_relay`) names this host.

    ## What it does
    Reports a relay host equal to `myhostname` or to a name in `mydestination` (both as set
    in main.cf; the machine's own name is not known offline).

    ## Why it matters
    The SMTP client delivers to itself; Postfix detects "mail for X loops back to myself"
    and bounces or defers everything that is not local.

    ## Example
    ```
    myhostname = mail.example.com
    relayhost = [mail.example.com]
    ```

    ## Use instead
    The provider's or the organisation's relay, not this server.

    ## Fix safety
    No automatic fix.

    ## References
    - smtp(8) "mail for ... loops back to myself"
    """

    code = "PL414"
    name = "mail-loops-back"
    family = "syntax"
    severity = Severity.ERROR

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        own = set()
        host = ctx.effective("myhostname")
        if not host.is_default:
            own.add(host.value.strip().lower())
        destination = ctx.effective("mydestination")
        if not destination.is_default:
            own |= {
                d
                for d in split_list(destination.value.lower())
                if ":" not in d and "/" not in d and d != "localhost"
            }
        for name in ("relayhost", "smtp_fallback_relay"):
            value = ctx.effective(name)
            if value.is_default or value.templated or not value.value.strip():
                continue
            target = relay_host(value.value)
            if target in own:
                file, span = ctx.where(value)
                yield ctx.diagnostic(
                    file,
                    span,
                    f"{name} {target} is this host itself, so mail "
                    "loops back; point it at another server",
                )
