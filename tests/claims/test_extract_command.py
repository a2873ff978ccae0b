"""`manage.py extract`: stored articles extracted on every core, with the same result as one process."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from sources.models import Article
from sources.services.articles import store_article

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

STORIES = [
    "The port authority said on Monday that 43 ships were waiting to berth. \u201cThe backlog will take two "
    "weeks to clear,\u201d its director, Anna Berg, told reporters.",
    "Teachers will strike next week, the union said. \u201cWe do not take this step lightly,\u201d said its "
    "general secretary, Siobh\u00e1n Keane.",
    "A 47-year-old crane operator said he had never been offered a permanent contract. \u201cNobody will "
    "sign the promise,\u201d he said.",
]


def _statements() -> dict[int, list[str]]:
    return {a.pk: sorted(a.statements.values_list("text", flat=True)) for a in Article.objects.all()}


def test_extract_all_on_two_processes_stores_what_one_process_stores():
    for story in STORIES:
        store_article(text=story, outlet=None)
    out = StringIO()
    call_command("extract", "--all", "--processes", "2", stdout=out, stderr=StringIO())
    assert "3 article(s)" in out.getvalue()
    two = _statements()
    assert all(two.values())
    call_command("extract", "--all", "--rerun", "--processes", "1", stdout=StringIO(), stderr=StringIO())
    assert _statements() == two


def test_an_article_too_long_fails_alone_and_the_others_are_extracted():
    short = [store_article(text=story, outlet=None).article for story in STORIES[:2]]
    long = store_article(text="The union said the talks had failed. " * 40, outlet=None).article
    errors = StringIO()
    with override_settings(TRACKER_EXTRACTION_MAX_CHARS=1000):
        call_command("extract", "--all", "--processes", "2", stdout=StringIO(), stderr=errors)
    long.refresh_from_db()
    assert long.status == Article.Status.FAILED
    assert f"article {long.pk}: failed" in errors.getvalue()
    assert all(Article.objects.get(pk=a.pk).status == Article.Status.EXTRACTED for a in short)


def test_a_process_count_below_one_is_refused():
    with pytest.raises(CommandError, match="at least 1"):
        call_command("extract", "--all", "--processes", "0")
