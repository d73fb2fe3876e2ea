import pytest
from django.core.exceptions import PermissionDenied
from django.test import override_settings
from django.urls import path

from accounts.models import User
from config.urls import urlpatterns as site_urls
from home import views
from home.demo import DEMO_PASSWORD, demo_is_loaded, load_demo


def boom(request):
    raise RuntimeError("deliberate failure")


def forbidden(request):
    raise PermissionDenied


urlpatterns = [path("boom/", boom), path("forbidden/", forbidden), *site_urls]
handler403 = views.permission_denied
handler404 = views.page_not_found
handler500 = views.server_error


def test_healthz(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.content == b"ok"


def test_address_without_language_leads_to_the_visitors_language(client, db):
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="sv-FI,sv;q=0.9")["Location"] == "/sv/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="de")["Location"] == "/fi/"


def test_home_page_has_the_layout_landmarks(client, db):
    content = client.get("/en/").content.decode()
    assert 'class="skip-link" href="#main"' in content
    assert '<main id="main"' in content
    assert "<footer" in content
    assert 'action="/i18n/setlang/"' in content
    assert "/static/vendor/htmx/htmx.min.js" in content


def _in_the_layout(response, language: str) -> str:
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    layout = ('class="skip-link" href="#main"', '<header class="site-header">', '<main id="main"', "<footer")
    for part in layout:
        assert part in html, part
    return html


@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
def test_error_pages_use_the_portal_layout(client, db):
    client.raise_request_exception = False
    not_found = client.get("/en/no-such-page/")
    assert not_found.status_code == 404 and "Page not found" in _in_the_layout(not_found, "en")
    denied = client.get("/forbidden/", HTTP_ACCEPT_LANGUAGE="sv")
    assert denied.status_code == 403
    assert "Det här får du inte göra" in _in_the_layout(denied, "sv")
    failed = client.get("/boom/", HTTP_ACCEPT_LANGUAGE="en")
    assert failed.status_code == 500 and "Something went wrong" in _in_the_layout(failed, "en")
    # The 500 page has no request context: no account links or language form without a CSRF token.
    assert "Log in" not in failed.content.decode() and "/i18n/setlang/" not in failed.content.decode()


@override_settings(DEBUG=False)
def test_a_page_the_person_may_not_open_is_the_portal_403(client, resident):
    client.force_login(resident)
    response = client.get("/en/challenges/new/")
    assert response.status_code == 403 and "You cannot do that here" in _in_the_layout(response, "en")


@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
def test_the_500_page_falls_back_to_a_bare_page_when_the_layout_fails(client, db, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("the layout is broken too")

    monkeypatch.setattr(views, "render_to_string", broken)
    client.raise_request_exception = False
    response = client.get("/boom/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 500 and "Something went wrong" in response.content.decode()


class TestAdmin:
    def test_admin_is_for_administrators_only(self, client, administrator, official, resident):
        client.force_login(administrator)
        assert client.get("/en/admin/").status_code == 200
        assert client.get("/en/admin/accounts/organization/").status_code == 200
        for person in (official, resident):
            client.force_login(person)
            assert client.get("/en/admin/").status_code == 302

    def test_administrator_grants_official_role_in_the_admin(self, client, administrator, resident):
        client.force_login(administrator)
        response = client.post(
            f"/en/admin/accounts/user/{resident.pk}/change/",
            {
                "email": resident.email,
                "name": resident.name,
                "language": "fi",
                "is_official": "on",
                "is_active": "on",
                "last_login_0": "",
                "last_login_1": "",
                "date_joined_0": "2026-01-01",
                "date_joined_1": "12:00:00",
            },
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        resident.refresh_from_db()
        assert resident.is_official and not resident.is_staff


class TestDemo:
    def test_demo_loads_once_with_one_user_per_role(self, db, client):
        load_demo()
        assert demo_is_loaded()
        from accounts.models import Organization, User

        roles = {
            "official@example.org": "is_official",
            "moderator@example.org": "is_moderator",
            "admin@example.org": "is_superuser",
        }
        for email, flag in roles.items():
            assert getattr(User.objects.get(email=email), flag)
        assert set(Organization.objects.values_list("kind", flat=True)) == set(Organization.Kind.values)
        assert client.login(email="startup@example.org", password=DEMO_PASSWORD)

    def test_demo_has_challenges_in_every_phase_made_by_the_official(self, db, client):
        from challenges.models import Challenge, Phase

        load_demo()
        challenges = {
            c.title: c for c in Challenge.objects.prefetch_related("goals", "criteria", "evaluators")
        }
        phases = {title: challenge.phase for title, challenge in challenges.items()}
        assert set(phases.values()) == set(Phase.values)
        expected = {
            "Greener commuting to Keilaniemi and Otaniemi": (Phase.PROPOSALS, {"sustainability"}),
            "AI in the city's customer service": (Phase.EVALUATION, {"participation", "vitality"}),
            "Proactive support for residents at risk": (Phase.IDEAS, {"health", "participation"}),
            "Iso Omena service centre as a test site": (Phase.PILOTING, None),
        }
        for title, (phase, goals) in expected.items():
            assert phases[title] == phase, title
            if goals:
                assert {goal.slug for goal in challenges[title].goals.all()} == goals
        assert challenges["Greener commuting to Keilaniemi and Otaniemi"].district.slug == "suur-tapiola"
        iso_omena = challenges["Iso Omena service centre as a test site"]
        assert (iso_omena.district.slug, iso_omena.site) == ("suur-matinkyla", "Iso Omena service centre")
        official = User.objects.get(email="official@example.org")
        evaluator = User.objects.get(email="evaluator@example.org")
        for title, challenge in challenges.items():
            assert list(challenge.curators.all()) == [official], title
            assert 3 <= len(challenge.criteria.all()) <= 4, title
            assert challenge.goals.all(), title
            # The closed challenge ran its selection (its completed pilot was reviewed) too.
            evaluated = challenge.phase in (Phase.PROPOSALS, Phase.EVALUATION, Phase.PILOTING, Phase.CLOSED)
            assert (evaluator in challenge.evaluators.all()) is evaluated, title
        # Every published one has its page, and the draft is only for its curator.
        for challenge in challenges.values():
            expected_status = 404 if challenge.phase == Phase.DRAFT else 200
            assert client.get(challenge.get_absolute_url()).status_code == expected_status
        assert client.get("/en/challenges/").status_code == 200

    def test_demo_command_is_idempotent(self, db):
        from django.core.management import call_command

        from accounts.models import User

        call_command("load_demo")
        count = User.objects.count()
        call_command("load_demo")
        assert User.objects.count() == count


@pytest.mark.parametrize("page", ["/fi/", "/sv/organizations/", "/en/accounts/login/"])
def test_pages_send_security_headers(client, db, page):
    response = client.get(page)
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_readyz_reports_each_dependency(client, db, settings):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"ready": True, "database": "ok", "cache": "ok"}


def test_readyz_says_503_when_the_broker_is_unreachable(client, db, settings):
    from config.celery import app

    settings.CELERY_TASK_ALWAYS_EAGER = False
    previous = app.conf.broker_url
    app.conf.broker_url = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    try:
        response = client.get("/readyz")
    finally:
        app.conf.broker_url = previous
    assert response.status_code == 503
    assert response.json()["broker"] == "unavailable" and response.json()["database"] == "ok"


def test_pages_forbid_inline_script_and_style(client, db):
    policy = client.get("/en/")["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"


def test_audit_log_is_read_only_for_administrators(client, administrator, official):
    from portal.audit import audit_record

    entry = audit_record(actor=official, action="challenge.publish", target=official)
    client.force_login(administrator)
    assert client.get("/en/admin/portal/auditentry/").status_code == 200
    assert client.get(f"/en/admin/portal/auditentry/{entry.pk}/change/").status_code == 200  # view only
    client.post(f"/en/admin/portal/auditentry/{entry.pk}/delete/", {"post": "yes"})
    client.post(f"/en/admin/portal/auditentry/{entry.pk}/change/", {"action": "forged"})
    entry.refresh_from_db()
    assert entry.action == "challenge.publish"
    client.force_login(official)
    assert client.get("/en/admin/portal/auditentry/").status_code == 302
