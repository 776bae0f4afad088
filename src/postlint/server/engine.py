"""The lint engine as the language server uses it: documents in, findings and fixes out."""

from __future__ import annotations

import os
import queue
import threading
from pathlib import Path

import attrs

from postlint.config import Settings
from postlint.discovery import SettingsResolver
from postlint.engine.diagnostics import Applicability, Diagnostic
from postlint.engine.fixes import FixError, fix_unit
from postlint.engine.registry import Registry
from postlint.engine.units import LintUnit, opened_within, outside_link_refusal
from postlint.files import (
    InputError,
    decode,
    inside,
    kind_for_path,
    looks_binary,
    read_regular,
    template_for_path,
)
from postlint.postfix.catalogue import Catalogue
from postlint.postfix.global_expansion import ExpansionCarry
from postlint.postfix.versions import NEWEST_STABLE, Version, parse_target
from postlint.session import SETUP_ERRORS, PluginPolicy, Resolved, Session, Sessions
from postlint.syntax import ConfigFile, FileKind, NodeReuse, parse
from postlint.syntax.templates import SUFFIXES


@attrs.frozen
class Document:
    path: Path
    text: str


def sibling_path(path: Path) -> Path:
    other = "main.cf" if kind_for_path(path) is FileKind.MASTER else "master.cf"
    suffix = path.name.split(".cf", 1)[1] if ".cf" in path.name else ""
    return path.with_name(other + (suffix if suffix in SUFFIXES else ""))


# The largest text the server lints (document or sibling): 16 MB, five times a dense
# 100,000-line main.cf. A lint keeps about 200 bytes per byte of a dense file, so the CLI's
# 64 MB cap would let a repository's giant main.cf take the editor's machine's memory.
MAX_TEXT = 16 * 2**20


def _read_sibling(path: Path) -> bytes | None:
    """The sibling's bytes, read as the CLI reads a sibling nobody named: a regular file, and
    through a symlink out of the document's directory only when a walk would lint it (a
    world-readable main.cf/master.cf). A repository's `main.cf -> ~/.ssh/id_rsa` must not end
    up in hovers and findings; `opened_within` checks the file actually opened again."""
    directory = path.parent
    try:
        if not path.is_file():
            return None
        leaves = path.is_symlink() and not inside(path, directory)
        if leaves and outside_link_refusal(path, directory) is not None:
            return None
        verify = opened_within(os.path.realpath(directory))
        return read_regular(path, MAX_TEXT, verify=verify)
    except (InputError, OSError, ValueError):  # context only: an unreadable sibling is no error
        return None


class ServerEngine:
    """Each lint is in-process, with the settings, plugins and rules the CLI would use for
    the same file (session.py); a config error is told to the editor, not swallowed.

    Lints may run on a worker thread: what the editor must be told (config errors, ignored
    untrusted files) waits in `messages` until the server takes it on its own thread.
    """

    def __init__(self) -> None:
        self.messages: queue.SimpleQueue[tuple[str, str]] = queue.SimpleQueue()
        self.policy = PluginPolicy.from_environment()
        # No caching of discovery: config files change while the editor is open.
        self.resolver = SettingsResolver(warn=self._warn, remember=False)
        self.sessions = Sessions(self.policy, warn=self._warn)
        # Hover and completion ask for the version on the event loop while a lint runs.
        self._lock = threading.Lock()
        self._errors: dict[Path, str] = {}  # the error last told, per directory
        self.catalogue: Catalogue = self.sessions.get(Settings()).catalogue
        # Per open file: nodes of its last parse, so an edit rebuilds only what changed,
        # and the values its last lint expanded, reused where what they read is unchanged.
        self._reuse: dict[Path, NodeReuse] = {}
        self._carry: dict[Path, ExpansionCarry] = {}
        self._too_large: set[Path] = set()  # told once, until the text is small again

    def notify(self, level: str, message: str) -> None:
        """Queue one line for the editor: level "error" or "warning"."""
        self.messages.put((level, message))

    def take_messages(self) -> list[tuple[str, str]]:
        taken = []
        while not self.messages.empty():
            taken.append(self.messages.get_nowait())
        return taken

    def _warn(self, message: str) -> None:
        self.notify("warning", message)

    @property
    def registry(self) -> Registry:
        """Every rule of every config seen so far (for hovers and tags)."""
        return self.sessions.registry

    def resolved(self, path: Path) -> tuple[Session, Resolved]:
        """The session and settings for a document (errors raised, to be told once)."""
        with self._lock:
            return self.sessions.resolve(self.resolver.for_path(path))

    def _setup(self, path: Path) -> tuple[Session, Resolved] | None:
        """As resolved(), but a config error is told to the editor (once) and gives None."""
        try:
            found = self.resolved(path)
        except SETUP_ERRORS as exc:
            message = str(exc)
            if self._errors.get(path.parent) != message:
                self._errors[path.parent] = message
                self.notify("error", message)
            return None
        self._errors.pop(path.parent, None)
        return found

    def forget(self, path: Path) -> None:
        """A document was closed: drop what its last parse (and its sibling's) kept."""
        self._reuse.pop(path, None)
        self._reuse.pop(sibling_path(path), None)
        self._carry.pop(path, None)

    def _parse(self, text: str, kind: FileKind, path: Path) -> ConfigFile:
        reuse = self._reuse.setdefault(path, NodeReuse())
        return parse(text, kind, str(path), template_for_path(path), reuse)

    def version(self, path: Path) -> Version:
        """The target release for hovers and completion (the default while the config is bad)."""
        try:
            return self.resolved(path)[1].version
        except SETUP_ERRORS:
            return parse_target(NEWEST_STABLE)

    def unit(self, doc: Document, open_docs: dict[Path, str]) -> LintUnit:
        """The document with its sibling (the open buffer if there is one, else the disk)."""
        kind = kind_for_path(doc.path)
        tree = self._parse(doc.text, kind, doc.path)
        unit = LintUnit(None, None, {kind}, doc.path.parent)
        other_path = sibling_path(doc.path)
        other: ConfigFile | None = None
        other_kind = FileKind.MAIN if kind is FileKind.MASTER else FileKind.MASTER
        if other_path in open_docs:
            if len(open_docs[other_path]) <= MAX_TEXT:  # else linted without its context
                other = self._parse(open_docs[other_path], other_kind, other_path)
        else:
            # Read on every lint (it may change on disk), parsed again only where it did.
            data = _read_sibling(other_path)
            if data is not None and not looks_binary(data):
                other = self._parse(decode(data), other_kind, other_path)
        if kind is FileKind.MAIN:
            unit.main, unit.master = tree, other
        else:
            unit.main, unit.master = other, tree
        return unit

    def _small_enough(self, doc: Document) -> bool:
        """Whether the document is small enough to lint; the editor is told once if not."""
        if len(doc.text) <= MAX_TEXT:
            self._too_large.discard(doc.path)
            return True
        if doc.path not in self._too_large:
            self._too_large.add(doc.path)
            self.notify("warning", f"{doc.path}: larger than {MAX_TEXT // 2**20} MB; not linted")
        return False

    def lint(self, doc: Document, open_docs: dict[Path, str]) -> tuple[LintUnit, list[Diagnostic]]:
        if not self._small_enough(doc):
            return self.unit(Document(doc.path, ""), {}), []
        unit = self.unit(doc, open_docs)
        setup = self._setup(doc.path)
        if setup is None:
            return unit, []  # the config is broken: told to the editor, no stale findings
        session, resolved = setup
        carry = self._carry.setdefault(doc.path, ExpansionCarry())
        return unit, session.linter.lint(unit, resolved.run_options(unit), carry)

    def fix_all(self, doc: Document, open_docs: dict[Path, str]) -> str | None:
        """The document with all safe fixes applied (None when nothing changes)."""
        if not self._small_enough(doc):
            return None
        unit = self.unit(doc, open_docs)
        setup = self._setup(doc.path)
        if setup is None:
            return None
        session, resolved = setup
        try:
            outcome = fix_unit(
                session.linter,
                unit,
                resolved.run_options(unit),
                Applicability.SAFE,
                resolved.fixable,
            )
        except FixError:
            return None
        return outcome.changed_texts().get(kind_for_path(doc.path))
