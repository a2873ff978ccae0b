"""The review edit form: every reviewable field, with the speaker and via chosen from actors by name."""

from __future__ import annotations

from django import forms

from actors.models import Actor
from actors.names import normalize_name
from actors.selectors import actor_by_id, actor_by_name
from common.forms import IsoDateField

from .models import Stance, Statement
from .services.review import NewActor

NO_STANCE = ("", "— no stance —")


def resolve_actor(*, actor_id: int | None, text: str) -> Actor | None | str:
    """The actor the editor chose: by id from the autocomplete, else by exact name or alias.
    Returns None for an empty field and the text itself when nothing matches."""
    text = " ".join(text.split())
    if not text:
        return None
    if actor_id:
        actor = actor_by_id(actor_id)
        if actor is not None and (
            actor.name == text or normalize_name(text) in actor.aliases.values_list("normalized", flat=True)
        ):
            return actor
    actor = actor_by_name(text)
    return actor if actor is not None else text


class EditStatementForm(forms.Form):
    speaker = forms.CharField(
        required=False, max_length=300, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )
    speaker_id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    create_speaker = forms.BooleanField(required=False, label="Create a new actor with this name")
    new_speaker_kind = forms.ChoiceField(
        choices=Actor.Kind.choices, initial=Actor.Kind.PERSON, required=False, label="Kind of the new actor"
    )
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}))
    kind = forms.ChoiceField(choices=Statement.Kind.choices)
    said_on = IsoDateField(required=False, label="Said on")
    date_precision = forms.ChoiceField(choices=Statement.Precision.choices, required=False)
    via = forms.CharField(
        required=False,
        max_length=300,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        label="Via (reported through)",
    )
    via_id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    cue = forms.CharField(required=False, max_length=100)

    def __init__(self, *args, statement: Statement, propositions, **kwargs):
        self.statement = statement
        self.propositions = list(propositions)
        if not args and "initial" not in kwargs:
            kwargs["initial"] = {
                "speaker": statement.speaker.name if statement.speaker_id else statement.speaker_mention,
                "speaker_id": statement.speaker_id,
                "text": statement.text,
                "kind": statement.kind,
                "said_on": statement.said_on,
                "date_precision": statement.date_precision,
                "via": statement.via.name if statement.via_id else statement.via_mention,
                "via_id": statement.via_id,
                "cue": statement.cue,
            }
            for stance in statement.stances.all():
                kwargs["initial"][f"stance_{stance.proposition_id}"] = stance.polarity
        super().__init__(*args, **kwargs)
        for proposition in self.propositions:
            self.fields[f"stance_{proposition.pk}"] = forms.ChoiceField(
                choices=[NO_STANCE, *Stance.Polarity.choices], required=False, label=proposition.title
            )

    def stance_fields(self):
        return [self[f"stance_{p.pk}"] for p in self.propositions]

    def clean(self):
        data = super().clean()
        for name in ("speaker", "via"):
            resolved = resolve_actor(actor_id=data.get(f"{name}_id"), text=data.get(name, ""))
            current_mention = (
                self.statement.speaker_mention if name == "speaker" else self.statement.via_mention
            )
            if (
                isinstance(resolved, str)
                and getattr(self.statement, f"{name}_id") is None
                and (
                    resolved == " ".join(current_mention.split())
                    and not (name == "speaker" and data.get("create_speaker"))
                )
            ):
                resolved = None  # the unresolved mention as extracted, left as it was
            if isinstance(resolved, str) and not (name == "speaker" and data.get("create_speaker")):
                self.add_error(
                    name,
                    f"No actor is called “{resolved}”. Pick one from the list"
                    + (", or tick “create a new actor”." if name == "speaker" else "."),
                )
            data[f"{name}_actor"] = resolved
        return data

    def changes(self) -> dict:
        """The edited values. A speaker to be created is left out: see new_speaker()."""
        data = self.cleaned_data
        speaker = data["speaker_actor"]
        changes = {
            "via": data["via_actor"],
            "text": data["text"],
            "kind": data["kind"],
            "said_on": data.get("said_on"),
            "cue": data.get("cue", ""),
        }
        if not isinstance(speaker, str):
            changes["speaker"] = speaker
        if data.get("date_precision"):
            changes["date_precision"] = data["date_precision"]
        changes["stances"] = {p.pk: data.get(f"stance_{p.pk}", "") for p in self.propositions}
        return changes

    def new_speaker(self) -> NewActor | None:
        """The actor to create for a typed-in speaker; the edit service creates it inside the edit's
        transaction, so a refused edit (stale version, bad stance) leaves no orphan actor."""
        speaker = self.cleaned_data["speaker_actor"]
        if not isinstance(speaker, str):
            return None
        return NewActor(name=speaker, kind=self.cleaned_data.get("new_speaker_kind") or Actor.Kind.PERSON)


class PhrasesField(forms.CharField):
    """Phrases typed one per line; the service cleans them (blanks, repeats, sizes)."""

    widget = forms.Textarea(attrs={"rows": 3})

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list | tuple) else value


class PropositionForm(forms.Form):
    """Create or edit a tracked proposition. Sizes and phrases are checked by the service, which says
    what is wrong in words an editor can act on."""

    title = forms.CharField(
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        help_text="The question, as a short sentence: “Canada should join the carbon border levy”.",
    )
    kind = forms.ChoiceField(
        choices=[
            ("proposal", "Proposal: a course of action, supported or opposed"),
            ("claim", "Claim: a statement of fact, asserted or denied"),
        ],
        widget=forms.RadioSelect,
        initial="proposal",
    )
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    keywords = PhrasesField(
        required=False, help_text="Words and phrases that signal the topic, one per line (“border levy”)."
    )
    aliases = PhrasesField(
        required=False, help_text="Other names of the proposition itself, one per line (“the levy”, “CBAM”)."
    )
    entities = PhrasesField(
        required=False,
        help_text="The people, bodies, places or things it involves, one per line (“European Commission”).",
    )

    def values(self) -> dict:
        return {name: self.cleaned_data.get(name, "") for name in self.fields}
