"""Review by tracked question: the queue filtered and ordered by proposition, each stance accepted,
flipped or dropped at the statement's version with an audit event, evidence on the card, and bulk
approval that shows and counts the stances it confirms."""

from __future__ import annotations

import html

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims import services
from claims.models import ReviewEvent, Stance, Statement
from tests.factories import ArticleFactory, PropositionFactory, StanceFactory, StatementFactory

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}
TEXT = (
    "Toll row at the harbour\n\n"
    "The mayor said on Monday that scrapping the bridge toll would not be a mistake. She spoke at noon.\n\n"
    "Traders welcomed it."
)


@pytest.fixture
def toll():
    return PropositionFactory(title="The city should scrap the harbour bridge toll", kind="proposal")


@pytest.fixture
def by_confidence(toll):
    """Three pending statements with suggestions on the toll (0.6, 0.9, 0.7), one with an accepted
    stance, one on another question."""
    article = ArticleFactory(text=TEXT, title="Toll row at the harbour")
    start = TEXT.index("scrapping")
    end = TEXT.index(" She spoke")

    def statement(confidence, **stance):
        s = StatementFactory(article=article, start=start, end=end, text=TEXT[start:end])
        StanceFactory(statement=s, proposition=toll, polarity="supports", confidence=confidence, **stance)
        return s

    low, high, middle = statement(0.6), statement(0.9), statement(0.7)
    accepted = statement(0.95, is_confirmed=True)
    other = StatementFactory(article=article)
    StanceFactory(statement=other, proposition=PropositionFactory(), polarity="asserts")
    return low, high, middle, accepted, other


def card_id(html: str) -> int:
    return int(html.split('data-statement="', 1)[1].split('"', 1)[0])


def test_the_queue_by_proposition_shows_unreviewed_suggestions_first_most_confident_first(
    client, editor, toll, by_confidence
):
    low, high, middle, accepted, _ = by_confidence
    client.force_login(editor)
    order = []
    html = client.get(f"/review/?proposition={toll.pk}").content.decode()
    assert "4 pending" in html
    for _ in range(4):
        order.append(card_id(html))
        html = client.post(f"/review/{order[-1]}/skip/", {"proposition": toll.pk}, **HX).content.decode()
    assert order == [high.pk, middle.pk, low.pk, accepted.pk]


def test_approving_moves_on_to_the_next_in_that_order(client, editor, toll, by_confidence):
    low, high, middle, _, _ = by_confidence
    client.force_login(editor)
    response = client.post(f"/review/{high.pk}/approve/", {"version": 1, "proposition": toll.pk}, **HX)
    assert card_id(response.content.decode()) == middle.pk


def test_the_card_highlights_the_evidence_and_says_why(client, editor, toll):
    article = ArticleFactory(text=TEXT, title="Toll row at the harbour")
    start, end = TEXT.index("scrapping"), TEXT.index(" She spoke")
    statement = StatementFactory(article=article, start=start, end=end, text=TEXT[start:end])

    def at(words, role):
        i = TEXT.index(words)
        return {"start": i, "end": i + len(words), "text": words, "role": role}

    StanceFactory(
        statement=statement,
        proposition=toll,
        polarity="supports",
        confidence=0.8,
        evidence=[
            at("bridge toll", "topic"),
            at("not", "negation"),
            at("mistake", "polarity"),
            at("Toll row", "topic"),
        ],
        reason="negated ('not'): calls it 'a mistake'",
    )
    client.force_login(editor)
    html = client.get("/review/").content.decode()
    assert (
        '<mark>scrapping the <span class="ev ev-topic" title="topic">bridge toll<span class="sr-only"> (topic)'
        "</span></span> would "
    ) in html
    assert '<span class="ev ev-negation" title="negation">not' in html
    assert '<span class="ev ev-polarity" title="stance words">mistake' in html
    assert "Why: negated (&#x27;not&#x27;): calls it &#x27;a mistake&#x27;" in html
    assert 'Also read in the article: <span class="ev ev-topic">Toll row</span>' in html  # the headline line
    assert "Paragraph after: </span>Traders welcomed it." in html
    assert "suggested · confidence 0.80" in html


def test_broken_evidence_is_left_out_not_a_500(client, editor, toll):
    statement = StatementFactory()
    StanceFactory(
        statement=statement,
        proposition=toll,
        evidence=[
            {"start": -5, "end": 10**9, "role": "topic"},
            "junk",
            {"start": 0, "end": 3, "role": "<b>"},
        ],
    )
    client.force_login(editor)
    response = client.get("/review/")
    assert response.status_code == 200 and 'class="ev ev-context"' in response.content.decode()


# --- accept, flip, drop -------------------------------------------------------------------------------


def test_accept_confirms_the_stance_with_a_new_version_and_an_event(editor, toll, by_confidence):
    _, high, _, _, _ = by_confidence
    statement = services.accept_stance(statement_id=high.pk, proposition_id=toll.pk, user=editor, version=1)
    stance = Stance.objects.get(statement=high, proposition=toll)
    assert stance.is_confirmed and stance.confirmed_by == editor and stance.polarity == "supports"
    assert statement.version == 2 and statement.status == "pending"
    event = ReviewEvent.objects.get(statement=high)
    assert event.action == "stance" and event.user == editor
    assert event.after["stance"] == {"proposition": toll.slug, "action": "accept", "polarity": "supports"}


@pytest.mark.parametrize(
    ("polarity", "flipped"),
    [("supports", "opposes"), ("opposes", "supports"), ("asserts", "denies"), ("denies", "asserts")],
)
def test_flip_turns_a_stance_to_its_opposite_as_the_editors(editor, toll, polarity, flipped):
    stance = StanceFactory(proposition=toll, polarity=polarity)
    services.flip_stance(statement_id=stance.statement_id, proposition_id=toll.pk, user=editor, version=1)
    stance.refresh_from_db()
    assert (stance.polarity, stance.origin, stance.is_confirmed) == (flipped, "editor", True)


def test_undecided_has_nothing_to_flip_to(editor, toll):
    stance = StanceFactory(proposition=toll, polarity="undecided")
    with pytest.raises(services.ReviewError, match="no opposite"):
        services.flip_stance(statement_id=stance.statement_id, proposition_id=toll.pk, user=editor, version=1)
    assert Statement.objects.get(pk=stance.statement_id).version == 1


def test_drop_removes_the_stance_and_undo_puts_it_back(editor, toll):
    stance = StanceFactory(proposition=toll, polarity="opposes", confidence=0.7)
    services.drop_stance(statement_id=stance.statement_id, proposition_id=toll.pk, user=editor, version=1)
    assert not Stance.objects.filter(pk=stance.pk).exists()
    services.undo_last(user=editor)
    restored = Stance.objects.get(statement_id=stance.statement_id, proposition=toll)
    assert restored.polarity == "opposes" and not restored.is_confirmed


def test_undo_of_an_accept_unconfirms_only_that_stance(editor, toll):
    statement = StatementFactory()
    first = StanceFactory(statement=statement, proposition=toll, polarity="supports")
    second = StanceFactory(statement=statement, polarity="asserts")
    services.accept_stance(
        statement_id=statement.pk, proposition_id=second.proposition_id, user=editor, version=1
    )
    services.accept_stance(statement_id=statement.pk, proposition_id=toll.pk, user=editor, version=2)
    services.undo_last(user=editor)
    first.refresh_from_db()
    second.refresh_from_db()
    assert not first.is_confirmed and second.is_confirmed


def test_a_stale_version_changes_no_stance(editor, toll):
    stance = StanceFactory(proposition=toll, polarity="supports")
    with pytest.raises(services.StaleVersion):
        services.flip_stance(statement_id=stance.statement_id, proposition_id=toll.pk, user=editor, version=7)
    stance.refresh_from_db()
    assert stance.polarity == "supports" and not ReviewEvent.objects.exists()


def test_a_stance_that_is_gone_is_a_clear_error(editor, toll):
    statement = StatementFactory()
    with pytest.raises(services.ReviewError, match="has no stance on “The city should scrap"):
        services.accept_stance(statement_id=statement.pk, proposition_id=toll.pk, user=editor, version=1)


def test_the_keys_post_to_the_stance_views_and_the_card_stays(client, editor, toll, by_confidence):
    _, high, _, _, _ = by_confidence
    client.force_login(editor)
    response = client.post(
        f"/review/{high.pk}/stance/{toll.pk}/flip/", {"version": 1, "proposition": toll.pk}, **HX
    )
    html = response.content.decode()
    assert response.status_code == 200 and card_id(html) == high.pk
    assert "Flipped to “opposes” on “The city should scrap the harbour bridge toll”" in html
    assert 'name="version" value="2"' in html
    stale = client.post(f"/review/{high.pk}/stance/{toll.pk}/drop/", {"version": 1}, **HX)
    assert stale.status_code == 409 and "changed since you opened it" in stale.content.decode()
    plain = client.post(f"/review/{high.pk}/stance/{toll.pk}/drop/", {"version": 2})
    assert plain.status_code == 302 and plain.url == f"/review/?item={high.pk}"
    assert not Stance.objects.filter(statement=high, proposition=toll).exists()
    assert client.post(f"/review/{high.pk}/stance/{toll.pk}/shrug/", {"version": 3}).status_code == 404


def test_analysts_cannot_change_stances(client, analyst, toll, by_confidence):
    client.force_login(analyst)
    assert (
        client.post(f"/review/{by_confidence[1].pk}/stance/{toll.pk}/accept/", {"version": 1}).status_code
        == 403
    )


def test_the_chosen_stance_is_the_first_unreviewed_and_the_help_lists_the_keys(client, editor, toll):
    statement = StatementFactory()
    StanceFactory(statement=statement, proposition=toll, confidence=0.9, is_confirmed=True)
    unreviewed = StanceFactory(statement=statement, confidence=0.5)
    client.force_login(editor)
    html = client.get("/review/").content.decode()
    chosen = html.split('class="stance-row selected', 1)[1]
    assert chosen.split(">", 1)[0].count(f'data-proposition="{unreviewed.proposition_id}"') == 1
    for key in ("<kbd>c</kbd></td><td>accept", "<kbd>f</kbd></td><td>flip", "<kbd>d</kbd></td><td>drop"):
        assert key in html


# --- the list, bulk approval and filters ---------------------------------------------------------------


def test_the_list_shows_the_stances_bulk_approval_confirms_and_counts_them(
    client, editor, toll, by_confidence
):
    low, high, _, accepted, _ = by_confidence
    client.force_login(editor)
    html = client.get(f"/review/?view=list&proposition={toll.pk}").content.decode()
    assert 'class="stances-cell"><span class="polarity-tag supports"' in html
    assert f'value="{high.pk}:1" aria-label="select #{high.pk}" data-stances="1"' in html
    assert f'value="{accepted.pk}:1" aria-label="select #{accepted.pk}" data-stances="0"' in html
    response = client.post(
        "/review/bulk/",
        {"action": "approve", "selected": [f"{low.pk}:1", f"{high.pk}:1", f"{accepted.pk}:1"]},
        follow=True,
    )
    assert "Approved 3 candidate(s) and confirmed their 2 suggested stance(s)." in response.content.decode()
    assert Stance.objects.filter(proposition=toll, is_confirmed=True).count() == 3


@pytest.mark.parametrize("view", ["", "&view=list"])
def test_the_queue_by_proposition_is_a_fixed_number_of_queries(client, editor, toll, view):
    client.force_login(editor)
    url = f"/review/?proposition={toll.pk}{view}"

    def add(n):
        for i in range(n):
            statement = StatementFactory(confidence=0.5)
            StanceFactory(statement=statement, proposition=toll, confidence=(i % 10) / 10)
            StanceFactory(
                statement=statement, evidence=[{"start": 0, "end": 3, "text": "The", "role": "topic"}]
            )

    def count() -> int:
        client.get(url)  # the first visit claims a candidate; count a steady one
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    add(3)
    few = count()
    add(57)
    assert count() == few


def test_the_article_picker_finds_articles_with_pending_candidates_by_title(client, editor):
    wanted = StatementFactory(article=ArticleFactory(title="Harbour toll scrapped")).article
    StatementFactory(article=ArticleFactory(title="Harbour toll debate"), status="approved")
    client.force_login(editor)
    options = client.get("/review/articles/search/?article_title=harbour+TOLL", **HX).content.decode()
    assert f'data-id="{wanted.pk}" data-name="Harbour toll scrapped"' in options and "debate" not in options
    assert (
        "No article with pending candidates" in client.get("/review/articles/search/?q=zzz").content.decode()
    )
    page = client.get(f"/review/?article={wanted.pk}").content.decode()
    assert 'name="article_title" value="Harbour toll scrapped"' in page


@pytest.mark.parametrize(
    "query",
    [
        "proposition=abc",
        "proposition=99999999999999999999999",
        "article=-1",
        "min_confidence=nan",
        "max_confidence=inf",
    ],
)
def test_odd_filter_values_are_ignored(client, editor, by_confidence, query):
    client.force_login(editor)
    response = client.get(f"/review/?{query}")
    assert response.status_code == 200 and "5 pending" in response.content.decode()


def test_a_nul_in_a_filter_is_refused_naming_the_parameter(client, editor, by_confidence):
    client.force_login(editor)
    response = client.get("/review/?proposition=%00")
    assert response.status_code == 400
    assert "'proposition' holds a control character" in html.unescape(response.content.decode())
