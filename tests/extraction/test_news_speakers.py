"""Speakers as news writes them: described people, surnames, titles, role nouns, organisations (issue 14)."""

from __future__ import annotations

from datetime import date

import pytest

from claims.extraction import ActorRecord

from .conftest import by_text

pytestmark = pytest.mark.slow


def test_a_described_speaker_keeps_the_description_and_a_later_she_refers_to_her(run):
    result = run(
        "A 38-year-old physiotherapist from Bristol said she had waited four months for a refund.\n\n"
        "\u201cI have sent eleven emails,\u201d she said."
    )
    assert by_text(result, "waited four months").speaker_name == "A 38-year-old physiotherapist from Bristol"
    assert by_text(result, "eleven emails").speaker_name == "A 38-year-old physiotherapist from Bristol"
    assert by_text(result, "eleven emails").speaker_slug is None


def test_a_described_speaker_is_not_a_name_so_no_actor_is_made_from_it(run):
    result = run("One commuter waiting at the station said the trains were always late.")
    assert by_text(result, "always late").speaker_named is False


def test_a_thing_is_not_a_described_speaker(run):
    result = run("The range of the new missile rejected every limit the treaty set.")
    assert result.statements == []


def test_a_surname_takes_the_full_name_given_earlier(run):
    result = run(
        "Marta Kowal, who lost the final, was gracious.\n\n"
        "\u201cShe played better than me in the big moments,\u201d Kowal told reporters."
    )
    assert by_text(result, "big moments").speaker_name == "Marta Kowal"


def test_titles_and_a_role_before_the_name_are_not_part_of_it(run):
    result = run(
        "The leader of Northfield Borough Council, Margaret Oduya, said the authority had no good options.\n\n"
        "Cllr Gareth Lowe said the cuts fell on the poorest estates."
    )
    assert by_text(result, "no good options").speaker_name == "Margaret Oduya"
    assert by_text(result, "poorest estates").speaker_name == "Gareth Lowe"


def test_a_role_noun_is_the_person_introduced_with_that_role(run):
    result = run(
        "Declan Moran, the education minister, said he was disappointed by the vote.\n\n"
        "The minister said the door of his department was still open."
    )
    assert by_text(result, "door of his department").speaker_name == "Declan Moran"


def test_an_abbreviation_is_the_organisation_written_out_before_it(run):
    result = run(
        "The Athletics Integrity Unit (AIU) said the sample had been tested twice.\n\n"
        "The AIU said it had handled the case as quickly as the rules allowed."
    )
    assert by_text(result, "as quickly as").speaker_name == "Athletics Integrity Unit"


def test_a_pronoun_goes_to_the_person_of_its_gender(run):
    result = run(
        "Thomas Brandt and Dana Whitfield spoke after the ceremony.\n\n"
        "Brandt said the jury had been unanimous. She said the film deserved the prize."
    )
    assert by_text(result, "deserved the prize").speaker_name == "Dana Whitfield"


def test_a_request_is_reported_speech_of_its_speaker(run):
    result = run("The minister urged both sides to return to talks.")
    assert [s.text for s in result.statements] == ["both sides to return to talks"]


def test_a_statement_without_a_time_of_its_own_is_dated_to_the_publication_day(run):
    result = run(
        "The port strike went on.\n\nFurther down, the union said the walkout would last until Friday.",
        published=date(2025, 2, 11),
    )
    assert by_text(result, "walkout would last").said_on == date(2025, 2, 11)


def test_an_organisation_named_with_a_role_noun_is_itself_not_the_organisation_before_it(run):
    result = run(
        "Danish shipping group Meridian Lines said it had rerouted three vessels.\n\n"
        "The Dutch economy ministry said it would not intervene in the dispute."
    )
    assert by_text(result, "not intervene").speaker_name == "Dutch economy ministry"


def test_a_named_museum_is_not_an_earlier_organisation_whose_name_holds_the_noun(run):
    result = run(
        "Museums Galleries Scotland welcomed the review.\n\n"
        "The Rothwell Museum said its board had voted to return the masks."
    )
    assert by_text(result, "voted to return").speaker_name == "Rothwell Museum"


def test_a_role_noun_is_the_organisation_described_with_it_not_one_whose_role_holds_the_word(run):
    actors = [
        ActorRecord(
            slug="caa", name="Civil Aviation Authority", kind="organization", role="UK airline regulator"
        )
    ]
    result = run(
        "The Civil Aviation Authority said refunds were slow.\n\n"
        "Budget carrier Skylark Air cancelled 3,100 flights in July.\n\n"
        "The airline says it has repaid most customers.",
        actors=actors,
    )
    assert by_text(result, "repaid most customers").speaker_name == "Skylark Air"


def test_a_byline_is_nobody_a_later_pronoun_refers_to(run):
    result = run(
        "Debut novel wins the prize\n\nBy Eleanor Quaye\n\n"
        "Sarah Mitchell has won the prize for her first novel, the judges said.\n\n"
        "\u201cI did not think this would happen,\u201d she told the audience."
    )
    assert by_text(result, "would happen").speaker_name == "Sarah Mitchell"


def test_a_generic_noun_does_not_stand_for_an_organisation_of_another_sort(run):
    result = run(
        "The union said the walkout would run until Friday.\n\n"
        "The ministry said on Monday that it was following the situation closely."
    )
    assert by_text(result, "following the situation").speaker_name != "union"


def test_a_country_closing_an_organisation_name_is_part_of_the_name(run):
    actors = [ActorRecord(slug="uk", name="United Kingdom", kind="state", aliases=("UK",))]
    result = run(
        "The court ruled against the app.\n\n"
        "Privacy Alliance UK, a civil liberties group, said the judgment sent a clear signal.",
        actors=actors,
    )
    assert by_text(result, "clear signal").speaker_name == "Privacy Alliance UK"


def test_proper_nouns_the_tagger_left_unlabelled_name_an_organisation(run):
    result = run(
        "Quillon will cut 1,400 jobs.\n\nTech Workers United said the cuts showed why workers needed a union."
    )
    assert by_text(result, "cuts showed").speaker_name == "Tech Workers United"


def test_an_organisation_described_as_one_of_the_suppliers_is_the_company_later(run):
    result = run(
        "The health minister said stocks were low.\n\n"
        "Laboratoires Vernier, one of the main suppliers of amoxicillin syrup, said its factory in Normandy "
        "was at full capacity. The company said it had increased its production by 30 percent."
    )
    assert by_text(result, "increased its production").speaker_name == "Laboratoires Vernier"


def test_an_abbreviation_in_brackets_is_not_the_name_it_abbreviates(run):
    result = run(
        "The India Meteorological Department (IMD) has issued an orange alert, and says temperatures "
        "could rise to 46C.\n\nThe IMD said some relief could come next week."
    )
    assert by_text(result, "relief could come").speaker_name == "India Meteorological Department"


def test_a_surname_takes_the_first_name_written_before_the_labelled_part(run):
    result = run(
        "Delhi's environment minister, Pradeep Bhalla, said the city was expanding its shelters.\n\n"
        "Bhalla said more would come next month."
    )
    assert by_text(result, "more would come").speaker_name == "Pradeep Bhalla"


def test_a_spokesperson_named_with_a_department_before_the_noun_speaks_for_it(run):
    actors = [ActorRecord(slug="dfe", name="Department for Education", kind="organization")]
    result = run(
        "The University of Wexham will close three departments.\n\n"
        "A Department for Education spokesperson said the government had taken decisive action.",
        actors=actors,
    )
    assert by_text(result, "decisive action").speaker_name == "Department for Education"


def test_a_place_in_an_apposition_is_not_the_speaker_the_apposition_describes(run):
    result = run(
        "Skylark Air cancelled 3,100 flights.\n\n"
        "Another passenger, a retired postman from Leeds, said he had been offered vouchers three times."
    )
    assert by_text(result, "offered vouchers").speaker_name == "a retired postman from Leeds"


def test_a_sum_of_money_in_a_description_is_no_name_after_a_comma(run):
    result = run(
        "Kessler was convicted on Tuesday.\n\n"
        "One smaller investor, a retired dentist from New Jersey who put $250,000 into Ledgerly through a "
        "special purpose vehicle, said she had lost most of her savings."
    )
    assert by_text(result, "lost most of her savings").speaker_name.startswith(
        "a retired dentist from New Jersey"
    )


def test_a_named_subject_parsed_beside_its_role_is_the_speaker(run):
    result = run(
        "The college of emergency medicine published figures.\n\n"
        "Its vice-president for the north of England, Dr Stuart Ingham, said the figures were shocking."
    )
    assert by_text(result, "figures were shocking").speaker_name == "Stuart Ingham"


def test_a_statement_is_the_words_of_whoever_said_it_in_that_statement(run):
    result = run(
        "The union blamed the mine.\n\n"
        "In a statement on Wednesday, Kgotso Platinum said the concerns had been investigated.\n\n"
        "\u201cKgotso rejects any suggestion that it has put production before safety,\u201d the statement said."
    )
    assert by_text(result, "rejects any suggestion").speaker_name == "Kgotso Platinum"


def test_a_company_after_its_words_is_the_organisation_they_are_about(run):
    result = run(
        "Mining stocks fell in Johannesburg, Reuters reported.\n\n"
        "Four workers were killed when a tunnel at Kgotso Platinum's Bokamoso mine caved in, the company said."
    )
    assert by_text(result, "Four workers were killed").speaker_name == "Kgotso Platinum"


def test_an_unnamed_title_holder_is_written_out_with_the_organisation(run):
    result = run(
        "Better Buses Alliance, a national charity, said fares were rising.\n\n"
        "Its chief executive said the decision was short-sighted."
    )
    statement = by_text(result, "short-sighted")
    assert statement.speaker_name == "the chief executive of Better Buses Alliance"
    assert statement.speaker_named is False


def test_a_description_keeps_its_noun_phrase_not_a_long_story_after_it(run):
    result = run(
        "The fire burned through 62,000 hectares.\n\n"
        "A 58-year-old beekeeper who had fled his property at about 3 a.m. Wednesday said he had lost his house."
    )
    assert by_text(result, "lost his house").speaker_name == "A 58-year-old beekeeper"


def test_a_description_keeps_a_participle_that_says_who_the_speaker_is(run):
    result = run(
        "Bus fares will rise from April.\n\n"
        "One woman waiting for the number 10 to Tuffley said she would now pay about \u00a38 more each week."
    )
    assert by_text(result, "pay about").speaker_name == "One woman waiting for the number 10 to Tuffley"


def test_a_spokesman_of_a_person_is_not_the_last_organisation(run):
    result = run(
        "North Yorkshire Council says 37 schools are closed today.\n\n"
        "Updated 14:05 GMT\n\n"
        "The prime minister\u2019s official spokesman said the government was ready to help."
    )
    assert by_text(result, "ready to help").speaker_name != "North Yorkshire Council"


def test_according_to_an_organisations_document_is_the_organisation(run):
    actors = [
        ActorRecord(
            slug="sec", name="Securities and Exchange Commission", kind="organization", aliases=("SEC",)
        )
    ]
    result = run(
        "Kessler was convicted on Tuesday.\n\n"
        "According to the SEC\u2019s complaint, Ledgerly raised about $240 million from investors.",
        actors=actors,
    )
    assert by_text(result, "raised about").speaker_name == "Securities and Exchange Commission"


def test_data_from_a_named_source_is_that_source(run):
    result = run(
        "The Riksbank held rates.\n\n"
        "House prices fell about 13% from their peak, according to data from M\u00e4klardata."
    )
    assert by_text(result, "House prices fell").speaker_name == "M\u00e4klardata"


def test_someone_introduced_after_a_copula_is_the_she_who_speaks_next(run):
    result = run(
        "Thousands of passengers are still waiting for refunds.\n\n"
        "Among those still out of pocket is a 38-year-old physiotherapist from Bristol, who booked a family "
        "holiday to Faro for \u00a31,460 in February.\n\n"
        "\u201cI have sent eleven emails. Nobody has ever given me a date,\u201d she said."
    )
    assert by_text(result, "eleven emails").speaker_name == "a 38-year-old physiotherapist from Bristol"


def test_an_abbreviated_councillor_title_is_not_part_of_the_name(run):
    result = run(
        "Hinchinbrook Shire mayor Leanne Coutts said the town had been cut off.\n\n"
        "Cr Coutts said the council had warned last month that the levee was too low."
    )
    assert by_text(result, "levee was too low").speaker_name == "Leanne Coutts"


def test_a_possessive_is_not_part_of_a_new_speakers_name(run):
    result = run(
        "Martin Feeney's father, Desmond, 84, was taken to hospital after a fall at his home. He waited "
        "41 hours for a bed on a ward.\n\n"
        '"He was on a trolley by the fire doors. Every time they opened there was a blast of cold air," '
        "Mr Feeney said."
    )
    assert by_text(result, "fire doors").speaker_name == "Martin Feeney"


def test_a_space_agency_is_an_organisation_not_a_news_outlet(run):
    result = run(
        "The rocket exploded 40 seconds after launch.\n\n"
        "The UK Space Agency said it was disappointed but that failures were normal."
    )
    assert by_text(result, "disappointed").speaker_kind == "organization"


def test_a_judges_style_stays_in_the_name(run):
    result = run(
        "The Court of Appeal ruled against the app on Thursday.\n\n"
        "Lady Justice Harrow, giving the lead judgment, said that facial geometry was biometric data."
    )
    assert by_text(result, "facial geometry").speaker_name == "Lady Justice Harrow"


def test_a_name_in_another_script_is_a_speaker_where_a_speaker_goes(run):
    result = run(
        "Talks on the river treaty resumed on Tuesday.\n\n"
        "\u201cThe water belongs to both banks,\u201d 李克明 said after the meeting.\n\n"
        "According to 王建华, the next round will be held in May."
    )
    assert by_text(result, "both banks").speaker_name == "李克明"
    assert by_text(result, "next round").speaker_name == "王建华"
    assert by_text(result, "next round").speaker_named is True


def test_the_role_a_mention_gives_a_new_speaker_is_kept_apart_from_the_name(run):
    result = run(
        "The mayor of Millbrook, Anna Lindqvist, said the library would reopen in June.\n\n"
        "\u201cWe found the money,\u201d Lindqvist said."
    )
    assert by_text(result, "reopen in June").speaker_name == "Anna Lindqvist"
    assert by_text(result, "found the money").speaker_role == "mayor of Millbrook"


def test_a_town_the_tagger_took_for_a_person_is_not_a_she(run):
    result = run(
        "The mayor of Millbrook, Anna Lindqvist, said the library would reopen in June. Critics in "
        "Thornbury said the plan came too late.\n\n"
        "She said the council would publish the costs."
    )
    assert by_text(result, "publish the costs").speaker_name == "Anna Lindqvist"


def test_an_abbreviation_takes_the_name_the_article_spelt_out_before_it(run):
    result = run(
        "The National Federation of Bakers (FNB), which speaks for 4,000 bakeries, said flour prices had "
        "doubled since March.\n\n"
        "The FNB said it would ask ministers for help with energy bills."
    )
    assert by_text(result, "energy bills").speaker_name == "National Federation of Bakers"


def test_the_company_is_the_unlabelled_organisation_the_sentence_names(run):
    result = run(
        "Software maker to cut 300 jobs\n\n"
        "Tarnwick Software will cut about 300 jobs, roughly 8% of its staff, the company said on Tuesday."
    )
    assert by_text(result, "300 jobs").speaker_name == "Tarnwick Software"


def test_the_nurse_is_the_nurse_the_article_introduced_as_one_nurse(run):
    result = run(
        "Ward waits reach record\n\n"
        "One nurse described corridors lined with trolleys.\n\n"
        "\u201cWe cannot keep doing this,\u201d said the nurse, who asked not to be named."
    )
    assert by_text(result, "keep doing this").speaker_name == "One nurse"


def test_a_judge_styled_by_the_court_is_the_judge_of_a_later_mention(run):
    result = run(
        "Appeal judges rule on parking fines\n\n"
        "Lord Justice Pemberton, giving the lead judgment, said the fines had no basis in law.\n\n"
        "The judge said the council should repay every driver."
    )
    assert by_text(result, "repay every driver").speaker_name == "Lord Justice Pemberton"


def test_a_co_president_is_not_the_president_of_a_later_mention(run):
    result = run(
        "Festival names winner\n\n"
        "The studio's co-president, Maria Lundgren, said the film had moved her.\n\n"
        "The jury president said the vote had been close."
    )
    assert by_text(result, "vote had been close").speaker_name != "Maria Lundgren"
