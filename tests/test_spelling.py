"""The indexed close-spelling search gives exactly difflib's suggestions."""

from __future__ import annotations

import difflib
import random
from collections.abc import Callable
from pathlib import Path

import pytest
from call_count import calls_made
from hypothesis import given, settings
from hypothesis import strategies as st
from postlint_rules.syntax.pl402_unknown_parameter import suggestions

from postlint.cli import main
from postlint.postfix import ranking
from postlint.postfix.catalogue import builtin_catalogue, stock_services
from postlint.postfix.per_service import ServiceParameters
from postlint.postfix.ranking import common_subsequence, matching_characters, positions
from postlint.postfix.releases import release_table
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
    expected = difflib.get_close_matches(word, sorted(set(names)), n=n, cutoff=cutoff)
    assert index.close(word, n=n, cutoff=cutoff) == expected


@settings(max_examples=500, deadline=None)
@given(st.text("abc_", max_size=24), st.text("abc_", max_size=24))
def test_matching_characters_are_difflibs(a: str, b: str) -> None:
    """The matching blocks difflib finds (ties on a three-letter alphabet included)."""
    blocks = difflib.SequenceMatcher(None, a, b).get_matching_blocks()
    assert matching_characters(a, b) == sum(block.size for block in blocks)


def test_matching_characters_on_parameter_names() -> None:
    names = sorted(builtin_catalogue().names_in(Version.parse("3.11")))
    for word in _sample(names, seed=7):
        for name in random.Random(word).sample(names, 20):
            blocks = difflib.SequenceMatcher(None, name, word).get_matching_blocks()
            assert matching_characters(name, word) == sum(b.size for b in blocks), (name, word)


@settings(max_examples=500, deadline=None)
@given(st.text("abcd_", max_size=20), st.text("abcd_", max_size=20))
def test_common_subsequence_is_the_longest(word: str, name: str) -> None:
    """The bit-parallel count equals the classic table's."""
    table = [[0] * (len(name) + 1) for _ in range(len(word) + 1)]
    for i, x in enumerate(word):
        for j, y in enumerate(name):
            table[i + 1][j + 1] = (
                table[i][j] + 1 if x == y else max(table[i][j + 1], table[i + 1][j])
            )
    assert common_subsequence(len(word), positions(word), name) == table[-1][-1]


def test_words_difflib_treats_with_junk() -> None:
    """From 200 characters on difflib ignores a word's frequent characters (autojunk): the
    search scores such words with difflib itself."""
    names = ["a" * 190 + "bcdefghijk", "a" * 195 + "xyz", "b" * 200, "smtpd_helo_required"]
    index = CloseNames(names)
    for word in ("a" * 199 + "b", "a" * 200 + "bcdefghij", "a" * 196 + "xyz", "b" * 201):
        expected = difflib.get_close_matches(word, names, n=3, cutoff=0.8)
        assert index.close(word) == expected, word


def test_names_of_every_length_up_to_the_longest_indexed() -> None:
    """Fields wider than a byte (names of 128 characters and more) and words whose length
    allows only some of the candidates' lengths: still difflib's answer."""
    rng = random.Random(19)
    names = ["".join(rng.choice("ab_c") for _ in range(length)) for length in range(1, 200, 4)]
    names += [name[:-1] + "x" for name in names[-5:]]
    index = CloseNames(names)
    for word in [*names[::6], *(name[1:] + "b" for name in names[1::8]), "ab" * 70]:
        for cutoff in (0.6, 0.8):
            expected = difflib.get_close_matches(word, sorted(names), n=3, cutoff=cutoff)
            assert index.close(word, cutoff=cutoff) == expected, (word, cutoff)


def test_long_extra_names_are_counted_one_by_one() -> None:
    """A master.cf service name can be as long as a line: its per-service names are
    compared like difflib compares them, without an index of every character."""
    index = CloseNames(["smtpd_helo_required", "relay_destination_rate_delay"])
    service = "relay" * 60
    extra = tuple(f"{service}{suffix}" for suffix in ("_destination_rate_delay", "_time_limit"))
    for word in (f"{service}_destination_rate_dlay", "relay_destination_rate_dlay", service):
        expected = difflib.get_close_matches(
            word, sorted(["smtpd_helo_required", "relay_destination_rate_delay", *extra])
        )
        assert index.close(word, extra=extra) == expected, word


def _service_parameters() -> ServiceParameters:
    release = release_table().release(Version.parse("3.7"))
    programs = [(name, program) for name, _type, program in stock_services()]
    programs += [("relay", "smtp"), ("dovecot", "pipe"), ("slow", "smtp"), ("sl", "smtp")]
    names = set(builtin_catalogue().names_in(Version.parse("3.7")))
    return ServiceParameters(programs, list(release.service_suffixes), names)


def test_suggestions_are_those_of_plain_difflib() -> None:
    """PL402's suggestions for many misspellings, per-service names among the candidates,
    are exactly what `difflib.get_close_matches` over every name gives."""
    version = Version.parse("3.7")
    builtin = frozenset(builtin_catalogue().names_in(version))
    per_service = _service_parameters()
    real = sorted(builtin) + sorted(per_service)
    words = _sample(real, seed=3)
    words += [f"{service}_destination_rate_dlay" for service in ("relay", "slow", "sl")]
    words += [f"site_{kind}_{i}" for kind in ("map", "check") for i in range(30)]
    for word in words:
        extra = tuple(per_service.for_services_prefixing(word))
        close = difflib.get_close_matches(word, sorted(builtin | set(extra)), n=3, cutoff=0.8)
        family = [c for c in close if c.startswith(word.split("_", 1)[0] + "_")]
        assert suggestions(word, builtin, extra) == (family or close), word


def test_for_services_prefixing_names_each_services_parameters() -> None:
    per_service = _service_parameters()
    found = per_service.for_services_prefixing("slow_destination_concurrency_limt")
    # the services `slow` and `sl` both start the name; `smtp` does not
    assert "slow_destination_concurrency_limit" in found
    assert "sl_destination_concurrency_limit" in found
    assert not any(name.startswith("smtp") for name in found)
    assert all(name in per_service for name in found)
    assert per_service.for_services_prefixing("site_option_1") == []


def test_made_up_names_are_never_scored(monkeypatch: pytest.MonkeyPatch) -> None:
    """Names no parameter is close to are ruled out by counting characters: nothing is
    scored, not even with the common-subsequence bound; a typo scores only the few names
    that are close."""
    calls = {"bound": 0, "score": 0}

    def counted(key: str, function: Callable[..., int]) -> Callable[..., int]:
        def count(*args: object) -> int:
            calls[key] += 1
            return function(*args)

        return count

    monkeypatch.setattr(ranking, "common_subsequence", counted("bound", common_subsequence))
    monkeypatch.setattr(ranking, "matching_characters", counted("score", matching_characters))
    names = sorted(builtin_catalogue().names_in(Version.parse("3.11")))
    index = CloseNames(names)
    for i in range(2000):
        assert index.close(f"site_{('check', 'limit', 'map', 'flag')[i % 4]}_{i}") == []
    assert calls == {"bound": 0, "score": 0}
    typos = _sample(names, seed=11)[:50]  # one-character typos of real names
    for word in typos:
        index.close(word)
    assert calls["score"] <= 3 * len(typos), calls


def test_a_few_unknown_names_cost_a_few_thousand_calls() -> None:
    """The usual run has one or two unknown names: their searches neither score every
    candidate one by one nor count each candidate's characters in Python (counted in
    calls, not timed; the first searches made some 95,000 calls when they did)."""
    names = sorted(builtin_catalogue().names_in(Version.parse("3.11")))
    index = CloseNames(names)
    words = ("my_own_setting", "smtpd_helo_requred", "relay_domians")
    calls, found = calls_made(lambda: [index.close(word) for word in words])
    assert found == [difflib.get_close_matches(word, names, cutoff=0.8) for word in words]
    assert calls <= 10_000, calls


def _typos(count: int) -> str:
    """One-character typos of `count` different real parameter names."""
    names = sorted(builtin_catalogue().names_in(Version.parse("3.11")))[:count]
    rng = random.Random(count)
    lines = []
    for name in names:
        word = list(name)
        word[rng.randrange(len(word))] = rng.choice("abcdefghijklmnopqrstuvwxyz")
        lines.append(f"{''.join(word)} = yes\n")
    return "".join(lines)


def _calls(directory: Path, text: str, capsys: pytest.CaptureFixture[str]) -> int:
    directory.mkdir()
    (directory / "main.cf").write_text(text)
    capsys.readouterr()
    args = ["check", "--format", "json", "--select", "PL402", str(directory)]
    calls, _code = calls_made(lambda: main(args))
    assert "PL402" in capsys.readouterr().out
    return calls


def test_suggesting_for_typos_is_linear(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Every line a typo of a real name, so every line is scored: twice the lines cost at
    most 2.6 times the work (counted in calls, not timed)."""
    _calls(tmp_path / "warm-up", _typos(20), capsys)
    small = _calls(tmp_path / "small", _typos(300), capsys)
    large = _calls(tmp_path / "large", _typos(600), capsys)
    assert large <= 2.6 * small, (small, large)
