"""An idea's image: proposed with the idea or added while it can be edited, always described,
removable by its authors at any time, on the page, in the API, and in a person's data."""

import io
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from PIL import Image
from rest_framework.test import APIClient

from engagement import services as engagement
from ideas import services
from ideas.models import Idea
from privacy import services as privacy
from tests.accounts.factories import UserFactory
from tests.ideas.factories import IdeaCoauthorFactory, IdeaFactory
from tests.portal.files import CAMERA, HTML_AS_JPEG, image_bytes, jpeg_with_gps, noise_png, photo, upload

pytestmark = pytest.mark.django_db

STORED_NAME = re.compile(r"^ideas/[0-9a-f]{32}\.jpg$")


@pytest.fixture(autouse=True)
def _files(media_root):
    return media_root


def _with_image(author=None, alt="Benches along the shore path at sunset.") -> Idea:
    idea = IdeaFactory(**({"author": author} if author else {}))
    return services.idea_set_image(actor=idea.author, idea=idea, image=photo(), image_alt=alt)


def _stored_bytes(idea: Idea) -> bytes:
    with default_storage.open(idea.image.name) as handle:
        return handle.read()


class TestServices:
    def test_proposing_with_an_image_stores_it_re_encoded_under_a_random_name(self, resident):
        idea = services.idea_create(
            actor=resident,
            title="Benches by the shore",
            body="More benches.",
            image=photo("../../home/aino/IMG_0001.jpg"),
            image_alt="A wooden bench by the sea.",
        )
        assert STORED_NAME.match(idea.image.name)
        assert (idea.image_width, idea.image_height) == (400, 200)
        stored = _stored_bytes(idea)
        assert CAMERA.encode() not in stored and b"Exif" not in stored
        assert not Image.open(io.BytesIO(stored)).getexif()

    def test_an_image_needs_a_description_and_every_mistake_is_said_at_once(self, resident):
        with pytest.raises(ValidationError) as refused:
            services.idea_create(actor=resident, title="", body="Text.", image=photo(), image_alt="  ")
        assert set(refused.value.message_dict) == {"title", "image_alt"}
        assert not Idea.objects.exists()

    def test_a_file_that_is_not_an_image_is_refused_and_nothing_is_saved(self, resident):
        with pytest.raises(ValidationError) as refused:
            services.idea_create(
                actor=resident, title="T", body="B", image=upload("cat.jpg", HTML_AS_JPEG), image_alt="A cat."
            )
        assert "not an image" in refused.value.message_dict["image"][0]
        assert not Idea.objects.exists()
        assert not default_storage.exists("ideas") or not default_storage.listdir("ideas")[1]

    def test_the_database_refuses_an_image_without_a_description(self, resident):
        idea = _with_image()
        with pytest.raises(Exception, match="idea_image_has_description"):
            Idea.objects.filter(pk=idea.pk).update(image_alt="")

    def test_a_new_image_replaces_the_old_file_after_the_commit(self, django_capture_on_commit_callbacks):
        idea = _with_image()
        old = idea.image.name
        with django_capture_on_commit_callbacks(execute=True):
            idea = services.idea_set_image(
                actor=idea.author,
                idea=idea,
                image=upload("new.png", image_bytes("PNG"), "image/png"),
                image_alt=None,
            )
        assert idea.image.name != old and idea.image.name.endswith(".png")
        assert idea.image_alt == "Benches along the shore path at sunset."  # kept
        assert not default_storage.exists(old) and default_storage.exists(idea.image.name)

    def test_editing_the_text_can_change_the_description_or_remove_the_image(
        self, django_capture_on_commit_callbacks
    ):
        idea = _with_image()
        common = {"title": idea.title, "body": idea.body, "language": "en"}
        idea = services.idea_edit(actor=idea.author, idea=idea, image_alt="A new description.", **common)
        assert idea.image and idea.image_alt == "A new description."
        name = idea.image.name
        with django_capture_on_commit_callbacks(execute=True):
            idea = services.idea_edit(actor=idea.author, idea=idea, remove_image=True, **common)
        assert not idea.image and idea.image_alt == "" and idea.image_width is None
        assert not default_storage.exists(name)

    def test_after_votes_the_image_stays_but_its_authors_can_still_remove_it(self, resident):
        idea = _with_image()
        engagement.vote_cast(actor=resident, target=idea)
        with pytest.raises(ValidationError) as refused:
            services.idea_set_image(actor=idea.author, idea=idea, image=photo(), image_alt="Other.")
        assert refused.value.code == "idea_locked"
        idea = services.idea_remove_image(actor=idea.author, idea=idea)
        assert not idea.image

    def test_only_authors_change_the_image(self, resident):
        idea = _with_image()
        coauthor = IdeaCoauthorFactory(idea=idea).user
        for outsider in (resident, UserFactory(is_official=True)):
            with pytest.raises(PermissionDenied):
                services.idea_set_image(actor=outsider, idea=idea, image=photo(), image_alt="Mine.")
            with pytest.raises(PermissionDenied):
                services.idea_remove_image(actor=outsider, idea=idea)
        assert not services.idea_remove_image(actor=coauthor, idea=idea).image


class TestPages:
    def test_propose_with_an_image_from_the_form(self, client, resident):
        client.force_login(resident)
        form = client.get("/en/ideas/new/").content.decode()
        assert 'enctype="multipart/form-data"' in form and 'accept="image/jpeg,' in form
        response = client.post(
            "/en/ideas/new/",
            {
                "title": "Shade for the playground",
                "body": "Trees or sails.",
                "language": "en",
                "image": photo("<script>alert(1)</script>.jpg"),
                "image_alt": "A sunny playground without shade.",
            },
        )
        idea = Idea.objects.get()
        assert response.status_code == 302 and STORED_NAME.match(idea.image.name)

        page = client.get(idea.get_absolute_url()).content.decode()
        assert (
            f'<img src="/media/{idea.image.name}" alt="A sunny playground without shade." '
            'width="400" height="200"' in page
        )
        assert "<script>alert(1)" not in page
        assert client.get(f"/media/{idea.image.name}")["Content-Type"] == "image/jpeg"

    @pytest.mark.parametrize(
        ("image", "message"),
        [
            (upload("cat.jpg", HTML_AS_JPEG), "The file is not an image."),
            (upload("cat.php.jpg", b"<?php echo 1; ?>"), "The file is not an image."),
            (upload("huge.png", noise_png(200), "image/png"), "The file is too large"),
        ],
        ids=["html", "php", "too-large"],
    )
    def test_a_bad_file_is_a_clear_message_on_the_form_and_nothing_is_saved(
        self, client, resident, settings, image, message
    ):
        settings.UPLOAD_IMAGE_MAX_BYTES = 50_000
        client.force_login(resident)
        response = client.post(
            "/en/ideas/new/",
            {"title": "Shade", "body": "Trees.", "language": "en", "image": image, "image_alt": "Shade."},
        )
        assert response.status_code == 400
        assert message in response.content.decode()
        assert "choose it again" in response.content.decode()
        assert not Idea.objects.exists()

    def test_the_description_is_asked_for_in_finnish_too(self, client, resident):
        client.force_login(resident)
        response = client.post(
            "/fi/ideas/new/", {"title": "Varjoa", "body": "Puita.", "language": "fi", "image": photo()}
        )
        assert response.status_code == 400
        assert "Kuvaile kuva" in response.content.decode()

    def test_edit_page_shows_the_current_image_and_removes_it(
        self, client, django_capture_on_commit_callbacks
    ):
        idea = _with_image()
        client.force_login(idea.author)
        form = client.get(f"/en/ideas/{idea.pk}/edit/").content.decode()
        assert f'src="/media/{idea.image.name}"' in form and 'name="remove_image"' in form
        data = {"title": idea.title, "body": idea.body, "language": "en", "image_alt": idea.image_alt}
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(f"/en/ideas/{idea.pk}/edit/", {**data, "remove_image": "on"})
        assert response.status_code == 302
        idea.refresh_from_db()
        assert not idea.image

    def test_the_remove_button_on_the_idea_page_is_for_its_authors(self, client, resident):
        idea = _with_image()
        client.force_login(resident)
        assert "Remove the image" not in client.get(idea.get_absolute_url()).content.decode()
        assert client.post(f"/en/ideas/{idea.pk}/image/remove/").status_code == 403
        client.force_login(idea.author)
        assert "Remove the image" in client.get(idea.get_absolute_url()).content.decode()
        assert client.post(f"/en/ideas/{idea.pk}/image/remove/").status_code == 302
        idea.refresh_from_db()
        assert not idea.image


class TestAPI:
    @pytest.fixture
    def api(self):
        return APIClient(HTTP_ACCEPT_LANGUAGE="en")

    def test_an_author_uploads_an_image_as_multipart_and_reads_its_address(self, api):
        idea = IdeaFactory()
        api.force_authenticate(idea.author)
        response = api.put(
            f"/api/v1/ideas/{idea.pk}/image/",
            {"image": photo(), "alt": "A bench by the sea."},
            format="multipart",
        )
        assert response.status_code == 200, response.json()
        image = response.json()["image"]
        assert re.fullmatch(r"http://testserver/media/ideas/[0-9a-f]{32}\.jpg", image["url"])
        assert (image["alt"], image["width"], image["height"]) == ("A bench by the sea.", 400, 200)
        listed = api.get("/api/v1/ideas/").json()["results"][0]
        assert listed["image"] == image

        assert api.delete(f"/api/v1/ideas/{idea.pk}/image/").json()["image"] is None

    @pytest.mark.parametrize(
        ("payload", "field"),
        [
            ({"image": "not a file", "alt": "x"}, "image"),
            ({"image": upload("x.jpg", HTML_AS_JPEG), "alt": "x"}, "image"),
            ({"image": upload("x.jpg", jpeg_with_gps())}, "image_alt"),
            ({"alt": "Only a description, and no image yet."}, "image"),
            ({"image": upload("x.jpg", jpeg_with_gps()), "alt": "x", "colour": "red"}, "colour"),
        ],
        ids=["text", "html", "no-description", "no-image", "unknown-field"],
    )
    def test_bad_uploads_are_400_with_the_field_named(self, api, payload, field):
        idea = IdeaFactory()
        api.force_authenticate(idea.author)
        response = api.put(f"/api/v1/ideas/{idea.pk}/image/", payload, format="multipart")
        assert response.status_code == 400
        assert field in response.json()["fields"]
        idea.refresh_from_db()
        assert not idea.image

    def test_others_may_not_change_it(self, api, resident):
        idea = IdeaFactory()
        assert api.put(f"/api/v1/ideas/{idea.pk}/image/", {"image": photo()}).status_code == 401
        api.force_authenticate(resident)
        assert api.put(f"/api/v1/ideas/{idea.pk}/image/", {"image": photo()}).status_code == 403
        assert api.delete(f"/api/v1/ideas/{idea.pk}/image/").status_code == 403


class TestPrivacy:
    def test_the_data_download_lists_the_images_of_your_ideas(self):
        idea = _with_image()
        data = privacy.collect(idea.author)
        assert data["ideas"]["idea_images"] == [
            {
                "idea": idea.pk,
                "title": idea.title,
                "image": f"http://testserver/media/{idea.image.name}",
                "description": idea.image_alt,
                "width": 400,
                "height": 200,
            }
        ]

    @pytest.mark.parametrize("remove_contributions", [False, True])
    def test_deleting_the_account_removes_the_images_whether_or_not_the_ideas_stay(
        self, remove_contributions, django_capture_on_commit_callbacks
    ):
        author = UserFactory()
        author.set_password("a-good-password-42")
        author.save()
        idea = _with_image(author=author)
        other = _with_image()
        name = idea.image.name
        with django_capture_on_commit_callbacks(execute=True):
            privacy.account_delete(
                actor=author, password="a-good-password-42", remove_contributions=remove_contributions
            )
        assert not default_storage.exists(name)
        if remove_contributions:  # nobody else took part in it: deleted (see ideas.privacy)
            assert not Idea.objects.filter(pk=idea.pk).exists()
        else:
            idea.refresh_from_db()
            assert not idea.image
        other.refresh_from_db()
        assert other.image and default_storage.exists(other.image.name)
