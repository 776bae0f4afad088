"""PL419: a milter list item that is not an endpoint Postfix can connect to."""

from __future__ import annotations

import re
from collections.abc import Iterator

from postlint.api import (
    LIST_SEPARATORS,
    Applicability,
    Context,
    Diagnostic,
    Edit,
    Fix,
    FixAvailability,
    Rule,
    Setting,
    Severity,
    brace_tokens,
    is_number,
)

MILTER_LISTS = ("smtpd_milters", "non_smtpd_milters")
TRANSPORTS = ("inet", "unix", "local")
# Transport names people write by analogy with other software, and what Postfix calls them.
MEANT = {"tcp": "inet", "tcp4": "inet", "tcp6": "inet", "inet6": "inet", "socket": "unix"}
# A `{ endpoint, ... }` group (compiled on first use, which re keeps: groups are rare).
_GROUP = r"^\{\s*([^\s,}]*)"


class Endpoint:
    """A milter endpoint (a plain class: an attrs one costs ~0.3 ms of every start)."""

    __slots__ = ("start", "text")

    def __init__(self, text: str, start: int) -> None:
        self.text = text
        self.start = start  # offset of the endpoint inside the setting's value


def endpoints(value: str) -> Iterator[Endpoint]:
    """The endpoint of each list item; a `{ endpoint, name=value ... }` group (3.0+) too."""
    for start, end in brace_tokens(value, LIST_SEPARATORS):
        item = value[start:end]
        if item.startswith("{"):
            match = re.match(_GROUP, item)
            if match is None or not match.group(1):
                continue
            yield Endpoint(match.group(1), start + match.start(1))
        else:
            yield Endpoint(item, start)


def problem(endpoint: str) -> tuple[str, str | None] | None:
    """What is wrong with an endpoint, and the endpoint probably meant (None: fine)."""
    if endpoint.startswith("$"):
        return None  # a reference: the parameter it names is checked where it is set
    transport, colon, address = endpoint.partition(":")
    if not colon:
        if endpoint.startswith("/"):
            return "has no transport", f"unix:{endpoint}"
        return "has no transport (inet:host:port, unix:path or local:path)", None
    if transport in TRANSPORTS:
        if not address:
            return "has no address", None
        port_part = address.rsplit("]", 1)[-1]
        if transport == "inet" and ":" not in port_part and not is_number(port_part):
            return "has no port (inet:host:port)", None
        return None
    meant = MEANT.get(transport.lower())
    if meant is not None:
        return f"uses {transport}:, which is not a milter transport", f"{meant}:{address}"
    return f"uses the unknown transport {transport}:", None


class MilterEndpoint(Rule):
    """A milter endpoint that Postfix cannot connect to.

    ## What it does
    Checks each item of `smtpd_milters` and `non_smtpd_milters`, in main.cf and master.cf
    `-o`, including the endpoint of a `{ endpoint, name = value ... }` group: it must be
    `inet:host:port`, `unix:pathname` or `local:pathname`.

    ## Why it matters
    Postfix accepts the setting silently; only when mail arrives does it log that it cannot
    reach the milter, then applies `milter_default_action`: every message is deferred
    (`tempfail`), or passes unsigned and unfiltered (`accept`). `tcp:127.0.0.1:8891`,
    copied from other software, is the usual slip.

    ## Example
    ```
    smtpd_milters = tcp:127.0.0.1:8891
    ```

    ## Use instead
    ```
    smtpd_milters = inet:127.0.0.1:8891
    ```

    ## Fix safety
    Unsafe: `tcp:` becomes `inet:` and a bare path gets `unix:`, so the milter starts to see
    (and may reject, quarantine or change) mail it never saw before.

    ## References
    - MILTER_README "Specifying Milter applications"; postconf(5) smtpd_milters
    """

    code = "PL419"
    name = "milter-endpoint"
    family = "syntax"
    severity = Severity.ERROR
    fix = FixAvailability.SOMETIMES

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        for setting in ctx.settings(MILTER_LISTS, only_read=True):
            for endpoint in endpoints(setting.value):
                found = problem(endpoint.text)
                if found is not None:
                    yield self._report(ctx, setting, endpoint, *found)

    def _report(
        self, ctx: Context, setting: Setting, endpoint: Endpoint, what: str, meant: str | None
    ) -> Diagnostic:
        span = setting.value_subspan(endpoint.start, endpoint.start + len(endpoint.text))
        action = ctx.effective("milter_default_action", setting.service).value.strip()
        fix = None
        if meant is not None:
            value = (
                setting.value[: endpoint.start]
                + meant
                + setting.value[endpoint.start + len(endpoint.text) :]
            )
            fix = Fix(
                f"Write {meant}",
                (Edit(setting.file, span.start, span.end, meant),),
                Applicability.UNSAFE,
                ((setting.key(setting.name), value),),
            )
        return ctx.diagnostic(
            setting.file,
            span,
            f"milter {endpoint.text} in {setting.name} {what}, so Postfix cannot reach it and "
            f"applies milter_default_action ({action or 'tempfail'}) to mail"
            + (f"; write {meant}" if meant else ""),
            service=setting.service,
            fix=fix,
        )
