"""PL1xx: TLS on the client (outbound) and server (inbound) side."""
