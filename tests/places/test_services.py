from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from notifications.models import Event
from places import models, services
from places.models import IdeaLocation, Place, SiteRequest
from portal.models import AuditEntry, District
from tests.ideas.factories import IdeaFactory
from tests.pilots.factories import PilotFactory
from tests.places.factories import PlaceFactory, SiteRequestFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def days(n):
    return TODAY() + timedelta(days=n)


def _texts(**overrides):
    fields = {
        "kind": Place.Kind.LIBRARY,
        "district": District.objects.get(code=1),
        "latitude": "60.2179",
        "longitude": "24.8108",
        "capacity": 2,
        "name_fi": "Sellon kirjasto",
        "name_sv": "Sellobiblioteket",
        "address_fi": "Leppävaarankatu 9",
        "address_sv": "Albergagatan 9",
    }
    fields.update(overrides)
    return fields


class TestPlaceCreate:
    def test_an_official_adds_a_place_with_its_names_in_each_language(self, official, organization):
        place = services.place_create(actor=official, host=organization, **_texts())
        assert place.slug == "sellon-kirjasto"
        assert (place.name_fi, place.name_sv, place.name_en) == ("Sellon kirjasto", "Sellobiblioteket", "")
        assert place.latitude == Decimal("60.217900")
        assert AuditEntry.objects.filter(action="place.create", target_id=place.pk).exists()

    def test_a_resident_may_not_add_places(self, resident, organization):
        with pytest.raises(PermissionDenied):
            services.place_create(actor=resident, host=organization, **_texts())

    @pytest.mark.parametrize(
        ("latitude", "longitude"),
        [("60.1699", "24.9384"), ("24.8108", "60.2179"), ("60.3170", "24.9633"), ("0", "0")],
        ids=["helsinki-centre", "swapped", "airport", "null-island"],
    )
    def test_coordinates_outside_espoo_are_refused_with_a_message(
        self, official, organization, latitude, longitude
    ):
        with pytest.raises(ValidationError) as error:
            services.place_create(
                actor=official, host=organization, **_texts(latitude=latitude, longitude=longitude)
            )
        assert "outside Espoo" in str(error.value.message_dict["latitude"])
        assert not Place.objects.exists()

    def test_coordinates_that_are_not_numbers_are_refused(self, official, organization):
        with pytest.raises(ValidationError) as error:
            services.place_create(actor=official, host=organization, **_texts(latitude="north"))
        assert "number" in str(error.value.message_dict["latitude"])

    def test_the_swedish_name_is_required(self, official, organization):
        with pytest.raises(ValidationError) as error:
            services.place_create(actor=official, host=organization, **_texts(name_sv=""))
        assert "Swedish" in str(error.value.message_dict["name_sv"])

    def test_the_database_refuses_a_point_outside_espoo_written_around_the_service(self, place):
        from django.db import IntegrityError, transaction

        with pytest.raises(IntegrityError), transaction.atomic():
            Place.objects.filter(pk=place.pk).update(latitude=Decimal("59.0"))


class TestPlaceUpdate:
    def test_a_host_changes_the_capacity_and_a_text(self, host, place):
        services.place_update(actor=host, place=place, capacity=5, opening_hours_sv="mån–fre 8–18")
        place.refresh_from_db()
        assert place.capacity == 5
        assert place.opening_hours_sv == "mån–fre 8–18"

    def test_someone_who_is_not_a_host_may_not(self, resident, place):
        with pytest.raises(PermissionDenied):
            services.place_update(actor=resident, place=place, capacity=5)

    def test_moving_the_place_out_of_espoo_is_refused(self, host, place):
        with pytest.raises(ValidationError):
            services.place_update(actor=host, place=place, latitude="61.5")
        place.refresh_from_db()
        assert place.latitude == Decimal("60.161300")


class TestSiteRequestCreate:
    def test_the_team_asks_and_the_hosts_are_told(self, team_lead, pilot, place, host):
        site_request = services.site_request_create(
            actor=team_lead, pilot=pilot, place=place, starts_on=days(3), ends_on=days(30), needs="Power."
        )
        assert site_request.status == SiteRequest.Status.PENDING
        event = Event.objects.get(kind="site_request.new")
        assert event.recipient_ids == [host.pk]
        assert event.payload["pilot"] == pilot.title

    def test_someone_outside_the_team_may_not_ask(self, resident, pilot, place):
        with pytest.raises(PermissionDenied):
            services.site_request_create(
                actor=resident, pilot=pilot, place=place, starts_on=days(3), ends_on=days(4)
            )

    @pytest.mark.parametrize(
        "status", ["draft", "submitted", "in_review", "declined", "completed", "discontinued"]
    )
    def test_a_proposal_not_chosen_or_a_pilot_that_ended_may_not_ask(self, team_lead, place, status):
        pilot = PilotFactory(created_by=team_lead, status=status)
        with pytest.raises(PermissionDenied):
            services.site_request_create(
                actor=team_lead, pilot=pilot, place=place, starts_on=days(3), ends_on=days(4)
            )

    def test_a_place_that_takes_no_pilots_says_so(self, team_lead, pilot):
        hut = PlaceFactory(capacity=0, name_fi="Haukkalampi", name_sv="Haukkalampi")
        with pytest.raises(ValidationError) as error:
            services.site_request_create(
                actor=team_lead, pilot=pilot, place=hut, starts_on=days(3), ends_on=days(4)
            )
        assert error.value.message_dict["place"] == ["Haukkalampi does not take pilots. Pick another place."]

    def test_a_first_day_in_the_past_is_refused(self, team_lead, pilot, place):
        with pytest.raises(ValidationError) as error:
            services.site_request_create(
                actor=team_lead, pilot=pilot, place=place, starts_on=days(-1), ends_on=days(4)
            )
        assert "has passed" in error.value.message_dict["starts_on"][0]
        assert not SiteRequest.objects.exists()

    def test_reversed_dates_are_refused(self, team_lead, pilot, place):
        with pytest.raises(ValidationError) as error:
            services.site_request_create(
                actor=team_lead, pilot=pilot, place=place, starts_on=days(9), ends_on=days(4)
            )
        assert error.value.message_dict["ends_on"] == ["The last day comes before the first day."]

    def test_a_second_open_request_for_the_same_place_is_refused(self, team_lead, pilot, place):
        services.site_request_create(
            actor=team_lead, pilot=pilot, place=place, starts_on=days(3), ends_on=days(4)
        )
        with pytest.raises(ValidationError) as error:
            services.site_request_create(
                actor=team_lead, pilot=pilot, place=place, starts_on=days(8), ends_on=days(9)
            )
        assert "already has an open request" in error.value.message_dict["place"][0]


class TestApprove:
    def test_the_host_approves_and_the_team_is_told(self, host, place, pilot, team_lead):
        site_request = SiteRequestFactory(place=place, pilot=pilot)
        services.site_request_approve(actor=host, site_request=site_request, message="Welcome")
        site_request.refresh_from_db()
        assert site_request.status == SiteRequest.Status.APPROVED
        assert site_request.decided_by == host
        event = Event.objects.get(kind="site_request.decision")
        assert event.recipient_ids == [team_lead.pk]
        assert event.payload["status"] == "Approved"

    def test_followers_hear_of_a_public_pilot_but_not_of_a_confidential_proposal(self, host, place):
        public = SiteRequestFactory(place=place, pilot=PilotFactory(status="accepted"))
        services.site_request_approve(actor=host, site_request=public)
        assert Event.objects.filter(kind="place.new_pilot", audiences=["followers"]).count() == 1
        confidential = SiteRequestFactory(place=place, pilot=PilotFactory(status="shortlisted"))
        services.site_request_approve(actor=host, site_request=confidential)
        assert Event.objects.filter(kind="place.new_pilot").count() == 1

    def test_a_full_place_refuses_an_approval_on_overlapping_days(self, host, place):
        SiteRequestFactory(place=place, status="approved", starts_on=days(1), ends_on=days(20))
        SiteRequestFactory(place=place, status="approved", starts_on=days(15), ends_on=days(40))
        third = SiteRequestFactory(place=place, starts_on=days(18), ends_on=days(19))
        with pytest.raises(ValidationError) as error:
            services.site_request_approve(actor=host, site_request=third)
        assert "already holds 2 pilots at once" in error.value.messages[0]
        third.refresh_from_db()
        assert third.status == SiteRequest.Status.PENDING

    def test_bookings_that_do_not_overlap_on_any_day_fit(self, host, place):
        SiteRequestFactory(place=place, status="approved", starts_on=days(1), ends_on=days(10))
        SiteRequestFactory(place=place, status="approved", starts_on=days(20), ends_on=days(30))
        third = SiteRequestFactory(place=place, starts_on=days(5), ends_on=days(25))
        services.site_request_approve(actor=host, site_request=third)
        assert services.concurrent_pilots(place=place, starts_on=days(1), ends_on=days(30)) == 2

    def test_a_host_of_another_place_may_not_approve(self, place):
        from tests.accounts.factories import MembershipFactory

        other_host = MembershipFactory(organization=PlaceFactory().host).user
        with pytest.raises(PermissionDenied):
            services.site_request_approve(actor=other_host, site_request=SiteRequestFactory(place=place))

    def test_a_decided_request_cannot_be_decided_again(self, host, place):
        site_request = SiteRequestFactory(place=place, status="declined")
        with pytest.raises(PermissionDenied):
            services.site_request_approve(actor=host, site_request=site_request)


class TestDeclineAndProposeDates:
    def test_a_decline_needs_a_reason(self, host, place):
        site_request = SiteRequestFactory(place=place)
        with pytest.raises(ValidationError) as error:
            services.site_request_decline(actor=host, site_request=site_request, reason="  ")
        assert "Say why" in error.value.message_dict["reason"][0]
        services.site_request_decline(actor=host, site_request=site_request, reason="Renovation in May.")
        site_request.refresh_from_db()
        assert (site_request.status, site_request.host_message) == ("declined", "Renovation in May.")

    def test_the_team_accepts_the_proposed_dates_which_become_the_booking(
        self, host, team_lead, place, pilot
    ):
        site_request = SiteRequestFactory(place=place, pilot=pilot)
        services.site_request_propose_dates(
            actor=host, site_request=site_request, starts_on=days(40), ends_on=days(50)
        )
        site_request.refresh_from_db()
        assert site_request.status == "dates_proposed"
        services.site_request_accept_dates(actor=team_lead, site_request=site_request)
        site_request.refresh_from_db()
        assert (site_request.status, site_request.starts_on, site_request.ends_on) == (
            "approved",
            days(40),
            days(50),
        )
        assert Event.objects.filter(kind="site_request.reply", recipient_ids=[host.pk]).exists()

    def test_accepting_proposed_dates_checks_the_capacity_too(self, host, team_lead, place, pilot):
        site_request = SiteRequestFactory(place=place, pilot=pilot)
        services.site_request_propose_dates(
            actor=host, site_request=site_request, starts_on=days(40), ends_on=days(50)
        )
        SiteRequestFactory(place=place, status="approved", starts_on=days(45), ends_on=days(46))
        SiteRequestFactory(place=place, status="approved", starts_on=days(45), ends_on=days(46))
        with pytest.raises(ValidationError):
            services.site_request_accept_dates(actor=team_lead, site_request=site_request)

    def test_proposed_dates_in_the_past_or_reversed_are_refused(self, host, place):
        site_request = SiteRequestFactory(place=place)
        with pytest.raises(ValidationError):
            services.site_request_propose_dates(
                actor=host, site_request=site_request, starts_on=days(-3), ends_on=days(2)
            )
        with pytest.raises(ValidationError):
            services.site_request_propose_dates(
                actor=host, site_request=site_request, starts_on=days(9), ends_on=days(2)
            )

    def test_only_the_team_accepts_proposed_dates(self, host, place):
        site_request = SiteRequestFactory(
            place=place, status="dates_proposed", proposed_starts_on=days(5), proposed_ends_on=days(6)
        )
        with pytest.raises(PermissionDenied):
            services.site_request_accept_dates(actor=host, site_request=site_request)


class TestWithdrawAndCancel:
    def test_the_team_withdraws_an_open_request(self, team_lead, place, pilot, host):
        site_request = SiteRequestFactory(place=place, pilot=pilot)
        services.site_request_withdraw(actor=team_lead, site_request=site_request)
        site_request.refresh_from_db()
        assert site_request.status == "withdrawn"

    def test_a_cancelled_booking_frees_the_place(self, host, place, team_lead, pilot):
        booking = SiteRequestFactory(
            place=place, pilot=pilot, status="approved", starts_on=days(1), ends_on=days(9)
        )
        services.site_request_cancel(actor=host, site_request=booking, reason="Water damage.")
        assert services.concurrent_pilots(place=place, starts_on=days(1), ends_on=days(9)) == 0
        assert Event.objects.filter(kind="site_request.decision", recipient_ids=[team_lead.pk]).exists()


class TestTestSiteAndChallengePlaces:
    def test_a_draft_picks_a_place_that_takes_pilots(self, team_lead, place):
        draft = PilotFactory(created_by=team_lead)
        services.test_site_pick(actor=team_lead, pilot=draft, place=place)
        assert models.TestSite.objects.get(pilot=draft).place == place
        services.test_site_pick(actor=team_lead, pilot=draft, place=None)
        assert not models.TestSite.objects.exists()

    def test_a_place_that_takes_no_pilots_cannot_be_picked(self, team_lead):
        draft = PilotFactory(created_by=team_lead)
        with pytest.raises(ValidationError):
            services.test_site_pick(actor=team_lead, pilot=draft, place=PlaceFactory(capacity=0))

    def test_a_proposal_that_is_not_the_requesters_cannot_pick(self, resident, place):
        with pytest.raises(PermissionDenied):
            services.test_site_pick(actor=resident, pilot=PilotFactory(), place=place)

    def test_a_curator_links_the_places_a_challenge_offers(self, curator_of_pilot, pilot, place, resident):
        services.challenge_places_set(actor=curator_of_pilot, challenge=pilot.challenge, places=[place])
        assert list(pilot.challenge.offered_places.all()) == [place]
        with pytest.raises(PermissionDenied):
            services.challenge_places_set(actor=resident, challenge=pilot.challenge, places=[])


class TestIdeaLocation:
    def test_the_author_puts_the_idea_on_the_map(self):
        idea = IdeaFactory()
        services.idea_location_set(actor=idea.author, idea=idea, latitude="60.2193", longitude="24.8128")
        assert IdeaLocation.objects.get(idea=idea).latitude == Decimal("60.219300")
        services.idea_location_clear(actor=idea.author, idea=idea)
        assert not IdeaLocation.objects.exists()

    def test_a_point_outside_espoo_or_someone_elses_idea_is_refused(self, resident):
        idea = IdeaFactory()
        with pytest.raises(ValidationError):
            services.idea_location_set(actor=idea.author, idea=idea, latitude="60.1699", longitude="24.9384")
        with pytest.raises(PermissionDenied):
            services.idea_location_set(actor=resident, idea=idea, latitude="60.2193", longitude="24.8128")
