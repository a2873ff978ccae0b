"""The helpers pages use to build repeated rows in Python give what the template language gave."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse, set_script_prefix
from django.utils.safestring import mark_safe

from claims.models import Statement
from common.links import path
from common.markup import day, esc
from common.queries import AnyOf
from tests.factories import StatementFactory


@pytest.mark.parametrize(
    "value", ['Ann "the Axe" O\'Neil & <Co>', 42, None, mark_safe("<b>bold</b>"), "plain"]
)
def test_esc_writes_a_value_as_a_template_variable_does(value):
    assert esc(value) == Template("{{ value }}").render(Context({"value": value}))


@override_settings(TIME_ZONE="Asia/Tokyo")
@pytest.mark.parametrize(
    "value", [date(2026, 3, 1), datetime(2026, 2, 28, 20, 0, tzinfo=UTC), None]
)  # 20:00 UTC is the next day in Tokyo
def test_day_is_the_date_filter_with_its_default(value):
    written = Template('{{ value|date:"Y-m-d"|default:"?" }}').render(Context({"value": value}))
    assert day(value, "?") == written


def test_a_path_is_what_reverse_gives_under_the_script_prefix_it_is_served_under():
    assert path("watches:button") == reverse("watches:button")
    try:
        set_script_prefix("/tracker/")
        assert path("watches:button") == reverse("watches:button") == "/tracker/notifications/watches/button/"
    finally:
        set_script_prefix("/")


@pytest.mark.django_db
def test_any_of_finds_what_in_finds_with_the_ids_as_one_parameter():
    statements = StatementFactory.create_batch(4)
    wanted = [statements[0].pk, statements[2].pk, statements[3].pk + 1000]
    with CaptureQueriesContext(connection) as captured:
        found = set(Statement.objects.filter(AnyOf("pk", wanted)).values_list("pk", flat=True))
    assert found == set(Statement.objects.filter(pk__in=wanted).values_list("pk", flat=True))
    assert found == {statements[0].pk, statements[2].pk}
    if connection.vendor == "postgresql":
        assert "= ANY(" in captured.captured_queries[0]["sql"]
    assert not Statement.objects.filter(AnyOf("pk", [])).exists()
