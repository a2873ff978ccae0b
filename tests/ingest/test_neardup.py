"""Near-duplicate detection: the same story with light edits or at another address, not other stories."""

from __future__ import annotations

import random
import threading

import pytest
from django.db import close_old_connections, connection

from sources import neardup
from sources.models import Article, NearDuplicateKey
from sources.services import store_article

WORDS = [
    "minister",
    "government",
    "talks",
    "border",
    "treaty",
    "missile",
    "defence",
    "budget",
    "union",
    "strike",
    "court",
    "ruling",
    "election",
    "coalition",
    "parliament",
    "vote",
    "sanctions",
    "agreement",
    "ceasefire",
    "envoy",
    "summit",
    "trade",
    "tariff",
    "energy",
    "pipeline",
    "protest",
    "police",
    "reform",
    "inflation",
    "central",
    "bank",
    "rate",
    "housing",
    "health",
    "school",
    "climate",
    "emissions",
    "army",
]


def story(seed: int, words: int = 400) -> str:
    rng = random.Random(seed)
    sentences = []
    while sum(len(s.split()) for s in sentences) < words:
        sentences.append(" ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 18))).capitalize() + ".")
    return "\n\n".join(" ".join(sentences[i : i + 4]) for i in range(0, len(sentences), 4))


def test_light_edits_share_keys_and_verify_as_the_same_story():
    original = story(1)
    words = original.split(" ")
    for i in range(0, len(words), 45):
        words[i] = "edited"
    edited = " ".join(words) + "\n\nAdditional reporting by the wire desk."
    a, b = neardup.shingles(original), neardup.shingles(edited)
    assert set(neardup.band_keys(a)) & set(neardup.band_keys(b))
    assert neardup.similarity(a, b).same_story


def test_a_trimmed_copy_is_the_same_story_but_a_short_quote_inside_a_long_piece_is_not():
    original = story(2, words=600)
    paragraphs = original.split("\n\n")
    trimmed = "\n\n".join(paragraphs[: int(len(paragraphs) * 0.7)])
    assert neardup.similarity(neardup.shingles(original), neardup.shingles(trimmed)).same_story
    roundup = "\n\n".join([story(3, 1500), paragraphs[0], paragraphs[1], story(4, 1500)])
    assert not neardup.similarity(neardup.shingles(original), neardup.shingles(roundup)).same_story


def test_different_stories_on_the_same_topic_are_not_duplicates():
    a, b = neardup.shingles(story(5)), neardup.shingles(story(6))
    assert not neardup.similarity(a, b).same_story
    assert len(set(neardup.band_keys(a)) & set(neardup.band_keys(b))) <= 1


def test_short_texts_are_never_called_duplicates():
    assert neardup.shingles("A short wire brief of ten words about nothing at all.") == frozenset()
    assert neardup.band_keys(frozenset()) == []


def test_keys_are_stable_across_processes():
    # Stored keys must match keys computed later by another process or release.
    assert (
        neardup.band_keys(neardup.shingles(story(7)))[:3] == neardup.band_keys(neardup.shingles(story(7)))[:3]
    )
    assert len(neardup.band_keys(neardup.shingles(story(7)))) == neardup.BANDS


@pytest.mark.django_db
def test_store_article_records_the_first_as_original():
    first = store_article(text=story(8), outlet=None, url="https://a.example.org/1")
    second = store_article(
        text=story(8).replace("minister", "premier", 3), outlet=None, url="https://b.example.org/1"
    )
    assert first.created and not first.is_duplicate
    assert second.is_duplicate and second.article.duplicate_of_id == first.article.pk
    assert (
        NearDuplicateKey.objects.filter(article=second.article).count() == 0
    )  # later copies match the first
    third = store_article(text=story(8), outlet=None, url="https://c.example.org/1")
    assert not third.created and third.article == first.article and third.note.startswith("same text")


@pytest.mark.django_db(transaction=True)
def test_concurrent_stores_of_one_story_make_one_article():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers itself; the race needs a server database")
    text, results, errors = story(9), [], []
    barrier = threading.Barrier(6)

    def store(n: int) -> None:
        try:
            barrier.wait()
            results.append(store_article(text=text, outlet=None, url="https://same.example.org/x"))
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            close_old_connections()

    threads = [threading.Thread(target=store, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert Article.objects.count() == 1
    assert sum(r.created for r in results) == 1


@pytest.mark.django_db
def test_an_earlier_articles_shingles_are_hashed_once_for_the_copies_that_follow(monkeypatch):
    from sources.services import articles

    articles._shingles_of.cache_clear()
    hashed = []
    real = neardup.shingles
    monkeypatch.setattr(neardup, "shingles", lambda text: hashed.append(text) or real(text))
    original = store_article(text=story(9), outlet=None, url="https://a.example.org/9")
    copies = [
        store_article(
            text=story(9).replace("minister", "premier", n), outlet=None, url=f"https://b.example.org/{n}"
        )
        for n in (1, 2, 3)
    ]
    assert all(c.is_duplicate and c.article.duplicate_of_id == original.article.pk for c in copies)
    assert len(hashed) == 4  # each text once: the original's is not hashed again as each copy's candidate
