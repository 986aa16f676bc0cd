"""The learner's course search page: the URL is the whole state, and it works without JavaScript."""

from urllib.parse import urlencode

from django.shortcuts import render
from django.utils.translation import gettext as _

from .facets import FACETS
from .query import SORTS, parse_search_query
from .service import search


def allowed_values(facet):
    return facet.allowed()


def url_without(params, name, value=None):
    """The current query string with one value (or the whole parameter) removed, page reset."""
    pairs = [
        (key, v)
        for key in params
        for v in params.getlist(key)
        if key != "page" and not (key == name and (value is None or v == value))
    ]
    return "?" + urlencode(pairs) if pairs else "?"


def course_search(request):
    query = parse_search_query(request.GET, valid_values=allowed_values, strict=False)
    results = search(query)
    chips = [
        {
            "facet": facet.label,
            "label": next((v.label for v in results.facets[facet.name] if v.value == value), value),
            "remove_url": url_without(request.GET, facet.name, value),
        }
        for facet in FACETS
        for value in query.selected(facet.name)
    ]
    if query.text:
        chips.insert(
            0,
            {
                "facet": _("Keywords"),
                "label": query.text,
                "remove_url": url_without(request.GET, "q"),
            },
        )
    page_params = [(k, v) for k in request.GET for v in request.GET.getlist(k) if k != "page"]
    context = {
        "query": query,
        "results": results,
        "facets": [
            (facet, results.facets[facet.name]) for facet in FACETS if results.facets[facet.name]
        ],
        "sorts": SORTS.items(),
        "chips": chips,
        "page_query": urlencode(page_params),
        "errors": query.errors,
    }
    return render(request, "search/course_search.html", context)
