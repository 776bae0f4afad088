"""Config templates (Jinja, ERB, Template Toolkit): placeholders become opaque text.

Control tags that fill whole lines (`{% if %}`, `<% end %>`, `{# note #}`, `[% IF x %]`)
become comment lines; any other placeholder (`{{ x }}`, `<%= @x %>`, `[% x %]`, or a tag
inside a line) becomes one opaque token of the same length. Lengths never change, so every
position still points into the template.

A file whose name says nothing (plain `main.cf`) is sniffed: markers that are never valid
Postfix syntax (`{{ name }}`, `{% %}`, `<% %>`, `[% %]`) make it a template.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from pathlib import PurePath

from postlint.records import FrozenRecord
from postlint.syntax.ast import Span

OPAQUE = "\ue000"  # a private-use character: never whitespace, '=', '#', '$' or a brace

# The patterns are compiled where they are used (re keeps them compiled): a plain config,
# the usual file, needs none of them, and compiling them all was ~1 ms of every start.
_JINJA = r"(?s)\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}"
_ERB = r"(?s)<%.*?%>"
_TT = r"(?s)\[%.*?%\]"
_CONTROL = (
    r"^(\{%|\{#|<%(?!=)|\[%-?\s*(IF|ELSIF|ELSE|END|UNLESS|FOREACH|WHILE|SWITCH|CASE|BLOCK|#)\b)"
)
# Every marker pattern starts with the literal it cannot do without, and any lookbehind
# comes after that literal: the regex engine then jumps from one occurrence of the literal
# to the next instead of trying every position (on a 5 MB main.cf, ~1 ms instead of ~300).
#
# Installers that fill in a copied main.cf/master.cf: iRedMail (PH_NAME), Modoboa (%{name},
# %name), kickstart-style {=name}, ispCP/i-MSCP ({MTA_NAME}). Postfix never writes these.
# Each with the substring it cannot do without (sniffing looks for that first).
_INSTALLER_MARKERS = (
    ("PH_", r"PH_(?<!\wPH_)[A-Z0-9_]+\b"),  # PH_ not inside a longer word
    ("%", r"%\{[A-Za-z_]\w*\}|%[a-z_]+\b(?=\s*$)"),
    ("{=", r"\{=[A-Za-z_][\w.]*\}"),
    ("{", r"\{(?<![?:$\w{]\{)[A-Z][A-Z0-9]*_[A-Z0-9_]+\}"),  # not ${name} nor a {{
)
_INSTALLER = "(?m)" + "|".join(pattern for _needle, pattern in _INSTALLER_MARKERS)
# What only a template contains: a Jinja variable (not Postfix's ${{$a} == {b}}), a Jinja
# block or comment, an ERB tag, a Template Toolkit tag.
_TEMPLATE_MARKERS = (
    ("{{", r"\{\{(?<!\$\{\{)\s*[A-Za-z_][^{}\n]*\}\}"),
    ("{%", r"\{%.*?%\}"),
    ("{#", r"\{#.*?#\}"),
    ("<%", r"<%.*?%>"),
    ("[%", r"\[%.*?%\]"),
)
FLAVOURS = ("jinja", "erb", "tt")
SUFFIXES = {
    ".j2": "jinja",
    ".jinja": "jinja",
    ".jinja2": "jinja",
    ".erb": "erb",
    ".tmpl": "auto",
    ".tpl": "auto",
    ".in": "auto",
}


class Masked(FrozenRecord):
    __slots__ = ("text", "placeholders")  # noqa: RUF023 (__init__'s order)
    text: str
    placeholders: tuple[Span, ...]

    def __init__(self, text: str, placeholders: tuple[Span, ...]) -> None:
        self._set("text", text)
        self._set("placeholders", placeholders)


def flavour_for_path(path: str) -> str | None:
    """The template language a file name suggests (None: not a template)."""
    return SUFFIXES.get(PurePath(path).suffix)


# Sniffing runs on every plain-named file, so each marker is looked for only when the
# characters it needs are there: a large plain main.cf costs a few memchr scans.
_SNIFFERS = tuple(
    (needle, "(?m)" + pattern) for needle, pattern in (*_TEMPLATE_MARKERS, *_INSTALLER_MARKERS)
)


def sniff(text: str) -> str | None:
    """'auto' when the text holds template or installer markers, else None (plain Postfix)."""
    # A one-character search is a memchr, far faster than a longer needle (or a regex); most
    # markers need a character plain configs rarely have ('{', '%'), so ask about those first.
    # A pattern starts with its needle, so its search is the needle search.
    present: dict[str, bool] = {}
    for needle, pattern in _SNIFFERS:
        for char in needle:
            if char not in present:
                present[char] = char in text
            if not present[char]:
                break
        else:
            if re.search(pattern, text):
                return "auto"
    return None


def _patterns(flavour: str) -> list[str]:
    if flavour == "jinja":
        return [_JINJA]
    if flavour == "erb":
        return [_ERB]
    if flavour == "tt":
        return [_TT]
    return [_JINJA, _ERB, _TT, _INSTALLER]


def mask(text: str, flavour: str) -> Masked:
    """Replace placeholders; `flavour` is jinja, erb, tt or auto (all of them)."""
    spans: list[tuple[int, int]] = []
    for pattern in _patterns(flavour):
        spans.extend((m.start(), m.end()) for m in re.finditer(pattern, text))
    spans = _disjoint(sorted(spans))
    out = list(text)
    is_control = re.compile(_CONTROL).match
    for start, end in spans:
        whole_lines = _fills_lines(text, start, end)
        control = is_control(text[start:end]) is not None
        for i in range(start, end):
            if out[i] != "\n":
                out[i] = " " if (whole_lines and control) else OPAQUE
        if whole_lines and control:
            _commentify(out, text, start, end)
    return Masked("".join(out), tuple(Span(s, e) for s, e in spans))


def _disjoint(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    kept: list[tuple[int, int]] = []
    for start, end in spans:
        if kept and start < kept[-1][1]:
            continue
        kept.append((start, end))
    return kept


def _fills_lines(text: str, start: int, end: int) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    return not text[line_start:start].strip() and not text[end:line_end].strip()


def _commentify(out: list[str], text: str, start: int, end: int) -> None:
    """Put a '#' at the start of each line the control tag covers."""
    position = text.rfind("\n", 0, start) + 1
    while position < end:
        line_end = text.find("\n", position)
        line_end = len(text) if line_end < 0 else line_end
        first = position
        while first < line_end and text[first] in " \t":
            first += 1
        if first < line_end:
            out[first] = "#"
        position = line_end + 1


def touches(span: Span, placeholders: tuple[Span, ...]) -> bool:
    """Whether a range overlaps (or, if empty, sits inside) a placeholder."""
    for p in placeholders:
        if span.start == span.end:
            if p.start < span.start < p.end:
                return True
        elif span.start < p.end and p.start < span.end:
            return True
    return False


# The word a control tag starts with, once its delimiters (and Jinja's/ERB's `-` trim
# marks) are gone: whether it opens a block, starts another branch of one, or ends one.
_TAG_WORD = r"(?:\{\{|\{%|<%|\[%)[-+~]?\s*(\w+)"
_OPENS = frozenset(
    {"if", "unless", "for", "foreach", "while", "until", "with", "range", "block", "define"}
    | {"case", "switch", "macro", "filter", "call"}
)
_BRANCHES = frozenset({"else", "elif", "elsif", "when"})
_ERB_DO = r"\bdo\s*(\|[^|]*\|)?\s*-?%>$"  # <% list.each do |x| %> opens a block


def _control_step(tag: str) -> str | None:
    """'open', 'branch' or 'end' for a template control tag, None for anything else."""
    match = re.match(_TAG_WORD, tag)
    word = match.group(1).lower() if match else ""
    if word.startswith("end"):
        return "end"
    if word in _BRANCHES or (word == "case" and tag.startswith("[%")):  # TT: CASE of SWITCH
        return "branch"
    if word in _OPENS or (tag.startswith("<%") and re.search(_ERB_DO, tag)):
        return "open"
    return None


def other_branches(text: str, placeholders: tuple[Span, ...], first: int, second: int) -> bool:
    """Whether offsets `first` < `second` lie in different branches of one template block
    (`{% if %}` ... `{% else %}`), so that no rendering of the template holds both."""
    depth = low = 0  # block depth relative to `first`; `low`: the block enclosing it
    switched = False  # a later branch of that block has started
    for span in placeholders[bisect_left(placeholders, first, key=lambda s: s.start) :]:
        if span.start >= second:
            break
        step = _control_step(text[span.start : span.end])
        if step == "open":
            depth += 1
        elif step == "branch" and depth == low:
            switched = True
        elif step == "end":
            if depth == low:  # the block around `first` ends: look at the one around it
                low -= 1
                switched = False
            depth -= 1
    return switched
