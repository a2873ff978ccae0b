"""The actor page's filter options, built in Python, are what its template loop wrote."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.template import Context, Template

from claims.templatetags.statements import outlet_options, proposition_options

LOOP = (
    '{% for p in propositions %}<option value="{{ p.slug }}"{% if p.slug == chosen %} selected{% endif %}>'
    "{{ p.title|truncatechars:60 }}</option>{% endfor %}|"
    '{% for o in outlets %}<option value="{{ o.pk }}"{% if o.pk|stringformat:"s" == outlet %} selected'
    "{% endif %}>{{ o.name }}</option>{% endfor %}"
)


@pytest.mark.parametrize("chosen,outlet", [("", ""), ("dam-2", "12"), ("no-such", "x")])
def test_the_options_are_what_the_template_wrote(chosen, outlet):
    propositions = [
        SimpleNamespace(
            slug="dam-1", title='Should the <dam> be built & paid for by "the" region\'s towns?' * 2
        ),
        SimpleNamespace(slug="dam-2", title="A short one"),
    ]
    outlets = [SimpleNamespace(pk=3, name="Tom & Jerry's"), SimpleNamespace(pk=12, name="<Wire>")]
    written = Template(LOOP).render(
        Context({"propositions": propositions, "outlets": outlets, "chosen": chosen, "outlet": outlet})
    )
    assert f"{proposition_options(propositions, chosen)}|{outlet_options(outlets, outlet)}" == written
    assert ("selected" in written) == (chosen == "dam-2")


REPORTED_BY = (  # the include it replaced, templates/claims/_reported_by.html
    "{% load links %}{% if s.cluster_id %}{% with reports=s.cluster.statements.all %}"
    '{% if reports|length > 1 %}<div class="muted reported-by">Reported by {% for r in reports %}'
    "<a href=\"{% link 'sources:article-detail' r.article_id %}#s{{ r.pk }}\">"
    '{{ r.article.outlet|default:"an unnamed source" }}</a>{% if not forloop.last %}, {% endif %}'
    "{% endfor %}</div>{% endif %}{% endwith %}{% endif %}\n"
)


class _Outlet(SimpleNamespace):
    def __str__(self) -> str:
        return self.name


@pytest.mark.parametrize("reports", [0, 1, 3])
def test_reported_by_is_what_the_include_wrote(reports):
    from claims.templatetags.statements import reported_by

    outlets = [_Outlet(name="Tom & Jerry's"), None, _Outlet(name="<Wire>")]
    statements = [
        SimpleNamespace(pk=10 + n, article_id=70 + n, article=SimpleNamespace(outlet=outlets[n]))
        for n in range(reports)
    ]
    cluster = SimpleNamespace(statements=SimpleNamespace(all=lambda: statements))
    s = SimpleNamespace(cluster_id=5 if reports else None, cluster=cluster)
    assert reported_by(s) == Template(REPORTED_BY).render(Context({"s": s}))
