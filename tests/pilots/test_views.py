"""The pages: confidentiality, the team's, the evaluator's and the curators' ways through, the
public pilot page, and list pages pinned to a fixed number of queries."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from challenges.models import Phase
from pilots.models import Participant, Pilot, Review, Score
from tests.accounts.factories import MembershipFactory, OrganizationFactory, UserFactory
from tests.pilots.factories import (
    ParticipantFactory,
    PilotFactory,
    ProgressUpdateFactory,
    ReviewFactory,
    TeamMemberFactory,
)


def page(response) -> str:
    return response.content.decode()


def messages_of(response) -> list[str]:
    return [str(message) for message in response.wsgi_request._messages]


def proposal_form_data(pilot=None, **changes) -> dict:
    data = {
        "title": "Shared commuting routes",
        "summary": "Neighbours share rides.",
        "problem": "Full buses.",
        "solution": "Shared routes.",
        "partners": "",
        "test_site": "Keilaniemi",
        "schedule": "Autumn",
        "budget_requested": "15000",
        "city_needs": "",
        "resident_involvement": "Residents test it.",
        "capacity": "20",
        "collects_personal_data": "on",
        "personal_data": "Names",
        "data_subjects": "Riders",
        "data_purpose": "Matching",
        "legal_basis": "consent",
        "data_retention": "Six months",
        "data_contact": "privacy@example.org",
    }
    if pilot is not None:
        data["version"] = str(pilot.version)
    data.update(changes)
    return data


# --- Confidentiality --------------------------------------------------------------------------


class TestConfidentiality:
    @pytest.fixture
    def people(self, curator, evaluator, organization):
        team = MembershipFactory(organization=organization).user
        return {
            "team": team,
            "curator": curator,
            "evaluator": evaluator,
            "administrator": UserFactory(is_superuser=True, is_staff=True),
            "other_org": MembershipFactory(organization=OrganizationFactory()).user,
            "colleague": MembershipFactory(
                organization=organization
            ).user,  # same organization, not on the team
            "resident": UserFactory(),
            "official": UserFactory(is_official=True),
            "visitor": None,
        }

    @pytest.mark.parametrize("status", ["submitted", "in_review", "shortlisted", "declined"])
    def test_a_proposal_is_seen_by_team_curators_evaluators_and_administrators_only(
        self, client, make_challenge, organization, people, status
    ):
        pilot = PilotFactory(
            challenge=make_challenge(Phase.EVALUATION),
            organization=organization,
            created_by=people["team"],
            status=status,
            title="Secret commuting plan",
        )
        for role, user in people.items():
            client.logout()
            if user:
                client.force_login(user)
            response = client.get(f"/en/pilots/{pilot.pk}/")
            seen = role in {"team", "curator", "evaluator", "administrator"}
            assert response.status_code == (200 if seen else 404), role
            assert ("Secret commuting plan" in page(response)) is seen, role
            # Every address under the proposal answers the same for those who may not see it.
            if not seen:
                assert client.get(f"/en/pilots/{pilot.pk}/review/").status_code in (302, 404)
                assert client.post(f"/en/pilots/{pilot.pk}/submit/").status_code in (302, 404)
                assert client.get(f"/en/pilots/{pilot.pk}/edit/").status_code in (302, 404)
                if user:
                    assert client.get(f"/en/pilots/{pilot.pk}/review/").status_code == 404
                    assert (
                        client.post(f"/en/pilots/{pilot.pk}/team/", {"email": user.email}).status_code == 404
                    )
                    assert (
                        client.post(f"/en/pilots/{pilot.pk}/decide/", {"action": "accept"}).status_code == 404
                    )

    def test_a_draft_is_the_teams_alone(self, client, challenge, curator, evaluator):
        pilot = PilotFactory(challenge=challenge)
        for user in (curator, evaluator):
            client.force_login(user)
            assert client.get(f"/en/pilots/{pilot.pk}/").status_code == 404
        client.force_login(pilot.created_by)
        assert client.get(f"/en/pilots/{pilot.pk}/").status_code == 200

    def test_an_accepted_pilot_is_public(self, client, make_challenge):
        pilot = PilotFactory(challenge=make_challenge(Phase.PILOTING), status="accepted", title="Open pilot")
        response = client.get(f"/en/pilots/{pilot.pk}/")
        assert response.status_code == 200 and "Open pilot" in page(response)
        assert "Confidential" not in page(response)

    def test_no_list_shows_a_proposal_to_those_who_may_not_see_it(self, client, make_challenge, resident):
        challenge = make_challenge(Phase.PILOTING)
        PilotFactory(challenge=challenge, status="running", title="Public running pilot")
        for status in ("draft", "submitted", "in_review", "shortlisted", "declined"):
            PilotFactory(challenge=challenge, status=status, title=f"Hidden {status}")
        for user in (None, resident):
            if user:
                client.force_login(user)
            content = page(client.get(f"/en/challenges/{challenge.slug}/"))
            assert "Public running pilot" in content and "Hidden" not in content
            assert client.get(f"/en/challenges/{challenge.slug}/proposals/").status_code in (302, 404)
        content = page(client.get("/en/accounts/profile/"))
        assert "Hidden" not in content


# --- The team ---------------------------------------------------------------------------------


class TestProposing:
    def test_write_a_draft_then_submit_it(self, client, challenge, organization, org_member):
        client.force_login(org_member)
        response = client.get(f"/en/challenges/{challenge.slug}/propose/")
        assert response.status_code == 200 and organization.name in page(response)
        response = client.post(
            f"/en/challenges/{challenge.slug}/propose/",
            proposal_form_data(organization=str(organization.pk)),
        )
        pilot = Pilot.objects.get()
        assert response.status_code == 302 and response["Location"] == f"/en/pilots/{pilot.pk}/"
        assert (pilot.organization, pilot.status) == (organization, "draft")
        client.post(f"/en/pilots/{pilot.pk}/kpis/", {"name": "Trips", "unit": "trips", "target": "100"})
        assert pilot.kpis.count() == 1
        response = client.post(f"/en/pilots/{pilot.pk}/submit/", follow=True)
        pilot.refresh_from_db()
        assert pilot.status == "submitted"
        assert "Your proposal was submitted" in page(response)

    def test_a_group_of_residents_proposes_without_an_organization(self, client, challenge, resident):
        client.force_login(resident)
        client.post(f"/en/challenges/{challenge.slug}/propose/", proposal_form_data(organization=""))
        assert Pilot.objects.get().organization is None

    def test_someone_elses_organization_is_not_a_choice(self, client, challenge, organization, resident):
        client.force_login(resident)
        response = client.post(
            f"/en/challenges/{challenge.slug}/propose/", proposal_form_data(organization=str(organization.pk))
        )
        assert response.status_code == 200 and "Select a valid choice" in page(response)
        assert not Pilot.objects.exists()

    def test_a_budget_over_the_maximum_is_explained_on_the_form(self, client, challenge, resident):
        client.force_login(resident)
        response = client.post(
            f"/en/challenges/{challenge.slug}/propose/", proposal_form_data(budget_requested="25000")
        )
        assert response.status_code == 200
        assert "The most this challenge gives a pilot is 20,000 €" in page(response)
        assert not Pilot.objects.exists()

    def test_after_the_deadline_the_form_says_so(self, client, make_challenge, resident):
        challenge = make_challenge(Phase.EVALUATION)
        client.force_login(resident)
        response = client.get(f"/en/challenges/{challenge.slug}/propose/")
        assert response.status_code == 302
        assert any("closed on" in text for text in messages_of(response))
        client.post(f"/en/challenges/{challenge.slug}/propose/", proposal_form_data())
        assert not Pilot.objects.exists()

    def test_visitors_are_asked_to_log_in(self, client, challenge):
        response = client.get(f"/en/challenges/{challenge.slug}/propose/")
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]

    def test_submission_after_the_deadline_keeps_the_draft(self, client, make_challenge):
        pilot = PilotFactory(challenge=make_challenge(Phase.EVALUATION))
        client.force_login(pilot.created_by)
        response = client.post(f"/en/pilots/{pilot.pk}/submit/", follow=True)
        assert "Proposals for this challenge closed on" in page(response)
        pilot.refresh_from_db()
        assert pilot.status == "draft"

    def test_a_stale_edit_is_refused_and_the_other_save_stays(self, client, challenge):
        pilot = PilotFactory(challenge=challenge, title="Original")
        colleague = TeamMemberFactory(pilot=pilot).user
        stale = proposal_form_data(pilot, title="Colleague's title")
        client.force_login(pilot.created_by)
        response = client.post(
            f"/en/pilots/{pilot.pk}/edit/", proposal_form_data(pilot, title="Lead's title")
        )
        assert response.status_code == 302
        client.force_login(colleague)
        response = client.post(f"/en/pilots/{pilot.pk}/edit/", stale)
        assert response.status_code == 409
        assert "Someone else saved this proposal in the meantime" in page(response)
        assert "Colleague&#x27;s title" in page(response)  # what they typed is still on the form
        pilot.refresh_from_db()
        assert (pilot.title, pilot.version) == ("Lead's title", 2)

    def test_the_draft_page_says_what_is_missing(self, client, challenge):
        pilot = PilotFactory(challenge=challenge, problem="", kpis=0)
        client.force_login(pilot.created_by)
        content = page(client.get(f"/en/pilots/{pilot.pk}/"))
        assert "Still to fill in before you submit: problem, a KPI with a target." in content

    def test_leaving_a_confidential_team_leads_to_the_profile(self, client, challenge):
        pilot = PilotFactory(challenge=challenge)
        member = TeamMemberFactory(pilot=pilot)
        client.force_login(member.user)
        response = client.post(f"/en/pilots/{pilot.pk}/team/{member.pk}/remove/")
        assert response["Location"] == "/en/accounts/profile/"
        assert client.get(f"/en/pilots/{pilot.pk}/").status_code == 404

    def test_the_edit_form_carries_the_version(self, client, challenge):
        pilot = PilotFactory(challenge=challenge, version=7)
        client.force_login(pilot.created_by)
        assert 'name="version" value="7"' in page(client.get(f"/en/pilots/{pilot.pk}/edit/"))

    def test_outsiders_cannot_edit(self, client, make_challenge, curator):
        pilot = PilotFactory(challenge=make_challenge(Phase.EVALUATION), status="submitted")
        client.force_login(curator)  # sees it, may not edit it
        assert client.get(f"/en/pilots/{pilot.pk}/edit/").status_code == 403
        assert client.post(f"/en/pilots/{pilot.pk}/edit/", proposal_form_data(pilot)).status_code == 403

    def test_team_members_are_added_and_removed(self, client, challenge):
        pilot = PilotFactory(challenge=challenge)
        newcomer = UserFactory(name="Nea Newcomer")
        client.force_login(pilot.created_by)
        response = client.post(f"/en/pilots/{pilot.pk}/team/", {"email": newcomer.email}, follow=True)
        assert "Nea Newcomer joined the team" in page(response)
        member = pilot.team_members.get(user=newcomer)
        client.post(f"/en/pilots/{pilot.pk}/team/{member.pk}/remove/")
        assert not pilot.team_members.filter(user=newcomer).exists()


# --- Reviews ----------------------------------------------------------------------------------


class TestReviewing:
    @pytest.fixture
    def pilot(self, evaluation_challenge):
        return PilotFactory(challenge=evaluation_challenge, status="in_review")

    def scores(self, pilot, value="4"):
        data = {"comment": "Overall fine"}
        for criterion in pilot.challenge.criteria.all():
            data[f"score_{criterion.pk}"] = value
            data[f"comment_{criterion.pk}"] = f"About {criterion.name}"
        return data

    def test_conflict_first_then_scores_then_once_only(self, client, pilot, evaluator):
        client.force_login(evaluator)
        url = f"/en/pilots/{pilot.pk}/review/"
        content = page(client.get(url))
        assert "conflict of interest" in content and "score_" not in content
        assert client.post(url, {"conflict": "no"}).status_code == 302
        content = page(client.get(url))
        assert "Impact: score" in content and "Feasibility: score" in content

        bad = self.scores(pilot)
        bad[f"score_{pilot.challenge.criteria.first().pk}"] = "6"
        response = client.post(url, bad)
        assert response.status_code == 400 and "Select a valid choice" in page(response)
        assert not Score.objects.exists()

        assert client.post(url, self.scores(pilot, "4")).status_code == 302
        review = Review.objects.get()
        assert review.submitted_at and set(review.scores.values_list("score", flat=True)) == {4}

        response = client.post(url, self.scores(pilot, "0"))
        assert response.status_code == 400
        assert "already reviewed" in " ".join(messages_of(response))
        assert set(review.scores.values_list("score", flat=True)) == {4}

    def test_a_declared_conflict_ends_the_review(self, client, pilot, evaluator):
        client.force_login(evaluator)
        response = client.post(f"/en/pilots/{pilot.pk}/review/", {"conflict": "yes", "note": "My brother"})
        assert response.status_code == 302
        response = client.post(f"/en/pilots/{pilot.pk}/review/", self.scores(pilot))
        assert "cannot score" in " ".join(messages_of(response))
        assert not Score.objects.exists() and Review.objects.get().conflict_of_interest

    def test_before_proposals_close_the_score_form_waits(self, client, challenge, evaluator):
        pilot = PilotFactory(challenge=challenge, status="in_review")
        ReviewFactory(pilot=pilot, evaluator=evaluator, submitted_at=None)
        client.force_login(evaluator)
        content = page(client.get(f"/en/pilots/{pilot.pk}/review/"))
        assert "Scoring opens when proposals close" in content
        response = client.post(f"/en/pilots/{pilot.pk}/review/", self.scores(pilot))
        assert "Scoring opens when proposals close" in page(response)
        assert not Score.objects.exists()

    @pytest.mark.parametrize("who", ["curator", "resident", "official"])
    def test_only_evaluators_review(self, client, request, pilot, who):
        client.force_login(request.getfixturevalue(who))
        assert client.get(f"/en/pilots/{pilot.pk}/review/").status_code in (403, 404)
        client.post(f"/en/pilots/{pilot.pk}/review/", {"conflict": "no"})
        assert not Review.objects.exists()


# --- The curators -----------------------------------------------------------------------------


class TestRankingAndDecisions:
    def test_the_ranking_page_for_curators_only(
        self, client, evaluation_challenge, curator, evaluator, resident
    ):
        PilotFactory(challenge=evaluation_challenge, status="submitted", title="Ranked one")
        url = f"/en/challenges/{evaluation_challenge.slug}/proposals/"
        assert client.get(url).status_code == 302  # log in first
        for outsider in (evaluator, resident, UserFactory(is_official=True)):
            client.force_login(outsider)
            assert client.get(url).status_code == 404
        client.force_login(curator)
        response = client.get(url)
        assert response.status_code == 200 and "Ranked one" in page(response)

    def test_the_ranking_page_costs_the_same_for_3_or_13_proposals(
        self, client, evaluation_challenge, curator, django_assert_max_num_queries
    ):
        impact = evaluation_challenge.criteria.get(name="Impact")
        feasibility = evaluation_challenge.criteria.get(name="Feasibility")

        def add(count):
            for n in range(count):
                pilot = PilotFactory(
                    challenge=evaluation_challenge, status="in_review", organization=OrganizationFactory()
                )
                ReviewFactory(pilot=pilot, scores={impact: n % 6, feasibility: 3})
                pilot.transitions.create(from_status="submitted", to_status="in_review", actor=curator)

        client.force_login(curator)
        add(3)
        url = f"/en/challenges/{evaluation_challenge.slug}/proposals/"
        # Ten, and one more for the unread count of the bell in the header.
        with django_assert_max_num_queries(11):
            assert client.get(url).status_code == 200
        add(10)
        with django_assert_max_num_queries(11):
            response = client.get(url)
        assert page(response).count('class="badge pilot-status') == 13

    def test_decline_without_a_reason_is_refused_then_the_team_reads_it(
        self, client, evaluation_challenge, curator
    ):
        pilot = PilotFactory(challenge=evaluation_challenge, status="in_review", title="Chatbot")
        ReviewFactory(pilot=pilot, scores=dict.fromkeys(evaluation_challenge.criteria.all(), 1))
        ranking = f"/en/challenges/{evaluation_challenge.slug}/proposals/"
        client.force_login(curator)
        response = client.post(
            f"/en/pilots/{pilot.pk}/decide/", {"action": "decline", "reason": "", "next": ranking}
        )
        assert response["Location"] == ranking
        assert "Tell the team why" in " ".join(messages_of(response))
        pilot.refresh_from_db()
        assert pilot.status == "in_review"
        client.post(f"/en/pilots/{pilot.pk}/decide/", {"action": "decline", "reason": "Only in English."})
        pilot.refresh_from_db()
        assert pilot.status == "declined"

        client.force_login(pilot.created_by)
        content = page(client.get(f"/en/pilots/{pilot.pk}/"))
        assert "Only in English." in content
        assert "Weighted average 1.00 / 5 from 1 review" in content
        assert "below the minimum" in content  # Impact 1 < 2
        assert "History" not in content  # the curators' history and reviews stay theirs

    def test_curators_move_proposals_along_and_see_the_history(self, client, evaluation_challenge, curator):
        pilot = PilotFactory(challenge=evaluation_challenge, status="submitted")
        client.force_login(curator)
        for action, status in (
            ("start_review", "in_review"),
            ("shortlist", "shortlisted"),
            ("accept", "accepted"),
        ):
            client.post(f"/en/pilots/{pilot.pk}/decide/", {"action": action, "reason": ""})
            pilot.refresh_from_db()
            assert pilot.status == status
        response = client.post(f"/en/pilots/{pilot.pk}/decide/", {"action": "shortlist"})
        assert "Only a proposal in review can be shortlisted" in " ".join(messages_of(response))
        content = page(client.get(f"/en/challenges/{evaluation_challenge.slug}/proposals/"))
        assert "Shortlisted → Accepted" in content and curator.display_name in content

    def test_the_team_cannot_decide(self, client, evaluation_challenge):
        pilot = PilotFactory(challenge=evaluation_challenge, status="in_review")
        client.force_login(pilot.created_by)
        assert client.post(f"/en/pilots/{pilot.pk}/decide/", {"action": "accept"}).status_code == 403
        pilot.refresh_from_db()
        assert pilot.status == "in_review"

    def test_an_unsafe_next_is_ignored(self, client, evaluation_challenge, curator):
        pilot = PilotFactory(challenge=evaluation_challenge, status="submitted")
        client.force_login(curator)
        response = client.post(
            f"/en/pilots/{pilot.pk}/decide/", {"action": "start_review", "next": "https://evil.example/"}
        )
        assert response["Location"] == f"/en/pilots/{pilot.pk}/"


# --- The public pilot -------------------------------------------------------------------------


class TestPublicPilot:
    @pytest.fixture
    def pilot(self, make_challenge):
        return PilotFactory(challenge=make_challenge(Phase.PILOTING), status="running", capacity=2)

    def test_the_page_shows_what_the_public_should_know(self, client, pilot):
        ProgressUpdateFactory(pilot=pilot, title="Week one", body="**Forty** joined")
        ReviewFactory(pilot=pilot, evaluator=UserFactory(name="Hidden Evaluator"))
        content = page(client.get(f"/en/pilots/{pilot.pk}/"))
        for text in (
            pilot.title,
            "Keilaniemi",
            "Car trips replaced 0",
            "privacy@example.org",
            "Consent of the person",
        ):
            assert text in content
        assert "Week one" in content and "<strong>Forty</strong>" in content
        assert "Hidden Evaluator" not in content
        assert "Log in to sign up" in content

    def test_sign_up_with_consent_and_withdraw(self, client, pilot, resident):
        client.force_login(resident)
        response = client.post(f"/en/pilots/{pilot.pk}/participate/", {}, follow=True)
        assert "tick the box to consent" in page(response)
        assert not Participant.objects.exists()
        response = client.post(f"/en/pilots/{pilot.pk}/participate/", {"consent": "on"}, follow=True)
        assert "You are taking part" in page(response) and "Withdraw from the pilot" in page(response)
        client.post(f"/en/pilots/{pilot.pk}/withdraw/")
        assert Participant.objects.get().withdrawn_at is not None

    def test_a_full_pilot_says_so(self, client, pilot, resident):
        ParticipantFactory(pilot=pilot)
        ParticipantFactory(pilot=pilot)
        client.force_login(resident)
        assert "The pilot is full" in page(client.get(f"/en/pilots/{pilot.pk}/"))
        response = client.post(f"/en/pilots/{pilot.pk}/participate/", {"consent": "on"})
        assert "all 2 places are taken" in " ".join(messages_of(response))

    def test_a_changed_data_statement_asks_for_consent_again(self, client, pilot, resident):
        ParticipantFactory(pilot=pilot, user=resident)
        client.force_login(pilot.created_by)
        form = {
            "version": pilot.version,
            "capacity": 2,
            "collects_personal_data": "on",
            "personal_data": "Names and photos",
            "data_subjects": pilot.data_subjects,
            "data_purpose": pilot.data_purpose,
            "legal_basis": pilot.legal_basis,
            "data_retention": pilot.data_retention,
            "data_contact": pilot.data_contact,
        }
        assert client.post(f"/en/pilots/{pilot.pk}/data-statement/", form).status_code == 302
        client.force_login(resident)
        content = page(client.get(f"/en/pilots/{pilot.pk}/"))
        assert "The data statement changed after you consented" in content and "Version 2" in content
        client.post(f"/en/pilots/{pilot.pk}/participate/", {"consent": "on"})
        assert Participant.objects.get().data_statement_version == 2

    def test_the_team_posts_updates_and_publishes_results(self, client, pilot, resident):
        url_update, url_results = f"/en/pilots/{pilot.pk}/updates/new/", f"/en/pilots/{pilot.pk}/results/"
        client.force_login(resident)
        assert client.get(url_update).status_code == 403
        assert client.post(url_results, {}).status_code == 403
        client.force_login(pilot.created_by)
        client.post(url_update, {"title": "Halfway", "body": "Going *well*"})
        assert pilot.updates.get().body_html == "<p>Going <em>well</em></p>"
        kpi = pilot.kpis.get()
        response = client.post(
            url_results,
            {
                "learnings_fi": "Kimppakyydit toimivat.",
                "learnings_sv": "Samåkning fungerar.",
                "next_step": "scale_up",
            },
        )
        assert response.status_code == 200 and "This field is required" in page(response)
        response = client.post(
            url_results,
            {
                f"outcome_{kpi.pk}": "140",
                "learnings_fi": "Kimppakyydit toimivat.",
                "learnings_sv": "Samåkning fungerar.",
                "next_step": "scale_up",
            },
        )
        assert response.status_code == 302
        content = page(client.get(f"/en/pilots/{pilot.pk}/"))
        assert "Results" in content and "Scale up" in content and "target met" in content
        pilot.refresh_from_db()
        assert pilot.status == "completed" and pilot.kpis.get().outcome == Decimal("140")

    def test_a_running_pilot_is_discontinued_with_a_reason(self, client, pilot, curator):
        client.force_login(curator)
        client.post(f"/en/pilots/{pilot.pk}/discontinue/", {"reason": ""})
        pilot.refresh_from_db()
        assert pilot.status == "running"
        client.post(f"/en/pilots/{pilot.pk}/discontinue/", {"reason": "The site closed for repairs."})
        content = page(client.get(f"/en/pilots/{pilot.pk}/"))
        assert "The pilot was discontinued" in content and "The site closed for repairs." in content


# --- Lists on other pages ---------------------------------------------------------------------


def render_challenge_pilots(challenge, user) -> str:
    request = RequestFactory().get("/")
    request.user = user
    return Template("{% load pilots %}{% challenge_pilots challenge user %}").render(
        Context({"challenge": challenge, "user": user, "request": request})
    )


class TestChallengePilotsTag:
    def test_the_button_in_the_proposals_phase_and_own_proposals(self, challenge, resident):
        mine = PilotFactory(challenge=challenge, created_by=resident, title="My draft")
        content = render_challenge_pilots(challenge, resident)
        assert "Submit a pilot proposal" in content and "My draft" in content
        assert f"/en/pilots/{mine.pk}/" in content

    def test_no_button_once_proposals_close(self, make_challenge, resident):
        assert "Submit a pilot proposal" not in render_challenge_pilots(
            make_challenge(Phase.EVALUATION), resident
        )

    def test_curators_and_evaluators_get_their_ways_in(self, evaluation_challenge, curator, evaluator):
        PilotFactory(challenge=evaluation_challenge, status="in_review", title="To review")
        assert "Proposals and ranking" in render_challenge_pilots(evaluation_challenge, curator)
        content = render_challenge_pilots(evaluation_challenge, evaluator)
        assert "Proposals for you to review" in content and "To review" in content

    def test_a_fixed_number_of_queries(self, make_challenge, evaluator, django_assert_max_num_queries):
        challenge = make_challenge(Phase.PILOTING)

        def add(count):
            for _ in range(count):
                PilotFactory(challenge=challenge, status="running", organization=OrganizationFactory())
                PilotFactory(challenge=challenge, status="shortlisted", team=[evaluator])

        add(2)
        with django_assert_max_num_queries(6):
            render_challenge_pilots(challenge, evaluator)
        add(8)
        with django_assert_max_num_queries(6):
            content = render_challenge_pilots(challenge, evaluator)
        assert content.count('class="card"') == 10


def test_the_profile_lists_ones_proposals_in_a_fixed_number_of_queries(
    client, make_challenge, resident, django_assert_max_num_queries
):
    client.force_login(resident)
    response = client.get("/en/accounts/profile/")
    assert "You are not on the team of any pilot proposal" in page(response)
    for _ in range(2):
        PilotFactory(
            challenge=make_challenge(Phase.PROPOSALS), team=[resident], organization=OrganizationFactory()
        )
    with django_assert_max_num_queries(12) as small:
        client.get("/en/accounts/profile/")
    for _ in range(8):
        PilotFactory(
            challenge=make_challenge(Phase.PROPOSALS), team=[resident], organization=OrganizationFactory()
        )
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get("/en/accounts/profile/")
    assert page(response).count("pilot-status-draft") == 10


def test_the_admin_pages_open(client, administrator, evaluation_challenge):
    pilot = PilotFactory(challenge=evaluation_challenge, status="in_review")
    review = ReviewFactory(pilot=pilot, scores=dict.fromkeys(evaluation_challenge.criteria.all(), 3))
    client.force_login(administrator)
    for url in (
        "/en/admin/pilots/pilot/",
        f"/en/admin/pilots/pilot/{pilot.pk}/change/",
        "/en/admin/pilots/review/",
        f"/en/admin/pilots/review/{review.pk}/change/",
        "/en/admin/pilots/participant/",
        "/en/admin/pilots/progressupdate/",
    ):
        assert client.get(url).status_code == 200, url
