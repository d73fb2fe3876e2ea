"""`/pilots/`: the public pilots with their filters, on the page and in the API."""

import pytest

from challenges.models import Phase
from pilots import selectors
from pilots.models import Pilot
from portal.models import District
from tests.accounts.factories import OrganizationFactory, UserFactory
from tests.challenges.factories import ChallengeFactory
from tests.pilots.factories import ParticipantFactory, PilotFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def garden():
    leppavaara = District.objects.get(slug="suur-leppavaara")
    health = ChallengeFactory(
        phase=Phase.PILOTING, title="Proactive care", goals=["health"], district=leppavaara
    )
    commuting = ChallengeFactory(phase=Phase.PILOTING, title="Greener commuting", goals=["sustainability"])
    return {
        "running": PilotFactory(
            challenge=health, status=Pilot.Status.RUNNING, title="Care robot", capacity=0
        ),
        "testers": PilotFactory(
            challenge=commuting,
            status=Pilot.Status.ACCEPTED,
            title="Ride sharing",
            capacity=5,
            test_site="Sello",
        ),
        "sites": PilotFactory(
            challenge=commuting, status=Pilot.Status.ACCEPTED, title="Bike hub", test_site="", capacity=0
        ),
        "completed": PilotFactory(challenge=health, status=Pilot.Status.COMPLETED, title="Night nurse"),
        "draft": PilotFactory(challenge=health, status=Pilot.Status.SUBMITTED, title="Secret proposal"),
        "declined": PilotFactory(challenge=health, status=Pilot.Status.DECLINED, title="Declined proposal"),
    }


def titles(pilots) -> set[str]:
    return {pilot.title for pilot in pilots}


class TestSelector:
    def test_only_public_pilots(self, garden):
        assert titles(selectors.public_pilot_catalogue()) == {
            "Care robot",
            "Ride sharing",
            "Bike hub",
            "Night nurse",
        }

    @pytest.mark.parametrize(
        ("filters", "expected"),
        [
            ({"goal": "health"}, {"Care robot", "Night nurse"}),
            ({"district": "suur-leppavaara"}, {"Care robot", "Night nurse"}),
            ({"place": "sello"}, {"Ride sharing"}),
            ({"stage": "running"}, {"Care robot"}),
            ({"stage": "completed"}, {"Night nurse"}),
            ({"stage": "testers"}, {"Ride sharing"}),
            ({"stage": "sites"}, {"Bike hub"}),
            ({"goal": "sustainability", "stage": "sites"}, {"Bike hub"}),
            ({"goal": "participation"}, set()),
        ],
    )
    def test_filters(self, garden, filters, expected):
        assert titles(selectors.public_pilot_catalogue(**filters)) == expected

    def test_a_full_pilot_no_longer_looks_for_testers(self, garden):
        pilot = garden["testers"]
        for _ in range(5):
            ParticipantFactory(pilot=pilot)
        assert titles(selectors.public_pilot_catalogue(stage="testers")) == set()

    def test_places_are_the_public_pilots_test_sites(self, garden):
        assert selectors.public_pilot_places() == ["Keilaniemi", "Sello"]


class TestPage:
    def test_lists_public_pilots_for_a_visitor(self, client, garden):
        response = client.get("/en/pilots/")
        text = response.content.decode()
        assert response.status_code == 200
        assert "Care robot" in text and "Night nurse" in text
        assert "Secret proposal" not in text and "Declined proposal" not in text

    def test_filters_on_the_page(self, client, garden):
        text = client.get("/en/pilots/", {"stage": "testers"}).content.decode()
        assert "Ride sharing" in text and "Care robot" not in text

    def test_a_bad_filter_says_so_and_shows_everything(self, client, garden):
        response = client.get("/en/pilots/", {"goal": "nonsense"})
        assert response.status_code == 200
        assert "Select a valid choice" in response.content.decode()

    def test_in_the_main_navigation(self, client, db):
        assert 'href="/en/pilots/"' in client.get("/en/ideas/").content.decode()

    def test_the_list_costs_a_fixed_number_of_queries(self, client, django_assert_max_num_queries):
        for n in range(25):
            challenge = ChallengeFactory(phase=Phase.PILOTING, goals=["health", "vitality"])
            organization = OrganizationFactory()
            pilot = PilotFactory(
                challenge=challenge,
                organization=organization,
                status=Pilot.Status.RUNNING,
                test_site=f"Site {n % 3}",
            )
            ParticipantFactory(pilot=pilot)
        client.force_login(UserFactory())
        # Session and user, the filter form (places, goals, districts, challenges), the count, the
        # page, its goals, and the moderator check in the header.
        with django_assert_max_num_queries(10):
            response = client.get("/en/pilots/", {"goal": "health"})
        assert response.content.decode().count('class="card idea-card"') == 20


class TestApi:
    @pytest.mark.parametrize(
        ("query", "expected"),
        [
            ({"goal": "health"}, {"Care robot", "Night nurse"}),
            ({"district": "suur-leppavaara", "stage": "completed"}, {"Night nurse"}),
            ({"place": "Sello"}, {"Ride sharing"}),
            ({"stage": "testers"}, {"Ride sharing"}),
        ],
    )
    def test_filters(self, client, garden, query, expected):
        response = client.get("/api/v1/pilots/", query)
        assert response.status_code == 200
        assert {item["title"] for item in response.json()["results"]} == expected

    def test_a_bad_stage_is_a_clear_400(self, client, garden):
        response = client.get("/api/v1/pilots/", {"stage": "flying"})
        assert response.status_code == 400
        assert "stage" in response.json()["fields"]
