"""Output formats for diagnostics."""
