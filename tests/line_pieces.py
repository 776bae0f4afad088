"""Hypothesis strategy shared by the parser tests: text made of line-shaped pieces."""

from __future__ import annotations

from hypothesis import strategies as st

# Whole lines of each kind, fragments without LF, odd whitespace, and a master.cf line.
PIECES = (
    "a = b\n", "  c\n", "\n", "\n\n", "# x\n", "  # y\n", "   \n", "\t\n", "x", " ", "#",
    "\r", "\x0b", "b=\n", "  d", "  e\n", "=\n", "z = $y\n", "smtpd_use_tls = yes\n",
    "  -o x=y\n",
)  # fmt: skip


def texts(max_pieces: int) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(PIECES), max_size=max_pieces).map("".join)
