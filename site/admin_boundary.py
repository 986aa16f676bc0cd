"""Keep partners and operators out of the admin areas that no permission policy scopes."""

from django.core.exceptions import PermissionDenied
from django.urls import Resolver404, resolve

from .permission_policies import is_scoped_user

# Wagtail's reports (site history, workflows, workflow tasks, locked and aging
# pages) filter by model permission only, not through the permission policies:
# a partner would see every partner's course titles and reviewers' comments
# there, an operator every other operator's applicants.
UNSCOPED_ADMIN_NAMESPACES = {"wagtailadmin_reports"}


class ScopedUserAdminBoundaryMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/admin/") and is_scoped_user(request.user):
            try:
                match = resolve(request.path_info)
            except Resolver404:
                match = None
            if match is not None and UNSCOPED_ADMIN_NAMESPACES & set(match.namespaces):
                raise PermissionDenied
        return self.get_response(request)
