"""Securing an OpenBadgeCredential as a VC-JWT (W3C VC-JOSE-COSE, ``application/vc+jwt``).

joserfc signs with the issuer's Ed25519 key (JWS ``EdDSA``); the JWT payload is the
credential itself. The header's ``kid`` is the URL where the public key is
published, so any verifier can fetch it from the site.
"""

import json
import warnings

from joserfc import jws
from joserfc.errors import JoseError
from joserfc.jwk import OKPKey

from .keys import public_key, signing_key
from .links import key_url

MEDIA_TYPE = "application/vc+jwt"
ALGORITHMS = ["EdDSA"]


class InvalidCredential(ValueError):
    pass


def sign_credential(credential):
    key = signing_key()
    header = {"alg": "EdDSA", "typ": "vc+jwt", "cty": "vc", "kid": key_url(key.kid)}
    payload = json.dumps(credential, ensure_ascii=False, separators=(",", ":")).encode()
    with warnings.catch_warnings():
        # joserfc flags "EdDSA" as superseded by "Ed25519" (RFC 9864); wallets and
        # verifiers in use today still expect "EdDSA", so it stays for now.
        warnings.simplefilter("ignore")
        return jws.serialize_compact(header, payload, key, algorithms=ALGORITHMS)


def kid_from_header(header):
    """Our key ids are URLs ending in '/<thumbprint>.json'; return the thumbprint."""
    kid = str(header.get("kid", ""))
    tail = kid.rstrip("/").rsplit("/", 1)[-1]
    return tail.removesuffix(".json")


def verify_credential(token):
    """Check a VC-JWT signed with one of this site's keys; returns the credential dict.

    Only this site's published keys are tried (verification never contacts
    another host); raises InvalidCredential otherwise.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "EdDSA" naming, see sign_credential
        return _verify(token)


def _verify(token):
    try:
        header = jws.extract_compact(token.strip().encode()).protected
    except (JoseError, ValueError, UnicodeError) as exc:
        raise InvalidCredential("not a compact JWS") from exc
    jwk = public_key(kid_from_header(header))
    if jwk is None:
        raise InvalidCredential("unknown key")
    try:
        result = jws.deserialize_compact(
            token.strip(), OKPKey.import_key(jwk), algorithms=ALGORITHMS
        )
        return json.loads(result.payload)
    except (JoseError, ValueError) as exc:
        raise InvalidCredential("bad signature") from exc
