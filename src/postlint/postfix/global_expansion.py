"""main.cf values expanded in the global context (no service): once per configuration, and in
the editor carried over to the next lint of the same document where nothing they read changed.

An expansion is a function of the raw values of the names it looks up (in order: each value
decides which name comes next), of the release's `${name{text}}` functions, and of the
configuration's shared size budget. A successful expansion is kept with the names it looked
up, the raw value each had and the characters it charged to the budget; the next lint takes
the result without expanding again when every one of those names still has the same raw
value, the release is the same, no failure shortcut of the new lint lies on its way (a probe
along one charges the budget) and the budget still has room for the same charge. Each step
of a fresh expansion then happens alike, so the outcome and the budget left are the same.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Callable, Mapping

from postlint.postfix.expansion import Budget, Expander, ExpansionError, Failure

_NO_NAMES: frozenset[str] = frozenset()


class Expanded(namedtuple("Expanded", "result names raws cost")):
    """A successful global expansion, as the next lint of the document may reuse it."""

    # collections' named tuple, as macros.Part: typing.NamedTuple compiles its annotations
    # at every start, and every check imports this module.
    __slots__ = ()
    result: str
    names: tuple[str, ...]  # each name it looked up, in the order of their first lookup
    raws: tuple[str | None, ...]  # the raw value each of those names had
    cost: int  # characters charged to the configuration's budget


class ExpansionCarry:
    """What one document's lints pass on to the next: its successful global expansions.

    The language server keeps one per open document (a lint per keystroke expands the same
    values again); the command line has none. `facts` is what every entry assumes besides
    the names it looked up: the release (its functions), the catalogue and the host.
    """

    def __init__(self) -> None:
        self.facts: tuple[object, ...] | None = None
        self.entries: dict[str, Expanded] = {}

    def take(self, facts: tuple[object, ...]) -> dict[str, Expanded]:
        """The last lint's expansions (none if made under other facts), and a fresh table
        for this lint to fill."""
        found = self.entries if self.facts == facts else {}
        self.facts, self.entries = facts, {}
        return found


class GlobalExpansion:
    """Mixed into Config (a mixin, not an object of its own: one holding the config's
    methods would make a reference cycle, and the command line runs with gc off). Needs
    raw_lookup, _quiet (looking a name up expands nothing), _service_dependent_names (names
    some service may change, which a caller must know were read), _functions, _budget,
    main_values and _noisy_names (names whose lookup may expand something)."""

    raw_lookup: Callable[..., str | None]
    main_values: dict[str, str]
    _noisy_names: frozenset[str]
    _service_dependent_names: frozenset[str]
    _functions: Mapping[str, Callable[[str], str]]
    _budget: Budget

    def _start_global_expansions(
        self, carry: ExpansionCarry | None, facts: tuple[object, ...]
    ) -> None:
        # Errors are kept as Failure (plain data), never as exceptions with their tracebacks.
        self._global: dict[str, str | Failure] = {}
        self._global_names: dict[str, frozenset[str]] = {}  # only values that read some
        self._shortcuts: dict[str, tuple[str, int]] = {}  # see Expander
        # The last failure, reused while the next has the same message: the values of a
        # long chain fail one after another with one message, and 100,000 copies of it
        # cost ~15 MB (a dict of every message would cost as much when they all differ).
        self._last_failure = Failure("")
        self._earlier = carry.take(facts) if carry is not None else {}
        self._kept = carry.entries if carry is not None else None
        self._fresh = 0  # expansions made so far (one made inside another is not kept)

    def _failure(self, exc: ExpansionError) -> Failure:
        message = str(exc)
        if message != self._last_failure.message:
            self._last_failure = Failure(message)
        return self._last_failure

    def _global_expansion(self, value: str) -> tuple[str | Failure, frozenset[str]]:
        """The value expanded globally, and the watched names the expansion read."""
        found = self._global.get(value)
        if found is not None:
            return found, self._global_names.get(value, _NO_NAMES)
        earlier = self._earlier.get(value)
        if earlier is not None and self._still_holds(earlier):
            self._budget.left -= earlier.cost
            names = self._service_dependent_names.intersection(earlier.names) or _NO_NAMES
            self._keep(value, earlier.result, names)
            if self._kept is not None:
                self._kept[value] = earlier
            return earlier.result, names
        return self._expand_globally(value)

    def _still_holds(self, earlier: Expanded) -> bool:
        names = earlier.names
        if not self._shortcuts.keys().isdisjoint(names):
            return False
        noisy = self._noisy_names
        if noisy and not noisy.isdisjoint(names):
            return False  # checking would expand: leave it to a fresh expansion
        # raw_lookup, with its common case (main.cf sets the name) inline.
        main, lookup = self.main_values, self.raw_lookup
        for name, raw in zip(names, earlier.raws, strict=True):
            found = main.get(name)
            if (found if found is not None else lookup(name)) != raw:
                return False
        return self._budget.left >= earlier.cost

    def _expand_globally(self, value: str) -> tuple[str | Failure, frozenset[str]]:
        self._fresh += 1
        fresh, left = self._fresh, self._budget.left
        names: set[str] = set()
        # Only names some service could change are kept: a set of every name a long
        # $name chain touched, per value, grows quadratically with the chain.
        watched = self._service_dependent_names
        # Each name's first answer, when there is a next lint to carry the result to.
        carrying = self._kept is not None
        looked_up: dict[str, str | None] = {}
        raw_lookup = self.raw_lookup

        def lookup(name: str) -> str | None:
            if name in watched:
                names.add(name)
            found = raw_lookup(name)
            if carrying:
                looked_up.setdefault(name, found)
            return found

        expander = Expander(
            lookup, shortcuts=self._shortcuts, budget=self._budget, functions=self._functions
        )
        try:
            outcome: str | Failure = expander.expand(value)
        except ExpansionError as exc:
            outcome = self._failure(exc)
        if names:
            # A shortcut skips the names on its way; those must not include one that a
            # service changes, or the per-service decision above would miss it.
            for name in expander.learned:
                self._shortcuts.pop(name, None)
        kept = frozenset(names) if names else _NO_NAMES
        self._keep(value, outcome, kept)
        if (
            carrying
            and type(outcome) is str
            and fresh == self._fresh  # none inside: its charge would count twice
            # A probe along a failure shortcut charges the budget: none was on the way.
            and not any(name in self._shortcuts for name in looked_up)
        ):
            cost = left - self._budget.left
            self._kept[value] = Expanded(outcome, tuple(looked_up), tuple(looked_up.values()), cost)
        return outcome, kept

    def _keep(self, value: str, outcome: str | Failure, names: frozenset[str]) -> None:
        self._global[value] = outcome
        if names:
            self._global_names[value] = names
