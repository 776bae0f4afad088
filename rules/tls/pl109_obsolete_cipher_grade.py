"""PL109: a cipher grade that is obsolete (export, low) or encrypts nothing (null)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from postlint_rules.tls import weak_defaults

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

_PREFIXES = ("smtp", "smtpd", "lmtp", "postscreen", "tlsproxy", "tlsproxy_client")
GRADE_PARAMETERS = tuple(f"{p}_tls_{kind}ciphers" for p in _PREFIXES for kind in ("", "mandatory_"))


class ObsoleteCipherGrade(Rule):
    """A TLS cipher grade of `export`, `low` (obsolete) or `null` (no encryption).

    ## What it does
    Reports `*_tls_ciphers` and `*_tls_mandatory_ciphers` set to `export` or `low`, which
    Postfix treats as `medium` since 3.8 (the setting is dead), and `null`, which selects
    cipher suites that authenticate but do not encrypt. Where the SMTP client or server uses
    TLS and the grade is unset, the target release's default counts: it is `export` in
    2.10.1 and 2.11.0 (CentOS 7, Amazon Linux 2).

    ## Why it matters
    `export` and `low` were weak before 3.8 and misleading after; `null` sends mail in
    clear text inside a TLS session.

    ## Example
    ```
    smtp_tls_ciphers = export
    ```

    ## Use instead
    ```
    smtp_tls_ciphers = medium
    ```

    ## Fix safety
    Unsafe: it changes a cipher grade you wrote. On Postfix 3.8 and later `export`/`low`
    already mean `medium`, so nothing changes there; on older releases the ciphers get
    stronger and very old peers may fail. No fix for `null`.

    ## References
    - postconf(5) smtp_tls_ciphers; Postfix 3.8 release notes
    """

    code = "PL109"
    name = "obsolete-cipher-grade"
    family = "tls"
    severity = Severity.WARNING
    other_severities: ClassVar[dict[Severity, str]] = {
        Severity.ERROR: "the null grade, which does not encrypt"
    }
    fix = FixAvailability.SOMETIMES
    min_version = "2.3"

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        for setting in ctx.settings(GRADE_PARAMETERS, only_read=True):
            grade = ctx.expanded(setting.value, setting.service).strip().lower()
            param = setting.parameter
            if param is None:  # a master.cf -o
                if grade in ("export", "low", "null"):
                    yield ctx.diagnostic(
                        setting.file,
                        setting.span,
                        f"-o {setting.name}={setting.value} is obsolete or unencrypted; use medium",
                        service=setting.service,
                    )
            elif grade == "null":
                yield ctx.diagnostic(
                    setting.file,
                    setting.span,
                    f"{param.name} = null selects ciphers that do not encrypt; use medium or high",
                    severity=Severity.ERROR,
                )
            elif grade in ("export", "low"):
                safe = ctx.version >= Version(3, 8)
                safety, title = ctx.fix_for_release(
                    "3.8", Applicability.UNSAFE, f"Set {param.name} = medium"
                )
                fix = Fix(
                    title,
                    (edits.replace_value(setting.file, param, "medium"),),
                    safety,
                    ((param.name, "medium"),),
                )
                note = "is treated as medium since Postfix 3.8" if safe else "is weak"
                yield ctx.diagnostic(
                    setting.file,
                    setting.span,
                    f"cipher grade '{grade}' {note}; set {param.name} = medium",
                    fix=fix,
                )
        if ctx.version < Version(3, 8):
            # An unset grade whose release default is export (2.10.1, 2.11.0 and older).
            yield from weak_defaults(ctx, "ciphers", _weak_grade, "medium", "is a weak grade")


def _weak_grade(value: str) -> bool:
    return value.strip().lower() in ("export", "low")
