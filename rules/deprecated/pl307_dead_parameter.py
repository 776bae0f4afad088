"""PL307: parameters Postfix says not to specify at all."""

from __future__ import annotations

from collections.abc import Iterator

from postlint.api import (
    Applicability,
    Context,
    Diagnostic,
    Fix,
    FixAvailability,
    Rule,
    Severity,
    edits,
)

DEAD = (
    "smtp_cname_overrides_servername",
    "lmtp_cname_overrides_servername",
    "tlsproxy_client_loglevel_parameter",
)


class DeadParameter(Rule):
    """A parameter whose documentation says "do not specify".

    ## What it does
    Reports `smtp_cname_overrides_servername`, `lmtp_cname_overrides_servername` (deprecated
    in 3.11) and `tlsproxy_client_loglevel_parameter` (removed in 3.12).

    ## Why it matters
    They exist only for compatibility or internal use; postconf warns about them, and a
    non-default value changes which name TLS checks against.

    ## Example
    ```
    smtp_cname_overrides_servername = no
    ```

    ## Use instead
    Delete the line.

    ## Fix safety
    Safe when the value is the default (or the parameter is gone in the target release):
    deleting changes nothing. Unsafe otherwise.

    ## References
    - DEPRECATION_README
    """

    code = "PL307"
    name = "dead-parameter"
    family = "deprecated"
    severity = Severity.WARNING
    fix = FixAvailability.ALWAYS

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        main = ctx.main
        if main is None:
            return
        for param in main.parameters():
            if param.name not in DEAD:
                continue
            info = ctx.catalogue.get(param.name)
            gone = info is None or not info.exists_in(ctx.version)
            default = None if info is None else info.default_for(ctx.version)
            safe = gone or param.value.strip() == (default or "").strip()
            fix = Fix(
                f"Delete {param.name}",
                (edits.delete_entry(main, param),),
                Applicability.SAFE if safe else Applicability.UNSAFE,
                ((param.name, None),),
            )
            yield ctx.diagnostic(
                main,
                param.span_without_newline,
                f"{param.name} should not be specified; delete it",
                fix=fix,
            )
