"""$name expansion does bounded work: each name once per expansion, a size budget, and
errors kept as plain data (issue 14 items 4 and 5)."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from postlint.postfix.expansion import (
    MAX_EXPANSION,
    MAX_NESTING,
    MAX_TOTAL_EXPANSION,
    Expander,
    ExpansionError,
)


def _doubling(levels: int) -> dict[str, str]:
    """x0 = $x1 $x1, x1 = $x2 $x2, ... : the text doubles at each level."""
    values = {f"x{i}": f"$x{i + 1} $x{i + 1}" for i in range(levels)}
    values[f"x{levels}"] = "z"
    return values


class _Counting:
    def __init__(self, values: dict[str, str]):
        self.values = values
        self.lookups = 0

    def __call__(self, name: str) -> str | None:
        self.lookups += 1
        return self.values.get(name)


def test_each_name_is_expanded_once_per_expansion() -> None:
    lookup = _Counting(_doubling(12))
    result = Expander(lookup).expand("$x0")
    assert result == " ".join(["z"] * 2**12)
    # Two references per level, each looked up once: linear, not 2**12.
    assert lookup.lookups <= 2 * 13


def test_exponential_value_stops_at_the_size_budget() -> None:
    lookup = _Counting(_doubling(30))
    with pytest.raises(ExpansionError, match="unreasonable macro expansion size"):
        Expander(lookup).expand("$x0")
    assert lookup.lookups <= 2 * 31


def _chain(prefix: str, length: int, end: str = "end") -> dict[str, str]:
    """prefix0 = $prefix1, ... : expanding prefix0 needs `length` levels of nesting."""
    values = {f"{prefix}{i}": f"${prefix}{i + 1}" for i in range(length - 1)}
    values[f"{prefix}{length - 1}"] = end
    return values


@pytest.mark.parametrize(("deep", "fails"), [(MAX_NESTING - 51, False), (MAX_NESTING - 50, True)])
def test_a_memoised_name_still_obeys_the_nesting_limit(deep: int, fails: bool) -> None:
    # q is expanded first at level 0, then reused at the end of a 50-level chain: it must
    # fail there exactly when expanding it again at that depth would (v -> p0 .. p49 -> q0
    # -> ... -> q{deep-1} reaches level 101 when deep is 50).
    values = {**_chain("q", deep), **_chain("p", 50, "$q0"), "v": "$q0 $p0"}
    expander = Expander(values.get)
    if fails:
        with pytest.raises(ExpansionError, match="unreasonable macro call nesting"):
            expander.expand("$v")
    else:
        assert expander.expand("$v") == "end end"


def _random_config(seed: int) -> dict[str, str]:
    """Names that mostly refer a few names further on (long chains, some loops), with
    conditionals and the odd syntax error."""
    rng = random.Random(seed)
    count = rng.randint(2, 300)
    values = {}
    for i in range(count):
        words = []
        for _ in range(rng.randint(0, 3)):
            ref = f"n{i + rng.randint(1, 3) if rng.random() < 0.8 else rng.randint(0, count)}"
            kind = rng.random()
            if kind < 0.6:
                words.append(f"${ref}")
            elif kind < 0.8:
                words.append(f"${{{ref}?{{x${ref}}}:{{y}}}}")
            else:
                words.append(f"${{{ref}:z}}")
        if rng.random() < 0.05:
            words.append("5$")
        values[f"n{i}"] = " ".join(words) or "literal"
    return values


@pytest.mark.parametrize("seed", range(40))
def test_shortcuts_learned_from_failures_never_change_an_outcome(seed: int) -> None:
    values = _random_config(seed)
    shared: dict[str, tuple[str, int]] = {}
    for name in random.Random(seed).sample(sorted(values), len(values)):
        fresh = Expander(values.get)
        remembering = Expander(values.get, shortcuts=shared)
        try:
            expected: str | None = fresh.expand(values[name])
        except ExpansionError:
            expected = None
        try:
            assert remembering.expand(values[name]) == expected
        except ExpansionError:
            assert expected is None


def _run(args: list[str], cwd: Path) -> tuple[int, str, str, float]:
    """Exit code, stdout, stderr and peak memory (MB) of one postlint run in its own process."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        process = subprocess.Popen(
            [sys.executable, "-m", "postlint", *args], cwd=cwd, stdout=out, stderr=err, text=True
        )
        _pid, status, usage = os.wait4(process.pid, 0)
        out.seek(0)
        err.seek(0)
        return os.waitstatus_to_exitcode(status), out.read(), err.read(), usage.ru_maxrss / 1024


def test_doubling_chain_in_a_small_file_gives_one_clear_finding(tmp_path: Path) -> None:
    lines = [f"x{i} = $x{i + 1} $x{i + 1}\n" for i in range(30)]
    (tmp_path / "main.cf").write_text("".join(lines) + "myhostname = $x0\n")
    assert (tmp_path / "main.cf").stat().st_size < 600
    code, out, err, _memory = _run(["main.cf", "--output-format", "json"], tmp_path)
    assert code == 1 and "Traceback" not in err
    findings = [d for d in json.loads(out) if d["code"] == "PL409"]
    sizes = [d for d in findings if "expansion size" in d["message"]]
    assert sizes and str(MAX_EXPANSION) in sizes[0]["message"]
    assert any(d["location"]["row"] == 31 for d in sizes)  # myhostname = $x0


def test_many_values_each_under_the_size_limit_share_one_budget(tmp_path: Path) -> None:
    # $x1 expands to about a megabyte: under the per-value limit, but 2,000 values that
    # use it kept 2 GB of expanded text before the whole configuration had a budget.
    lines = [f"x{i} = $x{i + 1} $x{i + 1}\n" for i in range(21)]
    lines += [f"y{n} = $x1 {n}\n" for n in range(2000)]
    (tmp_path / "main.cf").write_text("".join(lines))
    code, out, err, memory = _run(
        ["main.cf", "--select", "PL409", "--output-format", "concise"], tmp_path
    )
    assert code == 1 and "Traceback" not in err
    assert f"over {MAX_TOTAL_EXPANSION} characters in all" in out
    assert memory < 250, f"{memory:.0f} MB"


def test_hundred_thousand_line_reference_chain_in_bounded_memory(tmp_path: Path) -> None:
    # Every value fails with "unreasonable macro call nesting"; each cached failure used
    # to keep its exception and with it a traceback of ~300 frames (2.3 GB at 30,000 lines).
    lines = 100_000
    (tmp_path / "main.cf").write_text("".join(f"c{i} = $c{i + 1}\n" for i in range(lines)))
    code, out, err, memory = _run(
        ["main.cf", "--select", "PL409", "--output-format", "concise"], tmp_path
    )
    assert code == 1 and "Traceback" not in err
    assert out.count("unreasonable macro call nesting") == lines - MAX_NESTING - 1
    assert memory < 250, f"{memory:.0f} MB"


def test_hundred_thousand_line_chain_with_every_default_rule_in_bounded_memory(
    tmp_path: Path,
) -> None:
    # The chain of issue 14 item 5 (c1 = $c0+1, ...) with every default rule and json:
    # each value failing with the same message used to keep its own copy (253 MB).
    lines = 100_000
    chain = "".join(f"c{i} = $c{i - 1}+1\n" for i in range(1, lines))
    (tmp_path / "main.cf").write_text("c0 = start\n" + chain)
    (tmp_path / "master.cf").write_text("")
    code, out, err, memory = _run([str(tmp_path), "--output-format", "json"], tmp_path)
    assert code == 1 and "Traceback" not in err
    nesting = [d for d in json.loads(out) if "unreasonable macro call nesting" in d["message"]]
    assert len(nesting) == lines - MAX_NESTING - 1
    assert memory < 250, f"{memory:.0f} MB"
