"""PL2xx: smtp_ (client, outbound) versus smtpd_ (server, inbound) mix-ups."""
