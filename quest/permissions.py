"""Who may reach applicants' data: the secretariat all of it, an operator only its own programmes'.

The object-level rule for Quest's personal data, as Wagtail permission
policies (see ``manabi.permission_policies``); the admin listings, exports,
object views and bulk actions all ask them.
"""

from manabi.groups import SECRETARIAT_GROUP
from manabi.permission_policies import ScopedPermissionPolicy, register_scoped_policy

from .models import ApplicationChoice


class SecretariatOnlyPolicy(ScopedPermissionPolicy):
    """Only the secretariat reaches any instance, whatever model permission others are given."""

    unrestricted_groups = (SECRETARIAT_GROUP,)

    def scope(self, user, queryset):
        return queryset.none()


class ApplicationPermissionPolicy(SecretariatOnlyPolicy):
    """An operator reaches the applications that name one of its programmes among the choices."""

    def scope(self, user, queryset):
        own = ApplicationChoice.objects.filter(programme__operator__users=user).values(
            "application_id"
        )
        return queryset.filter(pk__in=own)


def register_quest_policies():
    register_scoped_policy(ApplicationPermissionPolicy("quest.Application"))
    register_scoped_policy(SecretariatOnlyPolicy("quest.CompanyIntake"))
    register_scoped_policy(SecretariatOnlyPolicy("quest.ExportLog"))
