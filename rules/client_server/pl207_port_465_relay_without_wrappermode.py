"""PL207: a relay on port 465 (implicit TLS) without TLS wrapper mode."""

from __future__ import annotations

import re
from collections.abc import Iterator

from postlint.api import (
    Applicability,
    Context,
    Diagnostic,
    Fix,
    FixAvailability,
    Rule,
    Severity,
    Span,
    edits,
    yes,
)

IMPLICIT_TLS = re.compile(r":(465|smtps|submissions)\s*$")


class Port465RelayWithoutWrappermode(Rule):
    """`relayhost` uses port 465 but the client speaks plain SMTP first.

    ## What it does
    Reports a `relayhost` (or `smtp_fallback_relay`) on port 465, `smtps` or `submissions`
    while `smtp_tls_wrappermode` is not `yes`, or wrapper mode with a level below `encrypt`.

    ## Why it matters
    Port 465 expects a TLS handshake at once; a plain SMTP client waits for a greeting that
    never comes, and deliveries time out. Wrapper mode also requires level `encrypt`.

    ## Example
    ```
    relayhost = [smtp.example.net]:465
    ```

    ## Use instead
    ```
    relayhost = [smtp.example.net]:465
    smtp_tls_wrappermode = yes
    smtp_tls_security_level = encrypt
    ```

    ## Fix safety
    Unsafe: it changes how all outbound mail is delivered (from broken to working, but
    still a mail-flow change). Needs Postfix 3.0 or later.

    ## References
    - postconf(5) smtp_tls_wrappermode; RFC 8314
    """

    code = "PL207"
    name = "port-465-relay-without-wrappermode"
    family = "client-server"
    severity = Severity.ERROR
    fix = FixAvailability.SOMETIMES
    min_version = "3.0"

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        if ctx.main is None:
            return
        relay = ctx.effective("relayhost")
        if not IMPLICIT_TLS.search(relay.value):
            return
        wrapper = ctx.effective("smtp_tls_wrappermode")
        level = ctx.tls_level("smtp", None)
        file, span = ctx.where(relay)
        if not yes(wrapper.value):
            edit_list = [
                edits.set_parameter(
                    ctx.main,
                    ctx.config.definition("smtp_tls_wrappermode"),
                    "smtp_tls_wrappermode",
                    "yes",
                )
            ]
            changes: list[tuple[str, str | None]] = [("smtp_tls_wrappermode", "yes")]
            if level.level in ("none", "may"):
                if level.source.definition is not None and not level.legacy:
                    edit_list.append(
                        edits.replace_value(ctx.main, level.source.definition, "encrypt")
                    )
                else:
                    edit_list.append(
                        edits.insert_parameter(ctx.main, "smtp_tls_security_level", "encrypt")
                    )
                changes.append(("smtp_tls_security_level", "encrypt"))
            fix = Fix(
                "Turn on smtp_tls_wrappermode with level encrypt",
                tuple(edits.combine(edit_list)),
                Applicability.UNSAFE,
                tuple(changes),
            )
            yield ctx.diagnostic(
                file,
                span,
                "the relay uses port 465 (implicit TLS) but "
                "smtp_tls_wrappermode is off, so connections hang; set "
                "smtp_tls_wrappermode = yes and smtp_tls_security_level = "
                "encrypt",
                fix=fix,
            )
        elif level.level in ("none", "may"):
            where = ctx.where(level.source) if level.source.definition else (ctx.main, Span(0, 0))
            yield ctx.diagnostic(
                where[0],
                where[1],
                "smtp_tls_wrappermode = yes requires smtp_tls_security_level = encrypt or stronger",
            )
