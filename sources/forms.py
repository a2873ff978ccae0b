"""Forms of the ingest page. They validate shape only; the services decide what becomes a job."""

from __future__ import annotations

from django import forms
from django.conf import settings

MAX_URLS = 50


class _Common(forms.Form):
    outlet = forms.CharField(required=False, max_length=200, help_text="Default: found from the page's site")
    published = forms.DateField(
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="Default: the page's metadata, else its dateline",
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
