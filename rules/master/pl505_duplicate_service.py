"""PL505: two master.cf entries for the same service; the master daemon uses the last."""

from __future__ import annotations

from collections.abc import Iterator

from postlint.api import Context, Diagnostic, Rule, Service, Severity, listen_host, listen_port


def endpoint(service: Service) -> tuple[str, str, str]:
    """What the master daemon keys services on: endpoint, type (and private for sockets)."""
    if service.type == "inet":
        host = listen_host(service)
        if host == "localhost":
            host = "127.0.0.1"
        return (f"{host}:{listen_port(service)}", "inet", "")
    private = "n" if service.private == "n" else "y"
    return (service.name, service.type, private)


class DuplicateService(Rule):
    """A service is defined twice in master.cf; the master daemon keeps only the last entry.

    ## What it does
    Reports a service whose endpoint and type repeat an earlier entry (`smtp inet` and
    `25 inet` are the same listener; `foo unix` with private `y` and `n` are not).

    ## Why it matters
    The master daemon logs "duplicate master.cf entry ... using the last entry": the
    settings of the first entry, often the carefully tuned one, are silently ignored.

    ## Example
    ```
    smtp      inet  n       -       n       -       -       smtpd
    smtp      inet  n       -       n       -       1       postscreen
    ```

    ## Use instead
    Keep one entry per service; comment out the other completely.

    ## Fix safety
    No automatic fix.

    ## References
    - master/master_conf.c, "duplicate master.cf entry"; SYNTAX.md 5.3
    """

    code = "PL505"
    name = "duplicate-service"
    family = "master"
    severity = Severity.WARNING

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        master = ctx.master
        if master is None:
            return
        seen: dict[tuple[str, str, str], Service] = {}
        for service in master.services():
            key = endpoint(service)
            earlier = seen.get(key)
            if earlier is not None:
                line = master.position(earlier.span.start).line
                yield ctx.diagnostic(
                    master,
                    service.fields[0].span,
                    f"{service.key} repeats the service on line {line}; the master daemon uses "
                    "only this last entry, so the earlier one is ignored",
                    service=service,
                )
            seen[key] = service
