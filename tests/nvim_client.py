"""Headless Neovim as the LSP client: it starts `postlint server` for main.cf and master.cf and,
once diagnostics arrive, runs a test's Lua snippet (which writes what it saw to $POSTLINT_NVIM_OUT
and quits)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tools import require_system_tool

_INIT_LUA = r"""
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
local function on_diagnostics(diags)
%s
end
local function check()
  local diags = vim.diagnostic.get(0)
  if #diags > 0 then
    on_diagnostics(diags)
  else
    vim.defer_fn(check, 100)
  end
end
vim.defer_fn(check, 100)
vim.defer_fn(function() vim.cmd("qa!") end, 30000)
"""


def run_neovim(
    tmp_path: Path, on_diagnostics: str, out: Path, name: str = "main.cf", **env: str
) -> None:
    """Open tmp_path/NAME in headless Neovim; on_diagnostics is Lua that sees `diags`, `out`."""
    nvim = require_system_tool("nvim")
    (tmp_path / "init.lua").write_text(_INIT_LUA % on_diagnostics)
    subprocess.run(
        [nvim, "--headless", "-n", "-u", str(tmp_path / "init.lua"), name],
        cwd=tmp_path,
        env={
            **os.environ,
            "POSTLINT_NVIM_OUT": str(out),
            "POSTLINT_PYTHON": sys.executable,
            "HOME": str(tmp_path),
            "XDG_CONFIG_HOME": str(tmp_path / "xdg"),
            **env,
        },
        timeout=60,
        capture_output=True,
    )
