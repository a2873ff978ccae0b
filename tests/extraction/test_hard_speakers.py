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
        "DERBY, England -\n\n"
        "Norland Motors will close its Brackley Lane works by June, putting 800 jobs at risk, the company "
        "said on Monday.\n\nThe plant had lost money for five years, the company said."
    )
    assert by_text(result, "will close its Brackley").speaker_name == "Norland Motors"
    assert by_text(result, "lost money for five years").speaker_name == "Norland Motors"


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
