"""`postlint upgrade` for people: the terminal report (full) and a change ticket (markdown)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from postlint.postfix.catalogue import use_instead
from postlint.postfix.upgrade import PINNED_HOST, Change
from postlint.postfix.upgrade_meaning import CATEGORIES
from postlint.trust import printable

if TYPE_CHECKING:  # the plan is built by the upgrade command, a layer above
    from postlint.upgrade_plan import UpgradePlan

HOST_NOTE = (
    f"(values derived from the host name are shown for a stand-in host, "
    f"{PINNED_HOST.myhostname}; mynetworks and the packaging directories are not compared)"
)
PROXY_NOTE = (
    "postlint's own lint at the newer release, for deprecated and unknown names and "
    "master.cf entries, stands in for the warnings its postconf prints"
)


def _shown(value: str) -> str:
    return printable(value) if value else "(empty)"


def _level_line(plan: UpgradePlan) -> str:
    old = plan.old_level if plan.old_level is not None else "none (before 3.0)"
    if plan.new_level is None:
        return f"compatibility_level: {old} -> none"
    source = "set in main.cf" if plan.level_source == "main.cf" else "the release default"
    return f"compatibility_level: {old} -> {plan.new_level} ({source})"


def _grouped(changes: list[Change]) -> list[tuple[str, list[Change]]]:
    return [
        (title, [c for c in changes if c.category == key])
        for key, title in CATEGORIES.items()
        if any(c.category == key for c in changes)
    ]


def _where(change: Change) -> str:
    return f" [{change.service}]" if change.service else ""


def _sources(change: Change) -> str:
    """Where the values come from, unless both are built-in defaults."""
    was, now = change.before.source, change.after.source
    if was == now == "default":
        return ""
    return f"  (from {was}; now {now})" if was != now else f"  (from {was})"


def _full_changes(changes: list[Change], out: list[str]) -> None:
    for title, group in _grouped(changes):
        out.append(f"  {title}")
        for c in group:
            out.append(
                f"    {c.name}{_where(c)}: {_shown(c.before.value)} -> {_shown(c.after.value)}"
                + _sources(c)
            )
            out.append(f"        {printable(c.meaning)}")


def render_full(plan: UpgradePlan, path: str) -> str:
    old, new = plan.old.mail_version, plan.new.mail_version
    out = [f"Postfix {old} -> {new}: {printable(path)}", _level_line(plan), HOST_NOTE, ""]
    if plan.changes:
        out.append(f"Effective values that change ({len(plan.changes)}):")
        _full_changes(plan.changes, out)
    else:
        out.append("No effective value of this configuration changes.")
    if plan.added:
        out += ["", f"New parameters in {new}, at their defaults: {len(plan.added)}"]
        out.append("  " + ", ".join(plan.added))
    if plan.dropped:
        out += ["", f"Parameters {new} no longer has: " + ", ".join(plan.dropped)]
    if plan.names:
        out += ["", "Names this configuration uses:"]
        for n in plan.names:
            use = f"; {printable(use_instead(n.replacement))}" if n.replacement else ""
            out.append(f"  {printable(n.name)} ({n.kind}, {printable(n.where)}): {n.detail}{use}")
    if plan.master_needs:
        out += ["", f"master.cf needs on {new}:"] + [f"  {m}" for m in plan.master_needs]
    out += ["", f"Warnings at {new} ({PROXY_NOTE}):"]
    out += [f"  {printable(w)}" for w in plan.warnings] or ["  none"]
    step = plan.raise_level
    if step is not None:
        out += ["", f"Raising compatibility_level to {step.level} on {new} also changes:"]
        if step.changes:
            _full_changes(step.changes, out)
        else:
            out.append("  nothing in this configuration")
    return "\n".join(out) + "\n"


def _cell(text: str) -> str:
    return "`" + printable(text).replace("|", "\\|").replace("`", "'") + "`" if text else "*empty*"


def _table(changes: list[Change], out: list[str]) -> None:
    for title, group in _grouped(changes):
        out += ["", f"### {title}", ""]
        out.append("| parameter | service | before | after | what this means for mail |")
        out.append("|---|---|---|---|---|")
        for c in group:
            meaning = printable(c.meaning).replace("|", "\\|")
            out.append(
                f"| `{c.name}` | {c.service or 'all'} | {_cell(c.before.value)} "
                f"| {_cell(c.after.value)} | {meaning} |"
            )


def render_markdown(plan: UpgradePlan, path: str) -> str:
    old, new = plan.old.mail_version, plan.new.mail_version
    out = [f"## Postfix upgrade {old} → {new}", "", f"Configuration: `{printable(path)}`  "]
    out += [_level_line(plan) + "  ", f"*{HOST_NOTE}*"]
    out += ["", f"## Effective values that change ({len(plan.changes)})"]
    _table(plan.changes, out)
    if plan.names:
        out += ["", "## Names this configuration uses", ""]
        for n in plan.names:
            use = f"; {_markdown_use(n.replacement)}" if n.replacement else ""
            out.append(f"- `{printable(n.name)}` ({n.kind}, {printable(n.where)}): {n.detail}{use}")
    if plan.master_needs:
        out += ["", "## master.cf", ""] + [f"- add `{m}`" for m in plan.master_needs]
    out += ["", f"## Warnings at {new}", "", f"*{PROXY_NOTE}.*", ""]
    out += [f"- {printable(w)}" for w in plan.warnings] or ["- none"]
    if plan.added:
        out += ["", f"## New parameters at their defaults ({len(plan.added)})", ""]
        out.append(", ".join(f"`{a}`" for a in plan.added))
    step = plan.raise_level
    if step is not None:
        out += ["", f"## Raising compatibility_level to {step.level}"]
        _table(step.changes, out)
    return "\n".join(out) + "\n"


def _markdown_use(replacement: str) -> str:
    """`use `name`` with the name as code; a `(none; why)` replacement as prose."""
    instead = use_instead(replacement)
    return f"use `{printable(replacement)}`" if instead.startswith("use ") else printable(instead)
