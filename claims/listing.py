"""What the API's statement list shows, for its versioned cache (common.listcache): the tables whose
writes change it, and who sees which statements."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from actors.models import Actor
from common import listcache
from common.roles import AnyUser, is_editor
from sources.models import Article, Outlet

from .models import Proposition, Stance, Statement

STATEMENTS = "statements"


def watch_statement_lists() -> None:
    """Every table a statement's JSON (or the list's filters) reads: the statement, its stances and their
    propositions, speaker and via, article and outlet, and the reviewer's name. Columns the list neither
    shows nor filters on (an editor's claim in the review queue, the near-duplicate cluster, a login's
    time) change nothing."""
    listcache.watch(
        STATEMENTS,
        {
            Statement._meta.db_table: {"claimed_by_id", "claimed_until", "cluster_id"},
            Stance._meta.db_table: (),
            Proposition._meta.db_table: (),
            Actor._meta.db_table: (),
            Article._meta.db_table: (),
            Outlet._meta.db_table: (),
            get_user_model()._meta.db_table: {"last_login"},
        },
    )


def statement_variant(user: AnyUser) -> str:
    """Which statements a reader's lists hold: editors see every status, analysts approved ones only."""
    return "all" if is_editor(user) else "approved"
