"""Forms of the ingest and sources pages. They validate shape only; the services decide what is stored."""

from __future__ import annotations

from django import forms
from django.conf import settings

from common.forms import IsoDateField

from .models import Outlet, OutletKind

MAX_URLS = 50


class _Common(forms.Form):
    outlet = forms.CharField(required=False, max_length=200, help_text="Default: found from the page's site")
    published = IsoDateField(
        required=False, help_text="YYYY-MM-DD. Default: the page's metadata, else its dateline"
    )


class UrlForm(_Common):
    urls = forms.CharField(
        label="Addresses",
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "https://…  (one per line)"}),
        help_text=f"One web address per line, at most {MAX_URLS}.",
    )
    title = forms.CharField(required=False, max_length=500, help_text="Only for a single address")

    def clean_urls(self) -> list[str]:
        urls = list(
            dict.fromkeys(line.strip() for line in self.cleaned_data["urls"].splitlines() if line.strip())
        )
        if not urls:
            raise forms.ValidationError("Enter at least one address.")
        if len(urls) > MAX_URLS:
            raise forms.ValidationError(f"{len(urls)} addresses: submit at most {MAX_URLS} at a time.")
        return urls


class TextForm(_Common):
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 8}), strip=False, label="Article text")
    title = forms.CharField(required=False, max_length=500)
    url = forms.CharField(
        required=False,
        max_length=2000,
        label="Source address",
        widget=forms.TextInput(attrs={"placeholder": "https://…", "inputmode": "url"}),
        help_text="Where the text was published: kept as the article's source, never fetched.",
    )

    def clean_text(self) -> str:
        text = self.cleaned_data["text"]
        if not text.strip():
            raise forms.ValidationError("The text is empty.")
        if "\x00" in text:
            raise forms.ValidationError("The text contains NUL characters: paste text, not binary data.")
        return text


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def clean(self, data, initial=None):
        single = super().clean
        files = data if isinstance(data, list | tuple) else [data]
        return [single(item, initial) for item in files if item] or [single(None, initial)]


class FileForm(_Common):
    files = MultipleFileField(
        widget=MultipleFileInput(attrs={"accept": ".txt,.html,.htm,text/plain,text/html"}),
        help_text=".txt or .html files",
    )

    def clean_files(self) -> list:
        files = self.cleaned_data["files"]
        if len(files) > settings.TRACKER_UPLOAD_MAX_FILES:
            raise forms.ValidationError(
                f"{len(files)} files: upload at most {settings.TRACKER_UPLOAD_MAX_FILES} at a time."
            )
        return files


class OutletForm(forms.Form):
    """An outlet's editable fields; uniqueness is the service's (and the database's) to decide."""

    name = forms.CharField(max_length=200)
    domain = forms.CharField(
        required=False, max_length=253, help_text="e.g. example.com: pages there are credited to this outlet"
    )
    country = forms.CharField(required=False, max_length=2, help_text="Two-letter ISO code, e.g. FR")
    kind = forms.ChoiceField(choices=OutletKind.choices, initial=OutletKind.OTHER)

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError("Enter the outlet's name.")
        return name


class FeedForm(forms.Form):
    url = forms.CharField(label="Feed address", max_length=2000, help_text="An RSS or Atom feed, https://…")
    outlet = forms.ModelChoiceField(
        queryset=Outlet.objects.filter(is_active=True),
        required=False,
        empty_label="found from the feed's site",
        help_text="Articles from this feed are credited to it",
    )
    poll_interval_minutes = forms.IntegerField(
        label="Poll every (minutes)", min_value=1, max_value=7 * 24 * 60, required=False
    )
    title = forms.CharField(required=False, max_length=300, help_text="Default: the feed's own title")
