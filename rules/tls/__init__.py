"""PL1xx: TLS on the client (outbound) and server (inbound) side."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from postlint.api import Applicability, Context, Diagnostic, Fix, Span, defaults_in_use, edits


def weak_defaults(
    ctx: Context, kind: str, weak: Callable[[str], bool], better: str, problem: str
) -> Iterator[Diagnostic]:
    """A finding for each unset `smtp(d)_tls_*<kind>` list whose default in the target
    release is `weak`, where that side uses TLS; the (unsafe) fix adds `better`."""
    if ctx.main is None:
        return
    for value in defaults_in_use(ctx.config, kind, weak):
        fix = Fix(
            f"Add {value.name} = {better}",
            (edits.insert_parameter(ctx.main, value.name, better),),
            Applicability.UNSAFE,
            ((value.name, better),),
        )
        yield ctx.diagnostic(
            ctx.main,
            Span(0, 0),
            f"{value.name} is not set, and the Postfix {ctx.version} default "
            f"'{value.value}' {problem}; set {value.name} = {better}",
            fix=fix,
        )
