"""django-filter FilterSets for the public course and partner listings."""

import django_filters
from django.utils.translation import gettext_lazy as _

from manabi.api.support import as_utc

from .models import Course, Role, SkillStandard


class CourseFilter(django_filters.FilterSet):
    # One value per course in these columns: no duplicate rows, so no DISTINCT (django-filter's
    # default for multiple choices), which would sort every column of the filtered listing.
    level = django_filters.MultipleChoiceFilter(choices=Course.Level.choices, distinct=False)
    partner = django_filters.NumberFilter(field_name="partner_id")
    standard = django_filters.ModelMultipleChoiceFilter(
        field_name="standards__code",
        to_field_name="code",
        queryset=SkillStandard.objects.all(),
        distinct=True,
    )
    role = django_filters.ModelMultipleChoiceFilter(
        field_name="roles__code", to_field_name="code", queryset=Role.objects.all(), distinct=True
    )
    fee_type = django_filters.MultipleChoiceFilter(choices=Course.FeeType.choices, distinct=False)
    delivery = django_filters.MultipleChoiceFilter(choices=Course.Delivery.choices, distinct=False)
    updated_since = django_filters.IsoDateTimeFilter(
        method="filter_updated_since", label=_("Changed at or after this moment (ISO 8601)")
    )

    class Meta:
        model = Course
        fields = ["level", "partner", "standard", "role", "fee_type", "delivery", "updated_since"]

    def filter_updated_since(self, queryset, name, value):
        return queryset.filter(updated_at__gte=as_utc(value))
