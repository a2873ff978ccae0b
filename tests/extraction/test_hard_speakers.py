"""Speakers in long wire-style articles (issue 14, tests/data/political5): letters after a name,
companies the tagger does not label, organisations referred to as "it" or by a noun. Composed
sentences, one construction each."""

from __future__ import annotations

import pytest

from .conftest import by_text

pytestmark = pytest.mark.slow


def test_letters_after_a_name_are_not_the_speaker(run):
    result = run("Opening the case, prosecutor Gareth Lyle KC said the defendant had hidden the losses.")
    st = by_text(result, "hidden the losses")
    assert st.speaker_name == "Gareth Lyle"
    assert st.speaker_kind == "person"


def test_an_unlabelled_company_subject_is_what_the_company_said(run):
    result = run(
        "KELLING BAY, Wales -\n\n"
        "Dexter Motors will close the last blast furnace at its Kelling Bay works by the end of the year, "
        "putting about 1,400 jobs at risk, the company said on Tuesday.\n\n"
        "The furnace had lost money for five years, the company said."
    )
    assert by_text(result, "last blast furnace").speaker_name == "Dexter Motors"
    assert by_text(result, "lost money for five years").speaker_name == "Dexter Motors"


def test_a_described_organisation_of_another_sort_is_not_the_one_named_before(run):
    result = run(
        "Waiting lists grew again, Elmwood Hospitals Trust said on Tuesday.\n\n"
        "The regional health authority, which funds the trust, criticised the figures. It said the trust "
        "had been slow to use spare beds.\n\n"
        "A spokeswoman for the authority said no request had been received."
    )
    assert by_text(result, "slow to use spare beds").speaker_name == "regional health authority"
    assert by_text(result, "no request had been received").speaker_name == "regional health authority"
    assert by_text(result, "Waiting lists grew").speaker_name == "Elmwood Hospitals Trust"


def test_a_party_prefixed_name_with_a_first_name_left_out_by_the_tagger_is_a_person(run):
    result = run(
        "Labour's Priya Mand won the seat, the returning officer announced.\n\n"
        "The Greens' Tomasz Nowak, a local GP, came second. He told supporters that the party could win.\n\n"
        "The returning officer, Janet Wells, said the count had been delayed."
    )
    st = by_text(result, "the party could win")
    assert st.speaker_name == "Tomasz Nowak"
    assert st.speaker_kind == "person"


def test_an_organisation_named_in_apposition_to_a_noun_is_the_speaker(run):
    result = run(
        "The ban was confirmed on Tuesday.\n\n"
        "The sprinter's national federation, Northern Athletics, said it respected the decision."
    )
    assert by_text(result, "respected the decision").speaker_name == "Northern Athletics"


def test_the_noun_an_organisation_was_introduced_with_refers_to_it_later(run):
    result = run(
        "The drivers' union, Transit Workers Scotland, said 2,000 drivers had joined the strike. "
        "Clydeline said it had offered a rise of 5 percent.\n\n"
        "A spokeswoman for the union said the offer was too low."
    )
    assert by_text(result, "the offer was too low").speaker_name == "Transit Workers Scotland"


def test_a_lower_case_noun_tagged_a_person_is_a_described_speaker(run):
    result = run("A 17-year-old apprentice electrician said he had been to every home game for five years.")
    st = by_text(result, "every home game")
    assert st.speaker_name == "A 17-year-old apprentice electrician"
    assert st.speaker_named is False


def test_a_role_is_the_person_named_in_the_next_paragraph(run):
    result = run(
        "The board met on Monday.\n\n"
        "The trust's chief executive defended her record at a board meeting. "
        '"We are doing more operations than before," she said.\n\n'
        "Helen Brereton, who has led the trust since 2022, said she had asked for a second unit."
    )
    assert by_text(result, "more operations than before").speaker_name == "Helen Brereton"


def test_a_role_is_the_person_named_in_the_next_sentence(run):
    result = run(
        "The union's regional organiser later told a rally that drivers would stay out. Craig Munro, who "
        "has led the talks since the autumn, said the company had walked away."
    )
    assert by_text(result, "drivers would stay out").speaker_name == "Craig Munro"


def test_a_role_is_not_a_person_named_next_with_a_role_of_their_own(run):
    result = run(
        "The council approved the budget on Monday.\n\n"
        "The minister said the plan would work.\n\nJohn Fell, an opposition MP, said it would fail."
    )
    assert by_text(result, "the plan would work").speaker_name != "John Fell"


def test_a_passive_verb_of_telling_gives_the_agents_words(run):
    result = run(
        "The manager, Kenny Stott, spoke on Tuesday.\n\n"
        "Stott said he had been told by the chairman that his transfer budget was frozen."
    )
    inner = [st for st in result.statements if st.text == "his transfer budget was frozen"]
    assert [st.speaker_name for st in inner] == ["chairman"]


def test_a_passive_of_another_verb_still_does_not_make_its_agent_speak(run):
    result = run("The plan was criticised by the union that it would cost jobs.")
    assert all(st.speaker_name != "union" for st in result.statements)


def test_a_new_survey_speaks_for_itself_not_for_the_organisation_named_before(run):
    result = run(
        "Turnout was low, said Hugh Garland, a political scientist at Northwold University.\n\n"
        "A survey of 1,000 voters carried out for the Northwold Gazette found that the cost of living "
        "was the main issue."
    )
    st = by_text(result, "the cost of living was the main issue")
    assert st.speaker_name.startswith("A survey of 1,000 voters")
    assert st.speaker_named is False


def test_she_after_a_spokeswoman_for_an_organisation_is_the_organisations_voice(run):
    result = run(
        "The ban was confirmed on Tuesday, Kezia Morant said.\n\n"
        "A spokeswoman for Northern Athletics said it had reminded athletes of their duties.\n\n"
        '"We want every athlete to compete with a clear record," she said.'
    )
    assert by_text(result, "a clear record").speaker_name == "Northern Athletics"
