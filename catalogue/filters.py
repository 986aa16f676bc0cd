"""django-filter FilterSets for the public course and partner listings."""

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from manabi.api.support import as_utc

from .models import Course, Role, SkillStandard


class CodesFilter(django_filters.ModelMultipleChoiceFilter):
    """Courses with any of the given taxonomy codes.

    With no code asked for, the cleaned value is an empty queryset, and django-filter's
    ``if not value`` compiles a query to find that out, on every list request.
    """

    def filter(self, qs, value):
        if isinstance(value, QuerySet) and value.query.is_empty():
            return qs
        return super().filter(qs, value)


class CourseFilter(django_filters.FilterSet):
    # One value per course in these columns: no duplicate rows, so no DISTINCT (django-filter's
    # default for multiple choices), which would sort every column of the filtered listing.
    level = django_filters.MultipleChoiceFilter(choices=Course.Level.choices, distinct=False)
    partner = django_filters.NumberFilter(field_name="partner_id")
    standard = CodesFilter(
        field_name="standards__code",
        to_field_name="code",
        queryset=SkillStandard.objects.all(),
        distinct=True,
    )
    role = CodesFilter(
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

    def get_form_class(self):
        # The form's fields follow from the declarations alone (each form deep-copies them):
        # made once per process, not on every list request.
        cls = type(self)
        if "_form_class" not in cls.__dict__:
            cls._form_class = super().get_form_class()
        return cls._form_class

    def filter_updated_since(self, queryset, name, value):
        return queryset.filter(updated_at__gte=as_utc(value))
