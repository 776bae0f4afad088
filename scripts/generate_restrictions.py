"""Generate the SMTP server restriction vocabulary from a Postfix source tree.

The names come from the branches of generic_checks() in src/smtpd/smtpd_check.c (each
`strcasecmp(name, MACRO)` or `is_map_command(..., MACRO, ...)`), resolved through the
`#define MACRO "text"` lines of the headers; plus the built-in restriction classes that
smtpd_check.c registers with htable_enter(). Which restrictions read the next word is a
fact of each branch; the ones that do are listed below and checked against the source.

Usage: .venv/bin/python scripts/generate_restrictions.py POSTFIX_SOURCE_DIR [OUTPUT_DIR]
(POSTFIX_SOURCE_DIR holds src/smtpd/smtpd_check.c, e.g. a checkout of the Postfix sources.)
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = REPO / "src" / "postlint" / "postfix" / "data"

# Restrictions whose branch consumes the following word, and what that word must be.
ARGUMENTS = {
    "check_policy_service": "endpoint",  # must contain ':' (transport:server)
    "sleep": "seconds",  # must be all digits
    "reject_rbl_client": "domain",
    "reject_rbl": "domain",
    "permit_dnswl_client": "domain",
    "reject_rhsbl_client": "domain",
    "permit_rhswl_client": "domain",
    "reject_rhsbl_reverse_client": "domain",
    "reject_rhsbl_helo": "domain",
    "reject_rhsbl_sender": "domain",
    "reject_rhsbl_recipient": "domain",
}


def generate(source: Path) -> list[dict[str, str | None]]:
    check = (source / "src" / "smtpd" / "smtpd_check.c").read_text(errors="replace")
    headers = [
        source / "src" / "global" / "mail_params.h",
        source / "src" / "smtpd" / "smtpd_check.h",
        source / "src" / "smtpd" / "smtpd_check.c",
    ]
    defines: dict[str, str] = {}
    for header in headers:
        text = header.read_text(errors="replace")
        for match in re.finditer(r'#define\s+([A-Z_0-9]+)\s+"([^"]*)"', text):
            defines.setdefault(match.group(1), match.group(2))
        # Definitions continued on the next line: #define NAME \n "text"
        for match in re.finditer(r'#define\s+([A-Z_0-9]+)\s*\\?\s*\n\s*"([^"]*)"', text):
            defines.setdefault(match.group(1), match.group(2))
    # The definition (the prototype near the top of the file has no parameter names).
    body = check[check.index("static int generic_checks(SMTPD_STATE *state") :]
    body = body[: body.index("\n}\n")]
    tables = re.findall(r"is_map_command\(state,\s*name,\s*([A-Z_0-9]+)", body)
    plain = re.findall(r"strcasecmp\(name,\s*([A-Z_0-9]+)\)", body)
    classes = re.findall(r"htable_enter\(smtpd_rest_classes,\s*([A-Z_0-9]+)", check)
    rows: dict[str, str | None] = {}
    for macro in plain + classes:
        rows.setdefault(defines[macro], None)
    for macro in tables:
        rows[defines[macro]] = "table"
    for name, argument in ARGUMENTS.items():
        if name not in rows:
            raise SystemExit(f"{name} is not a restriction in this source tree")
        rows[name] = argument
    return [{"name": name, "argument": rows[name]} for name in sorted(rows)]


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    output = Path(argv[1]) if len(argv) > 1 else DEFAULT_OUTPUT
    rows = generate(Path(argv[0]))
    (output / "restrictions.json").write_text(json.dumps(rows, indent=1) + "\n")
    print(f"{len(rows)} restrictions written to {output / 'restrictions.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
