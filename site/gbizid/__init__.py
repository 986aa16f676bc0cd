"""Partner sign-in with gBizID: an OpenID Connect relying party on mozilla-django-oidc.

``claims`` decides who gets in from gBizID's UserInfo, ``services`` who they become,
``backends`` and ``views`` wire both into the OIDC code flow, and ``demo_provider`` is a
real local OpenID Provider for the quick start and the tests.
"""
