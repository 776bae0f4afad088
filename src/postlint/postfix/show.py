"""`postlint show`: print a configuration the way `postconf` prints it, byte for byte."""

from __future__ import annotations

import attrs

from postlint.postfix.expansion import ExpansionError
from postlint.postfix.master_fields import master_field_problem
from postlint.postfix.model import Config
from postlint.postfix.versions import Version
from postlint.syntax.ast import BrokenEntry, ErrorKind, Service
from postlint.syntax.master_cf import MASTER_BLANKS

# Column where postconf -M starts each of the eight fields.
_COLUMNS = (0, 11, 17, 25, 33, 41, 49, 57)


class ShowError(Exception):
    """A condition under which postconf itself stops with a fatal error."""


@attrs.frozen
class ShowRequest:
    non_default: bool = False  # -n
    expand: bool = False  # -x
    master: bool = False  # -M
    master_params: bool = False  # -P
    names: tuple[str, ...] = ()
    defaults: bool = False  # -d

    @property
    def reads_master(self) -> bool:
        return self.master or self.master_params


# postconf reads master.cf from 2.9 on (per-service parameters, -M); -P came with 2.11.
READS_MASTER = Version(2, 9)
OPTION_SINCE = {"-M": Version(2, 9), "-P": Version(2, 11)}
_INET_PROTOCOLS = frozenset({"all", "ipv4", "ipv6"})


def normalise_line(text: str) -> str:
    """postconf's print_line(): words joined by single spaces."""
    words = [w for w in _split(text) if w]
    return " ".join(words) + "\n"


def parameter_line(version: Version, name: str, value: str) -> str:
    """One `name = value` line. Before 2.9 postconf printed the value as it was (an empty
    one leaves a trailing blank); 2.9 and later join its words with single spaces."""
    if version < READS_MASTER:
        return f"{name} = {value}\n"
    return normalise_line(f"{name} = {value}")


def _split(text: str) -> list[str]:
    out, word = [], []
    for ch in text:
        if ch in MASTER_BLANKS:
            if word:
                out.append("".join(word))
                word = []
        else:
            word.append(ch)
    if word:
        out.append("".join(word))
    return out


def check_fatal(config: Config, request: ShowRequest | None = None) -> None:
    """Raise ShowError for what makes postconf of the target release stop: -d reads only
    master.cf, the other modes both files (2.6 and 2.8 never read master.cf)."""
    request = request or ShowRequest()
    reads_master = config.version >= READS_MASTER
    if request.defaults:
        if reads_master:
            _check_master(config)
        return
    if config.main is not None:
        for entry in config.main.entries():
            if isinstance(entry, BrokenEntry) and entry.error is not ErrorKind.INDENTED_START:
                line = config.main.position(entry.span.start).line
                raise ShowError(
                    f'{config.main.path}, line {line}: {entry.message}: "{entry.logical.text}"'
                )
    _check_expansions(config)
    _check_inet_protocols(config)
    if reads_master:
        _check_master(config)


def _check_inet_protocols(config: Config) -> None:
    """Postfix stops on a protocol it does not know (case matters; empty is fine)."""
    value = config.effective("inet_protocols").value
    for word in value.replace(",", " ").split():
        if word not in _INET_PROTOCOLS:
            raise ShowError(f'unknown inet_protocols value "{word}" in "{value}"')


def _check_master(config: Config) -> None:
    if config.master is not None:
        for entry in config.master.entries():
            line = config.master.position(entry.span.start).line
            if isinstance(entry, BrokenEntry) and entry.error is ErrorKind.FIELD_COUNT:
                raise ShowError(f"file {config.master.path}: line {line}: bad field count")
            if isinstance(entry, Service):
                problem = master_field_problem(entry, config.version)
                if problem:
                    raise ShowError(problem)


def _check_expansions(config: Config) -> None:
    """postconf expands built-in values while it looks for database parameters: an
    expansion error there is fatal (in user-defined parameters it is only a warning)."""
    for name, value in config.main_values.items():
        if config.is_builtin(name) and not config.is_raw(name):
            try:
                config.expand(value)
            except ExpansionError as exc:
                raise ShowError("macro processing error") from exc
    for svc in config.services:
        for override in svc.overrides:
            if override.name and config.is_builtin(override.name):
                try:
                    config.expand(override.value, svc)
                except ExpansionError as exc:
                    raise ShowError("macro processing error") from exc


def show(config: Config, request: ShowRequest) -> tuple[str, list[str]]:
    """Return (stdout text, warnings) for a postconf-style request."""
    for option, since in OPTION_SINCE.items():
        wanted = request.master if option == "-M" else request.master_params
        if wanted and config.version < since:
            raise ShowError(f"usage: option {option} needs Postfix {since} or later")
    check_fatal(config, request)
    warnings: list[str] = []
    if request.defaults:
        return _show_defaults(config, request, warnings), warnings
    if request.master:
        return _show_master(config, request, warnings), warnings
    if request.master_params:
        return _show_master_params(config, request, warnings), warnings
    return _show_parameters(config, request, warnings), warnings


def _show_defaults(config: Config, request: ShowRequest, warnings: list[str]) -> str:
    """postconf -d: built-in defaults only; main.cf is not read, master.cf is (2.9+)."""
    defaults = Config(None, config.master, config.version, config.catalogue, config.host)
    return _show_parameters(defaults, request, warnings)


def _show_parameters(config: Config, request: ShowRequest, warnings: list[str]) -> str:
    out: list[str] = []
    if request.names:
        names = list(request.names)
    else:
        # Legacy names are listed only when main.cf sets them.
        legacy = config.release.legacy_names & config.main_values.keys()
        known = config.listed_names | legacy | set(config.service_defaults) | config.user_defined
        names = sorted(known)
    for name in names:
        if not (config.is_builtin(name) or name in config.user_defined):
            warnings.append(f"{name}: unknown parameter")
            continue
        if name in config.main_values:
            value = config.main_values[name]
        elif request.non_default:
            continue
        else:
            default = config.default(name)
            if default is None:
                continue
            value = default
        if request.expand and not config.is_raw(name):
            try:
                value = config.expand(value)
            except ExpansionError as exc:
                warnings.append(str(exc))
                raise ShowError("macro processing error") from exc
        line = parameter_line(config.version, name, value)
        twice = not request.names and name in config.release.printed_twice
        out.append(line * 2 if twice and not request.non_default else line)
    return "".join(out)


def _matches(pattern: str, service: Service) -> bool:
    name, _, kind = pattern.partition("/")
    return (not name or name == service.name) and (not kind or kind == service.type)


def _selected(config: Config, patterns: tuple[str, ...], warnings: list[str]) -> list[Service]:
    if not patterns:
        return config.services
    chosen: list[Service] = []
    for pattern in patterns:
        hits = [s for s in config.services if _matches(pattern, s)]
        if not hits:
            warnings.append(f'unmatched request: "{pattern}"')
        chosen.extend(hits)
    return chosen


def _show_master(config: Config, request: ShowRequest, warnings: list[str]) -> str:
    return "".join(
        format_master_entry(config, svc, request.expand)
        for svc in _selected(config, request.names, warnings)
    )


def format_master_entry(config: Config, service: Service, expand: bool) -> str:
    """One service the way `postconf -M` lays it out (fields at fixed columns)."""
    argv = service.argv
    line: list[str] = []
    length = 0
    for index in range(8):
        if length > 0:
            pad = max(1, _COLUMNS[index] - length)
            line.append(" " * pad)
            length += pad
        line.append(argv[index])
        length += len(argv[index])
    in_options = True
    i = 8
    while i < len(argv):
        arg = argv[i]
        value = None
        braces = False
        if in_options:
            if not arg.startswith("-") or arg == "--":
                # postconf decides on braces only from the second argument on,
                # so the first non-option argument is printed bare.
                in_options = False
            elif len(arg) > 1 and arg[1] == "o" and i + 1 < len(argv):
                value = argv[i + 1]
                if arg == "-o" and expand:
                    value = config.expand(value, service)
                braces = any(ch in MASTER_BLANKS for ch in value)
        else:
            braces = any(ch in MASTER_BLANKS for ch in arg)
        line.append(" ")
        if not in_options and braces:
            line.append("{" + arg + "}")
        else:
            line.append(arg)
        if value is not None:
            line.append(" " + ("{" + value + "}" if braces else value))
            i += 1
        i += 1
    return "".join(line) + "\n"


def postconf_params(service: Service) -> dict[str, str]:
    """The -o name=value pairs as postconf reads them (from its normalised argv)."""
    params: dict[str, str] = {}
    argv = service.argv
    i = 8
    while i < len(argv):
        arg = argv[i]
        if not arg.startswith("-") or arg == "--":
            break
        if arg == "-o" and i + 1 < len(argv):
            name, sep, value = argv[i + 1].partition("=")
            if sep:
                params[name] = value
            i += 1
        i += 1
    return params


def shared_params(services: list[Service]) -> list[dict[str, str] | None]:
    """Per entry, the -o dictionary postconf shows with -P.

    postconf keeps one dictionary per `name/type`: it is created by the first entry
    that has an -o parameter, and every later entry with that name shares it.
    """
    tables: dict[str, dict[str, str]] = {}
    result: list[dict[str, str] | None] = []
    for svc in services:
        params = postconf_params(svc)
        table = tables.get(svc.key)
        if table is None and params:
            table = tables[svc.key] = {}
        if table is not None:
            table.update(params)
        result.append(table)
    return result


def _show_master_params(config: Config, request: ShowRequest, warnings: list[str]) -> str:
    out: list[str] = []
    patterns = request.names or ("",)
    for svc, params in zip(config.services, shared_params(config.services), strict=True):
        if params is None:
            continue
        for pattern in patterns:
            name_type, param = pattern, ""
            if pattern.count("/") == 2:
                name_type, _, param = pattern.rpartition("/")
            if not _matches(name_type, svc):
                continue
            names = sorted(params) if not param else [param] if param in params else []
            for name in names:
                value = params[name]
                if request.expand:
                    value = config.expand(value, svc)
                out.append(normalise_line(f"{svc.name}/{svc.type}/{name} = {value}"))
    return "".join(out)
