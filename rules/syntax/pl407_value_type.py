"""PL407: a value that does not fit the parameter's type (boolean, number, time, length)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from postlint.api import (
    ConfigFile,
    Context,
    Diagnostic,
    ExpansionError,
    Rule,
    Service,
    Severity,
    Span,
    install_parameters,
    table_list_problem,
    type_problem,
)


class ValueType(Rule):
    """A value that the parameter's type rejects: the daemon that reads it stops.

    ## What it does
    Checks main.cf values and `-o` values (after `$` expansion) against the parameter's type
    from the catalogue: booleans are `yes`/`no`; numbers are plain integers within the
    parameter's bounds (no `10M`); times are a number with an optional unit letter
    (s, m, h, d, w); some strings must not be empty; a list of tables
    (`transport_maps`) holds only `type:name` entries.

    ## Why it matters
    postconf does not check types; the daemon does when it starts: "bad boolean
    configuration", "bad numerical configuration", "bad time value or unit" are fatal, so
    the service (or all of Postfix) stops.

    ## Example
    ```
    message_size_limit = 50M
    smtpd_tls_auth_only = true
    transport_maps = no
    ```

    ## Use instead
    ```
    message_size_limit = 52428800
    smtpd_tls_auth_only = yes
    transport_maps =
    ```

    ## Fix safety
    No automatic fix.

    ## References
    - global/mail_conf_*.c, conv_time.c; SYNTAX.md section 4
    """

    code = "PL407"
    name = "value-type"
    family = "syntax"
    severity = Severity.ERROR

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        if ctx.main is not None:
            for param in ctx.main.parameters():
                yield from self._check(
                    ctx, ctx.main, param.name, param.value, param.value_span, None
                )
        if ctx.master is not None:
            for svc in ctx.master.services():
                for override in svc.overrides:
                    if override.name and override.value_span is not None:
                        yield from self._check(
                            ctx, ctx.master, override.name, override.value, override.value_span, svc
                        )

    def _check(
        self,
        ctx: Context,
        file: ConfigFile,
        name: str,
        value: str,
        span: Span,
        service: Service | None,
    ) -> Iterator[Diagnostic]:
        info = ctx.catalogue.get(name)
        if info is None or not info.exists_in(ctx.version):
            return
        if value == info.default_for(ctx.version):
            return  # the default written out (a `postconf -d` dump): Postfix's own choice
        try:
            expanded = ctx.config.expand(value, service) if info.ctype != "raw" else value
        except ExpansionError:
            return  # PL409's finding
        minimum = None if (name in install_parameters() and not expanded.strip()) else info.min
        problem = type_problem(info.ctype, info.kind, expanded, minimum, info.max)
        if problem is None and info.kind == "map-list":
            problem = table_list_problem(expanded, info.default_for(ctx.version), self._kind(ctx))
        if problem:
            shown = value if expanded == value else f"{value} (= {expanded})"
            yield ctx.diagnostic(
                file,
                span if span.end > span.start else Span(span.start, span.start),
                f"{name} = {shown} {problem}; the daemon that reads it stops with a fatal error",
                service=service,
            )

    @staticmethod
    def _kind(ctx: Context) -> Callable[[str], str | None]:
        def kind_of(name: str) -> str | None:
            info = ctx.catalogue.get(name)
            return info.kind if info else None

        return kind_of
