"""Validators every app's forms and models share."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def validate_single_line(value):
    """Reject CR/LF so a value can never inject a header or break a CSV row."""
    if "\r" in value or "\n" in value:
        raise ValidationError(_("Line breaks are not allowed here."), code="single_line")
