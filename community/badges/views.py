"""Public badge endpoints: hosted JSON-LD, images, baked downloads, keys, status list, verification."""

import json

from django.core.exceptions import ImproperlyConfigured
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET, require_http_methods

from ..forms import VerifyForm
from ..models import Assertion, BadgeClass, Issuer
from . import documents
from .baking import OB2_KEYWORD, OB3_KEYWORD, bake_png, bake_svg
from .images import badge_png
from .keys import public_key, public_keys
from .links import assertion_v2_url, credential_v3_url
from .services import (
    find_assertion,
    revoked_status_indexes,
    signed_credential,
    verify_image,
    verify_url,
)
from .signing import MEDIA_TYPE, sign_credential

LD_JSON = "application/ld+json"
CACHE = "public, max-age=300"


def ld_response(document, status=200):
    response = JsonResponse(
        document, status=status, content_type=LD_JSON, json_dumps_params={"ensure_ascii": False}
    )
    response["Cache-Control"] = CACHE
    # Wallets and validators read these documents from other origins.
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _assertion_or_404(uid):
    assertion = find_assertion(uid)
    if assertion is None:
        raise Http404
    return assertion


@require_GET
def issuer_v2(request, pk):
    return ld_response(documents.issuer_v2(get_object_or_404(Issuer, pk=pk)))


@require_GET
def revocations_v2(request, pk):
    issuer = get_object_or_404(Issuer, pk=pk)
    revoked = Assertion.objects.filter(
        badge_class__issuer=issuer, revoked_at__isnull=False
    ).order_by("pk")
    return ld_response(documents.revocation_list_v2(issuer, revoked))


def _badge_class(slug):
    return get_object_or_404(
        BadgeClass.objects.select_related("issuer").prefetch_related("alignments"), slug=slug
    )


@require_GET
def badge_class_v2(request, slug):
    return ld_response(documents.badge_class_v2(_badge_class(slug)))


@require_GET
def assertion_v2(request, uid):
    assertion = _assertion_or_404(uid)
    if assertion.is_revoked:
        return ld_response(documents.revoked_assertion_v2(assertion), status=410)
    return ld_response(documents.assertion_v2(assertion))


@require_GET
def issuer_v3(request, pk):
    return ld_response(documents.profile_v3(get_object_or_404(Issuer, pk=pk)))


@require_GET
def achievement_v3(request, slug):
    badge_class = _badge_class(slug)
    document = {
        "@context": documents.profile_v3(badge_class.issuer)["@context"],
        **documents.achievement_v3(badge_class),
    }
    return ld_response(document)


def jwt_response(token, status=200):
    response = HttpResponse(token, content_type=MEDIA_TYPE, status=status)
    response["Cache-Control"] = CACHE
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def credential_v3(request, uid):
    """The OpenBadgeCredential as a VC-JWT; a revoked one still verifies, its status says revoked."""
    return jwt_response(signed_credential(_assertion_or_404(uid)))


@require_GET
def status_list(request):
    issuer = Issuer.objects.order_by("pk").first()
    if issuer is None:
        raise Http404
    return jwt_response(
        sign_credential(documents.status_list_credential(issuer, revoked_status_indexes()))
    )


@require_GET
def public_key_view(request, kid):
    key = public_key(kid)
    if key is None:
        raise Http404
    return JsonResponse(key, headers={"Access-Control-Allow-Origin": "*"})


@require_GET
def jwks(request):
    return JsonResponse({"keys": public_keys()}, headers={"Access-Control-Allow-Origin": "*"})


@require_GET
def badge_image(request, slug):
    response = HttpResponse(badge_png(_badge_class(slug)), content_type="image/png")
    response["Cache-Control"] = CACHE
    return response


@require_GET
def criteria(request, slug):
    badge_class = _badge_class(slug)
    return render(request, "community/badges/criteria.html", {"badge_class": badge_class})


def _download(content, content_type, filename):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def baked(request, uid, version, fmt):
    """Baked downloads: 2.0 (assertion JSON) or 3.0 (VC-JWT), PNG or SVG."""
    if version not in ("v2", "v3") or fmt not in ("png", "svg"):
        raise Http404
    assertion = _assertion_or_404(uid)
    if assertion.is_revoked:
        return HttpResponse(status=410)
    png = badge_png(assertion.badge_class)
    if version == "v2":
        keyword, text = (
            OB2_KEYWORD,
            json.dumps(documents.assertion_v2(assertion), ensure_ascii=False),
        )
        verify = assertion_v2_url(assertion)
    else:
        keyword, text = OB3_KEYWORD, signed_credential(assertion)
        verify = credential_v3_url(assertion)
    name = f"badge-{assertion.uid}-{version}.{fmt}"
    if fmt == "png":
        return _download(bake_png(png, keyword, text), "image/png", name)
    svg = bake_svg(png, keyword, text, verify_url=verify, title=assertion.badge_class.name)
    return _download(svg, "image/svg+xml", name)


@require_http_methods(["GET", "POST"])
def verify(request):
    """The public verification page: a badge URL or a baked image, and optionally the e-mail."""
    result = None
    if request.method == "POST" or "url" in request.GET:
        form = VerifyForm(request.POST or request.GET, request.FILES or None)
        if form.is_valid():
            email = form.cleaned_data.get("email") or ""
            if form.cleaned_data.get("image"):
                result = verify_image(form.cleaned_data["image"].read(), email)
            else:
                result = verify_url(form.cleaned_data["url"], email)
    else:
        form = VerifyForm()
    status = 400 if form.is_bound and form.errors else 200
    return render(
        request, "community/badges/verify.html", {"form": form, "result": result}, status=status
    )


def key_missing_guard(view):
    """Without a signing key the 3.0 endpoints answer 503 instead of a server error."""

    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except ImproperlyConfigured:
            return HttpResponse(
                "署名鍵が設定されていません。", status=503, content_type="text/plain; charset=utf-8"
            )

    return wrapped
