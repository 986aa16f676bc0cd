"""The 講座管理 admin: snippet viewsets scoped so a partner only ever reaches its own objects."""

import datetime

import django_filters
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import (
    BooleanColumn,
    Column,
    DateColumn,
    TitleColumn,
    UpdatedAtColumn,
)
from wagtail.models import WorkflowState
from wagtail.snippets.views.chooser import SnippetChooserViewSet
from wagtail.snippets.views.snippets import (
    CreateView,
    EditView,
    SnippetViewSet,
    SnippetViewSetGroup,
    WorkflowActionView,
)
from wagtail.snippets.views.snippets import IndexView as SnippetIndexView

from manabi.admin_columns import CalendarDateColumn
from manabi.exports import ReadableExportMixin
from manabi.permission_policies import PolicyScopedViewSetMixin, reachable

from .forms import (
    ChangeNoticeAdminForm,
    CourseAdminForm,
    PartnerScopedAdminForm,
    PerformanceReportAdminForm,
)
from .models import (
    ChangeNotice,
    Course,
    Exam,
    ListingAction,
    ListingCriterion,
    Partner,
    PerformanceReport,
    ReportingPeriod,
    ReskillField,
    Role,
    RoleCategory,
    SkillCategory,
    SkillStandard,
    Subsidy,
)
from .models.review import review_outcome
from .report_admin_views import PerformanceReportCreateView
from .review_status import awaiting_publication, course_status_label, with_review_status


class ScopedChooserViewSet(PolicyScopedViewSetMixin, SnippetChooserViewSet):
    pass


class ScopedSnippetViewSet(PolicyScopedViewSetMixin, SnippetViewSet):
    """A snippet viewset whose every view reaches only what the model's permission policy allows."""

    chooser_viewset_class = ScopedChooserViewSet

    def get_queryset(self, request):
        # The index view narrows this through the policy; subclasses add select_related.
        return self.model._default_manager.all()


# ---------------------------------------------------------------------------- courses


def partner_choices(request):
    if request is None:
        return Partner.objects.none()
    return reachable(request.user, Partner.objects.all())


class CourseFilterSet(WagtailFilterSet):
    STATUS_CHOICES = [
        ("live", _("Live")),
        ("draft", _("Draft")),
        ("in_review", _("In review")),
        ("changes_requested", pgettext_lazy("course status", "Changes requested")),
        ("approved", pgettext_lazy("course status", "Approved, awaiting publication")),
        *Course.ListingState.choices,
    ]

    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=STATUS_CHOICES, method="filter_status", empty_label=_("All")
    )
    level = django_filters.MultipleChoiceFilter(
        label=_("Level"), choices=Course.Level.choices, widget=django_filters.widgets.CSVWidget
    )
    standards = django_filters.ModelMultipleChoiceFilter(
        label=_("Skill standard"), queryset=SkillStandard.objects.all()
    )
    roles = django_filters.ModelMultipleChoiceFilter(label=_("Role"), queryset=Role.objects.all())
    partner = django_filters.ModelChoiceFilter(label=_("Partner"), queryset=partner_choices)
    expiring = django_filters.BooleanFilter(
        label=_("Listing ends within 60 days"), method="filter_expiring"
    )

    class Meta:
        model = Course
        fields = ["status", "level", "standards", "roles", "partner", "expiring"]

    def filter_status(self, queryset, name, value):
        if value == "approved":
            return awaiting_publication(queryset)
        if value == "changes_requested":
            return with_review_status(queryset).filter(
                review_workflow_status=WorkflowState.STATUS_NEEDS_CHANGES
            )
        if value == "live":
            return queryset.filter(live=True)
        if value == "draft":
            return queryset.filter(live=False, first_published_at__isnull=True)
        if value == "in_review":
            in_review = WorkflowState.objects.active().filter(
                base_content_type=ContentType.objects.get_for_model(Course)
            )
            return queryset.filter(
                pk__in=[int(pk) for pk in in_review.values_list("object_id", flat=True)]
            )
        return queryset.filter(listing_state=value)

    def filter_expiring(self, queryset, name, value):
        if not value:
            return queryset
        today = timezone.localdate()
        return queryset.filter(
            listed_until__gte=today, listed_until__lte=today + datetime.timedelta(days=60)
        )


class ReadableExportSnippetIndexView(ReadableExportMixin, SnippetIndexView):
    """Exports with labels, Japan time, a BOM and no formulas (manabi.exports)."""


def outcome_buttons(outcome):
    if outcome.queue_url:
        return [messages.button(outcome.queue_url, outcome.queue_label)]
    return []


class ReviewOutcomeEditView(EditView):
    """A workflow action taken from the editor ends where the next step is, saying what
    happened (``review_outcome``), instead of on the listing with 「更新されました」."""

    outcome = None

    def workflow_action_action(self):
        task = self.object.current_workflow_task
        response = super().workflow_action_action()
        self.outcome = review_outcome(self.object, self.workflow_action, task)
        return response

    def get_success_message(self, instance=None):
        if self.outcome:
            return self.outcome.message
        return super().get_success_message()

    def get_success_buttons(self):
        if self.outcome:
            return outcome_buttons(self.outcome)
        return super().get_success_buttons()

    def get_success_url(self):
        if self.outcome:
            return self.outcome.url
        return super().get_success_url()


class ReviewOutcomeWorkflowActionView(WorkflowActionView):
    """Wagtail's modal workflow action (dashboard, listing) redirects to what the task's
    ``on_action`` returns; this adds the same message as the editor's path."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        # A form with errors is shown again and the task is still in progress: nothing to say.
        self.task_state.refresh_from_db()
        if self.task_state.status != self.task_state.STATUS_IN_PROGRESS:
            outcome = review_outcome(self.object, self.action_name, self.task)
            if outcome:
                messages.success(request, outcome.message, buttons=outcome_buttons(outcome))
        return response


class CourseViewSet(ScopedSnippetViewSet):
    model = Course
    index_view_class = ReadableExportSnippetIndexView
    edit_view_class = ReviewOutcomeEditView
    workflow_action_view_class = ReviewOutcomeWorkflowActionView
    icon = "doc-full"
    menu_label = _("Courses")
    menu_order = 100
    filterset_class = CourseFilterSet
    list_display = [
        "title",
        Column("partner", label=_("Partner"), accessor="partner"),
        Column("level", label=_("Level"), accessor="get_level_display"),
        Column("status", label=_("Status"), accessor=course_status_label),
        CalendarDateColumn("listed_until", label=_("Listed until")),
        UpdatedAtColumn(),
    ]
    list_per_page = 50
    # No field list: Wagtail then searches the model's own index.SearchFields, which every
    # backend supports (SQLite's full-text backend cannot restrict a query to named fields).
    search_fields = None
    inspect_view_enabled = True
    inspect_view_fields = [
        "partner",
        "title",
        "summary",
        "description",
        "url",
        "level",
        "course_type",
        "standards",
        "roles",
        "skill_categories",
        "reskill_fields",
        "fee_type",
        "fee_yen",
        "study_hours",
        "delivery",
        "venue_prefecture",
        "individual_application",
        "subsidies",
        "reskill_certified_until",
        "exams",
        "capacity",
        "schedule",
        "language",
        "prerequisites",
        "listing_state",
        "listed_from",
        "listed_until",
    ]
    list_export = [
        "pk",
        "title",
        "partner",
        "level",
        "course_type",
        "fee_type",
        "fee_yen",
        "study_hours",
        "delivery",
        "listing_state",
        "listed_from",
        "listed_until",
        "live",
        "url",
    ]
    export_headings = {"pk": "ID"}
    export_filename = "courses"
    copy_view_enabled = False

    edit_handler = ObjectList(Course.panels, base_form_class=CourseAdminForm)

    def get_queryset(self, request):
        return with_review_status(
            super()
            .get_queryset(request)
            .select_related(
                "partner", "latest_revision", "locked_by", "approved_revision", "live_revision"
            )
        )


# What the sign-in knows about the organisation (gBizID UserInfo), as Partner field values, for
# the registration form (STEP2): the partner only adds what gBizID does not say.
PARTNER_PREFILL_SESSION_KEY = "partner_registration_prefill"
PARTNER_IDENTITY_FIELDS = ("corporate_number", "corporate_type")


class PartnerCreateView(CreateView):
    def get_initial_form_instance(self):
        prefill = self.request.session.get(PARTNER_PREFILL_SESSION_KEY)
        if not prefill:
            return super().get_initial_form_instance()
        instance = super().get_initial_form_instance() or self.model()
        field_names = {field.name for field in self.model._meta.concrete_fields}
        for name, value in prefill.items():
            if name in field_names:
                setattr(instance, name, value)
        return instance

    def get_form(self, *args, **kwargs):
        form = super().get_form(*args, **kwargs)
        if self.request.session.get(PARTNER_PREFILL_SESSION_KEY):
            # The organisation registered is the signed-in gBizID account's own: its 法人番号 and
            # corporate type are gBizID's, shown but not editable (a POST cannot change them).
            for name in PARTNER_IDENTITY_FIELDS:
                if name in form.fields:
                    form.fields[name].disabled = True
        return form


class PartnerViewSet(ScopedSnippetViewSet):
    model = Partner
    add_view_class = PartnerCreateView
    index_view_class = ReadableExportSnippetIndexView
    icon = "group"
    menu_label = _("Partners")
    menu_order = 200
    list_display = [
        "name",
        Column("corporate_number", label=_("Corporate number")),
        Column("prefecture", label=_("Prefecture"), accessor="get_prefecture_display"),
        BooleanColumn("live", label=_("Approved")),
        UpdatedAtColumn(),
    ]
    list_filter = ["live", "prefecture", "corporate_type"]
    search_fields = None  # the model's index.SearchFields, as for courses
    inspect_view_enabled = True
    list_export = ["pk", "corporate_number", "name", "name_kana", "prefecture", "website", "live"]
    export_filename = "partners"
    copy_view_enabled = False
    edit_handler = ObjectList(Partner.panels, base_form_class=PartnerScopedAdminForm)


class PerformanceReportViewSet(ScopedSnippetViewSet):
    model = PerformanceReport
    icon = "table"
    menu_label = _("Performance reports")
    menu_order = 300
    list_display = [
        # The row opens the report's detail (inspect) view: rows, evaluations, complaints.
        TitleColumn(
            "course",
            label=_("Course"),
            accessor="course",
            url_name="wagtailsnippets_catalogue_performancereport:inspect",
        ),
        Column("reporting_period", label=_("Reporting period"), accessor="reporting_period"),
        CalendarDateColumn("period_start", label=_("Period start")),
        CalendarDateColumn("period_end", label=_("Period end")),
        Column("sessions_held", label=_("Sessions held")),
    ]
    list_filter = ["period_end"]
    inspect_view_enabled = True
    copy_view_enabled = False
    edit_handler = ObjectList(PerformanceReport.panels, base_form_class=PerformanceReportAdminForm)
    inspect_template_name = "catalogue/admin/report_inspect.html"

    @property
    def add_view_class(self):
        return PerformanceReportCreateView

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("course", "reporting_period")


class ReportingPeriodViewSet(SnippetViewSet):
    """Reporting periods: the secretariat's (model permissions; partners have none)."""

    model = ReportingPeriod
    icon = "date"
    menu_label = _("Reporting periods")
    menu_order = 290
    list_display = [
        "title",
        DateColumn("period_start", label=_("Period start")),
        DateColumn("period_end", label=_("Period end")),
        DateColumn("due_date", label=_("Due date")),
        DateColumn("opened_at", label=_("Opened at")),
    ]
    copy_view_enabled = False


class ChangeNoticeViewSet(ScopedSnippetViewSet):
    model = ChangeNotice
    icon = "warning"
    menu_label = _("Change notices")
    menu_order = 400
    # A plain field name first: Wagtail makes it the row's link to the notice.
    list_display = [
        "course",
        Column("kind", label=_("Kind"), accessor="get_kind_display"),
        CalendarDateColumn("effective_date", label=_("Effective date")),
        Column("status", label=_("Status"), accessor="get_status_display"),
        DateColumn("submitted_at", label=_("Submitted at")),
    ]
    list_filter = ["kind", "status"]
    inspect_view_enabled = True
    copy_view_enabled = False
    edit_handler = ObjectList(ChangeNotice.panels, base_form_class=ChangeNoticeAdminForm)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("course")


class ListingActionViewSet(ScopedSnippetViewSet):
    model = ListingAction
    icon = "history"
    menu_label = _("Listing actions")
    menu_order = 500
    list_display = [
        Column("course", label=_("Course"), accessor="course"),
        Column(
            "action", label=pgettext_lazy("listing action", "Action"), accessor="get_action_display"
        ),
        Column(
            "reason_category", label=_("Reason category"), accessor="get_reason_category_display"
        ),
        DateColumn("created_at", label=_("Date")),
    ]
    list_filter = ["action", "reason_category"]
    inspect_view_enabled = True
    copy_view_enabled = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("course")


def taxonomy_viewset(taxonomy_model, order, extra_columns=()):
    return type(
        f"{taxonomy_model.__name__}ViewSet",
        (SnippetViewSet,),
        {
            "model": taxonomy_model,
            "icon": "tag",
            "menu_order": order,
            "list_display": ["name", Column("code", label=_("Code")), *extra_columns],
            "search_fields": None,  # the model's index.SearchFields: name and code
        },
    )


class CatalogueViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Course management")
    menu_icon = "doc-full-inverse"
    menu_order = 150
    items = (
        CourseViewSet,
        PartnerViewSet,
        ReportingPeriodViewSet,
        PerformanceReportViewSet,
        ChangeNoticeViewSet,
        ListingActionViewSet,
    )


class TaxonomyViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Course taxonomies")
    menu_icon = "tag"
    menu_order = 160
    items = (
        taxonomy_viewset(SkillStandard, 10, [Column("version", label=_("Version"))]),
        taxonomy_viewset(RoleCategory, 20),
        taxonomy_viewset(Role, 30),
        taxonomy_viewset(SkillCategory, 40),
        taxonomy_viewset(ReskillField, 50),
        taxonomy_viewset(Exam, 60),
        taxonomy_viewset(Subsidy, 70),
        type(
            "ListingCriterionViewSet",
            (SnippetViewSet,),
            {
                "model": ListingCriterion,
                "icon": "tasks",
                "menu_order": 80,
                "list_display": ["text"],
            },
        ),
    )
