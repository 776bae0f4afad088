"""What plugin authors import: the rule base class, results, fixes, the context, the hook
marker, and the Postfix knowledge the built-in rules are written with.

The built-in rules import nothing else from postlint (a test checks it), so a third party
can write any of them. The context answers per-configuration questions
(`ctx.effective`, `ctx.settings`, `ctx.roles`, `ctx.tls_level`, `ctx.set_parameter`); the
functions below answer questions about one value, one service or one file.
"""

from postlint.engine import edits, fix_policy
from postlint.engine.context import Context
from postlint.engine.diagnostics import (
    Applicability,
    Diagnostic,
    Edit,
    Fix,
    FixAvailability,
    Severity,
)
from postlint.engine.hookspecs import hookimpl
from postlint.engine.quoting import shorten
from postlint.engine.rule import Rule, Tag
from postlint.engine.written import Setting
from postlint.invisible import UNICODE_SPACES
from postlint.postfix.catalogue import (
    ParameterInfo,
    install_parameters,
    stock_services,
    use_instead,
)
from postlint.postfix.compat import level_below, level_switch, parse_level
from postlint.postfix.daemon_reads import Readers, ServiceReads
from postlint.postfix.expansion import ExpansionError, safe_references
from postlint.postfix.master_fields import master_field_problem
from postlint.postfix.model import Config, EffectiveValue
from postlint.postfix.networks import (
    list_until_comment,
    network_problem,
    parse_networks,
    prefix_length,
)
from postlint.postfix.relay import relay_verdict
from postlint.postfix.restrictions import (
    known_restrictions,
    restriction_items,
    restriction_list_names,
    restriction_lists,
    token_spans,
    walk_restrictions,
)
from postlint.postfix.services import (
    CLIENT_LEVELS,
    DOMAIN_CLASSES,
    LIST_SEPARATORS,
    MANDATORY_CLIENT_LEVELS,
    PROTOCOLS,
    SERVER_LEVELS,
    Role,
    TlsLevel,
    defaults_in_use,
    enabled_protocols,
    has_server_certificate,
    is_loopback_listener,
    is_server,
    is_smtps,
    is_submission,
    listen_host,
    listen_port,
    loopback_only_transports,
    prefix_twin,
    receives_mail,
    receives_on_port_25,
    relayhost_is_loopback,
    sends_over_smtp,
    split_list,
    without_protocols,
    yes,
)
from postlint.postfix.spelling import CloseNames, close_names
from postlint.postfix.table_types import (
    ADDRESS_LISTS,
    MATCH_LISTS,
    TABLE_TYPES,
    TYPE_PARAMETERS,
    WRAPPING_TYPES,
    table_types,
)
from postlint.postfix.tables import (
    INDEXED_SUFFIXES,
    PATTERN_TYPES,
    TableFiles,
    pattern_rule,
    plausible_word,
    quote_word,
    table_files,
)
from postlint.postfix.value_types import (
    fits,
    is_number,
    not_a_table,
    table_list_problem,
    takes_any_entry,
    type_problem,
)
from postlint.postfix.versions import Version
from postlint.syntax import parse_main_cf, parse_master_cf
from postlint.syntax.ast import (
    POSTFIX_SPACE,
    BrokenEntry,
    ConfigFile,
    ErrorKind,
    FileKind,
    LineKind,
    Override,
    Parameter,
    Service,
    Span,
)
from postlint.syntax.master_cf import (
    FIELD_COUNT,
    DaemonOption,
    daemon_options,
    extract_braced,
    read_override,
    split_fields,
)
from postlint.syntax.templates import other_branches
from postlint.syntax.tokens import brace_tokens, closing_bracket

__all__ = [
    # values: lists, types, tables, networks
    "ADDRESS_LISTS",
    # TLS
    "CLIENT_LEVELS",
    "DOMAIN_CLASSES",
    "FIELD_COUNT",
    "INDEXED_SUFFIXES",
    "LIST_SEPARATORS",
    "MANDATORY_CLIENT_LEVELS",
    "MATCH_LISTS",
    "PATTERN_TYPES",
    "POSTFIX_SPACE",
    "PROTOCOLS",
    "SERVER_LEVELS",
    "TABLE_TYPES",
    "TYPE_PARAMETERS",
    "UNICODE_SPACES",
    "WRAPPING_TYPES",
    # rules, findings, fixes
    "Applicability",
    # the files as parsed (lossless: spans are offsets in the original text)
    "BrokenEntry",
    "CloseNames",
    # the configuration as Postfix reads it, for a target release
    "Config",
    "ConfigFile",
    "Context",
    "DaemonOption",
    "Diagnostic",
    "Edit",
    "EffectiveValue",
    "ErrorKind",
    "ExpansionError",
    "FileKind",
    "Fix",
    "FixAvailability",
    "LineKind",
    "Override",
    "Parameter",
    "ParameterInfo",
    # which program reads which parameter (so whether an -o has an effect)
    "Readers",
    # services: listeners, roles, relaying
    "Role",
    "Rule",
    "Service",
    "ServiceReads",
    "Setting",
    "Severity",
    "Span",
    "TableFiles",
    "Tag",
    "TlsLevel",
    "Version",
    "brace_tokens",
    "close_names",
    "closing_bracket",
    "daemon_options",
    "defaults_in_use",
    "edits",
    "enabled_protocols",
    "extract_braced",
    "fits",
    "fix_policy",
    "has_server_certificate",
    "hookimpl",
    "install_parameters",
    "is_loopback_listener",
    "is_number",
    "is_server",
    "is_smtps",
    "is_submission",
    # smtpd restrictions
    "known_restrictions",
    "level_below",
    "level_switch",
    "list_until_comment",
    "listen_host",
    "listen_port",
    "loopback_only_transports",
    "master_field_problem",
    "network_problem",
    "not_a_table",
    "other_branches",
    "parse_level",
    "parse_main_cf",
    "parse_master_cf",
    "parse_networks",
    "pattern_rule",
    "plausible_word",
    "prefix_length",
    "prefix_twin",
    "quote_word",
    "read_override",
    "receives_mail",
    "receives_on_port_25",
    "relay_verdict",
    "relayhost_is_loopback",
    "restriction_items",
    "restriction_list_names",
    "restriction_lists",
    "safe_references",
    "sends_over_smtp",
    "shorten",
    "split_fields",
    "split_list",
    "stock_services",
    "table_files",
    "table_list_problem",
    "table_types",
    "takes_any_entry",
    "token_spans",
    "type_problem",
    "use_instead",
    "walk_restrictions",
    "without_protocols",
    "yes",
]
