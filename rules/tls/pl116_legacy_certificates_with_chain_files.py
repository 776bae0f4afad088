"""PL116: legacy certificate parameters next to smtpd_tls_chain_files, which wins."""

from __future__ import annotations

from collections.abc import Iterator

from postlint.api import Context, Diagnostic, Rule, Setting, Severity, Tag

LEGACY = (
    "smtpd_tls_cert_file",
    "smtpd_tls_key_file",
    "smtpd_tls_eccert_file",
    "smtpd_tls_eckey_file",
    "smtpd_tls_dcert_file",
    "smtpd_tls_dkey_file",
)
CHAIN_FILES = "smtpd_tls_chain_files"


class LegacyCertificatesWithChainFiles(Rule):
    """`smtpd_tls_chain_files` is set, so the older certificate settings are ignored.

    ## What it does
    Reports `smtpd_tls_cert_file`, `_key_file`, `_eccert_file`, `_eckey_file`,
    `_dcert_file` and `_dkey_file` where the service that reads them has a non-empty
    `smtpd_tls_chain_files`: an `-o` on a service with the chain files, or a main.cf line
    when every service has them (one that clears them with its own `-o` uses the main.cf
    certificate).

    ## Why it matters
    When `smtpd_tls_chain_files` is set, Postfix ignores the legacy settings; renewing the
    certificate they name changes nothing, which confuses the next admin.

    ## Example
    ```
    smtpd_tls_chain_files = /etc/ssl/private/mail.pem
    smtpd_tls_cert_file = /etc/ssl/certs/old.pem
    ```

    ## Use instead
    Keep only `smtpd_tls_chain_files`.

    ## Fix safety
    No automatic fix.

    ## References
    - postconf(5) smtpd_tls_chain_files (Postfix 3.4+)
    """

    code = "PL116"
    name = "legacy-certificates-with-chain-files"
    family = "tls"
    tags = frozenset({Tag.UNNECESSARY})  # the setting does nothing
    severity = Severity.INFO
    min_version = "3.4"

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        for setting in ctx.settings(LEGACY, value=str.strip, only_read=True):
            if not _ignored(ctx, setting):
                continue
            yield ctx.diagnostic(
                setting.file,
                setting.span,
                f"{setting.label} is ignored because smtpd_tls_chain_files is set; remove it",
                service=setting.service,
            )


def _ignored(ctx: Context, setting: Setting) -> bool:
    """Whether every service that reads this setting has smtpd_tls_chain_files.

    An -o is read by its own service only. A main.cf line is read by every service that
    does not override it, and one of them may clear smtpd_tls_chain_files with an -o of
    its own: that service uses the main.cf certificate, which must stay.
    """
    if setting.service is not None:
        return bool(ctx.effective(CHAIN_FILES, setting.service).value.strip())
    if not ctx.effective(CHAIN_FILES).value.strip():
        return False
    # The same for every main.cf line of a name (a file may repeat one thousands of
    # times): worked out once per name and lint.
    verdicts = ctx.config.derived.setdefault("PL116 main.cf verdicts", {})
    assert isinstance(verdicts, dict)
    found = verdicts.get(setting.name)
    if found is None:
        found = verdicts[setting.name] = all(
            ctx.effective(CHAIN_FILES, chain.service).value.strip()
            or ctx.effective(setting.name, chain.service).override is not None
            for chain in ctx.settings((CHAIN_FILES,))
            if chain.service is not None
        )
    return found
