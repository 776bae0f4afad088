"""PL509: services run chrooted where the jail lacks the files they need."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from postlint.api import Context, Diagnostic, Rule, Service, Severity, Version, level_below

# Logging to a terminal or a pipe: how containers run Postfix (postlogd writes there).
CONTAINER_LOGS = ("/dev/stdout", "/dev/stderr", "/proc/self/fd/")
# Programs that look up hosts or services by name, or verify certificates, once jailed.
NETWORK_PROGRAMS = {"smtp", "lmtp", "smtpd", "postscreen", "tlsproxy", "dnsblog", "qmqpd"}


def chrooted(service: Service, ctx: Context) -> bool:
    """Whether the service runs in the queue-directory jail (a '-' follows Postfix's rules)."""
    field = service.chroot
    if field == "-":
        # Postfix 3.0 changed the default to n, unless compatibility_level is below 1.
        return ctx.version < Version(3, 0) or level_below(ctx.config.compatibility_level, "1")
    return field == "y"


class ChrootWithoutFiles(Rule):
    """A service runs chrooted where the jail has no copy of the files it reads.

    ## What it does
    Looks at network-facing services (`smtp`, `lmtp`, `smtpd`, `postscreen`, `tlsproxy`,
    `dnsblog`, `qmqpd`) whose chroot field is `y` (or `-` where that means `y`), and reports
    them when the configuration runs in a container: `maillog_file` is `/dev/stdout` or
    another terminal or pipe (the rule option `container`, true or false, overrides that
    guess). A chroot on a host installed from a distribution package is left alone: the
    package's start script fills the jail (Debian also copies the `*_tls_CApath`
    directories into it).

    ## Why it matters
    A chrooted daemon sees only the queue directory. Distribution packages copy
    `etc/resolv.conf`, `etc/services`, `etc/hosts` and friends into it at start-up; container
    images usually do not, so every DNS or service lookup fails and mail is deferred. A
    CApath directory is searched at handshake time, after the daemon entered the jail: the
    certificates must be inside it, while a `*_tls_CAfile` is read before.

    ## Example
    ```
    # main.cf
    maillog_file = /dev/stdout
    # master.cf
    smtp      unix  -       -       y       -       -       smtp
    ```

    ## Use instead
    ```
    smtp      unix  -       -       n       -       -       smtp
    ```

    ## Fix safety
    No automatic fix: whether to drop the chroot or populate the jail is a deployment choice.

    ## References
    - Postfix BASIC_CONFIGURATION_README (chroot), COMPATIBILITY_README (chroot default);
      Debian's /usr/lib/postfix/configure-instance.sh (what a package copies into the jail)
    """

    code = "PL509"
    name = "chroot-without-files"
    family = "master"
    severity = Severity.WARNING
    options: ClassVar[dict[str, object]] = {"container": None}  # None: from maillog_file
    option_types: ClassVar[dict[str, object]] = {"container": bool}

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        if ctx.master is None:
            return
        container = ctx.option("container")
        if container is None:
            log = ctx.effective("maillog_file").value.strip()
            container = log.startswith(CONTAINER_LOGS)
        if not container:
            return
        for service in ctx.master.services():
            if service.program not in NETWORK_PROGRAMS or not chrooted(service, ctx):
                continue
            yield ctx.diagnostic(
                ctx.master,
                service.fields[4].span,
                "this service runs chrooted in a container, where the jail has no "
                "etc/resolv.conf or etc/services: lookups fail and mail is deferred; "
                "set the chroot field to n",
                service=service,
            )
