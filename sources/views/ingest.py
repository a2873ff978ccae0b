"""The ingest page: editors submit addresses, text and files, and watch each job live (htmx polling)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from common.background import tasks_in_background
from common.roles import editor_required

from .. import services
from ..forms import FileForm, TextForm, UrlForm
from ..models import IngestJob
from ..selectors import recent_jobs

FORMS = {"url": UrlForm, "text": TextForm, "files": FileForm}


def _jobs_context(request: HttpRequest) -> dict:
    mine = request.GET.get("mine") == "1"
    jobs = list(recent_jobs(user=request.user if mine else None))
    return {"jobs": jobs, "mine": mine, "any_active": any(j.is_active for j in jobs)}


def _page(request: HttpRequest, *, mode: str = "url", bound=None, status: int = 200) -> HttpResponse:
    form = bound if bound is not None else FORMS[mode]()
    context = {"form": form, "mode": mode, **_jobs_context(request)}
    return render(request, "sources/ingest.html", context, status=status)


@require_GET
@editor_required
def ingest_page(request: HttpRequest) -> HttpResponse:
    mode = request.GET.get("mode", "url")
    return _page(request, mode=mode if mode in FORMS else "url")


@require_GET
@editor_required
def job_rows(request: HttpRequest) -> HttpResponse:
    """The job table alone: polled by htmx every two seconds while a job is queued or running."""
    return render(request, "sources/_ingest_jobs.html", _jobs_context(request))


@require_POST
@editor_required
def submit(request: HttpRequest, mode: str) -> HttpResponse:
    form_class = FORMS.get(mode)
    if form_class is None:
        raise Http404("No such ingest mode")
    form = form_class(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, mode=mode, bound=form, status=400)
    with tasks_in_background():  # no broker: the jobs run after this response, and the table shows them
        jobs, refused = _submit_jobs(mode, form.cleaned_data, request.user)
    if refused and not jobs:
        for reason in refused:
            form.add_error(None, reason)
        return _page(request, mode=mode, bound=form, status=400)
    for reason in refused:
        messages.error(request, f"Not queued: {reason}")
    if jobs:
        messages.success(request, f"{len(jobs)} job(s) submitted: each shows its progress below.")
    return redirect(f"{reverse('ingest:page')}?mode={mode}")


def _submit_jobs(mode: str, data: dict, user) -> tuple[list[IngestJob], list[str]]:
    """Submit what the form holds; the jobs made and the reasons for anything refused."""
    common = {"outlet_name": data["outlet"], "published": data["published"], "user": user}
    jobs, refused = [], []
    if mode == "url":
        title = data["title"] if len(data["urls"]) == 1 else ""
        for url in data["urls"]:
            try:
                jobs.append(services.submit_url(url=url, title=title, **common))
            except ValidationError as exc:
                refused.extend(exc.messages)
    elif mode == "text":
        try:
            jobs.append(
                services.submit_text(text=data["text"], title=data["title"], url=data["url"], **common)
            )
        except ValidationError as exc:
            refused.extend(exc.messages)
    else:
        for upload in data["files"]:
            try:
                jobs.append(services.submit_upload(data=upload.read(), filename=upload.name, **common))
            except ValidationError as exc:
                refused.extend(exc.messages)
    return jobs, refused


@require_POST
@editor_required
def retry(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(IngestJob, pk=pk)
    try:
        with tasks_in_background():
            services.retry_job(job_id=job.pk)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    if request.headers.get("HX-Request"):
        return render(request, "sources/_ingest_jobs.html", _jobs_context(request))
    return redirect("ingest:page")
