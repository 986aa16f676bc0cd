"""A request id on every log record and response, and one log line per request.

The id comes from the proxy's ``X-Request-ID`` when it looks like one (so nginx's
``$request_id`` ties its access log to ours) or is made up here. It lives in a
context variable, so log records made anywhere while the request is handled —
Django, Wagtail, the search fallback — carry it without being passed around.
"""

import logging
import re
import time
import uuid
from contextvars import ContextVar

from django.conf import settings

_request_id = ContextVar("request_id", default="-")
# Anything else a client sends is replaced: the id goes into log lines verbatim.
_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{8,128}$")

logger = logging.getLogger("manabi.request")


def current_request_id():
    """The id of the request being handled in this context, or ``-`` outside one."""
    return _request_id.get()


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` to every record so formatters can print it."""

    def filter(self, record):
        record.request_id = _request_id.get()
        return True


class RequestIdMiddleware:
    """First in MIDDLEWARE: sets the id before anything can log, and logs the outcome."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        supplied = request.META.get(settings.REQUEST_ID_HEADER, "")
        request_id = supplied if _SAFE_ID.match(supplied) else uuid.uuid4().hex
        token = _request_id.set(request_id)
        request.request_id = request_id
        started = time.monotonic()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request_id
            logger.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round((time.monotonic() - started) * 1000, 1),
                },
            )
            return response
        finally:
            _request_id.reset(token)
