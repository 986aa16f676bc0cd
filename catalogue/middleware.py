"""Keep partner users out of admin areas that are not scoped per organisation."""

from django.core.exceptions import PermissionDenied
from django.urls import Resolver404, resolve

from .permissions import is_partner_user

# Wagtail's reports (site history, workflows, locked and aging pages) filter by
# model permission only: a partner would see every partner's course titles,
# reviewers' comments and workflow states there.
UNSCOPED_ADMIN_NAMESPACES = {"wagtailadmin_reports"}


class PartnerAdminBoundaryMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/admin/") and is_partner_user(request.user):
            try:
                match = resolve(request.path_info)
            except Resolver404:
                match = None
            if match is not None and UNSCOPED_ADMIN_NAMESPACES & set(match.namespaces):
                raise PermissionDenied
        return self.get_response(request)
