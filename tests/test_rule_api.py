"""The built-in rules live on the public API: they import postlint only through
`postlint.api`, so a third party can write any of them; docs/plugins.md's rule runs."""

from __future__ import annotations

import ast
from pathlib import Path

import postlint.api

REPO = Path(__file__).resolve().parent.parent
RULES = REPO / "rules"


def _postlint_imports(path: Path) -> list[str]:
    """Every module a file imports from postlint (not postlint_rules), relative ones resolved."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found.extend(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append(node.module)
    return [m for m in found if m == "postlint" or m.startswith("postlint.")]


def test_rules_import_postlint_only_through_the_api() -> None:
    offending = {
        str(path.relative_to(REPO)): bad
        for path in sorted(RULES.rglob("*.py"))
        if (bad := [m for m in _postlint_imports(path) if m != "postlint.api"])
    }
    assert not offending, offending


def test_the_check_sees_an_internal_import(tmp_path: Path) -> None:
    sample = tmp_path / "rule.py"
    sample.write_text("import postlint.postfix.model\nfrom postlint.api import Rule\n")
    assert _postlint_imports(sample) == ["postlint.postfix.model", "postlint.api"]


def test_every_exported_name_exists() -> None:
    missing = [name for name in postlint.api.__all__ if not hasattr(postlint.api, name)]
    assert not missing


class _Quiet(postlint.api.Rule):
    """A plugin rule declaring what the built-in ones declare."""

    code = "ZZ002"
    name = "quiet"
    family = "test"
    default_enabled = False
    tags = frozenset({postlint.api.Tag.UNNECESSARY})

    def check(self, ctx: postlint.api.Context):  # type: ignore[override]
        return []


def _lsp_tags(code: str, rules: dict[str, type[postlint.api.Rule]]) -> list[object]:
    from lsprotocol import types
    from pygls.workspace.position_codec import PositionCodec

    from postlint.engine.registry import Registry
    from postlint.server.findings import to_lsp
    from postlint.server.positions import LineIndex

    found = postlint.api.Diagnostic(
        code,
        "x",
        "m",
        postlint.api.Severity.INFO,
        postlint.api.parse_main_cf("a = b\n"),
        postlint.api.Span(0, 1),
    )
    lsp = to_lsp(
        found,
        LineIndex("a = b\n", PositionCodec(types.PositionEncodingKind.Utf16)),
        Registry(rules),
    )
    return list(lsp.tags or [])


def test_declared_tags_reach_the_editor() -> None:
    from lsprotocol import types

    from postlint.engine.plugins import load_plugins

    builtin = load_plugins().rules
    assert _lsp_tags("ZZ002", {"ZZ002": _Quiet}) == [types.DiagnosticTag.Unnecessary]
    assert _lsp_tags("PL403", builtin) == [types.DiagnosticTag.Unnecessary]
    assert _lsp_tags("PL310", builtin) == [
        types.DiagnosticTag.Deprecated,
        types.DiagnosticTag.Unnecessary,
    ]
    assert _lsp_tags("PL401", builtin) == []


def test_fix_constructors_state_their_safety() -> None:
    edit = postlint.api.Edit(postlint.api.parse_main_cf(""), 0, 0, "x = y\n")
    safe = postlint.api.Fix.safe("Add x", [edit], [("x", "y")])
    assert safe == postlint.api.Fix(
        "Add x", (edit,), postlint.api.Applicability.SAFE, (("x", "y"),)
    )
    assert postlint.api.Fix.unsafe("Add x", [edit]).applicability.value == "unsafe"


def test_rules_walking_ctx_settings_report_main_cf_and_every_override() -> None:
    from postlint.testing import run as lint

    master = (
        "smtp inet n - y - - smtpd\n  -o smtpd_tls_ciphers=low\n"
        "relay unix - - n - - smtp\n  -o smtp_tls_mandatory_ciphers=$foo\n"
    )
    found = lint(["PL109"], main="smtp_tls_ciphers = null\n", master=master, version="3.7")
    assert found.findings == [
        "main.cf:1:1: PL109 smtp_tls_ciphers = null selects ciphers that do not encrypt; "
        "use medium or high",
        "master.cf:2:3: PL109 [smtp/inet] -o smtpd_tls_ciphers=low is obsolete or "
        "unencrypted; use medium",
    ]


def test_ctx_settings_filters_names_and_values_in_main_cf_and_overrides() -> None:
    from postlint.postfix.model import Config
    from postlint.postfix.versions import Version
    from postlint.syntax import parse_master_cf

    main = postlint.api.parse_main_cf("a = $b\nb = plain\nc = x $y\n")
    master = parse_master_cf("smtp inet n - y - - smtpd\n  -o a=$z\n  -o b=1\n")
    ctx = postlint.api.Context(Config(main, master, Version(3, 11)), _Quiet, {})
    every = [(s.label, s.value) for s in ctx.settings()]
    assert every == [("a", "$b"), ("b", "plain"), ("c", "x $y"), ("-o a", "$z"), ("-o b", "1")]
    dollar = [(s.label, s.file.kind.value) for s in ctx.settings(value=lambda v: "$" in v)]
    assert dollar == [("a", "main"), ("c", "main"), ("-o a", "master")]
    assert [s.label for s in ctx.settings({"a"}, value=lambda v: "z" in v)] == ["-o a"]


def test_ctx_settings_asks_a_name_test_once_per_name_and_keeps_file_order() -> None:
    from postlint.postfix.model import Config
    from postlint.postfix.versions import Version
    from postlint.syntax import parse_master_cf

    main = postlint.api.parse_main_cf("a = 1\nb = 2\na = 3\nc = 4\nb = 5\na = $x\n" * 50)
    master = parse_master_cf("smtp inet n - y - - smtpd\n  -o a=6\n  -o c=7\n")
    ctx = postlint.api.Context(Config(main, master, Version(3, 11)), _Quiet, {})
    asked: list[str] = []

    def wanted(name: str) -> bool:
        asked.append(name)
        return name != "b"

    found = [(s.label, s.value) for s in ctx.settings(wanted, value=lambda v: v != "4")]
    assert found == [("a", "1"), ("a", "3"), ("a", "$x")] * 50 + [("-o a", "6"), ("-o c", "7")]
    # A file of 100,000 lines names a few hundred parameters: main.cf's are asked about
    # once each (a test on a name gives the same answer every time).
    assert sorted(asked[:3]) == ["a", "b", "c"] and asked[3:] == ["a", "c"]
    assert [s.value for s in ctx.settings(lambda name: name == "c")] == ["4"] * 50 + ["7"]
    assert list(ctx.settings(lambda name: False)) == []
