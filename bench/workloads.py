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
