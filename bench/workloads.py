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
