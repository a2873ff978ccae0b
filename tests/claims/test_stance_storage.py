"""The extraction service stores each stance suggestion with its confidence, evidence and reason,
and re-extraction never overwrites a statement an editor reviewed (nor its stances)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from claims.models import Proposition, Stance, Statement
from claims.services import extract_article
from claims.services.review import approve_statement
from sources.models import Article
from sources.text import content_hash
from tests.factories import OutletFactory

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

TEXT = (
    "BRENHOLM, May 3 (Wire) - The city council voted on Tuesday on a congestion charge for central "
    "Brenholm.\n\n"
    '"This charge is a disaster for small shops," said Mara Quist, who runs a bakery.\n\n'
    "Transport chief Ilse Nord said she was ready to introduce the congestion charge by the autumn."
)


@pytest.fixture
def article() -> Article:
    Proposition.objects.create(
        slug="congestion-charge",
        kind="proposal",
        title="Introducing a congestion charge for central Brenholm",
    )
    return Article.objects.create(
        outlet=OutletFactory(),
        text=TEXT,
        content_hash=content_hash(TEXT),
        title="Brenholm votes on a congestion charge",
        published_at=datetime(2024, 5, 3, tzinfo=UTC),
        published_source="metadata",
    )


def _stances(article: Article) -> dict[str, str]:
    return {
        s.statement.speaker.name: s.polarity
        for s in Stance.objects.filter(statement__article=article).select_related("statement__speaker")
    }


def test_suggestions_are_stored_with_evidence_and_reason(article):
    extract_article(article.pk)
    assert _stances(article) == {"Mara Quist": "opposes", "Ilse Nord": "supports"}
    stance = Stance.objects.get(statement__speaker__name="Mara Quist")
    assert stance.origin == "extractor" and not stance.is_confirmed
    assert 0.5 <= stance.confidence <= 1
    assert stance.reason
    article.refresh_from_db()
    roles = {e["role"]: e["text"] for e in stance.evidence}
    assert "polarity" in roles
    # "This charge" names the headline's proposal: read as its word in the article's question, or as an anaphor
    assert "charge" in (roles.get("topic") or roles.get("anaphor") or "")
    assert all(article.text[e["start"] : e["end"]] == e["text"] for e in stance.evidence)


def test_reextraction_keeps_a_reviewed_statement_and_its_stance(article, editor):
    extract_article(article.pk)
    reviewed = Statement.objects.get(speaker__name="Mara Quist")
    approve_statement(statement_id=reviewed.pk, user=editor, version=reviewed.version)
    Stance.objects.filter(statement=reviewed).update(polarity="supports")  # an editor's correction

    extract_article(article.pk, force=True)

    assert Statement.objects.filter(pk=reviewed.pk).exists()
    kept = Stance.objects.get(statement=reviewed)
    assert kept.polarity == "supports" and kept.is_confirmed
    assert (
        Stance.objects.filter(statement__article=article, statement__speaker__name="Mara Quist").count() == 1
    )


def test_an_archived_proposition_gets_no_suggestions(article):
    Proposition.objects.filter(slug="congestion-charge").update(is_active=False)
    extract_article(article.pk)
    assert not Stance.objects.filter(statement__article=article).exists()
