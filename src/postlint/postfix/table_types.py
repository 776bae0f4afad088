"""Lookup-table types Postfix knows (since which release), and the lists that name tables.

From Postfix's sources: the types are those its table opener registers (util/dict_open.c,
global/mail_dict.c), release by release; the lists are the parameters its daemons read
as match lists (string, domain, host/address lists: match_list_init and its wrappers),
where an item with a ':' that does not start with '[' is opened as a `type:name` table.
Some types exist only where the build or the distribution's add-on package has them
(`postconf -m` lists those of one installation); none of them is reported as unknown.
"""

from __future__ import annotations

from functools import cache

from postlint.postfix.versions import Version

# Table type -> the first release that opens it.
TABLE_TYPES: dict[str, str] = {
    "btree": "2.0",
    "dbm": "2.0",
    "environ": "2.0",
    "hash": "2.0",
    "ldap": "2.0",
    "mysql": "2.0",
    "netinfo": "2.0",
    "nis": "2.0",
    "nisplus": "2.0",
    "pcre": "2.0",
    "regexp": "2.0",
    "static": "2.0",
    "tcp": "2.0",
    "unix": "2.0",
    "cidr": "2.1",
    "pgsql": "2.1",
    "proxy": "2.1",
    "cdb": "2.2",
    "sdbm": "2.2",
    "internal": "2.7",
    "sqlite": "2.8",
    "texthash": "2.8",
    "fail": "2.9",
    "memcache": "2.9",
    "socketmap": "2.10",
    "lmdb": "2.11",
    "inline": "3.0",
    "pipemap": "3.0",
    "randmap": "3.0",
    "unionmap": "3.0",
    "mongodb": "3.9",
    "debug": "3.11",
}

# Types whose name is itself `type:name` of another table (proxy:hash:/etc/x).
WRAPPING_TYPES = frozenset(("proxy", "debug"))

# Parameters whose value is a table type: the type of `$default_database_type:/etc/aliases`
# (alias_maps' default) and of the tables postmap and newaliases build when none is named.
TYPE_PARAMETERS = frozenset(("default_cache_db_type", "default_database_type"))

# Host and address match lists (namadr_list, addr_match_list): an IPv6 address or
# network must be written in [] here; bare, it is read as a table of type "2001".
ADDRESS_LISTS = frozenset(
    (
        "authorized_verp_clients",
        "debug_peer_list",
        "mynetworks",
        "permit_mx_backup_networks",
        "postscreen_allowlist_interfaces",
        "postscreen_whitelist_interfaces",
        "qmqpd_authorized_clients",
        "smtpd_authorized_verp_clients",
        "smtpd_authorized_xclient_hosts",
        "smtpd_authorized_xforward_hosts",
        "smtpd_client_connection_limit_exceptions",
        "smtpd_client_event_limit_exceptions",
        "smtpd_forbid_bare_newline_exclusions",
        "smtpd_sasl_exceptions_networks",
    )
)

# Every list whose `type:name` items are lookup tables (besides the map-list parameters
# of the catalogue and the restriction lists): the address lists, domain and string
# match lists, user lists, postscreen's access list, and tables named in a list.
MATCH_LISTS = ADDRESS_LISTS | frozenset(
    (
        "authorized_flush_users",
        "authorized_mailq_users",
        "authorized_submit_users",
        "fast_flush_domains",
        "lmtp_connection_cache_destinations",
        "lmtp_sasl_mechanism_filter",
        "local_header_rewrite_clients",
        "masquerade_exceptions",
        "mydestination",
        "parent_domain_matches_subdomains",
        "postscreen_access_list",
        "postscreen_forbidden_commands",
        "relay_clientcerts",
        "relay_domains",
        "smtp_connection_cache_destinations",
        "smtp_sasl_mechanism_filter",
        "smtpd_forbidden_commands",
        "smtpd_log_access_permit_actions",
        "smtpd_noop_commands",
        "smtpd_sasl_mechanism_filter",
        "use_srv_lookup",
        "virtual_alias_domains",
        "virtual_mailbox_domains",
    )
)


@cache
def table_types(version: Version) -> frozenset[str]:
    """The table types a release opens (some only in builds or packages that have them)."""
    return frozenset(name for name, since in TABLE_TYPES.items() if Version.parse(since) <= version)
