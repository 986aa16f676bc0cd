"""The admin home's site summary counts pages, images and documents in Japanese
(Wagtail's own Japanese catalogue lacks these plural messages)."""

import re

import pytest
from django.urls import reverse

from tests.catalogue.factories import SecretariatUserFactory

pytestmark = pytest.mark.django_db


def test_the_site_summary_is_japanese(client, site):
    client.force_login(SecretariatUserFactory(is_superuser=True))
    html = client.get(reverse("wagtailadmin_home"), headers={"accept-language": "ja"}).content
    summary = html.decode()
    summary = summary[summary.index("w-summary") :]
    summary = summary[: summary.index("</section>")]
    text = " ".join(re.sub(r"<[^>]+>", " ", summary).split())
    assert re.search(r"\d+ ページ", text), text
    assert re.search(r"\d+ 画像", text), text
    assert re.search(r"\d+ 文書", text), text
    assert not re.search(r"\b(Pages?|Images?|Documents?)\b", text), text
