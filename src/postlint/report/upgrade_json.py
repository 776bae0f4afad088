"""`postlint upgrade --output-format json`: the upgrade plan as one JSON object (the shape
is documented in docs/upgrade.md)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from postlint.postfix.upgrade import Change

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
        "names": [
            {
                "name": n.name,
                "kind": n.kind,
                "where": n.where,
                "replacement": n.replacement,
                "detail": n.detail,
            }
            for n in plan.names
        ],
        "master_cf": plan.master_needs,
        "warnings": plan.warnings,
        "raise_compatibility_level": None
        if step is None
        else {"level": step.level, "changes": [change_object(c) for c in step.changes]},
    }


def render_json(plan: UpgradePlan, path: str) -> str:
    return json.dumps(plan_object(plan, path), indent=2) + "\n"
