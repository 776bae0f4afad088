"""PL7xx: bulk-sender guidelines (Gmail, Yahoo, Microsoft)."""
