"""PL402's judgement of an unknown name: whether a suggestion fits the value written, and
the two kinds of unknown names that are not typos of a parameter at all."""

from __future__ import annotations

import re

from postlint_rules.syntax.pl407_value_type import type_problem

from postlint.api import Context, ParameterInfo, stock_services

# Switches that configuration templates and cookbooks use internally (`use_transport_maps
# = no` decides whether a template writes transport_maps); they never mean anything to Postfix.
TEMPLATE_SWITCH = re.compile(r"^(use|enable|disable|with|have)_\w+$")
_SWITCH_HEADS = ("use_", "enable_", "disable_", "with_", "have_")  # the pattern's starts
_BOOLEAN = ("yes", "no", "true", "false", "on", "off", "0", "1")


def value_fits(info: ParameterInfo | None, value: str) -> bool:
    """Whether `value` could be meant for the parameter `info` (a table for a map list, yes
    or no for a boolean, a number for a number); a `$` reference or nothing fits anything."""
    text = value.strip()
    if info is None or not text or "$" in text:
        return True
    if info.kind == "map-list":
        return any(":" in word or word.startswith("/") for word in re.split(r"[\s,]+", text))
    if type_problem(info.ctype, info.kind, text, None, None) is not None:
        return False
    # A yes/no answer is the value of a switch, not of a list or a name.
    return info.kind == "boolean" or text.lower() not in _BOOLEAN


def template_switch(name: str, value: str) -> bool:
    """`use_*_maps = no` and its kind: a yes/no switch with no Postfix parameter behind it."""
    # The cheap test first: PL402 asks of each of thousands of unknown names.
    return (
        name.startswith(_SWITCH_HEADS)
        and bool(TEMPLATE_SWITCH.match(name))
        and value.strip().lower() in _BOOLEAN
    )


class Transports:
    """What names a per-transport parameter (`X_destination_recipient_limit`) for a
    transport that master.cf does not define: its services and the release's suffixes,
    gathered once per check (a file can hold thousands of unknown names)."""

    def __init__(self, ctx: Context) -> None:
        # Without master.cf, the lint assumes the stock one (and says so in the message).
        self.checked = ctx.master is not None
        self.known = self.checked or ctx.config.assume_stock_master
        if self.checked:
            self.defined = {service.name for service in ctx.config.services}
        else:
            self.defined = {name for name, _type, _program in stock_services()}
        self.suffixes = {suffix for suffix, _default in ctx.config.release.service_suffixes}
        # What comes before each suffix in a built-in name (default_, local_, smtp_): a
        # transport one letter off one of these is a typo of it. (Not the services' own
        # names: whether a release has those depends on master.cf.)
        self.prefixes: dict[str, set[str]] = {suffix: set() for suffix in self.suffixes}
        for known in ctx.config.builtin_names:
            transport, underscore, rest = known.partition("_")
            if underscore + rest in self.prefixes:
                self.prefixes[underscore + rest].add(transport)
        # Postfix's suffixes all start with `_`; any other would need a look at each name.
        self.odd = sorted(s for s in self.suffixes if not s.startswith("_"))

    def undefined(self, name: str) -> tuple[str, str] | None:
        """(transport, suffix) when `name` is such a parameter, else None."""
        if not self.known:
            return None
        # Transport names rarely hold `_`; parameter families (smtpd_client_) always do.
        # So the transport is what comes before the first `_`, and the rest the suffix.
        transport, underscore, rest = name.partition("_")
        if transport and underscore and underscore + rest in self.suffixes:
            return None if transport in self.defined else (transport, underscore + rest)
        for suffix in self.odd:
            head = name[: -len(suffix)]
            if name.endswith(suffix) and head and "_" not in head and head not in self.defined:
                return head, suffix
        return None

    def misspelt(self, transport: str, suffix: str) -> list[str]:
        """Known names this one is a typo of: the same suffix, and a transport of the same
        length one letter off or with two letters swapped (`vittual_`, `deflult_`). A
        longer or shorter one is a service of its own (Debian's `bsmtp` is not `smtp`)."""
        found = []
        for known in sorted(self.prefixes.get(suffix, ())):
            if len(known) == len(transport) >= 4 and _one_slip(known, transport):
                found.append(known + suffix)
        return found


def _one_slip(a: str, b: str) -> bool:
    """One letter replaced, or two neighbours swapped (equal lengths)."""
    differ = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
    if len(differ) == 1:
        return True
    i = differ[0] if len(differ) == 2 else -1
    return i >= 0 and differ[1] == i + 1 and a[i] == b[i + 1] and a[i + 1] == b[i]
