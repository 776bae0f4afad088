"""Generate postlint's parameter catalogue from the Postfix reference data.

Reads parameters.tsv, deprecated.tsv and the two `postconf -d` dumps from a reference
directory (default: ../shared/reference/postfix next to the repository) and writes
src/postlint/postfix/data/parameters.json and deprecated.json. The output is deterministic,
so a test can regenerate it and compare with the committed files.

Usage: python scripts/generate_catalogue.py [REFERENCE_DIR] [OUTPUT_DIR]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_REFERENCE = REPO.parent / "shared" / "reference" / "postfix"
DEFAULT_OUTPUT = REPO / "src" / "postlint" / "postfix" / "data"

# Values in the dumps that describe the machine the dump was made on, not Postfix.
HOST_DEPENDENT = {"myhostname", "mydomain", "mynetworks", "process_id"}

_UNESCAPE = {"\\\\": "\\", "\\t": "\t", "\\n": "\n", "\\r": "\r"}


def unescape_field(field: str) -> str:
    """Undo the TSV escaping described in the reference README."""
    out: list[str] = []
    i = 0
    while i < len(field):
        pair = field[i : i + 2]
        if pair in _UNESCAPE:
            out.append(_UNESCAPE[pair])
            i += 2
        else:
            out.append(field[i])
            i += 1
    return "".join(out)


def read_tsv(path: Path) -> list[dict[str, str]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    rows = []
    for line in lines[1:]:
        if not line.strip():
            continue
        cells = [unescape_field(c) for c in line.split("\t")]
        cells += [""] * (len(header) - len(cells))
        rows.append(dict(zip(header, cells, strict=False)))
    return rows


def read_dump(path: Path) -> dict[str, str]:
    """Parse `postconf -d` output: one `name = value` per line."""
    values: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        name, sep, value = line.partition(" =")
        if sep:
            values[name] = value[1:] if value.startswith(" ") else value
    return values


def build_parameters(reference: Path) -> list[dict[str, object]]:
    rows = read_tsv(reference / "parameters.tsv")
    dump37 = read_dump(reference / "postconf-d-3.7.txt")
    dump312 = read_dump(reference / "postconf-d-3.12.txt")
    out = []
    for row in rows:
        name = row["name"]
        entry: dict[str, object] = {
            "name": name,
            "default": row["default"],
            "since": row["since"] or "1.0",
            "deprecated_since": row["deprecated_since"] or None,
            "removed_in": row["removed_in"] or None,
            "replacement": row["replacement"] or None,
            "kind": row["kind"],
            "ctype": row["ctype"],
            "min": int(row["min"]) if row["min"] else None,
            "max": int(row["max"]) if row["max"] else None,
            "status": row["status"],
            "host_dependent": name in HOST_DEPENDENT,
            "backported_to": row["backported_to"].split() if row["backported_to"] else [],
        }
        # Defaults of older releases, where the 3.7 binary says something else.
        if name in dump37 and name not in HOST_DEPENDENT and dump37[name] != row["default"]:
            entry["default_3_7"] = dump37[name]
        # postconf -d 3.12 is authoritative for built-in defaults the TSV took from the docs.
        if name in dump312 and name not in HOST_DEPENDENT and dump312[name] != row["default"]:
            entry["default"] = dump312[name]
        out.append(entry)
    out.sort(key=lambda e: str(e["name"]))
    return out


def build_deprecated(reference: Path) -> list[dict[str, object]]:
    rows = read_tsv(reference / "deprecated.tsv")
    keep = (
        "item",
        "item_type",
        "context",
        "deprecated_since",
        "warning_since",
        "removed_in",
        "replacement",
        "emitted_by",
        "notes",
    )
    return [{k: (row[k] or None) for k in keep} for row in rows]


def build_stock_services(reference: Path) -> list[dict[str, str]]:
    """The services of Postfix's stock master.cf: (service, type, program), as data."""
    services = []
    text = (reference / "master.cf.stock-3.12.txt").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line or line[0] in "# \t":
            continue
        fields = line.split()
        if len(fields) >= 8:
            program = fields[7].rsplit("/", 1)[-1]
            services.append({"service": fields[0], "type": fields[1], "program": program})
    return services


def build_install_parameters(reference: Path) -> list[str]:
    """Parameters the stock main.cf leaves empty for the installer to fill in (from its
    'used when installing' section)."""
    text = (reference / "main.cf.stock-3.12.txt").read_text(encoding="utf-8")
    section = text.split("used when installing", 1)[1] if "used when installing" in text else ""
    names = []
    for line in section.splitlines():
        if line and line[0] not in "# \t" and "=" in line:
            names.append(line.split("=", 1)[0].strip())
    return sorted(names)


def generate(reference: Path, output: Path) -> list[Path]:
    output.mkdir(parents=True, exist_ok=True)
    written = []
    for filename, data in (
        ("parameters.json", build_parameters(reference)),
        ("deprecated.json", build_deprecated(reference)),
        ("stock_services.json", build_stock_services(reference)),
        ("install_parameters.json", build_install_parameters(reference)),
    ):
        path = output / filename
        path.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        written.append(path)
    return written


def main(argv: list[str]) -> int:
    reference = Path(argv[1]) if len(argv) > 1 else DEFAULT_REFERENCE
    output = Path(argv[2]) if len(argv) > 2 else DEFAULT_OUTPUT
    for path in generate(reference, output):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
