"""The open documents, kept with LSP's own line rules.

pygls keeps a copy too, but it applies incremental edits to `str.splitlines` lines, which break
at form feed, U+0085 and U+2028 where the client sees no line break: an edit after such a
character lands on the wrong line. The server reads only this copy.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlparse

import attrs
from lsprotocol import types
from pygls.workspace.position_codec import PositionCodec

from postlint.server.positions import LineIndex


def uri_to_path(uri: str) -> Path:
    return Path(unquote(urlparse(uri).path))


def is_local_file(uri: str) -> bool:
    """Whether a document URI names a file on this machine.

    The server reads the sibling file and postlint's config from the document's directory:
    for `untitled:Untitled-1` that would be the server's working directory, for
    `https://host/main.cf` or `file://host/...` the root of this machine, and a `%00` in the
    path makes every file-system call raise. Such documents are not linted.
    """
    parts = urlparse(uri)
    path = unquote(parts.path)
    return (
        parts.scheme == "file"
        and parts.netloc in ("", "localhost")
        and path.startswith("/")
        and "\x00" not in path
    )


def path_to_uri(path: Path) -> str:
    return path.absolute().as_uri()


@attrs.frozen
class OpenDocument:
    uri: str
    version: int
    text: str

    @property
    def path(self) -> Path:
        return uri_to_path(self.uri)


class Documents:
    """What the client has open, by URI, at the version it last sent."""

    def __init__(self) -> None:
        self._open: dict[str, OpenDocument] = {}
        # The line index of each document's current text, once built: an edit's positions
        # are converted with it, and the lint worker builds the next one.
        self._indexes: dict[str, LineIndex] = {}

    def index(self, doc: OpenDocument, codec: PositionCodec) -> LineIndex:
        index = self._indexes.get(doc.uri)
        if index is None or index.text is not doc.text:
            index = self._indexes[doc.uri] = LineIndex(doc.text, codec)
        return index

    def remember(self, uri: str, index: LineIndex) -> None:
        """Keep a line index built elsewhere (by the lint) while its text is current."""
        doc = self._open.get(uri)
        if doc is not None and doc.text is index.text:
            self._indexes[uri] = index

    def get(self, uri: str) -> OpenDocument | None:
        return self._open.get(uri)

    def is_current(self, uri: str, version: int) -> bool:
        doc = self._open.get(uri)
        return doc is not None and doc.version == version

    def open(self, item: types.TextDocumentItem) -> OpenDocument | None:
        """Keep the document; None (not kept, so never linted) when it is no local file."""
        if not is_local_file(item.uri):
            return None
        doc = self._open[item.uri] = OpenDocument(item.uri, item.version, item.text)
        return doc

    def change(
        self, params: types.DidChangeTextDocumentParams, codec: PositionCodec
    ) -> OpenDocument | None:
        uri = params.text_document.uri
        doc = self._open.get(uri)
        if doc is None:
            return None
        text = doc.text
        for number, change in enumerate(params.content_changes):
            if isinstance(change, types.TextDocumentContentChangePartial):
                # Each change's range refers to the text as left by the change before it.
                index = self.index(doc, codec) if number == 0 else LineIndex(text, codec)
                start, end = index.offset(change.range.start), index.offset(change.range.end)
                text = text[:start] + change.text + text[max(start, end) :]
            else:
                text = change.text
        doc = self._open[uri] = OpenDocument(uri, params.text_document.version, text)
        return doc

    def close(self, uri: str) -> None:
        self._open.pop(uri, None)
        self._indexes.pop(uri, None)

    def texts(self) -> dict[Path, str]:
        """Open buffers by path: a sibling that is open is linted as the editor shows it."""
        return {doc.path: doc.text for doc in self._open.values()}
