"""Wagtail's v3 API, extended with each app's own routers (one OpenAPI document)."""

from wagtail.api.v3.urls import api

from search.api import router as search_router

# Routers must be added before ``api.urls`` is first read.
api.add_router("/courses/search/", search_router)

__all__ = ["api"]
