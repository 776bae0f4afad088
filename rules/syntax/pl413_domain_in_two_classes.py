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
            last = name == DOMAIN_CLASSES[-1]
            value = ctx.effective(name)
            if value.templated:
                continue
            # Literal names only: `relay_domains = $mydestination` is the classic default,
            # not a second listing. A lookup table, a file or a reference is skipped too.
            domains = [
                d
                for d in split_list(value.raw.lower())
                if ":" not in d and "/" not in d and "$" not in d
            ]
            # Set operations, not a loop: a relay may list 100,000 domains, nearly all once.
            clash = owner.keys() & domains if owner else set()
            if clash and not value.is_default:
                for domain in domains:
                    first = owner.get(domain, name) if domain in clash else name
                    if first != name:
                        file, span = ctx.where(value)
                        yield ctx.diagnostic(
                            file,
                            span,
                            f"{domain} is in both {first} and {name}; "
                            "a domain belongs to one address class only",
                        )
            if not last:
                owner = dict.fromkeys(domains, name) | owner
