import re
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.utils import timezone

from challenges import selectors
from challenges.models import Challenge, Criterion, Phase
from portal.models import District
from tests.accounts.factories import UserFactory
from tests.challenges.factories import ChallengeFactory, CriterionFactory, timeline

DATE_FIELDS = [
    "ideas_open",
    "ideas_close",
    "proposals_open",
    "proposals_close",
    "evaluation_end",
    "piloting_end",
]


class FormReader(HTMLParser):
    """What a browser would submit from the page's forms: {action: {name: [values]}}."""

    def __init__(self):
        super().__init__()
        self.forms: dict[str, dict[str, list[str]]] = {}
        self.form = None
        self.select = None
        self.textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.form = self.forms.setdefault(attrs.get("action") or "", {})
        elif self.form is None:
            return
        elif tag == "input" and attrs.get("name"):
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            if kind != "submit":
                self.form.setdefault(attrs["name"], []).append(
                    attrs.get("value", "on" if kind == "checkbox" else "")
                )
        elif tag == "select":
            self.select = attrs["name"]
            self.form.setdefault(self.select, [])
        elif tag == "option" and self.select and "selected" in attrs:
            self.form[self.select].append(attrs.get("value", ""))
        elif tag == "textarea":
            self.textarea = attrs["name"]
            self.form[self.textarea] = [""]

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None

    def handle_data(self, data):
        if self.textarea:
            self.form[self.textarea][0] += (
                data.removeprefix("\n") if not self.form[self.textarea][0] else data
            )


def form_on(response, action: str = "") -> dict[str, list[str]]:
    reader = FormReader()
    reader.feed(response.content.decode())
    return reader.forms[action]


def local(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M")


def new_challenge_data(client, **changes) -> dict:
    """The create form as the page renders it, filled in as an official would."""
    data = form_on(client.get("/en/challenges/new/"))
    dates = timeline(Phase.UPCOMING)
    data.update(
        {
            "title_en": ["Greener commuting to Keilaniemi"],
            "summary_en": ["Fewer cars at rush hour."],
            "description_en": ["We want **fewer cars**."],
            "goals": ["sustainability", "health"],
            "district": [str(District.objects.get(slug="suur-tapiola").pk)],
            "site_en": ["Keilaniemi"],
            "department": ["Urban Environment"],
            "budget_total": ["150000"],
            "budget_max_per_pilot": ["40000"],
            "criteria-0-name_en": ["Impact"],
            "criteria-0-weight": ["3"],
            "criteria-0-min_score": ["2"],
            "criteria-1-name_en": ["Feasibility"],
            **{name: [local(dates[name])] for name in DATE_FIELDS},
        }
    )
    data.update({name: value if isinstance(value, list) else [value] for name, value in changes.items()})
    return data


def text_of(response) -> str:
    html = response.content.decode()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html[html.index("<main") : html.index("</main>")]))


def card_titles(response) -> list[str]:
    return re.findall(
        r'class="h3 challenge-card-title"><a href="[^"]+"[^>]*>([^<]+)</a>', response.content.decode()
    )


# --- Every role against every challenge action, on the pages ---------------------------------

ROLES = ["visitor", "resident", "official", "evaluator", "curator", "administrator"]
ACTIONS = ["view published", "view draft", "create", "edit", "publish", "close early", "appoint evaluator"]
ALLOWED = {
    "view published": set(ROLES),
    "view draft": {"curator", "administrator"},
    "create": {"official", "curator", "administrator"},
    "edit": {"curator", "administrator"},
    "publish": {"curator", "administrator"},
    "close early": {"curator", "administrator"},
    "appoint evaluator": {"curator", "administrator"},
}


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("role", ROLES)
def test_role_and_action_matrix(client, role, action, request, curator, challenge, draft):
    newcomer = UserFactory(name="Nelli Newcomer")
    if action == "edit":
        client.force_login(curator)
        edit_data = form_on(client.get(f"/en/challenges/{challenge.slug}/edit/"))
        edit_data["title_en"] = ["Renamed"]
        client.logout()
    if action == "create":
        client.force_login(UserFactory(is_official=True))
        create_data = new_challenge_data(client)
        client.logout()
    if role != "visitor":
        client.force_login(request.getfixturevalue(role))
    count = Challenge.objects.count()

    match action:
        case "view published":
            response = client.get(f"/en/challenges/{challenge.slug}/")
            happened = response.status_code == 200 and "Greener commuting" in response.content.decode()
        case "view draft":
            response = client.get(f"/en/challenges/{draft.slug}/")
            happened = response.status_code == 200 and "Safe school routes" in response.content.decode()
        case "create":
            response = client.post("/en/challenges/new/", create_data)
            happened = Challenge.objects.count() == count + 1
        case "edit":
            response = client.post(f"/en/challenges/{challenge.slug}/edit/", edit_data)
            happened = Challenge.objects.get(pk=challenge.pk).title == "Renamed"
        case "publish":
            response = client.post(f"/en/challenges/{draft.slug}/publish/")
            happened = Challenge.objects.get(pk=draft.pk).is_published
        case "close early":
            response = client.post(f"/en/challenges/{challenge.slug}/close/")
            happened = Challenge.objects.get(pk=challenge.pk).closed_early_at is not None
        case "appoint evaluator":
            response = client.post(
                f"/en/challenges/{challenge.slug}/people/evaluators/", {"evaluator-email": newcomer.email}
            )
            happened = challenge.appointments.filter(evaluator=newcomer).exists()

    allowed = role in ALLOWED[action]
    assert happened is allowed, response.status_code
    if allowed:
        assert response.status_code in (200, 302)
    elif action in ("view draft", "publish") and role != "visitor":
        assert response.status_code == 404  # a draft is not revealed to those who may not see it
    elif role == "visitor" and action != "view draft":
        assert response.status_code == 302 and response["Location"].startswith("/en/accounts/login/")
    elif role == "visitor":
        assert response.status_code == 404
    else:
        assert response.status_code == 403


# --- The list ---------------------------------------------------------------------------------


class TestList:
    def test_cards_show_what_matters(self, client, db):
        ChallengeFactory(
            phase=Phase.PROPOSALS,
            title="Greener commuting",
            summary="Fewer cars in Keilaniemi.",
            goals=["sustainability", "vitality"],
            district=District.objects.get(slug="suur-tapiola"),
            site="Keilaniemi metro station",
        )
        response = client.get("/en/challenges/")
        assert response.status_code == 200
        text = text_of(response)
        for expected in (
            "Greener commuting",
            "Fewer cars in Keilaniemi.",
            "Sustainability",
            "Vitality",
            "Greater Tapiola · Keilaniemi metro station",
            "Proposals open",
            "Proposals close:",
        ):
            assert expected in text
        assert 'class="badge phase phase-proposals"' in response.content.decode()

    def test_filters_and_sorting_from_the_query_string(self, client, db):
        ChallengeFactory(phase=Phase.IDEAS, title="Beta ideas", goals=["health"])
        ChallengeFactory(phase=Phase.PROPOSALS, title="Alpha proposals", goals=["health"])
        ChallengeFactory(phase=Phase.CLOSED, title="Closed one", goals=["health"])
        ChallengeFactory(phase=Phase.PROPOSALS, title="Vital", goals=["vitality"])
        response = client.get("/en/challenges/", {"goal": "health", "open": "on", "sort": "title"})
        assert "2 challenges" in text_of(response)
        assert card_titles(response) == ["Alpha proposals", "Beta ideas"]
        # The form shows the choices made, so the next search starts from them.
        form = form_on(response)
        assert (form["goal"], form["open"], form["sort"]) == (["health"], ["on"], ["title"])

        assert card_titles(client.get("/en/challenges/", {"phase": "closed"})) == ["Closed one"]

    def test_nonsense_in_the_query_string_is_ignored_not_an_error(self, client, db):
        ChallengeFactory(title="Still listed")
        response = client.get("/en/challenges/", {"goal": "wealth", "district": "atlantis", "page": "x"})
        assert response.status_code == 200
        assert "Still listed" in text_of(response)

    def test_empty_states_say_what_to_do(self, client, db):
        assert "No challenge has been published yet." in text_of(client.get("/en/challenges/"))
        ChallengeFactory(goals=["health"])
        text = text_of(client.get("/en/challenges/", {"goal": "vitality"}))
        assert "No challenge matches these filters." in text and "Show all challenges" in text

    def test_pages_of_twelve(self, client, db):
        for n in range(14):
            ChallengeFactory(title=f"Challenge number {n:02}")
        first = client.get("/en/challenges/", {"sort": "title"})
        second = client.get("/en/challenges/", {"sort": "title", "page": 2})
        assert "Challenge number 11" in text_of(first) and "Challenge number 12" not in text_of(first)
        assert "Challenge number 12" in text_of(second) and "Page 2 of 2" in text_of(second)
        assert 'href="?sort=title&amp;page=2"' in first.content.decode()

    def test_drafts_are_listed_only_for_their_curators(self, client, curator, draft, official, resident):
        client.force_login(curator)
        response = client.get("/en/challenges/", {"phase": "draft"})
        assert card_titles(response) == ["Safe school routes"]
        client.force_login(official)
        assert card_titles(client.get("/en/challenges/")) == []
        assert 'value="draft"' in client.get("/en/challenges/").content.decode()  # officials draft too
        client.force_login(resident)
        assert 'value="draft"' not in client.get("/en/challenges/").content.decode()

    def test_officials_get_a_new_challenge_button(self, client, official, resident):
        client.force_login(resident)
        assert "/en/challenges/new/" not in client.get("/en/challenges/").content.decode()
        client.force_login(official)
        assert "/en/challenges/new/" in client.get("/en/challenges/").content.decode()

    @pytest.mark.parametrize("count", [5, 30])
    def test_a_fixed_number_of_queries_whatever_the_length(
        self, client, curator, count, django_assert_max_num_queries
    ):
        for n in range(count):
            ChallengeFactory(
                goals=["health", "participation"],
                district=District.objects.get(code=n % 7 + 1),
                curators=[curator],
                phase=list(Phase)[n % len(Phase)],
            )
        client.force_login(curator)
        # Session, user, the bell's unread count, count, page, goals, the filter's districts.
        with django_assert_max_num_queries(7):
            response = client.get("/en/challenges/", {"sort": "deadline"})
        assert response.status_code == 200
        assert response.content.decode().count('class="card challenge-card"') == min(count, 12)

    def test_the_main_navigation_leads_here(self, client, db):
        response = client.get("/en/challenges/")
        assert '<a href="/en/challenges/" aria-current="page">Challenges</a>' in response.content.decode()


# --- The challenge page -----------------------------------------------------------------------


class TestDetail:
    def test_shows_what_is_asked_and_offered(self, client, db):
        challenge = ChallengeFactory(
            phase=Phase.PROPOSALS,
            title="Iso Omena as a test site",
            description="## The place\n\nA *busy* service centre.<script>x()</script>",
            goals=["vitality"],
            district=District.objects.get(slug="suur-matinkyla"),
            site="Iso Omena service centre",
            department="Business Espoo",
            budget_total=Decimal("100000"),
            budget_max_per_pilot=Decimal("25000.50"),
            offers_data="Visitor counts",
            offers_sites="The lobby",
            offers_staff="A host",
            eligibility="Companies and communities",
        )
        from portal.markdown import render_markdown

        challenge.description_html = render_markdown(challenge.description)
        challenge.save()
        CriterionFactory(challenge=challenge, name="Value to visitors", weight=3, min_score=2)
        CriterionFactory(challenge=challenge, name="Fits the place", weight=1)
        response = client.get(f"/en/challenges/{challenge.slug}/")
        html = response.content.decode()
        text = text_of(response)
        assert "<em>busy</em>" in html and "<script>x()" not in html
        for expected in (
            "Greater Matinkylä",
            "Iso Omena service centre",
            "Business Espoo",
            "100,000 €",
            "25,000.50 €",
            "Visitor counts",
            "The lobby",
            "A host",
            "Companies and communities",
            "Value to visitors 3 (75 %) 2 / 5",
            "Fits the place 1 (25 %) –",
        ):
            assert expected in text, expected

    def test_money_is_written_the_finnish_way_in_finnish(self, client, challenge):
        html = client.get(f"/fi/challenges/{challenge.slug}/").content.decode()
        assert "100\xa0000 €" in html and "20\xa0000 €" in html  # a non-breaking space between thousands

    def test_the_timeline_marks_the_current_phase(self, client, challenge):
        html = client.get(f"/en/challenges/{challenge.slug}/").content.decode()
        timeline_html = html[
            html.index('<ol class="timeline">') : html.index("</ol>", html.index('class="timeline"'))
        ]
        steps = re.findall(
            r"<li class=\"timeline-step([^\"]*)\"([^>]*)>\s*<strong>([^<]+)</strong>", timeline_html
        )
        assert [(classes.strip(), label) for classes, _current, label in steps] == [
            ("is-done", "Ideas open"),
            ("is-current", "Proposals open"),
            ("", "Evaluation"),
            ("", "Piloting"),
            ("", "Closed"),
        ]
        assert [label for _classes, current, label in steps if 'aria-current="step"' in current] == [
            "Proposals open"
        ]

    @pytest.mark.parametrize(
        ("phase", "expected"),
        [
            (Phase.UPCOMING, "The challenge is not open yet. From"),
            (Phase.IDEAS, "Ideas are welcome until"),
            (Phase.PROPOSALS, "can submit a pilot proposal until"),
            (Phase.EVALUATION, "Evaluators are scoring them against the criteria below"),
            (Phase.PILOTING, "The selected pilots are running until"),
            (Phase.CLOSED, "This challenge ended on"),
        ],
    )
    def test_how_to_take_part_depends_on_the_phase(self, client, db, phase, expected):
        challenge = ChallengeFactory(phase=phase)
        text = text_of(client.get(f"/en/challenges/{challenge.slug}/"))
        assert "How to take part now" in text and expected in text

    def test_a_challenge_closed_early_says_so(self, client, challenge):
        challenge.closed_early_at = timezone.now()
        challenge.save()
        text = text_of(client.get(f"/en/challenges/{challenge.slug}/"))
        assert "The city closed this challenge early" in text
        assert "Close the challenge early" not in text

    def test_curators_see_their_tools_and_others_do_not(self, client, challenge, curator, official):
        client.force_login(official)
        assert "Curator tools" not in text_of(client.get(f"/en/challenges/{challenge.slug}/"))
        client.force_login(curator)
        html = client.get(f"/en/challenges/{challenge.slug}/").content.decode()
        for link in ("edit/", "people/", "close/"):
            assert f'href="/en/challenges/{challenge.slug}/{link}"' in html

    def test_a_draft_lists_what_is_missing_before_publishing(self, client, curator):
        draft = ChallengeFactory(phase=Phase.DRAFT, curators=[curator])
        client.force_login(curator)
        response = client.get(f"/en/challenges/{draft.slug}/")
        text = text_of(response)
        assert "This challenge is a draft: only its curators can see it." in text
        assert "Add at least one evaluation criterion." in text
        assert f"/en/challenges/{draft.slug}/publish/" not in response.content.decode()
        CriterionFactory(challenge=draft)
        response = client.get(f"/en/challenges/{draft.slug}/")
        assert f'action="/en/challenges/{draft.slug}/publish/"' in response.content.decode()

    def test_an_unknown_address_is_404(self, client, db):
        assert client.get("/en/challenges/no-such-challenge/").status_code == 404


# --- Creating and editing ---------------------------------------------------------------------


class TestCreate:
    def test_an_official_creates_a_draft_with_its_criteria(self, client, official):
        client.force_login(official)
        response = client.post("/en/challenges/new/", new_challenge_data(client))
        challenge = Challenge.objects.get()
        assert response.status_code == 302 and response["Location"] == f"/en/challenges/{challenge.slug}/"
        assert list(challenge.curators.all()) == [official]
        assert set(challenge.goals.values_list("slug", flat=True)) == {"sustainability", "health"}
        assert challenge.district.slug == "suur-tapiola"
        assert (challenge.budget_total, challenge.budget_max_per_pilot) == (
            Decimal("150000"),
            Decimal("40000"),
        )
        assert [(c.name, c.weight, c.min_score) for c in challenge.criteria.all()] == [
            ("Impact", 3, 2),
            ("Feasibility", 1, 0),
        ]
        assert local(challenge.proposals_close) == local(timeline(Phase.UPCOMING)["proposals_close"])
        assert "was saved. Only its curators can see it" in text_of(client.get(response["Location"]))

    def test_the_form_starts_with_a_sensible_timeline(self, client, official):
        client.force_login(official)
        form = form_on(client.get("/en/challenges/new/"))
        dates = [form[name][0] for name in DATE_FIELDS]
        assert all(dates) and dates == sorted(dates)
        assert 'type="datetime-local"' in client.get("/en/challenges/new/").content.decode()

    @pytest.mark.parametrize(
        ("changes", "message"),
        [
            (
                {"proposals_close": "2020-01-01T12:00"},
                "Proposals cannot close before they open (",
            ),
            (
                {"budget_max_per_pilot": "200000"},
                "The most per pilot cannot be more than the total budget (150,000 €).",
            ),
            ({"criteria-0-min_score": "6"}, "Ensure this value is less than or equal to 5."),
            ({"criteria-0-weight": "0"}, "Ensure this value is greater than or equal to 1."),
            ({"ideas_open": "next Tuesday"}, "Enter a valid date/time."),
            ({"title_en": ""}, "Write the title in at least one language."),
        ],
    )
    def test_bad_input_is_explained_and_what_was_typed_is_kept(self, client, official, changes, message):
        client.force_login(official)
        data = new_challenge_data(client, **changes, summary_en="A summary worth keeping")
        response = client.post("/en/challenges/new/", data)
        assert response.status_code == 200
        text = text_of(response)
        assert "Please correct the following:" in text
        assert message in text
        kept = form_on(response)
        assert kept["summary_en"] == ["A summary worth keeping"]
        assert kept["criteria-1-name_en"] == ["Feasibility"]
        assert kept["goals"] == ["health", "sustainability"]
        assert not Challenge.objects.exists() and not Criterion.objects.exists()

    def test_the_error_names_the_date_it_conflicts_with(self, client, official):
        client.force_login(official)
        data = new_challenge_data(client, ideas_open="2031-03-12T10:00", ideas_close="2031-03-01T10:00")
        text = text_of(client.post("/en/challenges/new/", data))
        assert "Ideas cannot close before they open (March 12, 2031, 10 a.m.)." in text

    def test_a_challenge_may_be_drafted_before_goals_and_criteria(self, client, official):
        client.force_login(official)
        data = new_challenge_data(client, goals=[], **{"criteria-0-name_en": "", "criteria-1-name_en": ""})
        data["criteria-0-weight"] = ["1"]
        data["criteria-0-min_score"] = ["0"]
        response = client.post("/en/challenges/new/", data)
        assert response.status_code == 302
        challenge = Challenge.objects.get()
        assert not challenge.goals.exists() and not challenge.criteria.exists()


class TestEdit:
    def test_the_form_is_filled_in_and_saves_changes(self, client, curator, challenge):
        client.force_login(curator)
        data = form_on(client.get(f"/en/challenges/{challenge.slug}/edit/"))
        assert data["title_en"] == ["Greener commuting"]
        assert data["criteria-0-name_en"] == ["Impact"]
        assert data["proposals_close"] == [local(challenge.proposals_close)]
        data.update(
            {
                "title_en": ["Greener commuting, second round"],
                "goals": ["vitality"],
                "criteria-0-weight": ["5"],
                "criteria-1-name_en": ["Privacy"],
                # A published challenge's new criterion is written in Finnish and Swedish too.
                "criteria-1-name_fi": ["Yksityisyys"],
                "criteria-1-name_sv": ["Integritet"],
                "criteria-1-min_score": ["3"],
            }
        )
        response = client.post(f"/en/challenges/{challenge.slug}/edit/", data)
        assert response.status_code == 302
        challenge = Challenge.objects.get(pk=challenge.pk)
        assert challenge.title == "Greener commuting, second round"
        assert list(challenge.goals.values_list("slug", flat=True)) == ["vitality"]
        assert [(c.name, c.weight, c.min_score) for c in challenge.criteria.all()] == [
            ("Impact", 5, 0),
            ("Privacy", 1, 3),
        ]

    def test_a_criterion_is_deleted_with_its_checkbox(self, client, curator, challenge):
        challenge.criteria.update(position=0)
        CriterionFactory(challenge=challenge, name="Cost", position=1)
        client.force_login(curator)
        data = form_on(client.get(f"/en/challenges/{challenge.slug}/edit/"))
        data["criteria-0-DELETE"] = ["on"]
        assert client.post(f"/en/challenges/{challenge.slug}/edit/", data).status_code == 302
        assert list(challenge.criteria.values_list("name", flat=True)) == ["Cost"]

    def test_a_rejected_edit_changes_nothing(self, client, curator, challenge):
        client.force_login(curator)
        data = form_on(client.get(f"/en/challenges/{challenge.slug}/edit/"))
        data.update({"title_en": ["Renamed"], "goals": []})
        response = client.post(f"/en/challenges/{challenge.slug}/edit/", data)
        assert response.status_code == 200
        assert "A published challenge needs at least one Espoo Story goal." in text_of(response)
        assert form_on(response)["title_en"] == ["Renamed"]
        assert Challenge.objects.get(pk=challenge.pk).title == "Greener commuting"

    def test_criteria_are_read_only_once_reviews_exist(self, client, curator, challenge, monkeypatch):
        monkeypatch.setattr(selectors, "challenge_has_reviews", lambda *, challenge: True)
        client.force_login(curator)
        response = client.get(f"/en/challenges/{challenge.slug}/edit/")
        assert "Evaluators have already scored proposals against these criteria" in text_of(response)
        data = form_on(response)
        assert "criteria-TOTAL_FORMS" not in data
        data["title_en"] = ["Renamed"]
        assert client.post(f"/en/challenges/{challenge.slug}/edit/", data).status_code == 302
        assert Challenge.objects.get(pk=challenge.pk).title == "Renamed"
        assert challenge.criteria.get().name == "Impact"

    def test_a_drafts_edit_page_is_not_found_by_others(self, client, official, draft):
        client.force_login(official)
        assert client.get(f"/en/challenges/{draft.slug}/edit/").status_code == 404


# --- Publishing and closing -------------------------------------------------------------------


class TestPublishAndClose:
    def test_publishing_an_incomplete_draft_lists_the_problems(self, client, curator):
        draft = ChallengeFactory(phase=Phase.DRAFT, curators=[curator])
        client.force_login(curator)
        response = client.post(f"/en/challenges/{draft.slug}/publish/", follow=True)
        text = text_of(response)
        assert "The challenge was not published yet:" in text
        assert "Add at least one evaluation criterion." in text
        assert not Challenge.objects.get(pk=draft.pk).is_published

    def test_publishing_a_complete_draft(self, client, curator, draft):
        client.force_login(curator)
        response = client.post(f"/en/challenges/{draft.slug}/publish/", follow=True)
        assert "The challenge is now public." in text_of(response)
        client.logout()
        assert client.get(f"/en/challenges/{draft.slug}/").status_code == 200

    def test_closing_early_asks_first(self, client, curator, challenge):
        client.force_login(curator)
        text = text_of(client.get(f"/en/challenges/{challenge.slug}/close/"))
        assert "Close the challenge early?" in text and "This cannot be undone." in text
        assert Challenge.objects.get(pk=challenge.pk).closed_early_at is None
        response = client.post(f"/en/challenges/{challenge.slug}/close/", follow=True)
        assert "The challenge was closed." in text_of(response)
        assert Challenge.objects.get(pk=challenge.pk).phase == Phase.CLOSED
        response = client.post(f"/en/challenges/{challenge.slug}/close/", follow=True)
        assert "This challenge is already closed." in text_of(response)


# --- Curators and evaluators ------------------------------------------------------------------


class TestPeople:
    def test_the_page_lists_curators_and_evaluators(self, client, curator, evaluator, challenge):
        client.force_login(curator)
        text = text_of(client.get(f"/en/challenges/{challenge.slug}/people/"))
        assert "Kaisa Curator" in text and "Eero Evaluator" in text

    @pytest.mark.parametrize("role", ["resident", "official", "evaluator"])
    def test_the_page_is_for_curators(self, client, challenge, role, request):
        client.force_login(request.getfixturevalue(role))
        assert client.get(f"/en/challenges/{challenge.slug}/people/").status_code == 403

    def test_appoint_by_email_and_remove(self, client, curator, challenge, resident):
        client.force_login(curator)
        url = f"/en/challenges/{challenge.slug}/people/"
        response = client.post(url + "evaluators/", {"evaluator-email": resident.email}, follow=True)
        assert "Aino Resident is now an evaluator of this challenge." in text_of(response)
        assert challenge.appointments.filter(evaluator=resident).exists()
        response = client.post(url + f"evaluators/{resident.pk}/remove/", follow=True)
        assert "Aino Resident is no longer an evaluator of this challenge." in text_of(response)
        assert not challenge.appointments.filter(evaluator=resident).exists()

    def test_an_unknown_address_is_explained_on_the_form(self, client, curator, challenge):
        client.force_login(curator)
        response = client.post(
            f"/en/challenges/{challenge.slug}/people/evaluators/", {"evaluator-email": "nobody@example.org"}
        )
        assert response.status_code == 400
        assert "No one has an account with the address nobody@example.org." in text_of(response)
        assert form_on(response, f"/en/challenges/{challenge.slug}/people/evaluators/")[
            "evaluator-email"
        ] == ["nobody@example.org"]

    def test_add_and_remove_curators(self, client, curator, challenge, official, resident):
        client.force_login(curator)
        url = f"/en/challenges/{challenge.slug}/people/curators/"
        response = client.post(url, {"curator-email": resident.email})
        assert response.status_code == 400
        assert "Only city officials can curate challenges" in text_of(response)
        response = client.post(url, {"curator-email": official.email}, follow=True)
        assert "Leena Official now curates this challenge." in text_of(response)
        response = client.post(url + f"{official.pk}/remove/", follow=True)
        assert "Leena Official no longer curates this challenge." in text_of(response)
        response = client.post(url + f"{curator.pk}/remove/", follow=True)
        assert "A challenge needs at least one curator." in text_of(response)
        assert list(challenge.curators.all()) == [curator]

    def test_leaving_a_draft_leads_back_to_the_list(self, client, curator, draft, official):
        draft.curators.add(official)
        client.force_login(curator)
        response = client.post(f"/en/challenges/{draft.slug}/people/curators/{curator.pk}/remove/")
        assert response["Location"] == "/en/challenges/"


# --- The home page ----------------------------------------------------------------------------


class TestHome:
    @pytest.mark.parametrize("count", [5, 30])
    def test_open_challenges_in_a_fixed_number_of_queries(
        self, client, db, count, django_assert_max_num_queries
    ):
        for n in range(count):
            ChallengeFactory(
                phase=list(Phase)[n % len(Phase)], title=f"Challenge {n}", goals=["health", "vitality"]
            )
        # Goals, districts, organizations, open challenges and their goals.
        with django_assert_max_num_queries(5):
            response = client.get("/en/")
        html = response.content.decode()
        shown = re.findall(r'class="badge phase phase-(\w+)"', html)
        assert shown and len(shown) <= 6
        assert set(shown) <= {"ideas", "proposals"}

    def test_no_open_challenge_says_so(self, client, db):
        ChallengeFactory(phase=Phase.CLOSED)
        text = text_of(client.get("/en/"))
        assert "Open challenges" in text and "No challenge is taking ideas or proposals right now." in text

    def test_the_soonest_deadline_comes_first(self, client, db):
        ChallengeFactory(phase=Phase.IDEAS, title="Ideas close in fifteen days")
        ChallengeFactory(phase=Phase.PROPOSALS, title="Proposals close in twenty days")
        text = text_of(client.get("/en/"))
        assert text.index("Ideas close in fifteen days") < text.index("Proposals close in twenty days")


# --- The admin --------------------------------------------------------------------------------


class TestAdmin:
    def test_administrators_manage_challenges_in_the_admin(self, client, administrator, challenge, draft):
        client.force_login(administrator)
        changelist = client.get("/en/admin/challenges/challenge/", {"phase": "proposals"})
        assert changelist.status_code == 200
        assert "Greener commuting" in changelist.content.decode()
        assert "Safe school routes" not in changelist.content.decode()
        assert client.get(f"/en/admin/challenges/challenge/{challenge.pk}/change/").status_code == 200
        assert client.get("/en/admin/challenges/challenge/add/").status_code == 200

    def test_others_are_kept_out(self, client, curator):
        client.force_login(curator)
        assert client.get("/en/admin/challenges/challenge/").status_code == 302


class TestTheWayInToProposeAnIdea:
    """While a challenge takes ideas its page leads to the idea form with the challenge chosen."""

    def test_a_resident_is_led_to_the_form_with_the_challenge(self, client, resident):
        challenge = ChallengeFactory(phase=Phase.IDEAS, slug="quiet-evenings")
        client.force_login(resident)
        html = client.get(challenge.get_absolute_url()).content.decode()
        assert 'href="/en/ideas/new/?challenge=quiet-evenings"' in html
        form = client.get("/en/ideas/new/?challenge=quiet-evenings").context["form"]
        assert form.initial["challenge"] == challenge

    def test_a_visitor_is_led_through_logging_in(self, client, db):
        challenge = ChallengeFactory(phase=Phase.IDEAS, slug="quiet-evenings")
        html = client.get(challenge.get_absolute_url()).content.decode()
        assert "/en/accounts/login/?next=/en/ideas/new/%3Fchallenge%3Dquiet-evenings" in html
        assert "Log in to propose an idea" in html

    @pytest.mark.parametrize("phase", [Phase.UPCOMING, Phase.PROPOSALS, Phase.CLOSED])
    def test_not_outside_the_ideas_phase(self, client, resident, phase):
        challenge = ChallengeFactory(phase=phase)
        client.force_login(resident)
        assert "/en/ideas/new/" not in client.get(challenge.get_absolute_url()).content.decode()
