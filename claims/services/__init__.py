"""Operations that change statements and propositions. One function per use case, transactional."""

from .actors import confirm_actor, create_actor, merge_actor
from .extraction import ExtractionOutcome, articles_to_extract, extract_article, extract_articles
from .propositions import create_proposition, delete_proposition, update_proposition, upsert_proposition
from .review import (
    BulkResult,
    ReviewError,
    StaleVersion,
    approve_statement,
    bulk_decide,
    claim,
    edit_statement,
    last_undoable,
    reject_statement,
    release_claims,
    snapshot,
    undo_last,
)

__all__ = [
    "BulkResult",
    "ExtractionOutcome",
    "ReviewError",
    "StaleVersion",
    "approve_statement",
    "articles_to_extract",
    "bulk_decide",
    "claim",
    "confirm_actor",
    "create_actor",
    "create_proposition",
    "delete_proposition",
    "edit_statement",
    "extract_article",
    "extract_articles",
    "last_undoable",
    "merge_actor",
    "reject_statement",
    "release_claims",
    "snapshot",
    "undo_last",
    "update_proposition",
    "upsert_proposition",
]
