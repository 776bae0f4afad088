"""Per-service parameters: the `<service><suffix>` names (relay_destination_rate_delay ...)
that postconf adds for each delivery service in master.cf, and their defaults."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

import attrs

# Which per-service parameter suffixes each delivery program gets (postconf_service.c).
_TIME_LIMIT = "_time_limit"
_SERVICE_PROGRAMS = {
    "local": "delivery",
    "error": "delivery",
    "virtual": "delivery",
    "smtp": "delivery",
    "lmtp": "delivery",
    "pipe": "pipe",
    "spawn": "spawn",
}


def _suffix_applies(kind: str, suffix: str) -> bool:
    if kind == "spawn":
        return suffix == _TIME_LIMIT
    if kind == "delivery":
        return suffix != _TIME_LIMIT
    return True


class ServiceParameters(Mapping[str, str]):
    """Per-service parameter names (`<service><suffix>`) and their defaults, looked up on
    demand: a master.cf with 100,000 delivery services implies 1.6 million such names,
    which are never all needed (postconf_service.c rules)."""

    def __init__(
        self,
        programs: list[tuple[str, str]],
        suffixes: list[tuple[str, str]],
        builtin: set[str],
    ):
        self._kinds: dict[str, set[str]] = {}  # in master.cf order
        for name, program in programs:
            kind = _SERVICE_PROGRAMS.get(program)
            if kind is not None:
                self._kinds.setdefault(name, set()).add(kind)
        self._suffixes = suffixes
        self._builtin = builtin

    def __getitem__(self, param: object) -> str:
        if not isinstance(param, str):
            raise KeyError(param)
        for suffix, default in self._suffixes:
            if not param.endswith(suffix):
                continue
            kinds = self._kinds.get(param[: -len(suffix)])
            applies = kinds and any(_suffix_applies(k, suffix) for k in kinds)
            if applies and param not in self._builtin:
                return default
        raise KeyError(param)

    def __iter__(self) -> Iterator[str]:
        seen: set[str] = set()
        for name, kinds in self._kinds.items():
            for suffix, _default in self._suffixes:
                param = name + suffix
                if param in seen or param in self._builtin:
                    continue
                if any(_suffix_applies(k, suffix) for k in kinds):
                    seen.add(param)
                    yield param

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def for_services_prefixing(self, name: str) -> list[str]:
        """The per-service names of services whose name starts `name` (for suggestions)."""
        return [
            service + suffix
            for service in self._kinds
            if name.startswith(service)
            for suffix, _default in self._suffixes
            if service + suffix in self
        ]


@attrs.frozen
class KnownNames:
    builtin: set[str]
    per_service: ServiceParameters

    def __contains__(self, name: object) -> bool:
        return name in self.builtin or name in self.per_service
