"""What a rule sees: both files, the model, the catalogue, its options; and how it reports."""

from __future__ import annotations

from collections.abc import Callable, Container, Iterator, Mapping
from pathlib import Path
from typing import Any

from postlint.engine import fix_policy
from postlint.engine.diagnostics import Applicability, Diagnostic, Fix, Severity
from postlint.engine.rule import Rule
from postlint.engine.rule_output import plain_fix
from postlint.engine.written import MainSettings, Setting, written_settings
from postlint.postfix.catalogue import Catalogue
from postlint.postfix.expansion import ExpansionError
from postlint.postfix.model import Config, EffectiveValue
from postlint.postfix.services import (
    Role,
    TlsLevel,
    client_roles,
    infer_role,
    server_roles,
    tls_level,
)
from postlint.postfix.tables import TableText, read_table, table_specs
from postlint.postfix.versions import Version
from postlint.syntax.ast import ConfigFile, Service, Span

# Table lines one setting may hand to a rule: each table is capped (tables.LARGEST), but a
# setting can name hundreds (hard links to one 8 MB file cost nothing), and a rule's hint
# is not worth minutes of CPU and gigabytes of cached lines.
TABLE_LINES = 200_000


class Context:
    """What one rule sees of one configuration, and how it reports a finding."""

    def __init__(
        self,
        config: Config,
        rule: type[Rule],
        options: Mapping[str, Any],
        version_assumed: bool = False,
        profile: str | None = None,
        local_build: bool = False,
    ):
        self.config = config
        self.rule = rule
        self._options = {**rule.options, **options}
        self.version_assumed = version_assumed
        self.profile = profile
        self.local_build = local_build  # the target is this host's Postfix
        # Diagnostics this context made and found well-formed as it made them, in order
        # (kept, so that no other object can take the id of one): the runner trusts them
        # without checking each of a dense file's 100,000 findings again. Whatever else a
        # rule yields is checked in full (`rule_output.diagnostic_problem`).
        self.vouched: list[Diagnostic] = []
        self._head: tuple[Any, ...] | None = None  # see _rule_head
        # The last fix found plain: a rule may put one fix (frozen, so it stays plain) on
        # many findings, and checking its edits again for each would grow with their product.
        self._plain_fix: Fix | None = None

    def _is_plain(self, fix: Fix, main: ConfigFile | None, master: ConfigFile | None) -> bool:
        if not plain_fix(fix, main, master):
            return False
        self._plain_fix = fix
        return True

    @property
    def role(self) -> str:
        """mx, submission or null-client: inferred, or the config's `profile` setting."""
        return infer_role(self.config, self.profile)

    def fix_for_release(
        self, needs: str, applicability: Applicability, message: str
    ) -> tuple[Applicability, str]:
        """Fix safety when the result needs Postfix `needs` or later.

        While the target release is only postlint's default (no --postfix-version, no
        postfix-version setting), such a fix is unsafe and says which release it assumed.
        """
        if not self.version_assumed or Version.parse(needs) <= Version(3, 0):
            return applicability, message
        if applicability is Applicability.SAFE:
            applicability = Applicability.UNSAFE
        return applicability, f"{message} (assumes Postfix {needs} or later; set --postfix-version)"

    @property
    def main(self) -> ConfigFile | None:
        return self.config.main

    @property
    def master(self) -> ConfigFile | None:
        return self.config.master

    @property
    def catalogue(self) -> Catalogue:
        return self.config.catalogue

    @property
    def version(self) -> Version:
        return self.config.version

    def build_table_types(self) -> frozenset[str] | None:
        """The table types the target Postfix was built with: asked of this host's postconf
        (`postconf -m`) when the target is this host (postfix-version auto); else None,
        unknown (which types a build has depends on how it was built, not on its release)."""
        if not self.local_build:
            return None
        from postlint.postfix.local_postconf import detect_table_types  # rarely needed

        return detect_table_types()

    @property
    def directory(self) -> Path | None:
        """The directory of the linted files (where tables next to main.cf are looked for)."""
        tree = self.main or self.master
        return Path(tree.path).parent if tree is not None else None

    def tables(self, value: EffectiveValue) -> Iterator[TableText]:
        """The text of each lookup table a setting names that can be read for this config
        (next to the linted main.cf, or inline); the others are unknown and skipped."""
        directory = self.directory
        budget = TABLE_LINES
        for spec in table_specs(value.value):
            table = read_table(spec, directory)
            if table is not None:
                budget -= len(table.lines)
                if budget < 0:
                    return  # the rest stays unknown, like a table that cannot be read
                yield table

    def roles(self, side: str = "server") -> list[Role]:
        """The SMTP `server` (smtpd services) or `client` (smtp unix transports) instances;
        without a master.cf, one role for main.cf alone."""
        if side not in ("server", "client"):
            raise ValueError(f"side must be 'server' or 'client', not {side!r}")
        return server_roles(self.config) if side == "server" else client_roles(self.config)

    def tls_level(
        self, side: str, service: Service | None = None, *, as_written: bool = False
    ) -> TlsLevel:
        """The TLS security level `side` (smtp, smtpd, lmtp) really uses for a service (or
        main.cf), the legacy *_use_tls / *_enforce_tls switches included. `as_written`: what
        the service's -o lines say, even those its program never reads."""
        return tls_level(self.config, side, service, as_written)

    def settings(
        self,
        wanted: Container[str] | Callable[[str], bool] | None = None,
        *,
        value: Callable[[str], bool] | None = None,
        only_read: bool = False,
    ) -> Iterator[Setting]:
        """Every place a wanted name is written: main.cf lines first, then each service's -o
        overrides in order (`wanted`: a collection of names, or a test on a name; default:
        every name). `value`: a test on the value as written; the others are skipped before
        a Setting is made for them, which counts in a file of 100,000 lines. `only_read`:
        leave out each -o that its service's program never reads (it changes nothing, and
        PL202 reports it), for rules that judge what a value does."""
        unread = self.config.never_reads if only_read else None
        return written_settings(self.main, self.master, wanted, value, self._every_main, unread)

    def _every_main(self) -> MainSettings:
        """A Setting for every main.cf parameter, made once per configuration (one lint):
        several rules walk every name of a file that may have 100,000, and a Setting is
        immutable, so they share one each. Kept on the Config, which the settings do not
        refer to (on the tree they would make a cycle, and check runs with gc off)."""
        found = self.config.derived.get("every main.cf setting")
        if found is None:
            assert self.main is not None
            found = self.config.derived["every main.cf setting"] = MainSettings.of(self.main)
        return found  # type: ignore[return-value]

    def set_parameter(
        self, name: str, value: str, *, overrides_admin: bool = False
    ) -> tuple[ConfigFile, Span, Fix]:
        """Where a finding about main.cf parameter `name` points, and the fix that sets it.

        The location is its (last) main.cf definition, or the start of main.cf when it is
        unset; the fix replaces that definition or adds a line next to its family. Safety
        follows docs/fix-safety.md (`fix_policy.setting_fix`); `overrides_admin`: something
        else the admin wrote decides the same today, so the fix is unsafe.
        """
        assert self.main is not None, "set_parameter needs a main.cf"
        # The definition effective() reads (none for another release's parameter).
        existing = self.config.effective(name).definition
        fix = fix_policy.setting_fix(
            self.main, existing, name, value, overrides_admin=overrides_admin
        )
        span = existing.span_without_newline if existing is not None else Span(0, 0)
        return self.main, span, fix

    def option(self, name: str) -> Any:
        return self._options[name]

    def effective(
        self, name: str, service: Service | str | None = None, *, as_written: bool = False
    ) -> EffectiveValue:
        """What `service`'s program sees (Config.effective); `as_written`: its -o even
        when the program never reads the name."""
        return self.config.effective(name, service, as_written=as_written)

    def expanded(self, value: str, service: Service | None = None) -> str:
        """A value as Postfix uses it ($names expanded); the raw text if it cannot expand."""
        try:
            return self.config.expand(value, service)
        except ExpansionError:
            return value

    def where(self, value: EffectiveValue) -> tuple[ConfigFile, Span]:
        """Where to point for a finding caused by an effective value.

        The -o override if one decided it, else the main.cf line, else (a default) the
        service entry, else the start of main.cf.
        """
        if value.override is not None and self.master is not None:
            return self.master, value.override.span
        if value.definition is not None and self.main is not None:
            return self.main, value.definition.span_without_newline
        if value.service is not None and self.master is not None:
            return self.master, value.service.fields[0].span
        tree = self.main or self.master
        assert tree is not None
        return tree, Span(0, 0)

    def _rule_head(self) -> tuple[Any, ...]:
        """What every diagnostic of this rule shares (its code, name, severity, url; whether
        those have the types a Diagnostic needs; the files linted): worked out once, by the
        first diagnostic, not for each of a dense file's 100,000."""
        rule = self.rule
        url = rule.url()
        fine = (
            type(rule.code) is str
            and type(rule.name) is str
            and type(rule.severity) is Severity
            and type(url) is str
        )
        config = self.config
        self._head = (rule.code, rule.name, rule.severity, url, fine, config.main, config.master)
        return self._head

    def diagnostic(
        self,
        file: ConfigFile,
        span: Span,
        message: str,
        *,
        service: Service | None = None,
        fix: Fix | None = None,
        severity: Severity | None = None,
    ) -> Diagnostic:
        code, name, default, url, fine, main, master = self._head or self._rule_head()
        found = Diagnostic(
            code,
            name,
            message,
            severity or default,
            file,
            span,
            service.key if service is not None else None,
            fix,
            url,
        )
        # The common case of `rule_output.diagnostic_problem`, inline (a call less for each
        # of a dense file's 100,000 findings): exact types, a span inside one of the files
        # being linted, and no fix or a plain one.
        if (
            fine
            and type(message) is str
            and (severity is None or type(severity) is Severity)
            and (service is None or type(found.service) is str)
            and type(span) is Span
            and file is not None
            and (file is main or file is master)
            and type(span.start) is int
            and type(span.end) is int
            and 0 <= span.start <= span.end <= len(file.text)
            and (fix is None or fix is self._plain_fix or self._is_plain(fix, main, master))
        ):
            self.vouched.append(found)
        return found
