"""Spreadsheet exports people open in Excel: labels, Japan time, a BOM and no formulas.

Wagtail's ``SpreadsheetExportMixin`` writes stored values: choice codes,
UTC times, UTF-8 without a BOM (Excel reads it as Shift_JIS) and text that
Excel runs as a formula when it starts with ``=``, ``+``, ``-`` or ``@``.
Every admin listing with ``list_export`` uses this mixin's index view.
"""

import datetime

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.admin.views.generic import IndexView

# Excel (and LibreOffice) start a formula with these; a leading tab or CR
# is stripped by some importers, leaving the next character in front.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"


def neutralise_formula(value):
    """Text Excel would run as a formula gets a leading apostrophe, which Excel shows as text."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def local_naive(value):
    """An aware time as a wall-clock time in the site's zone (Asia/Tokyo)."""
    return timezone.make_naive(value) if timezone.is_aware(value) else value


def readable(value):
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime.datetime):
        return local_naive(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%Y-%m-%d")
    return value


class ReadableExportMixin:
    """Export choice labels and Japan time; neutralise formulas; CSV starts with a BOM."""

    def to_row_dict(self, item):
        row = super().to_row_dict(item)
        for name in row:
            try:
                field = item._meta.get_field(name)
            except FieldDoesNotExist:  # a method, property or dotted path: exported as it is
                continue
            if getattr(field, "choices", None) and not field.many_to_many:
                row[name] = getattr(item, f"get_{name}_display")()
        return row

    def preprocess_field_value(self, field, value, export_format):
        if isinstance(value, datetime.datetime) and export_format == self.FORMAT_XLSX:
            # An Excel date cell in Japan time (Wagtail writes UTC).
            return local_naive(value)
        if isinstance(value, models.Model):
            value = str(value)
        if export_format == self.FORMAT_CSV or isinstance(value, bool):
            value = readable(value)
        value = super().preprocess_field_value(field, value, export_format)
        return neutralise_formula(value)

    def stream_csv(self, queryset):
        yield BOM.encode("utf-8")
        yield from super().stream_csv(queryset)

    def write_csv_response(self, queryset):
        response = super().write_csv_response(queryset)
        response["Content-Type"] = "text/csv; charset=utf-8"
        return response


class ReadableExportIndexView(ReadableExportMixin, IndexView):
    pass
