"""PL610: the SMTP greeting reveals software details or does not start with the host name."""

from __future__ import annotations

import re
from collections.abc import Iterator

from postlint.api import Context, Diagnostic, Rule, Severity

# Compiled on first use (re keeps it): most configs leave the banner alone.
DISCLOSES = r"(?i)\$\{?mail_name|\$\{?mail_version|postfix|ubuntu|debian|centos|red ?hat|suse"


class Banner(Rule):
    """`smtpd_banner` names the software, or does not start with `$myhostname`.

    ## What it does
    Reports an explicitly set `smtpd_banner` that contains `$mail_name`, `$mail_version`,
    "Postfix" or a distribution name (info), or that does not begin with `$myhostname`
    (RFC 5321 wants the server's name first).

    ## Why it matters
    Version details help attackers pick exploits; a greeting that does not start with the
    host name confuses some clients and monitoring.

    ## Example
    ```
    smtpd_banner = $myhostname ESMTP $mail_name (Debian/GNU)
    ```

    ## Use instead
    ```
    smtpd_banner = $myhostname ESMTP
    ```

    ## Fix safety
    No automatic fix.

    ## References
    - RFC 5321 section 4.3.1; Lynis MAIL-8818; ComplianceAsCode postfix_server_banner
    """

    code = "PL610"
    name = "banner"
    family = "relay"
    severity = Severity.INFO

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        value = ctx.effective("smtpd_banner")
        if value.is_default or value.templated:
            return
        file, span = ctx.where(value)
        if not re.match(r"^\$\{?myhostname\b", value.raw.strip()):
            yield ctx.diagnostic(
                file,
                span,
                "smtpd_banner should start with $myhostname (the greeting names the server first)",
            )
        if re.search(DISCLOSES, value.raw):
            yield ctx.diagnostic(
                file,
                span,
                "smtpd_banner reveals the software or system; '$myhostname ESMTP' is enough",
            )
