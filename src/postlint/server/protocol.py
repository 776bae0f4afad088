"""JSON-RPC rules pygls leaves to the server: answer unreadable requests and requests after
shutdown with an error, and remember how `exit` wants the process to end."""

from __future__ import annotations

import json
import logging
from collections.abc import Generator
from typing import Any

from lsprotocol import types
from pygls.exceptions import JsonRpcInternalError, JsonRpcInvalidParams, JsonRpcInvalidRequest
from pygls.protocol import LanguageServerProtocol, lsp_method

logger = logging.getLogger(__name__)


class _Unreadable:
    """Stands in for a message whose params did not match the method's type (already answered)."""


class PostlintProtocol(LanguageServerProtocol):
    # Set by `exit`: 0 after `shutdown`, else 1 (the LSP specification's rule).
    exit_code: int | None = None

    @property
    def shutdown_received(self) -> bool:
        return self._shutdown

    def notify_json(self, method: str, params: str) -> None:
        """Send a notification whose params are JSON text already (server/publish.py).

        pygls's own `notify` would turn them into objects and back (cattrs); the framing and
        the error handling are its `_send_data`'s.
        """
        if self.writer is None:
            logger.error("no transport to send %s", method)
            return
        body = f'{{"jsonrpc": "2.0", "method": {json.dumps(method)}, "params": {params}}}'
        data = body.encode(self.CHARSET)
        header = (
            f"Content-Length: {len(data)}\r\n"
            f"Content-Type: {self.CONTENT_TYPE}; charset={self.CHARSET}\r\n\r\n"
        )
        try:
            self.writer.write(header.encode("ascii") + data)  # stdio: written and flushed
        except BrokenPipeError:
            logger.exception("Error sending data. BrokenPipeError")
            raise
        except Exception as error:
            logger.exception("Error sending data")
            self._server._report_server_error(error, JsonRpcInternalError)

    def structure_message(self, data: dict[str, Any]) -> Any:
        try:
            return super().structure_message(data)
        except JsonRpcInvalidParams:
            method = data.get("method")
            if "id" in data and isinstance(method, str):
                # pygls would log and drop it, leaving the client waiting forever.
                error = JsonRpcInvalidParams(f"invalid params for {method}")
                self._send_response(data["id"], error=error.to_response_error())
            else:
                logger.warning("dropped a notification with invalid params: %.80s", method)
            return _Unreadable()

    def handle_message(self, message: Any) -> None:
        if isinstance(message, _Unreadable):
            return
        method = getattr(message, "method", None)
        is_request = method is not None and getattr(message, "id", None) is not None
        if self._shutdown and is_request:
            # pygls drops these silently; the specification wants InvalidRequest.
            error = JsonRpcInvalidRequest(f"{method}: the server is shutting down")
            self._send_response(message.id, error=error.to_response_error())
            return
        super().handle_message(message)

    # The open documents live in the server's own store (server/documents.py). pygls's copy
    # splits lines with str.splitlines, and while applying an edit it clamps the params' own
    # positions in place to its wrong line lengths, so the handler would see them corrupted.
    @lsp_method(types.TEXT_DOCUMENT_DID_OPEN)
    def lsp_text_document__did_open(self, params: Any) -> Generator[Any, Any, None]:
        yield from self._user_handler(types.TEXT_DOCUMENT_DID_OPEN, params)

    @lsp_method(types.TEXT_DOCUMENT_DID_CHANGE)
    def lsp_text_document__did_change(self, params: Any) -> Generator[Any, Any, None]:
        yield from self._user_handler(types.TEXT_DOCUMENT_DID_CHANGE, params)

    @lsp_method(types.TEXT_DOCUMENT_DID_CLOSE)
    def lsp_text_document__did_close(self, params: Any) -> Generator[Any, Any, None]:
        yield from self._user_handler(types.TEXT_DOCUMENT_DID_CLOSE, params)

    def _user_handler(self, method: str, params: Any) -> Generator[Any, Any, None]:
        handler = self.fm.features.get(method)
        if handler is not None:
            yield handler, (params,), None

    @lsp_method(types.EXIT)
    def lsp_exit(self, *args: Any) -> Generator[Any, Any, None]:
        # pygls raises SystemExit with the right code, but its IO loop swallows it and the
        # process ends with 0 whatever the client did; serve() returns this instead.
        self.exit_code = 0 if self._shutdown else 1
        yield from super().lsp_exit(*args)
