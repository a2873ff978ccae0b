"""Follow-on reported sentences (issue 14, extractor 1.12): after "..., she said." a sentence with no cue
whose verb is backshifted ("would", "had fallen") continues the same speaker's reported words; a
sentence in any other tense is the writer's narration. And a speech verb coordinated inside the content
with nothing of its own to say ("... and had reported it to the regulator") stays in the content.
Composed sentences on other topics."""

from __future__ import annotations

from .conftest import by_text

_LEAD = "Ferry crossings to the island would be halved over the winter, the harbour master said."


def _texts(result) -> list[str]:
    return [s.text for s in result.statements]


def test_a_sentence_with_a_past_modal_continues_the_statement_before_it(run):
    result = run(f"{_LEAD} Fishing boats would be allowed to use the inner berths instead.", actors=[])
    s = by_text(result, "Fishing boats would be allowed")
    assert s.speaker_mention == "the harbour master"


def test_a_follow_on_sentence_is_reported_speech_without_a_cue(run):
    result = run(f"{_LEAD} Fishing boats would be allowed to use the inner berths instead.", actors=[])
    s = by_text(result, "Fishing boats would be allowed")
    assert (s.kind, s.cue) == ("indirect", "")


def test_a_past_perfect_sentence_continues_the_statement_before_it(run):
    result = run(f"{_LEAD} Passenger numbers had fallen by a third since the spring.", actors=[])
    s = by_text(result, "Passenger numbers had fallen")
    assert s.speaker_mention == "the harbour master"


def test_a_follow_on_sentence_keeps_the_date_of_the_statement_it_continues(run):
    result = run(
        "Ferry crossings to the island would be halved over the winter, the harbour master said on "
        "Monday. Passenger numbers had fallen by a third since the spring.",
        actors=[],
    )
    lead, follow = by_text(result, "Ferry crossings"), by_text(result, "Passenger numbers")
    assert follow.said_on == lead.said_on


def test_follow_on_sentences_chain_within_the_paragraph(run):
    result = run(
        f"{_LEAD} Passenger numbers had fallen by a third. The second ship would be sold.", actors=[]
    )
    assert by_text(result, "second ship would be sold").speaker_mention == "the harbour master"


def test_a_sentence_in_the_simple_past_is_narration(run):
    result = run(f"{_LEAD} The harbour opened in 1887 and was rebuilt after the war.", actors=[])
    assert not [t for t in _texts(result) if "harbour opened" in t]


def test_a_sentence_in_the_future_tense_is_narration(run):
    result = run(f"{_LEAD} The council will vote on the timetable next week.", actors=[])
    assert not [t for t in _texts(result) if "council will vote" in t]


def test_no_follow_on_after_a_cue_that_opens_its_sentence(run):
    result = run(
        "The harbour master said ferry crossings would be halved over the winter. "
        "Fishing boats would be allowed to use the inner berths instead.",
        actors=[],
    )
    assert not [t for t in _texts(result) if "Fishing boats" in t]


def test_no_follow_on_in_the_next_paragraph(run):
    result = run(f"{_LEAD}\n\nFishing boats would be allowed to use the inner berths instead.", actors=[])
    assert not [t for t in _texts(result) if "Fishing boats" in t]


def test_no_follow_on_after_a_direct_quotation(run):
    result = run(
        '"We will halve the winter crossings," the harbour master said. '
        "Fishing boats would be allowed to use the inner berths instead.",
        actors=[],
    )
    assert not [t for t in _texts(result) if "Fishing boats" in t]


def test_a_follow_on_question_is_not_a_statement(run):
    result = run(f"{_LEAD} Would the island's school stay open?", actors=[])
    assert not [t for t in _texts(result) if "school stay open" in t]


# -- a coordinated speech verb with no content of its own stays in the content (extractor 1.12) --------
def test_a_coordinated_speech_verb_without_a_clause_stays_in_the_content(run):
    result = run(
        "The Kestrel Observatory said it had found the fault on Monday and had reported it to the regulator "
        "within a day.",
        actors=[],
    )
    assert by_text(result, "found the fault").text.endswith("reported it to the regulator within a day")


def test_a_coordinated_request_without_a_clause_stays_in_the_content(run):
    result = run(
        "The Kestrel Observatory said it was repairing the telescope and had asked visitors to book again.",
        actors=[],
    )
    assert "asked visitors to book again" in by_text(result, "repairing the telescope").text


def test_a_coordinated_speech_verb_with_a_clause_is_the_next_statement(run):
    result = run(
        "The Kestrel Observatory said it had found the fault and warned that the dome would stay shut.",
        actors=[],
    )
    assert "dome would stay shut" not in by_text(result, "found the fault").text
