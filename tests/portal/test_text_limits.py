"""What a person types costs bounded time: every text field has a length limit, Markdown renders
in linear time, and saving edits is rate-limited like writing new things (portal/markdown.py)."""

import time

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from rest_framework.test import APIClient

from ideas import services as idea_services
from pilots import services as pilot_services
from portal.markdown import render_markdown
from portal.rate_limits import RateLimited
from tests.challenges.factories import ChallengeFactory
from tests.ideas.factories import IdeaFactory
from tests.pilots.factories import PilotFactory

OUR_APPS = {"accounts", "challenges", "engagement", "ideas", "insights", "notifications", "pilots", "portal"}


def test_every_text_a_person_writes_has_a_length_limit():
    unlimited = [
        f"{model._meta.label}.{field.name}"
        for app in OUR_APPS
        for model in apps.get_app_config(app).get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.TextField)
        and field.editable
        and not any(isinstance(validator, MaxLengthValidator) for validator in field.validators)
    ]
    assert unlimited == []


@pytest.mark.parametrize(
    "text",
    ["[" * 8_000, "![" * 4_000, "[\n" * 4_000, "<a " * 3_000, "- " * 4_000, "> - " * 2_000],
    ids=["brackets", "images", "bracket-lines", "open-tags", "nested-lists", "quotes-and-lists"],
)
def test_markdown_that_used_to_cost_seconds_renders_at_once(text):
    started = time.monotonic()
    html = render_markdown(text)
    # Python-Markdown took about 20 s for the first, and overflowed the stack on the lists.
    assert time.monotonic() - started < 3
    assert "<script" not in html


def test_markdown_still_renders_what_people_write():
    html = render_markdown(
        "We want **fewer cars**.<script>alert(1)</script>\n\n- a\n- b\n\n[map](https://example.org)"
    )
    assert "<strong>fewer cars</strong>" in html
    assert "<script" not in html
    assert "<li>a</li>" in html
    assert '<a href="https://example.org" rel="nofollow noopener noreferrer">map</a>' in html
    assert 'href="javascript' not in render_markdown("[x](javascript:alert(1))")


class TestLengthLimits:
    def test_a_200000_character_pilot_problem_is_refused(self, db):
        pilot = PilotFactory()
        with pytest.raises(ValidationError) as error:
            pilot_services.pilot_update_draft(
                actor=pilot.created_by, pilot=pilot, expected_version=pilot.version, problem="x" * 200_000
            )
        assert "problem" in error.value.message_dict

    def test_a_200000_character_challenge_description_is_a_400(self, db, official):
        challenge = ChallengeFactory(curators=[official])
        api = APIClient(HTTP_ACCEPT_LANGUAGE="en")
        api.force_authenticate(official)
        response = api.patch(
            f"/api/v1/challenges/{challenge.pk}/", {"description": "x" * 200_000}, format="json"
        )
        assert response.status_code == 400
        assert "description" in response.json()["fields"]


class TestEditsAreRateLimited:
    def test_editing_an_idea_again_and_again_is_stopped(self, db, settings):
        settings.RATE_LIMITS = {**settings.RATE_LIMITS, "edit": (3, 10)}
        idea = IdeaFactory()
        for round_ in range(3):
            idea_services.idea_edit(
                actor=idea.author, idea=idea, title=f"Benches {round_}", body="Text", language="en"
            )
        with pytest.raises(RateLimited) as error:
            idea_services.idea_edit(
                actor=idea.author, idea=idea, title="Benches 4", body="Text", language="en"
            )
        assert "saved many changes" in error.value.messages[0]

    def test_the_api_answers_429_for_too_many_draft_saves(self, db, settings):
        settings.RATE_LIMITS = {**settings.RATE_LIMITS, "edit": (2, 10)}
        pilot = PilotFactory()
        api = APIClient(HTTP_ACCEPT_LANGUAGE="en")
        api.force_authenticate(pilot.created_by)
        for version in (1, 2):
            response = api.patch(
                f"/api/v1/pilots/{pilot.pk}/",
                {"summary": f"Take {version}", "version": version},
                format="json",
            )
            assert response.status_code == 200, response.content
        response = api.patch(
            f"/api/v1/pilots/{pilot.pk}/", {"summary": "Take 3", "version": 3}, format="json"
        )
        assert response.status_code == 429
        assert response.json()["code"] == "rate_limited"
        assert "Retry-After" in response
