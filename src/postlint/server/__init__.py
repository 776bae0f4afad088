"""The language server (LSP over stdio)."""
