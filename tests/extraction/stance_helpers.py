"""What the stance-rule tests share: a few propositions on other topics, and one call of the suggester."""

from __future__ import annotations

from claims.extraction.stances import PropositionRecord, StatementSpan, resuggest

FERRY_FEE = PropositionRecord(
    "ferry-fee", "proposal", "A landing fee for ferry passengers in Pellmouth", keywords=("landing fee",)
)
PENSION_AGE = PropositionRecord(
    "pension-age", "proposal", "Raising the state pension age to 69", keywords=("pension age",)
)
BUS_LANES = PropositionRecord(
    "bus-lanes", "proposal", "Bus lanes on the Orrin ring road", keywords=("bus lanes",)
)


def suggest_among(
    nlp, text: str, fragment: str | None = None, *, propositions: list[PropositionRecord]
) -> list[tuple[str, str]]:
    """(slug, polarity) pairs suggested for `fragment` of `text` (all of it by default)."""
    start = text.index(fragment) if fragment else 0
    end = start + len(fragment) if fragment else len(text)
    found = resuggest(
        nlp=nlp,
        text=text,
        headline="",
        statements=[StatementSpan(start, end, cue="said")],
        propositions=propositions,
    )[0]
    return [(s.proposition_slug, s.polarity) for s in found]
