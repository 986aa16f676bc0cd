"""Sign-in protection (#9 item 6): lockout, audit log, passwords, idle timeout, second factor."""

import datetime
import re
import time

import pytest
import time_machine
from django.contrib.auth.password_validation import validate_password
from django.core import mail
from django.core.exceptions import ValidationError
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from security.models import AuditEvent
from tests.catalogue.factories import PartnerFactory, PartnerUserFactory, SecretariatUserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


def login(client, username, password=PASSWORD, **extra):
    return client.post("/admin/login/", {"username": username, "password": password}, **extra)


def actions(**filters):
    return list(
        AuditEvent.objects.filter(**filters).order_by("pk").values_list("action", flat=True)
    )


def test_five_wrong_passwords_lock_out_even_the_right_one(client, site):
    user = SecretariatUserFactory(password=PASSWORD)
    statuses = [login(client, user.username, "wrong-password").status_code for _ in range(5)]
    assert statuses[:4] == [200] * 4  # the form again, with an error
    locked = login(client, user.username)
    assert locked.status_code == 429
    assert "サインインを一時的に停止しています" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    events = actions(username=user.username)
    # The right password while locked out counts as one more failure.
    assert events.count("login_failed") == 6 and "locked_out" in events
    assert "login_succeeded" not in events


def test_another_address_is_not_locked_out_with_the_attacker(client, site, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # A staff account: partners never sign in with a password (gBizID only).
    user = SecretariatUserFactory(password=PASSWORD)
    for _ in range(6):
        login(client, user.username, "wrong-password", HTTP_X_FORWARDED_FOR="198.51.100.9")
    ok = login(client, user.username, HTTP_X_FORWARDED_FOR="203.0.113.20")
    assert ok.status_code == 302
    assert actions(username=user.username)[-1] == "login_succeeded"
    event = AuditEvent.objects.filter(action="login_succeeded").get()
    assert event.ip_address == "203.0.113.20" and event.user == user


def test_password_rules(settings):
    for weak, reason in [
        ("Zq8#kLm2vX!", "短すぎます"),  # 11 characters
        ("Manabi-DX-2026-secret", "サイト名"),
        ("ｍａｎａｂｉ-ｄｘ-ｗｉｎｔｅｒ", "サイト名"),  # full-width
        ("まなびのパスワード2026", "サイト名"),
    ]:
        with pytest.raises(ValidationError) as error:
            validate_password(weak)
        assert reason in " ".join(error.value.messages), weak
    validate_password("Zq8#kLm2vX!p")  # 12 characters, nothing guessable


def test_sessions_end_after_idle_minutes(client, site, settings):
    user = SecretariatUserFactory(password=PASSWORD)
    with time_machine.travel(datetime.datetime(2026, 11, 2, 9, 0, tzinfo=datetime.UTC)) as clock:
        assert login(client, user.username).status_code == 302
        clock.shift(datetime.timedelta(minutes=25))
        assert client.get("/admin/").status_code == 200  # activity moves the end
        clock.shift(datetime.timedelta(minutes=25))
        assert client.get("/admin/").status_code == 200
        clock.shift(datetime.timedelta(minutes=settings.SESSION_COOKIE_AGE // 60 + 1))
        assert client.get("/admin/")["Location"].startswith("/admin/login/")


def test_password_reset_sends_a_limited_number_of_emails(client, site, settings):
    settings.PASSWORD_RESET_RATE_LIMIT = 3
    user = SecretariatUserFactory(password=PASSWORD, email="reviewer@example.jp")
    for _ in range(6):
        response = client.post("/admin/password_reset/", {"email": user.email})
        assert response.status_code == 302  # the same answer every time
    assert len(mail.outbox) == 3
    assert actions().count("password_reset_throttled") == 3


def test_bad_password_reset_input_is_a_clear_error(client, site):
    response = client.post("/admin/password_reset/", {"email": "not an address"})
    assert response.status_code == 200
    assert "有効なメールアドレスを入力してください" in response.content.decode()


# ---------------------------------------------------------------- second factor


@pytest.fixture
def second_factor(settings):
    settings.SECOND_FACTOR_REQUIRED = True


def code_for(device):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def test_staff_enrol_then_need_a_code_after_the_password(client, site, second_factor):
    user = SecretariatUserFactory(password=PASSWORD)
    response = login(client, user.username)
    assert response.status_code == 302
    setup = client.get(response["Location"], follow=True)
    assert setup.request["PATH_INFO"] == "/admin/second-factor/setup/"
    page = setup.content.decode()
    assert "<svg" in page and "認証アプリ" in page
    # Nothing else of the admin opens before the code step.
    assert client.get("/admin/").status_code == 302

    device = TOTPDevice.objects.get(user=user, confirmed=False)
    wrong = client.post("/admin/second-factor/setup/", {"token": "000000"})
    assert "コードが正しくありません" in wrong.content.decode()
    time.sleep(1.1)  # django-otp makes each failure double the wait before the next try
    done = client.post("/admin/second-factor/setup/", {"token": code_for(device)})
    codes = re.findall(r"<li><code>(\w+)</code></li>", done.content.decode())
    assert len(codes) == 10
    assert client.get("/admin/").status_code == 200

    client.logout()
    login(client, user.username)
    assert client.get("/admin/")["Location"].startswith("/admin/second-factor/?next=")
    bad = client.post("/admin/second-factor/", {"token": "123456"})
    assert "コードが正しくありません" in bad.content.decode()
    time.sleep(1.1)
    # A recovery code works once.
    ok = client.post("/admin/second-factor/", {"token": codes[0], "next": "/admin/"})
    assert ok["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    client.logout()
    login(client, user.username)
    again = client.post("/admin/second-factor/", {"token": codes[0]})
    assert again.status_code == 200 and "コードが正しくありません" in again.content.decode()
    assert {"otp_enrolled", "otp_passed", "otp_failed", "recovery_codes"} <= set(actions(user=user))


def test_a_stolen_password_cannot_replace_the_owners_device(client, site, second_factor):
    user = SecretariatUserFactory(password=PASSWORD)
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    login(client, user.username)
    response = client.get("/admin/second-factor/setup/")
    assert response["Location"].startswith("/admin/second-factor/?")
    assert TOTPDevice.objects.filter(user=user).count() == 1


def test_partners_are_not_asked_for_a_code(client, site, second_factor):
    # Partners sign in through gBizID (whose own two-step sign-in is their second factor), never
    # with a password: a signed-in partner session goes straight to the admin.
    user = PartnerUserFactory(partner=PartnerFactory())
    client.force_login(user, backend="manabi.gbizid.backends.GbizidBackend")
    assert client.get("/admin/").status_code == 200


def test_superusers_are_asked_for_a_code(client, site, second_factor, django_user_model):
    django_user_model.objects.create_superuser("root", "root@example.jp", PASSWORD)
    login(client, "root")
    assert client.get("/admin/")["Location"].startswith("/admin/second-factor/setup/")


def test_an_operator_removes_a_lost_second_factor(client, site, second_factor):
    from io import StringIO

    from django.core.management import call_command

    user = SecretariatUserFactory(password=PASSWORD)
    TOTPDevice.objects.create(user=user, name="lost phone", confirmed=True)
    call_command("otp_reset", user.username, stdout=StringIO())
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert "otp_reset" in actions(user=user)
    login(client, user.username)
    assert client.get("/admin/")["Location"].startswith("/admin/second-factor/setup/")
