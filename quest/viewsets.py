"""Quest admin: operators, rounds, applications and the export audit log.

Applications, company intakes and the export log are personal data: every view
of their viewsets reaches only what ``quest.permissions`` allows.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import EditView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from manabi.exports import ReadableExportIndexView
from manabi.permission_policies import PolicyScopedViewSetMixin

from .models import (
    Application,
    CompanyIntake,
    ExportLog,
    Operator,
    PersonalDataRequest,
    RecruitmentRound,
)
from .privacy import carry_out


class LoggedExportIndexView(ReadableExportIndexView):
    """Every spreadsheet export of personal data is recorded: who, when, which filter, how many rows."""

    def as_spreadsheet(self, queryset, spreadsheet_format):
        rows = queryset.count() if hasattr(queryset, "count") else len(queryset)
        params = self.request.GET.copy()
        params.pop("export", None)
        ExportLog.objects.create(
            user=self.request.user,
            model=self.model._meta.label,
            export_format=spreadsheet_format,
            filters=params.urlencode(),
            row_count=rows,
        )
        return super().as_spreadsheet(queryset, spreadsheet_format)


class ApplicationIndexView(LoggedExportIndexView):
    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("recruitment_round")
            .prefetch_related("choices__programme")
        )


class ApplicationViewSet(PolicyScopedViewSetMixin, ModelViewSet):
    model = Application
    icon = "form"
    menu_label = _("Applications")
    add_to_admin_menu = False
    index_view_class = ApplicationIndexView
    inspect_view_enabled = True
    form_fields = ["status"]
    list_display = [
        "name",
        Column("choices", label=_("Choices"), accessor="choice_titles"),
        Column("status", label=_("Status"), accessor="get_status_display"),
        DateColumn("created_at", label=_("Applied at")),
    ]
    list_filter = ["status", "recruitment_round", "layer2_completed"]
    search_fields = ["name", "name_kana", "email"]
    list_export = [
        "pk",
        # The free-text statement stays out of spreadsheets.
        *(name for name in Application.APPLICANT_FIELDS if name != "statement"),
        "choice_titles",
        "status",
        "created_at",
    ]
    export_headings = {"pk": "ID", "choice_titles": "志望"}
    export_filename = "applications"
    copy_view_enabled = False


class CompanyIntakeViewSet(PolicyScopedViewSetMixin, ModelViewSet):
    model = CompanyIntake
    icon = "site"
    menu_label = _("Company intakes")
    index_view_class = LoggedExportIndexView
    inspect_view_enabled = True
    form_fields = [
        "company_name",
        "contact_name",
        "email",
        "phone",
        "prefecture",
        "dx_stage",
        "challenge",
    ]
    list_display = [
        "company_name",
        Column("dx_stage", label=_("DX stage"), accessor="get_dx_stage_display"),
        DateColumn("created_at", label=_("Received at")),
    ]
    list_filter = ["dx_stage", "prefecture"]
    list_export = [
        "pk",
        "company_name",
        "contact_name",
        "email",
        "phone",
        "prefecture",
        "dx_stage",
        "challenge",
        "created_at",
    ]
    export_filename = "company-intakes"
    copy_view_enabled = False


class ExportLogViewSet(PolicyScopedViewSetMixin, ModelViewSet):
    model = ExportLog
    icon = "history"
    menu_label = _("Export log")
    inspect_view_enabled = True
    list_display = [
        Column("user", label=_("User"), accessor="user"),
        "model",
        "export_format",
        "row_count",
        DateColumn("created_at", label=_("Exported at")),
    ]
    list_filter = ["model", "export_format"]
    form_fields = ["model"]  # never used: the secretariat may only view the log
    copy_view_enabled = False


class OperatorViewSet(ModelViewSet):
    model = Operator
    icon = "group"
    menu_label = _("Operators")
    form_fields = ["name", "kind", "regions", "users"]
    list_display = ["name", Column("kind", label=_("Kind"), accessor="get_kind_display")]
    copy_view_enabled = False


class RecruitmentRoundViewSet(ModelViewSet):
    model = RecruitmentRound
    icon = "date"
    menu_label = _("Recruitment rounds")
    form_fields = ["name", "announcement_at", "applications_open_at", "applications_close_at"]
    list_display = ["name", DateColumn("announcement_at", label=_("Announcement"))]
    copy_view_enabled = False


class PersonalDataRequestEditView(EditView):
    """Saving a request with 「完了」 carries it out: deletion erases, disclosure lists the data."""

    def save_instance(self):
        instance = super().save_instance()
        if instance.status == PersonalDataRequest.Status.DONE and instance.handled_at is None:
            carry_out(instance, self.request.user)
        return instance


class PersonalDataRequestViewSet(ModelViewSet):
    model = PersonalDataRequest
    icon = "lock"
    menu_label = _("Disclosure and deletion requests")
    form_fields = ["email", "kind", "note", "status"]
    list_display = [
        "email",
        Column("kind", label=_("Request"), accessor="get_kind_display"),
        Column("status", label=_("Status"), accessor="get_status_display"),
        DateColumn("received_at", label=_("Received at")),
    ]
    list_filter = ["kind", "status"]
    edit_view_class = PersonalDataRequestEditView
    inspect_view_enabled = True
    copy_view_enabled = False


class QuestViewSetGroup(ViewSetGroup):
    menu_label = _("Quest")
    menu_icon = "form"
    menu_order = 180
    items = (
        ApplicationViewSet("quest_applications"),
        CompanyIntakeViewSet("quest_company_intakes"),
        OperatorViewSet("quest_operators"),
        RecruitmentRoundViewSet("quest_rounds"),
        ExportLogViewSet("quest_export_log"),
        PersonalDataRequestViewSet("quest_personal_data_requests"),
    )
