"""What the editor shows: hover text for parameters and rules, and completion candidates."""

from __future__ import annotations

import re

from postlint.engine.rule import Rule
from postlint.engine.units import LintUnit
from postlint.explain_output import visible
from postlint.explain_reads import no_effect
from postlint.postfix.catalogue import Catalogue, ParameterInfo, use_instead
from postlint.postfix.derivation import UnknownName, derive
from postlint.postfix.model import Config
from postlint.postfix.services import CLIENT_LEVELS, SERVER_LEVELS
from postlint.postfix.versions import Version

# The longest value a hover shows (the rest is counted, not shown).
SHOWN = 500
MASTER_TYPES = ("inet", "unix", "unix-dgram", "fifo", "pass")
_SIDE = {"client": "SMTP client (outbound)", "server": "SMTP server (inbound)"}


def enumerated_values(info: ParameterInfo) -> tuple[str, ...]:
    """Values a parameter accepts when they form a closed set."""
    name = info.name
    if name.endswith("_tls_security_level") or name == "tlsproxy_client_security_level":
        return (
            SERVER_LEVELS
            if info.side == "server" or name.startswith("tlsproxy_tls")
            else CLIENT_LEVELS
        )
    if info.kind == "boolean":
        return ("yes", "no")
    if name.endswith("_dns_support_level"):
        return ("disabled", "enabled", "dnssec")
    return ()


def parameter_hover(info: ParameterInfo, version: Version, meaning: str) -> str:
    """Markdown for a parameter: what it means, which side, default, history."""
    lines = [f"**{info.name}**"]
    if meaning:
        lines.append(meaning)
    if info.side:
        lines.append(f"{_SIDE[info.side]} parameter ({info.kind})")
    else:
        lines.append(f"Parameter ({info.kind})")
    default = info.default_for(version)
    lines.append(
        f"Default in Postfix {version}: `{default}`"
        if default
        else f"Default in Postfix {version}: empty"
    )
    history = [f"Since Postfix {info.since}"]
    if info.deprecated_since:
        history.append(f"deprecated since {info.deprecated_since}")
    if info.removed_in:
        history.append(f"removed in {info.removed_in}")
    if info.replacement:
        history.append(use_instead(info.replacement))
    lines.append("; ".join(history))
    values = enumerated_values(info)
    if values:
        lines.append("Values: " + ", ".join(f"`{v}`" for v in values))
    if not info.exists_in(version) and info.status not in ("service", "service-template"):
        lines.append(f"*Not available in Postfix {version}.*")
    return "\n\n".join(lines)


def effective_hover(
    unit: LintUnit, version: Version, catalogue: Catalogue, name: str, offset: int, master: bool
) -> str:
    """Markdown for the value `name` has in this configuration and where it came from, as
    `postlint explain` derives it (for the master.cf service under the cursor, if any)."""
    service = None
    if master and unit.master is not None:
        service = next((s.key for s in unit.master.services() if s.span.contains(offset)), None)
    config = Config(unit.main, unit.master, version, catalogue)
    try:
        found = derive(config, name, service)
    except UnknownName:
        return ""
    value = found.value if found.value is not None else found.raw
    where = f" for {_text(service)}" if service else ""
    lines = [
        f"Effective value{where}: {_code(value)}" if value else f"Effective value{where}: empty"
    ]
    lines.append(f"From: {_text(found.origin.describe(short=True))}")
    asked = config.service(service) if service and found.override is not None else None
    answer = config.readers.unread(asked, name) if asked is not None else None
    if answer is not None:
        lines.append(f"No effect for {_text(service or '')}: {_text(no_effect(answer))}")
    switch = found.level_switch
    if switch is not None and found.origin.kind == "default":
        lines.append(
            f"Default chosen by compatibility_level {switch.level} (changes at {switch.threshold})"
        )
    if found.error:
        lines.append(f"Cannot be expanded: {_text(found.error)}")
    option = f" --service {service}" if service else ""
    lines.append(f"{_code(f'postlint explain {name}{option}')} shows how")
    return "\n\n".join(lines)


def _code(text: str) -> str:
    """A Markdown code span for a config value, cut to what a hover can show: an expansion
    may reach MAX_EXPANSION (4 Mi) characters, and an editor renders every one of them in
    the popup. The fence is one backtick longer than any run of them in the text, so the
    value cannot close the span and be read as Markdown."""
    more = f" ({len(text):,} characters)" if len(text) > SHOWN else ""
    text = visible(text[:SHOWN]) + ("..." if more else "")
    fence = "`" * (max(map(len, _BACKTICKS.findall(text)), default=0) + 1)
    padded = f" {text} " if "`" in text else text
    return f"{fence}{padded}{fence}{more}"


def _text(text: str) -> str:
    """Config text (a service name, a path, an error quoting a value) as plain Markdown
    text: controls escaped, and every Markdown punctuation character backslashed, so a
    service named `[x](https://...)` shows as written instead of becoming a link."""
    return _MARKDOWN_PUNCTUATION.sub(r"\\\g<0>", visible(text))


_BACKTICKS = re.compile(r"`+")
# What Markdown reads inside a line: links and images, autolinks (the ':' or '@' of a bare
# URL or address), emphasis, code, HTML and entities, tables, strikethrough. CommonMark lets
# any ASCII punctuation be escaped with a backslash; '.', '/' and '-' are left as they are.
_MARKDOWN_PUNCTUATION = re.compile(r"[\\`*_{}\[\]()<>#!|~&:@]")


def rule_hover(rule: type[Rule]) -> str:
    return f"**{rule.code} {rule.name}**\n\n{rule.documentation()}"


def parameter_names(catalogue: Catalogue, version: Version) -> list[ParameterInfo]:
    return sorted(
        (p for p in catalogue if p.exists_in(version) and not p.read_only), key=lambda p: p.name
    )
