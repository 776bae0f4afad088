"""PL6xx: relay control and anti-abuse."""
