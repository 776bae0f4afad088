"""PL617: a content-filter re-injection listener reachable from the network."""

from __future__ import annotations

from collections.abc import Iterator

from postlint.api import Context, Diagnostic, Rule, Severity
from postlint.postfix.services import is_loopback_listener


class ReinjectionExposed(Rule):
    """An smtpd service that skips filtering listens beyond loopback.

    ## What it does
    Reports inet smtpd services that are not bound to a loopback address and override
    `content_filter` to empty or `receive_override_options` with `no_milters` /
    `no_header_body_checks` (the marks of a filter's re-injection port).

    ## Why it matters
    Whoever reaches that port bypasses spam and virus filtering, and usually relay control
    (re-injection services commonly permit everything).

    ## Example
    ```
    10025 inet n - n - - smtpd
      -o content_filter=
      -o receive_override_options=no_header_body_checks
    ```

    ## Use instead
    ```
    127.0.0.1:10025 inet n - n - - smtpd
      -o content_filter=
    ```

    ## Fix safety
    No automatic fix.

    ## References
    - FILTER_README "Advanced content filter"
    """

    code = "PL617"
    name = "reinjection-exposed"
    family = "relay"
    severity = Severity.ERROR

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        master = ctx.master
        if master is None:
            return
        for svc in ctx.config.services:
            if svc.program != "smtpd" or svc.type != "inet" or is_loopback_listener(svc):
                continue
            overrides = ctx.config.overrides(svc)
            filter_off = (
                "content_filter" in overrides and not overrides["content_filter"].value.strip()
            )
            receive = overrides.get("receive_override_options")
            skips = receive is not None and any(
                flag in receive.value for flag in ("no_milters", "no_header_body_checks")
            )
            if filter_off or skips:
                yield ctx.diagnostic(
                    master,
                    svc.fields[0].span,
                    f"{svc.key} skips content filtering but listens beyond "
                    "loopback; bind it to 127.0.0.1",
                    service=svc,
                )
