"""Wagtail's v3 API, extended with each app's own routers (one OpenAPI document).

``openapi.py`` adds what Ninja does not document by itself; ``middleware.py``
holds the API's HTTP behaviour; ``support.py`` the pieces routers share.
"""

from ninja.errors import ValidationError as NinjaValidationError
from wagtail.api.v3.errors import problem_response
from wagtail.api.v3.urls import api

from catalogue.api import courses_router, partner_api, partners_router
from search.api import router as search_router

from .openapi import complete_openapi_schema

# Routers must be added before ``api.urls`` is first read. The search router
# comes before the course router so that /courses/search/ is not read as an id.
api.add_router("/courses/search/", search_router)
api.add_router("/courses/", courses_router)
api.add_router("/partners/", partners_router)
api.add_router("/partner/", partner_api)


def field_path(loc):
    """Ninja's ``["body", "data", "rows", 1, "prefecture"]`` as ``["body", "rows[1].prefecture"]``.

    One shape for every field error, whether the schema or the model's rules refused it.
    """
    location, *rest = loc
    if location == "body" and len(rest) > 1:
        rest = rest[1:]  # the view's parameter name, not part of the document
    path = ""
    for part in rest:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return [location, path] if path else [location]


@api.exception_handler(NinjaValidationError)
def validation_error(request, exc):
    errors = [
        {"type": error.get("type", ""), "loc": field_path(error["loc"]), "msg": error["msg"]}
        for error in exc.errors
    ]
    return problem_response(status=422, detail="Validation failed", errors=errors)


_build_schema = api.get_openapi_schema


def get_openapi_schema(*args, **kwargs):
    return complete_openapi_schema(_build_schema(*args, **kwargs))


api.get_openapi_schema = get_openapi_schema

__all__ = ["api"]
