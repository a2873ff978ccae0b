"""Who a speaker is, construction by construction (issue 14): names next to roles, places and parties,
voices that speak for someone, described people, title nouns, pronouns and gender."""

from __future__ import annotations

import pytest

from .conftest import by_text

pytestmark = pytest.mark.slow


# -- a name written with a party, a place or a role ---------------------------------------------------
def test_a_party_word_before_an_appositive_name_is_not_the_speaker(run):
    result = run("The assembly's majority leader, Republican Corwin Ashdale, said the plan spent too much.")
    st = by_text(result, "spent too much")
    assert st.speaker_name == "Corwin Ashdale"
    assert st.speaker_kind == "person"


def test_a_place_word_in_an_appositive_role_is_not_the_speaker(run):
    result = run("Her rival, the party's Brussels leader Fergus Lannick, argued that the vote should wait.")
    assert by_text(result, "the vote should wait").speaker_name == "Fergus Lannick"


def test_a_place_the_tagger_glued_to_a_name_goes_to_the_role(run):
    result = run(
        "Renewal's leader, former mayor of Cluj Andrei Munteanu, told supporters that voters had chosen reform."
    )
    st = by_text(result, "voters had chosen reform")
    assert st.speaker_name == "Andrei Munteanu"


def test_a_place_before_a_title_goes_to_the_role_not_the_name(run):
    result = run(
        "Leeds councillor Amy Pritchard said the library closures would fail.\n\n"
        "Pritchard said the vote had been rushed."
    )
    first, later = by_text(result, "closures would fail"), by_text(result, "vote had been rushed")
    assert first.speaker_name == later.speaker_name == "Amy Pritchard"
    assert first.speaker_role == "Leeds councillor"


def test_a_title_noun_with_a_place_is_the_person_introduced_with_it(run):
    result = run(
        "Ohio Senator Janet Calloway voted against the measure on Tuesday.\n\n"
        "The Ohio senator said the bill was badly drafted."
    )
    st = by_text(result, "badly drafted")
    assert st.speaker_name == "Janet Calloway"
    assert st.speaker_role == "Ohio senator"


def test_an_organisations_officer_named_in_apposition_is_the_speaker_not_the_organisation(run):
    result = run(
        "Brackwell Homes bought the site in 2021.\n\n"
        "The committee's chair, Dame Petra Lowther, said the inquiry would hear evidence next week."
    )
    assert by_text(result, "hear evidence").speaker_name == "Petra Lowther"


def test_its_director_is_that_organisations_not_a_director_named_elsewhere(run):
    result = run(
        "The Kestrel Valley Museum said it would be glad to show the mosaic. Brackwell's managing "
        "director, Stephen Orrin, said the site was special. Its director said the museum was in early "
        "talks about an extension."
    )
    st = by_text(result, "early talks")
    assert st.speaker_name == "the director of the Kestrel Valley Museum"
    assert st.speaker_named is False


# -- voices that speak for a person or an organisation ------------------------------------------------
def test_a_named_persons_office_speaks_for_that_person(run):
    result = run(
        "Mayor Kirsten Ashby wants the buses back under public control.\n\n"
        "Ms Ashby's office later said the authority had set aside money for depots."
    )
    st = by_text(result, "set aside money")
    assert st.speaker_name == "Kirsten Ashby"
    assert st.speaker_kind == "person"


def test_an_office_keeps_no_possessive_in_the_role(run):
    result = run("Prime Minister Karel Mifka's office said the prime minister had spoken to both leaders.")
    st = by_text(result, "spoken to both leaders")
    assert st.speaker_name == "Karel Mifka"
    assert "office" not in st.speaker_role


def test_a_role_nouns_spokesperson_stays_a_description(run):
    result = run("The prime minister's spokesperson said no minister had broken the code.")
    st = by_text(result, "broken the code")
    assert st.speaker_name == "prime minister's spokesperson"
    assert st.speaker_named is False


def test_observers_from_an_organisation_speak_for_it(run):
    result = run("Observers from the Baltic Election Monitoring Council said the vote had been well run.")
    assert by_text(result, "well run").speaker_name == "Baltic Election Monitoring Council"


def test_one_official_of_an_organisation_is_a_described_person_not_the_organisation(run):
    result = run(
        "The Andean Trade Bloc will meet in May. An Andean Trade Bloc official said the bloc would respond."
    )
    st = by_text(result, "bloc would respond")
    assert st.speaker_name == "An Andean Trade Bloc official"
    assert st.speaker_named is False


def test_a_source_close_to_someone_is_kept_as_described(run):
    result = run("A source close to the club said the chairman had been shaken by the protests.")
    st = by_text(result, "had been shaken")
    assert st.speaker_name == "A source close to the club"
    assert st.speaker_named is False


# -- described people ----------------------------------------------------------------------------------
def test_a_description_keeps_a_short_relative_clause_not_a_story(run):
    result = run(
        "A shepherd who lives near the quarry said she had heard the blast at dawn.\n\n"
        "A 61-year-old farmer who has kept cattle beside the quarry for thirty years and asked not to be "
        "named said the dust had killed his hedges."
    )
    assert by_text(result, "heard the blast").speaker_name == "A shepherd who lives near the quarry"
    assert by_text(result, "killed his hedges").speaker_name == "A 61-year-old farmer"


def test_a_bare_description_keeps_a_clause_set_off_by_commas(run):
    result = run("One father, whose son is in Year 8, said the report confirmed his fears.")
    name = by_text(result, "confirmed his fears").speaker_name
    assert name.replace(",", "") == "One father whose son is in Year 8"


def test_a_description_with_a_place_drops_a_clause_set_off_by_commas(run):
    result = run("A man from Harrogate, whose wife works at the plant, said the closure was a shock.")
    assert by_text(result, "closure was a shock").speaker_name == "A man from Harrogate"


def test_an_indefinite_role_noun_is_a_described_person_and_the_later_title_noun_the_same(run):
    result = run(
        "In Geneva, a senior UN diplomat said the result was a relief. There had been fears of a "
        "boycott, the diplomat said."
    )
    first, later = by_text(result, "was a relief"), by_text(result, "fears of a boycott")
    assert first.speaker_name.endswith("senior UN diplomat")
    assert later.speaker_name == first.speaker_name
    assert first.speaker_named is later.speaker_named is False


def test_coordinated_plural_nouns_describe_one_group(run):
    result = run("Parents and prospective students at an open day said they had not heard about the cuts.")
    assert by_text(result, "not heard about the cuts").speaker_name.startswith(
        "Parents and prospective students"
    )


# -- pronouns, titles and short names ------------------------------------------------------------------
def test_she_is_never_a_spokesman(run):
    result = run(
        "The local MP, Karen Dunbury, said she had spoken to the minister. The prime minister's "
        "official spokesman said the government would help. On Facebook she wrote that it was a "
        "frightening day."
    )
    assert by_text(result, "frightening day").speaker_name == "Karen Dunbury"


def test_a_lone_title_before_an_appositive_name_takes_the_name(run):
    result = run("The local MP, Karen Dunbury, said she had spoken to the minister.")
    assert by_text(result, "spoken to the minister").speaker_name == "Karen Dunbury"


def test_a_nationality_noun_is_the_person_the_article_is_about(run):
    result = run(
        "Ingeborg Lindahl beat Marta Kowalczyk in the final.\n\n"
        "Asked about the third set, the Swede said she had stopped thinking about the score."
    )
    assert by_text(result, "stopped thinking").speaker_name == "Ingeborg Lindahl"


def test_a_plural_party_name_is_the_party_named_before(run):
    result = run("The Pirate Party won four seats. The Pirates said they would join the talks.")
    assert by_text(result, "join the talks").speaker_name == "Pirate Party"


def test_a_named_persons_lawyers_speak_for_that_person_and_they_are_the_lawyers(run):
    result = run(
        "Simon Hartley denies wrongdoing.\n\n"
        "Hartley's lawyers said their client would give evidence in public, which they said he had "
        "asked to do from the start."
    )
    assert by_text(result, "give evidence in public").speaker_name == "Simon Hartley"
    assert by_text(result, "asked to do from the start").speaker_name == "Simon Hartley"


def test_a_generic_noun_alone_is_never_a_named_speaker(run):
    result = run("The Council said the budget was balanced.")
    st = by_text(result, "budget was balanced")
    assert st.speaker_named is False
    assert st.speaker_slug is None


def test_a_name_written_once_with_an_organisation_noun_is_an_organisation_throughout(run):
    result = run(
        "The site's owner, housebuilder Brackwell Homes, bought the land in 2022.\n\n"
        "Brackwell Homes said it had already spent more than £600,000 on the excavation."
    )
    st = by_text(result, "already spent")
    assert st.speaker_name == "Brackwell Homes"
    assert st.speaker_kind == "organization"


def test_a_document_reads_as_whoever_issued_it_though_the_parse_hangs_it_on_the_object(run):
    result = run(
        "Ternwell's chief executive, Marcus Odegaard, announced the cuts in a memo to staff.\n\n"
        "\u201cThis is the hardest decision I have made,\u201d the memo reads."
    )
    assert by_text(result, "hardest decision").speaker_name == "Marcus Odegaard"


# -- a speaking name the tagger labelled as nobody ------------------------------------------------------
def test_a_one_word_name_nobody_labelled_keeps_its_statement_as_an_organisation(run):
    st = by_text(run("Quillon said it would appeal."), "it would appeal")
    assert (st.speaker_name, st.speaker_kind) == ("Quillon", "organization")


def test_an_abbreviation_nobody_labelled_keeps_its_statement(run):
    assert by_text(run("The NTF said the fares were too high."), "fares were too high").speaker_name == "NTF"


def test_a_name_with_a_relative_clause_keeps_its_statement(run):
    result = run("Nordhaven, which runs the container terminal, said the strike was unlawful.")
    assert by_text(result, "the strike was unlawful").speaker_name == "Nordhaven"
