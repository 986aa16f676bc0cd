"""The facets of course search, declared once as data for both backends.

Each facet has a URL parameter name, a label, the field in the Elasticsearch
document, the ORM path for the database backend, and a source of values with
their labels in display order.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _

from catalogue.models import Course, Exam, Partner, ReskillField, Role, SkillCategory, Subsidy
from catalogue.taxonomy_values import STUDY_TIME_BUCKETS
from manabi.prefectures import Prefecture

# Facet values and labels change only when the secretariat edits a taxonomy or
# a partner is approved; caching them saves a dozen queries per search. Saves
# clear this process's copy at once; other processes see the change within
# the TTL.
VALUES_TTL_SECONDS = 60
_values_cache = {}


def clear_values_cache(**kwargs):
    _values_cache.clear()


@dataclass(frozen=True)
class FacetSpec:
    name: str  # URL parameter and API key
    label: str
    es_field: str
    db_path: str  # ORM lookup whose values are the facet values (as strings)
    load_values: Callable[[], list[tuple[str, str]]]  # [(value, label)] in display order
    many: bool = False  # the course has several values (M2M)

    def values(self):
        cached = _values_cache.get(self.name)
        now = time.monotonic()
        if cached is None or now - cached[0] > VALUES_TTL_SECONDS:
            cached = (now, self.load_values())
            _values_cache[self.name] = cached
        return cached[1]

    def allowed(self):
        return {value for value, _label in self.values()}


def choices(choice_class):
    return lambda: [(str(value), str(label)) for value, label in choice_class.choices]


def taxonomy(model, **filters):
    def values():
        return [(obj.code, str(obj)) for obj in model.objects.filter(**filters).select_related()]

    return values


def study_time_values():
    return [(code, str(label)) for code, label, _bound, _inclusive in STUDY_TIME_BUCKETS]


def partner_values():
    return [
        (str(pk), name) for pk, name in Partner.objects.filter(live=True).values_list("pk", "name")
    ]


def individual_values():
    return [("yes", str(_("Individuals may apply"))), ("no", str(_("Corporate applications only")))]


FACETS = [
    FacetSpec("level", _("Level"), "level", "level", choices(Course.Level)),
    FacetSpec(
        "course_type", _("Course type"), "course_type", "course_type", choices(Course.CourseType)
    ),
    FacetSpec("fee_type", _("Fee"), "fee_type", "fee_type", choices(Course.FeeType)),
    FacetSpec("study_time", _("Study time"), "study_time", "study_time", study_time_values),
    FacetSpec("delivery", _("Delivery"), "delivery", "delivery", choices(Course.Delivery)),
    FacetSpec(
        "individual_application",
        _("Individual application"),
        "individual_application",
        "individual",
        individual_values,
    ),
    FacetSpec(
        "subsidy", _("Subsidies"), "subsidy", "subsidies__code", taxonomy(Subsidy), many=True
    ),
    FacetSpec(
        "reskill_field",
        _("Reskill field"),
        "reskill_field",
        "reskill_fields__code",
        taxonomy(ReskillField),
        many=True,
    ),
    FacetSpec("role", _("Role"), "role", "roles__code", taxonomy(Role), many=True),
    FacetSpec(
        "skill_category",
        _("Skill category"),
        "skill_category",
        "skill_categories__code",
        taxonomy(SkillCategory),
        many=True,
    ),
    FacetSpec("exam", _("Related exam"), "exam", "exams__code", taxonomy(Exam), many=True),
    FacetSpec(
        "prefecture",
        _("Prefecture of delivery"),
        "prefecture",
        "venue_prefecture",
        choices(Prefecture),
    ),
    FacetSpec("partner", _("Provider"), "partner", "partner_id", partner_values),
]
FACETS_BY_NAME = {facet.name: facet for facet in FACETS}

for _model in (Exam, Partner, ReskillField, Role, SkillCategory, Subsidy):
    post_save.connect(
        clear_values_cache, sender=_model, dispatch_uid=f"facet-values-{_model.__name__}"
    )
    post_delete.connect(
        clear_values_cache, sender=_model, dispatch_uid=f"facet-values-del-{_model.__name__}"
    )
