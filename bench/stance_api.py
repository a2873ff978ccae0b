"""Stance suggestions end to end through the REST API (a script; never run by tests).

The product owner measures the suggester this way: a fresh site, propositions created through the API
first, each article ingested through `POST /api/v1/ingest/` (its text, the address it came from, its
headline and date), the jobs waited for, then the statements with their embedded stances read back
through the API. This script does the same on a stance set (the tests/data/stances/ layout), scores
what the API answered with the scorer `score_stances` uses (claims.stance_eval.score), and in the same
run scores the direct path (`score_stances`: extraction and suggestion in this process, no database)
as the baseline. It prints both reports in score_stances' format, the differences between the two,
and the statements whose stances differ.

A fresh PostgreSQL database (BENCH_PG, default postgres://postgres@127.0.0.1:5432; the name takes
$BENCH_DB_SUFFIX / $BENCH_DB_PREFIX as the other benchmarks do), or `--sqlite` for a temporary SQLite
file; dropped afterwards. Tasks run in-process (no broker), as under `make run`. The set's actors.json
is entered first (the direct path gets the same actors), unless `--no-actors`: then the site knows no
actor, as on the owner's fresh site, and the direct path gets none either.

Usage: .venv/bin/python bench/stance_api.py SET_DIR [--sqlite] [--no-actors] [--details]
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.databases import PG, bench_database, drop, recreate  # noqa: E402
from bench.procs import start_gunicorn  # noqa: E402

PORT = int(os.environ.get("BENCH_STANCE_API_PORT", "8093"))
BASE = f"http://127.0.0.1:{PORT}"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("set_dir", type=Path)
    parser.add_argument("--sqlite", action="store_true", help="a temporary SQLite file instead of PostgreSQL")
    parser.add_argument("--no-actors", action="store_true", help="enter no actors first (on both paths)")
    parser.add_argument(
        "--details", action="store_true", help="list the statements that differ (dev sets only)"
    )
    return parser.parse_args()


class Api:
    """A token-authenticated JSON client of the served site."""

    def __init__(self, token: str) -> None:
        self.token = token

    def call(self, method: str, path: str, body: dict | None = None) -> tuple[int, Any]:
        url = path if path.startswith("http") else BASE + path
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(url, data=data, method=method)
        request.add_header("Authorization", f"Token {self.token}")
        request.add_header("Accept", "application/json")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=600) as response:
                return response.status, json.loads(response.read() or b"null")
        except urllib.error.HTTPError as exc:
            return exc.code, json.loads(exc.read() or b"null")

    def ok(self, method: str, path: str, body: dict | None = None) -> Any:
        status, answer = self.call(method, path, body)
        if status >= 400:
            raise SystemExit(f"{method} {path}: {status} {json.dumps(answer)[:500]}")
        return answer

    def every(self, path: str) -> list[dict]:
        """All the items of a paginated list, following `next`."""
        items: list[dict] = []
        url: str | None = path
        while url:
            page = self.ok("GET", url)
            items.extend(page["results"])
            url = page.get("next")
        return items


def serve(env: dict[str, str]) -> subprocess.Popen:
    return start_gunicorn(root=ROOT, port=PORT, env=env, extra=["--timeout", "600"])


def enter_actors(set_dir: Path) -> int:
    """The set's actors.json, entered as an editor would have before (name, kind, role, aliases)."""
    from actors.models import Actor
    from actors.services import add_alias, create_actor

    path = set_dir / "actors.json"
    if not path.is_file():
        return 0
    rows = json.loads(path.read_text(encoding="utf-8")).get("actors", [])
    by_name: dict[str, Actor] = {}
    for row in rows:
        by_name[row["name"]] = create_actor(
            name=row["name"],
            kind=row.get("kind", "other"),
            role=row.get("role", "") or "",
            gender=row.get("gender", "") or "",
        )
    for row in rows:
        actor = by_name[row["name"]]
        if row.get("affiliation") in by_name:
            actor.affiliation = by_name[row["affiliation"]]
            actor.save(update_fields=["affiliation"])
        for alias in row.get("aliases", ()):
            add_alias(actor=actor, text=alias)
    return len(rows)


def wait_for_job(api: Api, location: str, timeout: float = 900) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        job = api.ok("GET", location)
        if job["state"] in ("done", "failed"):
            return job
        if time.monotonic() > deadline:
            raise SystemExit(f"{location} still {job['state']} after {timeout:.0f} s")
        time.sleep(0.3)


def through_api(api: Api, set_dir: Path) -> tuple[list[dict[str, Any]], list[str]]:
    """Propositions, then articles, through the API as the owner does; the statements read back."""
    notes: list[str] = []
    propositions = json.loads((set_dir / "propositions.json").read_text(encoding="utf-8"))["propositions"]
    for p in propositions:
        body = {
            k: p[k]
            for k in ("slug", "title", "kind", "description", "keywords", "aliases", "entities")
            if k in p
        }
        api.ok("POST", "/api/v1/propositions/", body)
    manifest = json.loads((set_dir / "manifest.json").read_text(encoding="utf-8"))["articles"]
    texts = set_dir / "articles" if (set_dir / "articles").is_dir() else set_dir
    rows: list[dict[str, Any]] = []
    for entry in manifest:
        body = {"text": (texts / entry["file"]).read_text(encoding="utf-8")}
        for key, field in (
            ("url", "url"),
            ("title", "title"),
            ("published", "published"),
            ("outlet", "outlet"),
        ):
            if entry.get(key):
                body[field] = entry[key]
        status, job = api.call("POST", "/api/v1/ingest/", body)
        if status != 202:
            raise SystemExit(f"ingest {entry['file']}: {status} {json.dumps(job)[:500]}")
        job = wait_for_job(api, f"/api/v1/jobs/{job['id']}/")
        if job["state"] != "done":
            notes.append(f"{entry['file']}: job {job['state']}: {job.get('error', '')}")
            continue
        article = api.ok("GET", f"/api/v1/articles/{job['article']}/")
        if entry.get("url") and article.get("url") != entry["url"]:
            notes.append(
                f"{entry['file']}: the article's url is {article.get('url')!r}, not {entry['url']!r}"
            )
        stored = " ".join(article.get("text", "").split())
        lost = [p for p in body["text"].split("\n\n") if p.strip() and " ".join(p.split()) not in stored]
        if lost:
            notes.append(
                f"{entry['file']}: {len(lost)} paragraphs not in the stored text, e.g. {lost[0][:80]!r}"
            )
        if entry.get("title") and article.get("title") != entry["title"]:
            notes.append(f"{entry['file']}: the article's title is {article.get('title')!r}")
        for statement in sorted(
            api.every(f"/api/v1/statements/?article={job['article']}&ordering=id"), key=lambda s: s["start"]
        ):
            speaker = statement.get("speaker") or {}
            rows.append(
                {
                    "doc": entry["file"],
                    "speaker": speaker.get("name") or statement.get("speaker_mention") or "",
                    "quote": statement["text"],
                    "stances": {s["proposition"]: s["polarity"] for s in statement["stances"]},
                    "reasons": {
                        s["proposition"]: f"{s['confidence']:.2f} {s.get('reason', '')}"
                        for s in statement["stances"]
                    },
                }
            )
    return rows, notes


def differences(direct: list[dict], api_rows: list[dict]) -> list[str]:
    """Statements found by one path only, or found by both with other speakers or stances."""
    from claims.stance_eval import match_statements

    out = []
    docs = list(dict.fromkeys([r["doc"] for r in direct] + [r["doc"] for r in api_rows]))
    for doc in docs:
        a = [r for r in direct if r["doc"] == doc]
        b = [r for r in api_rows if r["doc"] == doc]
        pairs = match_statements(a, b)
        for i, j in sorted(pairs.items()):
            if a[i]["stances"] != b[j]["stances"] or a[i]["speaker"] != b[j]["speaker"]:
                out.append(
                    f"{doc}: direct [{a[i]['speaker']}] {a[i]['stances']}  api [{b[j]['speaker']}] "
                    f"{b[j]['stances']}\n    {a[i]['quote'][:140]}"
                )
        for i in sorted(set(range(len(a))) - set(pairs)):
            out.append(f"{doc}: direct only [{a[i]['speaker']}] {a[i]['stances']}\n    {a[i]['quote'][:140]}")
        for j in sorted(set(range(len(b))) - set(pairs.values())):
            out.append(f"{doc}: api only [{b[j]['speaker']}] {b[j]['stances']}\n    {b[j]['quote'][:140]}")
    return out


def main() -> None:
    args = parse_args()
    set_dir = args.set_dir.resolve()
    tmp = tempfile.mkdtemp(prefix="stance_api_")
    db_name = bench_database("tracker_bench_stance_api")
    database_url = f"sqlite:///{tmp}/db.sqlite3" if args.sqlite else f"{PG}/{db_name}"
    os.environ["DATABASE_URL"] = database_url
    os.environ.pop("CELERY_BROKER_URL", None)  # tasks in-process, as under `make run`
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
    os.environ.setdefault("TRACKER_LOG_LEVEL", "WARNING")
    if not args.sqlite:
        recreate(db_name)
    server = None
    try:
        import django

        django.setup()
        from django.conf import settings
        from django.core.management import call_command
        from django.db import connections
        from rest_framework.authtoken.models import Token

        from claims.extraction import load_nlp
        from claims.management.commands.score_stances import Command
        from claims.stance_eval import load_set, predict, score
        from common.accounts import create_or_update_user

        call_command("migrate", verbosity=0)
        editor = create_or_update_user(username="bench-stance-editor", role="editor").user
        token = Token.objects.get(user_id=editor.pk).key
        actors = 0 if args.no_actors else enter_actors(set_dir)
        connections.close_all()
        env = {
            **os.environ,
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": "bench-" + "x" * 50,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "TRACKER_API_THROTTLE_RATE": "1000000/hour",
        }
        server = serve(env)
        started = time.monotonic()
        api_rows, notes = through_api(Api(token), set_dir)
        api_seconds = time.monotonic() - started

        stance_set = load_set(set_dir)
        if args.no_actors:
            stance_set.actors = []
        started = time.monotonic()
        direct_rows = predict(stance_set, load_nlp(settings.TRACKER_SPACY_MODEL))
        direct_seconds = time.monotonic() - started
        reports = {
            "direct (score_stances)": score(stance_set, direct_rows),
            "REST API": score(stance_set, api_rows),
        }

        load = os.getloadavg()
        print(
            f"{set_dir.name}: {len(stance_set.articles)} articles, {len(stance_set.propositions)} propositions, "
            f"{actors} actors entered first; database {'SQLite' if args.sqlite else 'PostgreSQL'}; "
            f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}"
        )
        command = Command()
        for name, report in reports.items():
            print(f"\n== {name}")
            command._print(report)
            command.stdout.flush()
        direct, via_api = reports["direct (score_stances)"]["suggester"], reports["REST API"]["suggester"]
        print("\n== REST API minus direct")
        print(
            f"statements: {reports['REST API']['statements'] - reports['direct (score_stances)']['statements']:+d}"
        )
        for part in ("stances", "positions"):
            if part in direct:
                keys = ("precision", "recall", "f1") if part == "positions" else ("precision", "recall")
                print(
                    f"{part}: "
                    + "  ".join(f"{k[0].upper()}{via_api[part][k] - direct[part][k]:+.3f}" for k in keys)
                )
        print(f"time: API path {api_seconds:.1f} s (ingest, jobs, reads), direct path {direct_seconds:.1f} s")
        for note in notes:
            print("note:", note)
        diffs = differences(direct_rows, api_rows)
        print(f"statements that differ between the paths: {len(diffs)}")
        for line in diffs if args.details else []:  # their words: never listed for a held-back set
            print("  " + line)
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
        if not args.sqlite:
            from django.apps import apps

            if apps.ready:
                from django.db import connections

                connections.close_all()
            drop(db_name)


if __name__ == "__main__":
    main()
