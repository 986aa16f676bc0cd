"""The application and company forms as an applicant meets them (#14 item 4) and Quest labels (item 3)."""

import pytest
from django.core import mail

from catalogue.models import Role
from quest.models import Application, CompanyIntake, ProgrammePage
from tests.quest.factories import (
    OperatorFactory,
    ProgrammePageFactory,
    RecruitmentRoundFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limit_counts():
    """Submission counts live in the cache; each test starts with none."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def open_round(quest_tree):
    recruitment_round = RecruitmentRoundFactory()
    programme = ProgrammePageFactory(
        parent=quest_tree["programmes"],
        recruitment_round=recruitment_round,
        title="北海道DXプログラム",
    )
    return {"round": recruitment_round, "programme": programme, **quest_tree}


def application_data(programme, **overrides):
    data = {
        "choice_1": programme.pk,
        "name": "山田 花子",
        "name_kana": "ヤマダ ハナコ",
        "email": "hanako@example.jp",
        "prefecture": "13",
        "occupation": "employee",
        "age_band": "30s",
        "layer2_completed": "on",
        "weekly_hours": "10",
        "statement": "地域の企業のDXに貢献したいからです。",
        "consent": "on",
        "website": "",
    }
    data.update(overrides)
    return data


def company_data(**overrides):
    data = {
        "company_name": "株式会社サンプル製作所",
        "contact_name": "佐藤 一郎",
        "email": "sato@example.co.jp",
        "phone": "03-1234-5678",
        "prefecture": "01",
        "dx_stage": "pattern1",
        "challenge": "受発注業務をデジタル化したい。",
        "consent": "on",
        "website": "",
    }
    data.update(overrides)
    return data


def test_half_width_kana_and_full_width_digits_are_normalised_before_validation(client, open_round):
    response = client.post(
        "/quest/apply/",
        application_data(
            open_round["programme"],
            name_kana="ﾔﾏﾀﾞ ﾊﾅｺ",
            weekly_hours="１２",
            email="ｈａｎａｋｏ@example.jp",
        ),
    )

    assert response.status_code == 302, response.content.decode()
    application = Application.objects.get()
    assert application.name_kana == "ヤマダ ハナコ"
    assert application.weekly_hours == 12
    assert application.email == "hanako@example.jp"


def test_errors_are_summarised_at_the_top_with_links_to_each_field(client, open_round):
    response = client.post(
        "/quest/apply/", application_data(open_round["programme"], name="", name_kana="Yamada")
    )

    html = response.content.decode()
    assert response.status_code == 200
    summary = html.index('class="error-summary"')
    assert summary < html.index('name="choice_1"')
    assert '<a href="#id_name">氏名: ' in html
    assert '<a href="#id_name_kana">' in html
    assert 'aria-describedby="id_name_kana_helptext id_name_kana_error"' in html
    assert Application.objects.count() == 0


def test_inputs_carry_japanese_autocomplete_and_inputmode(client, open_round):
    html = client.get("/quest/apply/").content.decode()

    assert 'autocomplete="name"' in html
    assert 'type="email" name="email"' in html and 'inputmode="email"' in html
    assert 'autocomplete="address-level1"' in html
    assert 'name="weekly_hours"' in html and 'inputmode="numeric"' in html
    # The honeypot is hidden from sight and from assistive technology, out of the tab order.
    assert '<div class="honeypot" aria-hidden="true">' in html
    assert 'tabindex="-1"' in html


def test_rate_limited_applicant_gets_the_form_back_with_what_they_typed(
    client, open_round, settings
):
    settings.QUEST_FORM_RATE_LIMIT = 0

    response = client.post(
        "/quest/apply/", application_data(open_round["programme"], statement="長い志望動機です。")
    )

    html = response.content.decode()
    assert response.status_code == 429
    assert "送信回数が上限に達しました" in html
    assert 'value="山田 花子"' in html
    assert "長い志望動機です。" in html
    assert Application.objects.count() == 0


def test_company_dx_stage_has_no_blank_radio_ticked_in_advance(client, site):
    html = client.get("/quest/companies/").content.decode()

    assert 'name="dx_stage" value=""' not in html
    assert "checked" not in html[html.index('name="dx_stage"') - 200 :]


def test_company_phone_must_be_a_phone_number(client, site):
    response = client.post("/quest/companies/", company_data(phone="abc"))

    assert response.status_code == 200
    assert "電話番号は0から始まる10桁または11桁" in response.content.decode()
    assert CompanyIntake.objects.count() == 0


@pytest.mark.parametrize("phone", ["０３－１２３４－５６７８", "090 1234 5678", "+81-3-1234-5678"])
def test_company_phone_in_usual_japanese_forms_is_accepted(client, site, phone):
    response = client.post("/quest/companies/", company_data(phone=phone))

    assert response.status_code == 302


def test_company_intake_is_confirmed_by_e_mail(client, site, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/quest/companies/", company_data(), follow=True)

    assert CompanyIntake.objects.get().company_name == "株式会社サンプル製作所"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["sato@example.co.jp"]
    assert message.subject == "【マナビDX Quest】参加候補企業のご登録を受け付けました"
    assert "佐藤 一郎 様" in message.body
    assert "パターン1" in message.body


def test_company_honeypot_stores_nothing_and_sends_nothing(
    client, site, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/quest/companies/", company_data(website="http://spam.example"))

    assert response.status_code == 302
    assert CompanyIntake.objects.count() == 0
    assert mail.outbox == []


def test_rate_limited_company_keeps_what_it_typed(client, site, settings):
    settings.QUEST_FORM_RATE_LIMIT = 0

    response = client.post("/quest/companies/", company_data())

    assert response.status_code == 429
    assert 'value="株式会社サンプル製作所"' in response.content.decode()


def test_application_links_say_apply_not_filter(client, open_round):
    programme_html = client.get(open_round["programme"].url).content.decode()
    index_html = client.get(open_round["programmes"].url).content.decode()
    home_html = client.get(open_round["home"].url).content.decode()

    assert "このプログラムに応募する" in programme_html
    assert f'href="/quest/apply/?programme={open_round["programme"].pk}"' in programme_html
    assert "応募する" in index_html and "「北海道DXプログラム」に応募する" in index_html
    assert "応募する" in home_html
    for html in (programme_html, index_html, home_html):
        assert "絞り込む" not in html


def test_apply_link_from_a_programme_preselects_it(client, open_round):
    html = client.get(f"/quest/apply/?programme={open_round['programme'].pk}").content.decode()

    assert f'<option value="{open_round["programme"].pk}" selected>' in html


@pytest.mark.parametrize("value", ["abc", "999999", "1 OR 1=1"])
def test_apply_with_a_bad_programme_parameter_preselects_nothing(client, open_round, value):
    response = client.get("/quest/apply/", {"programme": value})

    assert response.status_code == 200
    assert f'value="{open_round["programme"].pk}" selected' not in response.content.decode()


def test_programmes_are_listed_north_to_south_then_by_name(client, quest_tree):
    recruitment_round = RecruitmentRoundFactory()
    for title, regions in [
        ("沖縄プログラム", ["47"]),
        ("東京B", ["13"]),
        ("北海道プログラム", ["01"]),
        ("東京A", ["14", "13"]),
        ("全国オンライン", []),
    ]:
        ProgrammePageFactory(
            parent=quest_tree["programmes"],
            recruitment_round=recruitment_round,
            title=title,
            regions=regions,
            operator=OperatorFactory(regions=regions),
        )

    html = client.get(quest_tree["programmes"].url).content.decode()
    order = ["全国オンライン", "北海道プログラム", "東京A", "東京B", "沖縄プログラム"]
    positions = [html.index(f">{title}</a>") for title in order]
    assert positions == sorted(positions)
    apply_html = client.get("/quest/apply/").content.decode()
    positions = [apply_html.index(f">{title}</option>") for title in order]
    assert positions == sorted(positions)


def test_programme_shows_and_serves_the_dssp_roles_it_develops(client, open_round):
    programme = ProgrammePage.objects.get(pk=open_round["programme"].pk)
    programme.roles.set([Role.objects.get(code="data-engineer")])
    programme.save_revision().publish()

    html = client.get(programme.url).content.decode()
    api = client.get(f"/api/v3/pages/{programme.pk}/").json()

    assert "育成するDSS-Pロール" in html and "データエンジニア" in html
    assert {"code": "data-engineer", "name": "データエンジニア"}.items() <= api["dssp_roles"][
        0
    ].items()
