"""Everything `postlint upgrade` reports for one configuration and one release pair."""

from __future__ import annotations

import attrs

from postlint.postfix.releases import Release
from postlint.postfix.upgrade import Change, Evaluation, compare
from postlint.postfix.upgrade_names import NameNote, notes
from postlint.syntax.ast import ConfigFile, Service
from postlint.upgrade_fix import set_parameter


@attrs.frozen
class LevelStep:
    """What raising compatibility_level on the newer release would change."""

    level: str
    changes: list[Change]


@attrs.frozen
class UpgradePlan:
    old: Release
    new: Release
    old_level: str | None  # None: the older release has no compatibility_level
    new_level: str | None
    level_source: str  # "main.cf" or "default"
    changes: list[Change]
    added: list[str]  # parameters only the newer release has
    dropped: list[str]  # parameters only the older release has
    names: list[NameNote]
    master_needs: list[str]  # master.cf services the newer release needs for this config
    raise_level: LevelStep | None
    warnings: list[str] = attrs.field(factory=list)  # filled by the caller (lint at target)


def plan(
    main: ConfigFile,
    master: ConfigFile | None,
    old: Release,
    new: Release,
    level: str | None = None,
) -> UpgradePlan:
    before, after = Evaluation(main, master, old), Evaluation(main, master, new)
    comparison = compare(before, after)
    step = None
    if level is not None:
        raised = Evaluation(set_parameter(main, "compatibility_level", level), master, new)
        changes = [c for c in compare(after, raised).changes if c.name != "compatibility_level"]
        step = LevelStep(level, changes)
    return UpgradePlan(
        old,
        new,
        before.level,
        after.level,
        after.level_source,
        comparison.changes,
        comparison.added,
        comparison.dropped,
        notes(main, master, old, new),
        master_needs(after),
        step,
    )


def master_needs(after: Evaluation) -> list[str]:
    """master.cf entries the newer release needs for what main.cf asks of it."""
    config = after.config
    needs = []
    # maillog_file (3.4+) is written by the postlog service, reached over a unix-dgram
    # socket named after postlog_service_name.
    if after.release.knows("maillog_file") and config.effective("maillog_file").value:
        name = config.effective("postlog_service_name").value or "postlog"
        if not any(_is_postlog(svc, name) for svc in config.services):
            needs.append(
                f"{name}   unix-dgram n  -       n       -       1       postlogd"
                "   (maillog_file is set: postlog logging needs this service)"
            )
    return needs


def _is_postlog(service: Service, name: str) -> bool:
    return service.name == name and service.type == "unix-dgram"
