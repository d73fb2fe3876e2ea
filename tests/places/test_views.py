"""The place pages and the site request pages, for each role, with plain forms (no JavaScript)."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from places.models import SiteRequest
from tests.ideas.factories import IdeaFactory
from tests.pilots.factories import PilotFactory
from tests.places.factories import PlaceFactory, SiteRequestFactory

pytestmark = pytest.mark.django_db


def days(n):
    return (timezone.localdate() + timedelta(days=n)).isoformat()


def client_for(user) -> Client:
    client = Client()
    if user is not None and user.is_authenticated:
        client.force_login(user)
    return client


class TestPlaceList:
    def test_the_list_works_without_javascript_and_carries_the_map_settings(self, place, settings):
        response = Client().get("/en/places/")
        body = response.content.decode()
        assert response.status_code == 200
        assert place.name_fi in body  # no English name: the Finnish one, not a made-up translation
        assert 'data-tile-url="https://tile.openstreetmap.org/{z}/{x}/{y}.png"' in body
        assert "OpenStreetMap" in body

    def test_the_csp_lets_tiles_come_from_the_tile_server_only(self, place):
        policy = Client().get("/en/places/")["Content-Security-Policy"]
        img = next(part for part in policy.split(";") if part.strip().startswith("img-src"))
        assert "https://tile.openstreetmap.org" in img
        assert "*" not in img.replace("*.", "")

    def test_filters(self, place):
        PlaceFactory(name_fi="Haukkalampi", name_sv="Haukkalampi", capacity=0, kind="park")
        body = Client().get("/en/places/?takes_pilots=on").content.decode()
        assert place.name_fi in body and "Haukkalampi" not in body
        body = Client().get("/en/places/?kind=park").content.decode()
        assert place.name_fi not in body and "Haukkalampi" in body

    def test_pilots_running_now(self, place):
        SiteRequestFactory(
            place=place, pilot=PilotFactory(status="running"), status="approved",
            starts_on=timezone.localdate() - timedelta(days=3),
        )  # fmt: skip
        PlaceFactory(name_fi="Tyhjä", name_sv="Tom")
        body = Client().get("/en/places/?running_now=on").content.decode()
        assert place.name_fi in body and "Tyhjä" not in body

    def test_a_bad_filter_is_ignored_not_an_error(self, place):
        assert Client().get("/en/places/?kind=castle&district=moon").status_code == 200

    def test_the_list_costs_a_fixed_number_of_queries(self, django_assert_max_num_queries):
        for _ in range(3):
            PlaceFactory()
        Client().get("/en/places/")
        for _ in range(20):
            PlaceFactory()
        with django_assert_max_num_queries(12):
            Client().get("/en/places/")


class TestPlacePage:
    def test_now_next_and_past_pilots_with_results(self, place):
        today = timezone.localdate()
        now = SiteRequestFactory(
            place=place, pilot=PilotFactory(status="running", title="Now here"), status="approved",
            starts_on=today - timedelta(days=2), ends_on=today + timedelta(days=2),
        )  # fmt: skip
        SiteRequestFactory(
            place=place, pilot=PilotFactory(status="accepted", title="Next here"), status="approved",
            starts_on=today + timedelta(days=20), ends_on=today + timedelta(days=30),
        )  # fmt: skip
        SiteRequest.objects.create(
            place=place, pilot=PilotFactory(status="completed", title="Was here"), status="approved",
            starts_on=today - timedelta(days=90), ends_on=today - timedelta(days=30),
            decided_at=timezone.now(),
        )  # fmt: skip
        SiteRequestFactory(place=place, pilot=PilotFactory(status="shortlisted", title="Secret proposal"))
        body = Client().get(place.get_absolute_url()).content.decode()
        assert body.index("Now here") < body.index("Next here") < body.index("Was here")
        assert "Secret proposal" not in body
        assert now.pilot.summary in body

    def test_a_visitor_sees_the_page_and_a_resident_can_follow(self, place, resident):
        assert Client().get(place.get_absolute_url()).status_code == 200
        client = client_for(resident)
        assert "Follow" in client.get(place.get_absolute_url()).content.decode()
        response = client.post(reverse("engagement_follow", args=["places.place", place.pk]), {"next": "/"})
        assert response.status_code == 302
        place.refresh_from_db()
        assert place.follower_count == 1

    def test_the_page_leaves_a_place_for_the_events_app(self, place):
        from places.sections import register_place_section
        from portal.page_sections import PAGE_SECTIONS

        register_place_section(
            "test-events", title="Upcoming events", template="places/_request_row.html",
            context=lambda request, place: None,
        )  # fmt: skip
        try:
            assert "Upcoming events" not in Client().get(place.get_absolute_url()).content.decode()
        finally:
            PAGE_SECTIONS["place_detail"].pop("test-events")

    def test_an_unknown_place_is_404(self, db):
        assert Client().get("/en/places/nowhere/").status_code == 404

    def test_the_page_costs_a_fixed_number_of_queries(self, place, resident, django_assert_max_num_queries):
        for status in ("running", "accepted", "completed"):
            SiteRequestFactory(place=place, pilot=PilotFactory(status=status), status="approved")
        client = client_for(resident)
        with django_assert_max_num_queries(20):
            client.get(place.get_absolute_url())

    def test_hosts_see_their_tools_and_others_do_not(self, place, host, resident):
        assert "Edit the page" in client_for(host).get(place.get_absolute_url()).content.decode()
        assert "Edit the page" not in client_for(resident).get(place.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("visitor", 302),
        ("resident", 403),
        ("team", 403),
        ("curator", 403),
        ("host", 200),
        ("administrator", 200),
    ],
)
def test_who_may_edit_a_place(people, place, role, status):
    assert client_for(people[role]).get(reverse("place_edit", args=[place.slug])).status_code == status


class TestPlaceEdit:
    def test_the_host_saves_and_a_point_outside_espoo_is_refused_with_the_typing_kept(self, place, host):
        from places.forms import PlaceForm

        data = {key: ("" if value is None else value) for key, value in PlaceForm.initial_from(place).items()}
        data.update({"latitude": "60.1699", "longitude": "24.9384", "opening_hours_sv": "mån–fre 9–17"})
        data = {k: v for k, v in data.items() if v is not False}
        response = client_for(host).post(reverse("place_edit", args=[place.slug]), data)
        assert response.status_code == 400
        body = response.content.decode()
        assert "outside Espoo" in body and "mån–fre 9–17" in body
        data["latitude"], data["longitude"] = "60.2", "24.7"
        response = client_for(host).post(reverse("place_edit", args=[place.slug]), data)
        assert response.status_code == 302
        place.refresh_from_db()
        assert place.opening_hours_sv == "mån–fre 9–17"


class TestSiteRequestPages:
    def test_the_team_asks_with_a_plain_form(self, team_lead, pilot, place, host):
        url = reverse("site_request_new", args=[pilot.pk])
        response = client_for(team_lead).post(
            url, {"place": place.pk, "starts_on": days(5), "ends_on": days(20), "needs": "Power"}
        )
        site_request = SiteRequest.objects.get()
        assert response.status_code == 302 and response["Location"] == site_request.get_absolute_url()

    @pytest.mark.parametrize(
        ("starts", "ends", "message"),
        [(-2, 5, "has passed"), (9, 3, "The last day comes before the first day.")],
        ids=["past", "reversed"],
    )
    def test_bad_dates_are_explained_and_nothing_is_saved(
        self, team_lead, pilot, place, starts, ends, message
    ):
        response = client_for(team_lead).post(
            reverse("site_request_new", args=[pilot.pk]),
            {"place": place.pk, "starts_on": days(starts), "ends_on": days(ends)},
        )
        assert response.status_code == 400
        assert message in response.content.decode()
        assert not SiteRequest.objects.exists()

    def test_a_place_that_takes_no_pilots(self, team_lead, pilot):
        hut = PlaceFactory(capacity=0, name_fi="Haukkalampi", name_sv="Haukkalampi")
        response = client_for(team_lead).post(
            reverse("site_request_new", args=[pilot.pk]),
            {"place": hut.pk, "starts_on": days(2), "ends_on": days(3)},
        )
        assert response.status_code == 400
        assert "Haukkalampi does not take pilots" in response.content.decode()

    def test_a_proposal_that_is_not_the_requesters(self, resident, pilot, place):
        response = client_for(resident).get(reverse("site_request_new", args=[pilot.pk]))
        assert response.status_code == 404  # a confidential proposal is not even shown

    def test_a_date_that_is_not_a_date(self, team_lead, pilot, place):
        response = client_for(team_lead).post(
            reverse("site_request_new", args=[pilot.pk]),
            {"place": place.pk, "starts_on": "soon", "ends_on": "later"},
        )
        assert response.status_code == 400
        assert "Give a date as year-month-day" in response.content.decode()

    def test_the_host_approves_declines_and_proposes_from_the_request_page(self, host, place, pilot):
        site_request = SiteRequestFactory(place=place, pilot=pilot)
        client = client_for(host)
        assert "Your decision" in client.get(site_request.get_absolute_url()).content.decode()
        response = client.post(
            reverse("site_request_action", args=[site_request.pk, "decline"]), {"reason": ""}
        )
        assert response.status_code == 400 and "Say why you decline" in response.content.decode()
        response = client.post(
            reverse("site_request_action", args=[site_request.pk, "propose"]),
            {"starts_on": days(40), "ends_on": days(41)},
        )
        assert response.status_code == 302
        site_request.refresh_from_db()
        assert site_request.status == "dates_proposed"

    def test_a_full_place_explains_itself_on_the_page(self, host, place):
        for _ in range(2):
            SiteRequestFactory(place=place, status="approved")
        site_request = SiteRequestFactory(place=place)
        response = client_for(host).post(
            reverse("site_request_action", args=[site_request.pk, "approve"]), {}
        )
        assert response.status_code == 400
        assert "already holds 2 pilots at once" in response.content.decode()

    def test_the_team_accepts_proposed_dates(self, team_lead, place, pilot):
        site_request = SiteRequestFactory(
            place=place, pilot=pilot, status="dates_proposed",
            proposed_starts_on=timezone.localdate() + timedelta(days=3),
            proposed_ends_on=timezone.localdate() + timedelta(days=4),
        )  # fmt: skip
        response = client_for(team_lead).post(
            reverse("site_request_action", args=[site_request.pk, "accept"])
        )
        assert response.status_code == 302
        site_request.refresh_from_db()
        assert site_request.status == "approved"

    def test_an_unknown_action_is_404(self, host, place):
        site_request = SiteRequestFactory(place=place)
        assert client_for(host).post(f"/en/places/requests/{site_request.pk}/explode/").status_code == 404

    @pytest.mark.parametrize(
        ("role", "status"),
        [
            ("visitor", 302), ("resident", 404), ("official", 404), ("moderator", 404),
            ("team", 200), ("host", 200), ("curator", 200), ("administrator", 200),
        ],
    )  # fmt: skip
    def test_who_sees_a_request(self, people, place, pilot, role, status):
        site_request = SiteRequestFactory(place=place, pilot=pilot)
        assert client_for(people[role]).get(site_request.get_absolute_url()).status_code == status

    @pytest.mark.parametrize(
        ("role", "status"),
        [("resident", 404), ("team", 403), ("curator", 403), ("host", 302), ("administrator", 302)],
    )
    def test_who_may_approve(self, people, place, pilot, role, status):
        site_request = SiteRequestFactory(place=place, pilot=pilot)
        response = client_for(people[role]).post(
            reverse("site_request_action", args=[site_request.pk, "approve"])
        )
        assert response.status_code == status

    def test_my_requests_lists_waiting_ones_for_the_host(self, host, place, pilot):
        SiteRequestFactory(place=place, pilot=pilot)
        body = client_for(host).get(reverse("my_site_requests")).content.decode()
        assert "Waiting for your answer" in body and pilot.title in body


class TestPostersAndSections:
    def test_a_place_poster_has_an_svg_qr_code_of_the_page(self, place):
        body = Client().get(reverse("place_poster", args=[place.slug])).content.decode()
        assert 'class="qr"><title>' in body
        assert f"http://testserver/en/places/{place.slug}/" in body

    def test_a_running_pilot_has_a_poster_with_its_data_statement(self):
        pilot = PilotFactory(status="running")
        body = Client().get(reverse("pilot_poster", args=[pilot.pk])).content.decode()
        assert 'class="qr"><title>' in body and pilot.personal_data in body

    def test_a_proposal_has_no_poster(self, pilot):
        assert Client().get(reverse("pilot_poster", args=[pilot.pk])).status_code == 404

    def test_the_pilot_page_shows_where_it_runs_and_the_team_asks_from_there(self, team_lead, place):
        pilot = PilotFactory(created_by=team_lead, status="running")
        SiteRequestFactory(place=place, pilot=pilot, status="approved")
        body = Client().get(pilot.get_absolute_url()).content.decode()
        assert "Where the pilot runs" in body and place.name_fi in body
        assert "Ask a place for dates" in client_for(team_lead).get(pilot.get_absolute_url()).content.decode()

    def test_the_author_puts_an_idea_on_the_map(self):
        idea = IdeaFactory()
        client = client_for(idea.author)
        assert "Add a location" in client.get(idea.get_absolute_url()).content.decode()
        response = client.post(
            reverse("idea_location", args=[idea.pk]), {"latitude": "60.1699", "longitude": "24.9384"}
        )
        assert response.status_code == 400 and "outside Espoo" in response.content.decode()
        response = client.post(
            reverse("idea_location", args=[idea.pk]), {"latitude": "60.2193", "longitude": "24.8128"}
        )
        assert response.status_code == 302
        assert "60.219300" in Client().get(idea.get_absolute_url()).content.decode()

    def test_a_curator_links_the_places_a_challenge_offers(self, curator_of_pilot, pilot, place, resident):
        url = reverse("challenge_places", args=[pilot.challenge.slug])
        assert client_for(resident).get(url).status_code == 403
        assert client_for(curator_of_pilot).post(url, {"places": [place.pk]}).status_code == 302
        assert list(pilot.challenge.offered_places.all()) == [place]
