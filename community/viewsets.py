"""Community admin: cohorts, members, enrolment, badges. Secretariat only (model permissions).

Programme operators have no community permissions (migration 0002): completers'
personal data is the secretariat's, and running a programme does not need it.
"""

from typing import NamedTuple

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import ListingButton
from wagtail.permission_policies import ModelPermissionPolicy

from quest.viewsets import LoggedExportIndexView

from .models import (
    Assertion,
    BadgeClass,
    Cohort,
    CompletionCheck,
    Enrolment,
    Hearing,
    Issuer,
    Member,
)
from .models.enrolment import TRANSITIONS, EnrolmentState


class ReadOnlyPermissionPolicy(ModelPermissionPolicy):
    """Listed and inspected in the admin, changed only through the service functions' own views.

    Enrolments move through services.transition and awards through the badge
    services, so the generic add, edit, copy and delete views stay closed.
    """

    def user_has_permission(self, user, action):
        if action in ("add", "change", "delete"):
            return False
        return super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission(
            [a for a in actions if a not in ("add", "change", "delete")]
        )


class RowAction(NamedTuple):
    label: str
    url_name: str
    icon: str
    permission: str


class RowActionIndexView(IndexView):
    """An index whose rows load ``related`` with them and start with one action button
    (``row_action``), shown to users holding its permission (its own view checks it again)."""

    related = ()
    row_action = None

    def get_base_queryset(self):
        return super().get_base_queryset().select_related(*self.related)

    def get_list_buttons(self, instance):
        buttons = super().get_list_buttons(instance)
        action = self.row_action
        if self.request.user.has_perm(action.permission):
            buttons.insert(
                0,
                ListingButton(
                    action.label,
                    reverse(action.url_name, args=[instance.pk]),
                    icon_name=action.icon,
                    priority=5,
                ),
            )
        return buttons


class CohortIndexView(RowActionIndexView):
    related = ("programme", "recruitment_round")
    row_action = RowAction(
        _("Invite completers"), "community_admin:invite_cohort", "mail", "community.change_member"
    )


class CohortViewSet(ModelViewSet):
    model = Cohort
    icon = "group"
    menu_label = _("Cohorts")
    index_view_class = CohortIndexView
    list_display = [
        "name",
        Column("layer", accessor="get_layer_display"),
        "fiscal_year",
        "programme",
        "recruitment_round",
    ]
    list_filter = ["layer", "fiscal_year"]
    search_fields = ["name"]


class MemberIndexView(LoggedExportIndexView):
    """The member list; every spreadsheet export is written to the export log."""

    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("enrolment")
            .prefetch_related("completions__cohort")
        )


class MemberViewSet(ModelViewSet):
    model = Member
    icon = "user"
    menu_label = _("Members")
    index_view_class = MemberIndexView
    inspect_view_enabled = True
    form_fields = [
        "name",
        "name_kana",
        "email",
        "prefecture",
        "affiliation",
        "consent_given_at",
        "consent_withdrawn_at",
        "policy_version",
        "left_at",
        "hide_badge_recipient",
    ]
    list_display = [
        "name",
        "email",
        Column("cohorts", label=_("Cohorts"), accessor="cohort_names"),
        Column("enrolment", label=_("Enrolment"), accessor="enrolment_state"),
        BooleanColumn("has_consent", label=_("Consent")),
    ]
    list_filter = ["completions__cohort", "enrolment__state", "prefecture"]
    search_fields = ["name", "name_kana", "email", "affiliation"]
    list_export = [
        "pk",
        "name",
        "name_kana",
        "email",
        "prefecture",
        "affiliation",
        "cohort_names",
        "enrolment_state",
        "consent_given_at",
        "consent_withdrawn_at",
        "policy_version",
        "left_at",
    ]
    export_headings = {"cohort_names": _("Cohorts"), "enrolment_state": _("Enrolment")}
    export_filename = "community-members"
    inspect_view_fields = [
        "name",
        "name_kana",
        "email",
        "prefecture",
        "affiliation",
        "consent_given_at",
        "consent_withdrawn_at",
        "policy_version",
        "left_at",
        "hide_badge_recipient",
        "created_at",
        "updated_at",
    ]


class EnrolmentIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("member", "cohort")

    def get_list_buttons(self, instance):
        buttons = super().get_list_buttons(instance)
        if not self.request.user.has_perm("community.change_enrolment"):
            return buttons
        labels = {
            EnrolmentState.APPROVED: _("Approve"),
            EnrolmentState.DECLINED: _("Decline"),
            EnrolmentState.WITHDRAWN: _("Withdraw"),
            EnrolmentState.INVITED: _("Invite again"),
        }
        current = EnrolmentState(instance.state)
        for state in sorted(TRANSITIONS[current]):
            if state == EnrolmentState.APPLIED or (
                current == EnrolmentState.INVITED and state == EnrolmentState.DECLINED
            ):
                continue  # only the member applies, or declines an invitation, from their own page
            buttons.append(
                ListingButton(
                    labels[state],
                    reverse("community_admin:enrolment_action", args=[instance.pk, state]),
                    priority=10,
                )
            )
        return buttons


class EnrolmentViewSet(ModelViewSet):
    model = Enrolment
    icon = "tasks"
    menu_label = _("Enrolment")
    index_view_class = EnrolmentIndexView
    copy_view_enabled = False
    inspect_view_enabled = True
    form_fields = ["state"]
    list_display = [
        "member",
        "cohort",
        Column("state", label=_("State"), accessor="get_state_display"),
        DateColumn("invited_at", label=_("Invited at")),
        DateColumn("applied_at", label=pgettext_lazy("enrolment", "Applied at")),
        DateColumn("approved_at", label=_("Approved at")),
    ]
    list_filter = ["state", "cohort"]
    search_fields = ["member__name", "member__email"]


class IssuerViewSet(ModelViewSet):
    model = Issuer
    icon = "site"
    menu_label = _("Badge issuer")
    list_display = ["name", "url", "email"]


class BadgeClassIndexView(RowActionIndexView):
    related = ("issuer", "programme")
    row_action = RowAction(_("Award"), "community_admin:award", "tick", "community.add_assertion")


class BadgeClassViewSet(ModelViewSet):
    model = BadgeClass
    icon = "pick"
    menu_label = _("Badge classes")
    index_view_class = BadgeClassIndexView
    list_display = ["name", Column("layer", accessor="get_layer_display"), "programme", "issuer"]
    list_filter = ["layer"]
    search_fields = ["name"]


class AssertionIndexView(LoggedExportIndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("badge_class", "member")

    def get_list_buttons(self, instance):
        buttons = super().get_list_buttons(instance)
        if not instance.is_revoked and self.request.user.has_perm("community.change_assertion"):
            buttons.append(
                ListingButton(
                    _("Revoke"),
                    reverse("community_admin:revoke", args=[instance.pk]),
                    icon_name="cross",
                    priority=10,
                )
            )
        return buttons


class AssertionViewSet(ModelViewSet):
    model = Assertion
    icon = "success"
    menu_label = _("Awarded badges")
    index_view_class = AssertionIndexView
    copy_view_enabled = False
    inspect_view_enabled = True
    form_fields = ["narrative"]
    list_display = [
        "member",
        "badge_class",
        DateColumn("issued_on", label=_("Issued on")),
        DateColumn("revoked_at", label=_("Revoked at")),
    ]
    list_filter = ["badge_class", "revoked_at"]
    search_fields = ["member__name", "member__email"]
    list_export = [
        "uid",
        "badge_class",
        "member",
        "issued_on",
        "expires_at",
        "revoked_at",
        "revocation_reason",
    ]
    export_filename = "awarded-badges"


class CompletionCheckIndexView(IndexView):
    def get_base_queryset(self):
        return (
            super().get_base_queryset().select_related("application__recruitment_round", "member")
        )


class CompletionCheckViewSet(ModelViewSet):
    """Applications that declared a layer-2 completion, and whether the members list confirms it."""

    model = CompletionCheck
    icon = "list-ul"
    menu_label = _("Layer-2 completion checks")
    index_view_class = CompletionCheckIndexView
    copy_view_enabled = False
    form_fields = ["result"]
    list_display = [
        "application",
        Column("result", label=_("Result"), accessor="get_result_display"),
        "member",
        DateColumn("checked_at", label=_("Checked at")),
    ]
    list_filter = ["result", "application__recruitment_round"]


class HearingViewSet(ModelViewSet):
    """Hearings (#13): the secretariat's records; model permissions keep everyone else out."""

    model = Hearing
    icon = "openquote"
    menu_label = _("Hearings")
    list_display = [
        "interviewee",
        Column("organisation", label=pgettext_lazy("member", "Organisation")),
        DateColumn("held_on", label=_("Held on")),
        Column("interview_page", label=_("Interview article")),
    ]
    list_filter = ["held_on"]
    inspect_view_enabled = True
    copy_view_enabled = False

    def get_queryset(self, request):
        return Hearing.objects.select_related("interview_page")


class CommunityViewSetGroup(ViewSetGroup):
    menu_label = _("Completers' community")
    menu_icon = "group"
    menu_order = 260
    items = (
        MemberViewSet("community_members"),
        CohortViewSet("community_cohorts"),
        EnrolmentViewSet("community_enrolments"),
        BadgeClassViewSet("community_badge_classes"),
        AssertionViewSet("community_awards"),
        IssuerViewSet("community_issuers"),
        CompletionCheckViewSet("community_completion_checks"),
        HearingViewSet("community_hearings"),  # reports (#13)
    )
