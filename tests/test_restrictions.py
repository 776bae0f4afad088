"""The restriction vocabulary (generated from smtpd_check.c) and the list reader built on it."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

from postlint.postfix.restrictions import known_restrictions, walk_restrictions
from postlint.syntax.ast import Span

REPO = Path(__file__).resolve().parent.parent


def test_vocabulary_has_the_argument_kinds_smtpd_reads() -> None:
    known = known_restrictions()
    assert known["check_client_access"] == "table"
    assert known["check_sender_access"] == "table"
    assert known["reject_rbl_client"] == "domain"
    assert known["check_policy_service"] == "endpoint"
    assert known["sleep"] == "seconds"
    assert known["permit_mynetworks"] is None
    # Built-in class and pseudo-restriction.
    assert "reject_sender_login_mismatch" in known and "warn_if_reject" in known
    # Access-map results are not restrictions.
    assert not {"ok", "dunno", "hold", "discard"} & set(known)


def _kinds(text: str, classes: frozenset[str] = frozenset()) -> list[tuple[str, str]]:
    words = [(w, Span(0, 0)) for w in text.split()]
    return [(s.word, s.kind) for s in walk_restrictions(words, set(classes))]


def test_arguments_are_consumed_and_names_are_case_blind() -> None:
    assert _kinds("REJECT_RBL_CLIENT zen.example hash:/x mine $x", frozenset({"mine"})) == [
        ("REJECT_RBL_CLIENT", "restriction"),
        ("hash:/x", "table"),
        ("mine", "class"),
        ("$x", "opaque"),
    ]


def test_missing_and_malformed_arguments_are_explained() -> None:
    words = [(w, Span(0, 0)) for w in ["check_helo_access", "permit", "sleep"]]
    steps = list(walk_restrictions(words, set()))
    assert [s.word for s in steps] == ["check_helo_access", "sleep"]
    assert steps[0].problem is not None and "lookup table" in steps[0].problem
    assert steps[1].problem is not None and "seconds" in steps[1].problem


def test_data_file_is_what_the_generator_writes() -> None:
    # Regenerating needs a Postfix source tree (smtpd_check.c), which the repository does not
    # hold; what can be checked without it: the file is in the generator's own form and the
    # argument table the generator forces onto the rows matches the rows.
    spec = importlib.util.spec_from_file_location("gen", REPO / "scripts/generate_restrictions.py")
    assert spec is not None and spec.loader is not None
    generator = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generator)
    text = (REPO / "src/postlint/postfix/data/restrictions.json").read_text()
    rows = json.loads(text)
    assert text == json.dumps(sorted(rows, key=lambda r: r["name"]), indent=1) + "\n"
    forced = {r["name"]: r["argument"] for r in rows if r["argument"] not in (None, "table")}
    assert forced == generator.ARGUMENTS
