from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.views.decorators.http import require_GET


@login_not_required
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """For load balancers and `make run` scripts: is the app up and can it reach its database?"""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as exc:  # noqa: BLE001 - any database failure means "not healthy"
        return JsonResponse({"status": "error", "database": str(exc)}, status=503)
    return JsonResponse({"status": "ok"})


@login_not_required
@require_GET
def favicon(request: HttpRequest) -> HttpResponsePermanentRedirect:
    """Browsers ask for /favicon.ico on every site whatever the page links; send them to the icon."""
    return HttpResponsePermanentRedirect(static("favicon.svg"))


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Django's 400 (a form too large to read, a bad Host header...) as the site's styled page, saying
    which limit was passed when it was one; Django's own page says only "Bad Request"."""
    detail = ""
    if isinstance(exception, RequestDataTooBig):
        detail = (
            f"The form is larger than the limit of {settings.DATA_UPLOAD_MAX_MEMORY_SIZE:,} bytes, so it "
            "was not read: upload a long text as a file instead."
        )
    elif isinstance(exception, TooManyFieldsSent):
        detail = (
            f"The form has more than {settings.DATA_UPLOAD_MAX_NUMBER_FIELDS:,} fields, so it was not read."
        )
    elif isinstance(exception, TooManyFilesSent):
        detail = (
            f"The form has more than {settings.DATA_UPLOAD_MAX_NUMBER_FILES:,} files, so it was not read."
        )
    return render(request, "400.html", {"detail": detail}, status=400)
