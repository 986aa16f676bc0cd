"""Validators shared by every app, with the Japanese messages users see."""

from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

# Every URL a user or partner enters: http(s) only, never javascript:, data: or file:.
http_url_validator = URLValidator(
    schemes=["http", "https"], message=_("Enter a URL that starts with http:// or https://.")
)
