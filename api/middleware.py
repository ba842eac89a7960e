"""Two small ASGI middlewares (request ids and the request body limit) and what CORS exposes.

They are plain ASGI callables rather than ``BaseHTTPMiddleware`` so that they
add no task or buffering per request and see the raw byte stream.
"""

from __future__ import annotations

import contextvars
import logging
import re
import uuid

from fastapi import HTTPException
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = [
    "BodyLimitMiddleware",
    "BodyTooLarge",
    "RequestIdFilter",
    "RequestIdMiddleware",
    "current_request_id",
    "CORS_EXPOSED_HEADERS",
    "REQUEST_ID_HEADER",
]

REQUEST_ID_HEADER = "X-Request-ID"
#: A caller's id is echoed into headers and logs, so only harmless ids are kept.
_SAFE_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
#: Response headers a page on another origin may read (CORS hides all but a few
#: simple ones): the request id, a learner's version, where a new learner lives,
#: when to retry, and a download's file name (the calendar, the checklist, an
#: exported profile), which a page needs to offer the file under its name.
CORS_EXPOSED_HEADERS = (REQUEST_ID_HEADER, "ETag", "Location", "Retry-After", "Content-Disposition")
_request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar("mlpath_request_id", default=None)


def current_request_id() -> str | None:
    """The id of the request being handled in this context, if any."""
    return _request_id.get()


class RequestIdFilter(logging.Filter):
    """Give every log record a ``request_id`` attribute ("-" outside requests).

    A record that already has one (``extra={"request_id": ...}``, used by the
    catch-all handler, which runs after the middleware has finished) keeps it.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", None):
            record.request_id = _request_id.get() or "-"
        return True


class RequestIdMiddleware:
    """Accept a safe ``X-Request-ID`` or make one; echo it on the response.

    The id is stored in a context variable (for log records and problem
    bodies) and in ``scope["state"]`` (for the catch-all error handler, which
    Starlette runs outside every user middleware).
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        offered = Headers(scope=scope).get(REQUEST_ID_HEADER)
        request_id = offered if offered and _SAFE_ID.match(offered) else uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message)[REQUEST_ID_HEADER] = request_id
            await send(message)

        token = _request_id.set(request_id)
        try:
            await self.app(scope, receive, send_with_id)
        finally:
            _request_id.reset(token)


class BodyTooLarge(HTTPException):
    """Raised while reading a body that outgrew the limit.

    It is an ``HTTPException`` because FastAPI re-raises those unchanged from
    body parsing, so the normal problem handler answers with a 413.
    """

    def __init__(self, limit: int) -> None:
        super().__init__(status_code=413, detail=f"the request body exceeds the limit of {limit} bytes")


class BodyLimitMiddleware:
    """Refuse bodies over ``max_bytes``: by ``Content-Length`` before the app
    runs, and by counting the bytes actually received (chunked uploads and
    lying headers)."""

    def __init__(self, app: ASGIApp, *, max_bytes: int, on_too_large: ASGIApp) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.on_too_large = on_too_large

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = Headers(scope=scope).get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            await self.on_too_large(scope, receive, send)
            return
        received = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise BodyTooLarge(self.max_bytes)
            return message

        async def watching_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, watching_send)
        except BodyTooLarge:
            # Raised outside FastAPI's body parsing (for example by another
            # middleware reading the body): answer here if still possible.
            if started:
                raise
            await self.on_too_large(scope, receive, send)
