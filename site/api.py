"""Wagtail's v3 API, extended with each app's own routers (one OpenAPI document)."""

from wagtail.api.v3.urls import api

from catalogue.api import courses_router, partner_api, partners_router
from search.api import router as search_router

# Routers must be added before ``api.urls`` is first read. The search router
# comes before the course router so that /courses/search/ is not read as an id.
api.add_router("/courses/search/", search_router)
api.add_router("/courses/", courses_router)
api.add_router("/partners/", partners_router)
api.add_router("/partner/", partner_api)

_build_schema = api.get_openapi_schema


def get_openapi_schema(*args, **kwargs):
    """The schema, with error responses documented as RFC 7807 ``application/problem+json``.

    Ninja documents every response as application/json, but Wagtail's error
    handlers (and ours) answer 4xx with problem JSON.
    """
    schema = _build_schema(*args, **kwargs)
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            # Any parameter may be refused with a 400 (a NUL character, or a limit
            # above WAGTAILAPI_LIMIT_MAX) or a 422 (invalid for Wagtail's own
            # endpoints), which Ninja does not document by itself.
            names = {parameter.get("name") for parameter in operation.get("parameters", [])}
            responses = operation.setdefault("responses", {})
            problem = {
                "application/json": {"schema": {"$ref": "#/components/schemas/ProblemDetail"}}
            }
            if names and "400" not in responses:
                responses["400"] = {"description": "Bad Request", "content": dict(problem)}
            if (names or "requestBody" in operation) and "422" not in responses:
                responses["422"] = {"description": "Unprocessable Entity", "content": dict(problem)}
            if operation.get("security") and "401" not in responses:
                responses["401"] = {"description": "Unauthorized", "content": dict(problem)}
            # Lookups by id or by a referenced page answer 404 when it does not exist.
            if names and "404" not in responses:
                responses["404"] = {"description": "Not Found", "content": dict(problem)}
            for status, response in operation.get("responses", {}).items():
                content = response.get("content", {})
                if str(status).startswith(("4", "5")) and "application/json" in content:
                    content["application/problem+json"] = content.pop("application/json")
    return schema


api.get_openapi_schema = get_openapi_schema

__all__ = ["api"]
