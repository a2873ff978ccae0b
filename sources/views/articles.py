from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from claims.selectors import PALETTE_SIZE, article_statements, highlighted_segments, speaker_colours
from common.roles import analyst_required, is_editor

from ..models import Article
from ..selectors import article_detail, article_list


@require_GET
@analyst_required
def article_index(request: HttpRequest) -> HttpResponse:
    page = Paginator(article_list(user_is_editor=is_editor(request.user)), 50).get_page(
        request.GET.get("page")
    )
    return render(request, "sources/article_list.html", {"page": page})


@require_GET
@analyst_required
def article_page(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        article = article_detail(pk)
    except Article.DoesNotExist:
        raise Http404("No such article") from None
    statements = article_statements(article, user_is_editor=is_editor(request.user))
    legend = speaker_colours(statements)
    return render(
        request,
        "sources/article_detail.html",
        {
            "article": article,
            "statements": statements,
            "legend": legend,
            "colours_repeat": len(legend) > PALETTE_SIZE,
            "segments": highlighted_segments(article.text, statements),
            "duplicates": list(article.duplicates.select_related("outlet").order_by("id")),
        },
    )
