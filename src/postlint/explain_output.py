"""`postlint explain` output: a readable account for an admin (full), and JSON."""

from __future__ import annotations

import re
from typing import Any

import attrs

from postlint.engine.readers import RuleUse
from postlint.explain_reads import NONE, OverrideReads, no_effect
from postlint.postfix.catalogue import replacement_name, use_instead
from postlint.postfix.derivation import Derivation, Origin, Setting, Step
from postlint.postfix.stock_master import STOCK_MASTER_PATH
from postlint.report import escape
from postlint.syntax.templates import OPAQUE

# A template placeholder (masked by the parser) has no value until the template is rendered.
_PLACEHOLDER = re.compile(OPAQUE + "+")
TEMPLATE = "<template>"
STOCK_NOTE = f"{STOCK_MASTER_PATH} is the stock file without its comments"


def visible(text: str) -> str:
    """Config bytes are hostile: placeholders shown as such, every control, bidi and invisible
    character escaped the way every other output escapes them (report.escape)."""
    return escape.visible(_PLACEHOLDER.sub(TEMPLATE, text))


def _quoted(value: str | None) -> str:
    if value is None:
        return "(no value)"
    return visible(value) if value else "(empty)"


def full(d: Derivation, uses: list[RuleUse], reads: OverrideReads = NONE) -> str:
    where = f" for service {d.service}" if d.service else ""
    lines = [visible(f"{d.name}{where} (Postfix {d.postfix_version}, {d.kind})")]
    if d.stock_master:
        lines.append(f"  (no master.cf: Postfix's stock services, as check assumes; {STOCK_NOTE})")
    lines.append(f"  value: {_quoted(d.value if d.value is not None else d.raw)}")
    lines += _effect_lines(d, reads)
    if d.error:
        lines.append(f"  error: {visible(d.error)} (Postfix would refuse to start)")
    if d.note:
        lines.append(f"  note:  {visible(d.note)}")
    lines.append(f"  from:  {visible(d.origin.describe())}")
    if d.value is not None and d.value != d.raw:
        lines.append(f"  raw:   {_quoted(d.raw)}")
    if not d.expanded:
        lines.append("  (a raw parameter: Postfix never expands its $names)")
    if d.templated:
        lines.append(f"  ({TEMPLATE} is a template placeholder: unknown until it is rendered)")
    lines += _default_lines(d)
    lines += _main_cf_lines(d, reads)
    lines += _override_lines(d, reads)
    lines += _step_lines(d)
    lines += _rule_lines(uses)
    return "\n".join(lines)


def _default_lines(d: Derivation) -> list[str]:
    facts = d.release
    if facts is None:
        return ["", "Default: none (not a Postfix parameter)"]
    out = ["", f"Default in Postfix {d.postfix_version}: {_quoted(facts.default)}"]
    switch = d.level_switch
    if switch is not None:
        set_at = switch.level_set_at or "the release default"
        out.append(
            f"  depends on compatibility_level: {_quoted(switch.below)} below "
            f"{switch.threshold}, {_quoted(switch.from_threshold)} from {switch.threshold} on"
        )
        out.append(f"  compatibility_level = {visible(switch.level)} ({visible(set_at)})")
        if switch.chosen is not None:
            out.append(f"  so the default here is {_quoted(switch.chosen)}")
        else:
            out.append("  that level is malformed: Postfix cannot compare it")
    if facts.since:
        out.append(f"  since Postfix {facts.since}")
    if facts.deprecated_since:
        instead = f"; {use_instead(facts.replacement)}" if facts.replacement else ""
        out.append(f"  deprecated since Postfix {facts.deprecated_since}{instead}")
    return out


def _effect_lines(d: Derivation, reads: OverrideReads) -> list[str]:
    """Whether the service's program reads the name at all (with --service)."""
    answer = reads.service
    if answer is None:
        return []
    if not answer.reads:
        why = f"{no_effect(answer)} (facts from the {answer.source} sources)"
        return [visible(f"  effect: none for {d.service}: {why}")]
    if answer.via is not None:
        return [visible(f"  read:  by {answer.program} through the value of {answer.via}")]
    return []


def _ignored(reads: OverrideReads, service: str | None) -> str | None:
    """Why the -o of `service` has no effect, or None (it has, or the facts cannot tell)."""
    answer = reads.by_service.get(service or "")
    return no_effect(answer) if answer is not None and not answer.reads else None


def _main_cf_lines(d: Derivation, reads: OverrideReads) -> list[str]:
    if not d.main_cf:
        return ["", "main.cf: not set (the default applies unless -o overrides it)"]
    out = ["", "main.cf (the last line wins):"]
    last = len(d.main_cf) - 1
    for i, setting in enumerate(d.main_cf):
        if i < last:
            note = f"overridden by line {d.main_cf[-1].line}"
        elif d.override is not None and _ignored(reads, d.service):
            note = f"in effect; the -o of {visible(d.service or '')} has no effect"
        elif d.override is not None:
            note = f"in effect except for {d.service}, which overrides it"
        else:
            note = "in effect"
        out.append(f"  {_at(setting)}  {d.name} = {visible(setting.value)}   <- {note}")
    return out


def _override_lines(d: Derivation, reads: OverrideReads) -> list[str]:
    if d.override is None and not d.other_overrides:
        return []
    out = ["", "master.cf -o overrides:"]
    if d.override is not None:
        why = _ignored(reads, d.override.service)
        note = f"no effect: {visible(why)}" if why else "in effect for this service"
        out.append(f"  {_option(d, d.override)}  <- {note}")
    for setting in d.other_overrides:
        why = _ignored(reads, setting.service)
        note = f"; no effect there: {visible(why)}" if why else ""
        out.append(f"  {_option(d, setting)}  (another service{note})")
    return out


def _option(d: Derivation, setting: Setting) -> str:
    # The entry's first line is named: after a commented-out service line, indented -o
    # lines belong to the entry above it, which is easy to miss.
    return (
        f"{_at(setting)}  -o {d.name}={visible(setting.value)}  "
        f"of {visible(setting.service or '')} (entry at line {setting.service_line})"
    )


def _at(setting: Setting) -> str:
    return f"{visible(setting.file)}:{setting.line}"


def _step_lines(d: Derivation) -> list[str]:
    if not d.steps:
        return []
    out = ["", "Expansion, step by step:"]
    for step in d.steps:
        out.append("  " + "  " * step.depth + _step_text(step))
    if d.steps_left_off:
        out.append(f"  ... {d.steps_left_off} more steps left off")
    return out


def _step_text(step: Step) -> str:
    where = visible(step.origin.describe())
    if step.tested:
        state = "set" if step.raw else "empty or unset"
        return f"${{{step.name}?:}} tested: {state}  [{where}]"
    if step.raw is None:
        return f"${step.name}: {where}"
    if step.repeated:
        return f"${step.name} = {_quoted(step.value)} (as above)"
    text = f"${step.name} = {_quoted(step.raw)}  [{where}]"
    if step.error:
        return f"{text}\n      error: {visible(step.error)}"
    if step.value is not None and step.value != step.raw:
        text += f" -> {_quoted(step.value)}"
    return text


def _rule_lines(uses: list[RuleUse]) -> list[str]:
    if not uses:
        return ["", "Rules: no enabled rule looks at it for this configuration"]
    out = ["", "Rules that look at it for this configuration:"]
    for use in uses:
        how = "reads it" if use.reads else "reports on its line"
        out.append(f"  {use.code} {use.name} ({how}): {visible(use.summary)}")
        for finding in use.findings:
            at = f"{visible(finding.file)}:{finding.line}:{finding.column}"
            out.append(f"    {at}: {visible(finding.message)}")
    return out


def _origin(origin: Origin) -> dict[str, Any]:
    return attrs.asdict(origin)


def as_json(d: Derivation, uses: list[RuleUse], reads: OverrideReads = NONE) -> dict[str, Any]:
    """The shape documented in `postlint explain --help` and docs/explain.md (template
    placeholders in values are written as <template>)."""
    return _placeholders_named(_as_json(d, uses, reads))


def _placeholders_named(data: Any) -> Any:
    if isinstance(data, str):
        return _PLACEHOLDER.sub(TEMPLATE, data)
    if isinstance(data, list):
        return [_placeholders_named(item) for item in data]
    if isinstance(data, dict):
        return {key: _placeholders_named(value) for key, value in data.items()}
    return data


def _read(reads: OverrideReads, setting: Setting) -> bool | None:
    answer = reads.by_service.get(setting.service or "")
    return answer.reads if answer is not None else None


def _program(reads: OverrideReads) -> dict[str, Any] | None:
    answer = reads.service
    if answer is None:
        return None
    return {
        "name": answer.program,
        "reads": answer.reads,
        "via": answer.via,
        "read_by": list(answer.read_by),
        "facts": answer.source,
    }


def _as_json(d: Derivation, uses: list[RuleUse], reads: OverrideReads) -> dict[str, Any]:
    facts = d.release
    default = None
    if facts is not None:
        switch = d.level_switch
        default = {
            "value": facts.default,
            "since": facts.since,
            "deprecated_since": facts.deprecated_since,
            # A name or null, as in upgrade's JSON; what to do instead, in words, or null.
            "replacement": replacement_name(facts.replacement),
            "instead": use_instead(facts.replacement) if facts.replacement else None,
            "compatibility_level": attrs.asdict(switch) if switch is not None else None,
        }
    last = len(d.main_cf) - 1
    return {
        "name": d.name,
        "postfix_version": d.postfix_version,
        "service": d.service,
        "kind": d.kind,
        "value": d.value,
        "raw": d.raw,
        "error": d.error,
        "expanded": d.expanded,
        "templated": d.templated,
        "stock_master": d.stock_master,
        "note": d.note,
        "origin": _origin(d.origin),
        "default": default,
        "main_cf": [
            {**attrs.asdict(s, filter=_no_service), "in_effect": i == last and not d.override}
            for i, s in enumerate(d.main_cf)
        ],
        "override": (
            {**attrs.asdict(d.override), "read": _read(reads, d.override)}
            if d.override is not None
            else None
        ),
        "other_overrides": [
            {**attrs.asdict(s), "read": _read(reads, s)} for s in d.other_overrides
        ],
        "program": _program(reads),
        "expansion": [
            {**attrs.asdict(s, filter=_no_origin), "origin": _origin(s.origin)} for s in d.steps
        ],
        "expansion_left_off": d.steps_left_off,
        "rules": [
            {
                "code": u.code,
                "name": u.name,
                "summary": u.summary,
                "reads": u.reads,
                "findings": [attrs.asdict(f) for f in u.findings],
            }
            for u in uses
        ],
    }


def _no_service(attribute: attrs.Attribute[Any], _value: object) -> bool:
    return attribute.name not in ("service", "service_line")


def _no_origin(attribute: attrs.Attribute[Any], _value: object) -> bool:
    return attribute.name != "origin"
