"""End to end in Chromium: a partner's course through review to a learner, and a round moved earlier."""

import datetime
import re
from io import StringIO

import time_machine
from django.core.management import call_command
from django.utils import timezone

from catalogue.models import Course
from tests.catalogue.factories import PartnerFactory, PartnerUserFactory, SecretariatUserFactory

COURSE_TITLE = "ブラウザで申請するデータ活用講座"


def open_action_menu(page):
    page.locator("footer .w-dropdown__toggle").first.click()


def run_workflow_action(page, label, fill=None):
    """Open the footer's action menu, choose ``label``, fill the modal and submit it."""
    open_action_menu(page)
    page.get_by_role("button", name=label).click()
    modal = page.locator(".modal-content")
    modal.wait_for()
    if fill:
        fill(modal)
    with page.expect_navigation():
        modal.locator("button[type=submit], input[type=submit]").first.click()
    page.wait_for_load_state("networkidle")


def test_partner_submits_reviewer_requests_change_partner_resubmits_approved_listed_found(
    signed_in, shot, live_server
):
    partner = PartnerFactory(name="株式会社ブラウザ学習", contact_email="p@example.jp")
    partner_user = PartnerUserFactory(partner=partner)
    reviewer = SecretariatUserFactory(email="review@example.jp")

    # 1. The partner fills the course form alone and submits it for review.
    page = signed_in(partner_user)
    page.goto("/admin/snippets/catalogue/course/add/")
    page.fill("#id_title", COURSE_TITLE)
    page.fill("#id_summary", "業務データを集計・可視化して意思決定に活かす方法を学ぶ")
    page.locator("#id_description").locator("xpath=..").locator("[contenteditable=true]").fill(
        "演習で売上データを分析します。"
    )
    page.fill("#id_url", "https://partner.example.jp/courses/browser")
    page.select_option("#id_level", "2")
    page.select_option("#id_course_type", "practical")
    page.get_by_label("DX推進スキル標準 ver.1.2").check()
    page.select_option("#id_fee_type", "paid")
    page.fill("#id_fee_yen", "30000")
    page.fill("#id_study_hours", "10")
    page.select_option("#id_delivery", "on_demand")
    shot(page, "1-partner-form")
    page.locator("footer button[name=action-submit]").click()
    page.wait_for_load_state("networkidle")
    course = Course.objects.get(title=COURSE_TITLE, partner=partner)
    assert course.workflow_in_progress
    page.goto("/admin/snippets/catalogue/course/")
    assert "審査中" in page.locator("table.listing tbody").inner_text()

    # 2. The reviewer asks for a change, with a comment.
    reviewer_page = signed_in(reviewer)
    reviewer_page.goto(f"/admin/snippets/catalogue/course/edit/{course.pk}/")
    assert reviewer_page.locator("footer button[name=action-publish]").count() == 0
    shot(reviewer_page, "2-reviewer-edit")
    run_workflow_action(
        reviewer_page,
        "修正を依頼",
        lambda modal: modal.locator("textarea[name=comment]").fill(
            "受講時間の内訳を記載してください。"
        ),
    )

    # 3. The partner sees the comment on the edit screen and resubmits.
    page.goto(f"/admin/snippets/catalogue/course/edit/{course.pk}/")
    assert "受講時間の内訳を記載してください。" in page.locator(".messages").inner_text()
    shot(page, "3-partner-sees-comment")
    page.fill("#id_schedule", "1日目：集計 2時間、2日目：可視化 3時間、3日目：演習 5時間")
    page.locator(
        "footer button[name=action-submit], footer button[name=action-restart-workflow]"
    ).first.click()
    page.wait_for_load_state("networkidle")
    course.refresh_from_db()
    assert course.current_workflow_state.status == "in_progress"

    # 4. The reviewer confirms every criterion, approves, and publishes from the queue.
    reviewer_page.goto(f"/admin/snippets/catalogue/course/edit/{course.pk}/")

    def tick_all(modal):
        for box in modal.locator("input[type=checkbox]").all():
            box.check()

    run_workflow_action(reviewer_page, "掲載基準を確認して承認", tick_all)
    # The reviewer lands on the course, told what happened and what is next (not the listing
    # with 「更新されました」).
    edit_path = f"/admin/snippets/catalogue/course/edit/{course.pk}/"
    assert reviewer_page.url.endswith(edit_path)
    said = reviewer_page.locator(".messages").inner_text()
    assert (
        f"『{COURSE_TITLE}』の掲載基準を確認しました。次は「事務局承認」で承認してください。"
        in said
    )
    shot(reviewer_page, "4-reviewer-criteria-confirmed")
    open_action_menu(reviewer_page)
    with reviewer_page.expect_navigation():
        reviewer_page.get_by_role("button", name="承認（掲載は別の操作）", exact=True).click()
    reviewer_page.wait_for_load_state("networkidle")
    assert reviewer_page.url.endswith(edit_path)
    said = reviewer_page.locator(".messages").inner_text()
    assert f"『{COURSE_TITLE}』を承認しました。この画面の「掲載する」か、掲載待ちの一覧" in said
    assert reviewer_page.get_by_role("link", name="掲載待ちの一覧").count() == 1
    shot(reviewer_page, "4-reviewer-approved")
    course.refresh_from_db()
    assert course.approved_revision_id and not course.live

    reviewer_page.goto("/admin/")
    queue = reviewer_page.locator("#secretariat-queue-content, #secretariat-queue").first
    assert COURSE_TITLE in queue.inner_text()
    shot(reviewer_page, "4-secretariat-queue")
    reviewer_page.get_by_role("button", name=f"「{COURSE_TITLE}」を掲載する").click()
    reviewer_page.wait_for_load_state("networkidle")
    assert "を掲載しました" in reviewer_page.locator(".messages").inner_text()
    course.refresh_from_db()
    assert course.live

    # The partner's listing says 掲載中.
    page.goto("/admin/snippets/catalogue/course/")
    assert "掲載中" in page.locator("table.listing tbody").inner_text()

    # 5. A learner finds it.
    anonymous = page.context.browser.new_context(base_url=live_server.url, locale="ja-JP")
    try:
        public = anonymous.new_page()
        public.goto("/courses/?q=" + "データ活用講座")
        shot(public, "5-learner-search")
        public.locator(f'a[href$="/courses/{course.pk}/"]').first.click()
        public.wait_for_load_state()
        assert COURSE_TITLE in public.locator("h1").inner_text()
        shot(public, "6-learner-course-page")
    finally:
        anonymous.close()


def test_moving_a_round_earlier_in_the_admin_publishes_the_whole_round_together(
    signed_in, shot, live_server
):
    from django.contrib.auth import get_user_model
    from wagtail.models import Page, Site

    from quest.models import ProgrammePage
    from tests.manabi.factories import HomePageFactory
    from tests.quest.factories import (
        OperatorFactory,
        ProgrammeIndexPageFactory,
        ProgrammePageFactory,
        QuestHomePageFactory,
        RecruitmentRoundFactory,
    )

    root = Page.get_first_root_node()
    home = HomePageFactory(parent=root, title="マナビDX", slug="home-e2e")
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home}
    )
    programmes = ProgrammeIndexPageFactory(parent=QuestHomePageFactory(parent=home))
    now = timezone.now()
    announcement = now + datetime.timedelta(days=10)
    round_ = RecruitmentRoundFactory(
        name="令和9年度",
        announcement_at=announcement,
        applications_open_at=announcement,
        applications_close_at=announcement + datetime.timedelta(days=30),
    )
    pages = []
    for name in ("北海道ハブ", "九州ハブ"):
        page = ProgrammePageFactory(
            parent=programmes,
            recruitment_round=round_,
            operator=OperatorFactory(name=name),
            live=False,
        )
        page.save_revision().publish()
        pages.append(page)
    assert not ProgrammePage.objects.live().exists()

    admin_user = get_user_model().objects.create_superuser("round-admin", "r@example.jp", "x")
    browser_page = signed_in(admin_user)
    browser_page.goto(f"/admin/quest_rounds/edit/{round_.pk}/")
    earlier = timezone.localtime(now + datetime.timedelta(days=2))
    for field in ("announcement_at", "applications_open_at"):
        browser_page.fill(f"#id_{field}", earlier.strftime("%Y-%m-%d %H:%M"))
        browser_page.keyboard.press("Escape")
    browser_page.locator("#id_name").click()  # closes the date pickers
    shot(browser_page, "1-round-moved-earlier")
    with browser_page.expect_navigation():
        browser_page.get_by_role("button", name="保存", exact=True).click()
    browser_page.wait_for_load_state("networkidle")
    round_.refresh_from_db()
    assert round_.announcement_at == earlier.replace(second=0, microsecond=0)

    with time_machine.travel(round_.announcement_at + datetime.timedelta(seconds=1), tick=False):
        call_command("publish_scheduled", stdout=StringIO())
    live = ProgrammePage.objects.live()
    assert set(live.values_list("pk", flat=True)) == {p.pk for p in pages}
    assert len(set(live.values_list("first_published_at", flat=True))) == 1

    public = browser_page.context.browser.new_context(base_url=live_server.url, locale="ja-JP")
    try:
        view = public.new_page()
        view.goto(programmes.url)
        text = view.content()
        assert all(p.title in text for p in pages)
        shot(view, "2-programmes-live-together")
    finally:
        public.close()
    assert re.search(r"\d", round_.name)
