"""The catalogue's routers of the v3 API: public reads (``public``) and partner tokens (``partner``)."""

from .partner import partner_api
from .public import courses_router, partners_router

__all__ = ["courses_router", "partner_api", "partners_router"]
