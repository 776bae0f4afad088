"""PL402: a parameter name Postfix does not know (a typo, or a newer release's parameter)."""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from postlint.api import (
    Applicability,
    Context,
    Diagnostic,
    Fix,
    FixAvailability,
    Rule,
    Severity,
    Version,
    edits,
)
from postlint.postfix.services import prefix_twin
from postlint.postfix.spelling import CloseNames, close_names


def suggestions(name: str, builtin: frozenset[str], per_service: tuple[str, ...] = ()) -> list[str]:
    """Close spellings, preferring names of the same family (smtpd_, virtual_, ...)."""
    return list(_suggestions(name, close_names(builtin), per_service))


@lru_cache(maxsize=4096)
def _suggestions(name: str, index: CloseNames, per_service: tuple[str, ...]) -> tuple[str, ...]:
    # Memoised: an editor re-lints the same unknown names on every keystroke.
    close = index.close(name, n=3, cutoff=0.8, extra=per_service)
    family = name.split("_", 1)[0] + "_"
    same_family = [c for c in close if c.startswith(family)]
    return tuple(same_family or close)


class UnknownParameter(Rule):
    """A parameter name Postfix does not know: it is ignored.

    ## What it does
    Reports main.cf names and master.cf `-o` names that are not parameters of the target
    Postfix version, not defined by a master.cf service, and not user-defined parameters
    that some value references as `$name`. This is postconf's "unused parameter" warning,
    with a suggestion (a close spelling) and the release that added the name if it is only
    newer. A name that exists with `smtp_`/`smtpd_`/`lmtp_` swapped is PL203's finding.

    ## Why it matters
    A misspelled name is silently ignored: `smtpd_helo_requred = yes` leaves HELO optional.

    ## Example
    ```
    smtpd_helo_requred = yes
    ```

    ## Use instead
    ```
    smtpd_helo_required = yes
    ```

    ## Fix safety
    Unsafe, and only when there is exactly one suggestion: the renamed parameter starts to
    take effect, which changes what Postfix does.

    ## References
    - postconf(1), "unused parameter" (postconf_unused.c, Postfix 2.9+)
    """

    code = "PL402"
    name = "unknown-parameter"
    family = "syntax"
    severity = Severity.WARNING
    fix = FixAvailability.SOMETIMES

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        config = ctx.config
        known = config.builtin_or_service
        if ctx.main is not None:
            for param in ctx.main.parameters():
                if config.is_known(param.name) or prefix_twin(param.name, known):
                    continue  # a mixed-up smtp_/smtpd_ name is PL203's finding
                message, only = self._describe(ctx, param.name)
                fix = None
                if only and only not in config.definitions:
                    # Renaming onto a name that is already set would only add a duplicate.
                    fix = Fix(
                        f"Rename to {only}",
                        (edits.rename_parameter(ctx.main, param, only),),
                        Applicability.UNSAFE,
                        changes=((only, param.value),),
                    )
                yield ctx.diagnostic(ctx.main, param.name_span, message, fix=fix)
        if ctx.master is not None:
            for service in ctx.master.services():
                for override in service.overrides:
                    if override.name is None or override.name_span is None:
                        continue
                    if config.is_known(override.name) or prefix_twin(override.name, known):
                        continue
                    message, _only = self._describe(ctx, override.name)
                    yield ctx.diagnostic(ctx.master, override.name_span, message, service=service)

    def _describe(self, ctx: Context, name: str) -> tuple[str, str | None]:
        info = ctx.catalogue.get(name)
        if info is not None and info.status not in ("service", "service-template"):
            if Version.parse(info.since) > ctx.version:
                return (
                    f"{name} does not exist in Postfix {ctx.version} (added in {info.since});"
                    " it is ignored there",
                    None,
                )
            if info.removed_in:
                return (
                    f"{name} was removed in Postfix {info.removed_in}; it is ignored"
                    + (f" (use {info.replacement})" if info.replacement else ""),
                    None,
                )
        # Built-in names, plus the per-service names of services this name starts with
        # (a master.cf can imply millions of those; only these can be close).
        per_service = tuple(ctx.config.service_defaults.for_services_prefixing(name))
        found = suggestions(name, ctx.config.builtin_names, per_service)
        if found:
            hint = " or ".join(found)
            only = found[0] if len(found) == 1 else None
            return f"unknown parameter {name} is ignored; did you mean {hint}?", only
        return (
            f"unknown parameter {name} is ignored; check the spelling, or reference it as "
            f"${name} if it is your own",
            None,
        )
