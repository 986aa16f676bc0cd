"""Admin-wide fixes to Wagtail's markup: accessible names and distinguishable links."""

from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks


@hooks.register("insert_global_admin_js")
def accessible_names_js():
    # A file, not an inline script, so a strict Content-Security-Policy allows it.
    return format_html('<script src="{}" defer></script>', static("manabi_admin/a11y.js"))


@hooks.register("insert_global_admin_css")
def admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("manabi_admin/admin.css"))
