"""Editors manage the propositions analysts track: create, edit, archive and unarchive, and follow the
re-suggestion of stances each change starts (htmx polling of its job). Writes go through services."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from common.background import tasks_in_background
from common.roles import editor_required

from .. import services
from ..forms import PropositionForm
from ..models import Proposition, ResuggestJob


def _apply_errors(form: PropositionForm, exc: services.PropositionError) -> None:
    for field, problems in exc.errors.items():
        for problem in problems:
            form.add_error(field if field in form.fields else None, problem)


def _started(request: HttpRequest, saved: services.PropositionSaved, verb: str) -> HttpResponse:
    proposition = saved.proposition
    note = f"{verb} “{proposition.title}”."
    if saved.job is not None:
        note += " Its stances are being suggested on the statements already stored: progress below."
    messages.success(request, note)
    return redirect("propositions:detail", slug=proposition.slug)


@editor_required
@tasks_in_background()  # no broker: the re-suggestion runs after the response, its progress shown
def create(request: HttpRequest) -> HttpResponse:
    form = PropositionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.create_proposition(**form.values(), user=request.user)
        except services.PropositionError as exc:
            _apply_errors(form, exc)
        else:
            return _started(request, saved, "Now tracking")
    status = 400 if request.method == "POST" else 200
    return render(request, "claims/proposition_form.html", {"form": form, "proposition": None}, status=status)


@editor_required
@tasks_in_background()  # no broker: the re-suggestion runs after the response, its progress shown
def edit(request: HttpRequest, slug: str) -> HttpResponse:
    proposition = get_object_or_404(Proposition, slug=slug)
    if not proposition.is_active:
        messages.error(request, "This proposition is archived: unarchive it before editing it.")
        return redirect("propositions:detail", slug=slug)
    initial = {name: getattr(proposition, name) for name in PropositionForm.base_fields}
    form = PropositionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.edit_proposition(
                proposition_id=proposition.pk, user=request.user, **form.values()
            )
        except services.PropositionError as exc:
            _apply_errors(form, exc)
        else:
            if not saved.changed:
                messages.info(request, "Nothing changed.")
                return redirect("propositions:detail", slug=slug)
            return _started(request, saved, "Saved")
    status = 400 if request.method == "POST" else 200
    return render(
        request, "claims/proposition_form.html", {"form": form, "proposition": proposition}, status=status
    )


@require_POST
@editor_required
def archive(request: HttpRequest, slug: str) -> HttpResponse:
    proposition = get_object_or_404(Proposition, slug=slug)
    services.archive_proposition(proposition_id=proposition.pk, user=request.user)
    messages.success(
        request,
        f"Archived “{proposition.title}”: no more suggestions; its confirmed stances and pages stay.",
    )
    return redirect("propositions:detail", slug=slug)


@require_POST
@editor_required
@tasks_in_background()  # no broker: the re-suggestion runs after the response, its progress shown
def unarchive(request: HttpRequest, slug: str) -> HttpResponse:
    proposition = get_object_or_404(Proposition, slug=slug)
    saved = services.unarchive_proposition(proposition_id=proposition.pk, user=request.user)
    return _started(request, saved, "Tracking again")


def _job(pk: int) -> ResuggestJob:
    job = ResuggestJob.objects.select_related("proposition").filter(pk=pk).first()
    if job is None:
        raise Http404("No such re-suggestion")
    return job


def _render_job(
    request: HttpRequest, job: ResuggestJob, *, status: int = 200, error: str = ""
) -> HttpResponse:
    compact = request.GET.get("compact") == "1" or request.POST.get("compact") == "1"
    return render(
        request,
        "claims/_resuggest_job.html",
        {"job": job, "compact": compact, "job_error": error},
        status=status,
    )


@require_GET
@editor_required
def job_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The job's progress (polled by htmx every second while it runs)."""
    return _render_job(request, _job(pk))


@require_POST
@editor_required
def job_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(pk)
    try:
        job = services.cancel_resuggest(job_id=job.pk, user=request.user)
    except services.ResuggestError as exc:
        return _job_answer(request, job, error=str(exc))
    return _job_answer(request, job)


@require_POST
@editor_required
@tasks_in_background()  # no broker: the re-suggestion runs after the response, its progress shown
def job_resume(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(pk)
    try:
        job = services.resume_resuggest(job_id=job.pk, user=request.user)
    except services.ResuggestError as exc:
        return _job_answer(request, job, error=str(exc))
    return _job_answer(request, _job(job.pk))


def _job_answer(request: HttpRequest, job: ResuggestJob, *, error: str = "") -> HttpResponse:
    if request.headers.get("HX-Request") == "true":
        return _render_job(request, job, error=error, status=400 if error else 200)
    if error:
        messages.error(request, error)
    return redirect(reverse("propositions:detail", args=[job.proposition.slug]))
