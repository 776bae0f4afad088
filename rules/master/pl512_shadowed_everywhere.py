"""PL512: a main.cf setting that every service overrides, so it never takes effect."""

from __future__ import annotations

from collections.abc import Iterator

from postlint.api import Config, Context, Diagnostic, Rule, Severity


class ShadowedEverywhere(Rule):
    """Every service that reads a main.cf setting overrides it with `-o`.

    ## What it does
    Reports a main.cf setting when each master.cf service whose program reads the name
    (smtpd services for `smtpd_*`, the smtp transports for `smtp_*`, the queue manager for
    its limits ...) overrides it with `-o`, and no command run without master.cf (sendmail,
    postqueue, the master daemon) reads it. Which program reads which name comes from
    Postfix's sources; a program they do not cover counts as reading every name.

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
        config = ctx.config
        overridden = {name for svc in config.services for name in config.overrides(svc)}
        verdicts: dict[str, str | None] = {}  # name -> the programs that all override it
        for setting in ctx.settings(overridden):
            if setting.service is not None:
                break  # main.cf lines come first; the -o lines are what shadows them
            if setting.name not in verdicts:
                verdicts[setting.name] = _shadowing(config, setting.name)
            programs = verdicts[setting.name]
            if programs is not None:
                yield ctx.diagnostic(
                    setting.file,
                    setting.span,
                    f"every {programs} service overrides {setting.name} with -o, "
                    "so this main.cf setting never takes effect",
                )


def _shadowing(config: Config, name: str) -> str | None:
    """The programs (as words) of the services that read `name`, when each of them has its
    own -o and nothing run without master.cf reads main.cf's value; else None."""
    readers, overrides = config.readers, config.overrides
    keeping = [svc for svc in config.services if name not in overrides(svc)]
    # The cheap answers first: a service that keeps main.cf's value and reads the name by
    # that name, or a name no Postfix program reads by name (the facts cannot tell).
    if any(readers.reads_by_name(svc, name) for svc in keeping):
        return None
    if not readers.facts.read_by_some(name, readers.transports):
        return None
    if any(readers.refers_to(svc, name) for svc in keeping):
        return None
    reading = [
        svc
        for svc in config.services
        if name in overrides(svc)
        and (readers.reads_by_name(svc, name) or readers.refers_to(svc, name))
    ]
    if not reading or readers.read_without_master_cf(name):
        return None
    programs = sorted({svc.program for svc in reading})
    return " and ".join(filter(None, (", ".join(programs[:-1]), programs[-1])))
