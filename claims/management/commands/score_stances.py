from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from claims.extraction import load_nlp
from claims.stance_eval import StanceSetError, load_set, predict, score


class Command(BaseCommand):
    help = (
        "Score stance suggestions on a stance set (tests/data/stances/ layout, or the seeds): extraction "
        "and suggestion run without touching the database; prints stance precision/recall and position "
        "(actor, proposition, polarity) precision/recall/F1 beside the keyword + majority-polarity baseline."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "dir", type=Path, help="The set's folder (manifest.json, articles, propositions.json)"
        )
        parser.add_argument(
            "--propositions", type=Path, help="propositions.json to use instead of the folder's own"
        )
        parser.add_argument(
            "--details",
            action="store_true",
            help="List each statement's suggestions and the positions missed or added (never on a held-back set).",
        )

    def handle(self, *args, dir: Path, propositions: Path | None, details: bool, **options):
        try:
            stance_set = load_set(dir, propositions)
        except StanceSetError as exc:
            raise CommandError(str(exc)) from None
        if not stance_set.expected and stance_set.gold is None:
            raise CommandError(
                f"{dir}: no gold.jsonl and no 'expected' positions in propositions.json: nothing to score "
                "against (for the seeds, pass --propositions ../shared/seeds/propositions.json)."
            )
        rows = predict(stance_set, load_nlp(settings.TRACKER_SPACY_MODEL))
        report = score(stance_set, rows)
        if details:
            self._details(rows)
        self._print(report)
        if (
            details
        ):  # which positions were missed names the set's actors: a held-back set shows aggregates only
            self._differences(report)

    def _details(self, rows) -> None:
        for row in rows:
            if row["stances"]:
                for slug, polarity in row["stances"].items():
                    self.stdout.write(
                        f"{row['doc']}  [{row['speaker']}] {slug}={polarity} ({row['reasons'][slug]})\n"
                        f"    {row['quote'][:160]}"
                    )

    def _print(self, report) -> None:
        self.stdout.write(
            f"statements predicted: {report['statements']}  gold positions: {report['gold_positions']}"
        )
        for name in ("suggester", "baseline"):
            part = report[name]
            line = f"{name:<10}"
            if "stances" in part:
                s = part["stances"]
                line += f" stances P={s['precision']:.3f} R={s['recall']:.3f} ({s['n']} suggested, {s['gold']} gold)"
            p = part["positions"]
            line += f"  positions P={p['precision']:.3f} R={p['recall']:.3f} F1={p['f1']:.3f} ({p['n']} predicted)"
            self.stdout.write(line)
        gain = report["suggester"]["positions"]["f1"] - report["baseline"]["positions"]["f1"]
        self.stdout.write(f"position F1 above the baseline: {gain:+.3f}")

    def _differences(self, report) -> None:
        for label, key in (("missing", "missing"), ("extra", "extra")):
            for actor, slug, polarity in report["suggester"][key]:
                self.stdout.write(f"  {label}: {actor} / {slug} / {polarity}")
