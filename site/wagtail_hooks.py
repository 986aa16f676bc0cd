"""Registration only: document and image policies, scoped users out of the unscoped reports, and
admin-wide fixes to Wagtail's markup (accessible names, distinguishable links)."""

from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks

from .permission_policies import is_scoped_user, register_collection_policies

register_collection_policies()


@hooks.register("construct_reports_menu")
def hide_reports_from_scoped_users(request, menu_items):
    if is_scoped_user(request.user):
        menu_items[:] = []


@hooks.register("insert_global_admin_js")
def accessible_names_js():
    # A file, not an inline script, so a strict Content-Security-Policy allows it.
    return format_html('<script src="{}" defer></script>', static("manabi_admin/a11y.js"))


@hooks.register("insert_global_admin_css")
def admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("manabi_admin/admin.css"))
