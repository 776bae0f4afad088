"""Per-service parameters: the `<service><suffix>` names (relay_destination_rate_delay ...)
that postconf adds for each delivery service in master.cf, and their defaults."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from postlint.records import FrozenRecord

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
        self._lengths = sorted({len(name) for name in self._kinds})  # of service names
        self._heads = tuple(self._kinds)  # most names start with none: one test in C
        self._service_names: dict[str, tuple[str, ...]] = {}  # made on demand
        self._builtin = builtin
        # Suffixes by their last word (`_limit`, `_delay`): a lookup tries only those, not
        # every suffix (PL402 asks for each of thousands of unknown names).
        # (A suffix without `_`, which Postfix has none of, would be tried for every name.)
        self._by_tail: dict[str, list[tuple[str, str]]] = {}
        self._untailed = [(s, d) for s, d in suffixes if "_" not in s]
        for suffix, default in suffixes:
            if "_" in suffix:
                self._by_tail.setdefault(suffix.rsplit("_", 1)[-1], []).append((suffix, default))

    def __contains__(self, param: object) -> bool:
        return self._default(param) is not None

    def __getitem__(self, param: object) -> str:
        default = self._default(param)
        if default is None:
            raise KeyError(param)
        return default

    def _default(self, param: object) -> str | None:
        if not isinstance(param, str):
            return None
        tried = self._by_tail.get(param.rsplit("_", 1)[-1], [])
        for suffix, default in [*tried, *self._untailed] if self._untailed else tried:
            if not param.endswith(suffix):
                continue
            kinds = self._kinds.get(param[: -len(suffix)])
            applies = kinds and any(_suffix_applies(k, suffix) for k in kinds)
            if applies and param not in self._builtin:
                return default
        return None

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
        """The per-service names of services whose name starts `name` (for suggestions).

        PL402 asks this for each of thousands of unknown names: only the prefixes of
        `name` as long as some service's name are looked up (not every service), and each
        service's names are made once.
        """
        found: list[str] = []
        if not name.startswith(self._heads):
            return found
        for length in self._lengths:  # ascending
            if length > len(name):
                break
            if name[:length] in self._kinds:
                found.extend(self._names_of(name[:length]))
        return found

    def _names_of(self, service: str) -> tuple[str, ...]:
        names = self._service_names.get(service)
        if names is None:
            names = self._service_names[service] = tuple(
                service + suffix for suffix, _default in self._suffixes if service + suffix in self
            )
        return names


class KnownNames(FrozenRecord):
    """Built-in and per-service parameter names as one container (`in` only)."""

    __slots__ = ("builtin", "per_service")
    builtin: set[str]
    per_service: ServiceParameters

    def __init__(self, builtin: set[str], per_service: ServiceParameters) -> None:
        self._set("builtin", builtin)
        self._set("per_service", per_service)

    def __contains__(self, name: object) -> bool:
        return name in self.builtin or name in self.per_service
