"""PL508: postscreen without the services it hands work to."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from postlint.api import Context, Diagnostic, Rule, Severity


class PostscreenCompanions(Rule):
    """postscreen runs, but `smtpd pass`, `tlsproxy` or `dnsblog` is missing.

    ## What it does
    When master.cf has a postscreen service, checks for an `smtpd` service of type `pass`
    (to hand clients to), a `tlsproxy` service when inbound TLS is on, and a `dnsblog`
    service when `postscreen_dnsbl_sites` is set.

    ## Why it matters
    Without `smtpd pass` no connection is ever handed over: all mail is refused. Without
    `tlsproxy`, STARTTLS fails during postscreen's tests; without `dnsblog`, DNSBL checks
    fail.

    ## Example
    ```
    smtp      inet  n  -  n  -  1  postscreen
    ```

    ## Use instead
    ```
    smtp      inet  n  -  n  -  1  postscreen
    smtpd     pass  -  -  n  -  -  smtpd
    dnsblog   unix  -  -  n  -  0  dnsblog
    tlsproxy  unix  -  -  n  -  0  tlsproxy
    ```

    ## Fix safety
    No automatic fix.

    ## References
    - POSTSCREEN_README "Turning on postscreen(8)"
    """

    code = "PL508"
    name = "postscreen-companions"
    family = "master"
    severity = Severity.ERROR
    other_severities: ClassVar[dict[Severity, str]] = {
        Severity.WARNING: "inbound TLS without a tlsproxy service"
    }

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        master = ctx.master
        if master is None:
            return
        screens = [s for s in ctx.config.services if s.program == "postscreen"]
        if not screens:
            return
        programs = {(s.program, s.type) for s in ctx.config.services}
        where = screens[0].fields[0].span
        if ("smtpd", "pass") not in programs:
            yield ctx.diagnostic(
                master,
                where,
                "postscreen has no 'smtpd pass' service to hand "
                "clients to, so all mail is refused; add one",
                service=screens[0],
            )
        if ctx.tls_level("smtpd", None).level != "none" and ("tlsproxy", "unix") not in programs:
            yield ctx.diagnostic(
                master,
                where,
                "inbound TLS is on but there is no tlsproxy "
                "service for postscreen; add 'tlsproxy unix - - n - 0 tlsproxy'",
                service=screens[0],
                severity=Severity.WARNING,
            )
        if (
            ctx.effective("postscreen_dnsbl_sites").value.strip()
            and ("dnsblog", "unix") not in programs
        ):
            yield ctx.diagnostic(
                master,
                where,
                "postscreen_dnsbl_sites is set but there is no "
                "dnsblog service; add 'dnsblog unix - - n - 0 dnsblog'",
                service=screens[0],
            )
