"""Site-wide request checks. The API's own middleware is in ``manabi.api.middleware``; rate-limit
counting and the client address are in ``manabi.ratelimit``."""

from django.http import HttpResponse
from wagtail.api.v3.errors import problem_response

API_PREFIX = "/api/"


def is_api(request):
    return request.path.startswith(API_PREFIX)


class RejectNulCharactersMiddleware:
    """A NUL character in a query parameter is a 400: PostgreSQL cannot even compare with one.

    Form fields already refuse NUL (Django's CharField does); query strings
    reach filters and searches directly.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "%00" in request.META.get("QUERY_STRING", "") or any(
            "\x00" in value for _key, values in request.GET.lists() for value in values
        ):
            if is_api(request):
                return problem_response(
                    status=400, detail="Query parameters may not contain NUL characters."
                )
            return HttpResponse("Bad Request", status=400, content_type="text/plain; charset=utf-8")
        # Wagtail 8.0's v3 page API reads ``site=host:port`` and crashes (500) on a
        # port that is not a number; answer 400 until Wagtail validates it itself.
        site = request.GET.get("site", "") if is_api(request) else ""
        if ":" in site and not site.rsplit(":", 1)[1].isdigit():
            return problem_response(status=400, detail="site: use hostname or hostname:port.")
        return self.get_response(request)
