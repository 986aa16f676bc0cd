"""``GET /api/v3/courses/search/``: the learner search for other sites, same contract as the page."""

from django.http import HttpRequest
from ninja import Router, Schema, Status
from wagtail.api.v3.errors import ProblemDetail, problem_response

from manabi.api_support import page_link

from .query import InvalidSearchQuery, parse_search_query
from .service import search
from .views import allowed_values

router = Router(tags=["search"])


class FacetValueOut(Schema):
    value: str
    label: str
    count: int
    selected: bool


class SearchHitOut(Schema):
    id: int
    title: str
    summary: str
    level: int
    partner_name: str
    url: str
    fee_type: str
    fee_yen: int
    study_hours: float
    delivery: str
    highlights: dict[str, str]


class SearchOut(Schema):
    count: int
    items: list[SearchHitOut]
    facets: dict[str, list[FacetValueOut]]
    next: str | None
    previous: str | None


@router.get(
    "/",
    response={200: SearchOut, 400: ProblemDetail},
    url_name="course_search",
    summary="Search listed courses with facets",
    operation_id="courses_search",
    description=(
        "Parameters as on the learner page: `q`, one parameter per facet (repeat it for several "
        "values, OR within a facet, AND across facets), `sort` (relevance, newest, fee, hours), "
        "`page` and `page_size` (at most 100). Unknown parameters and values are a 400."
    ),
)
def course_search(request: HttpRequest):
    try:
        query = parse_search_query(request.GET, valid_values=allowed_values, strict=True)
    except InvalidSearchQuery as exc:
        return problem_response(
            status=400,
            title="Invalid search parameters",
            detail=str(exc),
            errors=[
                {"loc": ["query", name], "msg": message} for name, message in exc.errors.items()
            ],
        )
    results = search(query)
    return Status(
        200,
        {
            "count": results.total,
            "items": [
                {**hit.__dict__, "highlights": {k: str(v) for k, v in hit.highlights.items()}}
                for hit in results.hits
            ],
            "facets": {
                name: [v.__dict__ for v in values] for name, values in results.facets.items()
            },
            "next": page_link(request, results.page + 1) if results.has_next else None,
            "previous": page_link(request, results.page - 1) if results.has_previous else None,
        },
    )
