"""PL706: header_checks deletes Received: headers with IGNORE while a milter signs mail."""

from __future__ import annotations

from collections.abc import Iterator

from postlint.api import PATTERN_TYPES, Context, Diagnostic, Rule, Severity, Version, pattern_rule


class ReceivedHeaderIgnored(Rule):
    r"""`header_checks` removes Received: headers with IGNORE, and a milter signs the mail.

    ## What it does
    Reads the `regexp:` and `pcre:` tables of `header_checks` (main.cf, or `-o` on a cleanup
    service) when their text is next to the linted main.cf, and inline `regexp:{...}`
    tables, and reports a rule whose pattern is about `Received:` with the action `IGNORE`,
    when mail also passes a milter that can sign it: `non_smtpd_milters`, or
    `smtpd_milters` before Postfix 3.0.

    ## Why it matters
    Postfix hides its own Received: header from milters and shows it again afterwards. If
    header_checks deleted it, the signing milter and the final message disagree about the
    headers, and signatures over them break. Postfix's milter documentation says to keep
    that header and sanitize it with `REPLACE` instead.

    ## Example
    ```
    # main.cf
    header_checks = regexp:/etc/postfix/header_checks
    non_smtpd_milters = inet:127.0.0.1:8891
    # header_checks
    /^Received:.*with ESMTPSA/   IGNORE
    ```

    ## Use instead
    ```
    /^Received: from .* \(.*\)\s+(by .*)/   REPLACE Received: from localhost $1
    ```

    ## Fix safety
    No automatic fix: the rule is in a table file postlint does not edit.

    ## References
    - Postfix MILTER_README (Received: header and header_checks IGNORE); header_checks(5)
    """

    code = "PL706"
    name = "received-header-ignored"
    family = "sender"
    severity = Severity.WARNING

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        if ctx.main is None:
            return
        signer = ctx.effective("non_smtpd_milters").value.strip()
        if not signer and ctx.version < Version(3, 0):
            signer = ctx.effective("smtpd_milters").value.strip()
        if not signer:
            return
        settings = [ctx.effective("header_checks")]
        if ctx.master is not None:
            settings += [
                ctx.effective("header_checks", svc)
                for svc in ctx.master.services()
                if svc.program == "cleanup"
                and any(o.name == "header_checks" for o in svc.overrides)
            ]
        for setting in settings:
            if setting.is_default:
                continue
            for table in ctx.tables(setting):
                if table.type not in PATTERN_TYPES:
                    continue
                for number, line in table.lines:
                    rule = pattern_rule(line)
                    if rule is None or rule[1].upper() != "IGNORE":
                        continue
                    if "received" not in rule[0].lower():
                        continue
                    written = table.spec.partition(":")[2]
                    where = f"{written}:{number}" if table.path else "the inline table"
                    file, span = ctx.where(setting)
                    yield ctx.diagnostic(
                        file,
                        span,
                        f"{where} deletes Received: headers with IGNORE while {signer} may "
                        "sign the mail: signatures break; sanitize the header with REPLACE",
                        service=setting.service,
                    )
