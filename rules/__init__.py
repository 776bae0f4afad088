"""postlint's built-in rules, registered through the `postlint` entry point like any plugin."""
