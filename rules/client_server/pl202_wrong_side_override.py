"""PL202: a client (smtp_) parameter on a server service, or the reverse, in master.cf."""

from __future__ import annotations

from collections.abc import Iterator

from postlint_rules.client_server.daemons import own_twin

from postlint.api import Context, Diagnostic, Readers, Rule, Service, Severity

SERVER_PROGRAMS = ("smtpd", "postscreen", "tlsproxy")
CLIENT_PROGRAMS = ("smtp", "lmtp")


class WrongSideOverride(Rule):
    """An `-o` override that the service's program never reads.

    ## What it does
    Reports `-o smtp_*` or `-o lmtp_*` (client parameters) on services that run `smtpd`,
    `postscreen` or `tlsproxy` (except the `smtp_tls_*` names tlsproxy reads for its client
    side), and `-o smtpd_*` or `-o postscreen_*` on services that run `smtp` or `lmtp`.

    The message names the twin the service's program reads (`smtpd_` for smtpd,
    `postscreen_` for postscreen, `smtp_`/`lmtp_` for the clients) when it exists, and
    otherwise says to delete the line.

    It also reports any other `-o` of a Postfix parameter that the service's program never
    reads, while another Postfix program does: `relayhost` on an smtp service (the address
    resolver, trivial-rewrite, chooses the relay), `non_smtpd_milters` on smtpd (cleanup runs
    them), `relay_destination_concurrency_limit` (the queue manager reads it, from main.cf),
    `smtp_*` names on an lmtp service. Which program reads which parameter comes from
    Postfix's sources; a name that a value the program reads refers to (`$name`) counts as
    read, and nothing is reported for a program that is not Postfix's.

    ## Why it matters
    postconf accepts any valid name in any service, so nothing warns; the override silently
    does nothing. `-o smtp_tls_security_level=encrypt` on the submission service does not
    require TLS from mail clients, and `-o relayhost=[smarthost]:587` on a transport does not
    send its mail through that relay.

    ## Example
    ```
    submission inet n - n - - smtpd
      -o smtp_tls_security_level=encrypt
    slow unix - - n - - smtp
      -o slow_destination_concurrency_limit=1
    ```

    ## Use instead
    ```
    submission inet n - n - - smtpd
      -o smtpd_tls_security_level=encrypt
    slow unix - - n - - smtp
    ```
    and in main.cf: `slow_destination_concurrency_limit = 1`.

    ## Fix safety
    No automatic fix: the intended parameter is usually, but not always, the twin.

    ## References
    - master(5) "-o name=value"; SMTP_VS_SMTPD reference notes
    """

    code = "PL202"
    name = "wrong-side-override"
    family = "client-server"
    severity = Severity.WARNING

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        if ctx.master is None:
            return
        service_names = ctx.config.service_defaults
        readers = ctx.config.readers  # shared with the model, which asks the same
        for svc in ctx.master.services():
            for override in svc.overrides:
                name = override.name
                if not name or name_span_missing(override):
                    continue
                message = None
                if name not in service_names:
                    message = _wrong_side(ctx, svc, name)
                if message is not None and _read(readers, svc, name):
                    # By Postfix's sources the program reads it after all (tlsproxy reads
                    # the smtp_tls_* names for its client side).
                    message = None
                elif message is None and name in ctx.config.builtin_or_service:
                    message = _unread(readers, svc, name)
                if message is not None:
                    yield ctx.diagnostic(ctx.master, override.span, message, service=svc)


def _wrong_side(ctx: Context, svc: Service, name: str) -> str | None:
    """A client parameter on a server service, or the reverse."""
    info = ctx.catalogue.get(name)
    if info is None or info.side is None:
        return None
    program = svc.program
    if program in SERVER_PROGRAMS and info.side == "client" and not name.startswith("smtpd_"):
        twin = own_twin(svc, name, ctx.config.builtin_names)
        return (
            f"{name} is an SMTP client (outbound) parameter; {svc.key} runs "
            f"{program}, which ignores it" + _advice(twin)
        )
    if program in CLIENT_PROGRAMS and info.side == "server":
        twin = own_twin(svc, name, ctx.config.builtin_names)
        return (
            f"{name} is an SMTP server (inbound) parameter; {svc.key} runs "
            f"{program}, which ignores it" + _advice(twin)
        )
    return None


def _read(readers: Readers, svc: Service, name: str) -> bool:
    answer = readers.read(svc, name)
    return answer is not None and answer.reads


def _unread(readers: Readers, svc: Service, name: str) -> str | None:
    """Any other parameter the service's program never reads, by Postfix's sources."""
    answer = readers.unread(svc, name)
    if answer is None:
        return None
    others = ", ".join(answer.read_by)
    twin = own_twin(svc, name, readers.config.builtin_names)
    if twin is not None and _read(readers, svc, twin):
        advice = f"did you mean {twin}?"
    else:
        advice = f"delete it, or set it in main.cf for {others}"
    return (
        f"{name} is read by {others}, not by {answer.program}: this -o has no effect on "
        f"{svc.key}; {advice}"
    )


def _advice(twin: str | None) -> str:
    """Name the twin the program reads, else say the line does nothing."""
    return f"; did you mean {twin}?" if twin else "; delete this -o"


def name_span_missing(override: object) -> bool:
    return getattr(override, "name_span", None) is None
