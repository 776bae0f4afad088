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
        prefixes = tuple(prefix for prefix, services in readers.items() if services)
        for setting in ctx.settings(lambda name: name.startswith(prefixes)):
            if setting.service is not None:
                continue  # the -o lines are what shadows main.cf
            prefix = "smtpd_" if setting.name.startswith("smtpd_") else "smtp_"
            if all(setting.name in ctx.config.overrides(s) for s in readers[prefix]):
                yield ctx.diagnostic(
                    setting.file,
                    setting.span,
                    f"every {prefix[:-1]} service overrides {setting.name} with -o, "
                    "so this main.cf setting never takes effect",
                )
