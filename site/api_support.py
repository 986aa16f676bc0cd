"""Shared pieces of our API routers: page-number pagination with links, problem responses for filters."""

from ninja import Schema
from pydantic import model_validator
from wagtail.api.v3.errors import problem_response

MAX_PAGE_SIZE = 100


def invalid_parameters(errors):
    """400 problem JSON naming each bad query parameter."""
    return problem_response(
        status=400,
        title="Invalid parameters",
        detail="; ".join(f"{name}: {' '.join(messages)}" for name, messages in errors.items()),
        errors=[
            {"loc": ["query", name], "msg": " ".join(str(m) for m in messages)}
            for name, messages in errors.items()
        ],
    )


def page_link(request, page):
    params = request.GET.copy()
    params["page"] = str(page)
    return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")


def paginate(request, queryset, page, page_size, count=None):
    """``{count, next, previous, items}`` for one page of ``queryset`` (two queries)."""
    count = queryset.count() if count is None else count
    start = (page - 1) * page_size
    items = list(queryset[start : start + page_size])
    return {
        "count": count,
        "next": page_link(request, page + 1) if start + page_size < count else None,
        "previous": page_link(request, page - 1) if page > 1 else None,
        "items": items,
    }


def validation_problem(exc):
    """422 problem JSON keeping the field each message belongs to."""
    errors = []
    if hasattr(exc, "error_dict"):
        for field, messages in exc.message_dict.items():
            errors += [{"loc": ["body", field], "msg": message} for message in messages]
    else:
        errors = [{"loc": ["body"], "msg": message} for message in exc.messages]
    return problem_response(status=422, detail="Validation failed", errors=errors)


class InputSchema(Schema):
    """Request bodies: no NUL character anywhere (PostgreSQL text cannot hold one)."""

    @model_validator(mode="after")
    def reject_nul_characters(self):
        def walk(value):
            if isinstance(value, str) and "\x00" in value:
                raise ValueError("Text may not contain NUL characters.")
            if isinstance(value, dict):
                for item in value.values():
                    walk(item)
            elif isinstance(value, (list, tuple)):
                for item in value:
                    walk(item)

        walk(self.model_dump())
        return self
