"""The learner's course search page: the URL is the whole state, and it works without JavaScript."""

from urllib.parse import urlencode

from django.shortcuts import render
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from catalogue.models import Course

from .facets import FACETS, FACETS_BY_NAME
from .query import SORTS, parse_search_query
from .service import search

# Facets with many values show their top values by count; `more=<facet>` shows all of them.
# Keeps the page small: listing every provider made each response ~93 KB.
FACET_TOP_VALUES = {"partner": 8, "prefecture": 8, "role": 10, "skill_category": 10, "exam": 8}
# Facets open on first sight; the others start collapsed (every facet with a selection is open).
OPEN_FACETS = {"level", "fee_type", "study_time", "delivery"}


# One facet value: a checkbox and its label with the count. Built with format_html_join rather
# than a template loop: a page shows ~70–100 values, and resolving their seven variables each
# through the template language was more than half of the page's rendering time.
FACET_VALUE_HTML = (
    '<li><input type="checkbox" id="f-{0}-{1}" name="{0}" value="{2}"{3}> '
    '<label for="f-{0}-{1}">{4} <span class="count">({5})</span></label></li>'
)
CHECKED = mark_safe(" checked")


def facet_value_items(name, values):
    """The list items of one facet panel, escaped like the template would."""
    return format_html_join(
        "\n",
        FACET_VALUE_HTML,
        (
            (name, n, v.value, CHECKED if v.selected else "", v.label, f"{v.count:,}")
            for n, v in enumerate(values, start=1)
        ),
    )


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


def url_with(params, name, value):
    pairs = [(k, v) for k in params for v in params.getlist(k) if k not in ("page", name)]
    return "?" + urlencode([*pairs, (name, value)])


def facet_panels(request, results, query):
    """Each facet with values: its shown values, how many are hidden and the link that shows them."""
    expanded = set(request.GET.getlist("more"))
    panels = []
    for facet in FACETS:
        values = results.facets[facet.name]
        if not values:
            continue
        limit = FACET_TOP_VALUES.get(facet.name)
        shown, hidden = values, 0
        if limit and len(values) > limit and facet.name not in expanded:
            top = sorted(values, key=lambda v: (not v.selected, -v.count))[:limit]
            keep = {v.value for v in top}
            shown = [v for v in values if v.value in keep]
            hidden = len(values) - len(shown)
        panels.append(
            {
                "facet": facet,
                "items": facet_value_items(facet.name, shown),
                "hidden": hidden,
                "more_url": url_with(request.GET, "more", facet.name) if hidden else "",
                "open": facet.name in OPEN_FACETS
                or facet.name in expanded
                or bool(query.selected(facet.name)),
                "selected": sum(1 for v in values if v.selected),
            }
        )
    return panels


def card(hit, subsidy_labels, prefecture_labels):
    """What a result card shows beside the title: level, fee, study time, delivery, subsidies."""
    return {
        "hit": hit,
        "fee": _("Free") if hit.fee_type == "free" else f"{hit.fee_yen:,}円",
        "partly_free": hit.fee_type == "partly_free",
        "hours": f"{hit.study_hours:g}",
        # The same messages the template's blocktranslate used ("Level %(level)s", "%(hours)s h").
        "level": _("Level %(level)s") % {"level": hit.level},
        "hours_text": _("%(hours)s h") % {"hours": f"{hit.study_hours:g}"},
        "delivery": Course.Delivery(hit.delivery).label if hit.delivery else "",
        "prefecture": prefecture_labels.get(hit.prefecture, ""),
        "subsidies": [subsidy_labels.get(code, code) for code in hit.subsidies],
    }


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
    subsidy_labels = dict(FACETS_BY_NAME["subsidy"].values())
    prefecture_labels = dict(FACETS_BY_NAME["prefecture"].values())
    context = {
        "query": query,
        "results": results,
        "cards": [card(hit, subsidy_labels, prefecture_labels) for hit in results.hits],
        "facets": facet_panels(request, results, query),
        "expanded": [name for name in request.GET.getlist("more") if name in FACET_TOP_VALUES],
        "selected_count": sum(len(v) for v in query.filters.values()),
        "sorts": SORTS.items(),
        "chips": chips,
        "page_query": urlencode(page_params),
        "errors": query.errors,
    }
    return render(request, "search/course_search.html", context)
