"""Who may see what: the secretariat sees every object, a partner only its own.

Wagtail's model permissions say what a group may do with a kind of object;
this module adds the object-level rule, applied by the admin views and the API.
"""

from django.utils.translation import gettext_lazy as _

from manabi.groups import EDITOR_GROUP, PARTNER_GROUP, SECRETARIAT_GROUP

from .models import PartnerMember

GROUP_NAMES = {
    "secretariat": SECRETARIAT_GROUP,
    "editor": EDITOR_GROUP,
    "partner": PARTNER_GROUP,
}

# How to reach the owning partner from each scoped model.
PARTNER_PATHS = {
    "catalogue.partner": "pk",
    "catalogue.course": "partner",
    "catalogue.performancereport": "course__partner",
    "catalogue.performancereportrow": "report__course__partner",
    "catalogue.changenotice": "course__partner",
    "catalogue.listingaction": "course__partner",
}

NO_PARTNER_MESSAGE = _("Register your organisation first.")


def is_partner_user(user):
    """A user acting for a partner: a member of one, or in the partner group, and not staff."""
    if not user.is_authenticated or user.is_superuser:
        return False
    cached = getattr(user, "_is_partner_user", None)
    if cached is None:
        group_names = set(user.groups.values_list("name", flat=True))
        cached = SECRETARIAT_GROUP not in group_names and (
            PARTNER_GROUP in group_names or partner_for(user) is not None
        )
        user._is_partner_user = cached
    return cached


def partner_for(user):
    """The partner a user belongs to, or None."""
    if not user.is_authenticated:
        return None
    if not hasattr(user, "_partner_cache"):
        membership = PartnerMember.objects.select_related("partner").filter(user=user).first()
        user._partner_cache = membership.partner if membership else None
    return user._partner_cache


def scope_queryset(user, queryset):
    """Restrict ``queryset`` to the objects ``user`` may see."""
    if not is_partner_user(user):
        return queryset
    path = PARTNER_PATHS.get(queryset.model._meta.label_lower)
    if path is None:
        return queryset
    partner = partner_for(user)
    if partner is None:
        return queryset.none()
    return queryset.filter(**{path: partner.pk})


def user_can_see(user, obj):
    """Object-level check for one instance, matching ``scope_queryset``."""
    if not is_partner_user(user):
        return True
    return scope_queryset(user, type(obj)._default_manager.filter(pk=obj.pk)).exists()
