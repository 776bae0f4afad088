"""PL701: the HELO name the SMTP client announces is not a public host name."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterator

from postlint_rules.sender.smarthost import authenticated_smarthost

from postlint.api import Context, Diagnostic, Rule, Severity, safe_references, sends_over_smtp

PRIVATE_SUFFIXES = (".local", ".localdomain", ".lan", ".internal", ".home", ".corp")


def helo_problem(name: str) -> str | None:
    name = name.strip().rstrip(".")
    if not name:
        return "it is empty"
    if name.startswith("[") and name.endswith("]"):
        return None  # an address literal is allowed
    try:
        ipaddress.ip_address(name)
        return "a bare IP address must be written as [address]"
    except ValueError:
        pass
    if name in ("localhost", "localhost.localdomain"):
        return "it is localhost"
    if "." not in name:
        return "it has no domain part"
    if name.lower().endswith(PRIVATE_SUFFIXES):
        return "it ends in a private suffix"
    if re.fullmatch(r"[0-9a-f]{12}", name.split(".")[0]):
        return "it looks like a container id"
    return None


class HeloNotFqdn(Rule):
    """The SMTP client says HELO with a name that is not a public, fully qualified name.

    ## What it does
    Checks the effective `smtp_helo_name` (by default `$myhostname`) when main.cf sets it or
    `myhostname`: no dot, `localhost`, `.local`/`.localdomain`/`.lan`/`.internal`, a
    container id, or a bare IP address. (An unset `myhostname` comes from the machine Postfix
    runs on, which postlint does not know, so it says nothing then.) Not on a host that sends
    everything through a smarthost it authenticates to (`relayhost` with client SASL): only
    that smarthost sees the HELO name. Nor when no mail leaves through an SMTP client
    (`default_transport = error` and `relay_transport = error`: local delivery only).

    ## Why it matters
    Receivers reject or score down such greetings ("504 5.5.2 need fully-qualified
    hostname"), and Gmail's sender guidelines expect the HELO name to match the sending
    address's reverse DNS.

    ## Example
    ```
    myhostname = mail.example.local
    ```

    ## Use instead
    ```
    myhostname = mail.example.com
    ```

    ## Fix safety
    No automatic fix: the name must match your DNS.

    ## References
    - RFC 5321 section 4.1.1.1; Gmail email sender guidelines (PTR and HELO)
    """

    code = "PL701"
    name = "helo-not-fqdn"
    family = "sender"
    severity = Severity.WARNING

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        if ctx.main is None or authenticated_smarthost(ctx):
            return  # only the smarthost, which knows us by our login, sees this HELO
        helo = ctx.effective("smtp_helo_name")
        host = ctx.effective("myhostname")
        if host.is_default and (helo.is_default or "myhostname" in safe_references(helo.raw)):
            return  # myhostname comes from the machine Postfix runs on: unknown here
        if helo.expanded is None or helo.templated:
            return  # the name cannot be known here (PL409 reports a broken expansion)
        problem = helo_problem(helo.value)
        if problem is None or not sends_over_smtp(ctx.config):
            return
        cause = helo if not helo.is_default else host
        file, span = ctx.where(cause)
        yield ctx.diagnostic(
            file,
            span,
            f"the SMTP client says HELO {helo.value.strip() or '(empty)'}, but "
            f"{problem}; use this server's public, fully qualified name",
        )
