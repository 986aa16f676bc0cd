"""Open Badges 2.0 and 3.0 as an outside verifier sees them.

Schemas are the files 1EdTech publishes (copied unchanged into schemas/); JSON-LD is
expanded by pyld with only the shipped contexts; signatures are checked with PyJWT,
not with the code that made them.
"""

import base64
import gzip
import hashlib
import json
import re
import struct
from pathlib import Path
from xml.etree import ElementTree

import jsonschema
import jwt
import pytest
from pyld import jsonld

from community.badges.contexts import document_loader
from community.badges.services import award as award_badge
from community.badges.services import award_cohort, revoke
from tests.community.factories import BadgeClassFactory, CompletionFactory

SCHEMAS = Path(__file__).parent / "schemas"
OBI = "https://w3id.org/openbadges#"


def published_schema(name):
    text = (SCHEMAS / name).read_text(encoding="utf-8")
    # The 2.1 binding as published has trailing commas; JSON parsers need them gone.
    return json.loads(re.sub(r",(\s*[}\]])", r"\1", text))


def get_json(client, url, status=200):
    response = client.get(url.replace("https://testserver", ""), secure=True)
    assert response.status_code == status, response.content
    return response


def png_chunks(data):
    """Walk the PNG chunk list by hand: (type, body) pairs."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    position, chunks = 8, []
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8].decode()
        chunks.append((kind, data[position + 8 : position + 8 + length]))
        position += 12 + length
    return chunks


def itxt_chunks(data):
    found = []
    for kind, body in png_chunks(data):
        if kind == "iTXt":
            keyword, rest = body.split(b"\0", 1)
            # compression flag, method, language tag\0, translated keyword\0, text
            _flag, _method = rest[0], rest[1]
            _language, rest = rest[2:].split(b"\0", 1)
            _translated, text = rest.split(b"\0", 1)
            found.append((keyword.decode(), text.decode()))
    return found


def public_jwk(client, token):
    kid_url = jwt.get_unverified_header(token)["kid"]
    assert kid_url.startswith("https://testserver/badges/keys/")
    return jwt.PyJWK(get_json(client, kid_url).json(), algorithm="EdDSA")


# -- 2.0 hosted verification -------------------------------------------------------


def test_hosted_assertion_is_valid_open_badges_2(client, award):
    document = get_json(client, f"/badges/v2/assertions/{award.uid}.json").json()

    schema = published_schema("ob_v2p1_getassertions_200_schema.json")
    jsonschema.validate({"status": {"statusCode": 200}, "assertions": [document]}, schema)
    assert document["@context"] == "https://w3id.org/openbadges/v2"
    assert document["verification"] == {"type": "HostedBadge"}
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+09:00", document["issuedOn"])
    recipient = document["recipient"]
    expected = hashlib.sha256(("hanako@example.jp" + recipient["salt"]).encode()).hexdigest()
    assert recipient == {
        "type": "email",
        "hashed": True,
        "salt": award.salt,
        "identity": f"sha256${expected}",
    }
    assert "hanako" not in json.dumps(document)
    expanded = jsonld.expand(document, {"documentLoader": document_loader})[0]
    assert expanded["@type"] == [OBI + "Assertion"]
    assert expanded[OBI + "issueDate"][0]["@type"] == "http://www.w3.org/2001/XMLSchema#dateTime"


def test_badge_class_and_issuer_documents_link_up(client, award):
    assertion = get_json(client, f"/badges/v2/assertions/{award.uid}.json").json()
    badge = get_json(client, assertion["badge"]).json()
    issuer = get_json(client, badge["issuer"]).json()

    jsonschema.validate(
        {"status": {"statusCode": 200}, "profile": issuer},
        published_schema("ob_v2p1_getprofile_200_schema.json"),
    )
    assert badge["type"] == "BadgeClass"
    assert badge["alignment"][0]["targetName"] == "データサイエンティスト"
    assert get_json(client, badge["criteria"]["id"]).status_code == 200
    image = get_json(client, badge["image"])
    assert image["Content-Type"] == "image/png"
    assert issuer["type"] == "Issuer"
    assert get_json(client, issuer["revocationList"]).json()["revokedAssertions"] == []


def test_revoked_assertion_answers_410_and_is_listed(client, award):
    revoke(award, reason="不正な申告が判明したため")

    response = get_json(client, f"/badges/v2/assertions/{award.uid}.json", status=410)
    assert response.json()["revoked"] is True
    issuer = get_json(client, f"/badges/v2/issuers/{award.badge_class.issuer_id}.json").json()
    revoked = get_json(client, issuer["revocationList"]).json()["revokedAssertions"]
    assert revoked == [
        {
            "id": f"https://testserver/badges/v2/assertions/{award.uid}.json",
            "revocationReason": "不正な申告が判明したため",
        }
    ]


def test_baked_png_has_exactly_one_openbadges_itxt_chunk(client, award):
    data = get_json(client, f"/badges/awards/{award.uid}/v2.png").content

    chunks = itxt_chunks(data)
    assert [keyword for keyword, _text in chunks] == ["openbadges"]
    assert (
        json.loads(chunks[0][1])
        == get_json(client, f"/badges/v2/assertions/{award.uid}.json").json()
    )


def test_baked_svg_carries_the_assertion(client, award):
    data = get_json(client, f"/badges/awards/{award.uid}/v2.svg").content

    root = ElementTree.fromstring(data)  # noqa: S314 - our own response
    node = root.find("{http://openbadges.org}assertion")
    assert node.get("verify") == f"https://testserver/badges/v2/assertions/{award.uid}.json"
    assert json.loads(node.text)["id"] == node.get("verify")


# -- 3.0 credential ------------------------------------------------------------------


def test_credential_is_valid_open_badges_3_and_verifies_independently(client, award):
    response = get_json(client, f"/badges/v3/credentials/{award.uid}")
    assert response["Content-Type"] == "application/vc+jwt"
    token = response.content.decode()

    header = jwt.get_unverified_header(token)
    assert header["alg"] == "EdDSA" and header["typ"] == "vc+jwt"
    credential = jwt.decode(
        token, key=public_jwk(client, token), algorithms=["EdDSA"], options={"verify_aud": False}
    )

    jsonschema.validate(credential, published_schema("ob_v3p0_achievementcredential_schema.json"))
    assert credential["@context"] == [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+09:00", credential["validFrom"])
    identity = credential["credentialSubject"]["identifier"][0]
    expected = hashlib.sha256(("hanako@example.jp" + identity["salt"]).encode()).hexdigest()
    assert identity["identityHash"] == f"sha256${expected}"
    expanded = jsonld.expand(credential, {"documentLoader": document_loader})[0]
    assert (
        "https://purl.imsglobal.org/spec/vc/ob/vocab.html#OpenBadgeCredential" in expanded["@type"]
    )


def test_a_tampered_credential_fails_verification(client, award):
    token = get_json(client, f"/badges/v3/credentials/{award.uid}").content.decode()
    header, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["name"] = "偽のバッジ"
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).decode().rstrip("=")

    with pytest.raises(jwt.InvalidSignatureError):
        jwt.decode(
            f"{header}.{forged}.{signature}", key=public_jwk(client, token), algorithms=["EdDSA"]
        )


def status_bit(client, credential):
    entry = credential["credentialStatus"]
    token = get_json(client, entry["statusListCredential"]).content.decode()
    status_list = jwt.decode(token, key=public_jwk(client, token), algorithms=["EdDSA"])
    encoded = status_list["credentialSubject"]["encodedList"]
    assert encoded.startswith("u")
    bits = gzip.decompress(base64.urlsafe_b64decode(encoded[1:] + "=" * (-len(encoded[1:]) % 4)))
    assert len(bits) * 8 >= 131072
    index = int(entry["statusListIndex"])
    return bool(bits[index // 8] & (0x80 >> (index % 8)))


def test_revocation_is_seen_in_the_bitstring_status_list(client, award):
    token = get_json(client, f"/badges/v3/credentials/{award.uid}").content.decode()
    credential = jwt.decode(token, key=public_jwk(client, token), algorithms=["EdDSA"])
    assert status_bit(client, credential) is False

    revoke(award, reason="誤って発行したため")

    assert status_bit(client, credential) is True


def test_baked_3_0_png_and_svg_unbake_to_the_signed_credential(client, award):
    token = get_json(client, f"/badges/v3/credentials/{award.uid}").content.decode()
    png = get_json(client, f"/badges/awards/{award.uid}/v3.png").content
    svg = get_json(client, f"/badges/awards/{award.uid}/v3.svg").content

    [(keyword, baked)] = itxt_chunks(png)
    assert keyword == "openbadgecredential"
    svg_root = ElementTree.fromstring(svg)  # noqa: S314 - our own response
    node = svg_root.find("{http://openbadges.org}credential")
    for text in (baked, node.text):
        claims = jwt.decode(text, key=public_jwk(client, text), algorithms=["EdDSA"])
        assert claims == jwt.decode(token, key=public_jwk(client, token), algorithms=["EdDSA"])


def test_without_a_key_the_credential_endpoint_says_so(client, award, settings, tmp_path):
    settings.BADGE_KEY_DIR = tmp_path / "empty"

    response = client.get(f"/badges/v3/credentials/{award.uid}")

    assert response.status_code == 503


def test_hidden_recipient_publishes_no_salt(client, award):
    award.member.hide_badge_recipient = True
    award.member.save()

    document = get_json(client, f"/badges/v2/assertions/{award.uid}.json").json()

    assert "salt" not in document["recipient"]


# -- awarding ---------------------------------------------------------------------


def test_awarding_a_cohort_gives_each_completer_one_badge_and_an_email(
    db, badge_keys, mailoutbox, django_capture_on_commit_callbacks
):
    badge_class = BadgeClassFactory()
    first = CompletionFactory()
    CompletionFactory(cohort=first.cohort)
    CompletionFactory()  # another cohort

    with django_capture_on_commit_callbacks(execute=True):
        assert award_cohort(badge_class, first.cohort) == 2
    assert award_cohort(badge_class, first.cohort) == 0
    assert len(mailoutbox) == 2
    assert "オープンバッジ" in mailoutbox[0].subject


def test_revocation_needs_a_reason(award):
    with pytest.raises(ValueError):
        revoke(award, reason="  ")


def test_a_revoked_badge_can_be_awarded_again(award):
    revoke(award, reason="再発行のため")

    again = award_badge(award.badge_class, award.member, notify=False)

    assert again is not None and again.status_index != award.status_index
