"""Synthetic configurations for the benchmarks (deterministic, realistic shapes)."""

from __future__ import annotations

import random

from postlint.postfix.catalogue import builtin_catalogue


def large_main_cf(lines: int, seed: int = 7) -> str:
    """A main.cf of about `lines` lines: parameters, comments, continuations, references."""
    rng = random.Random(seed)
    # Not the names the values refer to: a self-reference would be a different benchmark.
    names = sorted(
        p.name
        for p in builtin_catalogue()
        if p.status == "builtin" and p.name not in ("myhostname", "mydomain")
    )
    out: list[str] = ["myhostname = mail.example.com", "mydomain = example.com"]
    while len(out) < lines:
        roll = rng.random()
        name = rng.choice(names)
        if roll < 0.15:
            out.append(f"# {name}: explained at length here")
        elif roll < 0.2:
            out.append("")
        elif roll < 0.3:
            out.append(f"{name} = $myhostname,")
            out.append("    localhost.$mydomain, ${mydomain?{x}:{y}}")
        else:
            out.append(f"{name} = value{rng.randrange(1000)} $mydomain")
    return "\n".join(out[:lines]) + "\n"


def realistic_main_cf(lines: int, seed: int = 11) -> str:
    """A large main.cf shaped like real big ones: commented settings, long continued lists.

    Big main.cf files in the wild are big because of lists: thousands of relay or hosted
    domains and client networks on continuation lines, with comment blocks between settings.
    Values are valid, so findings are few and the figure measures the linter, not the report.
    """
    rng = random.Random(seed)
    out = [
        "# main.cf of a large relay (generated for benchmarks)",
        "compatibility_level = 3.6",
        "myhostname = mx1.example.net",
        "mydomain = example.net",
        "myorigin = $mydomain",
        "inet_interfaces = all",
        "smtpd_tls_security_level = may",
        "smtpd_tls_chain_files = /etc/postfix/key.pem, /etc/postfix/chain.pem",
        "smtp_tls_security_level = may",
        "smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination",
        "relay_recipient_maps = hash:/etc/postfix/relay_recipients",
        "mynetworks = 127.0.0.0/8 [::1]/128",
    ]
    nets = lines // 5
    for i in range(nets):
        if i % 50 == 0:
            out.append(f"    # customer block {i // 50}")
        out.append(f"    10.{(i >> 8) & 255}.{i & 255}.0/24 [2001:db8:{i:x}::]/48")
    out.append("")
    out.append("relay_domains = $mydestination")
    index = 0
    while len(out) < lines - 2:
        if rng.random() < 0.1:
            out.append(f"    # customers signed in {2000 + index % 25}")
        else:
            out.append(f"    customer{index}.example, mail.customer{index}.example")
            index += 1
    out.append("")
    out.append("# end")
    return "\n".join(out[:lines]) + "\n"


_TYPICAL_SETTINGS = (
    "compatibility_level = 3.6",
    "myhostname = mail.example.com",
    "mydomain = example.com",
    "myorigin = $mydomain",
    "mydestination = $myhostname, localhost.$mydomain, localhost",
    "inet_interfaces = all",
    "inet_protocols = all",
    "mynetworks = 127.0.0.0/8 [::1]/128 192.0.2.0/28",
    "relayhost =",
    "alias_maps = hash:/etc/aliases",
    "alias_database = hash:/etc/aliases",
    "home_mailbox = Maildir/",
    "smtpd_banner = $myhostname ESMTP",
    "smtpd_tls_chain_files = /etc/ssl/private/mail.key, /etc/ssl/certs/mail.pem",
    "smtpd_tls_security_level = may",
    "smtpd_tls_loglevel = 1",
    "smtp_tls_security_level = may",
    "smtp_tls_loglevel = 1",
    "smtp_tls_CApath = /etc/ssl/certs",
    "smtpd_sasl_type = dovecot",
    "smtpd_sasl_path = private/auth",
    "smtpd_helo_required = yes",
    "disable_vrfy_command = yes",
    "smtpd_relay_restrictions = permit_mynetworks, permit_sasl_authenticated,",
    "    reject_unauth_destination",
    "smtpd_recipient_restrictions = reject_non_fqdn_recipient,",
    "    reject_unknown_recipient_domain, reject_unlisted_recipient",
    "virtual_mailbox_domains = hash:/etc/postfix/vdomains",
    "virtual_mailbox_maps = hash:/etc/postfix/vmailbox",
    "virtual_alias_maps = hash:/etc/postfix/virtual",
    "virtual_transport = lmtp:unix:private/dovecot-lmtp",
    "message_size_limit = 52428800",
    "mailbox_size_limit = 0",
    "recipient_delimiter = +",
    "smtpd_milters = inet:127.0.0.1:8891",
    "non_smtpd_milters = $smtpd_milters",
    "milter_default_action = accept",
)


def typical_main_cf(lines: int) -> str:
    """A main.cf shaped like a distribution's: mostly comment blocks, a few dozen settings.

    Each setting is preceded by a few lines of explanation; once the settings run out, the
    file continues with commented-out examples, as stock files do.
    """
    out: list[str] = []
    settings = iter(_TYPICAL_SETTINGS)
    block = 0
    while len(out) < lines:
        block += 1
        out.append(f"# Section {block}: what the next setting does, and why it is set so.")
        out.append("# More explanation, with an example value in the text: name = value.")
        setting = next(settings, None)
        if setting is None:
            out.append(f"#example_parameter_{block} = some value")
        else:
            out.append(setting)
        out.append("")
    return "\n".join(out[:lines]) + "\n"


def unknown_names_main_cf(count: int, seed: int = 13) -> str:
    """`count` settings of names Postfix does not know (PL402 on every line).

    Most are site-specific names nobody references; one in ten is a typo of a real name,
    so that the suggestion search also has close matches to score.
    """
    rng = random.Random(seed)
    names = sorted(p.name for p in builtin_catalogue() if p.status == "builtin")
    out = ["myhostname = mail.example.com"]
    for i in range(count):
        if i % 10 == 0:
            word = list(rng.choice(names))
            word[rng.randrange(len(word))] = rng.choice("abcdefghijklmnopqrstuvwxyz")
            out.append(f"{''.join(word)} = yes")
        else:
            out.append(f"site_{rng.choice(('check', 'limit', 'map', 'flag'))}_{i} = value{i}")
    return "\n".join(out) + "\n"


LEGACY_SWITCHES = (
    "smtpd_use_tls = yes",
    "smtp_enforce_tls = no",
    "smtp_use_tls = yes",
    "lmtp_use_tls = yes",
    "smtpd_enforce_tls = no",
)


def legacy_switches_main_cf(count: int) -> str:
    """The pre-2.3 TLS switches repeated `count` times (PL301 on every line)."""
    return "".join(LEGACY_SWITCHES[i % len(LEGACY_SWITCHES)] + "\n" for i in range(count))


def unknown_overrides_master_cf(count: int) -> str:
    """A master.cf whose smtp service carries `count` -o names Postfix does not know
    (PL402 on every override, each with a suggestion search), after the stock services."""
    rng = random.Random(17)
    out = ["smtp      inet  n       -       y       -       -       smtpd"]
    for i in range(count):
        kind = rng.choice(("check", "limit", "map", "flag"))
        out.append(f"  -o site_{kind}_{i}=value{i}")
    out.append("pickup    unix  n       -       y       60      1       pickup")
    out.append("cleanup   unix  n       -       y       -       0       cleanup")
    return "\n".join(out) + "\n"
