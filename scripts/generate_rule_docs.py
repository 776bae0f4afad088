"""Write docs/rules.md from the rule docstrings (the single source of rule documentation).

Usage: .venv/bin/python scripts/generate_rule_docs.py [OUTPUT]   (a test checks the file is current)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from postlint.engine.plugins import load_plugins
from postlint.engine.registry import Registry

REPO = Path(__file__).resolve().parent.parent
FAMILIES = {
    "PL1": "TLS",
    "PL2": "Client (smtp_) versus server (smtpd_)",
    "PL3": "Deprecated settings",
    "PL4": "Syntax and parameter semantics",
    "PL5": "master.cf",
    "PL6": "Relay and abuse",
    "PL7": "Sender guidelines",
    "PL9": "postlint itself",
}
FIX = {"none": "", "sometimes": "sometimes", "always": "always"}  # as `postlint rule` says


def render() -> str:
    plugins = load_plugins()
    rules = Registry(
        {c: r for c, r in plugins.rules.items() if plugins.origin[c] in ("builtin", "postlint")}
    ).rules
    out = [
        "# Rules\n",
        "\nGenerated from the rule docstrings by `scripts/generate_rule_docs.py`;",
        " `postlint rule CODE` prints the same text.\n",
    ]
    for prefix, title in FAMILIES.items():
        codes = [c for c in rules if c.startswith(prefix)]
        if not codes:
            continue
        out.append(f"\n## {prefix}xx: {title}\n\n| code | name | severity | fix | summary |\n")
        out.append("|---|---|---|---|---|\n")
        for code in codes:
            rule = rules[code]
            out.append(
                f"| [{code}](#{code.lower()}) | {rule.name} | {rule.severity_text()} | "
                f"{FIX[rule.fix.value]} | {rule.summary()} |\n"
            )
    for code, rule in rules.items():
        body = rule.documentation().split("\n", 1)
        versions = f"Postfix {rule.min_version}" + (
            f" to {rule.max_version}" if rule.max_version else " and later"
        )
        opt_in = (
            "" if getattr(rule, "default_enabled", True) else " Off by default: enable it by code."
        )
        out.append(
            f"\n## {code}\n\n**{rule.name}**: {body[0]}\n\n"
            f"Severity {rule.severity_text()}; fix: {rule.fix.value}; {versions}.{opt_in}\n"
        )
        if len(body) > 1:
            out.append(body[1].replace("\n## ", "\n### ").rstrip() + "\n")
    return "".join(out)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="generate_rule_docs.py", description=__doc__.split("\n", 1)[0]
    )
    parser.add_argument(
        "output",
        nargs="?",
        type=Path,
        default=REPO / "docs" / "rules.md",
        help="where to write (default: docs/rules.md)",
    )
    target = parser.parse_args(argv).output
    target.write_text(render(), encoding="utf-8")
    print(target)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
