"""Example postlint plugin: our mail servers must identify themselves in their banner."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from postlint.api import (
    Context,
    Diagnostic,
    Fix,
    FixAvailability,
    ParameterInfo,
    Rule,
    Severity,
    Span,
    edits,
    hookimpl,
)


class BannerNamesSite(Rule):
    """The SMTP banner must contain our site tag.

    ## What it does
    Checks that `smtpd_banner` contains the text of the `tag` option (default `EXAMPLE`).

    ## Why it matters
    Our support desk finds servers by the tag in the greeting.

    ## Example
    ```
    smtpd_banner = $myhostname ESMTP
    ```

    ## Use instead
    ```
    smtpd_banner = $myhostname ESMTP EXAMPLE
    ```

    ## Fix safety
    Safe where `smtpd_banner` is not set: the greeting gains the tag and nothing else
    changes. Unsafe where the admin wrote a banner, because it changes a value they
    wrote (apply with `--fix --unsafe-fixes`).

    ## References
    - Our mail operations handbook
    """

    code = "EX001"
    name = "banner-names-site"
    family = "example"
    severity = Severity.WARNING
    fix = FixAvailability.ALWAYS
    options: ClassVar[dict[str, object]] = {"tag": "EXAMPLE"}

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        tag = str(ctx.option("tag"))
        banner = ctx.effective("smtpd_banner")
        if tag in banner.value or ctx.main is None:
            return
        param = banner.definition
        if param is None:  # not set in main.cf: add it, keeping the default text
            edit = edits.insert_parameter(ctx.main, "smtpd_banner", f"{banner.raw} {tag}")
            yield ctx.diagnostic(
                ctx.main,
                Span(0, 0),
                f"smtpd_banner does not mention {tag}",
                fix=Fix.safe(f"Set smtpd_banner with {tag}", (edit,)),
            )
            return
        edit = edits.replace_value(ctx.main, param, f"{param.value} {tag}")
        yield ctx.diagnostic(
            ctx.main,
            param.value_span,
            f"smtpd_banner does not mention {tag}; add it",
            fix=Fix.unsafe(f"Add {tag} to smtpd_banner", (edit,)),
        )


@hookimpl
def postlint_rules() -> list[type[Rule]]:
    return [BannerNamesSite]


@hookimpl
def postlint_parameters() -> list[ParameterInfo]:
    # A parameter our own policy daemon reads from main.cf: not "unknown" here.
    return [
        ParameterInfo(
            name="example_policy_socket",
            default="",
            since="2.0",
            kind="string",
            ctype="str",
            status="builtin",
            source="example",
        )
    ]
