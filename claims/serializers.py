"""Statement representations for the REST API. Writes go through claims.services, never save()."""

from __future__ import annotations

from typing import Any

from django.db import connections, router
from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from actors.models import Actor
from common.api import ErrorSerializer
from common.queries import AnyOf, CompiledQuery
from sources.text import headline_from_text

from .models import Proposition, ResuggestJob, ReviewEvent, Stance, Statement
from .selectors import ACTOR_ROW_VALUES, STATEMENT_FIELDS


class ActorRefSerializer(serializers.ModelSerializer):
    """The actor a statement names, in short: `slug` leads to the whole actor."""

    class Meta:
        model = Actor
        fields = ["id", "slug", "name", "kind", "is_confirmed"]


class EvidenceSerializer(serializers.Serializer):
    """Words that decided a suggested stance."""

    start = serializers.IntegerField(help_text="offset in the article's text (as the statement's start)")
    end = serializers.IntegerField()
    text = serializers.CharField()
    role = serializers.ChoiceField(
        choices=["topic", "anaphor", "polarity", "negation", "condition", "context"],
        help_text="topic: names the proposition; anaphor: refers back to it (“the move”); polarity: the "
        "words of the stance; negation, condition: what turns or limits them",
    )


class StanceSerializer(serializers.ModelSerializer):
    """Where the statement puts its speaker on a proposition; suggested until `is_confirmed`."""

    proposition = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    confidence = serializers.FloatField(
        read_only=True, help_text="the suggester's confidence, 0-1 (1 for stances set by an editor)"
    )
    evidence = EvidenceSerializer(
        many=True, read_only=True, help_text="the words that decided the suggestion"
    )
    reason = serializers.CharField(read_only=True, help_text="why it was suggested, in a few words")

    class Meta:
        model = Stance
        fields = ["proposition", "polarity", "origin", "confidence", "is_confirmed", "evidence", "reason"]


class ArticleRefSerializer(serializers.Serializer):
    """The article a statement is taken from, in short."""

    id = serializers.IntegerField()
    title = serializers.CharField(source="display_title")
    url = serializers.CharField()
    outlet = serializers.CharField(source="outlet.name", allow_null=True, default=None)
    published_at = serializers.DateTimeField(allow_null=True)


_DATETIME = serializers.DateTimeField()  # DRF's own formatting (ISO 8601, the current time zone, Z for UTC)


def _datetime(value, zone=None) -> str | None:
    """DRF's DateTimeField output: an aware datetime in the current time zone (`zone`, when the caller
    has looked it up once for a page), ISO 8601 with "Z" for UTC. Written out for aware values (a page
    formats 200 of them; DRF's field checks its settings and the time zone's validity for each), DRF
    itself for the rest."""
    if not value:
        return None
    if value.utcoffset() is None:
        return _DATETIME.to_representation(value)
    text = value.astimezone(zone or timezone.get_current_timezone()).isoformat()
    return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text


def _article_title(statement: Statement) -> str:
    """The article's display title; from its opening alone when the list read only that."""
    article = statement.article
    lead = getattr(statement, "article_lead", None)
    if lead is None or article.title:
        return article.display_title
    return headline_from_text(lead)


def _actor(actor: Actor | None) -> dict[str, Any] | None:
    if actor is None:
        return None
    return {
        "id": actor.pk,
        "slug": actor.slug,
        "name": actor.name,
        "kind": actor.kind,
        "is_confirmed": actor.is_confirmed,
    }


def _stance(stance: Stance) -> dict[str, Any]:
    return _stance_of(
        stance.proposition.slug,
        stance.polarity,
        stance.origin,
        stance.confidence,
        stance.is_confirmed,
        stance.evidence,
        stance.reason,
    )


def _stance_of(proposition, polarity, origin, confidence, is_confirmed, evidence, reason) -> dict[str, Any]:
    return {
        "proposition": proposition,
        "polarity": polarity,
        "origin": origin,
        "confidence": float(confidence),
        "is_confirmed": is_confirmed,
        "evidence": [
            {"start": int(e["start"]), "end": int(e["end"]), "text": str(e["text"]), "role": e["role"]}
            for e in evidence or []
        ],
        "reason": reason,
    }


# A stance as a list shows it, read as plain values (the order of `Stance.Meta.ordering`, then id).
STANCE_VALUES = (
    "proposition__slug",
    "polarity",
    "origin",
    "confidence",
    "is_confirmed",
    "evidence",
    "reason",
)


def _stances_of(*, statement_ids: list[int]):
    return (
        Stance.objects.filter(AnyOf("statement_id", statement_ids))
        .order_by(*Stance._meta.ordering, "id")
        .values("statement_id", *STANCE_VALUES)
    )


# A page's stances: the same query for every page, compiled once (building it cost more than running it).
PAGE_STANCES = CompiledQuery(_stances_of, statement_ids=[-1, -2, -3])


def stances_of(statement_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """Each statement's stances as the JSON shows them, read in one query of plain values (Django's
    prefetch made a queryset per statement and a model instance per stance and proposition)."""
    listed: dict[int, list[dict[str, Any]]] = {pk: [] for pk in statement_ids}
    if not listed:
        return listed
    ids, using = [int(pk) for pk in listed], router.db_for_read(Stance)
    # PostgreSQL takes the ids as one array parameter, so one compiled query serves every page
    postgres = connections[using].vendor == "postgresql"
    rows = PAGE_STANCES.rows(using, statement_ids=ids) if postgres else _stances_of(statement_ids=ids)
    for row in rows:
        listed[row["statement_id"]].append(_stance_of(*(row[name] for name in STANCE_VALUES)))
    return listed


class StatementListSerializer(serializers.ListSerializer):
    """A page of statements with their stances read in one query of plain values, when the page's
    statements came without them (the browsable API's list; the JSON list reads values throughout:
    `statement_rows_representation`)."""

    def to_representation(self, data):
        items = list(data.all() if hasattr(data, "all") else data)
        missing = [item for item in items if "stances" not in getattr(item, "_prefetched_objects_cache", {})]
        if missing:
            listed = stances_of([item.pk for item in missing])
            for item in missing:
                item.listed_stances = listed[item.pk]
        return [self.child.to_representation(item) for item in items]


def _actor_row(row: dict[str, Any], prefix: str) -> dict[str, Any] | None:
    pk = row[f"{prefix}_id"]
    if pk is None:
        return None
    return {"id": pk, **{name: row[f"{prefix}__{name}"] for name in ACTOR_ROW_VALUES}}


def _row_representation(row: dict[str, Any], stances: list[dict[str, Any]], zone) -> dict[str, Any]:
    """`StatementSerializer.to_representation` of a statement read by `selectors.statement_list_rows`."""
    said_on = row["said_on"]
    return {
        "id": row["id"],
        "article": {
            "id": row["article_id"],
            "title": row["article__title"] or headline_from_text(row["article_lead"] or ""),
            "url": row["article__url"],
            "outlet": row["article__outlet__name"],
            "published_at": _datetime(row["article__published_at"], zone),
        },
        "speaker": _actor_row(row, "speaker"),
        "speaker_mention": row["speaker_mention"],
        "text": row["text"],
        "kind": row["kind"],
        "cue": row["cue"],
        "said_on": said_on.isoformat() if said_on else None,
        "date_precision": row["date_precision"],
        "date_source": row["date_source"],
        "via": _actor_row(row, "via"),
        "via_mention": row["via_mention"],
        "start": row["start"],
        "end": row["end"],
        "confidence": float(row["confidence"]),
        "status": row["status"],
        "version": row["version"],
        "stances": stances,
        "reviewed_by": row["reviewed_by__username"],
        "reviewed_at": _datetime(row["reviewed_at"], zone),
        "extractor_version": row["extractor_version"],
        "created_at": _datetime(row["created_at"], zone),
        "updated_at": _datetime(row["updated_at"], zone),
    }


def statement_rows_representation(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A list page's JSON from its statements read as plain values and their stances in one more query:
    the same JSON as `StatementSerializer(many=True)` without building a model instance per statement,
    article, outlet and actor (most of an uncached page's CPU time)."""
    listed, zone = stances_of([row["id"] for row in rows]), timezone.get_current_timezone()
    return [_row_representation(row, listed[row["id"]], zone) for row in rows]


class StatementSerializer(serializers.ModelSerializer):
    """Something an actor said (quoted or reported), where and when, with its stances and review state;
    `version` is what a review decision must name."""

    # The fields below are the schema; `to_representation` writes the same JSON directly (a list of 50 is
    # the API's busiest answer, and DRF's field-by-field walk took most of its time): tests/api hold the
    # two to the same output.

    article = ArticleRefSerializer(read_only=True)
    speaker = ActorRefSerializer(read_only=True, allow_null=True)
    via = ActorRefSerializer(read_only=True, allow_null=True)
    stances = StanceSerializer(many=True, read_only=True)
    reviewed_by = serializers.StringRelatedField(allow_null=True)

    class Meta:
        model = Statement
        fields = list(STATEMENT_FIELDS)  # what the list reads is derived from the same names
        read_only_fields = fields
        list_serializer_class = StatementListSerializer

    def to_representation(self, instance: Statement) -> dict[str, Any]:
        article = instance.article
        return {
            "id": instance.pk,
            "article": {
                "id": article.pk,
                "title": _article_title(instance),
                "url": article.url,
                "outlet": article.outlet.name if article.outlet_id and article.outlet else None,
                "published_at": _datetime(article.published_at),
            },
            "speaker": _actor(instance.speaker),
            "speaker_mention": instance.speaker_mention,
            "text": instance.text,
            "kind": instance.kind,
            "cue": instance.cue,
            "said_on": instance.said_on.isoformat() if instance.said_on else None,
            "date_precision": instance.date_precision,
            "date_source": instance.date_source,
            "via": _actor(instance.via),
            "via_mention": instance.via_mention,
            "start": instance.start,
            "end": instance.end,
            "confidence": float(instance.confidence),
            "status": instance.status,
            "version": instance.version,
            "stances": listed
            if (listed := getattr(instance, "listed_stances", None)) is not None
            else [_stance(s) for s in instance.stances.all()],
            "reviewed_by": str(instance.reviewed_by)
            if instance.reviewed_by_id and instance.reviewed_by
            else None,
            "reviewed_at": _datetime(instance.reviewed_at),
            "extractor_version": instance.extractor_version,
            "created_at": _datetime(instance.created_at),
            "updated_at": _datetime(instance.updated_at),
        }

    def generic_representation(self, instance: Statement) -> dict[str, Any]:
        """What DRF's field-by-field walk gives for `instance`: the reference `to_representation` matches."""
        return dict(super().to_representation(instance))


class VersionSerializer(serializers.Serializer):
    """A review decision on the statement's current `version` (stale: 409 with the current values)."""

    version = serializers.IntegerField(
        min_value=1, help_text="The version you are deciding on (optimistic locking)"
    )
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class BulkItemSerializer(serializers.Serializer):
    """One statement of a bulk decision, at the version it is decided on."""

    id = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    version = serializers.IntegerField(min_value=1, help_text="The version you are deciding on")


class BulkDecisionSerializer(serializers.Serializer):
    """Several statements decided at once; each is checked against its own version."""

    action = serializers.ChoiceField(choices=["approve", "reject"])
    statements = BulkItemSerializer(many=True, min_length=1, max_length=500)
    reason = serializers.CharField(
        required=False, allow_blank=True, max_length=2000, help_text="for rejections"
    )

    def validate_statements(self, items):
        ids = [item["id"] for item in items]
        if len(ids) != len(set(ids)):
            raise serializers.ValidationError("Each statement may appear once.")
        return items


class BulkResultSerializer(serializers.Serializer):
    """What a bulk decision did with each statement."""

    done = serializers.ListField(child=serializers.IntegerField(), help_text="decided")
    stale = serializers.ListField(
        child=serializers.IntegerField(),
        help_text="changed since the version given: nothing saved, reload them",
    )
    missing = serializers.ListField(child=serializers.IntegerField(), help_text="no such statement")
    stances_confirmed = serializers.IntegerField(
        help_text="suggested stances confirmed with the approved statements (0 for rejections)"
    )


class StatementEditSerializer(serializers.Serializer):
    """PATCH body: `version` plus any of the editable fields. Actors are given by id."""

    version = serializers.IntegerField(min_value=1)
    speaker = serializers.PrimaryKeyRelatedField(
        queryset=Actor.objects.all(), allow_null=True, required=False
    )
    via = serializers.PrimaryKeyRelatedField(queryset=Actor.objects.all(), allow_null=True, required=False)
    text = serializers.CharField(required=False, max_length=20_000)
    kind = serializers.ChoiceField(choices=Statement.Kind.choices, required=False)
    cue = serializers.CharField(required=False, allow_blank=True, max_length=100)
    said_on = serializers.DateField(required=False, allow_null=True)
    date_precision = serializers.ChoiceField(choices=Statement.Precision.choices, required=False)
    stances = serializers.DictField(
        child=serializers.ChoiceField(choices=[("", "none"), *Stance.Polarity.choices], allow_blank=True),
        required=False,
        help_text='proposition slug → polarity, or "" to remove',
    )

    def validate_stances(self, value: dict) -> dict[int, str]:
        ids = dict(Proposition.objects.filter(slug__in=list(value)).values_list("slug", "pk"))
        unknown = sorted(set(value) - set(ids))
        if unknown:
            raise serializers.ValidationError(f"Unknown propositions: {', '.join(unknown)}")
        return {ids[slug]: polarity for slug, polarity in value.items()}

    def changes(self) -> dict:
        return {k: v for k, v in self.validated_data.items() if k != "version"}


class ReviewEventSerializer(serializers.ModelSerializer):
    """One decision on a statement: who, when, what it was before and after."""

    user = serializers.StringRelatedField(allow_null=True)

    class Meta:
        model = ReviewEvent
        fields = ["id", "action", "user", "created_at", "before", "after", "reason"]
        read_only_fields = fields


class ConflictSerializer(ErrorSerializer):
    """A 409: the statement changed since the version given, so nothing was saved."""

    current = StatementSerializer(help_text="the statement as it is now; decide again on its version")


class ResuggestJobSerializer(serializers.ModelSerializer):
    """Re-suggesting a proposition's stances on the statements already stored, after it changed."""

    class Meta:
        model = ResuggestJob
        fields = ["id", "state", "reason", "total", "done", "suggested", "error", "created_at", "finished_at"]
        read_only_fields = fields


def _phrases(help_text: str) -> serializers.ListField:
    # each a phrase matched as a whole: a list of strings, never null or other JSON; sizes are checked
    # by the service, which names the phrase that is too long
    return serializers.ListField(
        child=serializers.CharField(allow_blank=True, trim_whitespace=False),
        required=False,
        max_length=500,
        help_text=help_text,
    )


class PropositionSerializer(serializers.ModelSerializer):
    """A claim or proposal tracked: stances on it are suggested where statements name it by `title`,
    `keywords`, `aliases` or `entities`."""

    slug = serializers.SlugField(
        required=False, max_length=200, help_text="made from the title when left out; cannot be changed"
    )
    keywords = _phrases("words and phrases that signal the topic")
    aliases = _phrases("other names of the proposition itself")
    entities = _phrases("the people, bodies, places or things it involves")
    is_active = serializers.BooleanField(
        required=False, help_text="false: archived (no new suggestions); set it to archive or unarchive"
    )
    resuggestion = serializers.SerializerMethodField(
        help_text="the latest re-suggestion of its stances on stored statements (null: none yet)"
    )

    class Meta:
        model = Proposition
        fields = [
            "id",
            "slug",
            "title",
            "kind",
            "description",
            "keywords",
            "aliases",
            "entities",
            "is_active",
            "resuggestion",
        ]
        read_only_fields = ["id", "resuggestion"]
        extra_kwargs = {
            "title": {"max_length": None},  # the service checks the size and says so
            "description": {"required": False},
        }

    @extend_schema_field(ResuggestJobSerializer(allow_null=True))
    def get_resuggestion(self, proposition: Proposition):
        prefetched = getattr(proposition, "jobs_newest_first", None)  # lists prefetch them
        if prefetched is None:
            job = proposition.resuggest_jobs.order_by("-id").first()
        else:
            job = prefetched[0] if prefetched else None
        return ResuggestJobSerializer(job).data if job is not None else None


class StanceDecisionSerializer(serializers.Serializer):
    """Accept, flip or drop one stance of a statement, at the statement's version."""

    version = serializers.IntegerField(min_value=1, help_text="The version you are deciding on")
    proposition = serializers.SlugField(max_length=200, help_text="the stance's proposition (slug)")
    action = serializers.ChoiceField(
        choices=["accept", "flip", "drop"],
        help_text="accept: confirm it as suggested; flip: supports ↔ opposes, asserts ↔ denies; drop: remove it",
    )
