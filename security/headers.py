"""Response headers that keep pages from loading or running anything that is not ours.

``CONTENT_SECURITY_POLICY`` (django-csp) is the strict policy of the public site. The Wagtail
admin and the API docs get their own, looser policies here (``CSP_ADMIN_DIRECTIVES``,
``CSP_API_DOCS_DIRECTIVES``): still no other host, but what Wagtail's editor needs.
"""

from csp.middleware import CSPMiddleware
from django.conf import settings


class SitePolicyCSPMiddleware(CSPMiddleware):
    """django-csp's middleware, with the admin's and the API docs' policy chosen by path."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if report_only or parts.config is not None:
            return parts  # a view's own @csp_override wins
        path = request.path_info
        if path.startswith(settings.CSP_API_DOCS_PATH):
            parts.config = settings.CSP_API_DOCS_DIRECTIVES
        elif path.startswith(settings.CSP_ADMIN_PATHS):
            parts.config = settings.CSP_ADMIN_DIRECTIVES
        return parts


class PermissionsPolicyMiddleware:
    """``Permissions-Policy``: no page of ours uses powerful browser features (``PERMISSIONS_POLICY``)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.value = ", ".join(
            f"{feature}=({' '.join(allow)})"
            for feature, allow in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.value)
        return response
