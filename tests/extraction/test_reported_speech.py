"""Reported speech in political-news style: cues without quotation marks and where they interrupt
or frame the content (issue 14). Composed sentences; Berg and Halvorsen are actors of conftest."""

from __future__ import annotations

import dataclasses

import pytest

from claims.extraction import reported

from .conftest import by_text


def test_parenthetical_cue_without_quotation_marks(run):
    result = run("Tomas Berg spoke in Tromsø.\n\nThe new levy, he said, would raise far less than promised.")
    s = by_text(result, "would raise far less than promised")
    assert s.text == "The new levy would raise far less than promised"
    assert (s.kind, s.cue, s.speaker_slug) == ("indirect", "said", "tomas-berg")
    assert len(s.parts) == 2


def test_parenthetical_cue_after_an_auxiliary(run):
    result = run(
        "Ingrid Halvorsen said the budget was balanced. It would also, she said, protect schools from cuts."
    )
    s = by_text(result, "protect schools from cuts")
    assert s.text == "It would also protect schools from cuts"
    assert s.speaker_slug == "ingrid-halvorsen"


def test_parenthetical_cue_with_a_quoted_tail_is_mixed(run):
    result = run(
        'Berg questioned those figures. The study, he said, had been done in October, "which is not when '
        'these businesses make their money."'
    )
    s = by_text(result, "The study had been done in October")
    assert s.kind == "mixed"


def test_parenthetical_cue_inside_a_relative_clause_is_not_a_statement_of_its_own(run):
    result = run("Berg argued that his client had relied on staff who, he said, had failed him.")
    assert [s.text for s in result.statements] == [
        "his client had relied on staff who, he said, had failed him"
    ]


def test_framing_verb_gives_the_name_as_the_statement(run):
    result = run('Tomas Berg called the plan "a gamble with the coast\'s future".')
    s = by_text(result, "a gamble")
    assert (s.text, s.kind, s.cue, s.speaker_slug) == (
        "a gamble with the coast's future",
        "direct",
        "called",
        "tomas-berg",
    )


def test_framing_participle_without_quotation_marks_is_indirect(run):
    s = by_text(run("Berg rejected the budget, calling it a betrayal of working families."), "betrayal")
    assert (s.text, s.kind, s.speaker_slug) == ("a betrayal of working families", "indirect", "tomas-berg")


def test_what_she_called(run):
    s = by_text(run("Halvorsen attacked what she called a betrayal of the coast."), "betrayal")
    assert s.text == "a betrayal of the coast" and s.speaker_slug == "ingrid-halvorsen"


def test_calling_without_a_name_given_is_no_statement(run):
    result = run("Berg called the police. The union called a strike. The minister can call the plan in.")
    assert result.statements == []


def test_framing_inside_another_statement_is_part_of_it(run):
    result = run("Berg said the money went on a new bridge, which he called a vanity project, not on fares.")
    assert len(result.statements) == 1
    assert "vanity project" in result.statements[0].text


def test_the_statement_reads(run):
    text = (
        'Berg\'s party issued a statement on Monday.\n\n"We will not support this bill," the statement reads.'
    )
    s = by_text(run(text), "We will not support this bill")
    assert (s.kind, s.cue) == ("direct", "reads")


def test_read_by_a_person_is_no_cue(run):
    assert run("Berg read the report on the train and went home.").statements == []


def test_findings_and_rulings_that(run):
    result = run(
        "The parliamentary committee found that the minister had misled parliament.\n\n"
        "The Supreme Court ruled that the law was unconstitutional."
    )
    assert by_text(result, "the minister had misled parliament").cue == "found"
    assert by_text(result, "the law was unconstitutional").cue == "ruled"


def test_a_finding_inside_someone_elses_statement_is_part_of_it(run):
    result = run("Berg said the figures showed that the scheme was failing. Halvorsen found out on Monday.")
    assert [s.cue for s in result.statements] == ["said"]


def test_reported_question_keeps_its_wh_word(run):
    s = by_text(run("Tomas Berg asked whether the minister had read the report."), "minister had read")
    assert (s.text, s.cue, s.speaker_slug) == (
        "whether the minister had read the report",
        "asked",
        "tomas-berg",
    )


def test_asked_as_a_circumstance_is_not_a_question_statement(run):
    result = run(
        "Asked whether the plan would be costed, Berg said it would be checked by the budget office."
    )
    assert [s.text for s in result.statements] == ["it would be checked by the budget office"]


def test_asking_someone_to_act_is_no_question(run):
    assert run("Berg asked the council to reconsider.").statements == []


def test_a_trailing_speaking_in_clause_is_not_content(run):
    result = run("Berg denied that the scheme had been rushed, speaking in Leeds on Monday.")
    assert [s.text for s in result.statements] == ["the scheme had been rushed"]


def test_watch_link_lines_are_not_statements(run):
    text = (
        "Berg said the budget would pass.\n\n"
        'Watch: Halvorsen says the budget is "a disgrace"\n\n'
        "The vote is on Friday."
    )
    assert [s.text for s in run(text).statements] == ["the budget would pass"]


# -- requests, gerunds, "in his view", nominal claims (issue 14, political reporting) ------------------
def _requests_switch(monkeypatch, on: bool) -> None:
    lex = dataclasses.replace(reported.lexicon(), requests_are_statements=on)
    monkeypatch.setattr(reported, "lexicon", lambda: lex)


@pytest.fixture
def requests_on(monkeypatch):
    """The data switch `requests.statements` on: requests are reported speech (the default)."""
    _requests_switch(monkeypatch, True)


@pytest.fixture
def requests_off(monkeypatch):
    """The switch off, as for a set whose annotation leaves requests out (realnews')."""
    _requests_switch(monkeypatch, False)


def test_requests_are_reported_speech_by_default(run):
    result = run(
        "Tomas Berg spoke in Tromsø.\n\nBerg urged the government to publish the full business case."
    )
    assert [s.text for s in result.statements] == ["the government to publish the full business case"]


@pytest.mark.usefixtures("requests_off")
def test_a_request_is_no_statement_with_the_switch_off(run):
    result = run(
        "Tomas Berg spoke in Tromsø.\n\nBerg urged the government to publish the full business case."
    )
    assert result.statements == []


@pytest.mark.usefixtures("requests_off")
def test_a_request_that_quotes_words_is_a_statement_with_the_switch_off(run):
    result = run(
        'Tomas Berg spoke in Tromsø.\n\nBerg called on ministers to end "this shameful neglect" of schools.'
    )
    s = by_text(result, "shameful neglect")
    assert (s.kind, s.cue) == ("mixed", "called on")


@pytest.mark.usefixtures("requests_on")
def test_urged_someone_to_act_is_a_statement_of_what_follows_the_verb(run):
    result = run(
        "Tomas Berg spoke in Tromsø.\n\nBerg urged the government to publish the full business case."
    )
    s = by_text(result, "publish the full business case")
    assert (s.text, s.cue, s.speaker_slug) == (
        "the government to publish the full business case",
        "urged",
        "tomas-berg",
    )


@pytest.mark.usefixtures("requests_on")
def test_called_for_and_called_on_keep_only_what_follows_the_particle(run):
    result = run(
        "Ingrid Halvorsen spoke in Oslo.\n\nHalvorsen called for an independent review of the traffic figures. "
        "She also called on the mayor to resign."
    )
    assert by_text(result, "independent review").text == "an independent review of the traffic figures"
    assert by_text(result, "the mayor to resign").text == "the mayor to resign"


@pytest.mark.usefixtures("requests_on")
def test_a_request_of_one_or_two_words_is_no_statement(run):
    result = run("Tomas Berg spoke in Tromsø.\n\nBerg urged caution.")
    assert result.statements == []


@pytest.mark.usefixtures("requests_on")
def test_a_request_inside_another_statement_is_part_of_it(run):
    result = run(
        "Tomas Berg spoke in Tromsø.\n\nBerg said he would urge members to respond to the consultation."
    )
    assert [s.text for s in result.statements] == ["he would urge members to respond to the consultation"]


@pytest.mark.usefixtures("requests_on")
def test_a_request_stops_at_a_colon_before_a_quotation(run):
    result = run(
        'Tomas Berg spoke in Tromsø.\n\nBerg urged drivers not to cross flooded roads: "A car floats in '
        'thirty centimetres of water."'
    )
    assert by_text(result, "flooded roads").text == "drivers not to cross flooded roads"
    assert by_text(result, "A car floats").kind == "direct"


@pytest.mark.usefixtures("requests_on")
def test_a_speech_verb_coordinated_with_a_content_clause_is_the_first_speakers(run):
    result = run(
        "Ingrid Halvorsen spoke in Oslo.\n\nHalvorsen said the offer was fair and urged unions to accept it."
    )
    assert by_text(result, "the offer was fair").text == "the offer was fair"
    assert by_text(result, "unions to accept it").speaker_slug == "ingrid-halvorsen"


def test_denied_with_a_gerund_reports_the_gerund(run):
    result = run("Tomas Berg spoke in Tromsø.\n\nBerg denied ignoring the results of the consultation.")
    s = by_text(result, "ignoring")
    assert (s.text, s.cue) == ("ignoring the results of the consultation", "denied")


def test_ruled_out_with_a_noun_phrase_or_a_gerund(run):
    result = run(
        "Tomas Berg spoke in Tromsø.\n\nBerg ruled out any deal with the far right. "
        "He also ruled out calling early elections."
    )
    assert by_text(result, "any deal").text == "any deal with the far right"
    assert by_text(result, "early elections").text == "calling early elections"


def test_a_gerund_inside_another_statement_is_part_of_it(run):
    result = run("Tomas Berg spoke in Tromsø.\n\nBerg said the committee had recommended selling the stake.")
    assert [s.text for s in result.statements] == ["the committee had recommended selling the stake"]


def test_a_pledge_after_an_introductory_phrase_takes_its_infinitive(run):
    result = run(
        "Tomas Berg spoke in Tromsø.\n\nOn the economy, Berg pledged to cut the higher rate of income tax."
    )
    assert by_text(result, "cut the higher rate").text == "to cut the higher rate of income tax"


def test_in_his_view_makes_the_next_sentence_his_statement(run):
    result = run(
        "Tomas Berg said the hiring freeze had left hospitals short of nurses. It was, in his view, a cut "
        "dressed up as prudence."
    )
    s = by_text(result, "dressed up as prudence")
    assert s.text == "It was a cut dressed up as prudence"
    assert s.speaker_slug == "tomas-berg"


def test_in_her_view_at_the_end_of_a_sentence(run):
    result = run(
        "Ingrid Halvorsen warned that a third of hospitals had made a loss. Several would need help within "
        "months, in her view."
    )
    s = by_text(result, "Several would need help")
    assert s.text == "Several would need help within months"
    assert s.speaker_slug == "ingrid-halvorsen"


def test_in_her_view_inside_a_said_clause_is_one_statement(run):
    result = run("Ingrid Halvorsen spoke in Oslo.\n\nHalvorsen said that, in her view, the plan would fail.")
    assert len(result.statements) == 1


def test_a_cue_between_a_clause_and_its_conjunct_reports_both(run):
    result = run(
        "Tomas Berg spoke in Tromsø.\n\nFootfall had dropped by a fifth, he said, and the charges would drive "
        "shoppers to the retail park."
    )
    s = by_text(result, "Footfall")
    assert s.text == "Footfall had dropped by a fifth and the charges would drive shoppers to the retail park"
    assert len(s.parts) == 2


def test_a_possessive_claim_that_is_the_holders_statement(run):
    result = run(
        "Tomas Berg spoke in Tromsø.\n\nBerg's claim that the freeze would save 300 million euros was "
        "questioned by the watchdog."
    )
    s = by_text(result, "the freeze would save")
    assert (s.text, s.speaker_slug) == ("the freeze would save 300 million euros", "tomas-berg")


def test_someone_elses_argument_inside_a_rejection_is_not_their_statement(run):
    result = run(
        "Ingrid Halvorsen spoke in Oslo.\n\nHalvorsen rejected Berg's argument that the sample had been "
        "contaminated."
    )
    assert all(s.speaker_slug != "tomas-berg" for s in result.statements)  # not Berg's own statement


def test_a_dateline_before_the_subject_is_not_the_speaker(run):
    result = run(
        "Budget row\n\nHARRISBURG — Senate Democrats on Tuesday criticised the budget, warning that hospitals "
        "could begin cutting services within weeks."
    )
    assert by_text(result, "hospitals could begin").speaker_name == "Senate Democrats"


def test_a_conjoined_accusation_keeps_the_first_cues_speaker(run):
    result = run(
        "Ingrid Halvorsen spoke in Oslo.\n\nHalvorsen said the gap was the result of changes the office had "
        "warned about, and accused the council of playing politics with health care."
    )
    assert by_text(result, "the council of playing politics").speaker_slug == "ingrid-halvorsen"


def test_said_in_a_statement_that_the_parser_hangs_on_the_noun(run):
    result = run(
        "Tomas Berg spoke in Tromsø.\n\nBerg said in a statement that he would hold consultations with all "
        "parties next week."
    )
    s = by_text(result, "consultations")
    assert s.text == "he would hold consultations with all parties next week"
    assert s.speaker_slug == "tomas-berg"


def test_told_the_addressee_a_clause_without_that(run):
    result = run(
        "Ingrid Halvorsen spoke in Oslo.\n\nHalvorsen told councillors she expected a decision from the "
        "government early in the new year."
    )
    assert (
        by_text(result, "decision").text
        == "she expected a decision from the government early in the new year"
    )


def test_a_relative_clause_on_the_addressee_is_not_content(run):
    result = run(
        "Tomas Berg spoke in Tromsø.\n\nBerg told the officials who had organised the visit nothing new."
    )
    assert result.statements == []


def test_dismissed_as_gives_what_it_was_dismissed_as(run):
    result = run("Tomas Berg spoke in Tromsø.\n\nBerg dismissed the watchdog's figures as a fantasy.")
    s = by_text(result, "fantasy")
    assert (s.text, s.cue) == ("the watchdog's figures as a fantasy", "dismissed")


# -- issue 14, political3 round: expectation with its own subject, impersonal passives, demands --
def test_an_expectation_with_a_subject_and_infinitive_is_the_speakers_statement(run):
    result = run(
        "Union leader Declan Frye expects the first walkout to take place in the second half of October."
    )
    st = by_text(result, "first walkout to take place")
    assert st.speaker_name == "Declan Frye"


def test_an_expectation_inside_a_statement_is_not_a_second_statement(run):
    result = run("The minister said she expected prices to fall by the end of the year.")
    assert len(result.statements) == 1


def test_an_impersonal_passive_with_an_agent_is_the_agents_statement(run):
    result = run("It was announced by the electoral office that turnout had reached 68 percent.")
    st = by_text(result, "turnout had reached 68 percent")
    assert st.text.startswith("turnout")
    assert "electoral office" in st.speaker_name.lower()


def test_a_personal_passive_is_no_statement_of_its_agent(run):
    result = run("The plan was criticised by the union on Monday.")
    assert result.statements == []


def test_a_demand_for_something_is_a_statement(run):
    result = run("Rory Callan demanded an emergency statement to the house before the end of the week.")
    assert by_text(result, "an emergency statement to the house").speaker_name == "Rory Callan"


def test_a_warning_whose_subject_the_parser_made_the_object_keeps_the_whole_clause(run):
    result = run(
        "Its president, Ricardo Molina, warned small businesses in rural areas would cut hours or stop hiring."
    )
    st = by_text(result, "would cut hours")
    assert st.text.startswith("small businesses in rural areas")
    assert st.speaker_name == "Ricardo Molina"


def test_a_name_the_parser_split_off_as_its_own_sentence_is_still_the_speaker(run):
    result = run(
        "Password sharing\n\n"
        "Vireo+ also said it would start charging UK customers an extra fee for each person outside "
        "their household."
    )
    assert by_text(result, "start charging UK customers").speaker_name == "Vireo+"
