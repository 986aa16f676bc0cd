"""Enrolment: every state change, who made it, and the e-mail the member gets; self-service links."""

import datetime
import re

import pytest
import time_machine
from django.utils import timezone

from community import services
from community.models import Enrolment, EnrolmentState, Member, MemberToken
from tests.catalogue.factories import SecretariatUserFactory
from tests.community.factories import CompletionFactory, EnrolmentFactory, MemberFactory


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    def run(function, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(*args, **kwargs)

    return run


def link_in(message):
    return re.search(r"http://testserver(/community/link/[^/\s]+/)", message.body).group(1)


def history(enrolment):
    return [
        (e.from_state, e.to_state, e.actor_id is not None, e.by_member)
        for e in enrolment.events.all()
    ]


def test_invitation_mails_a_one_time_link_that_opens_the_member_page(
    db, client, on_commit, mailoutbox
):
    completion = CompletionFactory(member__name="山田 花子")
    staff = SecretariatUserFactory()

    assert on_commit(services.invite_cohort, completion.cohort, actor=staff) == 1

    enrolment = Enrolment.objects.get()
    assert enrolment.state == "invited" and enrolment.invited_at is not None
    assert history(enrolment) == [("", "invited", True, False)]
    [mail] = mailoutbox
    assert mail.subject == "【マナビDX Quest】修了者コミュニティへのご招待"
    assert "山田 花子 様" in mail.body and "14 日後に無効" in mail.body
    link = link_in(mail)
    assert client.get(link).status_code == 302
    page = client.get("/community/me/")
    assert "山田 花子 さんの会員ページ" in page.content.decode()
    client.post("/community/me/sign-out/")
    assert client.get(link).status_code == 410  # used once already


def test_expired_and_forged_links_are_refused(db, client):
    member = MemberFactory()
    _token, raw = MemberToken.issue(member)

    with time_machine.travel(timezone.now() + datetime.timedelta(days=15)):
        assert client.get(f"/community/link/{raw}/").status_code == 410
    assert client.get("/community/link/forged-token/").status_code == 410
    assert client.get("/community/me/").status_code == 403


def test_member_session_ends_after_thirty_minutes(db, client):
    _token, raw = MemberToken.issue(MemberFactory())
    client.get(f"/community/link/{raw}/")

    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=31)):
        assert client.get("/community/me/").status_code == 403


@pytest.fixture
def member_client(client, db):
    def login(member):
        _token, raw = MemberToken.issue(member)
        assert client.get(f"/community/link/{raw}/").status_code == 302
        return client

    return login


def test_accepting_records_consent_and_applies(member_client, on_commit, mailoutbox):
    enrolment = EnrolmentFactory(invited_at=timezone.now())
    client = member_client(enrolment.member)

    refused = client.post("/community/me/accept/", {})
    assert (
        "参加するにはプライバシーポリシーへの同意が必要です。"
        in client.get(refused.url).content.decode()
    )
    on_commit(client.post, "/community/me/accept/", {"accept-consent": "on"})

    enrolment.refresh_from_db()
    member = enrolment.member
    assert enrolment.state == "applied" and enrolment.applied_at is not None
    assert member.has_consent and member.consent_given_at is not None
    assert history(enrolment) == [("invited", "applied", False, True)]
    assert mailoutbox[-1].subject == "【マナビDX Quest】コミュニティへの参加申込を受け付けました"


def test_secretariat_approves_with_an_email(db, on_commit, mailoutbox):
    enrolment = EnrolmentFactory(state="applied")
    staff = SecretariatUserFactory()

    on_commit(services.approve, enrolment, actor=staff)

    enrolment.refresh_from_db()
    assert enrolment.state == "approved" and enrolment.approved_at is not None
    assert enrolment.events.get().actor == staff
    assert mailoutbox[-1].subject == "【マナビDX Quest】修了者コミュニティへようこそ"


def test_secretariat_declines_with_the_reason_in_the_email(db, on_commit, mailoutbox):
    enrolment = EnrolmentFactory(state="applied")

    on_commit(
        services.decline,
        enrolment,
        actor=SecretariatUserFactory(),
        note="修了記録が確認できないため",
    )

    assert Enrolment.objects.get().state == "declined"
    assert "承認できませんでした" in mailoutbox[-1].body
    assert "理由: 修了記録が確認できないため" in mailoutbox[-1].body


def test_member_declines_the_invitation(member_client, on_commit, mailoutbox):
    enrolment = EnrolmentFactory()
    client = member_client(enrolment.member)

    on_commit(client.post, "/community/me/decline/")

    enrolment.refresh_from_db()
    assert enrolment.state == "declined"
    assert history(enrolment) == [("invited", "declined", False, True)]
    assert "辞退されたことを記録しました" in mailoutbox[-1].body


def test_member_leaves_stops_mailings_and_hides_badges(member_client, on_commit, mailoutbox):
    enrolment = EnrolmentFactory(state="approved", member__consent_given_at=timezone.now())
    client = member_client(enrolment.member)
    assert Member.objects.mailable().count() == 1

    on_commit(
        client.post, "/community/me/leave/", {"leave-confirm": "on", "leave-hide_badges": "on"}
    )

    member = Member.objects.get()
    assert member.enrolment.state == "withdrawn" and member.left_at is not None
    assert member.hide_badge_recipient is True
    assert Member.objects.mailable().count() == 0
    assert mailoutbox[-1].subject == "【マナビDX Quest】修了者コミュニティを退会しました"
    assert "受領者を確認できないように" in mailoutbox[-1].body


def test_withdrawn_and_declined_members_are_not_invited_in_bulk_but_can_be_invited_again(
    db, on_commit, mailoutbox
):
    withdrawn = EnrolmentFactory(state="withdrawn")
    declined = EnrolmentFactory(state="declined")
    completion = CompletionFactory(member=withdrawn.member)
    CompletionFactory(member=declined.member, cohort=completion.cohort)

    assert on_commit(services.invite_cohort, completion.cohort) == 0

    on_commit(services.invite, withdrawn.member, completion.cohort)
    withdrawn.refresh_from_db()
    assert withdrawn.state == "invited"
    assert history(withdrawn)[-1] == ("withdrawn", "invited", False, False)
    assert len(mailoutbox) == 1


@pytest.mark.parametrize(
    ("state", "target"),
    [
        ("invited", "approved"),
        ("approved", "applied"),
        ("declined", "approved"),
        ("withdrawn", "approved"),
    ],
)
def test_moves_that_are_not_allowed_are_refused_in_japanese(db, state, target):
    enrolment = EnrolmentFactory(state=state)

    with pytest.raises(services.TransitionError, match="にすることはできません"):
        services.transition(enrolment, target)
    assert Enrolment.objects.get().state == state


def test_consent_can_be_withdrawn_and_given_again(member_client):
    member = MemberFactory(consent_given_at=timezone.now())
    client = member_client(member)

    client.post("/community/me/consent/", {"action": "withdraw"})
    member.refresh_from_db()
    assert not member.has_consent and Member.objects.mailable().count() == 0

    client.post("/community/me/consent/", {"action": "give"})
    member.refresh_from_db()
    assert member.has_consent


def test_member_corrects_data_and_bad_input_keeps_what_was_typed(member_client):
    member = MemberFactory()
    client = member_client(member)

    bad = client.post(
        "/community/me/",
        {
            "data-name": "新しい 名前",
            "data-name_kana": "abc",
            "data-prefecture": "27",
            "data-affiliation": "X",
        },
    )
    assert bad.status_code == 400
    assert (
        "読みをカタカナまたはひらがなで入力してください。" in bad.content.decode()
        and "新しい 名前" in bad.content.decode()
    )
    good = client.post(
        "/community/me/",
        {
            "data-name": "新しい 名前",
            "data-name_kana": "あたらしい なまえ",
            "data-prefecture": "27",
            "data-affiliation": "X",
        },
    )
    assert good.status_code == 302
    member.refresh_from_db()
    assert (member.name, member.prefecture) == ("新しい 名前", "27")


def test_asking_for_a_link_does_not_reveal_who_is_a_member(db, client, mailoutbox):
    MemberFactory(email="known@example.jp")

    known = client.post("/community/", {"email": "KNOWN@example.jp"}, follow=True)
    unknown = client.post("/community/", {"email": "nobody@example.jp"}, follow=True)
    bad = client.post("/community/", {"email": "not an address"})

    assert known.content.decode().count("リンクを送信しました") == 1
    assert unknown.content.decode().count("リンクを送信しました") == 1
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["known@example.jp"]
    assert bad.status_code == 400


def test_community_page_invites_to_the_current_round(db, client):
    from tests.quest.factories import RecruitmentRoundFactory

    RecruitmentRoundFactory(name="令和8年度")

    page = client.get("/community/").content.decode()

    assert "令和8年度 の申込受付期間" in page and "/quest/apply/" in page


def test_enrolment_state_values_are_the_documented_ones():
    assert [s.value for s in EnrolmentState] == [
        "invited",
        "applied",
        "approved",
        "declined",
        "withdrawn",
    ]
