"""Helpers for driving the Wagtail admin the way a person does."""

from django.urls import reverse
from wagtail.test.utils.form_data import rich_text

from catalogue.models import Course, SkillStandard


def snippet_url(model, name, *args):
    return reverse(model.snippet_viewset.get_url_name(name), args=args)


def course_form_data(partner, **overrides):
    data = {
        "partner": partner.pk,
        "title": "はじめてのデータ分析",
        "summary": "表計算ソフトでデータを集計・可視化する基礎を学ぶ",
        "description": rich_text("<p>演習を通じてデータ分析の基礎を学びます。</p>"),
        "url": "https://partner.example.jp/courses/data",
        "level": "2",
        "course_type": Course.CourseType.PRACTICAL,
        "standards": [SkillStandard.objects.get(code="dss-p-1-2").pk],
        "fee_type": Course.FeeType.PAID,
        "fee_yen": "33000",
        "study_hours": "8",
        "delivery": Course.Delivery.ON_DEMAND,
        "language": "ja",
        "individual_application": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def workflow_action_url(course, action, task_state):
    return snippet_url(Course, "workflow_action", course.pk, action, task_state.pk)
