"""The indexed close-spelling search gives exactly difflib's suggestions."""

from __future__ import annotations

import difflib
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from postlint.postfix.catalogue import builtin_catalogue
from postlint.postfix.spelling import CloseNames
from postlint.postfix.versions import Version

ALPHABET = "abcdefghijklmnopqrstuvwxyz_0123456789"


def _sample(names: list[str], seed: int) -> list[str]:
    """Typos of real names (the suggestions users see), made-up names, edge cases."""
    rng = random.Random(seed)
    words = []
    for _ in range(50):
        word = list(rng.choice(names))
        at = rng.randrange(len(word))
        edit = rng.randrange(4)
        if edit == 0:
            word[at] = rng.choice(ALPHABET)
        elif edit == 1:
            del word[at]
        elif edit == 2:
            word.insert(at, rng.choice(ALPHABET))
        else:
            word[at], word[-1] = word[-1], word[at]
        words.append("".join(word))
    words += ["".join(rng.choice(ALPHABET) for _ in range(rng.randrange(1, 45))) for _ in range(20)]
    words += [f"{rng.choice(names)}_{rng.randrange(100)}" for _ in range(10)]
    return [*words, "", "s", "x" * 120, "smtpd_helo_requred", "smtpd_", *names[:10]]


@pytest.mark.parametrize(("version", "cutoff"), [("3.11", 0.8), ("2.3", 0.6)])
def test_same_suggestions_as_difflib(version: str, cutoff: float) -> None:
    names = sorted(builtin_catalogue().names_in(Version.parse(version)))
    index = CloseNames(names)
    for word in _sample(names, seed=len(names)):
        expected = difflib.get_close_matches(word, names, n=3, cutoff=cutoff)
        assert index.close(word, n=3, cutoff=cutoff) == expected, word


def test_extra_names_take_part() -> None:
    index = CloseNames(["smtpd_helo_required", "smtp_helo_name"])
    extra = ("relay_destination_rate_delay",)
    word = "relay_destination_rate_dlay"
    assert index.close(word, extra=extra) == difflib.get_close_matches(
        word, sorted(["smtpd_helo_required", "smtp_helo_name", *extra]), n=3, cutoff=0.8
    )


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.text("abcde_", min_size=1, max_size=8), min_size=1, max_size=30),
    st.text("abcde_", max_size=8),
    st.integers(min_value=1, max_value=4),
    st.sampled_from([0.0, 0.3, 0.5, 0.6, 0.8]),
)
def test_same_answer_as_difflib_on_small_alphabets(
    names: list[str], word: str, n: int, cutoff: float
) -> None:
    """Few letters make many equal scores: ties must break as difflib breaks them."""
    index = CloseNames(names)
    index.PLAIN_SEARCHES = 0  # the indexed search, not the first plain ones
    expected = difflib.get_close_matches(word, sorted(set(names)), n=n, cutoff=cutoff)
    assert index.close(word, n=n, cutoff=cutoff) == expected
