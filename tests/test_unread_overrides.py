"""PL202's -o that no program of the service reads, on the real-world corpus: each finding was
reviewed against Postfix's sources (the list below says why each is right), so a new one, or
one gone, is looked at again rather than shipped as a false finding."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import CORPUS, run_postlint

# (corpus directory, line, name): the -o has no effect where it is written.
REVIEWED = {
    # smtpd runs smtpd_milters itself; cleanup runs non_smtpd_milters for other mail.
    ("005-mailcow", 61, "non_smtpd_milters"),
    ("005-mailcow", 70, "non_smtpd_milters"),
    ("005-mailcow", 128, "non_smtpd_milters"),
    # smtpd decides the rewriting context it passes on; the smtp client reads nothing of it.
    ("008-iredmail", 29, "local_header_rewrite_clients"),
    # The queue manager reads per-transport limits from main.cf, not the transport's -o.
    *(
        ("009-mailu", line, f"{transport}_{suffix}")
        for transport, first in (("polite", 21), ("turtle", 29))
        for line, suffix in zip(
            range(first, first + 4),
            (
                "destination_concurrency_limit",
                "destination_rate_delay",
                "destination_recipient_limit",
                "destination_concurrency_failed_cohort_limit",
            ),
            strict=True,
        )
    ),
    # Run as lmtp, the client reads lmtp_dns_support_level.
    ("019-proxmox-pmg", 79, "smtp_dns_support_level"),
    # The smtpd entry above these -o lines is commented out: they belong to `local`.
    *(
        ("028-kiowa-cyrus-2010", line, name)
        for line, name in (
            (106, "content_filter"),
            (108, "local_recipient_maps"),
            (109, "relay_recipient_maps"),
            (110, "mynetworks"),
            (111, "mynetworks_style"),
            (112, "smtpd_restriction_classes"),
            (113, "smtpd_client_restrictions"),
            (114, "smtpd_helo_restrictions"),
            (115, "smtpd_sender_restrictions"),
            (116, "smtpd_recipient_restrictions"),
        )
    ),
    # spawn runs a command; smtp_* options are the smtp client's.
    ("030-zimbra", 164, "smtp_send_xforward_command"),
}


def test_unread_overrides_on_the_corpus_are_the_reviewed_ones() -> None:
    found = run_postlint(
        "check",
        "--isolated",
        "--select",
        "PL202",
        "--output-format",
        "json",
        str(CORPUS),
        cwd=CORPUS,
    )
    assert found.returncode in (0, 1), found.stderr
    unread = {
        (d["filename"].split("/")[-2], d["location"]["row"], d["message"].split(" ", 1)[0])
        for d in json.loads(found.stdout)
        if ", not by " in d["message"]
    }
    assert unread == REVIEWED


def test_an_o_an_older_release_reads_is_not_called_unread(tmp_path: Path) -> None:
    # smtpd read smtpd_tls_session_cache_timeout itself up to 2.10 (tlsmgr only, later), and
    # tls_eecdh_strong_curve up to 3.5: the facts of the newest release alone would tell a
    # 2.10 admin to delete an -o that works there.
    (tmp_path / "main.cf").write_text("myhostname = mx.example.com\n")
    (tmp_path / "master.cf").write_text(
        "submission inet n - y - - smtpd\n"
        "  -o smtpd_tls_session_cache_timeout=3600s\n"
        "  -o tls_eecdh_strong_curve=prime256v1\n"
        "  -o relayhost=[relay.example.com]\n"
    )
    found = run_postlint(
        "check",
        "--isolated",
        "--select",
        "PL202",
        "--postfix-version",
        "2.10",
        str(tmp_path),
        cwd=tmp_path,
    )
    assert found.returncode == 1, found.stderr
    # The one that no release's smtpd reads is still found.
    assert found.stdout.count("PL202") == 1 and "relayhost is read by" in found.stdout
