"""One path from settings to findings: the CLI and the language server read the same config,
load the same local plugins, apply the same profile, and report the same config errors
(issue 17 item 1, and issue 21's config and plugin bullets)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_run import run
from lsprotocol import types
from pytest_lsp import LanguageClient

SITE_PLUGIN = '''
from postlint.api import Rule, Severity, hookimpl


class SiteBanner(Rule):
    """smtpd_banner names the site.

    ## What it does
    Checks that smtpd_banner contains the `tag` option.
    ## Why it matters
    The help desk finds servers by it.
    ## Example
    smtpd_banner = $myhostname
    ## Use instead
    smtpd_banner = $myhostname ACME
    ## Fix safety
    No fix.
    ## References
    - the site handbook
    """

    code = "SITE001"
    name = "site-banner"
    family = "site"
    severity = Severity.WARNING
    options = {"tag": "ACME"}

    def check(self, ctx):
        banner = ctx.effective("smtpd_banner")
        if banner.definition is not None and ctx.option("tag") not in banner.value:
            yield ctx.diagnostic(ctx.main, banner.definition.value_span, "no site tag")


@hookimpl
def postlint_rules():
    return [SiteBanner]
'''
CONFIG = """plugins = ["ci/site.py"]
select = ["SITE", "PL401", "PL611"]
profile = "null-client"

[rules.SITE001]
tag = "EXAMPLE"
"""
MAIN = (
    "smtpd_banner = $myhostname ESMTP ACME\n"
    "alias_maps = hash:/etc/aliases # x\n"
    "inet_interfaces = all\n"
)


def site(directory: Path, config: str = CONFIG) -> Path:
    (directory / "ci").mkdir(exist_ok=True)
    (directory / "ci" / "site.py").write_text(SITE_PLUGIN)
    (directory / "postlint.toml").write_text(config)
    (directory / "main.cf").write_text(MAIN)
    return directory


async def _server_diagnostics(client: LanguageClient, path: Path) -> list[types.Diagnostic]:
    uri = path.as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            types.TextDocumentItem(uri=uri, language_id="postfix", version=1, text=path.read_text())
        )
    )
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    return client.diagnostics[uri]


async def test_the_server_and_the_cli_agree_with_a_local_plugin_select_and_profile(
    client: LanguageClient, tmp_path: Path
) -> None:
    site(tmp_path)
    cli = run(["check", "--output-format", "json", "main.cf"], tmp_path)
    from_cli = {(d["code"], d["location"]["row"]) for d in json.loads(cli.stdout)}
    assert from_cli == {("SITE001", 1), ("PL401", 2), ("PL611", 3)}, cli.stderr
    diagnostics = await _server_diagnostics(client, tmp_path / "main.cf")
    assert {(d.code, d.range.start.line + 1) for d in diagnostics} == from_cli
    assert not client.messages


async def test_a_bad_key_is_reported_by_the_cli_and_the_server(
    client: LanguageClient, tmp_path: Path
) -> None:
    site(tmp_path, CONFIG.replace("select =", "selct ="))
    cli = run(["check", "main.cf"], tmp_path)
    assert cli.returncode == 2
    expected = f"{tmp_path / 'postlint.toml'}: unknown setting(s): selct"
    assert cli.stderr == f"postlint: error: {expected}\n"
    diagnostics = await _server_diagnostics(client, tmp_path / "main.cf")
    assert not diagnostics  # no stale defaults
    assert [m.message for m in client.messages] == [f"postlint: {expected}"]
    assert client.messages[0].type == types.MessageType.Error
    assert any(expected in m.message for m in client.log_messages)


async def test_a_rule_option_of_the_wrong_type_is_reported_by_both(
    client: LanguageClient, tmp_path: Path
) -> None:
    site(tmp_path, 'select = ["PL509"]\n[rules.chroot-without-files]\ncontainer = "yes"\n')
    cli = run(["check", "main.cf"], tmp_path)
    assert cli.returncode == 2
    assert "rules.chroot-without-files.container: expected bool, got 'yes'" in cli.stderr
    assert str(tmp_path / "postlint.toml") in cli.stderr
    await _server_diagnostics(client, tmp_path / "main.cf")
    assert "container: expected bool" in client.messages[0].message


def test_each_config_brings_its_own_local_plugins(tmp_path: Path) -> None:
    """One run over two projects: each file is linted with the plugins its config names."""
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    tag = '[rules.{}]\ntag = "EXAMPLE"\n'
    site(first, 'plugins = ["ci/site.py"]\nselect = ["SITE"]\n' + tag.format("SITE001"))
    site(second, 'plugins = ["ci/site.py"]\nselect = ["OTH"]\n' + tag.format("OTH001"))
    other = SITE_PLUGIN.replace("SITE001", "OTH001").replace("site-banner", "other-banner")
    (second / "ci" / "site.py").write_text(other.replace("no site tag", "other tag missing"))
    result = run(["check", "--output-format", "json", "first", "second"], tmp_path)
    found = {(Path(d["filename"]).parent.name, d["code"]) for d in json.loads(result.stdout)}
    assert found == {("first", "SITE001"), ("second", "OTH001")}, result.stderr


def test_invalid_pyproject_toml_is_an_error_like_postlint_toml(tmp_path: Path) -> None:
    (tmp_path / "main.cf").write_text(MAIN)
    (tmp_path / "pyproject.toml").write_text("[tool.postlint\nselect = 1\n")
    result = run(["check", "main.cf"], tmp_path)
    assert result.returncode == 2
    [line] = result.stderr.splitlines()
    assert line.startswith(f"postlint: error: {tmp_path / 'pyproject.toml'}: invalid TOML")


def test_a_bad_version_in_the_config_names_the_config(tmp_path: Path) -> None:
    # What the admin needs, on one line: where (file and key, or the option), the bad value,
    # and the forms that are accepted. The wording itself belongs to the version parser.
    site(tmp_path, 'postfix-version = "9.9"\n')
    result = run(["check", "main.cf"], tmp_path)
    assert result.returncode == 2
    where = f"postlint: error: {tmp_path / 'postlint.toml'}: postfix-version: "
    assert result.stderr.startswith(where)
    assert "--postfix-version" not in result.stderr
    option = run(["check", "--postfix-version", "9.9", "main.cf"], tmp_path)
    assert option.returncode == 2
    assert option.stderr.startswith("postlint: error: --postfix-version: ")
    for stderr in (result.stderr, option.stderr):
        assert stderr.count("\n") == 1 and stderr.endswith("\n")
        assert "'9.9'" in stderr
        assert all(form in stderr for form in ("X.Y (", "X.Y.Z", "3.11", "distribution"))
    assert result.stderr.removeprefix(where) == option.stderr.removeprefix(
        "postlint: error: --postfix-version: "
    )


@pytest.mark.parametrize(
    ("config", "key"),
    [
        ('select = ["PLZZZ"]\n', "select"),
        ('ignore = ["PLZZZ"]\n', "ignore"),
        ('[per-file-ignores]\n"legacy/*" = ["PLZZZ"]\n', 'per-file-ignores."legacy/*"'),
    ],
)
def test_an_unknown_code_names_the_file_and_the_key(tmp_path: Path, config: str, key: str) -> None:
    site(tmp_path, config)
    result = run(["check", "main.cf"], tmp_path)
    assert result.returncode == 2
    assert result.stderr == (
        f"postlint: error: {tmp_path / 'postlint.toml'}: {key}: "
        "unknown rule code, prefix or name: PLZZZ\n"
    )


def test_rules_and_rule_see_local_plugins(tmp_path: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    site(project)
    listed = run(["rules", "--output-format", "json"], project)
    record = next(r for r in json.loads(listed.stdout) if r["code"] == "SITE001")
    assert record["plugin"] == "local:ci/site.py"
    shown = run(["rule", "site-banner"], project)
    assert shown.returncode == 0 and shown.stdout.startswith("# SITE001 site-banner")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    assert run(["rule", "SITE001"], elsewhere).returncode == 2
    config = str(project / "postlint.toml")
    assert run(["rule", "SITE001", "--config", config], elsewhere).returncode == 0
    refused = run(["rule", "SITE001", "--no-local-plugins"], project)
    assert refused.returncode == 2 and "not loading local plugins" in refused.stderr


def test_version_lists_the_local_plugins_a_config_here_would_load(tmp_path: Path) -> None:
    site(tmp_path)
    result = run(["--version"], tmp_path)
    assert f"local plugin ci/site.py (from {tmp_path / 'postlint.toml'})" in result.stdout
    assert "postlint:builtin" in result.stdout


def test_stdin_master_cf_template_pairs_with_main_cf_template(tmp_path: Path) -> None:
    """As in file mode: master.cf.j2 is linted with main.cf.j2, not with main.cf."""
    (tmp_path / "main.cf").write_text("smtpd_tls_security_level = may\n")
    (tmp_path / "main.cf.j2").write_text(
        "smtpd_tls_security_level = may\nsmtpd_tls_chain_files = /etc/ssl/{{ host }}.pem\n"
    )
    master = "submission inet n - y - - smtpd\n  -o smtpd_tls_security_level=encrypt\n"
    (tmp_path / "master.cf.j2").write_text(master)
    files = run(["check", "--select", "PL105", "master.cf.j2"], tmp_path)
    stdin = run(
        ["check", "--select", "PL105", "--stdin-filename", "master.cf.j2", "-"],
        tmp_path,
        stdin=master,
    )
    assert files.returncode == 0, files.stdout
    assert stdin.returncode == 0, stdin.stdout
    # Paired with the plain main.cf (no certificate), PL105 is right: the pairing decides.
    plain = run(
        ["check", "--select", "PL105", "--stdin-filename", "master.cf", "-"], tmp_path, master
    )
    assert plain.returncode == 1 and "PL105" in plain.stdout
