"""PL413: a domain listed in more than one address class."""

from __future__ import annotations

from collections.abc import Iterator

from postlint.api import DOMAIN_CLASSES, Context, Diagnostic, Rule, Severity, split_list


class DomainInTwoClasses(Rule):
    """The same domain is in two of mydestination, virtual alias/mailbox domains, relay_domains.

    ## What it does
    Compares the literal domain names (after `$` expansion; tables are not opened) of
    `mydestination`, `virtual_alias_domains`, `virtual_mailbox_domains` and `relay_domains`.

    ## Why it matters
    A domain belongs to exactly one address class; Postfix uses the first match in a fixed
    order and warns "do not list domain X in BOTH ...", so mail is delivered differently
    than the admin expects.

    ## Example
    ```
    mydestination = example.com, localhost
    virtual_mailbox_domains = example.com
    ```

    ## Use instead
    List example.com in one class only.

    ## Fix safety
    No automatic fix.

    ## References
    - ADDRESS_CLASS_README; VIRTUAL_README
    """

    code = "PL413"
    name = "domain-in-two-classes"
    family = "syntax"
    severity = Severity.WARNING

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        owner: dict[str, str] = {}
        for name in DOMAIN_CLASSES:
            value = ctx.effective(name)
            if value.templated:
                continue
            # Literal names only: `relay_domains = $mydestination` is the classic default,
            # not a second listing.
            for domain in split_list(value.raw.lower()):
                if ":" in domain or "/" in domain or "$" in domain:
                    continue  # a lookup table, a file, or a reference
                first = owner.setdefault(domain, name)
                if first != name and not value.is_default:
                    file, span = ctx.where(value)
                    yield ctx.diagnostic(
                        file,
                        span,
                        f"{domain} is in both {first} and {name}; "
                        "a domain belongs to one address class only",
                    )
