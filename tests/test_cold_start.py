"""What a plain `postlint check` does not import or build (attrs classes beyond the syntax tree
and the findings), and the Version record it imports instead of an attrs class: each was a
measurable part of a cold start (bench/cold_start.py) that the run does not need."""

from __future__ import annotations

import json
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from postlint.postfix.versions import Version

# Runs the command line as `python -m postlint` does, then lists every module in sys.modules
# (modules imported through importlib.import_module, like the output formats and the rules,
# never show in `-X importtime`).
PROBE = """
import sys
from postlint.cli import main
status = main(sys.argv[2:])
with open(sys.argv[1], "w") as out:
    out.write("\\n".join(sorted(sys.modules)))
raise SystemExit(status)
"""

# hashlib loads OpenSSL to hash the grammars; the machine formats are for CI; tomllib only
# reads config files (there is none here); socket makes enums of its constants on import,
# and inet_pton (mynetworks, PL423) is its C module's.
NOT_FOR_A_PLAIN_CHECK = {"hashlib", "_hashlib", "postlint.report.machine", "tomllib", "socket"}


def _modules_after(
    args: list[str], folder: Path
) -> tuple[subprocess.CompletedProcess[str], set[str]]:
    listing = folder.parent / f"{folder.name}-modules.txt"
    result = _probe(PROBE, folder, str(listing), *args)
    return result, set(listing.read_text().split())


def _probe(script: str, folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run a probe script in a fresh interpreter, in `folder`."""
    return subprocess.run(
        [sys.executable, "-c", script, *args],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    folder = tmp_path / "project"
    (folder / ".git").mkdir(parents=True)  # config discovery stops here
    (folder / "main.cf").write_text(
        "myhostname = mail.example.com\nsmtpd_use_tls = yes\nmynetworks = 127.0.0.0/8 [::1]/128\n"
    )
    return folder


def test_a_concise_check_does_not_import_what_it_does_not_use(project: Path) -> None:
    result, modules = _modules_after(["check", "--output-format", "concise", "."], project)
    assert result.returncode == 1, result.stderr
    assert "PL301" in result.stdout  # it did lint, with the rules loaded
    assert "postlint_rules" in modules and "postlint.report.text" in modules
    assert not modules & NOT_FOR_A_PLAIN_CHECK


# Mentions postlint, but cannot hold a [tool.postlint] table (tests/test_pyproject_discovery.py).
OTHER_TOOLS = """[project]
name = "postlint-site"
[project.entry-points.postlint]
site = "site_rules"
[tool.setuptools.package-dir]
"postlint" = "src"
[tool.ruff]
line-length = 100
"""


def test_a_pyproject_for_other_tools_is_not_parsed(project: Path) -> None:
    (project / "pyproject.toml").write_text(OTHER_TOOLS)
    result, modules = _modules_after(["check", "--output-format", "concise", "."], project)
    assert result.returncode == 1, result.stderr
    assert "PL301" in result.stdout
    assert "tomllib" not in modules


# attrs writes and compiles each class's methods when the module loads (~0.3 ms a class):
# the syntax tree is made of attrs classes (a project rule), and so are the finding records
# (Diagnostic, Fix, Edit and their located forms, which plugins build and attrs.evolve).
# Any other record a plain check loads is a FrozenRecord, a NamedTuple or a plain class.
ATTRS_PROBE = """
import sys
import attrs
from postlint.cli import main
status = main(sys.argv[1:])
built = sorted(
    f"{name}.{cls.__qualname__}"
    for name, module in list(sys.modules.items())
    if name.startswith("postlint")
    for cls in vars(module).values()
    if isinstance(cls, type) and cls.__module__ == name and attrs.has(cls)
)
print(*built)
raise SystemExit(status)
"""
ATTRS_CLASSES_OF_A_PLAIN_CHECK = {
    *(f"postlint.syntax.physical.{name}" for name in ("Span", "PhysicalLine", "LogicalLine")),
    *(
        f"postlint.syntax.ast.{name}"
        for name in (
            "Position",
            "Node",
            "Comment",
            "Blank",
            "Entry",
            "Parameter",
            "BrokenEntry",
            "Field",
            "Override",
            "Service",
            "ConfigFile",
        )
    ),
    *(f"postlint.engine.diagnostics.{name}" for name in ("Edit", "Fix", "Diagnostic")),
    *(f"postlint.report.base.{name}" for name in ("LocatedEdit", "Finding", "Report")),
}


def test_a_plain_check_builds_attrs_classes_only_for_the_tree_and_the_findings(
    project: Path,
) -> None:
    (project / "master.cf").write_text(
        "smtp inet n - y - - smtpd\n  -o smtpd_milters=inet:localhost:8891\n"
    )
    result = _probe(ATTRS_PROBE, project, "check", "--output-format", "concise", ".")
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    assert "PL301" in result.stdout  # it linted, with the rules loaded
    built = set(lines[-1].split())
    assert "postlint.syntax.ast.ConfigFile" in built  # (the probe sees attrs classes)
    assert built <= ATTRS_CLASSES_OF_A_PLAIN_CHECK, built - ATTRS_CLASSES_OF_A_PLAIN_CHECK


def test_the_chosen_machine_format_is_loaded_when_asked_for(project: Path) -> None:
    result, modules = _modules_after(["check", "--output-format", "json", "."], project)
    assert result.returncode == 1, result.stderr
    assert "PL301" in {finding["code"] for finding in json.loads(result.stdout)}
    assert "postlint.report.machine" in modules


FREEZE_PROBE = """
import gc, sys
from postlint.cli import main
if sys.argv[1] == "own":
    sys.argv[1:] = ["check", "--isolated", "main.cf"]
    main()
else:
    main(["check", "--isolated", "main.cf"])
print(gc.get_freeze_count() > 0, gc.isenabled())
"""


@pytest.mark.parametrize(("how", "frozen"), [("own", True), ("argv", False)])
def test_only_the_command_lines_own_run_freezes_what_it_built(
    project: Path, how: str, frozen: bool
) -> None:
    # The process ends after the command line's run: what it built goes to the permanent
    # generation, so the collections of interpreter shutdown do not walk it. A caller that
    # passes argv (a test, an embedding program) gets its collector back as it was.
    result = _probe(FREEZE_PROBE, project, how)
    assert result.stdout.split()[-2:] == [str(frozen), "True"], result.stderr


def test_version_is_an_immutable_value() -> None:
    line, exact = Version(3, 7), Version.parse("3.7.0")
    assert line == Version.parse("3.7") and hash(line) == hash(Version.parse("3.7"))
    assert line != exact and line <= exact and not line < exact  # 3.7 is not 3.7.0
    assert repr(exact) == "Version(major=3, minor=7, patch=0)"
    assert pickle.loads(pickle.dumps(exact)) == exact
    with pytest.raises(AttributeError):
        line.minor = 8  # type: ignore[misc]
    assert line == Version(3, 7)


BUILT_PROBE = """
import sys
from postlint.postfix import catalogue
built = []
build = catalogue.ParameterInfo.__init__
def counting(self, *args, **kwargs):
    built.append(args[0] if args else kwargs["name"])
    build(self, *args, **kwargs)
catalogue.ParameterInfo.__init__ = counting
from postlint.cli import main
status = main(sys.argv[1:])
print(len(built), len(catalogue.builtin_catalogue().names()))
raise SystemExit(status)
"""


def test_a_plain_check_builds_only_the_parameters_it_looks_up(project: Path) -> None:
    # Building all ~1,000 ParameterInfo records was ~4% of a cold start; what rules ask of
    # every parameter (its kind, its status) is answered from the rows.
    result = _probe(BUILT_PROBE, project, "check", "--output-format", "concise", ".")
    assert result.returncode == 1, result.stderr
    assert "PL301" in result.stdout
    built, catalogued = map(int, result.stdout.splitlines()[-1].split())
    assert catalogued > 900
    assert 0 < built < catalogued / 5


SEARCH_PROBE = """
import sys
from importlib.machinery import FileFinder
searched = []
find_spec = FileFinder.find_spec
def counting(self, fullname, target=None):
    searched.append(fullname)
    return find_spec(self, fullname, target)
FileFinder.find_spec = counting
from postlint.cli import main
status = main(sys.argv[1:])
from postlint_rules.tls import pl101_outbound_tls_disabled as by_import
module = sys.modules["postlint_rules.tls.pl101_outbound_tls_disabled"]
print(by_import is module, module.__spec__.name == module.__name__, module.__file__.endswith(".py"))
import re
print(sum(bool(re.fullmatch(r"postlint_rules\\.\\w+\\.pl\\d{3}_\\w+", n)) for n in searched))
raise SystemExit(status)
"""


def test_the_rule_modules_are_loaded_from_their_files_without_a_search(project: Path) -> None:
    # The built-in pack lists its folders once; looking each of ~100 modules up again
    # through sys.meta_path and the folder was a fifth of loading them.
    result = _probe(SEARCH_PROBE, project, "check", "--output-format", "concise", ".")
    assert result.returncode == 1, result.stderr
    assert "PL301" in result.stdout
    identity, searched = result.stdout.splitlines()[-2:]
    assert identity == "True True True"
    # (Only what a rule imports from another before that one's turn, like PL407's helpers.)
    assert int(searched) <= 3
