"""Admin panels of the catalogue: the extra items of a report's reporting period."""

from wagtail.admin.panels import Panel


class ExtraItemsPanel(Panel):
    """Renders the fields ``PerformanceReportAdminForm`` adds for the period's extra items."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "catalogue/admin/panels/extra_items.html"

        def is_shown(self):
            return bool(getattr(self.form, "extra_items", None))

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["fields"] = [self.form[item.field_name] for item in self.form.extra_items]
            return context
