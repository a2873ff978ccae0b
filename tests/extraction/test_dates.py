"""Date expressions in running text: found only near calendar words, never missed there."""

from datetime import date

from claims.extraction.dates import find_dates

PUBLISHED = date(2024, 5, 17)  # a Friday


def _texts(text: str) -> list[str]:
    return [d.text for d in find_dates(text, PUBLISHED)]


def test_a_long_lead_in_before_the_month_is_kept():
    assert _texts("Prices rose sharply earlier in early April, traders said.") == ["earlier in early April"]


def test_a_weekday_with_its_part_of_day_resolves_to_that_day():
    found = find_dates("The union said on Tuesday morning that talks had failed.", PUBLISHED)
    assert found[0].value == date(2024, 5, 14)


def test_days_ago_counts_back_from_publication():
    assert find_dates("The clinic closed three days ago.", PUBLISHED)[0].value == date(2024, 5, 14)


def test_the_verb_may_is_not_a_month():
    assert _texts("Ministers may decide on the tariff soon.") == []


def test_a_month_inside_a_longer_word_is_not_a_date():
    assert _texts("The Decatur market reopened; Marchetti spoke.") == []


def test_two_expressions_far_apart_are_both_found():
    text = "Shares fell on Monday. " + "The board met again. " * 40 + "They recovered in June 2023."
    assert _texts(text) == ["on Monday", "in June 2023"]


def test_a_range_of_the_text_is_searched_alone():
    text = "On Monday the mill shut. On Friday it reopened."
    assert _texts(text[25:]) == ["On Friday"]
    assert [d.text for d in find_dates(text, PUBLISHED, 25)] == ["On Friday"]
