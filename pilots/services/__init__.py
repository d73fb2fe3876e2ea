"""Every change to pilots, reviews and participants goes through here.

Each function checks *who* (a missing right is `PermissionDenied`), then *when* (the pilot's status
and the challenge's dates; a wrong moment is a `ValidationError` that says why), and writes in one
transaction with the pilot row locked, so two people acting at once are served one after the other.
Every status change is recorded as a `Transition` (who, when, from, to, note).

Time-gated functions take an optional `now` so the demo can replay a history; pages never pass it.

By stage: `proposals` (drafts, team, KPIs, attachments, submission), `selection` (review,
shortlist, decision, evaluators' reviews) and `running` (start, data statement, updates,
participants, results, discontinuation); `shared` holds the steps they have in common. Import the
services from here.
"""

from pilots.services.proposals import (
    DATA_STATEMENT_FIELDS,
    DRAFT_FIELDS,
    REQUIRED_TO_SUBMIT,
    REQUIRED_WITH_PERSONAL_DATA,
    TEAM_CHANGE_STATUSES,
    attachment_add,
    attachment_remove,
    kpi_add,
    kpi_remove,
    kpi_update,
    missing_for_submission,
    pilot_check_proposable,
    pilot_create_draft,
    pilot_submit,
    pilot_update_draft,
    team_add,
    team_member_forget,
    team_remove,
)
from pilots.services.running import (
    participant_sign_up,
    participant_withdraw,
    pilot_discontinue,
    pilot_publish_results,
    pilot_start,
    pilot_update_data_statement,
    progress_update_post,
)
from pilots.services.selection import (
    ScoreInput,
    pilot_decide,
    pilot_shortlist,
    pilot_start_review,
    review_declare_conflict,
    review_submit,
)

__all__ = [
    "DATA_STATEMENT_FIELDS",
    "DRAFT_FIELDS",
    "REQUIRED_TO_SUBMIT",
    "REQUIRED_WITH_PERSONAL_DATA",
    "TEAM_CHANGE_STATUSES",
    "ScoreInput",
    "attachment_add",
    "attachment_remove",
    "kpi_add",
    "kpi_remove",
    "kpi_update",
    "missing_for_submission",
    "participant_sign_up",
    "participant_withdraw",
    "pilot_check_proposable",
    "pilot_create_draft",
    "pilot_decide",
    "pilot_discontinue",
    "pilot_publish_results",
    "pilot_shortlist",
    "pilot_start",
    "pilot_start_review",
    "pilot_submit",
    "pilot_update_data_statement",
    "pilot_update_draft",
    "progress_update_post",
    "review_declare_conflict",
    "review_submit",
    "team_add",
    "team_member_forget",
    "team_remove",
]
