"""PL4xx: syntax and parameter semantics (what postconf itself warns about, and more)."""
