"""``GET /api/v3/courses/search/``: the learner search for other sites, same contract as the page."""

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from pydantic import BaseModel
from wagtail.api.v3.errors import ProblemDetail, problem_response

from catalogue.api.schemas import URL_ALIAS_UNTIL, CourseCardOut, PartnerRef
from manabi.api.support import page_link

from .facets import FACETS
from .query import (
    DEFAULT_PAGE_SIZE,
    MAX_PAGE,
    MAX_PAGE_SIZE,
    MAX_QUERY_LENGTH,
    SORTS,
    InvalidSearchQuery,
    parse_search_query,
)
from .service import search
from .views import allowed_values

router = Router(tags=["search"])


class FacetValueOut(BaseModel):
    # A plain pydantic model, not ninja's ``Schema``: a response lists a few hundred facet values
    # (every provider) and ``Schema`` resolves each field of each through Python, a fifth of the
    # time of a search. The values are plain dicts, so nothing needs its ORM-attribute lookup.
    value: str
    label: str
    count: int
    selected: bool


class SearchHitOut(CourseCardOut):
    """A course card as in `/courses/` (the same fields, names and types), with highlights."""

    highlights: dict[str, str] = Field(
        description="`title` and `summary` as escaped HTML with the matched words in <mark>"
    )
    url: str = Field(
        description="Deprecated: the same as `public_url` (the course page on this site); "
        f"sent until {URL_ALIAS_UNTIL}. In `/courses/` the provider's page is `course_url`.",
        json_schema_extra={"deprecated": True},
    )

    @staticmethod
    def resolve_highlights(obj):
        return {name: str(marked) for name, marked in obj.highlights.items()}

    @staticmethod
    def resolve_url(obj):
        return obj.get_absolute_url()


class SearchOut(Schema):
    count: int
    items: list[SearchHitOut]
    facets: dict[str, list[FacetValueOut]]
    next: str | None
    previous: str | None


# Facets whose values are fixed in code (choices and buckets) are enums in the
# document; the others hold taxonomy codes and partner ids, which are data the
# secretariat edits, listed in each response's ``facets``.
DATA_FACETS = {"subsidy", "reskill_field", "role", "skill_category", "exam", "partner"}
# Facets whose values are integers, as the same parameters of /courses/ are.
INTEGER_FACETS = {"level", "partner"}


def query_parameter(name, schema, description):
    return {
        "in": "query",
        "name": name,
        "required": False,
        "schema": schema,
        "description": description,
        "style": "form",
        "explode": True,
    }


def search_parameters():
    """The documented parameters of the search, built from the facet declarations."""
    parameters = [
        query_parameter(
            "q",
            {"type": "string", "maxLength": MAX_QUERY_LENGTH},
            "Words to find; all must match.",
        ),
    ]
    for spec in FACETS:
        cast, item = (
            (int, {"type": "integer"}) if spec.name in INTEGER_FACETS else (str, {"type": "string"})
        )
        if spec.name not in DATA_FACETS:
            item["enum"] = [cast(value) for value, _label in spec.load_values()]
        parameters.append(
            query_parameter(
                spec.name,
                {"type": "array", "items": item},
                f"Facet `{spec.name}`: repeat for several values (OR); facets combine with AND.",
            )
        )
    parameters += [
        query_parameter(
            "sort", {"type": "string", "enum": list(SORTS), "default": "relevance"}, "Order."
        ),
        query_parameter(
            "page", {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1}, "Page."
        ),
        query_parameter(
            "page_size",
            {
                "type": "integer",
                "minimum": 1,
                "maximum": MAX_PAGE_SIZE,
                "default": DEFAULT_PAGE_SIZE,
            },
            "Hits a page.",
        ),
    ]
    return parameters


@router.get(
    "/",
    response={200: SearchOut, 400: ProblemDetail},
    openapi_extra={"parameters": search_parameters()},
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
        SearchOut.model_construct(
            count=results.total,
            items=[hit_item(hit) for hit in results.hits],
            facets={
                name: [facet_value(v) for v in values] for name, values in results.facets.items()
            },
            next=page_link(request, results.page + 1) if results.has_next else None,
            previous=page_link(request, results.page - 1) if results.has_previous else None,
        ),
    )


def hit_item(hit):
    """``SearchHitOut`` of a ``SearchHit``, built directly (``model_construct``) in the schema's types.

    Validating the response resolved each field of each hit through ninja's ``DjangoGetter``:
    a tenth of a search request. The conversions are the ones validation made (both backends'
    hits carry these types or their string and decimal forms); ninja serialises the items as
    usual, and ``tests/api/test_shapes.py`` compares the JSON with the validated schema's.
    """
    url = hit.get_absolute_url()
    return SearchHitOut.model_construct(
        id=int(hit.id),
        title=str(hit.title),
        summary=str(hit.summary),
        level=int(hit.level),
        fee_type=str(hit.fee_type),
        fee_yen=int(hit.fee_yen),
        study_hours=float(hit.study_hours),
        delivery=str(hit.delivery),
        partner=PartnerRef.model_construct(id=int(hit.partner.id), name=str(hit.partner.name)),
        public_url=url,
        highlights={name: str(marked) for name, marked in hit.highlights.items()},
        url=url,
    )


def facet_value(value):
    return FacetValueOut.model_construct(
        value=str(value.value), label=str(value.label), count=value.count, selected=value.selected
    )
