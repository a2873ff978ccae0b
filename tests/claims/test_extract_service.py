"""`extract_article` writes candidates idempotently and never touches reviewed statements."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from actors.models import Actor
from claims.models import ReviewEvent, Statement
from claims.services import extract_article
from claims.tasks import extract_article_task
from sources.models import Article
from sources.text import content_hash
from tests.factories import ActorFactory, OutletFactory

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

TEXT = (
    "OSLO, March 3 (Wire) - Norway's fisheries minister Kari Nordmann said on Tuesday that the quota "
    "talks had failed.\n\n"
    '"We will not accept a deal that empties our fjords," Nordmann told reporters.\n\n'
    '"The proposal is balanced and fair," said Tomas Lindqvist, a Swedish negotiator.'
)


@pytest.fixture
def article() -> Article:
    nordmann = ActorFactory(name="Kari Nordmann", gender="female")
    nordmann.aliases.create(text="Nordmann")
    return Article.objects.create(
        outlet=OutletFactory(),
        text=TEXT,
        content_hash=content_hash(TEXT),
        published_at=datetime(2023, 3, 3, tzinfo=UTC),
        published_source="metadata",
    )


def test_candidates_are_written_as_pending_with_resolved_speakers(article):
    outcome = extract_article(article.pk)
    article.refresh_from_db()
    assert article.status == "extracted" and article.extractor_version
    statements = list(article.statements.select_related("speaker"))
    assert outcome.created == len(statements) >= 2
    assert all(s.status == "pending" and s.version == 1 for s in statements)
    by_text = {s.text: s for s in statements}
    quote = next(s for t, s in by_text.items() if "empties our fjords" in t)
    assert quote.speaker.name == "Kari Nordmann"
    assert quote.kind == "direct"
    assert article.text[quote.start : quote.end] == quote.text


def test_an_unknown_named_speaker_becomes_an_unconfirmed_actor(article):
    extract_article(article.pk)
    newcomer = Actor.objects.get(name="Tomas Lindqvist")
    assert newcomer.is_confirmed is False
    assert newcomer.aliases.filter(text="Tomas Lindqvist").exists()
    assert newcomer.statements.count() == 1


def test_rerunning_replaces_pending_and_keeps_reviewed(article, editor):
    extract_article(article.pk)
    first = list(article.statements.order_by("start"))
    approved = first[0]
    Statement.objects.filter(pk=approved.pk).update(status="approved", version=2)
    rejected = first[1]
    Statement.objects.filter(pk=rejected.pk).update(status="rejected", version=2)
    ReviewEvent.objects.create(statement=rejected, user=editor, action="reject")

    extract_article(article.pk, force=True)
    extract_article(article.pk, force=True)

    after = list(article.statements.order_by("start"))
    assert len(after) == len(first)
    assert Statement.objects.get(pk=approved.pk).status == "approved"
    assert Statement.objects.get(pk=rejected.pk).status == "rejected"
    # Exactly one statement per span: reviewed ones were not duplicated by the re-run.
    assert len({(s.start, s.end) for s in after}) == len(after)


def test_a_second_run_of_the_same_version_does_nothing(article):
    extract_article(article.pk)
    ids = set(article.statements.values_list("id", flat=True))
    outcome = extract_article(article.pk)
    assert outcome.created == 0
    assert set(article.statements.values_list("id", flat=True)) == ids


def test_text_over_the_limit_fails_the_article_with_a_clear_error(article, settings):
    settings.TRACKER_EXTRACTION_MAX_CHARS = 100
    outcome = extract_article(article.pk)
    article.refresh_from_db()
    assert article.status == outcome.status == "failed"
    assert "100" in article.error
    assert not article.statements.exists()


def test_non_english_articles_are_skipped_with_a_note():
    text = (
        "Der Minister sagte am Dienstag, dass die Gespräche gescheitert seien. „Wir werden das nicht "
        "akzeptieren“, sagte er den Journalisten in Berlin, und die Regierung wird morgen darüber beraten."
    )
    article = Article.objects.create(text=text, content_hash=content_hash(text))
    outcome = extract_article(article.pk)
    article.refresh_from_db()
    assert article.status == outcome.status == "skipped"
    assert "English" in article.error
    assert not article.statements.exists()


def test_the_task_runs_the_service(article):
    result = extract_article_task.delay(article.pk).get()
    assert result["status"] == "extracted" and result["created"] >= 2


def test_stored_offsets_index_the_stored_text_of_an_article_pasted_with_wrapped_lines_and_furniture():
    from sources.services.articles import store_article

    ActorFactory(name="Helena Varga").aliases.create(text="Varga")
    pasted = (
        "Share this story!\n\n\n\nThe transport minister, Helena Varga, said on Tuesday that the\n"
        "changes would cut journey times for most commuters.\r\n\r\n"
        "\u201cWe are not raising fares,\u201d Varga said, \u201cand we will not close a single station.\u201d\n\n\n"
        "Related stories: Rail strike called off\n\n\u201cNobody will pay more for a season ticket.\u201d\n"
    )
    article = store_article(text=pasted, outlet=None).article
    extract_article(article.pk)
    article.refresh_from_db()
    statements = list(article.statements.all())
    assert len(statements) == 3
    for statement in statements:
        stored = article.text[statement.start : statement.end]
        words = statement.text.split(" ")
        assert stored.startswith(words[0]) and stored.endswith(words[-1]), (stored, statement.text)
    one_piece = [s for s in statements if "raising fares" not in s.text]
    assert all(article.text[s.start : s.end] == s.text for s in one_piece)


def _stored(text: str) -> Article:
    from sources.services.articles import store_article

    article = store_article(text=text, outlet=None).article
    extract_article(article.pk)
    return article


def test_role_nouns_in_one_article_do_not_resolve_to_a_person_another_article_introduced():
    _stored("Brazil's deputy finance minister said on Monday that the budget would be balanced next year.")
    later = _stored(
        "The Dutch trade ministry said on Tuesday that tariffs on steel would rise in June.\n\n"
        "The health ministry said the new vaccine was safe for children."
    )
    speakers = {s.text: s.speaker for s in later.statements.select_related("speaker")}
    tariffs = next(v for k, v in speakers.items() if "tariffs" in k)
    vaccine = next(v for k, v in speakers.items() if "vaccine" in k)
    assert tariffs is None or "minister" not in tariffs.name.lower()
    assert vaccine is None or "minister" not in vaccine.name.lower()
    assert tariffs is None or vaccine is None or tariffs.pk != vaccine.pk


def test_a_described_person_is_kept_as_the_mention_and_no_actor_is_invented():
    article = _stored("Brazil's deputy finance minister said on Monday that the budget would be balanced.")
    statement = article.statements.get()
    assert statement.speaker is None
    assert statement.speaker_mention == "Brazil's deputy finance minister"
    assert not Actor.objects.filter(name__icontains="minister").exists()


def test_a_description_does_not_resolve_to_an_unconfirmed_actor_made_from_the_same_words_elsewhere():
    earlier = ActorFactory(name="Health ministry", kind="organization", is_confirmed=False)
    earlier.aliases.create(text="Health ministry")
    article = _stored("The health ministry said on Tuesday that the new vaccine was safe for children.")
    assert article.statements.get().speaker_id != earlier.pk


def test_a_speaker_quoted_by_surname_becomes_the_actor_of_the_full_name_the_article_gives():
    # The pipeline names the speaker by the fullest name in the article (as score_stances scores it);
    # the stored actor must be that person, not a second actor made from the bare surname.
    article = _stored(
        "Tove Brekke, a hydrologist at the university, has measured the river for a decade.\n\n"
        '"The water is warmer every summer," Brekke said on Monday.\n\n'
        "Brekke added that the dam should be rebuilt."
    )
    statements = list(article.statements.select_related("speaker").order_by("start"))
    assert statements, "no statement was extracted"
    assert {s.speaker.name for s in statements if s.speaker} == {"Tove Brekke"}
    assert statements[0].speaker_mention == "Brekke"
    assert not Actor.objects.filter(name="Brekke").exists()


HARBOUR_ARTICLE = (
    "Harbourside agrees ferry deal after months of talks\n\n"
    "The mayor of Harbourside, Ingrid Solheim, said on Monday that the town would pay for two extra "
    "ferry crossings a day from May.\n\n"
    "\u201cThis is the timetable our residents have asked for,\u201d Solheim told the council. "
    "\u201cNobody should have to leave home at five to reach the mainland.\u201d\n\n"
    "Jonas Berglund, the head of the seafarers\u2019 union, said crews had not been consulted. "
    "\u201cWe read about it in the paper,\u201d Berglund said.\n\n"
    "The mayor said the crossings would be reviewed after a year. The union leader warned that "
    "staff shortages could delay the plan.\n\n"
    "A spokeswoman for the regional ferry operator said it welcomed the funding."
)


def test_a_pasted_article_makes_one_actor_per_person_named_by_full_name_with_the_role_apart():
    article = _stored(HARBOUR_ARTICLE)
    created = Actor.objects.filter(is_confirmed=False)
    assert sorted(a.name for a in created) == ["Ingrid Solheim", "Jonas Berglund"]
    mayor = created.get(name="Ingrid Solheim")
    assert mayor.role == "mayor of Harbourside"
    assert mayor.statements.filter(article=article).count() >= 3  # named, surname-only and "the mayor"


def test_a_later_article_naming_a_speaker_by_surname_only_uses_the_actor_made_before():
    _stored(HARBOUR_ARTICLE)
    later = _stored(
        "Ferry crossings to the islands will rise to six a day, the town said on Friday.\n\n"
        "\u201cThe first week went better than we hoped,\u201d Solheim said."
    )
    assert Actor.objects.filter(name__icontains="Solheim").count() == 1
    quote = later.statements.select_related("speaker").get(text__contains="first week")
    assert quote.speaker.name == "Ingrid Solheim"


def test_storing_an_extraction_writes_the_articles_outcome_not_its_page_again(article):
    Article.objects.filter(pk=article.pk).update(raw_html="<html>" + "x" * 50_000 + "</html>")
    with CaptureQueriesContext(connection) as queries:
        extract_article(article.pk)
    updates = [q["sql"] for q in queries.captured_queries if q["sql"].startswith('UPDATE "sources_article"')]
    article.refresh_from_db()
    assert article.status == Article.Status.EXTRACTED and article.extracted_at is not None
    assert article.raw_html.startswith("<html>xxx") and len(article.raw_html) == 50_013
    assert updates and not any('"raw_html"' in sql or '"text"' in sql for sql in updates)
