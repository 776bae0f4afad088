"""PL708: locally generated mail gets a sender domain nobody can verify."""

from __future__ import annotations

from collections.abc import Iterator

from postlint_rules.sender.smarthost import authenticated_smarthost

from postlint.api import Context, Diagnostic, Rule, Severity, safe_references

PRIVATE = (".local", ".localdomain", ".lan", ".internal", ".home")


class NonPublicOrigin(Rule):
    """`myorigin` (or `mydomain`) is not a public domain.

    ## What it does
    Reports an explicitly set `myorigin` or `mydomain` whose value ends in `.local`,
    `.localdomain`, `.lan`, `.internal` or has no dot; not on a host that sends everything
    through a smarthost it authenticates to (`relayhost` with client SASL).

    ## Why it matters
    Mail from cron, scripts and `sendmail` gets a sender like `root@host.localdomain`, which
    has no SPF, DKIM or DMARC and is rejected or lost.

    ## Example
    ```
    mydomain = example.lan
    ```

    ## Use instead
    ```
    mydomain = example.com
    ```

    ## Fix safety
    No automatic fix.

    ## References
    - postconf(5) myorigin; Gmail email sender guidelines (authentication)
    """

    code = "PL708"
    name = "non-public-origin"
    family = "sender"
    severity = Severity.WARNING

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        if authenticated_smarthost(ctx):
            return  # the smarthost sends as the account it authenticated
        for name in ("myorigin", "mydomain"):
            value = ctx.effective(name)
            if value.is_default or value.templated:
                continue
            if any(
                ref in ("myhostname", "mydomain") and ctx.effective(ref).is_default
                for ref in safe_references(value.raw)
            ):
                continue  # depends on the machine's own name: unknown here
            domain = value.value.strip().rstrip(".").lower()
            if "$" in domain or not domain or domain.startswith("/"):
                continue  # myorigin may name a file (/etc/mailname) holding the domain
            if "." not in domain or domain.endswith(PRIVATE):
                file, span = ctx.where(value)
                yield ctx.diagnostic(
                    file,
                    span,
                    f"{name} = {domain} is not a public domain, so "
                    "locally generated mail cannot be authenticated; use your "
                    "real domain",
                )
