"""Generate postlint's parameter catalogue from the Postfix reference data.

Reads parameters.tsv, deprecated.tsv and the per-release `postconf` dumps under releases/
(postconf-d.txt, postconf-d-stock-master.txt, postconf-x-compat-L.txt) from a reference
directory (default: ../shared/reference/postfix next to the repository) and writes
src/postlint/postfix/data/parameters.json (facts about each name), releases.json (what each
release knows and defaults to, as changes along the release list) and deprecated.json. The
output is deterministic, so a test can regenerate it and compare with the committed files.
default_references.json holds the $names each default value mentions, as postlint's own
parser reads them (so a start need not parse ~180 defaults with it).

Usage: .venv/bin/python scripts/generate_catalogue.py [REFERENCE_DIR] [OUTPUT_DIR]
"""

from __future__ import annotations

import functools
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_REFERENCE = REPO.parent / "shared" / "reference" / "postfix"
DEFAULT_OUTPUT = REPO / "src" / "postlint" / "postfix" / "data"

# Values in the dumps that describe the machine the dump was made on, not Postfix
# (releases/README.md). Their release value is the host-independent one of parameters.tsv.
HOST_DEPENDENT = {"myhostname", "mydomain", "mynetworks", "process_id"}
# Upstream install paths that distributions change when they package Postfix.
PACKAGING_DEPENDENT = {
    "daemon_directory",
    "html_directory",
    "manpage_directory",
    "readme_directory",
    "shlib_directory",
    "meta_directory",
    "sample_directory",
}

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
    """Facts about each name that do not change between releases (type, bounds, status).
    What each release defaults to lives in releases.json."""
    rows = read_tsv(reference / "parameters.tsv")
    known = {row["name"] for row in rows}
    newest = read_dump(reference / "releases" / "3.12" / "postconf-d.txt")
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
            "backported_to": row["backported_to"].split() if row["backported_to"] else [],
        }
        # postconf -d 3.12 is authoritative for built-in defaults the TSV took from the docs.
        if name in newest and name not in HOST_DEPENDENT and newest[name] != row["default"]:
            entry["default"] = newest[name]
        out.append(entry)
    out.extend(_fixed_service_parameters(reference, rows, known))
    out.sort(key=lambda e: str(e["name"]))
    # Facts that are absent (None, no backports) are left out: the loader's defaults supply
    # them, and the file loads faster at start-up.
    return [{k: v for k, v in e.items() if not (v is None or v is False or v == [])} for e in out]


def _fixed_service_parameters(
    reference: Path, rows: list[dict[str, str]], known: set[str]
) -> list[dict[str, object]]:
    """Postfix 2.6 and 2.8 list a fixed set of per-service names (relay_destination_rate_delay
    ...) as built-ins; they take their facts from the `transport_*` template they follow."""
    templates = {
        row["name"][len("transport") :]: row for row in rows if row["status"] == "service-template"
    }
    extra: dict[str, dict[str, object]] = {}
    for folder in release_folders(reference):
        for name, value in read_dump(folder / "postconf-d.txt").items():
            if name in known or name in extra:
                continue
            suffix = _suffix_of(name, templates)
            template = templates[suffix]
            extra[name] = {
                "name": name,
                "default": value,
                "since": template["since"] or "1.0",
                "deprecated_since": None,
                "removed_in": None,
                "replacement": None,
                "kind": template["kind"],
                "ctype": template["ctype"],
                "min": int(template["min"]) if template["min"] else None,
                "max": int(template["max"]) if template["max"] else None,
                "status": "builtin",
                "backported_to": [],
            }
    return list(extra.values())


def _suffix_of(name: str, templates: dict[str, object]) -> str:
    matches = [suffix for suffix in templates if name.endswith(suffix)]
    if not matches:
        raise ValueError(f"{name}: in a postconf dump but in neither parameters.tsv nor a template")
    return max(matches, key=len)


def _release_key(mail_version: str) -> tuple[int, ...]:
    """2.10.1 < 2.10.10 < 2.11.0; the 3.12 snapshot (3.12-20260821) counts as 3.12.0."""
    numbers = mail_version.split("-", 1)[0].split(".")
    return tuple(int(n) for n in numbers) + (0,) * (3 - len(numbers))


def release_folders(reference: Path) -> list[Path]:
    """The releases/ folders, oldest first by their mail_version."""
    folders = [p for p in (reference / "releases").iterdir() if p.is_dir()]
    return sorted(folders, key=lambda p: _release_key(_mail_version(p)))


def _mail_version(folder: Path) -> str:
    return (folder / "mail_version.txt").read_text(encoding="utf-8").split("=", 1)[1].strip()


def _levels(folder: Path) -> list[str]:
    found = [p.name[len("postconf-x-compat-") : -len(".txt")] for p in folder.glob("postconf-x-*")]
    return sorted(found, key=_release_key)


def _changes(per_release: list[tuple[str, object]]) -> list[list[object]]:
    """[[release, value], ...] where the value differs from the previous release's
    (None: the name is not there)."""
    out: list[list[object]] = []
    previous: object = None
    for release, value in per_release:
        if value != previous:
            out.append([release, value])
            previous = value
    return out


def build_releases(reference: Path) -> dict[str, object]:
    """What every release lists with `postconf -d` (defaults verbatim, compatibility-level
    expressions included), the legacy names it honours without listing them, and the
    per-service parameters it adds for master.cf services, as changes along the releases."""
    rows = read_tsv(reference / "parameters.tsv")
    tsv = {row["name"]: row for row in rows}
    templates = {
        row["name"][len("transport") :] for row in rows if row["status"] == "service-template"
    }
    legacy = {row["name"] for row in rows if row["status"] == "legacy-alias"}
    raw_ctype = {row["name"] for row in rows if row["ctype"] == "raw"}
    releases = []
    raw: dict[str, list[tuple[str, object]]] = {}
    twice: dict[str, list[tuple[str, object]]] = {}
    listed: dict[str, list[tuple[str, object]]] = {}
    aliases: dict[str, list[tuple[str, object]]] = {}
    suffixes: dict[str, list[tuple[str, object]]] = {}
    folders = release_folders(reference)
    for folder in folders:
        name = folder.name
        releases.append(
            {"name": name, "mail_version": _mail_version(folder), "levels": _levels(folder)}
        )
        plain = read_dump(folder / "postconf-d.txt")
        stock = read_dump(folder / "postconf-d-stock-master.txt")
        for param in plain.keys() | listed.keys():
            value = plain.get(param)
            if value is not None and param in HOST_DEPENDENT:
                value = tsv[param]["default"]
            listed.setdefault(param, []).append((name, value))
        for param in legacy:
            honoured = param not in plain and _since(tsv[param]) <= _release_key(name)
            aliases.setdefault(param, []).append((name, True if honoured else None))
        printed = [line.split(" =", 1)[0] for line in _lines(folder / "postconf-d.txt")]
        for param in {p for p in printed if printed.count(p) > 1} | twice.keys():
            twice.setdefault(param, []).append((name, True if printed.count(param) > 1 else None))
        for param in plain.keys() | raw.keys():
            raw_here = param in plain and (param in raw_ctype or _kept_raw(folder, plain, param))
            raw.setdefault(param, []).append((name, True if raw_here else None))
        found: dict[str, str] = {}
        for param in stock.keys() - plain.keys():
            suffix = _suffix_of(param, dict.fromkeys(templates))
            if found.setdefault(suffix, stock[param]) != stock[param]:
                raise ValueError(f"{name}: {suffix} defaults differ between services")
        if found:
            # No stock master.cf runs a pipe or spawn service, so `_time_limit` never shows
            # in the dumps; a release that adds per-service names adds it too (postconf's
            # service table), with the template's default.
            found.setdefault("_time_limit", tsv["transport_time_limit"]["default"])
        for suffix in templates:
            suffixes.setdefault(suffix, []).append((name, found.get(suffix)))
    return {
        "releases": releases,
        "host_dependent": sorted(HOST_DEPENDENT),
        "packaging_dependent": sorted(PACKAGING_DEPENDENT),
        "parameters": {k: _changes(v) for k, v in sorted(listed.items())},
        "legacy": {k: _changes(v) for k, v in sorted(aliases.items()) if _changes(v)},
        "raw": {k: _changes(v) for k, v in sorted(raw.items()) if _changes(v)},
        # 3.4.23's postconf prints bounce_notice_recipient twice (later 3.4 patches fixed it).
        "printed_twice": {k: _changes(v) for k, v in sorted(twice.items())},
        "service_suffixes": {k: _changes(v) for k, v in sorted(suffixes.items()) if _changes(v)},
    }


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def _kept_raw(folder: Path, plain: dict[str, str], param: str) -> bool:
    """A default with a `$` that `postconf -x` leaves as it is: that release never expands
    the parameter (postscreen_command_time_limit in 3.0-3.3). Releases before 3.0 have no
    -x dump; parameters.tsv's ctype decides for them."""
    dump = folder / "postconf-x-compat-0.txt"
    if "$" not in plain[param] or not dump.exists():
        return False
    return _cached_dump(dump).get(param) == plain[param]


@functools.cache
def _cached_dump(path: Path) -> dict[str, str]:
    return read_dump(path)


def _since(row: dict[str, str]) -> tuple[int, ...]:
    return _release_key(row["since"] or "1.0")


def write_releases(data: dict[str, object]) -> str:
    """JSON with one line per release and per name: compact, yet reviewable as a diff."""
    lines = ["{"]
    sections = list(data.items())
    for index, (key, value) in enumerate(sections):
        comma = "," if index < len(sections) - 1 else ""
        if isinstance(value, dict):
            lines.append(f"{json.dumps(key)}: {{")
            items = list(value.items())
            for i, (name, changes) in enumerate(items):
                tail = "," if i < len(items) - 1 else ""
                lines.append(f"{json.dumps(name)}: {json.dumps(changes, ensure_ascii=False)}{tail}")
            lines.append("}" + comma)
        else:
            lines.append(f"{json.dumps(key)}: [")
            for i, item in enumerate(value):  # type: ignore[arg-type]
                tail = "," if i < len(value) - 1 else ""  # type: ignore[arg-type]
                lines.append(json.dumps(item, ensure_ascii=False) + tail)
            lines.append("]" + comma)
    lines.append("}")
    return "\n".join(lines) + "\n"


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


def build_stock_services(reference: Path) -> list[dict[str, object]]:
    """The services of Postfix's stock master.cf: (service, type, program), and the -o
    options of those that have any (relay's syslog_name), as data."""
    services: list[dict[str, object]] = []
    text = (reference / "master.cf.stock-3.12.txt").read_text(encoding="utf-8")
    for line in text.splitlines():
        words = line.split()
        if services and line[:1] in (" ", "\t") and words[:1] == ["-o"] and len(words) == 2:
            services[-1].setdefault("options", []).append(words[1])  # type: ignore[attr-defined]
            continue
        if not line or line[0] in "# \t":
            continue
        if len(words) >= 8:
            program = words[7].rsplit("/", 1)[-1]
            services.append({"service": words[0], "type": words[1], "program": program})
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


def build_default_references(
    releases: dict[str, object], parameters: list[dict[str, object]]
) -> dict[str, list[str]]:
    """Each default text with a `$` (of any release, service suffix or catalogue row) and
    the names it mentions, in first-mention order."""
    from postlint.postfix.macros import safe_references

    histories: list[list[list[object]]] = [
        *releases["parameters"].values(),  # type: ignore[attr-defined]
        *releases["service_suffixes"].values(),  # type: ignore[attr-defined]
    ]
    texts = {value for history in histories for _, value in history if isinstance(value, str)}
    texts |= {str(row["default"]) for row in parameters}
    return {
        text: list(dict.fromkeys(safe_references(text))) for text in sorted(texts) if "$" in text
    }


def generate(reference: Path, output: Path) -> list[Path]:
    output.mkdir(parents=True, exist_ok=True)
    written = []
    releases = build_releases(reference)
    path = output / "releases.json"
    path.write_text(write_releases(releases), encoding="utf-8")
    written.append(path)
    path = output / "parameters.json"
    parameters = build_parameters(reference)
    rows = [json.dumps(row, sort_keys=True, ensure_ascii=False) for row in parameters]
    path.write_text("[\n" + ",\n".join(rows) + "\n]\n", encoding="utf-8")
    written.append(path)
    for filename, data in (
        ("default_references.json", build_default_references(releases, parameters)),
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
