"""Speakers linked the way news writes them (issue 14, second round): titles run into names, roles
named in the next paragraph, gender of accented first names, datelines, reported speech the parser
hangs on a circumstance, and the verbs 'counter' and 'retort'."""

from __future__ import annotations

import pytest

from claims.extraction.speakers import guess_gender

from .conftest import by_text

pytestmark = pytest.mark.slow


def test_a_title_run_into_a_name_is_the_person_not_a_later_speaker(run):
    result = run(
        "Minister for Health Áine Corcoran said on Wednesday that the findings were unacceptable.\n\n"
        "The opposition spokesman, Declan Moriarty, said the minister had been warned repeatedly."
    )
    assert by_text(result, "findings were unacceptable").speaker_name == "Áine Corcoran"
    assert by_text(result, "warned repeatedly").speaker_name == "Declan Moriarty"


def test_a_role_subject_followed_by_a_name_is_that_person(run):
    result = run(
        "Polling expert Professor Sir John Baxter of Strathclyde University said the members were "
        "more likely to back the challenger."
    )
    assert by_text(result, "more likely to back").speaker_name == "John Baxter"


def test_a_role_with_another_modifier_is_not_the_person_holding_a_different_title(run):
    result = run(
        "LISBON - Portugal's finance minister on Tuesday defended a hiring freeze, saying the measure "
        "was temporary.\n\n"
        "Henrique Sarmento told lawmakers that the deficit would stay inside the limit.\n\n"
        "Prime Minister Catarina Duarte has said she would not accept a budget that breaks the limit."
    )
    assert by_text(result, "measure was temporary").speaker_name == "Henrique Sarmento"


def test_an_accented_first_name_has_the_gender_of_its_plain_spelling():
    assert guess_gender("Siobhán Kiely") == "female"  # a later "she" may be her, "he" not
    assert guess_gender("Seán Dolan") == "male"


def test_a_capitalised_dateline_is_nobody_the_company_refers_to(run):
    result = run(
        "Kestrel to shut plant\n\n"
        "WREXHAM \u2014 Kestrel Home Appliances Ltd will close its factory, the company said on Tuesday."
    )
    assert "wrexham" not in by_text(result, "close its factory").speaker_name.lower()


def test_reported_speech_hung_on_a_circumstance_noun_is_the_tellers_content(run):
    result = run(
        "Senator Mark Delaney told reporters after the vote foreign producers had been dumping steel "
        "below cost for a decade."
    )
    st = by_text(result, "foreign producers had been dumping steel")
    assert st.speaker_name == "Mark Delaney"
    assert not st.text.startswith("the vote")


def test_a_relative_clause_with_its_gap_is_no_content(run):
    result = run("She told reporters about the deal the ministers had signed.")
    assert not any("ministers had signed" in s.text for s in result.statements)


@pytest.mark.parametrize("verb", ["countered", "retorted"])
def test_counter_and_retort_report_speech(run, verb):
    result = run(f"Andreas Huber {verb} that the price cap would cost more than his tax cut.")
    assert by_text(result, "price cap would cost more").speaker_name == "Andreas Huber"


def test_the_head_of_an_organisation_speaks_and_is_the_person_named_with_it(run):
    result = run(
        "The head of the largest farm union, Jean-Luc Arnaud, said he would call members onto the streets."
    )
    assert by_text(result, "call members onto the streets").speaker_name == "Jean-Luc Arnaud"


def test_a_shortened_role_is_the_person_written_with_the_full_one(run):
    result = run(
        "Headteacher Michael Barraclough said he accepted the findings in full.\n\n"
        "The head said that several changes had already been made since the inspection."
    )
    assert by_text(result, "changes had already been made").speaker_name == "Michael Barraclough"


def test_a_thing_as_a_subject_is_no_antecedent_for_she(run):
    result = run(
        "Clare Donnelly said the vote was a warning.\n\n"
        "Under party rules, a challenge requires the signatures of a fifth of the councillors.\n\n"
        "She said the motion was not binding."
    )
    assert by_text(result, "motion was not binding").speaker_name == "Clare Donnelly"


def test_the_leads_role_goes_to_the_name_opening_the_next_paragraph_after_a_title(run):
    result = run(
        "Councillors approved a rise in council tax after a meeting in which the council's leader said "
        "the authority had no choice left.\n\n"
        "Cllr Margaret Lowe told the meeting the grant had fallen by 40 percent.\n\n"
        "The Conservative group leader, Cllr Peter Grange, accused her of wasting money."
    )
    assert by_text(result, "no choice left").speaker_name == "Margaret Lowe"


def test_a_surname_tagged_as_a_common_noun_is_the_person_named_before(run):
    result = run(
        "Canada's trade minister, Louise Tremblay, said Ottawa would respond. "
        "Tremblay noted Canada bought more American goods than any other country."
    )
    assert by_text(result, "Canada bought more American goods").speaker_name == "Louise Tremblay"


def test_a_plain_definite_noun_is_the_organisation_written_with_that_word(run):
    result = run(
        "The port operators' association insisted its offer was fair.\n\n"
        "According to the operators, about 40 percent of the country's imports pass through the ports."
    )
    assert by_text(result, "40 percent of the country").speaker_name == "port operators' association"


def test_an_organisation_owned_by_a_common_noun_is_not_the_one_named_last(run):
    result = run(
        "The General Port Workers' Union said it would announce strike dates.\n\n"
        "The port operators' association insisted its offer was the best the industry could afford."
    )
    assert "union" not in by_text(result, "best the industry could afford").speaker_name.lower()


@pytest.mark.parametrize(
    ("sentence", "issuer"),
    [
        (
            "Figures from the Office of Rail and Road show 24 per cent of trains arrived late.",
            "Office of Rail and Road",
        ),
        (
            "Figures published by the Department of Education show the number of leavers rose by 18 percent.",
            "Department of Education",
        ),
    ],
)
def test_figures_with_their_issuer_named_are_the_issuers_statement(run, sentence, issuer):
    result = run(sentence)
    assert len(result.statements) == 1
    assert result.statements[0].speaker_name == issuer


def test_figures_a_newspaper_has_seen_are_not_the_newspapers_statement(run):
    result = run("Figures seen by the Evening Courier show waiting times doubled in a year.")
    assert all("Courier" not in s.speaker_name for s in result.statements)


def test_an_association_of_a_common_noun_is_not_the_organisation_named_last(run):
    result = run(
        "The European Union said the deficit rules would apply.\n\n"
        "The association of municipalities said its members had been forced to delay road repairs."
    )
    st = by_text(result, "forced to delay road repairs")
    assert st.speaker_name == "association of municipalities"


def test_the_report_a_speaker_issued_in_the_same_sentence_speaks_for_that_speaker(run):
    result = run(
        "The Northern Counties Pension Partnership sold its shares in Aldwater on Monday. "
        "The Environment Agency fined Aldwater last year.\n\n"
        "In its annual investment report, published on Monday, the partnership said it would keep its "
        "other shares.\n\n"
        "\u201cDivestment is a last resort, not a first response,\u201d the report says."
    )
    said = by_text(result, "keep its other shares").speaker_name
    assert by_text(result, "Divestment is a last resort").speaker_name == said
    assert "Agency" not in said


def test_a_name_ending_in_a_plural_noun_is_an_organisation_though_it_opens_with_a_first_name(run):
    result = run(
        "Kestrel Home Appliances will close its washing machine factory in Leeds by the end of the year, "
        "the company said on Tuesday."
    )
    assert by_text(result, "washing machine factory").speaker_name == "Kestrel Home Appliances"
