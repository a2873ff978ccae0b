"""Statements from composed news text (other people, places and topics than the seeds)."""

from __future__ import annotations

from datetime import date

from claims.extraction import ActorRecord

from .conftest import by_text

THU = date(2024, 3, 14)  # a Thursday


def test_inverted_said_with_an_unknown_speaker_and_apposition(run):
    result = run(
        '"The bridge will reopen by spring," said Maria Kowalski, the regional transport commissioner.'
    )
    s = by_text(result, "bridge will reopen")
    assert (s.kind, s.cue, s.speaker_slug, s.speaker_name) == ("direct", "said", None, "Maria Kowalski")
    assert s.speaker_kind == "person"
    assert s.text == "The bridge will reopen by spring"


def test_spokesman_apposition_and_title_before_name(run):
    text = (
        "Health Minister Jane Doe said on Tuesday that hospitals would receive extra funding.\n\n"
        'Peter Olsen, a spokesman for the nurses\' association, said the money was "too little, too late."'
    )
    result = run(text)
    doe = by_text(result, "hospitals would receive extra funding")
    assert (doe.speaker_name, doe.speaker_slug, doe.kind) == ("Jane Doe", None, "indirect")
    assert doe.said_on == date(2024, 3, 12) and doe.date_precision == "day"
    olsen = by_text(result, "too little")
    assert olsen.speaker_name == "Peter Olsen" and olsen.kind == "mixed"


def test_multi_sentence_quote_split_quote_and_continuation(run):
    text = (
        '"We have waited long enough. The fleet cannot survive another season like this," Berg said. '
        '"Something has to change."\n\n'
        '"The quotas," Halvorsen said, "are set by scientists, not by politicians."\n\n'
        '"We follow the evidence."'
    )
    result = run(text)
    first = by_text(result, "We have waited long enough")
    assert first.speaker_slug == "tomas-berg" and first.kind == "direct"
    assert "cannot survive another season" in first.text
    cont = by_text(result, "Something has to change")
    assert cont.speaker_slug == "tomas-berg" and cont.cue == ""
    split = by_text(result, "The quotas")
    assert split.text == "The quotas are set by scientists, not by politicians."
    assert split.speaker_slug == "ingrid-halvorsen" and len(split.parts) == 2
    para = by_text(result, "We follow the evidence")
    assert para.speaker_slug == "ingrid-halvorsen"


def test_several_speakers_in_one_paragraph(run):
    text = (
        'Berg called the deal "a betrayal of the coast", while Halvorsen said it would "secure jobs for a '
        'generation". Kowalski, a local mayor, told reporters that nobody had asked the towns.'
    )
    result = run(text)
    assert by_text(result, "secure jobs").speaker_slug == "ingrid-halvorsen"
    mayor = by_text(result, "nobody had asked the towns")
    assert mayor.speaker_name == "Kowalski" and mayor.cue == "told" and mayor.via_name == ""


def test_nested_single_quotes_stay_inside_the_quotation(run):
    text = "\"When the captain shouted 'Hold the line!' we all knew what it meant,\" Berg said."
    s = by_text(run(text), "Hold the line")
    assert s.text == "When the captain shouted 'Hold the line!' we all knew what it meant"
    assert s.speaker_slug == "tomas-berg" and s.kind == "direct"


def test_according_to_and_alias_of_a_ministry(run):
    text = "According to Norland's finance ministry, the deficit will shrink to 2% next year."
    s = by_text(run(text), "deficit will shrink")
    assert (s.cue, s.speaker_slug, s.kind) == ("according to", "norland-finance-ministry", "indirect")


def test_pronouns_resolve_by_gender_and_kind(run):
    text = (
        "Halvorsen met Berg in Nordhavn on Monday.\n\n"
        "Berg accused the government of selling out the fishermen.\n\n"
        '"That is simply untrue," she said.\n\n'
        '"We will see in court," he said.\n\n'
        "The Union of Fishers said it would appeal."
    )
    result = run(text)
    assert by_text(result, "simply untrue").speaker_slug == "ingrid-halvorsen"
    assert by_text(result, "see in court").speaker_slug == "tomas-berg"
    assert by_text(result, "it would appeal").speaker_slug == "union-of-fishers"


def test_unknown_speakers_are_kept_and_pronouns_can_refer_to_them(run):
    text = 'Local harbour master Erik Sandvik said the ice had come early.\n\n"It happens once in ten years," he said.'
    result = run(text)
    first = by_text(result, "ice had come early")
    second = by_text(result, "once in ten years")
    assert first.speaker_name == second.speaker_name == "Erik Sandvik"
    assert first.speaker_slug is None and second.speaker_kind == "person"


def test_surname_after_full_unknown_name_is_the_same_person(run):
    text = (
        "The opposition leader, Karin Lund, criticised the budget.\n\n"
        '"These numbers are invented," Lund said.'
    )
    assert by_text(run(text), "numbers are invented").speaker_name == "Karin Lund"


def test_a_misspelt_surname_resolves_to_the_known_person(run):
    s = by_text(run('"Exports doubled," Halvorssen said.'), "Exports doubled")
    assert s.speaker_slug == "ingrid-halvorsen" and s.speaker_name == "Ingrid Halvorsen"


def test_role_noun_resolves_to_the_most_recent_compatible_actor(run):
    text = (
        "Norland's finance ministry published the figures on Monday.\n\n"
        "The finance ministry said the surplus would be invested abroad."
    )
    assert by_text(run(text), "surplus would be invested").speaker_slug == "norland-finance-ministry"


def test_via_told_quoted_by_and_quoted_as_saying(run):
    text = (
        "Halvorsen told the Daily Courant that prices would fall.\n\n"
        '"The quotas are final," Berg was quoted as saying by the Daily Courant.\n\n'
        'The Courant quoted Halvorsen as saying the talks had "broken down".'
    )
    result = run(text)
    told = by_text(result, "prices would fall")
    assert told.via_slug == "daily-courant" and told.cue == "told"
    passive = by_text(result, "quotas are final")
    assert passive.speaker_slug == "tomas-berg" and passive.via_slug == "daily-courant"
    active = by_text(result, "broken down")
    assert active.speaker_slug == "ingrid-halvorsen" and active.via_slug == "daily-courant"


def test_statement_dates_resolve_against_the_publication_date(run):
    text = (
        "Halvorsen said on Tuesday that the pipeline was safe.\n\n"
        "Berg said last month the pipeline leaked.\n\n"
        "The opposition had long argued that the pipeline was too old.\n\n"
        "Norland has denied the accusation."
    )
    result = run(text, published=THU)
    tue = by_text(result, "pipeline was safe")
    assert (tue.said_on, tue.date_precision) == (date(2024, 3, 12), "day")
    month = by_text(result, "pipeline leaked")
    assert (month.said_on, month.date_precision) == (date(2024, 2, 1), "month")
    assert by_text(result, "too old").said_on is None
    denied = by_text(result, "denied the accusation")
    assert denied.speaker_slug == "norland" and denied.said_on is None


def test_lede_statement_is_dated_to_the_article_and_inherited_by_its_speaker(run):
    text = (
        "Halvorsen has accused the fishing lobby of spreading myths about the quota.\n\n"
        "Berg had argued that the quota was too low.\n\n"
        '"They know the facts," Halvorsen said.'
    )
    result = run(text, published=THU)
    assert by_text(result, "spreading myths").said_on == THU
    assert by_text(result, "They know the facts").said_on == THU


def test_headline_statement_is_not_duplicated_from_the_body(run):
    text = (
        "Minister says quotas 'are final'\n\n"
        'NORDHAVN, March 14 (Courant) - The quotas "are final," Halvorsen said on Thursday.'
    )
    result = run(text, published=None)
    assert len(result.statements) == 1
    assert result.statements[0].speaker_slug == "ingrid-halvorsen"
    assert result.published and (result.published.month, result.published.day) == (3, 14)


def test_a_headline_alone_still_yields_its_statement(run):
    result = run("Halvorsen says quotas will not change")
    assert by_text(result, "quotas will not change").speaker_slug == "ingrid-halvorsen"


def test_list_of_quotes_with_name_labels(run):
    text = (
        "Reactions to the vote:\n\n"
        'Union chair Sofia Brandt: "A dark day for the coast."\n\n'
        'Energy Minister Ingrid Halvorsen: "The decision is sound and it is final."'
    )
    result = run(text)
    brandt = by_text(result, "dark day")
    assert brandt.speaker_name == "Sofia Brandt" and brandt.kind == "direct" and brandt.cue == ""
    assert by_text(result, "decision is sound").speaker_slug == "ingrid-halvorsen"


def test_interview_answers_are_the_interviewee_questions_are_not(run):
    text = (
        "Energy Minister Ingrid Halvorsen spoke to us about the winter.\n\n"
        "Q: Will there be power cuts this winter?\n\n"
        "A: No. The reservoirs are full and the interconnectors are working.\n\n"
        "Q: And prices?\n\n"
        "A: Prices will stay where they are until the spring."
    )
    result = run(text)
    assert all("power cuts" not in s.text for s in result.statements)
    answer = by_text(result, "reservoirs are full")
    assert answer.speaker_slug == "ingrid-halvorsen" and answer.kind == "direct"
    assert by_text(result, "stay where they are").speaker_slug == "ingrid-halvorsen"


def test_quote_first_then_attribution_with_a_role_alias(nlp):
    from claims.extraction import extract

    actors = [
        ActorRecord(
            slug="coastal-guild",
            name="Coastal Guild",
            kind="organization",
            aliases=("the guild",),
            alias_kinds=("role",),
        ),
    ]
    text = (
        "The Coastal Guild met in Havnby on Saturday.\n\n"
        '"No vessel will leave port until the dispute is settled," the guild said in a statement.'
    )
    result = extract(text, published=THU, actors=actors, nlp=nlp)
    s = by_text(result, "No vessel will leave port")
    assert s.speaker_slug == "coastal-guild" and s.kind == "direct" and s.cue == "said"


def test_negated_and_hypothetical_speech_is_not_a_statement(run):
    text = "Berg declined to say whether he would resign.\n\nHalvorsen did not say that the plan was dead."
    assert run(text).statements == []


def test_via_from_a_quoting_outlet_named_before_a_common_noun(run):
    text = '"The quotas are final," Halvorsen was quoted as saying by the Daily Courant newspaper.'
    s = by_text(run(text), "quotas are final")
    assert (s.speaker_slug, s.via_slug) == ("ingrid-halvorsen", "daily-courant")


def test_an_outlets_own_expert_speaks_to_that_outlet_and_later_statements_keep_it(run):
    text = (
        '"Nobody will fish there next year," Berg, a former skipper and the Daily Courant\'s fisheries '
        "analyst, said.\n\n"
        "The quotas would be cut again in the spring, Berg added."
    )
    result = run(text)
    first, later = by_text(result, "Nobody will fish"), by_text(result, "quotas would be cut")
    assert (first.speaker_slug, first.via_slug) == ("tomas-berg", "daily-courant")
    assert later.via_slug == "daily-courant"


def test_an_organisations_own_spokesman_is_not_a_via(run):
    text = '"The fleet is safe," Berg, the Union of Fishers\' spokesman, said.'
    s = by_text(run(text), "fleet is safe")
    assert s.speaker_slug == "tomas-berg" and s.via_slug is None


def test_a_quotation_leading_into_its_attribution_reads_without_the_comma(run):
    result = run('"We gave the plan serious consideration," Tomas Berg said on Monday.')
    assert by_text(result, "serious consideration").text == "We gave the plan serious consideration"


def test_the_comma_goes_from_the_last_part_of_a_split_quotation_only(run):
    result = run('"We tried," Tomas Berg said, "and we will try again, harder," before he left.')
    s = by_text(result, "try again")
    assert s.text.endswith("harder")
