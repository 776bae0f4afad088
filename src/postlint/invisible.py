"""Characters that change how surrounding text looks without being seen themselves: the
Unicode bidi controls (which reorder text, "Trojan Source") and the zero-width and
invisible format characters (which hide or join text). Shown as escapes wherever config
text or a path reaches a terminal, a CI log or an editor; one definition for all of them.
"""

from __future__ import annotations

# A regex character-class body (no brackets): ALM U+061C; ZWSP, ZWNJ, ZWJ, LRM, RLM
# U+200B-U+200F; LINE/PARAGRAPH SEPARATOR and the embeddings and overrides U+2028-U+202E;
# WORD JOINER and the invisible operators U+2060-U+2064; the isolates U+2066-U+2069;
# ZERO WIDTH NO-BREAK SPACE (BOM) U+FEFF. Also UNICODE_SPACES, which look like a space and
# are not one to Postfix: shown as escapes, `myhostname\u00a0` is explained.
# The space separators other than ASCII space (no-break, en/em-width, ideographic: U+00A0,
# U+1680, U+2000-U+200A, U+202F, U+205F, U+3000), also a character-class body.
UNICODE_SPACES = "\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"
INVISIBLE = "\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff" + UNICODE_SPACES
