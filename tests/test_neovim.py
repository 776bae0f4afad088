"""A real editor: headless Neovim configured with `postlint server` shows the diagnostics."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from tools import require_system_tool

INIT_LUA = r"""
local out = os.getenv("POSTLINT_NVIM_OUT")
local cmd = {os.getenv("POSTLINT_PYTHON"), "-m", "postlint", "server"}
-- The file types of docs/editors.md: every name postlint lints, templates too.
vim.g.do_filetype_lua = 1
local names = {}
for _, base in ipairs({ "main", "master" }) do
  for _, ext in ipairs({ "", ".j2", ".jinja", ".jinja2", ".erb", ".tmpl", ".tpl", ".in" }) do
    names[base .. ".cf" .. ext] = "pf" .. base
  end
end
vim.filetype.add({ filename = names })
vim.api.nvim_create_autocmd("FileType", {
  pattern = {"pfmain", "pfmaster"},
  callback = function(args)
    local id = vim.lsp.start_client({name = "postlint", cmd = cmd, root_dir = vim.fn.getcwd()})
    vim.lsp.buf_attach_client(args.buf, id)
  end,
})
local function check()
  local diags = vim.diagnostic.get(0)
  if #diags > 0 then
    local f = io.open(out, "w")
    for _, d in ipairs(diags) do
      local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) or ""
      f:write(string.format("%d:%d:%s:%s\n", d.lnum + 1, d.col + 1, code, d.message))
    end
    f:close()
    vim.cmd("qa!")
  else
    vim.defer_fn(check, 100)
  end
end
vim.defer_fn(check, 100)
vim.defer_fn(function() vim.cmd("qa!") end, 30000)
"""


@pytest.mark.parametrize("name", ["main.cf", "templates/main.cf.j2"])
def test_neovim_receives_postlint_diagnostics(name: str, tmp_path: Path) -> None:
    nvim = require_system_tool("nvim")
    (tmp_path / "init.lua").write_text(INIT_LUA)
    (tmp_path / name).parent.mkdir(exist_ok=True)
    (tmp_path / name).write_text(
        "compatibility_level = 3.11\nsmtp_tls_security_level = may\n"
        "alias_maps = hash:/etc/aliases # local aliases\n"
    )
    out = tmp_path / "diagnostics.txt"
    env = {
        **os.environ,
        "POSTLINT_NVIM_OUT": str(out),
        "POSTLINT_PYTHON": sys.executable,
        "HOME": str(tmp_path),
        "XDG_CONFIG_HOME": str(tmp_path / "xdg"),
    }
    subprocess.run(
        [nvim, "--headless", "-n", "-u", str(tmp_path / "init.lua"), name],
        cwd=tmp_path,
        env=env,
        timeout=60,
        capture_output=True,
    )
    lines = out.read_text().splitlines()
    assert any(line.startswith("3:32:PL401:") and "not a comment" in line for line in lines), lines
