"""A FilterSet copied lightly for each request (common.filters) behaves as django-filter's deep copies."""

from __future__ import annotations

import pytest
from django.http import QueryDict

from claims.api import StatementFilter
from claims.models import Statement

pytestmark = pytest.mark.django_db


def _filterset(query: str) -> StatementFilter:
    return StatementFilter(QueryDict(query), queryset=Statement.objects.all())


def test_each_requests_filters_are_its_own_and_call_its_methods():
    first, second = _filterset("speaker=ann"), _filterset("speaker=bob")
    for name, filter_ in first.filters.items():
        assert filter_ is not StatementFilter.base_filters[name]
        assert filter_ is not second.filters[name]
        assert filter_.parent is first and filter_.model is Statement
    speaker = first.filters["speaker"]
    assert speaker.filter.f is speaker  # its method is looked up on this request's filterset
    assert not hasattr(StatementFilter.base_filters["speaker"], "parent")


def test_each_requests_form_fields_are_its_own():
    first, second = _filterset("kind=direct"), _filterset("kind=nonsense")
    assert first.is_valid() and not second.is_valid()
    assert list(second.errors) == ["kind"] and not first.errors
    assert first.form.fields["kind"] is not second.form.fields["kind"]
    first.form.fields["kind"].widget.attrs["data-x"] = "1"
    first.form.fields["kind"].error_messages["invalid_choice"] = "changed"
    first.form.fields["kind"].validators.append(lambda value: None)
    third = _filterset("kind=direct")
    field = third.form.fields["kind"]
    assert "data-x" not in field.widget.attrs
    assert field.error_messages["invalid_choice"] != "changed"
    assert len(field.validators) == len(second.form.fields["kind"].validators)


def test_filters_still_filter_and_a_bad_value_stays_in_its_request():
    assert not _filterset("said_after=not-a-date").is_valid()
    ok = _filterset("said_after=2020-01-01&kind=direct")
    assert ok.is_valid()
    sql = str(ok.qs.query)
    assert '"said_on" >= 2020-01-01' in sql and "direct" in sql
    assert "WHERE" not in str(_filterset("").qs.query)
