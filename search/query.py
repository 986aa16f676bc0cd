"""The search request: parsed from a query string, validated, with errors that name the parameter."""

from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .facets import FACETS, FACETS_BY_NAME

SORTS = {
    "relevance": gettext_lazy("Relevance"),
    "newest": gettext_lazy("Newest"),
    "fee": gettext_lazy("Fee (low to high)"),
    "hours": gettext_lazy("Study hours (short to long)"),
}
DEFAULT_PAGE_SIZE = 20
# One limit for every list of the API and the learner page (WAGTAILAPI_LIMIT_MAX).
MAX_PAGE_SIZE = settings.WAGTAILAPI_LIMIT_MAX
MAX_QUERY_LENGTH = 200
MAX_PAGE = 1000
MAX_RESULT_WINDOW = 10_000  # Elasticsearch's index.max_result_window


class InvalidSearchQuery(ValueError):
    """A parameter the search cannot use; ``errors`` maps each parameter to its message."""

    def __init__(self, errors):
        self.errors = errors
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))


@dataclass
class SearchQuery:
    text: str = ""
    filters: dict = field(default_factory=dict)  # facet name -> list of values
    sort: str = "relevance"
    page: int = 1
    page_size: int = DEFAULT_PAGE_SIZE

    @property
    def terms(self):
        """Whitespace-separated terms (full-width spaces too); every term must match."""
        return self.text.split()

    def selected(self, facet_name):
        return self.filters.get(facet_name, [])

    @property
    def offset(self):
        return (self.page - 1) * self.page_size


def parse_search_query(params, *, valid_values=None, strict=True):
    """Build a ``SearchQuery`` from a QueryDict-like object.

    ``strict`` (the API) raises ``InvalidSearchQuery`` on any bad parameter;
    otherwise (the HTML page) bad values are dropped and reported in
    ``query.errors`` so the learner still gets a page.
    """
    errors = {}
    text = " ".join((params.get("q") or "").split())
    if len(text) > MAX_QUERY_LENGTH:
        errors["q"] = _("Use at most %(max)s characters.") % {"max": MAX_QUERY_LENGTH}
        text = text[:MAX_QUERY_LENGTH]

    filters = {}
    for facet in FACETS:
        values = [v for v in params.getlist(facet.name) if v != ""]
        if not values:
            continue
        allowed = valid_values(facet) if valid_values else None
        unknown = [v for v in values if allowed is not None and v not in allowed]
        if unknown:
            errors[facet.name] = _("Unknown value: %(values)s") % {"values": ", ".join(unknown)}
        kept = list(dict.fromkeys(v for v in values if v not in unknown))
        if kept:
            filters[facet.name] = kept

    sort = params.get("sort") or "relevance"
    if sort not in SORTS:
        errors["sort"] = _("Choose one of: %(choices)s") % {"choices": ", ".join(SORTS)}
        sort = "relevance"

    page = _positive_int(params, "page", 1, MAX_PAGE, errors)
    page_size = _positive_int(params, "page_size", DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, errors)

    if page * page_size > MAX_RESULT_WINDOW and "page" not in errors:
        errors["page"] = _(
            "Pages beyond the first %(max)s results cannot be shown; narrow the search."
        ) % {"max": MAX_RESULT_WINDOW}
        page = 1

    unknown_params = set(params.keys()) - {"q", "sort", "page", "page_size", *FACETS_BY_NAME}
    if strict and unknown_params:
        for name in sorted(unknown_params):
            errors[name] = _("Unknown parameter.")
    if strict and errors:
        raise InvalidSearchQuery(errors)
    query = SearchQuery(text=text, filters=filters, sort=sort, page=page, page_size=page_size)
    query.errors = errors
    return query


def _positive_int(params, name, default, maximum, errors):
    raw = params.get(name)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except ValueError:
        errors[name] = _("Enter a whole number.")
        return default
    if not 1 <= value <= maximum:
        errors[name] = _("Enter a number from 1 to %(max)s.") % {"max": maximum}
        return default
    return value
