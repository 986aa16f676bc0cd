"""Validators shared by every app, with the Japanese messages users see."""

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

# Every URL a user or partner enters: http(s) only, never javascript:, data: or file:.
http_url_validator = URLValidator(
    schemes=["http", "https"], message=_("Enter a URL that starts with http:// or https://.")
)


def validate_single_line(value):
    """Reject CR/LF so a value can never inject a header or break a CSV row."""
    if "\r" in value or "\n" in value:
        raise ValidationError(_("Line breaks are not allowed here."), code="single_line")
