"""PL301: the pre-2.3 TLS switches *_use_tls and *_enforce_tls."""

from __future__ import annotations

import re
from collections.abc import Iterator

from postlint.api import (
    Applicability,
    Context,
    Diagnostic,
    Edit,
    Fix,
    FixAvailability,
    Parameter,
    Rule,
    Severity,
    edits,
)
from postlint.postfix.services import yes

LEGACY = re.compile(r"^(?P<prefix>\w+?)_(?P<kind>use|enforce)_tls$")


def level_parameter(ctx: Context, item: str) -> str | None:
    """The *_security_level parameter that replaces a legacy switch (from deprecated.tsv)."""
    entry = ctx.catalogue.deprecation(item)
    if entry is None or not entry.replacement:
        return None
    return entry.replacement.split()[0]


class LegacyTlsSwitches(Rule):
    """`smtp_use_tls`, `smtpd_enforce_tls` and the other pre-2.3 TLS switches.

    ## What it does
    Reports `smtp_`, `smtpd_`, `lmtp_`, `postscreen_`, `tlsproxy_` and `tlsproxy_client_`
    `use_tls`/`enforce_tls`, in main.cf and master.cf.

    ## Why it matters
    They were superseded by `*_tls_security_level` in Postfix 2.3, postconf warns "will be
    removed" since 3.9, and they are ignored whenever the security level is set, which
    makes configs that set both misleading.

    ## Example
    ```
    smtpd_use_tls = yes
    ```

    ## Use instead
    ```
    smtpd_tls_security_level = may
    ```

    ## Fix safety
    Safe: `use_tls = yes` becomes `may`, `enforce_tls = yes` becomes `encrypt`, `no` becomes
    `none`; when the security level is already set, the ignored switches are deleted. An
    earlier duplicate of a switch (overridden by the later one) is deleted on its own. Only in
    main.cf.

    ## References
    - DEPRECATION_README; postconf(5) smtp_use_tls, smtp_enforce_tls
    """

    code = "PL301"
    name = "legacy-tls-switches"
    family = "deprecated"
    severity = Severity.WARNING
    fix = FixAvailability.SOMETIMES

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        if ctx.main is not None:
            by_prefix: dict[str, list[Parameter]] = {}
            for param in ctx.main.parameters():
                match = LEGACY.match(param.name)
                if match and ctx.catalogue.deprecation(param.name) is not None:
                    by_prefix.setdefault(match.group("prefix"), []).append(param)
            for params in by_prefix.values():
                target = level_parameter(ctx, params[0].name)
                fixes = self._fixes(ctx, params, target)
                for param in params:
                    yield ctx.diagnostic(
                        ctx.main,
                        param.span_without_newline,
                        f"{param.name} is deprecated (superseded in Postfix 2.3, warned about "
                        f"since 3.9); use {target}",
                        fix=fixes.get(id(param)),
                    )
        if ctx.master is not None:
            for svc in ctx.master.services():
                for override in svc.overrides:
                    if (
                        override.name
                        and LEGACY.match(override.name)
                        and ctx.catalogue.deprecation(override.name) is not None
                    ):
                        target = level_parameter(ctx, override.name)
                        yield ctx.diagnostic(
                            ctx.master,
                            override.span,
                            f"-o {override.name} is deprecated; use -o {target}",
                            service=svc,
                        )

    def _fixes(self, ctx: Context, params: list[Parameter], target: str | None) -> dict[int, Fix]:
        """A fix for each switch of one prefix (by id of the parameter).

        Each fix is a few edits, never one per switch: a file may repeat a switch
        thousands of times. An earlier duplicate is overridden anyway, so its fix deletes
        just that line; the switches that count (the last of each name) share one fix.
        """
        main = ctx.main
        assert main is not None
        info = ctx.catalogue.get(target) if target else None
        if target is None or info is None or not info.exists_in(ctx.version):
            return {}
        last = {p.name: p for p in params}
        live = sorted(last.values(), key=lambda p: p.span.start)
        fixes = {
            id(p): Fix("Delete the overridden duplicate", (edits.delete_entry(main, p),))
            for p in params
            if last[p.name] is not p
        }
        shared = self._live_fix(ctx, live, target)
        fixes.update((id(p), shared) for p in live)
        return fixes

    def _live_fix(self, ctx: Context, live: list[Parameter], target: str) -> Fix:
        main = ctx.main
        assert main is not None
        existing = ctx.config.definition(target)
        deletes = tuple(edits.delete_entry(main, p) for p in live)
        gone = tuple((p.name, None) for p in live)
        # Postfix reads the switches only while the level is empty; a level set in main.cf,
        # or a non-empty default (3.11 with compatibility_level 3.11), makes them dead.
        if ctx.effective(target).value.strip():
            return Fix(
                f"Delete the switches ignored because {target} is in effect",
                deletes,
                Applicability.SAFE,
                gone,
            )
        values = {LEGACY.match(p.name).group("kind"): p.value for p in live}  # type: ignore[union-attr]
        if yes(values.get("enforce", "")):
            level = "encrypt"
        elif yes(values.get("use", "")):
            level = "may"
        else:  # the switches leave TLS off, exactly as the empty level does
            return Fix("Delete the switches (TLS stays off)", deletes, Applicability.SAFE, gone)
        if existing is not None:  # present but empty: the switches decide today
            change = [edits.replace_value(main, existing, level), *deletes]
        else:
            first = live[0]
            change = [
                Edit(main.kind, first.name_span.start, first.value_span.end, f"{target} = {level}"),
                *deletes[1:],
            ]
        return Fix(
            f"Replace with {target} = {level}",
            tuple(change),
            Applicability.SAFE,
            ((target, level), *gone),
        )
