from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from challenges import selectors, services
from challenges.models import Challenge, Criterion, EvaluatorAppointment, Phase
from portal.models import District
from tests.accounts.factories import UserFactory
from tests.challenges.factories import ChallengeFactory, CriterionFactory, timeline


def create_fields(**overrides) -> dict:
    """Everything `challenge_create` needs for a challenge that opens for ideas in ten days."""
    fields = {
        "title": "Greener commuting to Keilaniemi",
        "summary": "Fewer cars at rush hour.",
        "description": "We want **fewer cars**.<script>alert(1)</script>",
        "department": "Urban Environment",
        "goals": ["sustainability"],
        "budget_total": Decimal("100000"),
        "budget_max_per_pilot": Decimal("25000"),
        **timeline(Phase.UPCOMING),
    }
    fields.update(overrides)
    return fields


def reviews_exist(monkeypatch):
    """Pretend an evaluator has reviewed a proposal (the pilots app answers this for real)."""
    monkeypatch.setattr(selectors, "challenge_has_reviews", lambda *, challenge: True)


def in_each_language(text: str) -> dict[str, str]:
    return {"fi": text, "sv": text, "en": text}


class TestChallengeCreate:
    def test_an_official_creates_a_draft_and_becomes_its_curator(self, official):
        challenge = services.challenge_create(
            actor=official,
            **create_fields(goals=["sustainability", "health"]),
            district=District.objects.get(slug="suur-tapiola"),
            criteria=[
                {"name": "Impact", "description": "Cars replaced.", "weight": 3, "min_score": 2},
                {"name": "Feasibility", "weight": 1},
            ],
        )
        assert challenge.phase == Phase.DRAFT and not challenge.is_published
        assert list(challenge.curators.all()) == [official]
        assert challenge.created_by == official
        assert challenge.slug == "greener-commuting-to-keilaniemi"
        assert set(challenge.goals.values_list("slug", flat=True)) == {"sustainability", "health"}
        assert challenge.district.slug == "suur-tapiola"
        assert "<strong>fewer cars</strong>" in challenge.description_html
        assert "<script>" not in challenge.description_html
        assert [(c.name, c.weight, c.min_score, c.position) for c in challenge.criteria.all()] == [
            ("Impact", 3, 2, 0),
            ("Feasibility", 1, 0, 1),
        ]
        assert official.has_perm("challenges.change_challenge", challenge)

    def test_an_administrator_may_create(self, administrator):
        assert services.challenge_create(actor=administrator, **create_fields()).pk

    @pytest.mark.parametrize("role", ["resident", "moderator"])
    def test_others_may_not(self, role, request):
        with pytest.raises(PermissionDenied):
            services.challenge_create(actor=request.getfixturevalue(role), **create_fields())
        assert not Challenge.objects.exists()

    def test_addresses_are_unique_and_never_a_page_name(self, official):
        first = services.challenge_create(actor=official, **create_fields(title="Parks"))
        second = services.challenge_create(actor=official, **create_fields(title="Parks"))
        new = services.challenge_create(actor=official, **create_fields(title="New"))
        assert (first.slug, second.slug, new.slug) == ("parks", "parks-2", "new-2")

    def test_dates_out_of_order_are_refused_naming_the_date(self, official):
        fields = create_fields()
        fields["proposals_close"] = fields["proposals_open"] - timedelta(days=1)
        with translation.override("en"), pytest.raises(ValidationError) as caught:
            services.challenge_create(actor=official, **fields)
        messages = caught.value.message_dict["proposals_close"]
        opened = timezone.localtime(fields["proposals_open"])
        assert any("Proposals cannot close before they open" in message for message in messages)
        assert any(
            str(opened.year) in message and opened.strftime("%B")[:3] in message for message in messages
        )
        assert not Challenge.objects.exists()

    @pytest.mark.parametrize(
        ("later", "earlier", "text"),
        [
            ("ideas_close", "ideas_open", "Ideas cannot close before they open"),
            ("proposals_open", "ideas_open", "Proposals cannot open before ideas open"),
            ("proposals_close", "ideas_close", "Proposals cannot close before ideas close"),
            ("evaluation_end", "proposals_close", "Evaluation cannot end before proposals close"),
            ("piloting_end", "evaluation_end", "Piloting cannot end before evaluation ends"),
        ],
    )
    def test_every_timeline_rule_has_its_message(self, official, later, earlier, text):
        fields = create_fields()
        fields[later] = fields[earlier] - timedelta(hours=1)
        with pytest.raises(ValidationError) as caught:
            services.challenge_create(actor=official, **fields)
        assert any(text in message for message in caught.value.message_dict[later])
        # Only the human message: the database constraint's generic one is not repeated.
        assert not any("Constraint" in message for message in caught.value.messages)

    def test_the_most_per_pilot_cannot_exceed_the_total(self, official):
        with pytest.raises(ValidationError) as caught:
            services.challenge_create(
                actor=official,
                **create_fields(budget_total=Decimal("50000"), budget_max_per_pilot=Decimal("60000")),
            )
        assert caught.value.message_dict["budget_max_per_pilot"] == [
            "The most per pilot cannot be more than the total budget (50,000 €)."
        ]

    def test_a_negative_budget_is_refused(self, official):
        with pytest.raises(ValidationError) as caught:
            services.challenge_create(
                actor=official,
                **create_fields(budget_total=Decimal("-1"), budget_max_per_pilot=Decimal("-2")),
            )
        assert "budget_total" in caught.value.message_dict

    def test_unknown_goals_are_refused(self, official):
        with pytest.raises(ValidationError) as caught:
            services.challenge_create(actor=official, **create_fields(goals=["wealth"]))
        assert caught.value.message_dict == {"goals": ["Choose goals of the Espoo Story."]}

    def test_bad_criteria_save_nothing_at_all(self, official):
        with pytest.raises(ValidationError) as caught:
            services.challenge_create(
                actor=official,
                **create_fields(),
                criteria=[{"name": "Impact", "weight": 0}, {"name": "Cost", "min_score": 6}],
            )
        messages = caught.value.messages
        assert any(m.startswith("Impact, weight:") and "greater than or equal to 1" in m for m in messages)
        assert any(m.startswith("Cost, minimum score:") and "less than or equal to 5" in m for m in messages)
        assert not Challenge.objects.exists() and not Criterion.objects.exists()

    def test_the_database_is_the_backstop_for_the_timeline(self, official):
        challenge = services.challenge_create(actor=official, **create_fields())
        with pytest.raises(IntegrityError), transaction.atomic():
            Challenge.objects.filter(pk=challenge.pk).update(
                piloting_end=challenge.ideas_open - timedelta(days=1)
            )


class TestChallengeUpdate:
    def test_a_curator_edits_every_field(self, curator, challenge):
        district = District.objects.get(slug="suur-matinkyla")
        dates = timeline(Phase.IDEAS)
        services.challenge_update(
            actor=curator,
            challenge=challenge,
            title=in_each_language("Iso Omena as a test site"),
            summary=in_each_language("Try things out where people are."),
            description=in_each_language("# Welcome\n\nThe *service centre*."),
            goals=["vitality", "participation"],
            district=district,
            site=in_each_language("Iso Omena service centre"),
            department="Business Espoo",
            budget_total=Decimal("80000"),
            budget_max_per_pilot=Decimal("20000"),
            offers_data=in_each_language("Visitor counts"),
            offers_sites=in_each_language("The lobby"),
            offers_staff=in_each_language("A host"),
            eligibility=in_each_language("Anyone"),
            **dates,
        )
        challenge = Challenge.objects.get(pk=challenge.pk)
        assert challenge.title == "Iso Omena as a test site"
        assert challenge.slug.startswith("challenge-")  # the address stays, so links keep working
        assert set(challenge.goals.values_list("slug", flat=True)) == {"vitality", "participation"}
        assert (challenge.district, challenge.site) == (district, "Iso Omena service centre")
        assert "<em>service centre</em>" in challenge.description_html
        assert challenge.ideas_open == dates["ideas_open"]
        assert challenge.phase == Phase.IDEAS

    def test_an_administrator_may_edit(self, administrator, challenge):
        services.challenge_update(actor=administrator, challenge=challenge, department="Mayor's office")
        assert Challenge.objects.get(pk=challenge.pk).department == "Mayor's office"

    @pytest.mark.parametrize("role", ["resident", "official", "evaluator", "moderator"])
    def test_others_may_not(self, role, request, challenge):
        with pytest.raises(PermissionDenied):
            services.challenge_update(actor=request.getfixturevalue(role), challenge=challenge, title="Mine")
        assert Challenge.objects.get(pk=challenge.pk).title == "Greener commuting"

    def test_bad_dates_change_nothing(self, curator, challenge):
        before = Challenge.objects.get(pk=challenge.pk)
        with pytest.raises(ValidationError):
            services.challenge_update(
                actor=curator,
                challenge=challenge,
                title="Changed",
                evaluation_end=challenge.proposals_close - timedelta(days=1),
            )
        after = Challenge.objects.get(pk=challenge.pk)
        assert (after.title, after.evaluation_end) == (before.title, before.evaluation_end)

    def test_a_published_challenge_keeps_a_goal(self, curator, challenge):
        with pytest.raises(ValidationError) as caught:
            services.challenge_update(actor=curator, challenge=challenge, goals=[], title="Changed")
        assert caught.value.messages == ["A published challenge needs at least one Espoo Story goal."]
        assert challenge.goals.count() == 1
        assert Challenge.objects.get(pk=challenge.pk).title == "Greener commuting"

    def test_a_published_challenge_keeps_a_criterion_even_when_they_were_prefetched(self, curator, challenge):
        # Pages and the API hand over the challenge as `challenge_detail` loads it, criteria prefetched.
        loaded = selectors.challenge_detail(pk=challenge.pk)
        assert len(loaded.criteria.all()) == 1
        with pytest.raises(ValidationError) as caught:
            services.challenge_update(actor=curator, challenge=loaded, criteria=[])
        assert caught.value.messages == ["A published challenge needs at least one evaluation criterion."]
        assert challenge.criteria.count() == 1

    def test_a_draft_may_be_saved_incomplete(self, curator, draft):
        services.challenge_update(actor=curator, challenge=draft, goals=[], criteria=[])
        assert not draft.goals.exists() and not draft.criteria.exists()

    def test_fields_and_criteria_are_saved_together_or_not_at_all(self, curator, challenge):
        with pytest.raises(ValidationError):
            services.challenge_update(
                actor=curator,
                challenge=challenge,
                title="Changed",
                criteria=[{"name": "Impact", "weight": 3, "min_score": 9}],
            )
        assert Challenge.objects.get(pk=challenge.pk).title == "Greener commuting"
        assert list(challenge.criteria.values_list("min_score", flat=True)) == [0]

    def test_only_challenge_fields_can_be_set(self, curator, challenge):
        with pytest.raises(TypeError):
            services.challenge_update(actor=curator, challenge=challenge, published_at=timezone.now())


class TestCriteria:
    def test_a_curator_adds_changes_reorders_and_deletes(self, curator, challenge):
        impact = challenge.criteria.get()
        cost = CriterionFactory(challenge=challenge, name="Cost", position=1)
        services.criteria_set(
            actor=curator,
            challenge=challenge,
            criteria=[
                {"id": cost.pk, "name": "Cost", "weight": 2, "min_score": 1, "description": "Value"},
                {"name": "Privacy", "weight": 5, "min_score": 3},
            ],
        )
        assert not Criterion.objects.filter(pk=impact.pk).exists()
        assert [(c.pk, c.name, c.weight, c.min_score, c.position) for c in challenge.criteria.all()] == [
            (cost.pk, "Cost", 2, 1, 0),
            (challenge.criteria.last().pk, "Privacy", 5, 3, 1),
        ]

    @pytest.mark.parametrize("role", ["resident", "official", "evaluator"])
    def test_others_may_not(self, role, request, challenge):
        with pytest.raises(PermissionDenied):
            services.criteria_set(actor=request.getfixturevalue(role), challenge=challenge, criteria=[])
        assert challenge.criteria.count() == 1

    def test_criteria_cannot_change_once_a_review_exists(self, curator, challenge, monkeypatch):
        reviews_exist(monkeypatch)
        impact = challenge.criteria.get()
        for change in (
            [{"id": impact.pk, "name": "Impact", "weight": 5, "min_score": 0}],
            [{"id": impact.pk, "name": "Impact", "weight": 3}, {"name": "Cost", "weight": 1}],
            [],
        ):
            with pytest.raises(ValidationError) as caught:
                services.criteria_set(actor=curator, challenge=challenge, criteria=change)
            assert caught.value.messages == [
                "The criteria cannot change any more: evaluators have already scored proposals against them."
            ]
        impact.refresh_from_db()
        assert (challenge.criteria.count(), impact.weight) == (1, 3)

    def test_saving_the_same_criteria_is_fine_after_reviews(self, curator, challenge, monkeypatch):
        reviews_exist(monkeypatch)
        impact = challenge.criteria.get()
        same = [{"id": impact.pk, "name": "Impact", "description": "", "weight": 3, "min_score": 0}]
        assert services.criteria_set(actor=curator, challenge=challenge, criteria=same) == [impact]

    def test_the_other_fields_can_still_change_after_reviews(self, curator, challenge, monkeypatch):
        reviews_exist(monkeypatch)
        services.challenge_update(actor=curator, challenge=challenge, title="Still editable")
        assert Challenge.objects.get(pk=challenge.pk).title == "Still editable"

    def test_a_published_challenge_keeps_a_criterion(self, curator, challenge):
        with pytest.raises(ValidationError) as caught:
            services.criteria_set(actor=curator, challenge=challenge, criteria=[])
        assert caught.value.messages == ["A published challenge needs at least one evaluation criterion."]
        assert challenge.criteria.count() == 1

    @pytest.mark.parametrize(
        ("criterion", "message"),
        [
            (
                {"name": "Impact", "min_score": 6},
                "Impact, minimum score: Ensure this value is less than or equal to 5.",
            ),
            (
                {"name": "Impact", "weight": 0},
                "Impact, weight: Ensure this value is greater than or equal to 1.",
            ),
            (
                {"name": "Impact", "weight": 101},
                "Impact, weight: Ensure this value is less than or equal to 100.",
            ),
            ({"name": "", "weight": 1}, "Criterion 1, name: This field cannot be blank."),
        ],
    )
    def test_bad_criteria_are_explained(self, curator, draft, criterion, message):
        with pytest.raises(ValidationError) as caught:
            services.criteria_set(actor=curator, challenge=draft, criteria=[criterion])
        assert caught.value.messages == [message]
        assert draft.criteria.get().name == "Safety"

    def test_two_criteria_need_two_names(self, curator, draft):
        with pytest.raises(ValidationError) as caught:
            services.criteria_set(
                actor=curator, challenge=draft, criteria=[{"name": "Cost"}, {"name": "cost "}]
            )
        assert caught.value.messages == ["Two criteria are called “cost”. Give each its own name."]

    def test_a_criterion_of_another_challenge_cannot_be_taken_over(self, curator, draft, challenge):
        other = challenge.criteria.get()
        with pytest.raises(ValidationError):
            services.criteria_set(actor=curator, challenge=draft, criteria=[{"id": other.pk, "name": "Mine"}])
        other.refresh_from_db()
        assert (other.challenge, other.name) == (challenge, "Impact")


class TestChallengeHasReviews:
    def test_no_reviews_for_a_new_challenge(self, challenge):
        assert selectors.challenge_has_reviews(challenge=challenge) is False

    def test_no_pilots_app_models_means_no_reviews(self, challenge, monkeypatch):
        def missing(app_label, model_name):
            raise LookupError(f"No installed app with label '{app_label}'.")

        monkeypatch.setattr(selectors.apps, "get_model", missing)
        assert selectors.challenge_has_reviews(challenge=challenge) is False


class TestPublish:
    def test_a_curator_publishes_a_complete_draft(self, curator, draft):
        services.challenge_publish(actor=curator, challenge=draft)
        draft.refresh_from_db()
        assert draft.is_published and draft.phase == Phase.IDEAS

    def test_an_administrator_may_publish(self, administrator, draft):
        services.challenge_publish(actor=administrator, challenge=draft)
        assert Challenge.objects.get(pk=draft.pk).is_published

    @pytest.mark.parametrize("role", ["resident", "official", "evaluator", "moderator"])
    def test_others_may_not(self, role, request, draft):
        with pytest.raises(PermissionDenied):
            services.challenge_publish(actor=request.getfixturevalue(role), challenge=draft)
        assert not Challenge.objects.get(pk=draft.pk).is_published

    def test_an_incomplete_draft_says_everything_that_is_missing(self, curator):
        draft = ChallengeFactory(phase=Phase.CLOSED, published_at=None, curators=[curator], summary="")
        draft.goals.clear()
        with pytest.raises(ValidationError) as caught:
            services.challenge_publish(actor=curator, challenge=draft)
        messages = caught.value.messages
        assert messages[:2] == [
            "Choose at least one Espoo Story goal.",
            "Add at least one evaluation criterion.",
        ]
        assert messages[2] == "Summary: This field cannot be blank."
        assert messages[3].startswith("The proposal deadline (") and messages[3].endswith(
            ") has already passed. Move it later."
        )
        assert not Challenge.objects.get(pk=draft.pk).is_published

    def test_problems_include_the_timeline_and_the_budget(self, curator, draft):
        # Such a row cannot be saved (the constraints), but a challenge being edited can be like this.
        draft.evaluation_end = draft.proposals_close - timedelta(days=1)
        draft.budget_max_per_pilot = draft.budget_total + 1
        problems = services.challenge_publish_problems(challenge=draft)
        assert any(p.startswith("Evaluation cannot end before proposals close") for p in problems)
        assert any(p.startswith("The most per pilot cannot be more than the total budget") for p in problems)

    def test_publishing_twice_is_refused(self, curator, challenge):
        with pytest.raises(ValidationError) as caught:
            services.challenge_publish(actor=curator, challenge=challenge)
        assert caught.value.messages[0].startswith("This challenge was already published on ")


class TestCloseEarly:
    def test_a_curator_closes_a_running_challenge(self, curator, challenge):
        services.challenge_close_early(actor=curator, challenge=challenge)
        challenge.refresh_from_db()
        assert challenge.closed_early_at and challenge.phase == Phase.CLOSED
        assert not challenge.accepts_proposals()

    def test_an_administrator_may_close(self, administrator, challenge):
        services.challenge_close_early(actor=administrator, challenge=challenge)
        assert Challenge.objects.get(pk=challenge.pk).phase == Phase.CLOSED

    @pytest.mark.parametrize("role", ["resident", "official", "evaluator"])
    def test_others_may_not(self, role, request, challenge):
        with pytest.raises(PermissionDenied):
            services.challenge_close_early(actor=request.getfixturevalue(role), challenge=challenge)
        assert Challenge.objects.get(pk=challenge.pk).closed_early_at is None

    def test_a_draft_or_a_closed_challenge_cannot_be_closed(self, curator, draft):
        with pytest.raises(ValidationError, match="A draft cannot be closed"):
            services.challenge_close_early(actor=curator, challenge=draft)
        ended = ChallengeFactory(phase=Phase.CLOSED, curators=[curator])
        with pytest.raises(ValidationError, match="already closed"):
            services.challenge_close_early(actor=curator, challenge=ended)


class TestCurators:
    def test_a_curator_adds_an_official_by_email(self, curator, challenge, official):
        added = services.curator_add(actor=curator, challenge=challenge, email=f"  {official.email.upper()} ")
        assert added == official
        assert set(challenge.curators.all()) == {curator, official}
        assert official.has_perm("challenges.change_challenge", challenge)

    def test_only_officials_can_curate(self, curator, challenge, resident):
        with pytest.raises(ValidationError) as caught:
            services.curator_add(actor=curator, challenge=challenge, email=resident.email)
        assert caught.value.message_dict["email"] == [
            "Only city officials can curate challenges, and Aino Resident is not one."
        ]

    def test_an_unknown_address_is_explained(self, curator, challenge):
        with pytest.raises(ValidationError) as caught:
            services.curator_add(actor=curator, challenge=challenge, email="nobody@example.org")
        assert caught.value.message_dict["email"] == [
            "No one has an account with the address nobody@example.org. Ask them to sign up first."
        ]

    def test_adding_twice_is_explained(self, curator, challenge):
        with pytest.raises(ValidationError, match="already curates"):
            services.curator_add(actor=curator, challenge=challenge, email=curator.email)

    @pytest.mark.parametrize("role", ["resident", "official", "evaluator"])
    def test_others_may_not_add_or_remove(self, role, request, challenge, curator, administrator):
        actor = request.getfixturevalue(role)
        with pytest.raises(PermissionDenied):
            services.curator_add(actor=actor, challenge=challenge, email=administrator.email)
        with pytest.raises(PermissionDenied):
            services.curator_remove(actor=actor, challenge=challenge, user=curator)
        assert list(challenge.curators.all()) == [curator]

    def test_a_curator_is_removed_while_another_official_remains(self, curator, challenge, official):
        challenge.curators.add(official)
        services.curator_remove(actor=curator, challenge=challenge, user=curator)
        assert list(challenge.curators.all()) == [official]
        assert not curator.has_perm("challenges.change_challenge", challenge)

    def test_the_last_curator_stays(self, curator, challenge):
        with pytest.raises(ValidationError) as caught:
            services.curator_remove(actor=curator, challenge=challenge, user=curator)
        assert caught.value.messages == [
            "A challenge needs at least one curator. Add another official before removing Kaisa Curator."
        ]
        assert list(challenge.curators.all()) == [curator]

    def test_a_curator_who_is_no_longer_an_official_does_not_count(self, curator, challenge):
        former = UserFactory(is_official=False)
        challenge.curators.add(former)
        with pytest.raises(ValidationError):
            services.curator_remove(actor=curator, challenge=challenge, user=curator)
        # The former official can be taken off, though.
        services.curator_remove(actor=curator, challenge=challenge, user=former)
        assert list(challenge.curators.all()) == [curator]

    def test_an_administrator_may_manage_curators(self, administrator, challenge, official, curator):
        services.curator_add(actor=administrator, challenge=challenge, email=official.email)
        services.curator_remove(actor=administrator, challenge=challenge, user=curator)
        assert list(challenge.curators.all()) == [official]

    def test_removing_someone_who_is_not_a_curator_is_explained(self, curator, challenge, official):
        with pytest.raises(ValidationError, match="does not curate"):
            services.curator_remove(actor=curator, challenge=challenge, user=official)


class TestEvaluators:
    def test_a_curator_appoints_anyone_with_an_account(self, curator, challenge, resident):
        appointment = services.evaluator_appoint(
            actor=curator, challenge=challenge, email=resident.email.upper()
        )
        assert (appointment.evaluator, appointment.appointed_by) == (resident, curator)
        assert resident.has_perm("challenges.view_challenge", challenge)
        from challenges.rules import is_evaluator

        assert is_evaluator(resident, challenge)

    def test_an_unknown_or_inactive_address_is_explained(self, curator, challenge):
        inactive = UserFactory(is_active=False)
        for email in ("nobody@example.org", inactive.email):
            with pytest.raises(ValidationError) as caught:
                services.evaluator_appoint(actor=curator, challenge=challenge, email=email)
            assert caught.value.message_dict["email"] == [
                f"No one has an account with the address {email}. Ask them to sign up first."
            ]

    def test_appointing_twice_is_explained(self, curator, challenge, evaluator):
        with pytest.raises(ValidationError) as caught:
            services.evaluator_appoint(actor=curator, challenge=challenge, email=evaluator.email)
        assert caught.value.message_dict["email"] == [
            "Eero Evaluator is already an evaluator of this challenge."
        ]
        assert challenge.appointments.count() == 1

    @pytest.mark.parametrize("role", ["resident", "official", "evaluator", "moderator"])
    def test_others_may_not_appoint_or_remove(self, role, request, challenge, evaluator):
        actor = request.getfixturevalue(role)
        with pytest.raises(PermissionDenied):
            services.evaluator_appoint(actor=actor, challenge=challenge, email=actor.email)
        with pytest.raises(PermissionDenied):
            services.evaluator_remove(actor=actor, challenge=challenge, evaluator=evaluator)
        assert list(challenge.evaluators.all()) == [evaluator]

    def test_a_curator_removes_an_evaluator(self, curator, challenge, evaluator):
        services.evaluator_remove(actor=curator, challenge=challenge, evaluator=evaluator)
        assert not EvaluatorAppointment.objects.filter(challenge=challenge).exists()

    def test_removing_someone_who_is_not_an_evaluator_is_explained(self, curator, challenge, resident):
        with pytest.raises(ValidationError, match="is not an evaluator"):
            services.evaluator_remove(actor=curator, challenge=challenge, evaluator=resident)

    def test_an_administrator_may_appoint(self, administrator, challenge, resident):
        services.evaluator_appoint(actor=administrator, challenge=challenge, email=resident.email)
        assert challenge.appointments.filter(evaluator=resident).exists()
