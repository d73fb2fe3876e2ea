"""Pages for proposals, reviews, selection and running pilots: parse, check, call a service, render.

A confidential proposal answers 404 to whoever may not see it, on every address under it, so its
existence is not given away; a visible pilot answers 403 to an action the person may not take.

By stage: `proposals` (the draft, team, KPIs, files, submission), `selection` (reviews, ranking,
decisions) and `running` (start, data statement, updates, results, participants); `page` is the
pilot's own page and finds the pilot for all of them.
"""

from pilots.views.page import pilot_detail
from pilots.views.proposals import (
    attachment_add,
    attachment_download,
    attachment_remove,
    kpi_add,
    kpi_edit,
    kpi_remove,
    pilot_create,
    pilot_edit,
    pilot_submit,
    team_add,
    team_remove,
)
from pilots.views.running import (
    data_statement,
    participate,
    pilot_discontinue,
    pilot_results,
    pilot_start,
    progress_update_create,
    withdraw,
)
from pilots.views.selection import decide, ranking, review, review_conflict

__all__ = [
    "attachment_add",
    "attachment_download",
    "attachment_remove",
    "data_statement",
    "decide",
    "kpi_add",
    "kpi_edit",
    "kpi_remove",
    "participate",
    "pilot_create",
    "pilot_detail",
    "pilot_discontinue",
    "pilot_edit",
    "pilot_results",
    "pilot_start",
    "pilot_submit",
    "progress_update_create",
    "ranking",
    "review",
    "review_conflict",
    "team_add",
    "team_remove",
    "withdraw",
]
