"""PL611: a send-only host (profile null-client) that listens on the network."""

from __future__ import annotations

from collections.abc import Iterator

from postlint.api import Context, Diagnostic, Rule, Severity, Span, shorten


class NullClientListening(Rule):
    """With `profile = "null-client"`, `inet_interfaces` is not loopback only.

    ## What it does
    Only when the config's `profile` says the host is a null client (it sends mail but does
    not receive any), reports `inet_interfaces` other than loopback.

    ## Why it matters
    A host that should only send exposes an SMTP server to the network for nothing
    (CIS benchmark "local-only mode").

    ## Example
    ```
    inet_interfaces = all
    ```

    ## Use instead
    ```
    inet_interfaces = loopback-only
    ```

    ## Fix safety
    No automatic fix.

    ## References
    - CIS benchmarks (MTA local-only mode); STANDARD_CONFIGURATION_README "null client"
    """

    code = "PL611"
    name = "null-client-listening"
    family = "relay"
    severity = Severity.INFO

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        if ctx.profile != "null-client" or ctx.main is None:
            return
        value = ctx.effective("inet_interfaces")
        if value.value.strip().lower() in ("loopback-only", "localhost", "127.0.0.1", "::1"):
            return
        file, span = ctx.where(value) if value.definition else (ctx.main, Span(0, 0))
        yield ctx.diagnostic(
            file,
            span,
            "this null client listens on the network "
            f"(inet_interfaces = {shorten(value.value)}); set inet_interfaces = "
            "loopback-only",
        )
