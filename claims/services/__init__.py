"""Operations that change statements and propositions. One function per use case, transactional."""

from .actors import confirm_actor, create_actor, merge_actor
from .extraction import ExtractionOutcome, articles_to_extract, extract_article
from .propositions import (
    PropositionError,
    PropositionSaved,
    archive_proposition,
    create_proposition,
    edit_proposition,
    unarchive_proposition,
    upsert_proposition,
)
from .resuggest import (
    ResuggestError,
    cancel_resuggest,
    resume_resuggest,
    run_resuggest_job,
    start_resuggest,
    sweep_resuggest_jobs,
)
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
from .stance_review import accept_stance, drop_stance, flip_stance

__all__ = [
    "accept_stance",
    "drop_stance",
    "flip_stance",
    "PropositionError",
    "PropositionSaved",
    "ResuggestError",
    "archive_proposition",
    "cancel_resuggest",
    "create_proposition",
    "edit_proposition",
    "resume_resuggest",
    "run_resuggest_job",
    "start_resuggest",
    "sweep_resuggest_jobs",
    "unarchive_proposition",
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
    "edit_statement",
    "extract_article",
    "last_undoable",
    "merge_actor",
    "reject_statement",
    "release_claims",
    "snapshot",
    "undo_last",
    "upsert_proposition",
]
