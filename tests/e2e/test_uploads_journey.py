"""Uploads in a real browser: a resident proposes an idea with a phone photo and a description, and
the idea's page shows the cleaned picture; a team attaches a PDF to its draft and an evaluator
downloads it once the proposal is in."""

import io

import pytest
from PIL import Image

from challenges.models import Phase
from ideas.models import Idea
from pilots.models import Pilot
from tests.accounts.factories import UserFactory
from tests.challenges.factories import ChallengeFactory, EvaluatorAppointmentFactory
from tests.e2e.conftest import check_accessibility
from tests.pilots.factories import PilotFactory
from tests.portal.files import CAMERA, jpeg_with_gps, pdf_bytes

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reference_data")]


def log_in(page, user):
    page.goto(f"{page.base_url}/en/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.locator("#id_password").fill("a-good-password-42")
    page.locator("main").get_by_role("button", name="Sign In").click()
    page.get_by_role("link", name=user.display_name).wait_for()


def test_an_idea_with_a_photo(page, media_root):
    photo = media_root / "IMG_0042.jpg"
    photo.write_bytes(jpeg_with_gps(size=(800, 600), orientation=6))
    log_in(page, UserFactory(name="Aino Virtanen"))

    page.goto(f"{page.base_url}/en/ideas/new/")
    page.get_by_label("Title").fill("Shade sails for the Tapiola playground")
    page.get_by_label("Description").fill("The playground is in full sun all afternoon.")
    page.get_by_label("Image file").set_input_files(str(photo))
    page.get_by_role("button", name="Publish the idea").click()
    # The description is required with an image: said on the form, the rest of it kept.
    page.get_by_text("Describe the image in a few words").first.wait_for()
    check_accessibility(page, "idea-form-image-error")
    page.get_by_label("Image file").set_input_files(str(photo))
    page.get_by_label("What the image shows").fill("A playground with a slide, in bright sun.")
    page.get_by_role("button", name="Publish the idea").click()
    page.get_by_role("heading", name="Shade sails for the Tapiola playground").wait_for()

    image = page.get_by_role("img", name="A playground with a slide, in bright sun.")
    image.wait_for()
    assert page.evaluate("(img) => img.complete && img.naturalWidth", image.element_handle()) == 600
    check_accessibility(page, "idea-page-image")

    idea = Idea.objects.get()
    served = page.request.get(f"{page.base_url}{idea.image.url}")
    assert served.status == 200 and served.headers["content-type"] == "image/jpeg"
    assert CAMERA.encode() not in served.body()
    assert Image.open(io.BytesIO(served.body())).size == (600, 800)  # upright


def test_a_proposal_attachment(page, browser, media_root, official):
    evaluator = UserFactory(name="Jussi Mäkelä", is_official=True)
    challenge = ChallengeFactory(phase=Phase.PROPOSALS, curators=[official])
    EvaluatorAppointmentFactory(challenge=challenge, evaluator=evaluator)
    lead = UserFactory(name="Mikael Lindqvist")
    pilot = PilotFactory(challenge=challenge, created_by=lead, title="Shared commuting routes")
    plan = media_root / "Project plan.pdf"
    plan.write_bytes(pdf_bytes())
    sent = plan.read_bytes()

    log_in(page, lead)
    page.goto(f"{page.base_url}/en/pilots/{pilot.pk}/edit/")
    page.get_by_label("File to attach").set_input_files(str(plan))
    page.get_by_role("button", name="Attach the file").click()
    page.get_by_text("“Project plan.pdf” was attached.").wait_for()
    check_accessibility(page, "pilot-attachments")
    page.goto(f"{page.base_url}/en/pilots/{pilot.pk}/")
    page.get_by_role("button", name="Submit the proposal").click()
    page.get_by_text("Your proposal was submitted").wait_for()
    assert Pilot.objects.get().status == Pilot.Status.SUBMITTED

    other = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB").new_page()
    other.base_url = page.base_url
    log_in(other, evaluator)
    other.goto(f"{other.base_url}/en/pilots/{pilot.pk}/")
    with other.expect_download() as download:
        other.get_by_role("link", name="Project plan.pdf").click()
    assert download.value.suggested_filename == "Project plan.pdf"
    with open(download.value.path(), "rb") as handle:
        assert handle.read() == sent
    other.context.close()
