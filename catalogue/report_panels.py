"""The partner's dashboard task: performance reports it has been asked for and not yet filed."""

from django.urls import reverse
from django.utils import timezone
from wagtail.admin.ui.components import Component

from manabi.permission_policies import reachable

from .models import ReportRequest


class ReportTasksPanel(Component):
    name = "report_tasks"
    order = 90
    template_name = "catalogue/admin/panels/report_tasks.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context=None):
        outstanding = reachable(
            self.user,
            ReportRequest.objects.outstanding()
            .filter(period__opened_at__isnull=False)
            .select_related("period", "course"),
        ).order_by("period__due_date", "course__title")
        return {
            "requests": outstanding,
            "today": timezone.localdate(),
            "add_url": reverse("wagtailsnippets_catalogue_performancereport:add"),
        }

    def render_html(self, parent_context=None):
        # Nothing to show when every requested report is filed.
        context = self.get_context_data(parent_context)
        if not context["requests"].exists():
            return ""
        from django.template.loader import render_to_string

        return render_to_string(self.template_name, context)
