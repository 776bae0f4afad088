"""postlint: a linter and fixer for Postfix main.cf and master.cf."""

__version__ = "0.1.0"
