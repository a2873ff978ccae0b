"""Actors (people, organisations, states, media, groups) and the names they go by."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from common.slugs import unique_slug

from .names import normalize_name


class ActorQuerySet(models.QuerySet):
    def confirmed(self) -> ActorQuerySet:
        return self.filter(is_confirmed=True)

    def unconfirmed(self) -> ActorQuerySet:
        return self.filter(is_confirmed=False)


class ActorKind(models.TextChoices):
    PERSON = "person", "Person"
    ORGANIZATION = "organization", "Organisation"
    STATE = "state", "State"
    MEDIA = "media", "Media outlet"
    GROUP = "group", "Group"
    OTHER = "other", "Other"


class ActorGender(models.TextChoices):
    UNKNOWN = "", "Unknown"
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    OTHER = "other", "Other"


class Actor(models.Model):
    Kind = ActorKind

    Gender = ActorGender

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER)
    role = models.CharField(max_length=300, blank=True, help_text="Role or title, e.g. 'Foreign Minister'")
    affiliation = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="members"
    )
    gender = models.CharField(max_length=10, choices=Gender.choices, blank=True, default=Gender.UNKNOWN)
    description = models.TextField(blank=True)
    external_id = models.CharField(max_length=50, blank=True, help_text="e.g. a Wikidata QID such as Q7747")
    is_confirmed = models.BooleanField(
        default=True, help_text="Unconfirmed actors were created by the extractor and await an editor."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ActorQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=ActorKind.values), name="actor_kind_valid"),
            models.CheckConstraint(condition=Q(gender__in=ActorGender.values), name="actor_gender_valid"),
            models.CheckConstraint(condition=~Q(name=""), name="actor_name_present"),
            models.CheckConstraint(condition=~Q(slug=""), name="actor_slug_present"),
            models.CheckConstraint(
                condition=~Q(affiliation=models.F("id")), name="actor_not_affiliated_to_itself"
            ),
            models.UniqueConstraint(
                fields=["external_id"], condition=~Q(external_id=""), name="actor_external_id_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(type(self), self.name)
        super().save(*args, **kwargs)


class AliasKind(models.TextChoices):
    NAME = "name", "Name"
    ABBREVIATION = "abbreviation", "Abbreviation"
    ROLE = "role", "Role"
    METONYM = "metonym", "Metonym"
    MISSPELLING = "misspelling", "Misspelling"


class Alias(models.Model):
    Kind = AliasKind

    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="aliases")
    text = models.CharField(max_length=300)
    normalized = models.CharField(max_length=300, db_index=True, editable=False)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.NAME)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["actor__name", "text"]
        verbose_name_plural = "aliases"
        constraints = [
            models.UniqueConstraint(fields=["actor", "normalized"], name="alias_unique_per_actor"),
            models.CheckConstraint(condition=Q(kind__in=AliasKind.values), name="alias_kind_valid"),
            models.CheckConstraint(condition=~Q(normalized=""), name="alias_normalized_present"),
        ]

    def __str__(self) -> str:
        return f"{self.text} → {self.actor}"

    def save(self, *args, **kwargs):
        self.normalized = normalize_name(self.text)
        super().save(*args, **kwargs)
