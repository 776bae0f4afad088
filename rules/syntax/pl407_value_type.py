"""PL407: a value that does not fit the parameter's type (boolean, number, time, length)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from postlint.api import (
    Context,
    Diagnostic,
    ExpansionError,
    ParameterInfo,
    Rule,
    Severity,
    Span,
    edits,
    install_parameters,
    not_a_table,
    shorten,
    takes_any_entry,
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
        # Per name: its facts, and its default, which a value written out unchanged (a
        # `postconf -d` dump) matches; remembered per release, not worked out per lint.
        existing = ctx.config.shared.existing
        typed: dict[str, tuple[ParameterInfo, str]] = {}

        def has_type(name: str) -> bool:
            found = existing(name)
            if found is not None:
                typed[name] = found
            return found is not None

        # Inline, with what every setting needs looked up once: a dense file has 100,000
        # settings (a generator per setting, as this was, cost a third of the rule).
        expand, diagnostic = ctx.config.expand, ctx.diagnostic
        installed, kind_of = install_parameters(), self._kind(ctx)
        any_entry: dict[str, bool] = {}  # per map-list name: takes_any_entry
        for setting in ctx.settings(has_type, only_read=True):
            name, value = setting.name, setting.value
            info, default = typed[name]
            if value == default:
                continue
            ctype = info.ctype
            try:
                expanded = expand(value, setting.service) if ctype != "raw" else value
            except ExpansionError:
                continue  # PL409's finding
            minimum = None if (name in installed and not expanded.strip()) else info.min
            problem = type_problem(ctype, info.kind, expanded, minimum, info.max)
            if problem is None and info.kind == "map-list":
                # What the default allows is asked once per name, not per setting.
                if name not in any_entry:
                    any_entry[name] = takes_any_entry(default, kind_of)
                problem = None if any_entry[name] else not_a_table(expanded)
            if not problem:
                continue
            shown, note = shorten(value), ""
            comment = edits.inline_comment_start(value)
            if comment is not None:
                # `no # off` would read as the value and a comment: quote what Postfix reads.
                shown = f"'{shown}'"
                note = (
                    f": '{shorten(value[comment:])}' is part of the value, Postfix has no "
                    "inline comments"
                )
            if expanded != value:
                shown += f" (= {shorten(expanded)})"
            subject = f"{name} = {shown}" if shown.strip() else name  # `mydomain =` is empty
            span = setting.value_span
            yield diagnostic(
                setting.file,
                span if span.end > span.start else Span(span.start, span.start),
                f"{subject} {problem}{note}; the daemon that reads it stops with a fatal error",
                service=setting.service,
            )

    @staticmethod
    def _kind(ctx: Context) -> Callable[[str], str | None]:
        def kind_of(name: str) -> str | None:
            info = ctx.catalogue.get(name)
            return info.kind if info else None

        return kind_of
