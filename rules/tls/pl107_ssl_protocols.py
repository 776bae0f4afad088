"""PL107: SSLv2 or SSLv3 allowed by a TLS protocol setting."""

from __future__ import annotations

from collections.abc import Iterator

from postlint_rules.tls import weak_defaults
from postlint_rules.tls.protocols import usable_ssl

from postlint.api import (
    Applicability,
    Context,
    Diagnostic,
    Fix,
    FixAvailability,
    Rule,
    Severity,
    Version,
    edits,
    enabled_protocols,
    without_protocols,
)

SAFE_VALUE = "!SSLv2, !SSLv3"
SSL = ("SSLv2", "SSLv3")
_PREFIXES = ("smtp", "smtpd", "lmtp", "postscreen", "tlsproxy", "tlsproxy_client")


def protocol_parameters() -> list[str]:
    names = []
    for prefix in _PREFIXES:
        names += [f"{prefix}_tls_protocols", f"{prefix}_tls_mandatory_protocols"]
    return names


def ssl_left_on(value: str, version: Version) -> list[str]:
    """The SSL protocols a list enables (an empty list enables everything) that the target
    release can still negotiate."""
    enabled = enabled_protocols(value)
    return [p for p in usable_ssl(version) if p in enabled]


class SslProtocols(Rule):
    """A TLS protocol setting allows SSLv2 or SSLv3.

    ## What it does
    Checks the `*_tls_protocols` and `*_tls_mandatory_protocols` settings written in main.cf
    or master.cf: a list that names SSLv2/SSLv3, a `>=SSLv3` bound, an exclusion list that
    does not exclude both, or an empty value (which means every protocol OpenSSL offers).
    Where the SMTP client or server uses TLS and the list is not set, the target release's
    default counts: 2.10.1 and 2.11.0 (CentOS 7, Amazon Linux 2) still allow SSLv3.
    From Postfix 3.6 on (which requires OpenSSL 1.1.1, where SSLv2 no longer exists) only
    SSLv3 counts: `!SSLv3` alone is enough there.

    ## Why it matters
    SSLv2 and SSLv3 are broken (RFC 6176, RFC 7568, POODLE); offering them invites downgrade
    attacks.

    ## Example
    ```
    smtpd_tls_protocols = !SSLv2
    ```

    ## Use instead
    ```
    smtpd_tls_protocols = !SSLv2, !SSLv3
    ```

    ## Fix safety
    Unsafe: it changes a protocol list you wrote. The fix adds `!SSLv2`/`!SSLv3` and keeps
    every other entry, so nothing you excluded comes back (valid in every Postfix release).
    No fix when the list names only SSL protocols, or the value uses `$names`. Adding
    the setting where a weak release default applies is unsafe too (a new protocol list).

    ## References
    - postconf(5) smtp_tls_protocols; RFC 8996; BetterCrypto Applied Crypto Hardening
    """

    code = "PL107"
    name = "ssl-protocols"
    family = "tls"
    severity = Severity.ERROR
    fix = FixAvailability.SOMETIMES
    min_version = "2.3"

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        for setting in ctx.settings(set(protocol_parameters()), only_read=True):
            left_on = ssl_left_on(ctx.expanded(setting.value, setting.service), ctx.version)
            if not left_on:
                continue
            allows = f"allows {' and '.join(left_on)}"
            if setting.service is not None:  # a master.cf -o: reported, not fixed
                yield ctx.diagnostic(
                    setting.file,
                    setting.span,
                    f"-o {setting.name} {allows}; use {SAFE_VALUE}",
                    service=setting.service,
                )
                continue
            fix = None
            value = None if "$" in setting.value else without_protocols(setting.value, SSL)
            if value is not None and setting.parameter is not None:
                fix = Fix(
                    f"Set {setting.name} = {value}",
                    (edits.replace_value(setting.file, setting.parameter, value),),
                    Applicability.UNSAFE,
                    ((setting.name, value),),
                )
            yield ctx.diagnostic(
                setting.file,
                setting.span,
                f"{setting.name} {allows}; set {setting.name} = {SAFE_VALUE}",
                fix=fix,
            )

        # Unset lists whose release default allows SSL, where that side uses TLS.
        def weak(value: str) -> bool:
            return bool(ssl_left_on(value, ctx.version))

        yield from weak_defaults(ctx, "protocols", weak, SAFE_VALUE, "allows SSLv3")
