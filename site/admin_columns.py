"""Listing columns shared by the admin viewsets."""

from wagtail.admin.ui.tables import Column


class CalendarDateColumn(Column):
    """A calendar date (掲載終了日, 期間) shown as a date.

    Wagtail's DateColumn shows moments relative to now; a DateField is midnight,
    which it shows as 「0分前」 or 「3日後」 instead of the date itself.
    """

    cell_template_name = "manabi/admin/calendar_date_cell.html"
