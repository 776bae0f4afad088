"""PL502: whitespace inside a short-form -o value splits it into several arguments."""

from __future__ import annotations

from collections.abc import Iterator

from postlint.api import (
    FIELD_COUNT,
    Applicability,
    Context,
    Diagnostic,
    Edit,
    Fix,
    FixAvailability,
    Rule,
    Severity,
    Span,
    split_fields,
)


class SpacesInOverride(Rule):
    """`-o name = value` or `-o name=a, b`: the daemon sees extra arguments and dies.

    ## What it does
    Reports short-form `-o` options whose value was split by whitespace: a `name` followed
    by a lone `=`, or a value that ends in a comma followed by more list items.

    ## Why it matters
    Each whitespace-separated word is a separate argument: the service dies at start with
    "unexpected command-line argument" (or an `-o` without `=`), and mail stops.

    ## Example
    ```
      -o smtpd_client_restrictions=permit_sasl_authenticated, reject
    ```

    ## Use instead
    ```
      -o smtpd_client_restrictions=permit_sasl_authenticated,reject
    ```
    or the long form `-o { smtpd_client_restrictions = permit_sasl_authenticated, reject }`
    (Postfix 3.0+).

    ## Fix safety
    Safe: the fix removes the whitespace inside the value, which is the only reading under
    which the service starts.

    ## References
    - master(5) "-o name=value"; FILTER_README
    """

    code = "PL502"
    name = "spaces-in-override"
    family = "master"
    severity = Severity.ERROR
    fix = FixAvailability.ALWAYS

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        master = ctx.master
        if master is None:
            return
        for service in master.services():
            text = service.logical.text
            ranges = split_fields(text)[FIELD_COUNT:]
            tokens = [text[s:e] for s, e in ranges]
            i = 0
            while i < len(tokens) - 1:
                if tokens[i] != "-o":
                    if not tokens[i].startswith("-"):
                        break
                    i += 1
                    continue
                j = i + 1
                value = tokens[j]
                end = j
                if "=" not in value and end + 1 < len(tokens) and tokens[end + 1].startswith("="):
                    end += 1
                    if tokens[end] == "=" and end + 1 < len(tokens):
                        end += 1
                while (
                    tokens[end].endswith(",")
                    and end + 1 < len(tokens)
                    and not tokens[end + 1].startswith("-")
                ):
                    end += 1
                if end > j and not value.startswith("{"):
                    joined = "".join(tokens[j : end + 1])
                    start = ranges[j][0]
                    stop = ranges[end][1]
                    span = service.logical.span_of(start, stop)
                    fix = Fix(
                        f"Write the value without spaces: -o {joined}",
                        (Edit(master, span.start, span.end, joined),),
                        Applicability.SAFE,
                        _changes(service.key, joined),
                    )
                    yield ctx.diagnostic(
                        master,
                        Span(span.start, span.end),
                        f"whitespace splits this -o value into {end - j + 1} arguments, so "
                        f"{service.key} dies at start; write -o {joined}",
                        service=service,
                        fix=fix,
                    )
                i = end + 1


def _changes(key: str, joined: str) -> tuple[tuple[str, str | None], ...]:
    name, sep, value = joined.partition("=")
    return ((f"{key}/{name}", value),) if sep else ()
