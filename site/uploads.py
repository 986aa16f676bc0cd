"""Request size limits: a body or file part larger than the path allows is refused, never stored.

Django bounds the form fields of a request (``DATA_UPLOAD_MAX_MEMORY_SIZE``)
but accepts file parts of any size, streaming them to a temporary file, and
only when a view reads ``request.POST``. The public forms take no files, so a
10 MB part to /quest/apply/ is refused here before anything is read:

- ``RequestSizeLimitMiddleware`` answers 413 when the declared body is larger
  than the path's limit (the admin takes documents and images);
- ``LimitedUploadHandler`` counts each file part as it arrives (also when no
  length was declared) and stops at the per-file limit with a 400.
"""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadhandler import FileUploadHandler
from django.http import HttpResponse
from django.utils.translation import gettext as _
from wagtail.api.v3.errors import problem_response

ADMIN_PREFIX = "/admin/"


def file_limit(path):
    """The largest file part a path accepts, in bytes."""
    if path.startswith(ADMIN_PREFIX):
        return settings.UPLOAD_MAX_FILE_SIZE
    return settings.UPLOAD_PUBLIC_MAX_FILE_SIZE


def body_limit(path):
    return settings.DATA_UPLOAD_MAX_MEMORY_SIZE + file_limit(path)


def too_large(request):
    message = _("The data you sent is too large.")
    if request.path.startswith("/api/"):
        return problem_response(status=413, detail=message)
    return HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")


class RequestSizeLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        if declared > body_limit(request.path):
            return too_large(request)
        return self.get_response(request)


class LimitedUploadHandler(FileUploadHandler):
    """First of ``FILE_UPLOAD_HANDLERS``: passes chunks on until a part exceeds the path's limit."""

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.limit = file_limit(self.request.path) if self.request is not None else 0
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            # A SuspiciousOperation: Django answers 400 and stops reading the body.
            raise RequestDataTooBig(f"File part {self.field_name!r} exceeds {self.limit} bytes.")
        return raw_data

    def file_complete(self, file_size):
        return None
