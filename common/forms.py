"""Form pieces the apps share."""

from __future__ import annotations

from django import forms

ISO_DATE_HELP = "YYYY-MM-DD, e.g. 2026-03-01"


class IsoDateInput(forms.DateInput):
    """A date typed and shown as the app writes dates everywhere (2026-03-01), whatever the browser's
    locale: a native date picker would show mm/dd/yyyy to some users and dd/mm/yyyy to others."""

    input_type = "text"

    def __init__(self, attrs: dict | None = None) -> None:
        defaults = {
            "placeholder": "YYYY-MM-DD",
            "pattern": r"\d{4}-\d{2}-\d{2}",
            "inputmode": "numeric",
            "autocomplete": "off",
            "size": "10",
            "title": ISO_DATE_HELP,
        }
        super().__init__(attrs={**defaults, **(attrs or {})}, format="%Y-%m-%d")


class IsoDateField(forms.DateField):
    """A date accepted as YYYY-MM-DD only, so 03/04/2026 is never read as the wrong month."""

    widget = IsoDateInput
    input_formats = ["%Y-%m-%d"]
    default_error_messages = {"invalid": f"Enter the date as {ISO_DATE_HELP}."}
