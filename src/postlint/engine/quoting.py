"""Config text that a rule quotes in a message, shortened when it is long.

A value can be megabytes long (a generated hostname, a pasted table); quoted whole it
buries the finding and floods a terminal or an editor's hover. Both ends are kept, since
the start says what the value is and the end is often where it goes wrong.
"""

from __future__ import annotations

QUOTE_LIMIT = 120  # characters; a cipher list or a restriction list mostly fits


def shorten(text: str, limit: int = QUOTE_LIMIT) -> str:
    """`text` as written when it has at most `limit` characters, else its two ends with
    how much was cut between them: `aaaa[... 1,999,880 characters cut ...]a.example`."""
    if len(text) <= limit:
        return text
    keep = max(limit // 2 - 15, 1)  # each end; the marker takes about 30 characters
    cut = len(text) - 2 * keep
    short = f"{text[:keep]}[... {cut:,} characters cut ...]{text[-keep:]}"
    return short if len(short) < len(text) else text
