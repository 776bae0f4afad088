"""PL707: the host forwards mail but neither ARC-signs nor SRS-rewrites it."""

from __future__ import annotations

import re
from collections.abc import Iterator

from postlint.api import (
    DOMAIN_CLASSES,
    PATTERN_TYPES,
    ConfigFile,
    Context,
    Diagnostic,
    Rule,
    Severity,
    Span,
    plausible_word,
    quote_word,
    split_list,
)

MANAGER_WORDS = ("mailman", "sympa", "mlmmj", "schleuder", "majordomo", "ecartis", "listserv")
LIST_MANAGERS = re.compile(
    r"\b(mailman3?|sympa|mlmmj|schleuder|majordomo|ecartis|listserv)\b", re.I
)
# Milters that can add ARC seals; canonical maps that do SRS (postsrsd's usual ports too).
ARC_SIGNERS = re.compile(r"arc|rspamd|:11332\b", re.I)
SRS_MAPS = re.compile(r"srs|:1000[12]\b", re.I)


class ForwardingWithoutArc(Rule):
    """The host forwards or redistributes mail, without ARC or SRS.

    ## What it does
    Looks for signs that this server sends received mail on to other domains: a mailing
    list manager (Mailman, Sympa, mlmmj, Schleuder ...) named in main.cf, a transport table
    (read when its text is next to main.cf) routing to a list manager's master.cf service, or a
    `virtual_alias_maps` table (read when its text is next to main.cf, or inline) that
    points addresses at domains this server does not handle. It then looks for an ARC
    signer among the milters (OpenARC, rspamd) and for SRS in the canonical maps (postsrsd).
    When neither is there, it says so.

    ## Why it matters
    A forwarded message keeps its original sender, but now comes from your server: SPF fails
    at the next hop, and DMARC fails for senders who publish a strict policy. Gmail's sender
    guidelines ask forwarders and lists to add ARC headers; SRS rewrites the envelope sender
    so SPF passes and bounces still reach someone.

    ## Example
    ```
    virtual_alias_maps = hash:/etc/postfix/virtual
    # /etc/postfix/virtual
    alice@example.org   alice@gmail.com
    ```

    ## Use instead
    ```
    smtpd_milters = inet:127.0.0.1:8893
    non_smtpd_milters = $smtpd_milters
    # 8893: OpenARC (or rspamd with its ARC module); or postsrsd for SRS:
    sender_canonical_maps = tcp:127.0.0.1:10001
    sender_canonical_classes = envelope_sender
    ```

    ## Fix safety
    No automatic fix: it needs a signer or an SRS daemon running.

    ## References
    - Google email sender guidelines (forwarding and ARC); RFC 8617 (ARC); postsrsd
    """

    code = "PL707"
    name = "forwarding-without-arc"
    family = "sender"
    severity = Severity.INFO

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        if ctx.main is None or ctx.role == "null-client":
            return
        milters = " ".join(ctx.effective(n).value for n in ("smtpd_milters", "non_smtpd_milters"))
        canonical = " ".join(
            ctx.effective(n).value for n in ("sender_canonical_maps", "canonical_maps")
        )
        if ARC_SIGNERS.search(milters) or SRS_MAPS.search(canonical):
            return
        evidence = self._list_manager(ctx) or self._external_alias(ctx)
        if evidence is None:
            return
        reason, file, span = evidence
        yield ctx.diagnostic(
            file,
            span,
            f"this server forwards mail ({reason}) but neither ARC-signs it nor rewrites "
            "senders with SRS: forwarded mail fails SPF and DMARC at the next hop; add an "
            "ARC milter (OpenARC, rspamd) or postsrsd",
        )

    def _list_manager(self, ctx: Context) -> tuple[str, ConfigFile, Span] | None:
        """A list manager in main.cf, or a transport table routing to one in master.cf.

        A master.cf service alone is no evidence: Debian's stock master.cf defines a
        mailman service that nothing uses.
        """
        assert ctx.main is not None
        for param in ctx.main.parameters():
            if ":" not in param.value:
                continue  # a list manager shows up in a table (type:name) or transport:
            lowered = param.value.lower()
            if not any(word in lowered for word in MANAGER_WORDS):
                continue  # substring tests first: values can be megabytes of domains
            match = LIST_MANAGERS.search(param.value)
            if match:
                return f"{match.group(0)} in {param.name}", ctx.main, param.span_without_newline
        if ctx.master is None:
            return None
        managers = {s.name for s in ctx.master.services() if LIST_MANAGERS.search(" ".join(s.argv))}
        setting = ctx.effective("transport_maps")
        if not managers or setting.definition is None:
            return None
        for table in ctx.tables(setting):
            for _number, line in table.lines:
                transport = line.split(None, 1)[-1].partition(":")[0]
                if transport in managers:
                    file, span = ctx.where(setting)
                    return f"transport_maps routes to {transport}", file, span
        return None

    def _external_alias(self, ctx: Context) -> tuple[str, ConfigFile, Span] | None:
        assert ctx.main is not None
        setting = ctx.effective("virtual_alias_maps")
        if setting.is_default or setting.definition is None:
            return None
        local: set[str] | None = None
        for table in ctx.tables(setting):
            if table.type in PATTERN_TYPES:
                continue
            if local is None:
                local = self._local_domains(ctx)
                if local is None:
                    return None  # a domain list is a table: which domains are ours is unknown
            for _number, line in table.lines:
                key, _sep, targets = line.replace("=", " ", 1).partition(" ")
                if not plausible_word(key):
                    continue  # not a table entry: nothing of it is quoted
                for target in split_list(targets):
                    domain = target.rpartition("@")[2].lower().rstrip(".")
                    if "@" in target and domain and domain not in local:
                        if not plausible_word(target):
                            continue
                        file, span = ctx.where(setting)
                        reason = f"{quote_word(key)} goes to {quote_word(target)}"
                        return reason, file, span
        return None

    @staticmethod
    def _local_domains(ctx: Context) -> set[str] | None:
        domains = {ctx.expanded("$myhostname").lower(), ctx.expanded("$mydomain").lower()}
        for name in DOMAIN_CLASSES:
            for word in split_list(ctx.effective(name).value):
                if ":" in word or word.startswith("/"):
                    return None
                domains.add(word.lower().rstrip("."))
        return domains
