"""`postlint upgrade --output-format json`: the upgrade plan as one JSON object (the shape
is documented in docs/upgrade.md)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from postlint.postfix.catalogue import replacement_name, use_instead
from postlint.postfix.upgrade import Change
from postlint.postfix.upgrade_names import NameNote

if TYPE_CHECKING:  # the plan is built by the upgrade command, a layer above
    from postlint.upgrade_plan import UpgradePlan


def change_object(change: Change) -> dict[str, object]:
    return {
        "name": change.name,
        "service": change.service,
        "category": change.category,
        "before": {"value": change.before.value, "source": change.before.source},
        "after": {"value": change.after.value, "source": change.after.source},
        "meaning": change.meaning,
    }


def name_object(note: NameNote) -> dict[str, object]:
    """A name the configuration uses; `replacement` is a name or null, as in the text output:
    the data's `(none)` or `(none; why)` means nothing takes its place, which `detail` then
    says, with the reason when there is one (never the raw `(none)` text)."""
    replacement, detail = replacement_name(note.replacement), note.detail
    if note.replacement is not None and replacement is None:
        detail = f"{detail}; {use_instead(note.replacement)}"
    return {
        "name": note.name,
        "kind": note.kind,
        "where": note.where,
        "replacement": replacement,
        "detail": detail,
    }


def plan_object(plan: UpgradePlan, path: str) -> dict[str, object]:
    step = plan.raise_level
    return {
        "path": path,
        "from": {"version": plan.old.mail_version, "compatibility_level": plan.old_level},
        "to": {
            "version": plan.new.mail_version,
            "compatibility_level": plan.new_level,
            "compatibility_level_source": plan.level_source,
        },
        "changes": [change_object(c) for c in plan.changes],
        "new_parameters": plan.added,
        "removed_parameters": plan.dropped,
        "names": [name_object(n) for n in plan.names],
        "master_cf": plan.master_needs,
        "warnings": plan.warnings,
        "raise_compatibility_level": None
        if step is None
        else {"level": step.level, "changes": [change_object(c) for c in step.changes]},
    }


def render_json(plan: UpgradePlan, path: str) -> str:
    return json.dumps(plan_object(plan, path), indent=2) + "\n"
