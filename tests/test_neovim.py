"""A real editor: headless Neovim configured with `postlint server` shows the diagnostics."""

from __future__ import annotations

from pathlib import Path

import pytest
from nvim_client import run_neovim

WRITE_DIAGNOSTICS = r"""
  local f = io.open(out, "w")
  for _, d in ipairs(diags) do
    local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) or ""
    f:write(string.format("%d:%d:%s:%s\n", d.lnum + 1, d.col + 1, code, d.message))
  end
  f:close()
  vim.cmd("qa!")
"""


@pytest.mark.parametrize("name", ["main.cf", "templates/main.cf.j2"])
def test_neovim_receives_postlint_diagnostics(name: str, tmp_path: Path) -> None:
    (tmp_path / name).parent.mkdir(exist_ok=True)
    (tmp_path / name).write_text(
        "compatibility_level = 3.11\nsmtp_tls_security_level = may\n"
        "alias_maps = hash:/etc/aliases # local aliases\n"
    )
    out = tmp_path / "diagnostics.txt"
    run_neovim(tmp_path, WRITE_DIAGNOSTICS, out, name=name)
    lines = out.read_text().splitlines()
    assert any(line.startswith("3:32:PL401:") and "not a comment" in line for line in lines), lines
