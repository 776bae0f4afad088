"""PL413: a domain listed in more than one address class."""

from __future__ import annotations

from collections.abc import Iterator

from postlint.api import (
    DOMAIN_CLASSES,
    LIST_SEPARATORS,
    Context,
    Diagnostic,
    Rule,
    Severity,
    split_list,
)

# Up to this many names listed before, the last class is searched for them one by one
# rather than split (see `_lists_none_of`).
FEW_NAMES = 8


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
            text = value.raw.lower()
            if last and _lists_none_of(text, owner):
                continue
            words = split_list(text)
            # Set operations, not a loop: a relay may list 100,000 domains, nearly all once.
            # The owned names are literal ones already (below), so a word that clashes is one.
            clash = owner.keys() & words if owner else set()
            if clash and not value.is_default:
                for domain in words:
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
                # Literal names only: `relay_domains = $mydestination` is the classic
                # default, not a second listing. A lookup table, a file or a reference is
                # skipped too (not looked at for the last class: nothing comes after it).
                domains = [d for d in words if ":" not in d and "/" not in d and "$" not in d]
                owner = dict.fromkeys(domains, name) | owner


def _lists_none_of(text: str, names: dict[str, str], hits: int = 1000) -> bool:
    """Whether a list is sure to have none of a few names as an item, from str.find (in
    C): on a relay's list of 100,000 domains after a mydestination of a few names, that
    is a search per name instead of splitting the list. Every item, a {...} group too, is
    text between separators (or the ends). False: not sure (a name was found between
    separators, or there are many names or many partial hits).
    """
    if len(names) > FEW_NAMES:
        return False
    for name in names:
        at = text.find(name)
        while at >= 0:
            end = at + len(name)
            before = text[at - 1] if at else ","
            after = text[end] if end < len(text) else ","
            if before in LIST_SEPARATORS and after in LIST_SEPARATORS:
                return False
            hits -= 1
            if hits <= 0:
                return False
            at = text.find(name, at + 1)
    return True
