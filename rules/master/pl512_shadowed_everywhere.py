"""PL512: a main.cf setting that every service overrides, so it never takes effect."""

from __future__ import annotations

from collections.abc import Iterator

from postlint.api import Context, Diagnostic, Rule, Severity


class ShadowedEverywhere(Rule):
    """Every service that would read a main.cf smtpd/smtp setting overrides it with `-o`.

    ## What it does
    For main.cf `smtpd_*` settings (read by every smtpd service) and `smtp_*` settings (read
    by every smtp transport), reports the setting when each such master.cf service overrides
    it.

    ## Why it matters
    Editing the main.cf line changes nothing, a classic debugging trap ("I set it but
    postconf -n shows it and nothing happens").

    ## Example
    ```
    # main.cf
    smtpd_tls_security_level = may
    # master.cf: every smtpd has -o smtpd_tls_security_level=...
    ```

    ## Use instead
    Keep the setting where it takes effect (usually the -o overrides) and delete the other.

    ## Fix safety
    No automatic fix.

    ## References
    - master(5) "-o name=value"
    """

    code = "PL512"
    name = "shadowed-everywhere"
    family = "master"
    severity = Severity.INFO

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        if ctx.main is None or ctx.master is None:
            return
        readers = {
            "smtpd_": [s for s in ctx.config.services if s.program == "smtpd"],
            "smtp_": [s for s in ctx.config.services if s.program == "smtp"],
        }
        for param in ctx.main.parameters():
            prefix = (
                "smtpd_"
                if param.name.startswith("smtpd_")
                else ("smtp_" if param.name.startswith("smtp_") else None)
            )
            if prefix is None or not readers[prefix]:
                continue
            if all(param.name in ctx.config.overrides(s) for s in readers[prefix]):
                yield ctx.diagnostic(
                    ctx.main,
                    param.span_without_newline,
                    f"every {prefix[:-1]} service overrides {param.name} with -o, "
                    "so this main.cf setting never takes effect",
                )
