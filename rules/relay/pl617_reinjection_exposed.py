"""PL617: a content-filter re-injection listener reachable from the network."""

from __future__ import annotations

from collections.abc import Iterator

from postlint.api import (
    Context,
    Diagnostic,
    Rule,
    Service,
    Severity,
    is_loopback_listener,
    split_list,
)


class ReinjectionExposed(Rule):
    """An smtpd service that skips filtering listens beyond loopback.

    ## What it does
    Reports inet smtpd services that are not bound to a loopback address and override
    `content_filter` to empty or `receive_override_options` with `no_milters` /
    `no_header_body_checks` (the marks of a filter's re-injection port). A service whose
    `smtpd_client_restrictions` admit only trusted clients (`permit_mynetworks`,
    `permit_sasl_authenticated`, `permit_tls_clientcerts`, then `reject`) is left alone:
    skipping the filter for your own users is a choice, not a hole.

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
            if (filter_off or skips) and not self._only_trusted_clients(ctx, svc):
                yield ctx.diagnostic(
                    master,
                    svc.fields[0].span,
                    f"{svc.key} skips content filtering but listens beyond "
                    "loopback; bind it to 127.0.0.1",
                    service=svc,
                )

    @staticmethod
    def _only_trusted_clients(ctx: Context, svc: Service) -> bool:
        """Client restrictions that end in a plain reject after trust-only permits: only
        mynetworks or logged-in users get in, so skipping the filter is a choice, not a hole."""
        words = [
            w.lower() for w in split_list(ctx.effective("smtpd_client_restrictions", svc).value)
        ]
        trusted = {"permit_mynetworks", "permit_sasl_authenticated", "permit_tls_clientcerts"}
        return bool(words) and words[-1] == "reject" and set(words[:-1]) <= trusted
