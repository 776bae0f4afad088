"""PL301: the pre-2.3 TLS switches *_use_tls and *_enforce_tls."""

from __future__ import annotations

import itertools
import operator
import re
from collections.abc import Callable, Iterator

from postlint_rules.deprecated.legacy_wrong_side import ServerIntent, server_side_intent

from postlint.api import (
    Applicability,
    Context,
    Diagnostic,
    Edit,
    Fix,
    FixAvailability,
    Override,
    Parameter,
    Rule,
    Service,
    Severity,
    edits,
)

LEGACY = re.compile(r"^(?P<prefix>\w+?)_(?P<kind>use|enforce)_tls$")


def level_parameter(ctx: Context, item: str) -> str | None:
    """The *_security_level parameter that replaces a legacy switch (from deprecated.tsv)."""
    entry = ctx.catalogue.deprecation(item)
    if entry is None or not entry.replacement:
        return None
    return entry.replacement.split()[0]


def switch_names(ctx: Context) -> frozenset[str]:
    """The legacy switches: the deprecated names of the form *_use_tls / *_enforce_tls."""
    return frozenset(d.item for d in ctx.catalogue.deprecations if LEGACY.match(d.item))


def _prefix(name: str) -> str:
    return LEGACY.match(name).group("prefix")  # type: ignore[union-attr]


def _main_switches(ctx: Context, names: frozenset[str]) -> list[list[Parameter]]:
    """main.cf's switches, one list per prefix (smtp_use_tls with smtp_enforce_tls), each
    in file order, the lists in the order their prefix first appears.

    Looked up by name in the definitions, not by a test of every line of the file."""
    definitions = ctx.config.definitions
    by_prefix: dict[str, list[list[Parameter]]] = {}
    for name in names & definitions.keys():
        by_prefix.setdefault(_prefix(name), []).append(definitions[name])
    groups = [
        lists[0] if len(lists) == 1 else sorted(itertools.chain(*lists), key=_offset)
        for lists in by_prefix.values()
    ]
    groups.sort(key=lambda params: _offset(params[0]))
    return groups


# Where a parameter starts (a sort key for thousands of switches: looked up in C).
_offset: Callable[[Parameter], int] = operator.attrgetter("name_span.start")


def _service_switches(
    ctx: Context, names: frozenset[str]
) -> dict[tuple[Service, str], list[Override]]:
    """Each service's -o switches, by service and prefix, in file order."""
    found: dict[tuple[Service, str], list[Override]] = {}
    if ctx.master is None:
        return found
    for svc in ctx.master.services():
        for override in svc.overrides:
            if override.name in names and override.name_span is not None:
                found.setdefault((svc, _prefix(override.name)), []).append(override)
    return found


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

    `smtp_use_tls = yes` or `smtp_enforce_tls = yes` next to a server certificate and key,
    while no SMTP server offers TLS, was meant for the server: the message says so and the
    fix also sets `smtpd_tls_security_level = may`.

    ## Fix safety
    Safe: each switch is replaced by its exact equivalent. `use_tls = yes` becomes `may`;
    `enforce_tls = yes` becomes `encrypt`, or `verify` on the client side while
    `smtp_tls_enforce_peername` is `yes` (its default), since the old switch checked the
    server name too; switches that are `no` become `none` (TLS stays off, and stays your
    choice). When the security level is already set, the ignored switches are deleted.
    In master.cf a service's `-o` switches become one `-o ..._security_level` with the
    level they give that service today (or go, when the level is in effect there). When
    main.cf gets its level, a service whose own `-o` switches decide its level today gets
    that level as `-o` in the same fix, so no service changes. Unsafe for a switch meant
    for the server: offering STARTTLS to every client (`smtpd_tls_security_level = may`,
    which postscreen and tlsproxy inherit) relies on remote clients to fall back to plain
    text when a handshake fails, and some defer instead; there a mandatory
    `smtp_enforce_tls` also becomes opportunistic outbound TLS.

    ## References
    - DEPRECATION_README; postconf(5) smtp_use_tls, smtp_enforce_tls
    """

    code = "PL301"
    name = "legacy-tls-switches"
    family = "deprecated"
    severity = Severity.WARNING
    fix = FixAvailability.SOMETIMES

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        names = switch_names(ctx)
        for params in _main_switches(ctx, names):
            yield from self._main_findings(ctx, _prefix(params[0].name), params)
        for (svc, prefix), overrides in _service_switches(ctx, names).items():
            target = level_parameter(ctx, overrides[0].name or "")
            fixes = self._override_fixes(ctx, svc, prefix, overrides, target)
            for override in overrides:
                yield ctx.diagnostic(
                    ctx.master,
                    override.span,
                    f"-o {override.name} is deprecated; use -o {target}",
                    service=svc,
                    fix=fixes.get(id(override)),
                )

    def _main_findings(
        self, ctx: Context, prefix: str, params: list[Parameter]
    ) -> Iterator[Diagnostic]:
        fixes, intent = self._fixes(ctx, prefix, params)
        target = level_parameter(ctx, params[0].name)
        main, diagnostic = ctx.main, ctx.diagnostic
        assert main is not None
        # One message per name, not one per line: a file may repeat a switch thousands
        # of times.
        messages: dict[str, str] = {}
        for param in params:
            message = messages.get(param.name)
            if message is None:
                message = messages[param.name] = (
                    intent.message(param.name)
                    if intent is not None
                    else f"{param.name} is deprecated (superseded in Postfix 2.3, warned "
                    f"about since 3.9); use {target}"
                )
            yield diagnostic(main, param.span_without_newline, message, fix=fixes.get(id(param)))

    def _override_fixes(
        self,
        ctx: Context,
        svc: Service,
        prefix: str,
        overrides: list[Override],
        target: str | None,
    ) -> dict[int, Fix]:
        """A fix for each of a service's -o switches of one prefix (by id): their exact
        equivalent.

        Where the level is in effect for the service (its own -o, or main.cf), Postfix
        ignores the switches and they are deleted; else the first becomes `-o level=` with
        the level they give today and the others go. As in main.cf, a switch that a later
        -o of the same name overrides is deleted on its own, and only the first and the
        last of each name share the rewriting fix: a few edits per fix, however many times
        a service repeats a switch.
        """
        master = ctx.master
        info = ctx.catalogue.get(target) if target else None
        if master is None or target is None or info is None or not info.exists_in(ctx.version):
            return {}
        if any(o.name_span is None or o.value_span is None for o in overrides):
            return {}  # a -o without a value: nothing exact to write
        last = {o.name: o for o in overrides}
        rewritten = [o for o in overrides if o is overrides[0] or last[o.name] is o]
        gone = tuple((f"{svc.key}/{name}", None) for name in last)
        # Switches the program never reads (PL202's) are translated as written: the exact
        # equivalent of what they say, not of main.cf's level that the service keeps.
        written = ctx.config.never_reads(svc, overrides[0].name or "")
        if ctx.effective(target, svc, as_written=written).value.strip():
            deletes = [edits.delete_override(master, svc, o) for o in rewritten]
            shared = Fix.safe(
                f"Delete the -o switches ignored because {target} is in effect", deletes, gone
            )
        else:
            level = ctx.tls_level(prefix, svc, as_written=written).level
            change = [
                edits.replace_override(master, rewritten[0], target, level),
                *(edits.delete_override(master, svc, o) for o in rewritten[1:]),
            ]
            declared = ((f"{svc.key}/{target}", level), *gone)
            shared = Fix.safe(f"Replace with -o {target}={level}", change, declared)
        fixes = {id(o): shared for o in rewritten}
        for override in overrides:
            if id(override) not in fixes:
                fixes[id(override)] = Fix.safe(
                    f"Delete -o {override.name}, overridden by a later -o",
                    [edits.delete_override(master, svc, override)],
                )
        return fixes

    def _fixes(
        self, ctx: Context, prefix: str, params: list[Parameter]
    ) -> tuple[dict[int, Fix], ServerIntent | None]:
        """A fix for each switch of one prefix (by id of the parameter), and the server intent.

        Each fix is a few edits, never one per switch: a file may repeat a switch
        thousands of times. A switch that a later line of the same name overrides is
        deleted on its own; the first switch (where the level goes) and the last of each
        name share the fix that rewrites them. Together they make the same file as one
        fix deleting every switch, and a duplicate's deletion is as safe as that fix, so
        `--fix` without `--unsafe-fixes` changes nothing more than before.
        """
        last = {p.name: p for p in params}
        rewritten = [p for p in params if p is params[0] or last[p.name] is p]
        target = level_parameter(ctx, params[0].name)
        shared = self._fix(ctx, prefix, rewritten, target)
        intent = server_side_intent(ctx, prefix, params, shared, rewritten)
        if intent is not None:  # smtp_ written where smtpd_ was meant
            shared = intent.fix
        if shared is None:
            return {}, intent
        main = ctx.main
        assert main is not None
        fixes = {id(p): shared for p in rewritten}
        messages = {name: f"Delete {name}, overridden by a later line" for name in last}
        applicability = shared.applicability
        for param in params:
            if id(param) not in fixes:
                fixes[id(param)] = Fix(
                    messages[param.name], (edits.delete_entry(main, param),), applicability
                )
        return fixes, intent

    def _fix(
        self, ctx: Context, prefix: str, params: list[Parameter], target: str | None
    ) -> Fix | None:
        main = ctx.main
        assert main is not None
        info = ctx.catalogue.get(target) if target else None
        if target is None or info is None or not info.exists_in(ctx.version):
            return None
        existing = ctx.config.definition(target)
        deletes = tuple(edits.delete_entry(main, p) for p in params)
        gone = tuple((p.name, None) for p in params)
        # Postfix reads the switches only while the level is empty; a level set in main.cf,
        # or a non-empty default (3.11 with compatibility_level 3.11), makes them dead.
        if ctx.effective(target).value.strip():
            return Fix(
                f"Delete the switches ignored because {target} is in effect",
                deletes,
                Applicability.SAFE,
                gone,
            )
        # What the switches mean today; `no` becomes an explicit `none`, so the admin's
        # choice stays written down (a later fix must not read it as "unset").
        level = ctx.tls_level(prefix, None).level
        if existing is not None:  # present but empty: the switches decide today
            change = [edits.replace_value(main, existing, level), *deletes]
        else:
            first = params[0]
            change = [
                Edit(main, first.name_span.start, first.value_span.end, f"{target} = {level}"),
                *deletes[1:],
            ]
        # A service whose -o legacy switches (or -o ..._tls_enforce_peername) decide its
        # level today would follow the new main.cf level instead: it gets its own -o level,
        # the one it has today, so no service changes (a mandatory-TLS port stays mandatory).
        kept, declared = self._keep_service_levels(ctx, prefix, target, level)
        return Fix(
            f"Replace with {target} = {level}",
            (*change, *kept),
            Applicability.SAFE,
            ((target, level), *gone, *declared),
        )

    @staticmethod
    def _keep_service_levels(
        ctx: Context, prefix: str, target: str, level: str
    ) -> tuple[list[Edit], list[tuple[str, str | None]]]:
        """Edits giving each service whose level would change its level of today as `-o`,
        and the changes they declare (service/name -> new value, None when removed)."""
        master = ctx.master
        if master is None:
            return [], []
        kept: list[Edit] = []
        declared: list[tuple[str, str | None]] = []
        for svc in master.services():
            names = ctx.config.overrides(svc)
            if target in names:
                continue
            own = ctx.tls_level(prefix, svc).level
            if own == level:
                continue
            switch = next(
                (
                    o
                    for o in svc.overrides
                    if (m := LEGACY.match(o.name or ""))
                    and m.group("prefix") == prefix
                    and o.name_span is not None
                    and o.value_span is not None
                ),
                None,
            )
            if switch is not None:
                kept.append(edits.replace_override(master, switch, target, own))
                declared.append((f"{svc.key}/{switch.name}", None))
            else:
                kept.append(edits.set_override(master, svc, target, own))
            declared.append((f"{svc.key}/{target}", own))
        return kept, declared
