"""Topic detection for stance suggestions: when does a statement speak to a proposition it does not
name (sentences written for these tests; business, labour, trade and health domains)."""

from __future__ import annotations

import pytest

from claims.extraction.stances import PropositionRecord, StatementSpan, resuggest

pytestmark = pytest.mark.slow

TAKEOVER = PropositionRecord(
    "medlink-carewell", "proposal", "Allow Medlink to take over the Carewell clinic chain"
)
GIG_BILL = PropositionRecord(
    "courier-bill", "proposal", "Classify app couriers in Ostrava as employees", keywords=("courier bill",)
)
SUGAR_LEVY = PropositionRecord(
    "sugar-levy", "proposal", "Introduce a sugar levy on soft drinks", keywords=("soda tax",)
)
TILE_DUTY = PropositionRecord("tile-duty", "proposal", "Impose an anti-dumping duty on imported tiles")
CAP = PropositionRecord("salary-cap", "proposal", "Introduce a salary cap for rugby clubs")


def suggest(
    nlp, text: str, fragment: str, propositions, headline: str = "", cue: str = "said"
) -> list[tuple[str, str]]:
    start = text.index(fragment)
    found = resuggest(
        nlp=nlp,
        text=text,
        headline=headline,
        statements=[StatementSpan(start, start + len(fragment), cue=cue)],
        propositions=propositions,
    )[0]
    return [(s.proposition_slug, s.polarity) for s in found]


def test_a_synonym_of_the_titles_act_refers_back_to_it(nlp):
    """'the acquisition' names the takeover of the title, once the lead has named it."""
    text = (
        "Medlink has agreed to take over the Carewell clinic chain, the company said on Monday.\n\n"
        "Regulators will review the deal.\n\n"
        "The acquisition would be a disaster for rural patients, the union said."
    )
    fragment = "The acquisition would be a disaster for rural patients"
    assert suggest(nlp, text, fragment, [TAKEOVER]) == [("medlink-carewell", "opposes")]


def test_an_indefinite_synonym_is_any_such_act(nlp):
    """'an acquisition' is not the takeover the article is about."""
    text = (
        "Medlink has agreed to take over the Carewell clinic chain, the company said on Monday.\n\n"
        "An acquisition of that size would be a disaster for rural patients, the union said."
    )
    fragment = "An acquisition of that size would be a disaster for rural patients"
    assert suggest(nlp, text, fragment, [TAKEOVER]) == []


def test_a_keywords_head_noun_names_the_proposition(nlp):
    """The keyword 'courier bill': 'the revised bill' (a participle modifier) refers to it."""
    text = (
        "Ostrava's council backed the courier bill on Tuesday.\n\n"
        "Platforms lobbied against it for months.\n\n"
        "The revised bill remained a serious mistake, the platforms' association said."
    )
    fragment = "The revised bill remained a serious mistake"
    assert suggest(nlp, text, fragment, [GIG_BILL]) == [("courier-bill", "opposes")]


def test_a_keywords_theme_is_not_the_proposition(nlp):
    """'the couriers' are the keyword's theme (people), not the bill: no stance on the bill."""
    text = (
        "Ostrava's council backed the courier bill on Tuesday.\n\n"
        "The couriers are a disgrace to the city, the mayor said."
    )
    assert suggest(nlp, text, "The couriers are a disgrace to the city", [GIG_BILL]) == []


def test_a_synonym_of_the_titles_head_noun_refers_to_it(nlp):
    """A duty in the title: 'the tariff' (its synonym group) refers to it."""
    text = (
        "Brazil imposed an anti-dumping duty on imported tiles on Monday.\n\n"
        "The tariff is a disaster for builders, the builders' federation said."
    )
    assert suggest(nlp, text, "The tariff is a disaster for builders", [TILE_DUTY]) == [
        ("tile-duty", "opposes")
    ]


def test_a_pronoun_never_stands_for_the_noun_it_hangs_on(nlp):
    """'no quarrel with it': 'it' is not the quarrel, so it may stand for the levy the lead names."""
    from claims.extraction.stances.profile import build_profiles
    from claims.extraction.stances.topic import anaphor_candidates, refers

    doc = nlp("Exempt small producers and we will have no quarrel with it.")
    pronoun = next(c for c in anaphor_candidates(doc) if c.pronoun)
    assert pronoun.token.lower_ == "it" and pronoun.antecedent is None
    assert refers(pronoun, build_profiles([SUGAR_LEVY], nlp)[0])


def test_a_distinctive_compound_of_the_titles_head_names_it(nlp):
    """'a safeguard duty': 'the safeguard' names the duty; a common compound ('the salary') does not."""
    safeguard = PropositionRecord("steel-safeguard", "proposal", "Impose a safeguard duty on steel imports")
    text = (
        "The commission imposed a safeguard duty on steel imports on Monday.\n\n"
        "Without the safeguard, the mills will be closed by Christmas, the steelworkers' union said."
    )
    from claims.extraction.stances.profile import build_profiles
    from claims.extraction.stances.topic import anaphor_candidates, refers

    doc = nlp(text)
    found = {c.token.lower_: c for c in anaphor_candidates(doc)}
    assert refers(found["safeguard"], build_profiles([safeguard], nlp)[0])
    salary = next(c for c in anaphor_candidates(nlp("The salary is too low for most players.")))
    assert not refers(salary, build_profiles([CAP], nlp)[0])


def test_called_x_y_the_verdict_is_said_of_the_cue_verbs_object(nlp):
    """'called the plan "a betrayal"': the statement is the quoted verdict, its object 'the plan' (an
    anaphor of the closure the lead names) is outside it, on the cue verb."""
    closure = PropositionRecord("ward-closure", "proposal", "Close the maternity ward at Dunmore hospital")
    text = (
        "The health board will close the maternity ward at Dunmore hospital next spring.\n\n"
        'Councillor Sean Kiely called the plan "a betrayal of every family in the county."'
    )
    fragment = "a betrayal of every family in the county."
    assert suggest(nlp, text, fragment, [closure], cue="called") == [("ward-closure", "opposes")]


def test_a_regarding_cue_whose_object_names_something_else_takes_no_stance(nlp):
    """'called the new rota "a disaster"': the verdict is on the rota, not on the closure."""
    closure = PropositionRecord("ward-closure", "proposal", "Close the maternity ward at Dunmore hospital")
    text = (
        "The health board will close the maternity ward at Dunmore hospital next spring.\n\n"
        'The ambulance crews\' union called the new rota "a disaster for our members."'
    )
    assert suggest(nlp, text, "a disaster for our members.", [closure], cue="called") == []


def test_it_never_stands_for_a_person_named_before_it(nlp):
    """'ask the health minister to overturn it': 'it' is not the minister; it is the closure."""
    closure = PropositionRecord("ward-closure", "proposal", "Close the maternity ward at Dunmore hospital")
    text = (
        "The health board will close the maternity ward at Dunmore hospital next spring.\n\n"
        "Councillor Sean Kiely said he would urge the health minister to scrap it."
    )
    fragment = "he would urge the health minister to scrap it"
    assert suggest(nlp, text, fragment, [closure]) == [("ward-closure", "opposes")]


def test_a_verb_titled_proposition_is_named_by_its_noun(nlp):
    """'Lend public money to a club': 'the loan' refers to it (topic_words.json pairs the verb and noun)."""
    loan = PropositionRecord(
        "stadium-loan", "proposal", "Lend public money to Redbridge United for a stadium"
    )
    text = (
        "Redbridge council agreed on Friday to lend the club 40 million pounds for a stadium.\n\n"
        'Councillor Fatima Rahman said the loan was "a reckless gamble with public money."'
    )
    fragment = 'the loan was "a reckless gamble with public money."'
    assert suggest(nlp, text, fragment, [loan]) == [("stadium-loan", "opposes")]


def test_a_place_named_before_it_is_not_what_it_stands_for(nlp):
    """'accept that in a laboratory and ... accept it in my kitchen': 'it' is not the laboratory (the
    object of a preposition on a verb sets the scene), so it can stand for the proposal."""
    from claims.extraction.stances.topic import anaphor_candidates

    def antecedent(sentence: str) -> str | None:
        found = next(c for c in anaphor_candidates(nlp(sentence)) if c.pronoun and c.token.lower_ == "it")
        return found.antecedent.lower_ if found.antecedent is not None else None

    assert antecedent("I wouldn't accept that in a laboratory and I won't accept it in my kitchen.") is None
    assert antecedent("We have campaigned for a decade and we say it was a victory.") is None
    assert antecedent("The council voted for the scheme and it passed easily.") == "scheme"


def test_a_pronoun_standing_for_an_anaphor_refers_with_it(nlp):
    """'welcomed the decision, calling it "a win"': 'it' is the decision, which refers back to the
    takeover the lead names."""
    text = (
        "Medlink has agreed to take over the Carewell clinic chain, the company said on Monday.\n\n"
        'The patients\' association welcomed the decision, calling it "a win for every patient."'
    )
    fragment = "a win for every patient."
    assert suggest(nlp, text, fragment, [TAKEOVER], cue="calling") == [("medlink-carewell", "supports")]


def test_a_subject_pronoun_takes_up_a_whole_earlier_subject(nlp):
    """'A ward on a winter road is not a choice, it's a gamble': 'it' is not the road inside the
    subject phrase; with no other antecedent it refers to the closure the lead names."""
    from claims.extraction.stances.topic import anaphor_candidates

    def antecedent(sentence: str) -> str | None:
        found = [c for c in anaphor_candidates(nlp(sentence)) if c.pronoun and c.token.lower_ == "it"]
        return found[-1].antecedent.lower_ if found[-1].antecedent is not None else None

    assert antecedent("Forty kilometres on a winter road is not a choice, it's a gamble.") is None
    assert antecedent("A levy with an escape clause is still a levy, and it will still cost jobs.") == "levy"


def test_a_repeated_subject_it_is_one_thing(nlp):
    """'It costs us money, but it's a fair law': the second 'it' is the first, not the money, so it
    refers back to the courier bill the lead names."""
    text = (
        "Parliament passed the courier bill on Tuesday, classifying app couriers in Ostrava as "
        "employees.\n\n"
        "\"It costs us money, but it's a fair law and we will comply,\" the delivery firm's director said."
    )
    fragment = "It costs us money, but it's a fair law and we will comply,"
    assert suggest(nlp, text, fragment, [GIG_BILL]) == [("courier-bill", "supports")]


def test_an_anaphor_refers_to_the_claim_its_own_sentence_names(nlp):
    """'These accusations against the Orvik smelter are baseless', after a lead on another claim: the
    accusations are the ones the sentence names (the smelter's), not the lead's."""
    smelter = PropositionRecord("smelter-exceeded", "claim", "The Orvik smelter exceeded its emission limits")
    doping = PropositionRecord("tarn-doping", "claim", "The Tarn cycling team used banned blood boosters")
    text = (
        "Investigators said the Tarn cycling team used banned blood boosters at the spring races.\n\n"
        '"These accusations against the Orvik smelter are baseless," the plant manager said.'
    )
    fragment = "These accusations against the Orvik smelter are baseless,"
    assert suggest(nlp, text, fragment, [smelter, doping]) == [("smelter-exceeded", "denies")]
