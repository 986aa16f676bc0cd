"""The public verification page, in Japanese: URL or baked image, recipient only with the e-mail."""

import base64
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from community.badges.baking import bake_png
from community.badges.images import generated_png
from community.badges.services import revoke

PAGE = "/badges/verify/"


def verify(client, **data):
    return client.post(PAGE, data)


def url_of(award):
    return f"https://testserver/badges/v2/assertions/{award.uid}.json"


def test_valid_badge_by_url_without_email_hides_the_recipient(client, award):
    page = verify(client, url=url_of(award)).content.decode()

    assert "有効" in page and award.badge_class.name in page
    assert "マナビDX Quest 運営事務局" in page
    assert award.member.name not in page
    assert "受領者を確認するには" in page


def test_matching_email_shows_the_recipient(client, award):
    page = verify(client, url=url_of(award), email="Hanako@example.jp").content.decode()

    assert f"{award.member.name} さん（入力されたメールアドレスと一致しました）" in page


def test_wrong_email_says_it_does_not_match(client, award):
    page = verify(client, url=url_of(award), email="other@example.jp").content.decode()

    assert "一致しません" in page and award.member.name not in page


def test_hidden_recipient_is_not_confirmed_even_with_the_email(client, award):
    award.member.hide_badge_recipient = True
    award.member.save()

    page = verify(client, url=url_of(award), email="hanako@example.jp").content.decode()

    assert "受領者の希望により表示していません。" in page and award.member.name not in page


def test_revoked_badge_shows_the_reason(client, award):
    revoke(award, reason="誤発行のため")

    page = verify(client, url=url_of(award)).content.decode()

    assert "取消済み" in page and "誤発行のため" in page


def test_expired_badge(client, award):
    from django.utils import timezone

    award.expires_at = timezone.now()
    award.save()

    assert "有効期限切れ" in verify(client, url=url_of(award)).content.decode()


@pytest.mark.parametrize("version", ["v2", "v3"])
@pytest.mark.parametrize("fmt", ["png", "svg"])
def test_uploaded_baked_image_is_verified(client, award, version, fmt):
    image = client.get(f"/badges/awards/{award.uid}/{version}.{fmt}").content
    upload = SimpleUploadedFile(f"badge.{fmt}", image)

    page = verify(client, image=upload, email="hanako@example.jp").content.decode()

    assert "有効" in page and award.member.name in page


def test_uploaded_image_with_a_tampered_credential_is_invalid(client, award):
    token = client.get(f"/badges/v3/credentials/{award.uid}").content.decode()
    header, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["validFrom"] = "2020-01-01T00:00:00+09:00"
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).decode().rstrip("=")
    image = bake_png(
        generated_png(award.badge_class), "openbadgecredential", f"{header}.{forged}.{signature}"
    )

    page = verify(client, image=SimpleUploadedFile("badge.png", image)).content.decode()

    assert "有効なバッジではありません" in page


def test_unknown_url_and_unbaked_image(client, award):
    unknown = verify(client, url="https://example.com/badge/1").content.decode()
    plain = verify(
        client, image=SimpleUploadedFile("x.png", generated_png(award.badge_class))
    ).content.decode()
    hostile = verify(
        client,
        image=SimpleUploadedFile(
            "x.svg", b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><svg>&a;</svg>'
        ),
    ).content.decode()

    assert "このURLのバッジは本サイトから発行されていません" in unknown
    assert "有効なバッジではありません" in plain
    assert "有効なバッジではありません" in hostile


def test_bad_input_is_explained(client, db):
    empty = verify(client)
    bad_email = verify(client, url="https://testserver/x", email="nope")

    assert empty.status_code == 400
    assert "バッジのURLを入力するか、バッジ画像を選んでください。" in empty.content.decode()
    assert bad_email.status_code == 400


def test_the_page_loads_nothing_from_another_host(client, db):
    page = client.get(PAGE).content.decode()

    assert "検証" in page
    for attribute in ('src="http', "src='http", 'href="http'):
        assert attribute not in page


def test_a_signed_credential_with_a_foreign_context_is_invalid(client, award):
    from community.badges.documents import credential_v3
    from community.badges.signing import sign_credential

    credential = credential_v3(award)
    credential["@context"].append("https://evil.example/context.json")
    image = bake_png(
        generated_png(award.badge_class), "openbadgecredential", sign_credential(credential)
    )

    page = verify(client, image=SimpleUploadedFile("badge.png", image)).content.decode()

    assert "有効なバッジではありません" in page
