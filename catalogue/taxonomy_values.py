"""Values that are rules rather than data: study-time buckets for search."""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

# (code, label, lower bound inclusive, upper bound exclusive) in hours.
STUDY_TIME_BUCKETS = [
    ("up-to-1h", _("Up to 60 minutes"), Decimal(0), Decimal(1)),
    ("1-10h", _("1 to 10 hours"), Decimal(1), Decimal(10)),
    ("10h-plus", _("10 hours or more"), Decimal(10), None),
]


def study_time_bucket(hours):
    """The bucket code for a course's standard study hours (60分以内 covers exactly one hour)."""
    if hours is None:
        return None
    hours = Decimal(hours)
    if hours <= 1:
        return "up-to-1h"
    if hours < 10:
        return "1-10h"
    return "10h-plus"
