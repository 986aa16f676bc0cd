"""The signing key: made by the management command, kept in a private file, published as a JWK."""

import io
import stat

from django.core.management import call_command

from community.badges.keys import public_keys, signing_key


def test_keys_are_private_files_outside_the_database(db, settings, tmp_path, client):
    settings.BADGE_KEY_DIR = tmp_path / "keys"
    out = io.StringIO()

    call_command("badge_keys", "--ensure", stdout=out)
    call_command("badge_keys", "--ensure", stdout=out)  # a second run keeps the one key

    [path] = (tmp_path / "keys").glob("*.pem")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    [key] = public_keys()
    assert "d" not in key and key["crv"] == "Ed25519"
    published = client.get(f"/badges/keys/{key['kid']}.json").json()
    assert published == key
    assert client.get("/badges/keys/jwks.json").json() == {"keys": [key]}
    assert client.get("/badges/keys/unknown.json").status_code == 404


def test_a_new_key_signs_and_the_old_one_stays_published(db, settings, tmp_path):
    settings.BADGE_KEY_DIR = tmp_path / "keys"
    call_command("badge_keys", "--generate", stdout=io.StringIO())
    out = io.StringIO()
    call_command("badge_keys", "--generate", stdout=out)
    newest = out.getvalue().split()[1]

    assert len(public_keys()) == 2
    assert signing_key().kid == newest
