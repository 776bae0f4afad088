"""The code in the docs runs: docs/plugins.md shows the tested example plugin verbatim, and its
rule, site parameter and output format work when loaded the way the page describes."""

from __future__ import annotations

import re
from pathlib import Path

from tests.test_cli import postlint

REPO = Path(__file__).resolve().parent.parent
PLUGINS_MD = REPO / "docs" / "plugins.md"
# A fence of three or more backticks (four around code whose docstring has fences itself).
SAME_AS = re.compile(r"<!-- same as: (\S+) -->\n(`{3,})python\n(.*?)\2\n", re.S)
BLOCK = re.compile(r"^(`{3,})python\n(.*?)^\1\n", re.S | re.M)


def test_plugin_page_shows_the_example_files_verbatim() -> None:
    shown = {path: code for path, _fence, code in SAME_AS.findall(PLUGINS_MD.read_text())}
    assert set(shown) == {
        "examples/plugin/postlint_example/__init__.py",
        "examples/plugin/tests/test_banner.py",
    }
    for path, code in shown.items():
        assert code == (REPO / path).read_text(), f"docs/plugins.md differs from {path}"


def test_plugin_page_code_runs_as_a_local_plugin(tmp_path: Path) -> None:
    blocks = [code for _fence, code in BLOCK.findall(PLUGINS_MD.read_text())]
    rule_module = blocks[0]
    formatter = next(b for b in blocks if "postlint_output_formats" in b)
    (tmp_path / "site_rules.py").write_text(rule_module + "\n\n" + formatter)
    (tmp_path / "postlint.toml").write_text(
        'plugins = ["site_rules.py"]\n\n[rules.EX001]\ntag = "ACME"\n'
    )
    (tmp_path / "main.cf").write_text(
        "smtpd_banner = $myhostname ESMTP\nexample_policy_socket = inet:127.0.0.1:9999\n"
    )
    found = postlint(
        "--select", "EX001,PL402", "--output-format", "concise", "main.cf", cwd=tmp_path
    )
    assert found.returncode == 1, found.stderr
    lines = found.stdout.splitlines()
    assert lines[0] == "main.cf:1:16: EX001 [warning] smtpd_banner does not mention ACME; add it"
    assert "PL402" not in found.stdout  # the site parameter is known
    counted = postlint("--select", "EX001", "--output-format", "count", "main.cf", cwd=tmp_path)
    assert counted.stdout == "1 findings in 1 files\n", counted.stderr
    # Its fix changes a banner the admin wrote: unsafe, so --fix alone leaves it.
    kept = postlint("--select", "EX001", "--fix", "main.cf", cwd=tmp_path)
    assert kept.returncode == 1, kept.stdout + kept.stderr
    assert (tmp_path / "main.cf").read_text().startswith("smtpd_banner = $myhostname ESMTP\n")
    fixed = postlint("--select", "EX001", "--fix", "--unsafe-fixes", "main.cf", cwd=tmp_path)
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert (tmp_path / "main.cf").read_text().startswith("smtpd_banner = $myhostname ESMTP ACME\n")


def test_ci_page_documents_every_json_key(tmp_path: Path) -> None:
    import json

    page = (REPO / "docs" / "ci.md").read_text()
    section = page[page.index("## JSON and JSON lines") : page.index("## Anything else")]
    documented = re.findall(r"^\| `(\w+)` \|", section, re.M)
    (tmp_path / "main.cf").write_text("alias_maps = hash:/etc/aliases # local aliases\n")
    out = postlint("--output-format", "json", "--select", "PL401", "main.cf", cwd=tmp_path).stdout
    (finding,) = json.loads(out)
    assert documented == list(finding)
    assert set(finding["fix"]) == {"applicability", "message", "edits"}


# `pip install postlint` or `pip install 'postlint[server]'`, but not `postlint @ git+...`.
FROM_AN_INDEX = re.compile(r"pip install ['\"]?postlint(\[\w+\])?(?![\w-]|\s*@)")


def test_docs_never_offer_an_install_from_a_package_index() -> None:
    pages = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
    for page in pages:
        # The commands people copy: fenced blocks (prose may say what does not work).
        code = "".join(
            block
            for _fence, block in re.findall(r"^(`{3,}).*?\n(.*?)^\1", page.read_text(), re.S | re.M)
        )
        assert not FROM_AN_INDEX.search(code), page.name
        assert "v0.1.0" not in code, page.name
