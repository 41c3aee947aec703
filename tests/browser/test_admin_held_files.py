"""A refused save of a home in the admin keeps the chosen photo: staff correct the error and
save again without choosing it, and the photo is on the home (issue 21 item 19)."""

import io

import pytest
from PIL import Image

from klushuis.uploads.models import HeldUpload
from tests.browser.conftest import staff_login
from tests.factories import PASSWORD, PropertyFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def jpeg():
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), (150, 80, 60)).save(buffer, "JPEG")
    return buffer.getvalue()


def test_a_refused_home_save_keeps_the_photo_for_the_corrected_save(
    live_server, page, municipal_staff, municipality, screenshot
):
    home = PropertyFactory(municipality=municipality, reference="HVS-2026-019")
    staff_login(page, live_server.url, municipal_staff, PASSWORD)
    page.goto(f"{live_server.url}/beheer/properties/property/{home.pk}/change/")
    page.locator("#photos-group .add-row a").click()
    page.set_input_files(
        "#id_photos-0-image",
        files=[{"name": "voorgevel.jpg", "mimeType": "image/jpeg", "buffer": jpeg()}],
    )
    page.fill("#id_photos-0-alt_text", "Voorgevel met erker")
    page.fill("#id_title", "")  # the mistake
    page.locator("input[name=_save]").click()
    page.wait_for_load_state()
    screenshot("admin-home-refused-photo-held")

    assert page.locator(".errornote").is_visible()
    held = page.locator("#photos-0 .held-upload")
    assert "Geüpload, nog niet opgeslagen:" in held.inner_text()
    assert held.get_by_role("link", name="voorgevel.jpg").is_visible()
    assert not home.photos.exists()

    page.fill("#id_title", "Hoekwoning met tuin")  # corrected; the photo is not chosen again
    page.locator("input[name=_save]").click()
    page.wait_for_load_state()
    screenshot("admin-home-saved-with-held-photo")

    assert page.locator(".messagelist .success").is_visible()
    photo = home.photos.get()
    assert photo.alt_text == "Voorgevel met erker"
    assert photo.image.read() == jpeg()
    assert not HeldUpload.objects.exists()
    page.goto(f"{live_server.url}/beheer/properties/property/{home.pk}/change/")
    assert page.locator("#photos-0 .field-preview img").count() == 1
    screenshot("admin-home-photo-on-the-home")
    assert page.console_errors == []
