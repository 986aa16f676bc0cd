"""Search words are bounded before any backend sees them: a long query is a 400, never a 500.

The search backends build one nested expression per term (Wagtail's database
backend, our course search): a few dozen terms exceed Python's recursion
limit while the SQL is compiled. No person types that many, so a query longer
than ``SEARCH_QUERY_MAX_LENGTH`` characters or ``SEARCH_QUERY_MAX_TERMS`` words,
in any search parameter of the admin, the API or the site, is refused.
"""

from django.conf import settings
from django.http import HttpResponseBadRequest
from django.utils.translation import gettext as _
from wagtail.api.v3.errors import problem_response

SEARCH_PARAMETERS = ("q", "search", "query")


def too_long(value):
    return (
        len(value) > settings.SEARCH_QUERY_MAX_LENGTH
        or len(value.split()) > settings.SEARCH_QUERY_MAX_TERMS
    )


class SearchQueryLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if any(
            too_long(value) for name in SEARCH_PARAMETERS for value in request.GET.getlist(name)
        ):
            message = _("The search words are too many. Please shorten the search.")
            if request.path.startswith("/api/"):
                return problem_response(status=400, detail=message)
            return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
