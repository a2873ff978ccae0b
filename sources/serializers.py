"""Source representations for the REST API. Writes go through sources.services, never save()."""

from __future__ import annotations

from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from common.api import NullIfBlank, SlugFromName

from .models import Article, Feed, IngestJob, Outlet


class BlankAsNullChoice(NullIfBlank, serializers.ChoiceField):
    pass


class BlankAsNullURL(NullIfBlank, serializers.URLField):
    pass


class OutletSerializer(SlugFromName, serializers.ModelSerializer):
    """A newspaper, agency, broadcaster or other publisher; `domain` matches its articles' addresses."""

    class Meta:
        model = Outlet
        fields = ["id", "slug", "name", "domain", "country", "kind"]
        read_only_fields = ["id", "slug"]


class ArticleSerializer(serializers.ModelSerializer):
    """An ingested article (without its text)."""

    outlet = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, allow_null=True, help_text="null for pasted text and files"
    )
    url = serializers.CharField(read_only=True, help_text="Empty for pasted text and files")
    canonical_url = serializers.CharField(read_only=True)

    class Meta:
        model = Article
        fields = [
            "id",
            "url",
            "canonical_url",
            "title",
            "byline",
            "outlet",
            "published_at",
            "published_source",
            "language",
            "status",
            "duplicate_of",
            "extractor_version",
            "created_at",
        ]
        read_only_fields = fields


class ArticleDetailSerializer(ArticleSerializer):
    """An ingested article with its cleaned text (statement offsets point into it)."""

    class Meta(ArticleSerializer.Meta):
        fields = [*ArticleSerializer.Meta.fields, "text"]
        read_only_fields = fields


class FeedSerializer(serializers.ModelSerializer):
    """An RSS or Atom feed polled every `poll_interval_minutes` for new articles."""

    outlet = serializers.SlugRelatedField(
        slug_field="slug", queryset=Outlet.objects.all(), allow_null=True, required=False
    )

    class Meta:
        model = Feed
        fields = [
            "id",
            "url",
            "title",
            "outlet",
            "poll_interval_minutes",
            "is_active",
            "last_polled_at",
            "next_poll_at",
            "last_status",
            "last_error",
        ]
        read_only_fields = ["id", "title", "last_polled_at", "next_poll_at", "last_status", "last_error"]
        extra_kwargs = {"poll_interval_minutes": {"min_value": 1, "max_value": 7 * 24 * 60}}


class JobSerializer(serializers.ModelSerializer):
    """An ingest job: queued, running (at `stage`), done (with its `article`) or failed (`error`)."""

    stage = BlankAsNullChoice(
        choices=IngestJob.Stage.choices, help_text="what a running job is doing; null when it is not running"
    )
    url = BlankAsNullURL(help_text="the page fetched, or the text's source; null when there is none")

    class Meta:
        model = IngestJob
        fields = [
            "id",
            "kind",
            "state",
            "stage",
            "url",
            "filename",
            "attempts",
            "error",
            "note",
            "article",
            "created_at",
            "started_at",
            "finished_at",
        ]
        read_only_fields = fields


# A date, or a timestamp whose date part is taken ("2026-03-02T09:30:00Z"), as clients send either.
DATE_OR_TIMESTAMP = ["iso-8601", "%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M:%S.%f%z"]


class IngestRequestSerializer(serializers.Serializer):
    """A page to fetch (`url`) or a text to read (`text`, with the `url` it came from if known)."""

    url = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=2000,
        help_text="an http(s) address: fetched when alone; with `text`, kept as the article's source and "
        "never fetched",
    )
    text = serializers.CharField(
        required=False, allow_blank=True, trim_whitespace=False, max_length=6_000_000
    )
    title = serializers.CharField(required=False, allow_blank=True, max_length=500)
    headline = serializers.CharField(
        required=False, allow_blank=True, max_length=500, help_text="the same as `title` (give one of them)"
    )
    outlet = serializers.CharField(required=False, allow_blank=True, max_length=200)
    published = serializers.DateField(
        required=False,
        allow_null=True,
        input_formats=DATE_OR_TIMESTAMP,
        help_text="a date, or an ISO timestamp",
    )
    date = serializers.DateField(
        required=False,
        allow_null=True,
        input_formats=DATE_OR_TIMESTAMP,
        help_text="the same as `published` (give one of them)",
    )

    def validate(self, data):
        if not data.get("url", "").strip() and not data.get("text", "").strip():
            raise ValidationError({"url": "Give a url to fetch, or a text (with its url, if you know it)."})
        # The names many clients send: taken, not silently dropped (the headline is what "the plan"
        # in a statement refers back to); the same value under both names is fine, two values are not.
        for name, synonym in (("title", "headline"), ("published", "date")):
            value = data.pop(synonym, None)
            if value in (None, "") or value == data.get(name):
                continue
            if data.get(name) not in (None, ""):
                raise ValidationError(
                    {synonym: f"`{synonym}` is another name for `{name}`: give one of them."}
                )
            data[name] = value
        return data


class JsonLdSerializer(serializers.Serializer):
    """Documents a JSON-LD object: its keys ("@type", "@id") are not Python names, so they are listed
    in `keys` (key → field) rather than declared."""

    keys: dict = {}

    def get_fields(self):
        return {key: field() for key, field in self.keys.items()}


class JsonLdAgentSerializer(JsonLdSerializer):
    """schema.org Person or Organization: who said it."""

    keys = {
        "@type": lambda: serializers.CharField(help_text="Person or Organization"),
        "@id": lambda: serializers.CharField(help_text="#actor-{slug}"),
        "name": serializers.CharField,
        "identifier": lambda: serializers.CharField(required=False, help_text="e.g. a Wikidata QID"),
        "sameAs": lambda: serializers.URLField(required=False, help_text="the Wikidata page, for a QID"),
    }


class JsonLdReferenceSerializer(JsonLdSerializer):
    """A reference to a node described elsewhere in the graph."""

    keys = {"@id": serializers.CharField}


class JsonLdOrganizationSerializer(JsonLdSerializer):
    """schema.org Organization: the outlet."""

    keys = {"@type": lambda: serializers.CharField(help_text="Organization"), "name": serializers.CharField}


class JsonLdNewsArticleSerializer(JsonLdSerializer):
    """schema.org NewsArticle: the article a quotation is taken from."""

    keys = {
        "@type": lambda: serializers.CharField(help_text="NewsArticle"),
        "headline": serializers.CharField,
        "url": lambda: serializers.CharField(required=False),
        "publisher": lambda: JsonLdOrganizationSerializer(required=False),
        "datePublished": lambda: serializers.DateField(required=False),
    }


class JsonLdQuotationSerializer(JsonLdSerializer):
    """schema.org Quotation: one approved statement."""

    keys = {
        "@type": lambda: serializers.CharField(help_text="Quotation"),
        "@id": lambda: serializers.CharField(help_text="#statement-{id}"),
        "text": serializers.CharField,
        "creator": lambda: JsonLdAgentSerializer(required=False, help_text="who said it"),
        "spokenByCharacter": lambda: JsonLdReferenceSerializer(
            required=False, help_text="the person who said it (the creator's @id)"
        ),
        "dateCreated": lambda: serializers.DateField(required=False, help_text="when it was said"),
        "isBasedOn": lambda: JsonLdNewsArticleSerializer(help_text="the article it is quoted from"),
    }


class QuotationGraphSerializer(JsonLdSerializer):
    """An article's approved statements as a JSON-LD graph of schema.org Quotations."""

    keys = {
        "@context": lambda: serializers.CharField(help_text="https://schema.org"),
        "@graph": lambda: JsonLdQuotationSerializer(many=True),
    }
