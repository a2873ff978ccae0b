"""Re-suggesting a proposition's stances on stored statements: batches, checkpoints, interruption and
resumption, cancellation, superseding edits, and the stances it must never touch."""

from __future__ import annotations

import contextlib
from datetime import timedelta

import pytest
from django.db.models import Count
from django.utils import timezone

from claims import services
from claims.models import ResuggestJob, Stance, Statement
from claims.services import resuggest as resuggest_service
from claims.tasks import run_resuggest_job_task

from .stored import OPPOSE, SUPPORT, store_articles, toll_proposition

pytestmark = pytest.mark.django_db


class WorkerKilled(BaseException):
    """Stands in for SIGKILL: nothing in the job catches it, so the job is left running with its lease."""


def polarities(proposition) -> dict[str, int]:
    rows = Stance.objects.filter(proposition=proposition).values("polarity").annotate(n=Count("id"))
    return {row["polarity"]: row["n"] for row in rows.order_by()}


def kill_in_batch(monkeypatch, number: int) -> list[list[int]]:
    """Kill the worker while it suggests batch `number` (1-based); returns each batch's article ids."""
    real, batches = resuggest_service._suggest_batch, []

    def suggest(job, articles):
        batches.append([a.pk for a in articles])
        if len(batches) == number:
            raise WorkerKilled
        return real(job, articles)

    monkeypatch.setattr(resuggest_service, "_suggest_batch", suggest)
    return batches


def test_10000_stored_statements_are_resuggested_in_batches_and_resume_after_a_kill(
    settings, monkeypatch, commit
):
    settings.TRACKER_RESUGGEST_BATCH_ARTICLES = 20
    store_articles(200, 50, on_topic=100)  # 10,000 statements: 5,000 on the toll, 5,000 not
    batches = kill_in_batch(monkeypatch, 6)
    with pytest.raises(WorkerKilled), commit():
        proposition = toll_proposition()
    job = ResuggestJob.objects.get()
    proposition = job.proposition
    assert (job.state, job.total, job.batches, job.done) == ("running", 10_000, 5, 5 * 20 * 50)
    assert job.checkpoint == batches[4][-1]  # the last article of the last finished batch
    assert polarities(proposition) == {"supports": 2500, "opposes": 2500}  # batches 1-5: on the toll
    # The worker is gone: its lease runs out and the sweeper queues the job again, which goes on from
    # its checkpoint (each remaining article parsed once).
    ResuggestJob.objects.filter(pk=job.pk).update(lease_expires_at=timezone.now() - timedelta(seconds=1))
    with commit():
        report = services.sweep_resuggest_jobs()
    assert report.requeued_lost == 1
    job.refresh_from_db()
    assert (job.state, job.done, job.suggested, job.batches, job.attempts) == ("done", 10_000, 5_000, 10, 2)
    resumed = [article for batch in batches[6:] for article in batch]
    assert resumed[0] == batches[5][0] and len(resumed) == len(set(resumed)) == 100
    assert polarities(proposition) == {"supports": 2500, "opposes": 2500}
    per_statement = Stance.objects.filter(proposition=proposition).values("statement").annotate(n=Count("id"))
    assert {row["n"] for row in per_statement} == {1}  # exactly one suggestion per statement
    supports = Stance.objects.filter(proposition=proposition, polarity="supports").values("statement__text")
    assert {row["statement__text"] for row in supports} == {SUPPORT[1]}


def test_an_interrupted_and_resumed_job_ends_as_an_uninterrupted_one(settings, monkeypatch, commit):
    settings.TRACKER_RESUGGEST_BATCH_ARTICLES = 2
    store_articles(8, 4, on_topic=6)
    with commit():
        reference = toll_proposition()
    expected = set(Stance.objects.filter(proposition=reference).values_list("statement_id", "polarity"))
    assert len(expected) == 24
    Stance.objects.all().delete()
    kill_in_batch(monkeypatch, 3)
    with pytest.raises(WorkerKilled), commit():
        services.edit_proposition(proposition_id=reference.pk, description="Tolls since 2019.")
    job = ResuggestJob.objects.get(state="running")
    monkeypatch.undo()
    with pytest.raises(services.ResuggestError, match="still running"):
        services.resume_resuggest(job_id=job.pk)  # its worker died, but its lease has not run out yet
    ResuggestJob.objects.filter(pk=job.pk).update(lease_expires_at=timezone.now() - timedelta(seconds=1))
    with commit():
        services.resume_resuggest(job_id=job.pk)
    job.refresh_from_db()
    assert job.state == "done" and job.done == 32
    assert (
        set(Stance.objects.filter(proposition=reference).values_list("statement_id", "polarity")) == expected
    )


def test_cancel_stops_the_job_at_its_next_checkpoint_without_writing_that_batch(
    settings, monkeypatch, commit
):
    settings.TRACKER_RESUGGEST_BATCH_ARTICLES = 1
    store_articles(4, 2, on_topic=4)
    real = resuggest_service._suggest_batch

    def suggest(job, articles):
        found = real(job, articles)
        if ResuggestJob.objects.get(pk=job.pk).batches == 2:  # while the third batch is being read
            services.cancel_resuggest(job_id=job.pk)
        return found

    monkeypatch.setattr(resuggest_service, "_suggest_batch", suggest)
    with commit():
        proposition = toll_proposition()
    job = ResuggestJob.objects.get()
    assert (job.state, job.batches, job.done) == ("cancelled", 2, 4)
    assert Stance.objects.filter(proposition=proposition).count() == 4
    monkeypatch.undo()
    with commit():
        services.resume_resuggest(job_id=job.pk)
    job.refresh_from_db()
    assert (job.state, job.done) == ("done", 8) and "resumed" in job.note
    assert Stance.objects.filter(proposition=proposition).count() == 8


def test_a_newer_edit_supersedes_the_running_job(settings, monkeypatch, commit):
    settings.TRACKER_RESUGGEST_BATCH_ARTICLES = 1
    store_articles(3, 2, on_topic=3)
    real, edited = resuggest_service._suggest_batch, []

    def suggest(job, articles):
        if not edited:
            edited.append(
                services.edit_proposition(proposition_id=job.proposition_id, aliases=["the toll"]).job
            )
        return real(job, articles)

    monkeypatch.setattr(resuggest_service, "_suggest_batch", suggest)
    with commit():
        toll_proposition()
    first, second = ResuggestJob.objects.order_by("id")
    assert first.state == "superseded" and first.batches == 0  # it stopped before writing anything
    assert second.state == "done" and second.done == 6
    with pytest.raises(services.ResuggestError, match="newer edit"):
        services.resume_resuggest(job_id=first.pk)


def test_reviewed_stances_are_never_overwritten_or_deleted(editor, commit):
    statements = store_articles(1, 6, on_topic=1)
    with commit():
        proposition = toll_proposition()
    stances = {s.statement_id: s for s in Stance.objects.filter(proposition=proposition)}
    support, oppose = statements[0], statements[1]
    # An editor flipped one, accepted another; a third statement is approved; a fourth rejected.
    support.refresh_from_db()
    oppose.refresh_from_db()
    services.flip_stance(
        statement_id=support.pk, proposition_id=proposition.pk, user=editor, version=support.version
    )
    services.accept_stance(
        statement_id=oppose.pk, proposition_id=proposition.pk, user=editor, version=oppose.version
    )
    Statement.objects.filter(pk=statements[2].pk).update(status="approved")
    Statement.objects.filter(pk=statements[3].pk).update(status="rejected")
    Stance.objects.filter(statement_id__in=[statements[2].pk, statements[3].pk]).update(polarity="undecided")
    before = {s.statement_id: (s.polarity, s.origin, s.is_confirmed) for s in Stance.objects.all()}
    with commit():
        services.edit_proposition(proposition_id=proposition.pk, description="Tolls since 2019.")
    after = {s.statement_id: (s.polarity, s.origin, s.is_confirmed) for s in Stance.objects.all()}
    assert after == before
    assert after[support.pk] == ("opposes", "editor", True) and stances[support.pk].polarity == "supports"


def test_a_statement_whose_stance_changes_gets_a_new_version_and_a_rerun_changes_nothing(commit):
    statements = store_articles(1, 2, on_topic=1)
    with commit():
        proposition = toll_proposition()
    versions = dict(Statement.objects.values_list("pk", "version"))
    assert versions == {s.pk: 2 for s in statements}  # the new suggestion bumped them
    with commit():
        services.edit_proposition(proposition_id=proposition.pk, description="Tolls since 2019.")
    assert dict(Statement.objects.values_list("pk", "version")) == versions  # same suggestions: untouched


def test_a_stance_no_longer_suggested_is_removed(commit):
    statements = store_articles(1, 2, on_topic=1)
    with commit():
        proposition = toll_proposition()
    assert Stance.objects.filter(statement=statements[0], proposition=proposition).exists()
    # The statement turns out to be the article's first words ("Story 0"), which say nothing of the toll.
    Statement.objects.filter(pk=statements[0].pk).update(text="Story 0", start=0, end=7)
    with commit():
        services.edit_proposition(proposition_id=proposition.pk, description="Tolls since 2019.")
    assert not Stance.objects.filter(statement=statements[0], proposition=proposition).exists()


def test_the_task_runs_a_job_once_and_a_second_delivery_does_nothing(commit):
    store_articles(2, 2, on_topic=2)
    with commit():
        proposition = toll_proposition()
    job = ResuggestJob.objects.get(proposition=proposition)
    result = run_resuggest_job_task.apply(args=[job.pk]).get()
    assert result["state"] == "done" and result["message"] == "nothing to do"
    job.refresh_from_db()
    assert job.attempts == 1 and job.suggested == 4


def test_the_sweeper_queues_a_job_whose_message_was_lost(monkeypatch, django_capture_on_commit_callbacks):
    store_articles(1, 2, on_topic=1)
    sent: list[int] = []
    monkeypatch.setattr(resuggest_service, "send_task", lambda task, job_id: sent.append(job_id))
    with django_capture_on_commit_callbacks(execute=True):
        proposition = toll_proposition()
    job = ResuggestJob.objects.get(proposition=proposition)
    assert job.state == "queued" and sent == [job.pk]  # the broker lost it
    ResuggestJob.objects.filter(pk=job.pk).update(queued_at=timezone.now() - timedelta(hours=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.sweep_resuggest_jobs().requeued_stalled == 1
    assert sent == [job.pk, job.pk]


def test_a_job_that_keeps_killing_its_worker_fails_after_its_attempts(settings, monkeypatch, commit):
    settings.TRACKER_RESUGGEST_MAX_ATTEMPTS = 2
    store_articles(1, 2, on_topic=1)

    def killed(job, articles):
        raise WorkerKilled

    monkeypatch.setattr(resuggest_service, "_suggest_batch", killed)
    with pytest.raises(WorkerKilled), commit():
        toll_proposition()
    job = ResuggestJob.objects.get()
    for attempt in (2, 3):  # the sweeper re-queues it; the second attempt is killed too, then no more
        ResuggestJob.objects.filter(pk=job.pk).update(lease_expires_at=timezone.now() - timedelta(seconds=1))
        with contextlib.suppress(WorkerKilled), commit():
            services.sweep_resuggest_jobs()
        job.refresh_from_db()
        assert job.attempts == 2 and job.state == ("running" if attempt == 2 else "failed")
    job.refresh_from_db()
    assert job.state == "failed" and job.error.startswith("gave up after 2 attempts: the worker was lost")


def test_a_bug_in_the_suggester_fails_the_job_with_the_reason_and_resume_retries(monkeypatch, commit):
    store_articles(1, 2, on_topic=1)

    def broken(job, articles):
        raise ValueError("parser exploded")

    monkeypatch.setattr(resuggest_service, "_suggest_batch", broken)
    with commit():
        proposition = toll_proposition()
    job = ResuggestJob.objects.get(proposition=proposition)
    assert job.state == "failed" and job.error == "ValueError: parser exploded"
    monkeypatch.undo()
    with commit():
        services.resume_resuggest(job_id=job.pk)
    job.refresh_from_db()
    assert job.state == "done" and job.suggested == 2


def test_only_active_jobs_can_be_cancelled_and_finished_ones_not_resumed(commit):
    with commit():
        proposition = toll_proposition()
    job = ResuggestJob.objects.get(proposition=proposition)
    with pytest.raises(services.ResuggestError, match="nothing to cancel"):
        services.cancel_resuggest(job_id=job.pk)
    with pytest.raises(services.ResuggestError, match="finished"):
        services.resume_resuggest(job_id=job.pk)


def test_statements_of_a_batch_are_the_pending_ones_after_the_checkpoint(commit):
    statements = store_articles(3, 2, on_topic=3)
    Statement.objects.filter(article_id=statements[0].article_id).update(status="approved")
    with commit():
        proposition = toll_proposition()
    job = ResuggestJob.objects.get(proposition=proposition)
    assert job.total == 4 and job.done == 4
    assert not Stance.objects.filter(statement__article_id=statements[0].article_id).exists()
    assert {OPPOSE[1], SUPPORT[1]} == set(
        Stance.objects.filter(proposition=proposition).values_list("statement__text", flat=True)
    )
