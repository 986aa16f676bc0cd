"""Validators with the Japanese messages partners see when a field is wrong."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from manabi.validators import http_url_validator

__all__ = ["http_url_validator"]  # the one URL rule, shared with the other apps


def corporate_number_check_digit(base12):
    """The check digit of a 13-digit corporate number (法人番号) from its last 12 digits.

    Defined by the National Tax Agency: 9 - (Σ Pn × Qn mod 9), where Pn is the
    n-th digit counted from the right and Qn is 1 for odd n and 2 for even n.
    """
    total = sum(int(d) * (1 if n % 2 else 2) for n, d in enumerate(reversed(base12), start=1))
    return 9 - total % 9


def validate_corporate_number(value):
    if not (len(value) == 13 and value.isascii() and value.isdigit()):
        raise ValidationError(
            _("A corporate number is 13 half-width digits."), code="corporate_number_format"
        )
    if int(value[0]) != corporate_number_check_digit(value[1:]):
        raise ValidationError(
            _("This corporate number is not valid: its check digit does not match."),
            code="corporate_number_check_digit",
        )


def validate_single_line(value):
    """Reject CR/LF so a value can never inject a header or break a CSV row."""
    if "\r" in value or "\n" in value:
        raise ValidationError(_("Line breaks are not allowed here."), code="single_line")
