"""Validators with the Japanese messages partners see when a field is wrong."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from manabi.validators import http_url_validator, validate_single_line

# The shared rules, re-exported for older migrations that import them from here.
__all__ = ["http_url_validator", "validate_single_line"]


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
