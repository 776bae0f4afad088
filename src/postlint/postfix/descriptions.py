"""One-line meanings of parameters, for hover text and `postlint show --explain`-style output.

Most lines are written out in data/descriptions.tsv. Parameters that are another parameter under a
component prefix (``lmtp_tls_loglevel`` is ``smtp_tls_loglevel`` for LMTP, ``postscreen_tls_*`` and
``tlsproxy_*`` copy the server or client TLS settings, ``transport_*`` templates stand for each
master.cf service) borrow the other parameter's line, named, so the data stays in one place.
"""

from __future__ import annotations

from functools import cache

from postlint.postfix.catalogue import Catalogue
from postlint.postfix.data_files import data_text

# (prefix of the derived name, prefix of the source name, who the derived one is for)
_DERIVED = (
    ("lmtp_", "default_", "the lmtp transport"),
    ("lmtp_", "smtp_", "the LMTP client"),
    ("postscreen_tls_", "smtpd_tls_", "postscreen's STARTTLS"),
    ("postscreen_", "smtpd_", "postscreen"),
    ("tlsproxy_tls_", "smtpd_tls_", "tlsproxy's server side"),
    ("tlsproxy_client_", "smtp_tls_", "tlsproxy's client side"),
    ("tlsproxy_client_", "smtp_", "tlsproxy's client side"),
    ("tlsproxy_", "smtpd_", "tlsproxy"),
    ("address_verify_", "", "address-verification probes"),
    ("transport_", "default_", "one transport (write the master.cf service name for 'transport')"),
    ("relay_", "default_", "the relay transport"),
    ("smtp_", "default_", "the smtp transport"),
    ("virtual_", "default_", "the virtual transport"),
    ("local_", "default_", "the local transport"),
    ("pipe_", "default_", "the pipe transport"),
    ("smtpd_", "", "the SMTP server"),
)


@cache
def written_descriptions() -> dict[str, str]:
    rows = {}
    for line in data_text("descriptions.tsv").splitlines():
        if line and not line.startswith("#"):
            name, _, meaning = line.partition("\t")
            rows[name] = meaning
    return rows


def describe(catalogue: Catalogue, name: str, _depth: int = 0) -> str:
    """The parameter's meaning in one line, or "" when postlint has none."""
    info = catalogue.get(name)
    if info is not None and info.description:
        return info.description
    written = written_descriptions().get(name)
    if written:
        return written
    if info is None or _depth > 3:
        return ""
    if info.status == "legacy-alias" and info.replacement and info.replacement in catalogue:
        meaning = describe(catalogue, info.replacement, _depth + 1)
        return f"Older name of {info.replacement}. {meaning}".rstrip()
    for prefix, source_prefix, who in _DERIVED:
        if not name.startswith(prefix):
            continue
        source = source_prefix + name[len(prefix) :]
        if source != name and source in catalogue:
            meaning = describe(catalogue, source, _depth + 1)
            if meaning:
                return f"Like {source}, for {who}: {_lower_first(meaning)}"
    # Per-service names that 2.6 and 2.8 list as built-ins: their transport_* template's line.
    template = "transport_" + name.partition("_")[2]
    if template != name and template in catalogue:
        return describe(catalogue, template, _depth + 1)
    return ""


def _lower_first(text: str) -> str:
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        return text[0].lower() + text[1:]
    return text
