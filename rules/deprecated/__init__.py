"""PL3xx: deprecated, renamed and removed settings, by Postfix version."""
