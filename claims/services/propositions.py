"""Tracked propositions: created, edited, archived and unarchived by editors (web UI and API), and loaded
from the seeds. A change that alters what the suggester reads (title, kind, description, phrases)
re-suggests the proposition's stances on the statements already stored, in a background job."""

from __future__ import annotations

import logging
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction

from common.slugs import has_letter_or_digit, slug_for, unique_slug
from common.upsert import Upserted, apply_changes, save_changes

from ..models import Proposition, ResuggestJob, title_key
from . import suggester
from .resuggest import drop_unreviewed_suggestions, start_resuggest, stop_active_jobs

log = logging.getLogger(__name__)

MAX_TITLE = 500
MAX_DESCRIPTION = 5000
MAX_PHRASE = 200
MAX_PHRASES = 100  # per list: keywords, aliases, entities
PHRASE_FIELDS = ("keywords", "aliases", "entities")
SUGGESTER_FIELDS = ("title", "kind", "description", *PHRASE_FIELDS)  # a change re-suggests
RESERVED_SLUGS = frozenset({"new", "archived", "jobs"})  # page addresses under /propositions/


class PropositionError(ValueError):
    """The proposition cannot be saved as asked; `errors` maps a field (or "" for the whole) to messages."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        self.errors = errors
        super().__init__(" ".join(m for messages in errors.values() for m in messages))


@dataclass(frozen=True)
class PropositionSaved:
    proposition: Proposition
    job: ResuggestJob | None = None  # the re-suggestion it started, if it changed what the suggester reads
    changed: tuple[str, ...] = ()


def _who(user) -> str:
    return getattr(user, "username", "") or "system"


# --- Cleaning what an editor typed ---------------------------------------------------------------


def _clean_line(value: object, *, label: str, limit: int, errors: list[str], multiline: bool = False) -> str:
    text = "" if value is None else str(value)
    if "\x00" in text:
        errors.append(f"The {label} contains NUL characters: type or paste text, not binary data.")
        return ""
    text = unicodedata.normalize("NFC", text)
    # Control characters other than line breaks and tabs are never meant; they are dropped.
    text = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch) != "Cc")
    text = (
        "\n".join(" ".join(line.split()) for line in text.strip().splitlines())
        if multiline
        else " ".join(text.split())
    )
    if len(text) > limit:
        errors.append(f"The {label} is {len(text):,} characters long; the limit is {limit:,}.")
    return text


def _clean_phrases(values: object, *, label: str, errors: list[str]) -> list[str]:
    """Phrases, one per item (a string is split into lines); blanks and repeats (any case) dropped."""
    if values is None:
        return []
    items: Iterable[Any] = values.splitlines() if isinstance(values, str) else values  # type: ignore[assignment]
    if not isinstance(items, list | tuple):
        errors.append(f"The {label} must be a list of phrases.")
        return []
    phrases: dict[str, str] = {}
    for item in items:
        if not isinstance(item, str):
            errors.append(f"Each of the {label} must be text, not {type(item).__name__}.")
            continue
        phrase = _clean_line(
            item, label=label[:-1] if label.endswith("s") else label, limit=10**9, errors=errors
        )
        if len(phrase) > MAX_PHRASE:
            errors.append(
                f"A phrase is at most {MAX_PHRASE} characters; “{phrase[:40]}…” has {len(phrase):,}: "
                "use the words that name the proposition, not a passage."
            )
            continue
        if phrase:
            phrases.setdefault(title_key(phrase), phrase)
    if len(phrases) > MAX_PHRASES:
        errors.append(f"{len(phrases):,} {label}: at most {MAX_PHRASES} are allowed.")
    return list(phrases.values())


def clean_fields(values: dict[str, Any], *, proposition_id: int | None = None) -> dict[str, Any]:
    """The fields an editor gave, cleaned (spaces, control characters, repeats) and checked for size,
    and a title against the other propositions' (`proposition_id`: the one being edited). Raises
    PropositionError naming every bad field at once."""
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, Any] = {}
    for name, value in values.items():
        problems: list[str] = []
        if name == "title":
            cleaned[name] = _clean_line(value, label="title", limit=MAX_TITLE, errors=problems)
            if not cleaned[name] and not problems:
                problems.append("A proposition needs a title: the question, as a short sentence or phrase.")
            elif not problems and not any(ch.isalnum() for ch in cleaned[name]):
                problems.append("The title needs at least one letter or digit: write the question in words.")
            elif not problems and (taken := _title_problem(cleaned[name], exclude=proposition_id)):
                problems.append(taken)
        elif name == "description":
            cleaned[name] = _clean_line(
                value, label="description", limit=MAX_DESCRIPTION, errors=problems, multiline=True
            )
        elif name == "kind":
            cleaned[name] = str(value or "")
            if cleaned[name] not in Proposition.Kind.values:
                problems.append(
                    "Choose the kind: a claim (asserted or denied) or a proposal (supported or opposed)."
                )
        elif name in PHRASE_FIELDS:
            cleaned[name] = _clean_phrases(value, label=name, errors=problems)
        else:
            problems.append(f"{name} cannot be set here.")
        if problems:
            errors[name] = problems
    if errors:
        raise PropositionError(errors)
    return cleaned


# --- Checks against the rest of the record --------------------------------------------------------


def _duplicate_message(existing: Proposition) -> str:
    if not existing.is_active:
        return (
            f"An archived proposition already asks this: “{existing.title}”. Unarchive it instead of "
            "creating a second one."
        )
    return f"A proposition already asks this: “{existing.title}” ({existing.slug})."


def _title_problem(title: str, *, exclude: int | None = None) -> str:
    """Why the title cannot be used ("" when it is free): another proposition already asks it."""
    same_title = Proposition.objects.filter(title_key=title_key(title))
    existing = (same_title.exclude(pk=exclude) if exclude is not None else same_title).first()
    return _duplicate_message(existing) if existing is not None else ""


def _check_suggestable(proposition: Proposition) -> None:
    problems = suggester.problems(proposition)
    if problems:
        raise PropositionError({"keywords": problems})


def free_slug(title: str, *, wanted: str = "") -> str:
    """A slug not yet taken (common.slugs: -2, -3… within the column), made from the slug asked for or
    the title; never one of the page names under /propositions/ ("new" becomes "new-proposition")."""
    text = wanted or title
    if slug_for(text) in RESERVED_SLUGS:
        text = f"{text} proposition"
    return unique_slug(Proposition, text)


def _save(proposition: Proposition, **kwargs) -> None:
    """Save, turning a unique-title race with another editor into the same message as the check."""
    try:
        with transaction.atomic():
            proposition.save(**kwargs)
    except IntegrityError:
        existing = Proposition.objects.filter(title_key=title_key(proposition.title)).first()
        if existing is not None and existing.pk != proposition.pk:
            raise PropositionError({"title": [_duplicate_message(existing)]}) from None
        raise


# --- Use cases -------------------------------------------------------------------------------------


@transaction.atomic
def create_proposition(
    *,
    title: str,
    kind: str,
    description: str = "",
    keywords: Iterable[str] | str = (),
    aliases: Iterable[str] | str = (),
    entities: Iterable[str] | str = (),
    slug: str = "",
    user=None,
) -> PropositionSaved:
    """A new tracked question; its stances are then suggested on the statements already stored."""
    values = clean_fields(
        {
            "title": title,
            "kind": kind,
            "description": description,
            "keywords": list(keywords) if not isinstance(keywords, str) else keywords,
            "aliases": list(aliases) if not isinstance(aliases, str) else aliases,
            "entities": list(entities) if not isinstance(entities, str) else entities,
        }
    )
    proposition = Proposition(**values)
    _check_suggestable(proposition)
    wanted = slug_for(slug) if slug and has_letter_or_digit(slug) else ""
    if slug and (not wanted or wanted in RESERVED_SLUGS or Proposition.objects.filter(slug=wanted).exists()):
        raise PropositionError(
            {"slug": [f"The slug “{slug[:60]}” is taken or not usable; leave it out to have one made."]}
        )
    proposition.slug = free_slug(values["title"], wanted=wanted)
    _save(proposition)
    job = start_resuggest(proposition=proposition, user=user, reason="created")
    log.info("%s created proposition %s", _who(user), proposition.slug)
    return PropositionSaved(proposition, job, changed=tuple(values))


@transaction.atomic
def edit_proposition(*, proposition_id: int, user=None, **changes: Any) -> PropositionSaved:
    """Change a proposition's title, kind, description or phrases. Archived ones are refused (unarchive
    first). A change to what the suggester reads re-suggests its stances on stored statements."""
    proposition = Proposition.objects.select_for_update().get(pk=proposition_id)
    if not proposition.is_active:
        raise PropositionError({"": ["This proposition is archived: unarchive it before editing it."]})
    values = clean_fields(changes, proposition_id=proposition.pk)
    changed = apply_changes(proposition, values)
    if not changed:
        return PropositionSaved(proposition)
    if "kind" in changed and proposition.stances.filter(is_confirmed=True).exists():
        raise PropositionError(
            {
                "kind": [
                    "Editors have confirmed stances on this proposition as a "
                    f"{'proposal' if proposition.kind == 'claim' else 'claim'}; changing its kind would "
                    "leave them meaning something else. Create a new proposition instead."
                ]
            }
        )
    _check_suggestable(proposition)
    _save(proposition)
    job = None
    if set(changed) & set(SUGGESTER_FIELDS):
        job = start_resuggest(proposition=proposition, user=user, reason="edited: " + ", ".join(changed))
    log.info("%s edited proposition %s: %s", _who(user), proposition.slug, ", ".join(changed))
    return PropositionSaved(proposition, job, changed=changed)


@transaction.atomic
def archive_proposition(*, proposition_id: int, user=None) -> Proposition:
    """Stop tracking a proposition: no new suggestions, its running re-suggestion stops and its
    unreviewed suggestions on pending statements are dropped. Confirmed stances stay, as do its pages."""
    proposition = Proposition.objects.select_for_update().get(pk=proposition_id)
    if not proposition.is_active:
        return proposition
    proposition.is_active = False
    proposition.save(update_fields=["is_active", "updated_at"])
    stop_active_jobs(
        proposition=proposition, state=ResuggestJob.State.CANCELLED, note="the proposition was archived"
    )
    dropped = drop_unreviewed_suggestions(proposition=proposition)
    log.info(
        "%s archived proposition %s (%d unreviewed suggestions dropped)",
        _who(user),
        proposition.slug,
        dropped,
    )
    return proposition


@transaction.atomic
def unarchive_proposition(*, proposition_id: int, user=None) -> PropositionSaved:
    """Track an archived proposition again; its stances are suggested again on stored statements."""
    proposition = Proposition.objects.select_for_update().get(pk=proposition_id)
    if proposition.is_active:
        return PropositionSaved(proposition)
    proposition.is_active = True
    proposition.save(update_fields=["is_active", "updated_at"])
    job = start_resuggest(proposition=proposition, user=user, reason="unarchived")
    log.info("%s unarchived proposition %s", _who(user), proposition.slug)
    return PropositionSaved(proposition, job, changed=("is_active",))


@transaction.atomic
def upsert_proposition(
    *,
    slug: str,
    title: str,
    kind: str,
    description: str = "",
    keywords: list[str] | None = None,
    aliases: list[str] | None = None,
    entities: list[str] | None = None,
) -> Upserted:
    """Load a proposition by slug (the seeds): created or brought up to date; a re-run changes nothing."""
    values = {
        "title": title,
        "kind": kind,
        "description": description,
        "keywords": list(keywords or []),
        "aliases": list(aliases or []),
        "entities": list(entities or []),
    }
    proposition = Proposition.objects.filter(slug=slug).first()
    if proposition is None:
        proposition = Proposition(slug=slug, **values)
        proposition.full_clean(validate_unique=False)
        proposition.save()
        return Upserted(proposition, created=True)
    changed = save_changes(proposition, values, validate=True)
    return Upserted(proposition, created=False, changed=changed)
