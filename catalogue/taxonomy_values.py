"""Values that are rules rather than data: the study-time buckets of search.

One table, read by the course model (``Course.study_time_bucket``, which the
Elasticsearch document stores), the database search backend (``study_time_q``
and ``study_time_case``) and the facet declarations (labels).
"""

from decimal import Decimal

from django.db.models import Case, Q, Value, When
from django.utils.translation import gettext_lazy as _

# (code, label, upper bound in hours, whether the bound itself belongs to the bucket);
# in order, each bucket starting where the previous one ended. 60分以内 covers exactly one hour.
STUDY_TIME_BUCKETS = [
    ("up-to-1h", _("Up to 60 minutes"), Decimal(1), True),
    ("1-10h", _("1 to 10 hours"), Decimal(10), False),
    ("10h-plus", _("10 hours or more"), None, False),
]
STUDY_TIME_CODES = [code for code, *_rest in STUDY_TIME_BUCKETS]


def _upper_q(bound, inclusive, field):
    return Q(**{f"{field}__{'lte' if inclusive else 'lt'}": bound})


def study_time_q(code, field="study_hours"):
    """The filter for one bucket code (a Q matching nothing for an unknown code)."""
    lower = Q()
    for bucket_code, _label, bound, inclusive in STUDY_TIME_BUCKETS:
        upper = _upper_q(bound, inclusive, field) if bound is not None else Q()
        if bucket_code == code:
            return lower & upper
        lower = ~upper if bound is not None else lower
    return Q(pk__in=[])


def study_time_case(field="study_hours"):
    """An ORM expression giving each row's bucket code (for facet counts)."""
    whens = [
        When(_upper_q(bound, inclusive, field), then=Value(code))
        for code, _label, bound, inclusive in STUDY_TIME_BUCKETS
        if bound is not None
    ]
    return Case(*whens, default=Value(STUDY_TIME_BUCKETS[-1][0]))


def study_time_bucket(hours):
    """The bucket code for a course's standard study hours."""
    if hours is None:
        return None
    hours = Decimal(hours)
    for code, _label, bound, inclusive in STUDY_TIME_BUCKETS:
        if bound is None or hours < bound or (inclusive and hours == bound):
            return code
    return None
