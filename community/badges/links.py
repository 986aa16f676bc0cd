"""Absolute URLs of the public badge documents: stable, under the site's own base URL."""

from django.conf import settings
from django.urls import reverse


def absolute(name, *args):
    return settings.BADGE_BASE_URL.rstrip("/") + reverse(f"badges:{name}", args=args)


def issuer_v2_url(issuer):
    return absolute("issuer_v2", issuer.pk)


def revocation_list_url(issuer):
    return absolute("revocations_v2", issuer.pk)


def badge_class_v2_url(badge_class):
    return absolute("badge_class_v2", badge_class.slug)


def criteria_url(badge_class):
    return absolute("criteria", badge_class.slug)


def badge_image_url(badge_class):
    return absolute("badge_image", badge_class.slug)


def assertion_v2_url(assertion):
    return absolute("assertion_v2", assertion.uid)


def issuer_v3_url(issuer):
    return absolute("issuer_v3", issuer.pk)


def achievement_v3_url(badge_class):
    return absolute("achievement_v3", badge_class.slug)


def credential_v3_url(assertion):
    return absolute("credential_v3", assertion.uid)


def status_list_url():
    return absolute("status_list")


def key_url(kid):
    return absolute("public_key", kid)
