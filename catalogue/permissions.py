"""Who may see what: the secretariat sees every object, a partner only its own.

Wagtail's model permissions say what a group may do with a kind of object;
the partner policies here add the object-level rule (see
``manabi.permission_policies``); the admin views, bulk actions, choosers and
the API all ask them.
"""

from django.utils.translation import gettext_lazy as _

from manabi.groups import EDITOR_GROUP, PARTNER_GROUP, SECRETARIAT_GROUP
from manabi.permission_policies import (
    ScopedPermissionPolicy,
    group_names,
    register_scoped_policy,
)

from .models import PartnerMember

GROUP_NAMES = {
    "secretariat": SECRETARIAT_GROUP,
    "editor": EDITOR_GROUP,
    "partner": PARTNER_GROUP,
}

NO_PARTNER_MESSAGE = _("Register your organisation first.")


def is_partner_user(user):
    """A user acting for a partner: a member of one, or in the partner group, and not staff."""
    if not user.is_authenticated or user.is_superuser:
        return False
    names = group_names(user)
    return SECRETARIAT_GROUP not in names and (
        PARTNER_GROUP in names or partner_for(user) is not None
    )


def partner_for(user):
    """The partner a user belongs to, or None."""
    if not user.is_authenticated:
        return None
    if not hasattr(user, "_partner_cache"):
        membership = PartnerMember.objects.select_related("partner").filter(user=user).first()
        user._partner_cache = membership.partner if membership else None
    return user._partner_cache


class PartnerPermissionPolicy(ScopedPermissionPolicy):
    """The secretariat and editors reach every instance; anyone else only its own partner's."""

    unrestricted_groups = (SECRETARIAT_GROUP, EDITOR_GROUP)

    def __init__(self, model, partner_path):
        super().__init__(model)
        self.partner_path = partner_path

    def scope(self, user, queryset):
        partner = partner_for(user)
        if partner is None:
            return queryset.none()
        return queryset.filter(**{self.partner_path: partner.pk})


# How to reach the owning partner from each scoped model.
PARTNER_PATHS = {
    "catalogue.Partner": "pk",
    "catalogue.Course": "partner",
    "catalogue.PerformanceReport": "course__partner",
    "catalogue.ChangeNotice": "course__partner",
    "catalogue.ListingAction": "course__partner",
    "catalogue.ReportRequest": "course__partner",  # reports (#13)
}


def register_partner_policies():
    for model, path in PARTNER_PATHS.items():
        register_scoped_policy(PartnerPermissionPolicy(model, path))
