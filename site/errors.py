"""The server-error handler: a database outage is a 503 the client may retry, not a 500.

While PostgreSQL restarts or fails over, every request that needs it fails. Django
turns the exception into a response wherever it was raised (in a view or in a
middleware such as sessions), then calls ``handler500``; this handler looks at the
exception being handled and answers ``503 Service Unavailable`` with
``Retry-After`` for a lost database connection, so load balancers, API clients
and people know to try again shortly. Nothing was acknowledged, so nothing is lost.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template import loader

RETRY_AFTER_SECONDS = 5


def _database_unavailable():
    exc = sys.exc_info()[1]
    return isinstance(exc, OperationalError | InterfaceError)


def server_error(request, template_name="500.html"):
    """``handler500``: 503 + Retry-After for a database outage, the 500 page otherwise."""
    outage = _database_unavailable()
    status = 503 if outage else 500
    if request.path.startswith("/api/"):
        response = JsonResponse(
            {
                "type": "about:blank",
                "title": "Service Unavailable" if outage else "Internal Server Error",
                "status": status,
                "detail": "The database is not answering; try again shortly."
                if outage
                else "An unexpected error occurred.",
            },
            status=status,
            content_type="application/problem+json",
        )
    else:
        template = loader.get_template("503.html" if outage else template_name)
        response = HttpResponse(template.render(), status=status)
    if outage:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
