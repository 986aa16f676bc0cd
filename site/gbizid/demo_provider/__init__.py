"""A local OpenID Provider that speaks like gBizID, for the quick start and the tests only.

django-oauth-toolkit with OpenID Connect on (RSA key, JWKS, UserInfo with gBizID's claims),
run as its own process with its own SQLite database and cookies:

    python -m manabi.gbizid.demo_provider --port 8001

Production settings refuse to start when GBIZID_ISSUER points here.
"""
