"""django-filter's FilterSet without its per-request deep copies (for the API lists asked most).

For every request a FilterSet deep-copies its declared filters, and the form that validates them
deep-copies its form fields: for the statement list's twelve filters that was 420 `copy.deepcopy`
calls, a fifth of an uncached list answer's CPU time. Neither is changed by a request: a filter keeps
nothing of one but its `parent` (the FilterSet) and `model`, which are set on each request's copies, and a
form field is only read while it validates. So each request gets shallow copies: the filters copied
one by one, their method (`FilterMethod`, which finds `parent`) made anew for each copy, and the form
fields copied as Django's `Field.__deepcopy__` copies them (the field, its widget, widget attributes,
error messages and validators), sharing only their choices, which nothing changes.
"""

from __future__ import annotations

import copy
from typing import Any

import django_filters
from django.http import QueryDict
from django_filters.filters import FilterMethod


def _filter_copy(filter_: Any) -> Any:
    copied = copy.copy(filter_)
    if filter_.method is not None:
        copied.filter = FilterMethod(copied)  # the original's would call the original's parent
    return copied


def _field_copy(field: Any) -> Any:
    copied = copy.copy(field)
    copied.widget = copy.copy(field.widget)
    copied.widget.attrs = field.widget.attrs.copy()
    copied.error_messages = field.error_messages.copy()
    copied.validators = field.validators[:]
    return copied


class _LightlyCopiedFields(dict):
    """A form class's `base_fields`, which each form's `__init__` deep-copies: lightly (see module)."""

    def __deepcopy__(self, memo: dict) -> dict:
        return {name: _field_copy(field) for name, field in self.items()}


class LightFilterSet(django_filters.FilterSet):
    """A FilterSet whose filters and form fields are copied lightly for each request (see module)."""

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        # django-filter's FilterSet.__init__, with the filters copied one by one instead of deep-copied.
        if queryset is None:
            queryset = self._meta.model._default_manager.all()
        self.is_bound = data is not None
        self.data = data or QueryDict()
        self.queryset = queryset
        self.request = request
        self.form_prefix = prefix
        self.filters = {name: _filter_copy(filter_) for name, filter_ in self.base_filters.items()}
        for filter_ in self.filters.values():
            filter_.model = queryset.model
            filter_.parent = self

    def get_form_class(self):
        """The form that validates the filters, built by the first request and kept (django-filter built
        a form class, and a form field for each filter, for every request), its fields copied lightly."""
        form = type(self).__dict__.get("_form_class")
        if form is None:
            form = super().get_form_class()
            form.base_fields = _LightlyCopiedFields(form.base_fields)
            type(self)._form_class = form
        return form
