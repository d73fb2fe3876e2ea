"""API for pilots: proposals for those who may see them, public pilots for all, and every step of
their life (submission, review, selection, running, results, participants).

As on the pages, a confidential proposal is 404 to whoever may not see it, on every address under
it, and absent from lists; a visible pilot answers 403 to a step the person may not take, and 400
with the reason to a step out of its time. Permissions are `pilots.rules`, asked with
`user.has_perm`, and every change goes through `pilots.services`.

By stage: `proposals` (the draft, KPIs, team, files, submission), `selection` (review, shortlist,
decision, evaluators' reviews) and `running` (data statement, start, updates, results,
participants, discontinuation), each a set of steps that `viewset.PilotViewSet` puts together;
`serializers` shapes the answers.
"""

from pilots.api.proposals import (
    AttachmentInputSerializer,
    KPIInputSerializer,
    PilotCreateSerializer,
    PilotUpdateSerializer,
    ProposalActions,
    VersionedInput,
)
from pilots.api.running import (
    DataStatementInputSerializer,
    OutcomeSerializer,
    ProgressUpdateInputSerializer,
    ReasonSerializer,
    ResultsInputSerializer,
    RunningActions,
    SignUpSerializer,
)
from pilots.api.selection import (
    DecisionSerializer,
    NoteSerializer,
    ReviewInputSerializer,
    ScoreInputSerializer,
    SelectionActions,
)
from pilots.api.serializers import (
    DOWNLOAD_TYPES,
    AttachmentSerializer,
    DataStatementSerializer,
    KPISerializer,
    OrganizationRefSerializer,
    ParticipantSerializer,
    PilotDetailSerializer,
    PilotSerializer,
    ProgressUpdateSerializer,
    ResultsSerializer,
    ReviewSerializer,
    ScoreSerializer,
    TeamMemberSerializer,
)
from pilots.api.viewset import PilotFilter, PilotViewSet

__all__ = [
    "DOWNLOAD_TYPES",
    "AttachmentInputSerializer",
    "AttachmentSerializer",
    "DataStatementInputSerializer",
    "DataStatementSerializer",
    "DecisionSerializer",
    "KPIInputSerializer",
    "KPISerializer",
    "NoteSerializer",
    "OrganizationRefSerializer",
    "OutcomeSerializer",
    "ParticipantSerializer",
    "PilotCreateSerializer",
    "PilotDetailSerializer",
    "PilotFilter",
    "PilotSerializer",
    "PilotUpdateSerializer",
    "PilotViewSet",
    "ProgressUpdateInputSerializer",
    "ProgressUpdateSerializer",
    "ProposalActions",
    "ReasonSerializer",
    "ResultsInputSerializer",
    "ResultsSerializer",
    "ReviewInputSerializer",
    "ReviewSerializer",
    "RunningActions",
    "ScoreInputSerializer",
    "ScoreSerializer",
    "SelectionActions",
    "SignUpSerializer",
    "TeamMemberSerializer",
    "VersionedInput",
]
