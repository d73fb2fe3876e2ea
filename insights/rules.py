"""Who may see what of insights. The dashboard, the data-use register and open data are public;
a challenge's report (participation, reviews, the ranking, the export) is for its curators."""

import rules

from challenges.rules import can_curate

rules.add_perm("insights.view_challenge_report", can_curate)
