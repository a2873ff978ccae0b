"""`manage.py ingest`: URLs, files and standard input, in-process without a broker."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from sources.models import Article, IngestJob

from .test_jobs import OTHER_STORIES, PARAGRAPHS, page

# The command commits each job before running it, as in production: no test transaction around it.
pytestmark = pytest.mark.django_db(transaction=True)


def test_ingest_files_urls_and_stdin(tmp_path, site, allow_local_fetch, capsys, monkeypatch):
    story = tmp_path / "story.txt"
    story.write_text("Rail row\n\n" + "\n\n".join(PARAGRAPHS), encoding="utf-8")
    url = site.add("/page", page(title="Hospitals", paragraphs=OTHER_STORIES[0]))
    monkeypatch.setattr(
        "sys.stdin",
        io.TextIOWrapper(io.BytesIO(page(title="From stdin", paragraphs=OTHER_STORIES[1]).encode())),
    )
    call_command("ingest", str(story), url, "-", "--outlet", "Local Paper", "--published", "2026-02-01")
    out = capsys.readouterr().out
    assert out.count("done") == 3 and "candidate statement(s)" in out
    assert Article.objects.count() == 3
    assert set(Article.objects.values_list("outlet__name", flat=True)) == {"Local Paper"}
    assert {a.published_at.date().isoformat() for a in Article.objects.all()} == {"2026-02-01"}


def test_ingest_reports_each_failure_and_exits_nonzero(tmp_path, site, allow_local_fetch, capsys):
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\xff\xd8\xff\xe0" + b"\x00" * 64)
    with pytest.raises(CommandError, match="3 of 3"):
        call_command("ingest", str(binary), str(tmp_path / "missing.txt"), site.url("/404"))
    err = capsys.readouterr().err
    assert "photo.txt: " in err and "binary" in err
    assert "no such file" in err
    assert "HTTP 404" in err
    assert IngestJob.objects.filter(state="failed").count() == 1
