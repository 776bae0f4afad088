"""PL121: a TLS protocol list that names the versions to allow, so newer ones are off."""

from __future__ import annotations

from collections.abc import Iterator

from postlint_rules.tls.protocols import (
    floor_value,
    included,
    known_protocols,
    lowest_enabled,
    protocol_names,
    protocol_rank,
    range_fix,
    spelled_for,
    turned_off,
)

from postlint.api import Context, Diagnostic, FixAvailability, Rule, Severity


class ProtocolInclusionList(Rule):
    """A `*_tls_protocols` list names the protocols to allow instead of excluding old ones.

    ## What it does
    Reports `*_tls_protocols` and `*_tls_mandatory_protocols` values, in main.cf and master.cf
    `-o`, that name a protocol without `!` (`TLSv1.2, TLSv1.1, !TLSv1`) and leave out a newer
    one the target release knows. Postfix then allows only the named protocols.

    ## Why it matters
    An inclusion list turns off TLS 1.3 when it is not named (from Postfix 3.4, and the
    patch levels 3.0.14, 3.1.10, 3.2.7 and 3.3.2, which know TLS 1.3), without anyone
    noticing: a list meant to harden TLS ends up weakening it. A list that names TLS 1.3 is
    not reported: Postfix turns off only the protocols it knows, so later versions stay on.
    Write a floor instead: `>=TLSv1.2` (Postfix 3.6 and later), or exclusions
    (`!SSLv2, !SSLv3, !TLSv1, !TLSv1.1`) on older releases.

    ## Example
    ```
    smtpd_tls_protocols = TLSv1.2, TLSv1.1, !TLSv1
    ```

    ## Use instead
    ```
    smtpd_tls_protocols = >=TLSv1.1
    ```

    ## Fix safety
    Unsafe: it changes an explicit protocol list. The fix keeps the list's lowest protocol
    as the floor and turns on the versions after its newest entry (TLS 1.3, when it is not
    named); a version between the two that the list leaves out, or excludes with `!`,
    stays off (`TLSv1, TLSv1.2` becomes `>=TLSv1, !TLSv1.1`).

    ## References
    - postconf(5) smtpd_tls_protocols; Postfix 3.6 release notes (protocol version ranges)
    """

    code = "PL121"
    name = "protocol-inclusion-list"
    family = "tls"
    severity = Severity.WARNING
    fix = FixAvailability.SOMETIMES
    min_version = "2.3"

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        for setting in ctx.settings(protocol_names(), only_read=True):
            value = ctx.expanded(setting.value, setting.service)
            named = included(value)
            lowest = lowest_enabled(value)
            if not named or lowest is None:
                continue
            # Postfix turns off only the protocols it knows that the list leaves out: a
            # version newer than all of those stays on.
            newest = max(named, key=protocol_rank)
            lost = [
                p for p in known_protocols(ctx.version) if protocol_rank(p) > protocol_rank(newest)
            ]
            if not lost:
                continue
            # A protocol between the floor and the newest one named stays off, as listed.
            better = spelled_for(
                setting,
                floor_value(lowest, ctx.version, turned_off(value, lowest, through=newest)),
            )
            fix = range_fix(ctx, setting, better)
            yield ctx.diagnostic(
                setting.file,
                setting.span,
                f"{setting.label} lists the protocols to allow ({', '.join(named)}), which "
                f"turns off {' and '.join(lost)}; write {better}",
                service=setting.service,
                fix=fix,
            )
