"""A real editor's code-action flow: Neovim asks at the cursor for the whole line's diagnostics
and applies the chosen quick fix itself, on a line with an astral character."""

from __future__ import annotations

from pathlib import Path

from nvim_client import run_neovim

# Ask as `vim.lsp.buf.code_action()` does at the line's start; vim.ui.select is where Neovim
# shows the actions: record them, choose the quick fix whose title starts with
# POSTLINT_NVIM_CHOOSE (Neovim applies its edit), save.
CHOOSE_QUICK_FIX = r"""
  local want = os.getenv("POSTLINT_NVIM_CHOOSE")
  vim.ui.select = function(items, opts, on_choice)
    local f = io.open(out, "w")
    local chosen = nil
    for _, item in ipairs(items) do
      f:write(item[2].title .. "\n")
      if item[2].title:sub(1, #want) == want then chosen = item end
    end
    f:close()
    on_choice(chosen)
    vim.cmd("write")
    vim.cmd("qa!")
  end
  vim.api.nvim_win_set_cursor(0, {tonumber(os.getenv("POSTLINT_NVIM_LINE")), 0})
  vim.lsp.buf.code_action()
"""
HEADER = "compatibility_level = 3.11\nsmtp_tls_security_level = may\n"


def test_neovim_applies_the_quick_fix_of_a_line_diagnostic(tmp_path: Path) -> None:
    main_cf = tmp_path / "main.cf"
    main_cf.write_text(HEADER + "smtpd_banner = $myhostname ESMTP \U0001f4eb # greeting\n")
    out = tmp_path / "actions.txt"
    line = str(HEADER.count("\n") + 1)
    choose = "Move the comment"
    run_neovim(
        tmp_path, CHOOSE_QUICK_FIX, out, POSTLINT_NVIM_LINE=line, POSTLINT_NVIM_CHOOSE=choose
    )
    titles = out.read_text().splitlines() if out.exists() else []
    assert "Move the comment to its own line above (PL401)" in titles, titles
    assert main_cf.read_text() == (
        HEADER + "# greeting\nsmtpd_banner = $myhostname ESMTP \U0001f4eb\n"
    )


def test_neovim_offers_a_list_s_fix_on_a_typo_that_does_not_carry_it(tmp_path: Path) -> None:
    # Past ten typos in one list, PL423 puts the list's fix on the first finding only; the
    # cursor on the last typo's line must still be offered it (Fix.resolves), once.
    typos = "".join(f"    hahs:/etc/postfix/v{i}\n" for i in range(1, 12))
    text = HEADER + "virtual_alias_maps = hahs:/etc/postfix/v0\n" + typos
    main_cf = tmp_path / "main.cf"
    main_cf.write_text(text)
    out = tmp_path / "actions.txt"
    line = str(text.count("\n"))
    choose = "Use the table type 'hash'"
    run_neovim(
        tmp_path, CHOOSE_QUICK_FIX, out, POSTLINT_NVIM_LINE=line, POSTLINT_NVIM_CHOOSE=choose
    )
    titles = out.read_text().splitlines() if out.exists() else []
    assert len([t for t in titles if t.startswith(choose) and t.endswith("(PL423)")]) == 1, titles
    assert main_cf.read_text() == text.replace("hahs:", "hash:")
