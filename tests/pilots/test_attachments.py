"""A proposal's attachments: added to a draft by its team, checked by content, kept out of the
public media, and handed out one by one to those who may see the proposal, on the pages and in the
API, with headers that keep a crafted file from doing anything in the browser."""

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from rest_framework.test import APIClient

from pilots import services
from pilots.models import Attachment, Pilot
from privacy import services as privacy
from tests.accounts.factories import MembershipFactory, OrganizationFactory, UserFactory
from tests.pilots.factories import PilotFactory
from tests.portal.files import CAMERA, HTML_AS_JPEG, PHP_AS_JPEG, jpeg_with_gps, pdf_bytes, upload

pytestmark = pytest.mark.django_db

ROLES = ["visitor", "resident", "lead", "member", "other_org", "curator", "evaluator", "administrator"]
TEAM = {"lead", "member"}
INSIDERS = TEAM | {"curator", "evaluator", "administrator"}


@pytest.fixture(autouse=True)
def _files(media_root):
    return media_root


@pytest.fixture
def people(curator, evaluator, organization):
    return {
        "visitor": None,
        "resident": UserFactory(),
        "lead": MembershipFactory(organization=organization).user,
        "member": UserFactory(),
        "other_org": MembershipFactory(organization=OrganizationFactory()).user,
        "curator": curator,
        "evaluator": evaluator,
        "administrator": UserFactory(is_superuser=True, is_staff=True),
    }


@pytest.fixture
def make_pilot(challenge, people, organization):
    def make(status="draft", files=1):
        pilot = PilotFactory(
            challenge=challenge,
            status=status,
            organization=organization,
            created_by=people["lead"],
            team=[people["member"]],
        )
        if files:
            # Attached while a draft, as the service allows; then moved on to the status asked for.
            Pilot.objects.filter(pk=pilot.pk).update(status="draft")
            pilot.status = "draft"
            for _ in range(files):
                services.attachment_add(actor=people["lead"], pilot=pilot, file=budget())
            Pilot.objects.filter(pk=pilot.pk).update(status=status)
            pilot.status = status
        return pilot

    return make


def budget():
    return upload("../../Budget plan.pdf", pdf_bytes(), "application/pdf")


def signed_in(client, people, role):
    if people[role] is not None:
        client.force_login(people[role])
    return client


class TestService:
    def test_a_pdf_is_stored_privately_under_a_random_name(self, make_pilot, settings):
        pilot = make_pilot(files=0)
        attachment = services.attachment_add(actor=pilot.created_by, pilot=pilot, file=budget())
        assert attachment.name == "Budget plan.pdf"
        assert (attachment.content_type, attachment.size) == ("application/pdf", len(pdf_bytes()))
        assert re.fullmatch(r"pilots/[0-9a-f]{32}\.pdf", attachment.file.name)
        path = settings.PRIVATE_ROOT / "uploads" / attachment.file.name
        assert path.read_bytes() == pdf_bytes()
        assert not (settings.MEDIA_ROOT / attachment.file.name).exists()
        with pytest.raises(ValueError, match="no URL"):
            attachment.file.url  # noqa: B018 — a private file has no address to leak

    def test_an_image_attachment_loses_its_metadata(self, make_pilot):
        pilot = make_pilot(files=0)
        attachment = services.attachment_add(
            actor=pilot.created_by, pilot=pilot, file=upload("site.jpg", jpeg_with_gps())
        )
        with attachment.file.open("rb") as handle:
            assert CAMERA.encode() not in handle.read()

    @pytest.mark.parametrize("content", [HTML_AS_JPEG, PHP_AS_JPEG, b"MZ\x90\x00 an exe"])
    def test_other_files_are_refused(self, make_pilot, content):
        pilot = make_pilot(files=0)
        with pytest.raises(ValidationError) as refused:
            services.attachment_add(actor=pilot.created_by, pilot=pilot, file=upload("plan.pdf", content))
        assert "PDF" in refused.value.message_dict["file"][0]
        assert not Attachment.objects.exists()

    def test_at_most_the_configured_number_of_files(self, make_pilot, settings):
        settings.PILOT_ATTACHMENTS_MAX = 2
        pilot = make_pilot(files=2)
        with pytest.raises(ValidationError) as refused:
            services.attachment_add(actor=pilot.created_by, pilot=pilot, file=budget())
        assert "at most 2 files" in refused.value.message_dict["file"][0]

    def test_only_the_team_of_a_draft_attaches_and_removes(self, make_pilot, people):
        pilot = make_pilot()
        attachment = pilot.attachments.get()
        for role in ("resident", "curator", "evaluator", "administrator"):
            with pytest.raises(PermissionDenied):
                services.attachment_add(actor=people[role], pilot=pilot, file=budget())
            with pytest.raises(PermissionDenied):
                services.attachment_remove(actor=people[role], attachment=attachment)
        submitted = make_pilot("submitted")
        with pytest.raises(ValidationError, match="while the proposal is a draft"):
            services.attachment_add(actor=people["member"], pilot=submitted, file=budget())
        with pytest.raises(ValidationError, match="while the proposal is a draft"):
            services.attachment_remove(actor=people["member"], attachment=submitted.attachments.get())

    def test_removing_deletes_the_file_after_the_commit(self, make_pilot, django_capture_on_commit_callbacks):
        pilot = make_pilot()
        attachment = pilot.attachments.get()
        storage, name = attachment.file.storage, attachment.file.name
        with django_capture_on_commit_callbacks(execute=True):
            services.attachment_remove(actor=pilot.created_by, attachment=attachment)
        assert not storage.exists(name)


# --- Downloads: who, and with which headers ------------------------------------------------------


@pytest.mark.parametrize("status", ["draft", "in_review", "running"])
@pytest.mark.parametrize("role", ROLES)
def test_a_file_downloads_for_those_who_see_the_proposal_and_is_404_for_everybody_else(
    client, people, make_pilot, role, status
):
    pilot = make_pilot(status)
    attachment = pilot.attachments.get()
    may = role in TEAM | {"administrator"} if status == "draft" else role in INSIDERS
    response = signed_in(client, people, role).get(f"/en/pilots/{pilot.pk}/attachments/{attachment.pk}/")
    assert response.status_code == (200 if may else 404)
    page = client.get(pilot.get_absolute_url())
    if page.status_code == 200:  # a running pilot is public, its files are not
        assert (f"/attachments/{attachment.pk}/" in page.content.decode()) == may


def test_a_download_says_what_it_is_and_cannot_run_in_the_browser(client, people, make_pilot):
    attachment = make_pilot("in_review").attachments.get()
    client.force_login(people["evaluator"])
    response = client.get(attachment.get_absolute_url())
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="Budget plan.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content) == pdf_bytes()


def test_a_file_of_another_pilot_is_not_found_through_this_one(client, people, make_pilot):
    mine, other = make_pilot("in_review"), make_pilot("in_review")
    client.force_login(people["curator"])
    assert client.get(f"/en/pilots/{mine.pk}/attachments/{other.attachments.get().pk}/").status_code == 404


# --- The pages --------------------------------------------------------------------------------------


def test_the_team_attaches_on_the_draft_and_sees_a_clear_message_for_a_bad_file(client, people, make_pilot):
    pilot = make_pilot(files=0)
    client.force_login(people["member"])
    edit = client.get(f"/en/pilots/{pilot.pk}/edit/").content.decode()
    assert 'enctype="multipart/form-data"' in edit and 'name="file"' in edit

    response = client.post(
        f"/en/pilots/{pilot.pk}/attachments/",
        {"file": upload("notes.jpg", HTML_AS_JPEG), "next": f"/en/pilots/{pilot.pk}/edit/#attachments"},
        follow=True,
    )
    assert "Attach a PDF file or an image." in response.content.decode()
    assert response.redirect_chain[-1][0] == f"/en/pilots/{pilot.pk}/edit/#attachments"

    response = client.post(f"/en/pilots/{pilot.pk}/attachments/", {"file": budget()}, follow=True)
    text = response.content.decode()
    assert "“Budget plan.pdf” was attached." in text
    attachment = pilot.attachments.get()
    assert f'href="/en/pilots/{pilot.pk}/attachments/{attachment.pk}/"' in text

    response = client.post(f"/en/pilots/{pilot.pk}/attachments/{attachment.pk}/remove/", follow=True)
    assert "was removed" in response.content.decode() and not pilot.attachments.exists()


def test_an_empty_form_or_a_too_large_file_is_said_in_words(client, people, make_pilot, settings):
    settings.UPLOAD_ATTACHMENT_MAX_BYTES = 500
    pilot = make_pilot(files=0)
    client.force_login(people["lead"])
    text = client.post(f"/en/pilots/{pilot.pk}/attachments/", {}, follow=True).content.decode()
    assert "Choose a file to attach." in text
    text = client.post(
        f"/en/pilots/{pilot.pk}/attachments/", {"file": budget()}, follow=True
    ).content.decode()
    assert "The file is too large" in text and not pilot.attachments.exists()


def test_others_cannot_attach_to_a_proposal(client, people, make_pilot):
    pilot = make_pilot("in_review", files=0)
    client.force_login(people["curator"])
    assert client.post(f"/en/pilots/{pilot.pk}/attachments/", {"file": budget()}).status_code == 403
    client.force_login(people["resident"])
    assert client.post(f"/en/pilots/{pilot.pk}/attachments/", {"file": budget()}).status_code == 404
    assert not pilot.attachments.exists()


# --- The API ----------------------------------------------------------------------------------------


@pytest.fixture
def api():
    return APIClient(HTTP_ACCEPT_LANGUAGE="en")


@pytest.mark.parametrize("role", ROLES)
def test_the_api_lists_and_downloads_for_insiders_only(api, people, make_pilot, role):
    pilot = make_pilot("running")
    attachment = pilot.attachments.get()
    if people[role] is not None:
        api.force_authenticate(people[role])
    may = role in INSIDERS
    detail = api.get(f"/api/v1/pilots/{pilot.pk}/").json()
    listed = api.get(f"/api/v1/pilots/{pilot.pk}/attachments/")
    download = api.get(
        f"/api/v1/pilots/{pilot.pk}/attachments/{attachment.pk}/", HTTP_ACCEPT="application/pdf"
    )
    if may:
        assert [item["name"] for item in detail["attachments"]] == ["Budget plan.pdf"]
        assert listed.json() == detail["attachments"]
        assert listed.json()[0]["download"].endswith(
            f"/api/v1/pilots/{pilot.pk}/attachments/{attachment.pk}/"
        )
        assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
        assert download["Content-Disposition"].startswith("attachment;")
    else:
        assert detail["attachments"] is None
        assert listed.status_code == download.status_code == (401 if role == "visitor" else 404)
        assert download["Content-Type"] == "application/json"


def test_the_team_uploads_and_removes_through_the_api(api, people, make_pilot):
    pilot = make_pilot(files=0)
    api.force_authenticate(people["member"])
    response = api.post(f"/api/v1/pilots/{pilot.pk}/attachments/", {"file": budget()}, format="multipart")
    assert response.status_code == 201, response.json()
    assert {key: response.json()[key] for key in ("name", "type")} == {
        "name": "Budget plan.pdf",
        "type": "application/pdf",
    }
    bad = api.post(
        f"/api/v1/pilots/{pilot.pk}/attachments/", {"file": upload("x.pdf", PHP_AS_JPEG)}, format="multipart"
    )
    assert bad.status_code == 400 and "file" in bad.json()["fields"]
    attachment = pilot.attachments.get()
    assert api.delete(f"/api/v1/pilots/{pilot.pk}/attachments/{attachment.pk}/").status_code == 204
    assert not pilot.attachments.exists()


def test_an_insider_who_is_not_on_the_team_cannot_upload_through_the_api(api, people, make_pilot):
    pilot = make_pilot("in_review", files=0)
    api.force_authenticate(people["curator"])
    response = api.post(f"/api/v1/pilots/{pilot.pk}/attachments/", {"file": budget()}, format="multipart")
    assert response.status_code == 403


# --- A person's data ----------------------------------------------------------------------------------


def test_the_data_download_lists_the_files_you_attached(make_pilot, people):
    pilot = make_pilot()
    [item] = privacy.collect(people["lead"])["pilots"]["attachments_uploaded"]
    assert item["pilot"] == pilot.title and item["name"] == "Budget plan.pdf"
    assert item["download"].endswith(pilot.attachments.get().get_absolute_url())
    assert privacy.collect(people["member"])["pilots"]["attachments_uploaded"] == []
