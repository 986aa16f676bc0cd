"""Registration only: document and image policies; scoped users out of the unscoped reports."""

from wagtail import hooks

from .permission_policies import is_scoped_user, register_collection_policies

register_collection_policies()


@hooks.register("construct_reports_menu")
def hide_reports_from_scoped_users(request, menu_items):
    if is_scoped_user(request.user):
        menu_items[:] = []
