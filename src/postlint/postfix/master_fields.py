"""The eight fields of a master.cf entry as postconf and master check them (a bad one is
fatal there): the `show` command, the fix engine and PL503 share this check."""

from __future__ import annotations

from postlint.postfix.value_types import is_number
from postlint.postfix.versions import Version
from postlint.syntax.ast import Service


def master_field_problem(service: Service, version: Version) -> str | None:
    """postconf's per-field check of a master.cf entry (fatal in postconf and master)."""
    raw = service.logical.text.replace("\n", " ")
    types = {"unix", "fifo", "inet", "pass"}
    if version >= Version(3, 4):
        types.add("unix-dgram")
    if service.type not in types:
        return f'invalid type field "{service.type}" in "{raw}"'
    for label, value in (
        ("private", service.private),
        ("unprivileged", service.unprivileged),
        ("chroot", service.chroot),
    ):
        if len(value) != 1 or value not in "yn-":
            return f'invalid {label} field "{value}" in "{raw}"'
    wakeup = service.wakeup
    digits = wakeup[:-1] if wakeup.endswith("?") else wakeup
    if not (wakeup[:1] == "-" and len(digits) == 1) and not (digits == "" or is_number(digits)):
        return f'invalid wakeup field "{wakeup}" in "{raw}"'
    limit = service.process_limit
    if limit != "-" and limit.strip("0123456789"):
        return f'invalid process_limit field "{limit}" in "{raw}"'
    return None
