"""The language switcher keeps the place on every page the three journeys visit: the form on the page
carries the page's own address, and switching leads to the same page (query string too) in the
other language. The browser journeys switch on a few of these pages; this covers all of them."""

import html
import re

import pytest

from challenges.models import Phase
from pilots.models import Pilot
from tests.accounts.factories import MembershipFactory, OrganizationFactory, UserFactory
from tests.challenges.factories import ChallengeFactory, EvaluatorAppointmentFactory
from tests.ideas.factories import IdeaFactory
from tests.pilots.factories import PilotFactory

NEXT = re.compile(r'<form class="language-switcher"[^>]*>.*?name="next" value="([^"]*)"', re.S)


@pytest.fixture
def journey(db):
    official = UserFactory(is_official=True, is_moderator=True)
    founder = UserFactory()
    evaluator = UserFactory(is_official=True)
    organization = OrganizationFactory(slug="polku")
    MembershipFactory(organization=organization, user=founder)
    ideas_open = ChallengeFactory(slug="quiet-evenings", phase=Phase.IDEAS, curators=[official])
    proposals_open = ChallengeFactory(slug="greener-commuting", phase=Phase.PROPOSALS, curators=[official])
    evaluating = ChallengeFactory(slug="warm-stops", phase=Phase.EVALUATION, curators=[official])
    EvaluatorAppointmentFactory(challenge=evaluating, evaluator=evaluator)
    return {
        "official": official,
        "founder": founder,
        "evaluator": evaluator,
        "organization": organization,
        "ideas_open": ideas_open,
        "proposals_open": proposals_open,
        "idea": IdeaFactory(challenge=ideas_open),
        "draft": PilotFactory(challenge=proposals_open, created_by=founder),
        "running": PilotFactory(challenge=proposals_open, created_by=founder, status=Pilot.Status.RUNNING),
        "in_review": PilotFactory(challenge=evaluating, status=Pilot.Status.IN_REVIEW),
    }


# (who is signed in, the page) — the pages of journeys 1 to 3, by the person who sees them.
PAGES = [
    (None, "/en/"),
    (None, "/en/accounts/signup/"),
    (None, "/en/accounts/login/"),
    (None, "/en/challenges/?open=on&sort=deadline"),
    (None, "/en/challenges/{ideas_open.slug}/"),
    (None, "/en/ideas/"),
    (None, "/en/ideas/{idea.pk}/"),
    (None, "/en/organizations/"),
    (None, "/en/organizations/{organization.slug}/"),
    (None, "/en/pilots/{running.pk}/"),
    (None, "/en/insights/"),
    ("founder", "/en/ideas/new/?challenge={ideas_open.slug}"),
    ("founder", "/en/notifications/"),
    ("founder", "/en/accounts/profile/"),
    ("founder", "/en/accounts/data/"),
    ("founder", "/en/organizations/new/"),
    ("founder", "/en/challenges/{proposals_open.slug}/propose/"),
    ("founder", "/en/pilots/{draft.pk}/"),
    ("founder", "/en/pilots/{draft.pk}/edit/"),
    ("founder", "/en/pilots/{running.pk}/updates/new/"),
    ("founder", "/en/pilots/{running.pk}/results/"),
    ("official", "/en/challenges/new/"),
    ("official", "/en/challenges/{proposals_open.slug}/edit/"),
    ("official", "/en/challenges/{proposals_open.slug}/people/"),
    ("official", "/en/challenges/{proposals_open.slug}/proposals/"),
    ("official", "/en/moderation/"),
    ("evaluator", "/en/pilots/{in_review.pk}/review/"),
]


@pytest.mark.parametrize(("who", "page"), PAGES)
def test_the_switcher_keeps_the_place(client, journey, who, page):
    if who:
        client.force_login(journey[who])
    path = page.format(**journey)
    response = client.get(path)
    assert response.status_code == 200, path
    found = NEXT.search(response.content.decode())
    assert found, f"no language switcher on {path}"
    assert html.unescape(found.group(1)) == path

    for language in ("fi", "sv"):
        switched = client.post("/i18n/setlang/", {"language": language, "next": path})
        assert switched.status_code == 302
        assert switched["Location"] == f"/{language}/{path[4:]}"
        translated = client.get(switched["Location"])
        assert translated.status_code == 200
        assert f'<html lang="{language}">' in translated.content.decode()


def test_the_switcher_on_a_missing_page_keeps_the_address(client, db):
    response = client.get("/en/no-such-page/")
    assert response.status_code == 404
    assert html.unescape(NEXT.search(response.content.decode()).group(1)) == "/en/no-such-page/"
    switched = client.post("/i18n/setlang/", {"language": "fi", "next": "/en/no-such-page/"})
    assert switched["Location"] == "/fi/no-such-page/"
