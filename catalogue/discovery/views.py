"""The open-data page and its downloads."""

from django.http import FileResponse, Http404
from django.shortcuts import render

from .opendata import (
    ATTRIBUTION,
    FILES,
    LICENSE_NAME,
    LICENSE_NOTE,
    LICENSE_URL,
    directory,
    file_info,
)

CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json"}


def open_data(request):
    return render(
        request,
        "catalogue/open_data.html",
        {
            "files": file_info(),
            "license_name": LICENSE_NAME,
            "license_note": LICENSE_NOTE,
            "license_url": LICENSE_URL,
            "attribution": ATTRIBUTION,
            "breadcrumbs": [("オープンデータ", None)],
        },
    )


def open_data_file(request, kind):
    if kind not in FILES:
        raise Http404
    path = directory() / FILES[kind]
    if not path.exists():
        raise Http404
    response = FileResponse(
        path.open("rb"), content_type=CONTENT_TYPES[kind], as_attachment=True, filename=FILES[kind]
    )
    response["Cache-Control"] = "public, max-age=3600"
    return response
