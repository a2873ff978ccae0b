"""`common.links.link` gives what `reverse` gives, for the routes pages repeat in their rows."""

from __future__ import annotations

from django.urls import reverse, set_script_prefix

from common.links import link


def test_a_link_is_what_reverse_gives_for_an_id_or_a_slug():
    assert link("sources:article-detail", 42) == reverse("sources:article-detail", args=[42])
    assert link("actors:actor-detail", "eve-envoy_2") == reverse("actors:actor-detail", args=["eve-envoy_2"])
    assert link("propositions:detail", "dam-7") == reverse("propositions:detail", args=["dam-7"])


def test_a_link_keeps_the_script_prefix_it_is_served_under():
    try:
        set_script_prefix("/tracker/")
        assert (
            link("actors:actor-detail", "eve")
            == "/tracker/actors/eve/"
            == reverse("actors:actor-detail", args=["eve"])
        )
    finally:
        set_script_prefix("/")
