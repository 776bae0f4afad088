"""PL124: weak ciphers added to Postfix's medium or high cipher list."""

from __future__ import annotations

import re
from collections.abc import Iterator

from postlint.api import Context, Diagnostic, Rule, Severity

CIPHERLISTS = ("tls_medium_cipherlist", "tls_high_cipherlist")
# OpenSSL cipher-string words (and cipher-name fragments) for broken suites. Anonymous
# (aNULL) suites are not here: Postfix's own lists keep them for opportunistic TLS.
WEAK_WORDS = (
    "RC4",
    "RC2",
    "3DES",
    "DES",
    "IDEA",
    "SEED",
    "MD5",
    "NULL",
    "ENULL",
    "EXP",
    "EXPORT",
    "LOW",
)
# Compiled on first use (re keeps it): most configs name no cipher list.
_WEAK_NAME = r"(^|-)(RC4|RC2|DES|DES-CBC3|IDEA|SEED|NULL|EXP)(-|$)|MD5$"
# `ALL` brings these in unless the list takes them out again.
ALL_WEAK = ("RC4", "3DES")


# Which cipher-string words take out a weak cipher name (OpenSSL's `!RC4` removes RC4-SHA).
_FAMILIES = {
    "RC4": ("RC4",),
    "DES-CBC3": ("3DES", "DES"),
    "DES": ("DES",),
    "EXP": ("EXP", "EXPORT"),
    "NULL": ("NULL", "ENULL"),
    "MD5": ("MD5",),
    "RC2": ("RC2",),
    "IDEA": ("IDEA",),
    "SEED": ("SEED",),
}


def _families(token: str) -> set[str]:
    upper = token.upper()
    words = {upper, *upper.split("+")}
    if upper in ("RC4", "3DES") or upper.startswith(("RC4-", "DES-CBC3-")):
        words.add("MEDIUM")  # OpenSSL 1.1 and later class both as MEDIUM: !MEDIUM drops them
    for fragment, family in _FAMILIES.items():
        if re.search(rf"(^|-){fragment}(-|$)", upper) or upper.endswith(fragment):
            words.update(family)
    return words


def _removed(tokens: list[str], token: str, after: int) -> bool:
    """Whether a later `-X` or any `!X` (permanent in OpenSSL) takes `token` out again."""
    families = _families(token)
    for i, other in enumerate(tokens):
        if other[1:].upper() in families and (
            other.startswith("!") or (other.startswith("-") and i > after)
        ):
            return True
    return False


def weak_additions(value: str) -> list[str]:
    """The weak ciphers a cipher string adds and does not take out again."""
    tokens = [t for t in re.split(r"[:,\s]+", value) if t]
    found: list[str] = []
    for i, token in enumerate(tokens):
        if token[0] in "!-+@":
            continue  # removals, reordering (+RC4 moves, it does not add) and @STRENGTH
        parts = token.upper().split("+")
        if any(p in WEAK_WORDS for p in parts) or re.search(_WEAK_NAME, token.upper()):
            if not _removed(tokens, token, i):
                found.append(token)
        elif token.upper() == "ALL":
            found += [w for w in ALL_WEAK if not _removed(tokens, w, i)]
    return list(dict.fromkeys(found))


class WeakCipherlist(Rule):
    """`tls_medium_cipherlist` or `tls_high_cipherlist` adds broken ciphers.

    ## What it does
    Reports a `tls_medium_cipherlist` or `tls_high_cipherlist` (main.cf or `-o`) that adds
    RC4, DES/3DES, export, NULL (no encryption) or MD5 ciphers (by name, as `RC4-SHA`, or through
    `ALL` without `!RC4`/`!3DES`) and does not remove them again.

    ## Why it matters
    These lists are what the `medium` and `high` grades mean for every TLS session Postfix
    makes. Ciphers appended "for compatibility" (a copied old default ending in `ALL`, or
    `:RC4-SHA:DES-CBC3-SHA`) are offered to every peer and make downgrade attacks possible.

    ## Example
    ```
    tls_medium_cipherlist = aNULL:-aNULL:HIGH:MEDIUM:RC4-SHA:DES-CBC3-SHA
    ```

    ## Use instead
    Delete the line (the built-in list is maintained), or exclude what you must with
    `smtpd_tls_exclude_ciphers`.

    ## Fix safety
    No automatic fix: which peers depend on the weak cipher is for you to judge.

    ## References
    - postconf(5) tls_medium_cipherlist; RFC 7465 (RC4); RFC 8996
    """

    code = "PL124"
    name = "weak-cipherlist"
    family = "tls"
    severity = Severity.WARNING
    min_version = "2.3"

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        for setting in ctx.settings(CIPHERLISTS, only_read=True):
            weak = weak_additions(ctx.expanded(setting.value, setting.service))
            if weak:
                yield ctx.diagnostic(
                    setting.file,
                    setting.span,
                    f"{setting.label} adds weak ciphers ({', '.join(weak)}), offered to every "
                    "peer at that grade; remove them, or delete the line and use the built-in "
                    "list",
                    service=setting.service,
                )
