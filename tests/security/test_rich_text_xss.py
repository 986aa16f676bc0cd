"""Stored XSS, partner → reviewer: rich text is cleaned where it is stored, whoever writes it.

A partner sends script payloads through its API token; the reviewer then opens
every admin view of the course and the public page goes live. None of them may
contain markup that runs the payload.
"""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from wagtail.models import APIToken

from catalogue.models import Course
from manabi.rich_text import clean_rich_text
from tests.catalogue.admin import snippet_url
from tests.catalogue.factories import (
    PartnerFactory,
    PartnerUserFactory,
    SecretariatUserFactory,
    list_course,
)

pytestmark = pytest.mark.django_db

PAYLOAD = (
    "<p>講座の説明<script>alert('xss-script')</script></p>"
    "<p><img src=x onerror=\"alert('xss-img')\">画像</p>"
    "<p><a href=\"javascript:alert('xss-link')\">リンク</a>"
    "<a href=\" JaVaScRiPt:alert('xss-link2')\">リンク2</a>"
    '<a href="https://partner.example.jp/" onclick="alert(\'xss-click\')">正しいリンク</a></p>'
    "<svg onload=\"alert('xss-svg')\"></svg>"
    "<iframe src=\"javascript:alert('xss-frame')\"></iframe>"
    "<h3 style=\"background:url(javascript:alert('xss-style'))\">見出し</h3>"
)


def executable_markup(html):
    """Every place in ``html`` where a payload would run: script-like elements, handlers, js: URLs."""
    found = []
    for tag in BeautifulSoup(html, "html.parser").find_all(True):
        if tag.name in {"script", "iframe", "object", "embed", "svg"} and "xss" in str(tag):
            found.append(str(tag)[:80])
        for name, value in tag.attrs.items():
            value = " ".join(value) if isinstance(value, list) else str(value)
            if "xss" not in value:
                continue
            if name.startswith("on") or name in {"style", "srcdoc"}:
                found.append(f"{tag.name}[{name}]")
            elif name in {"href", "src", "action", "formaction", "xlink:href"} and (
                value.strip().lower().startswith(("javascript:", "data:", "vbscript:"))
            ):
                found.append(f"{tag.name}[{name}]={value[:40]}")
    return found


def test_cleaning_keeps_the_editors_markup_and_drops_the_rest():
    features = ["h3", "bold", "ol", "ul", "link"]
    kept = '<h3>見出し</h3><p><b>太字</b> <a href="https://example.jp/">外部</a></p><ul><li>項目</li></ul>'
    assert clean_rich_text(kept, features) == kept
    cleaned = clean_rich_text(PAYLOAD, features)
    assert executable_markup(cleaned) == []
    assert '<a href="https://partner.example.jp/">正しいリンク</a>' in cleaned
    assert "<h3>見出し</h3>" in cleaned


def test_a_javascript_course_url_is_refused_with_a_japanese_message(client, site):
    partner = PartnerFactory()
    auth = token_for(PartnerUserFactory(partner=partner))
    response = client.post(
        "/api/v3/partner/courses/",
        course_payload(url="javascript:alert('xss')"),
        content_type="application/json",
        headers=auth,
    )
    assert response.status_code == 422  # the API's answer to a field that fails validation
    assert "http:// または https://" in response.content.decode()
    assert not Course.objects.exists()


def test_partner_api_payload_never_runs_in_any_view_a_reviewer_opens_or_on_the_public_page(
    client, site
):
    partner = PartnerFactory()
    auth = token_for(PartnerUserFactory(partner=partner))
    created = client.post(
        "/api/v3/partner/courses/",
        course_payload(description=PAYLOAD),
        content_type="application/json",
        headers=auth,
    )
    assert created.status_code == 201, created.content
    course_id = created.json()["id"]
    changed = client.patch(
        f"/api/v3/partner/courses/{course_id}/",
        course_payload(description=PAYLOAD + "<p>改訂</p>"),
        content_type="application/json",
        headers=auth,
    )
    assert changed.status_code == 200, changed.content
    assert (
        client.post(f"/api/v3/partner/courses/{course_id}/submit/", headers=auth).status_code == 200
    )

    course = Course.objects.get(pk=course_id)
    stored = [course.description, *(r.content["description"] for r in course.revisions.all())]
    assert all(executable_markup(html) == [] for html in stored), stored
    assert all("正しいリンク" in html for html in stored)

    client.force_login(SecretariatUserFactory())
    first, last = course.revisions.order_by("pk").values_list("pk", flat=True)[:2]
    urls = [
        reverse("wagtailadmin_home"),
        snippet_url(Course, "list"),
        snippet_url(Course, "list") + "?q=講座",
        snippet_url(Course, "inspect", course.pk),
        snippet_url(Course, "edit", course.pk),
        snippet_url(Course, "history", course.pk),
        snippet_url(Course, "revisions_view", course.pk, last),
        reverse(
            Course.snippet_viewset.get_url_name("revisions_compare"),
            kwargs={"pk": course.pk, "revision_id_a": first, "revision_id_b": last},
        ),
        snippet_url(Course, "workflow_preview", course.pk, course.current_workflow_task.pk),
        snippet_url(Course, "workflow_history", course.pk),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert executable_markup(response.content.decode()) == [], url

    live = list_course(course.get_latest_revision_as_object())
    page = client.get(live.get_absolute_url())
    assert page.status_code == 200
    html = page.content.decode()
    assert "正しいリンク" in html
    assert executable_markup(html) == []


def token_for(user):
    _token, plaintext = APIToken.create_token(user=user, name="xss")
    return {"authorization": f"Bearer {plaintext}"}


def course_payload(**overrides):
    payload = {
        "title": "安全性を確かめる講座",
        "summary": "APIから登録した講座の概要",
        "description": "<p>説明</p>",
        "url": "https://partner.example.jp/course",
        "level": 3,
        "course_type": "practical",
        "standards": ["dss-p-1-2"],
        "roles": ["data-engineer"],
        "fee_type": "paid",
        "fee_yen": 10000,
        "study_hours": "6",
        "delivery": "on_demand",
    }
    payload.update(overrides)
    return payload
