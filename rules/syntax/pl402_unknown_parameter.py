"""PL402: a parameter name Postfix does not know (a typo, or a newer release's parameter)."""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from postlint_rules.syntax.unknown_names import Transports, template_switch, value_fits

from postlint.api import (
    Applicability,
    CloseNames,
    Context,
    Diagnostic,
    Fix,
    FixAvailability,
    ParameterInfo,
    Rule,
    Severity,
    Version,
    close_names,
    edits,
    fits,
    prefix_twin,
    shorten,
    use_instead,
)


def suggestions(name: str, builtin: frozenset[str], per_service: tuple[str, ...] = ()) -> list[str]:
    """Close spellings, preferring names of the same family (smtpd_, virtual_, ...)."""
    return list(_suggestions(name, close_names(builtin), per_service))


@lru_cache(maxsize=4096)
def _suggestions(name: str, index: CloseNames, per_service: tuple[str, ...]) -> tuple[str, ...]:
    # Memoised: an editor re-lints the same unknown names on every keystroke.
    close = index.close(name, 3, 0.8, per_service)
    if not close:
        return ()  # most unknown names
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

    A suggestion must fit the value: `use_transport_maps = no` is not a misspelt
    `transport_maps` (a table). Yes/no switches of configuration templates (`use_*`,
    `enable_*`) are named as such, and a per-transport name for a transport master.cf does
    not define (`dovecot_destination_recipient_limit` without a `dovecot` service) says to
    define the service or remove the line (when no master.cf is checked, the stock one is
    assumed); it never suggests a `default_*` name, which would change every transport.

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
    Unsafe, and only when there is exactly one suggestion and the value fits its type: the
    renamed parameter starts to take effect, which changes what Postfix does. A `yes`/`no`
    never moves into a table or list parameter (`use_transport_maps = no` does not become
    `transport_maps = no`, on which Postfix dies).

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
        describe: _Describer | None = None  # made for the first unknown name
        info, diagnostic = ctx.catalogue.get, ctx.diagnostic

        def unknown(name: str) -> bool:
            # A mixed-up smtp_/smtpd_ name is PL203's finding.
            return not config.is_known(name) and not prefix_twin(name, known)

        for setting in ctx.settings(unknown):
            if describe is None:
                describe = _Describer(ctx)
            message, only = describe(setting.name, setting.value)
            fix = None
            target = info(only) if only else None
            param = setting.parameter  # main.cf only: an -o is not renamed
            if (
                param is not None
                and only
                and only not in config.definitions
                and target
                and fits(target, param.value)
            ):
                # Renaming onto a name that is already set would only add a duplicate.
                fix = Fix(
                    f"Rename to {only}",
                    (edits.rename_parameter(setting.file, param, only),),
                    Applicability.UNSAFE,
                    changes=((only, param.value),),
                )
            yield diagnostic(
                setting.file, setting.name_span, message, service=setting.service, fix=fix
            )


class _Describer:
    """The message for an unknown name, and the one name a fix may rename it to (a file
    can hold thousands of unknown names: what they all need is looked up once)."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx  # what every name needs, looked up once
        self.info = ctx.catalogue.get
        self.transports = Transports(ctx)
        self.index = close_names(ctx.config.builtin_names)
        self.prefixing = ctx.config.service_defaults.for_services_prefixing

    def __call__(self, name: str, value: str) -> tuple[str, str | None]:
        info = self.info(name)
        shown = shorten(name)  # a name can be megabytes long, too
        if info is not None:
            return self._catalogued(info, name, value, shown)
        return self._unlisted(name, value, shown)

    def _catalogued(
        self, info: ParameterInfo, name: str, value: str, shown: str
    ) -> tuple[str, str | None]:
        """A name the catalogue knows: another release's, or a per-service template."""
        ctx = self.ctx
        if info.status not in ("service", "service-template"):
            if Version.parse(info.since) > ctx.version or not info.exists_in(ctx.version):
                removed = info.removed_in and Version.parse(info.removed_in) <= ctx.version
                if not removed:
                    return (
                        f"{shown} does not exist in Postfix {ctx.version} "
                        f"({_arrival(info.since, info.backported_to, ctx.version)});"
                        " it is ignored there",
                        None,
                    )
            if info.removed_in:
                instead = use_instead(info.replacement) if info.replacement else None
                # With no name to move the value to, the line only misleads its reader.
                delete = "; delete the line" if instead and instead.startswith("nothing") else ""
                return (
                    f"{shown} was removed in Postfix {info.removed_in}; it is ignored"
                    + (f" ({instead}){delete}" if instead else ""),
                    None,
                )
        return self._unlisted(name, value, shown)

    def _unlisted(self, name: str, value: str, shown: str) -> tuple[str, str | None]:
        ctx, transports = self.ctx, self.transports
        transport = transports.undefined(name)
        if transport is not None:
            # Only a name the target release has.
            meant = [
                c
                for c in transports.misspelt(*transport)
                if (known := ctx.catalogue.get(c)) is None or known.exists_in(ctx.version)
            ]
            if meant:
                only = meant[0] if len(meant) == 1 else None
                hint = " or ".join(meant)
                return f"unknown parameter {shown} is ignored; did you mean {hint}?", only
            # Never a default_* "did you mean": that would change every transport.
            where = "master.cf defines" if transports.checked else "the stock master.cf has"
            unchecked = "" if transports.checked else " (no master.cf was checked)"
            return (
                f"{shown} configures a transport named {transport[0]}, but {where} "
                f"no {transport[0]} service{unchecked}; define the service or remove the line",
                None,
            )
        if template_switch(name, value):
            return (
                f"{shown} is not a Postfix parameter (a switch of a configuration template or "
                "cookbook); Postfix ignores it, delete the line",
                None,
            )
        # Built-in names, plus the per-service names of services this name starts with
        # (a master.cf can imply millions of those; only these can be close).
        per_service = tuple(self.prefixing(name))
        # Never a name whose type the value does not fit (use_transport_maps = no is not
        # a misspelt transport_maps).
        close = _suggestions(name, self.index, per_service)
        found = [c for c in close if value_fits(ctx.config.info(c), value)] if close else []
        if found:
            hint = " or ".join(found)
            only = found[0] if len(found) == 1 else None
            return f"unknown parameter {shown} is ignored; did you mean {hint}?", only
        return (
            f"unknown parameter {shown} is ignored; check the spelling, or reference it as "
            f"${shown} if it is your own",
            None,
        )


def _arrival(since: str, backports: tuple[str, ...], target: Version) -> str:
    """When the name arrived, naming a patch level of the target's own line that has it
    (smtpd_forbid_bare_newline: 3.9, and 3.5.25 of the 3.5 line on a 3.5.9 target)."""
    same_line = [b for b in backports if Version.parse(b).line == target.line]
    if same_line:
        return f"added in {since}, and in {same_line[0]} of the {target.line} line"
    return f"added in {since}"
