"""An organization's logo: set, replaced and removed by its administrators on the page and in the
API, re-encoded without metadata, shown on the organization's page."""

import re

import pytest
from django.core.files.storage import default_storage
from rest_framework.test import APIClient

from accounts import services
from accounts.models import Organization
from tests.portal.files import CAMERA, HTML_AS_JPEG, image_bytes, jpeg_with_gps, upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _files(media_root):
    return media_root


def logo(name="logo.png"):
    return upload(
        name, image_bytes("PNG", size=(300, 120), mode="RGBA", color=(0, 110, 100, 255)), "image/png"
    )


def test_registering_with_a_logo(client, resident):
    client.force_login(resident)
    form = client.get("/en/organizations/new/").content.decode()
    assert 'enctype="multipart/form-data"' in form and 'name="logo"' in form
    response = client.post(
        "/en/organizations/new/",
        {"name": "Kivenlahti Makers", "kind": "community", "logo": upload("me.jpg", jpeg_with_gps())},
    )
    assert response.status_code == 302
    organization = Organization.objects.get(name="Kivenlahti Makers")
    assert re.fullmatch(r"organizations/[0-9a-f]{32}\.jpg", organization.logo.name)
    with default_storage.open(organization.logo.name) as handle:
        assert CAMERA.encode() not in handle.read()
    page = client.get(organization.get_absolute_url()).content.decode()
    assert f'<img class="organization-logo" src="/media/{organization.logo.name}" alt=""' in page


def test_a_bad_logo_is_a_message_on_the_form_with_the_other_mistakes(client, resident):
    client.force_login(resident)
    response = client.post(
        "/en/organizations/new/",
        {"name": "Makers", "kind": "community", "business_id": "123", "logo": upload("x.png", HTML_AS_JPEG)},
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "The file is not an image." in text and "business ID" in text
    assert not Organization.objects.filter(name="Makers").exists()


def test_replacing_and_removing_the_logo_on_the_edit_page(
    client, organization, org_admin, django_capture_on_commit_callbacks
):
    services.organization_update(actor=org_admin, organization=organization, logo=logo())
    first = organization.logo.name
    client.force_login(org_admin)
    edit = f"/en/organizations/{organization.slug}/edit/"
    data = {"name": organization.name, "kind": organization.kind}
    assert 'name="remove_logo"' in client.get(edit).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(edit, {**data, "logo": logo()}).status_code == 302
    organization.refresh_from_db()
    assert organization.logo.name != first and not default_storage.exists(first)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(edit, {**data, "remove_logo": "on"}).status_code == 302
    organization.refresh_from_db()
    assert not organization.logo and organization.logo_width is None


def test_the_api_sets_and_removes_the_logo_for_administrators_only(organization, org_admin, org_member):
    api = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    address = f"/api/v1/organizations/{organization.pk}/logo/"
    assert api.put(address, {"logo": logo()}, format="multipart").status_code == 401
    api.force_authenticate(org_member)
    assert api.put(address, {"logo": logo()}, format="multipart").status_code == 403
    api.force_authenticate(org_admin)
    bad = api.put(address, {"logo": upload("x.png", HTML_AS_JPEG)}, format="multipart")
    assert bad.status_code == 400 and "logo" in bad.json()["fields"]
    response = api.put(address, {"logo": logo()}, format="multipart")
    assert response.status_code == 200
    assert response.json()["logo"]["url"].startswith("http://testserver/media/organizations/")
    assert (response.json()["logo"]["width"], response.json()["logo"]["height"]) == (300, 120)
    assert api.get(f"/api/v1/organizations/{organization.pk}/").json()["logo"] == response.json()["logo"]
    assert api.delete(address).json()["logo"] is None
