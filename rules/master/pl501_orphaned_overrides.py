"""PL501: -o lines under a commented-out service belong to the service above it."""

from __future__ import annotations

import re
from collections.abc import Iterator

from postlint.api import Context, Diagnostic, LineKind, Rule, Severity, Span

SERVICE_HEADER = re.compile(
    r"^\s*#\s*(?P<name>\S+)\s+(inet|unix|unix-dgram|fifo|pass)\s+\S+\s+\S+\s+\S+\s+\S+\s+\S+\s+\S+"
)


class OrphanedOverrides(Rule):
    """Indented `-o` lines after a commented-out service apply to the previous service.

    ## What it does
    Finds a commented-out service line (`#submission inet n - n - - smtpd`) followed by
    indented lines that were left active. Comment lines do not end a logical line in
    Postfix, so those lines are appended to the previous active service.

    ## Why it matters
    In the stock master.cf the service above `#submission` is usually `smtp inet`: its
    `-o smtpd_tls_security_level=encrypt` then makes port 25 refuse mail from servers
    without TLS, and `-o smtpd_client_restrictions=permit_sasl_authenticated,reject` makes it
    refuse all mail from the Internet.

    ## Example
    ```
    smtp      inet  n  -  n  -  -  smtpd
    #submission inet n  -  n  -  -  smtpd
      -o smtpd_tls_security_level=encrypt
    ```

    ## Use instead
    Comment out the `-o` lines too, or enable the service.

    ## Fix safety
    No automatic fix: either choice changes which mail is accepted.

    ## References
    - util/readlline.c (comment lines inside a logical line); master(5)
    """

    code = "PL501"
    name = "orphaned-overrides"
    family = "master"
    severity = Severity.ERROR

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        master = ctx.master
        if master is None:
            return
        for service in master.services():
            header = None
            for line in service.lines[1:]:
                if line.kind is LineKind.INNER_COMMENT:
                    match = SERVICE_HEADER.match(line.content)
                    if match:
                        header = match.group("name")
                elif line.kind is LineKind.CONTINUATION and header is not None:
                    text = line.content.rstrip()
                    start = line.start + len(line.content) - len(line.content.lstrip())
                    yield ctx.diagnostic(
                        master,
                        Span(start, line.start + len(text)),
                        f"this line belongs to {service.key}, not to the commented-out "
                        f"'{header}' service above it: comment it out too, or enable '{header}'",
                        service=service,
                    )
                    break
