"""Every warning and fatal error postconf 3.7 prints about a corpus config has a postlint
diagnostic at the same file and line."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import corpus_dirs
from parity import coverage

# `postconf -c DIR` records DIR as config_directory before reading main.cf, so a main.cf
# that sets config_directory to anything else draws "overriding earlier entry". That is an
# artifact of -c: postlint lints files away from their deployed path and does not copy it.
KNOWN_ARTIFACT = "overriding earlier entry: config_directory="


@pytest.mark.parametrize("directory", corpus_dirs(), ids=lambda p: p.name)
def test_postconf_findings_have_postlint_diagnostics(directory: Path) -> None:
    _total, missed, _skipped = coverage(directory)
    unexplained = [m for m in missed if KNOWN_ARTIFACT not in m.text]
    assert not unexplained, [(m.kind.value, sorted(m.lines), m.text) for m in unexplained]


def test_parity_rate_over_the_corpus() -> None:
    total = missed_count = artifacts = 0
    for directory in corpus_dirs():
        n, missed, _ = coverage(directory)
        total += n
        missed_count += len(missed)
        artifacts += sum(1 for m in missed if KNOWN_ARTIFACT in m.text)
    assert total > 200  # the corpus really exercises postconf's checks
    assert missed_count == artifacts == 3
