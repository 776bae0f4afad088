"""PL5xx: master.cf services."""
