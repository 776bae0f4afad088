"""Postfix knowledge: parameter catalogue, versions, $-expansion and the effective-value model."""
