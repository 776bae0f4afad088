"""Tests for the example plugin, written with postlint.testing."""

from postlint.testing import run


def test_written_banner_without_tag_is_reported_and_fixed_only_as_unsafe() -> None:
    main = "smtpd_banner = $myhostname ESMTP\n"
    result = run(["EX001"], main=main)
    assert result.findings == ["main.cf:1:16: EX001 smtpd_banner does not mention EXAMPLE; add it"]
    assert result.fixed == {}  # a value the admin wrote: not a safe fix
    unsafe = run(["EX001"], main=main, unsafe_fixes=True)
    assert unsafe.fixed == {"main.cf": "smtpd_banner = $myhostname ESMTP EXAMPLE\n"}


def test_unset_banner_gets_the_tag_as_a_safe_fix() -> None:
    result = run(["EX001"], main="myhostname = mx.example.com\n")
    assert result.findings == ["main.cf:1:1: EX001 smtpd_banner does not mention EXAMPLE"]
    added = "smtpd_banner = $myhostname ESMTP $mail_name EXAMPLE\n"
    assert result.fixed == {"main.cf": "myhostname = mx.example.com\n" + added}


def test_banner_with_tag_is_clean() -> None:
    assert run(["EX001"], main="smtpd_banner = $myhostname EXAMPLE\n").findings == []


def test_site_parameter_is_known() -> None:
    assert run(["PL402"], main="example_policy_socket = inet:127.0.0.1:9999\n").findings == []
